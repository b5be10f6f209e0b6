"""Erlang B against a high-precision reference, published tables and the DS1-level test edge.

Interim Arrangement §5: "the number of trunks necessary to achieve a .001 Grade of Service based
upon application of the Erlang B table is equal to or exceeds 24".
"""

from __future__ import annotations

import math
import sys

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meetpoint.teletraffic import capacity, erlang_b, trunks

REL_TOL = 1e-12
OVERFLOW_FLOOR = 1.0 / sys.float_info.max  # below this B is returned as 0.0 (documented)


# --------------------------------------------------------------------------- mpmath reference


def ref_curve(a: float, n_max: int, dps: int = 30) -> list[mpmath.mpf]:
    """B(n, a) for n = 0..n_max by the reciprocal recurrence in mpmath at ``dps`` digits."""
    with mpmath.workdps(dps):
        x = mpmath.mpf(a)  # the exact double, not its decimal spelling
        r, out = mpmath.mpf(1), [mpmath.mpf(1)]
        for k in range(1, n_max + 1):
            r = 1 + k / x * r
            out.append(1 / r)
        return out


def ref_b(n: int, a: float) -> mpmath.mpf:
    return ref_curve(a, n)[n]


def ref_b_formula(n: int, a: float) -> mpmath.mpf:
    """The textbook definition (A^N/N!) / sum_k A^k/k!, at 50 digits."""
    with mpmath.workdps(50):
        x = mpmath.mpf(a)
        terms = [x**k / mpmath.factorial(k) for k in range(n + 1)]
        return terms[-1] / mpmath.fsum(terms)


def assert_close_to_ref(got: float, ref: mpmath.mpf) -> None:
    if ref < OVERFLOW_FLOOR:
        assert got == 0.0 or got < 2.3e-308
    else:
        assert abs(mpmath.mpf(got) - ref) / ref < REL_TOL, (got, ref)


def test_reference_recurrence_agrees_with_the_definition() -> None:
    for n in (0, 1, 5, 24, 100):
        for a in (0.01, 1.0, 24.0, 500.0):
            assert abs(ref_b(n, a) - ref_b_formula(n, a)) / ref_b_formula(n, a) < 1e-25


# --------------------------------------------------------------------------- accuracy

GRID_N = (1, 24, 100, 1000, 10000)
GRID_A = (0.01, 1.0, 24.0, 500.0, 10000.0, 9999.5, 7777.7)


@pytest.mark.parametrize("a", GRID_A)
def test_relative_error_below_1e_12_across_the_grid(a: float) -> None:
    curve = ref_curve(a, max(GRID_N))
    got = erlang_b(np.array(GRID_N), a)
    for n, b in zip(GRID_N, got.tolist()):
        assert_close_to_ref(b, curve[n])
        assert erlang_b(n, a) == b  # the scalar path is bit-identical to the vectorized one


@settings(max_examples=60, deadline=None)
@given(n=st.integers(0, 3000), a=st.floats(0.0, 10_000.0))
def test_relative_error_below_1e_12_anywhere(n: int, a: float) -> None:
    if a == 0.0:
        assert erlang_b(n, a) == (1.0 if n == 0 else 0.0)
    else:
        assert_close_to_ref(erlang_b(n, a), ref_b(n, a))


def test_genuine_underflow_returns_zero() -> None:
    # B(100, 0.01) is about 1e-358: below the double range.
    assert ref_b(100, 0.01) < mpmath.mpf("1e-350")
    assert erlang_b(100, 0.01) == 0.0
    assert erlang_b(10_000, 1.0) == 0.0


def test_conventions_at_zero() -> None:
    assert erlang_b(0, 5.0) == 1.0
    assert erlang_b(0, 0.0) == 1.0
    assert erlang_b(1, 0.0) == 0.0
    assert erlang_b(np.arange(4), 0.0).tolist() == [1.0, 0.0, 0.0, 0.0]
    assert trunks(0.0, 0.001) == 1  # B(0, 0) = 1 > gos, B(1, 0) = 0


def test_small_closed_forms() -> None:
    assert erlang_b(1, 1.0) == 0.5  # A / (1 + A)
    assert erlang_b(2, 2.0) == pytest.approx(0.4, rel=1e-15)  # 2 / (1 + 2 + 2)
    assert capacity(1, 0.5) == pytest.approx(1.0, rel=1e-15)


def test_broadcasting_and_types() -> None:
    b = erlang_b(np.arange(3)[:, None], [1.0, 2.0])
    assert b.shape == (3, 2)
    assert isinstance(erlang_b(3, 1.5), float)
    assert isinstance(trunks(1.5, 0.01), int)
    assert isinstance(capacity(3, 0.01), float)
    assert trunks(np.full((2, 3), 12.0), 0.001).shape == (2, 3)


def test_vectorized_over_many_mixed_values_matches_scalar_path() -> None:
    rng = np.random.default_rng(7)
    n = rng.integers(0, 150, 50_000)
    a = rng.uniform(0, 120, 50_000)
    b = erlang_b(n, a)
    for i in rng.integers(0, n.size, 100):
        assert b[i] == erlang_b(int(n[i]), float(a[i]))
    t = trunks(a, 0.01)
    for i in rng.integers(0, n.size, 100):
        assert t[i] == trunks(float(a[i]), 0.01)


@pytest.mark.parametrize(
    ("call", "args"),
    [
        (erlang_b, (-1, 1.0)),
        (erlang_b, (1.5, 1.0)),
        (erlang_b, (2, -0.1)),
        (erlang_b, (2, math.inf)),
        (erlang_b, (2, math.nan)),
        (trunks, (1.0, 0.0)),
        (trunks, (1.0, 1.0)),
        (trunks, (-1.0, 0.01)),
        (capacity, (0, 0.01)),
        (capacity, (5, 1.5)),
    ],
)
def test_bad_input_is_refused(call, args) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError):
        call(*args)


