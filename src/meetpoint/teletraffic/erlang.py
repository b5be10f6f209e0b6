"""Erlang B: blocking, trunks needed and capacity, exact to double precision and vectorized.

The interconnection agreements test whether traffic between two single switches "reaches a DS1
level" by asking whether "the number of trunks necessary to achieve a .001 Grade of Service based
upon application of the Erlang B table is equal to or exceeds 24", the offered load being the
average busy-hour CCS (Socket/Spectra Interim Arrangement §5; CenturyTel Amendment §3). This module
is the "Erlang B table": :func:`erlang_b` gives the blocking ``B(N, A)`` of ``N`` trunks offered
``A`` Erlangs, :func:`trunks` the least ``N`` with ``B(N, A) <= gos`` and :func:`capacity` the
largest ``A`` with ``B(N, A) <= gos``. Convert CCS with :mod:`meetpoint.teletraffic.units`.

Method
------
``B(N, A) = (A**N / N!) / sum(A**k / k! for k in 0..N)``, computed through its reciprocal with the
upward recurrence ``R(0) = 1``, ``R(n) = 1 + (n / A) * R(n - 1)``, ``B = 1 / R(N)``. Every term is
positive, so each step adds at most a few roundings and never cancels: the relative error stays
below 1e-12 for ``N`` and ``A`` up to 10,000 (checked against mpmath in the tests). The arithmetic
is the same, operation for operation, in the scalar and the vectorized paths, so both give
bit-identical results and :func:`trunks` agrees exactly with :func:`erlang_b`.

Conventions
-----------
* ``B(0, A) = 1`` for every ``A`` (no trunk blocks every call), ``B(N, 0) = 0`` for ``N >= 1``;
  hence ``trunks(0, gos) == 1``.
* When ``B`` is below ``1 / DBL_MAX`` (about 5.6e-309, under the smallest normal double) ``R``
  overflows and ``B`` is returned as ``0.0``; between that and 2.2e-308 it is a subnormal with
  reduced precision. Neither matters for any grade of service.
* ``N`` must be a whole number ``>= 0``; ``A`` finite and ``>= 0``; ``gos`` in ``(0, 1)``.
  Anything else raises :class:`ValueError`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["erlang_b", "trunks", "capacity"]

_SCALAR_LIMIT = 8  # at or below this many values, a Python loop beats numpy's per-call overhead
_CHUNK = 16_384  # values per block in the vectorized recurrence: keeps each block in L2 cache


# --------------------------------------------------------------------------- validation


def _as_trunks(n: Any) -> np.ndarray:
    arr = np.asarray(n)
    if arr.dtype.kind not in "iuf" and arr.dtype != bool:
        raise ValueError(f"trunks must be whole numbers, got dtype {arr.dtype}")
    if arr.dtype.kind == "f":
        if not np.all(np.isfinite(arr)) or np.any(arr != np.floor(arr)):
            raise ValueError("trunks must be whole numbers")
    if np.any(arr < 0):
        raise ValueError("trunks must be >= 0")
    return arr.astype(np.int64)


def _as_erlangs(a: Any) -> np.ndarray:
    arr = np.asarray(a, dtype=np.float64)
    if not np.all(np.isfinite(arr)) or np.any(arr < 0):
        raise ValueError("offered load (Erlangs) must be finite and >= 0")
    return arr


def _as_gos(gos: Any) -> np.ndarray:
    arr = np.asarray(gos, dtype=np.float64)
    if not np.all((arr > 0) & (arr < 1)):
        raise ValueError("grade of service must be strictly between 0 and 1")
    return arr


def _out(arr: np.ndarray, scalar: bool) -> Any:
    """Return a Python scalar for scalar input, an array otherwise."""
    return arr.item() if scalar else arr


# --------------------------------------------------------------------------- the recurrence


def _recip_scalar(n: int, a: float) -> float:
    """``1 / B(n, a)`` by the upward recurrence, one value, pure Python floats."""
    if n == 0:
        return 1.0
    if a == 0.0:
        return float("inf")
    r = 1.0
    for k in range(1, n + 1):
        r = r / a * k + 1.0
        if r == float("inf"):
            break
    return r


def _recip_block(n: np.ndarray, a: np.ndarray) -> np.ndarray:
    """``1 / B`` for one block whose ``n`` is sorted ascending (updated in place, by suffix)."""
    r = np.ones(n.shape, dtype=np.float64)
    if n.size == 0 or n[-1] == 0:
        return r
    starts = np.searchsorted(n, np.arange(1, int(n[-1]) + 1), side="left")
    for k, s in enumerate(starts.tolist(), start=1):
        seg = r[s:]  # entries with n >= k; those with n < k are already final
        np.divide(seg, a[s:], out=seg)
        np.multiply(seg, k, out=seg)
        np.add(seg, 1.0, out=seg)
    return r


def _recip(n: np.ndarray, a: np.ndarray) -> np.ndarray:
    """``1 / B(n, a)`` elementwise for flat, validated, equal-length arrays."""
    if n.size <= _SCALAR_LIMIT:
        return np.array([_recip_scalar(int(k), float(x)) for k, x in zip(n, a)], dtype=np.float64)
    order = np.argsort(n, kind="stable")
    ns, as_ = n[order], a[order]
    r = np.empty(n.shape, dtype=np.float64)
    with np.errstate(over="ignore", divide="ignore"):
        for lo in range(0, n.size, _CHUNK):
            r[lo : lo + _CHUNK] = _recip_block(ns[lo : lo + _CHUNK], as_[lo : lo + _CHUNK])
    out = np.empty_like(r)
    out[order] = r
    return out


# --------------------------------------------------------------------------- public API


def erlang_b(n: Any, a: Any) -> Any:
    """Erlang B blocking probability of ``n`` trunks offered ``a`` Erlangs.

    Parameters
    ----------
    n : int or array_like of int
        Number of trunks (servers), ``>= 0``.
    a : float or array_like of float
        Offered load in Erlangs, finite and ``>= 0``. Broadcast against ``n``.

    Returns
    -------
    float or numpy.ndarray
        ``B(n, a)`` in ``[0, 1]``; a Python float when both inputs are scalars. Values below
        about 5.6e-309 are returned as ``0.0`` (see the module docstring).

    Raises
    ------
    ValueError
        If ``n`` is negative or not whole, or ``a`` is negative or not finite.

    Examples
    --------
    >>> round(erlang_b(1, 1.0), 12)
    0.5
    >>> round(erlang_b(24, 12.0), 6)
    0.000788
    >>> erlang_b([0, 1, 2], 0.0).tolist()
    [1.0, 0.0, 0.0]
    """
    scalar = np.ndim(n) == 0 and np.ndim(a) == 0
    nn, aa = np.broadcast_arrays(_as_trunks(n), _as_erlangs(a))
    with np.errstate(divide="ignore"):
        b = 1.0 / _recip(nn.ravel(), aa.ravel())
    return _out(b.reshape(nn.shape), scalar)


def _trunks_scalar(a: float, gos: float) -> int:
    r, k = 1.0, 0
    while 1.0 / r > gos:
        k += 1
        r = float("inf") if a == 0.0 else r / a * k + 1.0
    return k


def _trunks_vector(a: np.ndarray, gos: np.ndarray) -> np.ndarray:
    """Least ``n`` with ``B(n, a) <= gos``: run the recurrence, retire entries as they pass."""
    result = np.zeros(a.shape, dtype=np.int64)
    idx = np.arange(a.size)
    r = np.ones(a.size, dtype=np.float64)
    aa, gg = a.copy(), gos.copy()
    k = 0
    with np.errstate(over="ignore", divide="ignore"):
        while idx.size:
            k += 1
            np.divide(r, aa, out=r)
            np.multiply(r, k, out=r)
            np.add(r, 1.0, out=r)
            done = 1.0 / r <= gg
            if done.any():
                result[idx[done]] = k
                keep = ~done
                idx, r, aa, gg = idx[keep], r[keep], aa[keep], gg[keep]
    return result


def trunks(a: Any, gos: Any) -> Any:
    """Least number of trunks ``N`` with ``B(N, a) <= gos`` (the boundary counts as met).

    This is the figure the DS1-level test compares with 24 (Interim Arrangement §5).

    Parameters
    ----------
    a : float or array_like of float
        Offered load in Erlangs, finite and ``>= 0``.
    gos : float or array_like of float
        Grade of service (target blocking), strictly between 0 and 1. Broadcast against ``a``.

    Returns
    -------
    int or numpy.ndarray of int64
        Trunks needed; ``trunks(0, gos) == 1`` because ``B(0, A) = 1`` by convention.

    Raises
    ------
    ValueError
        If ``a`` is negative or not finite, or ``gos`` is not in ``(0, 1)``.

    Examples
    --------
    >>> trunks(12.0, 0.001)
    24
    >>> trunks([1.0, 12.0, 100.0], 0.01).tolist()
    [5, 20, 117]
    """
    scalar = np.ndim(a) == 0 and np.ndim(gos) == 0
    aa, gg = np.broadcast_arrays(_as_erlangs(a), _as_gos(gos))
    flat_a, flat_g = aa.ravel(), gg.ravel()
    if flat_a.size <= _SCALAR_LIMIT:
        res = np.array([_trunks_scalar(float(x), float(g)) for x, g in zip(flat_a, flat_g)],
                       dtype=np.int64)
    else:
        res = _trunks_vector(flat_a, flat_g)
    return _out(res.reshape(aa.shape), scalar)


# --------------------------------------------------------------------------- capacity


def _bits(x: np.ndarray) -> np.ndarray:
    return x.view(np.int64)


def _from_bits(i: np.ndarray) -> np.ndarray:
    return i.view(np.float64)


def _capacity_bracket(n: np.ndarray, gos: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Loads with ``B <= gos`` (``lo``) and ``B > gos`` (``hi``), from two textbook bounds.

    ``B <= A**N / N!`` gives ``lo = (gos * N!) ** (1 / N)``; carried traffic ``A (1 - B) <= N``
    gives ``B >= 1 - N / A``, so ``hi = 2 N / (1 - gos)`` has ``B >= (1 + gos) / 2 > gos``.
    """
    from math import lgamma

    lg = np.array([lgamma(k + 1.0) for k in n.tolist()], dtype=np.float64)
    lo = np.exp((np.log(gos) + lg) / n) * (1 - 1e-9)  # margin for rounding of the bound itself
    hi = 2.0 * n / (1.0 - gos)
    return lo, hi


