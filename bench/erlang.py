"""Benchmark: vectorized Erlang B against a plain Python loop and mpmath, measured in one run.

Usage: ``python bench/erlang.py [--pairs 2000000] [--max-trunks 100] [--seed 0]``

Prints evaluations per second of ``erlang_b`` over random (N <= max-trunks, A) pairs, of the
textbook per-value Python recursion over a sample, and of the mpmath reference (30 digits) over a
smaller sample (best of 3 runs, mpmath once), with the ratios and the worst relative error against mpmath on that sample.
Also times the vectorized ``trunks`` (loads -> trunks needed at GoS .001) on the same loads.
"""

from __future__ import annotations

import argparse
import time

import mpmath
import numpy as np

from meetpoint.teletraffic import erlang_b, trunks


def python_loop(n: int, a: float) -> float:
    """The baseline: B(n) = A B(n-1) / (n + A B(n-1)), one value at a time."""
    b = 1.0
    for k in range(1, n + 1):
        b = a * b / (k + a * b)
    return b


def mpmath_ref(n: int, a: float) -> mpmath.mpf:
    with mpmath.workdps(30):
        x, r = mpmath.mpf(a), mpmath.mpf(1)
        for k in range(1, n + 1):
            r = 1 + k / x * r
        return 1 / r


def rate(count: int, seconds: float) -> float:
    return count / seconds if seconds > 0 else float("inf")


def timed(fn, *args, repeat: int = 1):  # type: ignore[no-untyped-def]
    """Result and best wall time of ``repeat`` runs."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn(*args)
        best = min(best, time.perf_counter() - t0)
    return out, best


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--pairs", type=int, default=2_000_000)
    p.add_argument("--max-trunks", type=int, default=100)
    p.add_argument("--loop-sample", type=int, default=20_000)
    p.add_argument("--mpmath-sample", type=int, default=500)
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args()

    rng = np.random.default_rng(args.seed)
    n = rng.integers(1, args.max_trunks + 1, args.pairs)
    a = rng.uniform(0.0, float(args.max_trunks), args.pairs)

    erlang_b(n[:1000], a[:1000])  # warm up
    b, t_vec = timed(erlang_b, n, a, repeat=3)
    vec = rate(args.pairs, t_vec)

    k = min(args.loop_sample, args.pairs)
    pairs = list(zip(n[:k].tolist(), a[:k].tolist()))
    _, t_loop = timed(lambda: [python_loop(x, y) for x, y in pairs], repeat=3)
    loop = rate(k, t_loop)

    m = min(args.mpmath_sample, args.pairs)
    refs, t_mp = timed(lambda: [mpmath_ref(x, y) for x, y in pairs[:m]])
    mp_rate = rate(m, t_mp)
    worst = max(
        (abs(mpmath.mpf(float(b[i])) - r) / r for i, r in enumerate(refs) if r > 1e-300),
        default=0.0,
    )

    needed, t_tr = timed(trunks, a, 0.001, repeat=3)

    print(f"Erlang B, {args.pairs:,} pairs, N in 1..{args.max_trunks}, A in [0, {args.max_trunks}]")
    print(f"  vectorized erlang_b : {vec:>14,.0f} evals/s  ({t_vec:.3f} s)")
    print(f"  Python loop         : {loop:>14,.0f} evals/s  (sample of {k:,})")
    print(f"  mpmath 30 digits    : {mp_rate:>14,.0f} evals/s  (sample of {m:,})")
    print(f"  ratio vs Python loop: {vec / loop:>10.1f}x")
    print(f"  ratio vs mpmath     : {vec / mp_rate:>10.1f}x")
    print(f"  worst relative error vs mpmath on the sample: {mpmath.nstr(worst, 3)}")
    print(f"  vectorized trunks(A, .001): {rate(args.pairs, t_tr):,.0f} loads/s "
          f"({t_tr:.3f} s, max {int(needed.max())} trunks)")
    print(f"  meets 1e6 evals/s target: {'yes' if vec >= 1e6 else 'NO'}")


if __name__ == "__main__":
    main()
