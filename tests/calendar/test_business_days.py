"""Business days.

IDT App. C 1.12 (Business Day): "Monday through Friday, except for holidays on which the
non-priority U.S. mail is not delivered." Meetpoint reads this as US federal holidays as observed.
"""

from __future__ import annotations

import datetime as dt

import holidays
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meetpoint.calendar import (
    add_business_days,
    business_days_between,
    holiday_name,
    is_business_day,
    next_business_day,
)

D = dt.date


# --- is_business_day -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "day, expected, why",
    [
        (D(2005, 11, 21), True, "an ordinary Monday"),
        (D(2005, 11, 19), False, "Saturday"),
        (D(2005, 11, 20), False, "Sunday"),
        (D(2005, 11, 24), False, "Thanksgiving Day"),
        (D(2005, 11, 25), True, "the Friday after Thanksgiving is not a federal holiday"),
        (D(2004, 12, 31), False, "New Year's Day 2005 fell on a Saturday: observed Friday 31 Dec 2004"),
        (D(2006, 1, 2), False, "New Year's Day 2006 fell on a Sunday: observed Monday 2 Jan"),
        (D(2005, 12, 26), False, "Christmas 2005 fell on a Sunday: observed Monday 26 Dec"),
        (D(2006, 1, 16), False, "Martin Luther King Jr. Day"),
        (D(2006, 11, 10), False, "Veterans Day 2006 (a Saturday) observed Friday 10 Nov"),
        (D(2020, 6, 19), True, "Juneteenth was not a federal holiday before 2021"),
        (D(2021, 6, 18), False, "Juneteenth 2021 (a Saturday) observed Friday 18 June"),
        (D(2022, 6, 20), False, "Juneteenth 2022 (a Sunday) observed Monday 20 June"),
        (D(2024, 12, 24), True, "Christmas Eve is not a federal holiday"),
    ],
)
def test_is_business_day(day: dt.date, expected: bool, why: str) -> None:
    assert is_business_day(day) is expected, why


def test_holiday_name_names_the_observed_holiday() -> None:
    assert holiday_name(D(2005, 11, 24)) == "Thanksgiving Day"
    assert "observed" in holiday_name(D(2004, 12, 31))
    assert holiday_name(D(2005, 11, 25)) is None


def test_a_datetime_is_refused() -> None:
    with pytest.raises(TypeError):
        is_business_day(dt.datetime(2005, 11, 21, 9, 0))  # type: ignore[arg-type]


# --- add_business_days ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "start, n, expected, why",
    [
        (D(2005, 11, 23), 1, D(2005, 11, 25), "skips Thanksgiving"),
        (D(2005, 11, 17), 5, D(2005, 11, 25), "the 5th would be Thanksgiving: it moves to Friday"),
        (D(2005, 12, 2), 1, D(2005, 12, 5), "Friday + 1 = Monday"),
        (D(2005, 12, 3), 1, D(2005, 12, 5), "from a Saturday: the next business day"),
        (D(2004, 12, 30), 1, D(2005, 1, 3), "year boundary, New Year observed on Friday 31 Dec"),
        (D(2005, 12, 30), 1, D(2006, 1, 3), "year boundary, New Year observed on Monday 2 Jan"),
        (D(2005, 12, 23), 5, D(2006, 1, 3), "Christmas and New Year both observed on Mondays"),
        (D(2005, 11, 25), -1, D(2005, 11, 23), "back over Thanksgiving"),
        (D(2006, 1, 3), -1, D(2005, 12, 30), "back over the observed New Year"),
        (D(2006, 3, 1), 45, D(2006, 5, 3), "45 Business Days, no holidays in between"),
    ],
)
def test_add_business_days(start: dt.date, n: int, expected: dt.date, why: str) -> None:
    assert add_business_days(start, n) == expected, why


def test_zero_business_days_is_no_change_even_on_a_weekend() -> None:
    assert add_business_days(D(2005, 11, 19), 0) == D(2005, 11, 19)
    assert add_business_days(D(2005, 11, 24), 0) == D(2005, 11, 24)
    assert next_business_day(D(2005, 11, 24)) == D(2005, 11, 25)
    assert next_business_day(D(2005, 11, 25)) == D(2005, 11, 25)


def test_n_must_be_an_int() -> None:
    with pytest.raises(TypeError):
        add_business_days(D(2005, 11, 21), 1.0)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        add_business_days(D(2005, 11, 21), True)  # type: ignore[arg-type]


# --- business_days_between -----------------------------------------------------------------------


def test_between_counts_end_not_start() -> None:
    assert business_days_between(D(2005, 11, 23), D(2005, 11, 25)) == 1
    assert business_days_between(D(2005, 11, 25), D(2005, 11, 23)) == -1
    assert business_days_between(D(2005, 11, 21), D(2005, 11, 21)) == 0
    assert business_days_between(D(2005, 12, 23), D(2006, 1, 3)) == 5


def test_business_days_in_2005() -> None:
    # 2005 has 260 weekdays; 9 federal holidays fall on them (New Year's Day, a Saturday, was
    # observed on 31 Dec 2004).
    assert business_days_between(D(2004, 12, 31), D(2005, 12, 31)) == 251


# --- properties ----------------------------------------------------------------------------------

dates = st.dates(min_value=D(1990, 1, 1), max_value=D(2040, 12, 31))
steps = st.integers(min_value=-300, max_value=300)
nonzero = steps.filter(lambda n: n != 0)


@given(dates, nonzero)
def test_add_lands_on_a_business_day(d: dt.date, n: int) -> None:
    assert is_business_day(add_business_days(d, n))


@given(dates, steps)
def test_between_inverts_add(d: dt.date, n: int) -> None:
    assert business_days_between(d, add_business_days(d, n)) == n


@given(dates, dates, steps)
def test_add_is_monotonic_in_the_date(a: dt.date, b: dt.date, n: int) -> None:
    lo, hi = sorted((a, b))
    if (hi - lo).days > 400:
        hi = lo + dt.timedelta(days=400)
    assert add_business_days(lo, n) <= add_business_days(hi, n)


@given(dates, steps, steps)
def test_add_is_strictly_increasing_in_n(d: dt.date, m: int, n: int) -> None:
    if m < n:
        assert add_business_days(d, m) < add_business_days(d, n)


@given(dates, st.integers(1, 150), st.integers(1, 150))
def test_add_composes(d: dt.date, m: int, n: int) -> None:
    assert add_business_days(add_business_days(d, m), n) == add_business_days(d, m + n)


@settings(max_examples=50)
@given(dates, st.integers(min_value=0, max_value=500))
def test_between_agrees_with_numpy_busday_count(a: dt.date, span: int) -> None:
    b = a + dt.timedelta(days=span)
    federal = holidays.US(observed=True, years=range(a.year - 1, b.year + 2))
    expected = np.busday_count(
        a + dt.timedelta(days=1), b + dt.timedelta(days=1), holidays=list(federal.keys())
    )
    assert business_days_between(a, b) == int(expected)
