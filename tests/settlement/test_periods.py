"""Bill months → service periods (IDT Art. IV §2.3) and proration by calendar days."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meetpoint.settlement.periods import (
    Period,
    add_months,
    bill_periods,
    election_months,
    month_period,
    parse_month,
    prorate,
    recurring_periods,
)

D = dt.date


def strs(periods):
    return [str(p) for p in periods]


def test_recurring_in_advance_usage_in_arrears():
    # Art. IV §2.3: "Charges for physical facilities ... shall be billed in advance ... Usage
    # sensitive charges ... shall be billed in arrears."
    p = bill_periods("2006-04")
    assert str(p.recurring) == "2006-04-01..2006-04-30"
    assert str(p.usage) == "2006-03-01..2006-03-31"


def test_mid_month_install_goes_on_the_next_bill_as_the_initial_bill():
    # "... except for charges and credits associated with the initial or final bills."
    assert recurring_periods("2006-03", installed=D(2006, 3, 15)) == []
    assert strs(recurring_periods("2006-04", installed=D(2006, 3, 15))) == ["2006-03-15..2006-03-31", "2006-04-01..2006-04-30"]
    assert strs(recurring_periods("2006-05", installed=D(2006, 3, 15))) == ["2006-05-01..2006-05-31"]


def test_install_on_the_first_is_billed_in_advance_that_month():
    assert strs(recurring_periods("2006-03", installed=D(2006, 3, 1))) == ["2006-03-01..2006-03-31"]
    assert strs(recurring_periods("2006-04", installed=D(2006, 3, 1))) == ["2006-04-01..2006-04-30"]


def test_disconnect_day_is_not_charged():
    assert strs(recurring_periods("2006-04", D(2006, 1, 1), D(2006, 4, 21))) == ["2006-04-01..2006-04-20"]
    assert strs(recurring_periods("2006-04", D(2006, 1, 1), D(2006, 4, 1))) == []
    assert strs(recurring_periods("2006-04", D(2006, 3, 20), D(2006, 3, 25))) == ["2006-03-20..2006-03-24"]


def test_nothing_before_commencement():
    # Interim §7: "Spectra shall not charge Socket for any facilities or services provided prior to
    # the date of this Agreement." The commencement acts like an installation date.
    start = D(2005, 10, 17)
    assert recurring_periods("2005-09", D(2005, 1, 1), commencement=start) == []
    assert recurring_periods("2005-10", D(2005, 1, 1), commencement=start) == []
    assert strs(recurring_periods("2005-11", D(2005, 1, 1), commencement=start)) == ["2005-10-17..2005-10-31", "2005-11-01..2005-11-30"]


def test_prorate_by_calendar_days():
    assert prorate(Decimal("24.50"), Period(D(2006, 3, 15), D(2006, 3, 31))) == Decimal("13.44")  # 24.50 × 17/31 = 13.4355
    assert prorate(Decimal("24.50"), Period(D(2006, 2, 15), D(2006, 2, 28))) == Decimal("12.25")  # 14/28
    assert prorate(Decimal("15.72"), month_period("2006-04"), Decimal(13)) == Decimal("204.36")
    with pytest.raises(ValueError, match="one calendar month"):
        prorate(Decimal(1), Period(D(2006, 3, 31), D(2006, 4, 1)))


def test_months():
    assert parse_month("2006-03") == D(2006, 3, 1) == parse_month(D(2006, 3, 31))
    assert add_months("2006-01", -1) == D(2005, 12, 1) and add_months("2006-12", 1) == D(2007, 1, 1)
    with pytest.raises(ValueError):
        parse_month("2006-13")


def test_election_months_follow_calendar_quarters():
    # Interim §5 ¶8: "Spectra will bill Socket pursuant to such election on a quarterly basis"
    assert election_months("2006-01", 3) == [D(2005, 10, 1), D(2005, 11, 1), D(2005, 12, 1)]
    assert [election_months(f"2006-{m:02d}", 3) != [] for m in range(1, 13)] == [True, False, False] * 4


@given(
    month=st.dates(min_value=D(2000, 1, 1), max_value=D(2030, 12, 31)).map(lambda d: d.replace(day=1)),
    monthly=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100000"), places=2),
    cuts=st.sets(st.integers(min_value=2, max_value=31), max_size=6),
)
def test_proration_over_a_month_sums_to_the_monthly_charge(month, monthly, cuts):
    """Splitting a month into k pieces: each piece rounds once, so the sum is within k half-cents."""
    whole = month_period(month)
    starts = sorted({1, *(c for c in cuts if c <= whole.month_days)})
    pieces = [Period(month.replace(day=s), month.replace(day=(starts[i + 1] - 1) if i + 1 < len(starts) else whole.month_days))
              for i, s in enumerate(starts)]
    assert sum(p.days for p in pieces) == whole.month_days
    total = sum(prorate(monthly, p) for p in pieces)
    assert abs(total - monthly) <= Decimal("0.005") * len(pieces)
    if len(pieces) == 1:
        assert total == monthly
