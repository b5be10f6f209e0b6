"""Airline mileage from V&H (formats.md §7: AT&T Tariff F.C.C. No. 10 procedure; plain formula)."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meetpoint.network.mileage import METHODS, airline_mileage, airline_miles, airline_miles_array

NEW_YORK = (4997, 1406)
CHICAGO = (5986, 3426)


def test_new_york_to_chicago_worked_example():
    # formats.md §7: dV = 989, dH = 2020.
    # N=1: 989/3 = 329.67 -> 330, 2020/3 = 673.33 -> 673; 330² + 673² = 561,829 > 1777
    # N=2: 110, 224.33 -> 224; 62,276 > 1777.  N=3: 36.67 -> 37, 74.67 -> 75; 6,994 > 1777
    # N=4: 12.33 -> 12, 25; 144 + 625 = 769 ≤ 1777.  √(769 · 9⁴/10) = √504,540.9 = 710.31 -> 711.
    r = airline_mileage(*NEW_YORK, *CHICAGO)
    assert (r.miles, r.n, r.a, r.b) == (711, 4, 12, 25)
    assert r.raw == pytest.approx(710.3104, abs=1e-4)
    assert (r.minimum, r.minimum_applied) == (361, False)


def test_new_york_to_chicago_plain_formula():
    # (989² + 2020²)/10 = (978,121 + 4,080,400)/10 = 505,852.1; √ = 711.23 -> 712.
    r = airline_mileage(*NEW_YORK, *CHICAGO, method="plain")
    assert (r.miles, r.method, r.n, r.a, r.b) == (712, "plain", None, 989, 2020)


def test_tariff_exact_square_is_not_rounded_up():
    # dV = 729, dH = 243: 243, 81 (N=1; 65,610 > 1777) -> 81, 27 (N=2; 7,290 > 1777) -> 27, 9 (N=3;
    # 810 ≤ 1777). 810 · 9³/10 = 59,049 = 243², exactly 243 miles. In floats 810 · 72.9 is
    # 59049.00000000001, and a naive ceil(sqrt(...)) says 244.
    assert 810 * 72.9 > 59049  # the trap this guards against
    r = airline_mileage(0, 0, 729, 243)
    assert (r.n, r.a, r.b, r.miles) == (3, 27, 9, 243)


def test_tariff_just_above_an_exact_square_rounds_up():
    # dV = 729, dH = 270: b goes 90 -> 30 -> 10; (27² + 10²) · 72.9 = 829 · 72.9 = 60,434.1; √ = 245.83 -> 246.
    r = airline_mileage(0, 0, 729, 270)
    assert (r.n, r.a, r.b, r.miles) == (3, 27, 10, 246)


@pytest.mark.parametrize(
    "dv,dh,miles",
    [
        (9, 3, 3),  # a=3, b=1: 10 · 0.9 = 9, √ = 3 exactly
        (39, 27, 15),  # a=13, b=9: 250 · 0.9 = 225, √ = 15 exactly
        (40, 27, 15),  # 40/3 = 13.33 -> 13: the same 15
        (41, 27, 16),  # 41/3 = 13.67 -> 14: 277 · 0.9 = 249.3, √ = 15.79 -> 16
        (3, 0, 1),  # a=1: 0.9, √ = 0.95 -> 1; N=1 has no minimum
        (1, 1, 0),  # 1/3 rounds to 0 on both axes: 0 miles for points one unit apart
    ],
)
def test_tariff_small_cases_worked_by_hand(dv, dh, miles):
    assert airline_miles(5000, 5000, 5000 + dv, 5000 + dh) == miles


@pytest.mark.parametrize(
    "dv,dh,miles",
    [
        (30, 10, 10),  # (900 + 100)/10 = 100, √ = 10 exactly: 10, not 11
        (30, 11, 11),  # (900 + 121)/10 = 102.1, √ = 10.10 -> 11
        (30, 40, 16),  # 2500/10 = 250, √ = 15.81 -> 16
        (9, 3, 3),  # 90/10 = 9, √ = 3 exactly
    ],
)
def test_plain_cases_worked_by_hand(dv, dh, miles):
    assert airline_miles(5000, 5000, 5000 + dv, 5000 + dh, method="plain") == miles


def test_minimum_mileage_at_n2():
    # dV = 129: 129/3 = 43, 43² = 1849 > 1777 -> 43/3 = 14.33 -> 14 (N=2). 196 · 8.1 = 1587.6,
    # √ = 39.84 -> 40, below the N=2 minimum of 41.
    r = airline_mileage(5000, 5000, 5129, 5000)
    assert (r.n, r.a, r.b, r.miles, r.minimum, r.minimum_applied) == (2, 14, 0, 41, 41, True)
    assert r.raw == pytest.approx(39.84, abs=0.01)


def test_minimum_mileage_at_n3():
    # dV = 387: 129 (N=1) -> 43 (N=2, 1849 > 1777) -> 14.33 -> 14 (N=3). 196 · 72.9 = 14,288.4,
    # √ = 119.53 -> 120, below the N=3 minimum of 121.
    r = airline_mileage(5000, 5000, 5387, 5000)
    assert (r.n, r.a, r.miles, r.minimum_applied) == (3, 14, 121, True)


def test_identical_points_are_zero_miles_by_both_methods():
    for method in METHODS:
        r = airline_mileage(*CHICAGO, *CHICAGO, method=method)
        assert r.miles == 0 and not r.minimum_applied


def test_ties_round_half_up():
    # Decision (the tariff is silent): 7.5/3 = 2.5 -> 3, so 9 · 0.9 = 8.1, √ = 2.85 -> 3 miles.
    # Python's round() (half to even) would give a = 2: 3.6, √ = 1.90 -> 2 miles.
    for dv in (7.5, Decimal("7.5"), Fraction(15, 2)):
        r = airline_mileage(0, 0, dv, 0)
        assert (r.a, r.miles) == (3, 3)


def test_floats_are_taken_at_their_decimal_value():
    # 0.1 is one tenth, not 0.1000000000000000055…: dV = 30.1 - 0.1 = 30 exactly, dH = 10.
    assert airline_miles(0.1, 0, 30.1, 10, method="plain") == 10


def test_unknown_method_and_bad_numbers_are_refused():
    with pytest.raises(ValueError, match="unknown mileage method"):
        airline_miles(0, 0, 1, 1, method="haversine")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        airline_miles("4997", 1406, 5986, 3426)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        airline_miles(float("nan"), 1406, 5986, 3426)


def test_distances_past_the_tariff_table_are_refused():
    # dV = 3⁷ · 43 needs N = 7; the tariff's minimum table stops at N = 6.
    with pytest.raises(ValueError, match="N = 6"):
        airline_miles(0, 0, 3**7 * 43, 0)


# --- properties -------------------------------------------------------------------------------------

coord = st.integers(-3000, 12000)


@settings(max_examples=300)
@given(coord, coord, coord, coord, st.sampled_from(METHODS))
def test_symmetric_and_translation_invariant(v1, h1, v2, h2, method):
    m = airline_miles(v1, h1, v2, h2, method)
    assert m == airline_miles(v2, h2, v1, h1, method)
    assert m == airline_miles(v1 + 17, h1 - 5, v2 + 17, h2 - 5, method)
    assert m == airline_miles(h1, v1, h2, v2, method)  # a and b play symmetric roles


@settings(max_examples=300)
@given(coord, coord, coord, coord)
def test_plain_is_the_least_whole_mile_not_below_the_distance(v1, h1, v2, h2):
    # m = ⌈√((dV²+dH²)/10)⌉  ⇔  10·m² ≥ dV²+dH² > 10·(m−1)², checked in integers.
    m = airline_miles(v1, h1, v2, h2, method="plain")
    s = (v1 - v2) ** 2 + (h1 - h2) ** 2
    assert 10 * m * m >= s and (m == 0 or 10 * (m - 1) ** 2 < s)


@settings(max_examples=300)
@given(coord, coord, coord, coord)
def test_tariff_is_never_below_its_minimum_and_n_stops_at_the_first_small_enough_sum(v1, h1, v2, h2):
    r = airline_mileage(v1, h1, v2, h2)
    assert r.a * r.a + r.b * r.b <= 1777
    assert r.miles >= (r.minimum or 0)
    assert r.miles * r.miles * 10 >= (r.a**2 + r.b**2) * 9**r.n or r.minimum_applied
    assert r.miles == max(math.ceil(r.raw - 1e-9), r.minimum or 0)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(coord, coord, coord, coord), min_size=1, max_size=50), st.sampled_from(METHODS))
def test_array_version_equals_scalar_version(rows, method):
    cols = np.array(rows, dtype=np.int64).T
    expected = [airline_miles(*map(int, r), method=method) for r in rows]
    assert airline_miles_array(*cols, method=method).tolist() == expected


def test_array_version_refuses_fractions_and_accepts_whole_floats():
    assert airline_miles_array([4997.0], [1406.0], [5986.0], [3426.0]).tolist() == [711]
    with pytest.raises(ValueError, match="whole V&H units"):
        airline_miles_array([4997.5], [1406], [5986], [3426])