# --------------------------------------------------------------------------- published tables


@pytest.mark.parametrize(
    ("n", "gos", "erlangs", "digits"),
    [
        # erlang.com calculator manual, "How much traffic can a trunk group handle": 15 lines, 1%.
        (15, 0.01, 8.108, 3),
        # "Carrier Grade Voice over IP", 2nd ed., Appendix A (Erlang B table, one decimal).
        (5, 0.001, 0.8, 1),
        (5, 0.01, 1.4, 1),
        (5, 0.05, 2.2, 1),
        (8, 0.001, 2.1, 1),
        (8, 0.01, 3.1, 1),
        (9, 0.001, 2.6, 1),
        (9, 0.01, 3.8, 1),
        (9, 0.05, 5.4, 1),
        (10, 0.0001, 2.3, 1),
        (10, 0.001, 3.1, 1),
    ],
)
def test_published_erlang_b_table_values(n: int, gos: float, erlangs: float, digits: int) -> None:
    assert round(capacity(n, gos), digits) == erlangs


def test_capacity_agrees_with_mpmath_root() -> None:
    for n in (1, 24, 100, 1000):
        for gos in (0.001, 0.01):
            cap = capacity(n, gos)
            with mpmath.workdps(30):
                root = mpmath.findroot(lambda x: ref_b_exact(n, x) - gos, cap)
            assert abs(cap - root) / root < 1e-12, (n, gos, cap, root)


def ref_b_exact(n: int, x: mpmath.mpf) -> mpmath.mpf:
    r = mpmath.mpf(1)
    for k in range(1, n + 1):
        r = 1 + k / x * r
    return 1 / r


# --------------------------------------------------------------------------- the DS1 test edge


def test_ds1_edge_24_trunks_at_001_gos() -> None:
    """Interim §5: 24 trunks are needed exactly for loads in (capacity(23), capacity(24)]."""
    c23, c24 = capacity(23, 0.001), capacity(24, 0.001)
    assert 11.52 < c23 < 11.53 and 12.24 < c24 < 12.25  # computed, and checked just below
    assert trunks(c23, 0.001) == 23
    assert trunks(math.nextafter(c23, math.inf), 0.001) == 24
    assert trunks(c24, 0.001) == 24
    assert trunks(math.nextafter(c24, math.inf), 0.001) == 25
    # The same edge in high precision: B(23, c23) is .001 to 12 digits, and a hair more fails.
    assert abs(ref_b(23, c23) - mpmath.mpf("0.001")) / mpmath.mpf("0.001") < 1e-12
    assert ref_b(23, c23 * (1 + 1e-9)) > mpmath.mpf("0.001")
    assert ref_b(24, c24 * (1 + 1e-9)) > mpmath.mpf("0.001")


def test_ds1_edge_in_average_busy_hour_ccs() -> None:
    from meetpoint.teletraffic import ccs_to_erlangs

    c23_ccs = capacity(23, 0.001) * 36  # about 414.9 CCS
    assert trunks(ccs_to_erlangs(414.0), 0.001) == 23
    assert trunks(ccs_to_erlangs(415.0), 0.001) == 24
    assert 414.0 < c23_ccs < 415.0


# --------------------------------------------------------------------------- properties

loads = st.floats(0.0, 2000.0)
servers = st.integers(0, 500)
grades = st.floats(1e-6, 0.5)


@settings(max_examples=200, deadline=None)
@given(n=servers, a=loads)
def test_b_is_a_probability_decreasing_in_n(n: int, a: float) -> None:
    b0, b1 = erlang_b(n, a), erlang_b(n + 1, a)
    assert 0.0 <= b1 <= b0 <= 1.0


@settings(max_examples=200, deadline=None)
@given(n=st.integers(1, 500), a=st.floats(0.001, 2000.0), factor=st.floats(1.0001, 3.0))
def test_b_is_increasing_in_a(n: int, a: float, factor: float) -> None:
    assert erlang_b(n, a) <= erlang_b(n, a * factor)


@settings(max_examples=200, deadline=None)
@given(a=loads, gos=grades)
def test_trunks_is_the_least_n_meeting_the_grade(a: float, gos: float) -> None:
    n = trunks(a, gos)
    assert n >= 1
    assert erlang_b(n, a) <= gos < erlang_b(n - 1, a)


@settings(max_examples=100, deadline=None)
@given(n=st.integers(1, 500), gos=st.floats(1e-6, 0.5))
def test_capacity_is_the_largest_load_meeting_the_grade(n: int, gos: float) -> None:
    cap = capacity(n, gos)
    assert erlang_b(n, cap) <= gos < erlang_b(n, math.nextafter(cap, math.inf))
    assert erlang_b(n, cap * (1 + 1e-9)) > gos
    assert trunks(cap, gos) == n


def test_vectorized_capacity_matches_scalar() -> None:
    n = np.arange(1, 60)
    caps = capacity(n, 0.001)
    assert caps.tolist() == [capacity(int(k), 0.001) for k in n]
    assert np.all(np.diff(caps) > 0)


def test_large_groups_up_to_ten_thousand() -> None:
    assert trunks(10_000.0, 0.001) == trunks(np.array([10_000.0] * 10), 0.001)[0]
    n = trunks(10_000.0, 0.001)
    assert erlang_b(n, 10_000.0) <= 0.001 < erlang_b(n - 1, 10_000.0)
    cap = capacity(10_000, 0.001)
    assert trunks(cap, 0.001) == 10_000
