"""Agreement deadlines counted in Business Days (counts passed in, as the agreement library gives them)."""

from __future__ import annotations

import datetime as dt

import pytest

from meetpoint.calendar import is_business_day, order_acceptance, subsequent_law, tbd_trueup
from meetpoint.errors import DeadlineError

D = dt.date

# --- IDT Art. III §47 ----------------------------------------------------------------------------
# "If an interim price is different from the rate subsequently established by the Commission, any
# underpayment shall be paid, and any overpayment shall be refunded within 45 Business Days after
# the establishment of the price by the Commission."


def test_trueup_45_business_days_no_holidays() -> None:
    r = tbd_trueup(D(2006, 3, 1), business_days=45, cite="IDT Art. III §47")
    assert r.due == D(2006, 5, 3)
    assert (r.price_set, r.business_days, r.cite) == (D(2006, 3, 1), 45, "IDT Art. III §47")


def test_trueup_over_veterans_day_thanksgiving_christmas_and_new_year() -> None:
    # Nov 2005 – Jan 2006 loses Veterans Day (Fri 11 Nov), Thanksgiving, Christmas observed
    # (Mon 26 Dec) and New Year's Day observed (Mon 2 Jan): five days later than weekdays alone.
    r = tbd_trueup(D(2005, 11, 1), business_days=45, cite="IDT Art. III §47")
    assert r.due == D(2006, 1, 9)


def test_trueup_refuses_bad_counts_and_missing_cite() -> None:
    with pytest.raises(DeadlineError, match="at least 1"):
        tbd_trueup(D(2006, 3, 1), business_days=0, cite="IDT Art. III §47")
    with pytest.raises(DeadlineError, match="cite"):
        tbd_trueup(D(2006, 3, 1), business_days=45, cite="")


# --- IDT Art. III §42 ----------------------------------------------------------------------------
# "the Parties agree to begin negotiating such terms within twenty (20) Business Days after such
# subsequent change. If negotiations fail within forty (40) Business Days thereafter, this matter
# shall proceed to the Dispute Resolution procedures of Article III, Section 18, with the consequent
# changes in this Agreement to be retroactive to when negotiations began under this Section."


def test_subsequent_law_over_christmas_and_new_year() -> None:
    r = subsequent_law(D(2006, 12, 1), begin_within=20, fail_within=40, cite="IDT Art. III §42")
    assert r.negotiate_by == D(2007, 1, 2)  # Christmas (Mon 25 Dec) and New Year (Mon 1 Jan) skipped
    # 40 more, skipping Martin Luther King Jr. Day and Washington's Birthday
    assert r.negotiation_period_ends == D(2007, 3, 1)
    assert r.dispute_resolution_from == D(2007, 3, 2)
    assert r.retroactive_to == r.negotiation_period_from == D(2007, 1, 2)
    assert r.notes and "not given" in r.notes[0]
    assert (r.begin_within, r.fail_within, r.cite) == (20, 40, "IDT Art. III §42")


def test_subsequent_law_counts_thereafter_from_the_actual_start() -> None:
    r = subsequent_law(
        D(2006, 12, 1), begin_within=20, fail_within=40, cite="IDT Art. III §42",
        negotiations_began=D(2006, 12, 11),
    )
    assert r.retroactive_to == D(2006, 12, 11)
    assert r.negotiation_period_ends > D(2006, 12, 11)
    assert r.notes == []


def test_subsequent_law_late_start_is_noted_and_early_start_refused() -> None:
    late = subsequent_law(
        D(2006, 12, 1), begin_within=20, fail_within=40, cite="IDT Art. III §42",
        negotiations_began=D(2007, 1, 10),
    )
    assert any("after the 20-Business-Day limit" in n for n in late.notes)
    with pytest.raises(DeadlineError, match="before the change of law"):
        subsequent_law(
            D(2006, 12, 1), begin_within=20, fail_within=40, cite="IDT Art. III §42",
            negotiations_began=D(2006, 11, 1),
        )


# --- IDT Art. III §36 ----------------------------------------------------------------------------
# "orders for services will not be submitted or accepted until the later of (a) the submission of
# the CLEC Profile required by Section 7; or (b) the expiration of the first ten (10) Business Days
# after the Agreement is effective."


def test_order_acceptance_first_ten_business_days_over_thanksgiving() -> None:
    r = order_acceptance(D(2006, 11, 20), business_days=10, cite="IDT Art. III §36")
    # 21, 22, (23 Thanksgiving), 24, 27, 28, 29, 30 Nov, 1, 4, 5 Dec: the tenth is Tue 5 Dec
    assert r.period_ends == D(2006, 12, 5)
    assert r.first_order_date == D(2006, 12, 6)  # the 11th business day after the effective date
    assert r.governed_by == "business_days"
    assert r.notes and "CLEC Profile" in r.notes[0]


def test_order_acceptance_effective_on_a_weekend_before_holidays() -> None:
    r = order_acceptance(D(2006, 12, 23), business_days=10, cite="IDT Art. III §36")
    assert r.period_ends == D(2007, 1, 9)
    assert r.first_order_date == D(2007, 1, 10)


@pytest.mark.parametrize(
    "profile, first, governed_by",
    [
        (D(2006, 11, 1), D(2006, 12, 6), "business_days"),  # profile long before
        (D(2006, 12, 6), D(2006, 12, 6), "business_days"),  # same day: a tie
        (D(2006, 12, 7), D(2006, 12, 7), "clec_profile"),  # profile later: from that day
        (D(2006, 12, 9), D(2006, 12, 11), "clec_profile"),  # a Saturday: next business day
    ],
)
def test_order_acceptance_later_of_profile_and_period(
    profile: dt.date, first: dt.date, governed_by: str
) -> None:
    r = order_acceptance(D(2006, 11, 20), business_days=10, cite="IDT Art. III §36", profile=profile)
    assert (r.first_order_date, r.governed_by) == (first, governed_by)
    assert is_business_day(r.first_order_date)
    assert r.notes == []
