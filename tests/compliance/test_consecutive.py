"""The one home of "three consecutive months, and not before then" (Interim §5 ¶8) and "each month
of a consecutive two-month period" (IDT Art. IV §5.2)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meetpoint.compliance.consecutive import first_completed, month_end, month_range, next_month, run_lengths

YEAR = month_range("2006-01", "2006-12")


def passing(*months: str) -> dict[str, bool]:
    return {m: True for m in months}


def test_three_consecutive_months_are_met_in_the_third_and_not_before_then():
    assert first_completed(passing("2006-01", "2006-02", "2006-03"), 3, YEAR) == "2006-03"


def test_two_then_a_gap_then_three_is_met_only_at_the_end_of_the_second_run():
    """Jan, Feb pass; Mar fails; Apr, May, Jun pass: the run restarts after the gap."""
    passed = passing("2006-01", "2006-02", "2006-04", "2006-05", "2006-06") | {"2006-03": False}
    assert first_completed(passed, 3, YEAR) == "2006-06"
    assert [run_lengths(passed, YEAR)[m] for m in YEAR[:6]] == [1, 2, 0, 1, 2, 3]


def test_a_month_missing_from_the_evidence_breaks_the_run():
    """No row for March is not a pass: nothing is bridged."""
    assert first_completed(passing("2006-01", "2006-02", "2006-04"), 3, YEAR) is None


def test_each_month_of_a_consecutive_two_month_period():
    assert first_completed(passing("2006-05", "2006-06"), 2, YEAR) == "2006-06"
    assert first_completed(passing("2006-05", "2006-07"), 2, YEAR) is None


def test_the_count_may_be_dated_per_month():
    need = {m: (3 if m < "2006-06" else 2) for m in YEAR}
    assert first_completed(passing("2006-05", "2006-06"), need, YEAR) == "2006-06"


def test_months_must_be_the_contiguous_calendar():
    with pytest.raises(ValueError, match="does not follow"):
        first_completed(passing("2006-01"), 1, ["2006-01", "2006-03"])


def test_calendar_helpers():
    assert month_range("2005-11", "2006-02") == ["2005-11", "2005-12", "2006-01", "2006-02"]
    assert next_month("2006-12") == "2007-01"
    assert month_end("2008-02") == dt.date(2008, 2, 29)
    with pytest.raises(ValueError, match="YYYY-MM"):
        month_range("2006-13", "2007-01")


@given(st.lists(st.booleans(), min_size=1, max_size=24), st.integers(min_value=1, max_value=4))
def test_first_completed_is_the_first_month_ending_n_passes(flags, n):
    months = month_range("2006-01", "2008-12")[: len(flags)]
    passed = dict(zip(months, flags))
    got = first_completed(passed, n, months)
    brute = next((months[i] for i in range(len(months)) if i + 1 >= n and all(flags[i - n + 1: i + 1])), None)
    assert got == brute