def capacity(n: Any, gos: Any) -> Any:
    """Largest offered load ``A`` (Erlangs) with ``B(n, A) <= gos``.

    Bisection on the ordered bit patterns of doubles, so the result is exact to the last bit of
    the computed ``B``: ``B(n, A) <= gos < B(n, nextafter(A, inf))``. ``B`` increases with ``A``.

    Parameters
    ----------
    n : int or array_like of int
        Number of trunks, ``>= 1``.
    gos : float or array_like of float
        Grade of service, strictly between 0 and 1. Broadcast against ``n``.

    Returns
    -------
    float or numpy.ndarray
        The capacity in Erlangs; a Python float when both inputs are scalars.

    Raises
    ------
    ValueError
        If ``n`` is not a whole number ``>= 1`` or ``gos`` is not in ``(0, 1)``.

    Examples
    --------
    >>> round(capacity(15, 0.01), 3)
    8.108
    >>> round(capacity(1, 0.5), 12)
    1.0
    """
    scalar = np.ndim(n) == 0 and np.ndim(gos) == 0
    nn, gg = np.broadcast_arrays(_as_trunks(n), _as_gos(gos))
    if np.any(nn < 1):
        raise ValueError("capacity needs at least one trunk (B(0, A) = 1 for every A)")
    flat_n, flat_g = nn.ravel().copy(), gg.ravel().copy()
    lo, hi = _capacity_bracket(flat_n, flat_g)
    lo_i, hi_i = _bits(lo).copy(), _bits(hi).copy()
    with np.errstate(divide="ignore"):
        while True:
            open_ = hi_i - lo_i > 1
            if not open_.any():
                break
            sel = np.flatnonzero(open_)
            mid_i = lo_i[sel] + (hi_i[sel] - lo_i[sel]) // 2
            ok = 1.0 / _recip(flat_n[sel], _from_bits(mid_i)) <= flat_g[sel]
            lo_i[sel[ok]] = mid_i[ok]
            hi_i[sel[~ok]] = mid_i[~ok]
    return _out(_from_bits(lo_i).reshape(nn.shape), scalar)
