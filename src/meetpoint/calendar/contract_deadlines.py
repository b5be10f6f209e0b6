"""Deadlines an agreement sets in Business Days: TBD true-up, subsequent law, first order date.

The day counts (45, 20, 40, 10 in the CenturyTel/IDT agreement) are agreement data. They come from
the agreement library (``agr.value("<provision>.<param>", on=date)``) and reach these functions as
keyword arguments, together with the cite of the clause; each result records both, so a report can
say where a date came from. Nothing here holds an agreement's number.

Counting follows :mod:`meetpoint.calendar.business_days`: the event's own date never counts, and
"within N Business Days after X" ends at the close of the N-th business day after X.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from meetpoint.calendar.business_days import _check, add_business_days, next_business_day
from meetpoint.errors import DeadlineError


def _count(name: str, n: object) -> int:
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise DeadlineError(f"{name} must be a whole number of Business Days of at least 1 (got {n!r})")
    return n


def _cite(cite: object) -> str:
    if not isinstance(cite, str) or not cite.strip():
        raise DeadlineError("a deadline needs the cite of the clause that sets its day count")
    return cite


# ---------------------------------------------------------------------------------------------
# TBD prices (IDT Art. III §47)
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrueUpDeadline:
    """When the difference between an interim price and the Commission's price must be settled."""

    price_set: dt.date
    business_days: int
    due: dt.date
    cite: str
    rule: str


def tbd_trueup(price_set: dt.date, *, business_days: int, cite: str) -> TrueUpDeadline:
    """Last day to pay an underpayment or refund an overpayment after the Commission sets a price.

    IDT Art. III §47: "If an interim price is different from the rate subsequently established by
    the Commission, any underpayment shall be paid, and any overpayment shall be refunded within
    45 Business Days after the establishment of the price by the Commission."

    ``price_set`` is the date the Commission established the price; ``due`` is the
    ``business_days``-th business day after it.
    """
    _check(price_set, "price_set")
    n = _count("business_days", business_days)
    return TrueUpDeadline(
        price_set=price_set,
        business_days=n,
        due=add_business_days(price_set, n),
        cite=_cite(cite),
        rule=f"true-up due within {n} Business Days after the Commission establishes the price",
    )


# ---------------------------------------------------------------------------------------------
# Subsequent law (IDT Art. III §42)
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SubsequentLawDeadlines:
    """The negotiation timetable after a change of law."""

    changed: dt.date
    begin_within: int
    fail_within: int
    negotiate_by: dt.date
    negotiations_began: dt.date | None
    negotiation_period_from: dt.date
    negotiation_period_ends: dt.date
    dispute_resolution_from: dt.date
    retroactive_to: dt.date
    cite: str
    rules: dict[str, str]
    notes: list[str] = field(default_factory=list)


def subsequent_law(
    changed: dt.date,
    *,
    begin_within: int,
    fail_within: int,
    cite: str,
    negotiations_began: dt.date | None = None,
) -> SubsequentLawDeadlines:
    """When negotiations must begin after a change of law, and when Dispute Resolution opens.

    IDT Art. III §42: "the Parties agree to begin negotiating such terms within twenty (20)
    Business Days after such subsequent change. If negotiations fail within forty (40) Business
    Days thereafter, this matter shall proceed to the Dispute Resolution procedures of Article III,
    Section 18, with the consequent changes in this Agreement to be retroactive to when
    negotiations began under this Section."

    - ``negotiate_by``: the ``begin_within``-th business day after ``changed``.
    - "thereafter" is read as after negotiations began: from ``negotiations_began`` when given,
      else from ``negotiate_by`` (the latest start the clause allows).
    - ``negotiation_period_ends``: the ``fail_within``-th business day after that start.
    - ``dispute_resolution_from``: the next business day; negotiations that have not succeeded
      by then go to Art. III §18.
    - ``retroactive_to``: when negotiations began (``negotiate_by`` if not given: an assumption,
      noted in ``notes``).
    """
    _check(changed, "changed")
    begin = _count("begin_within", begin_within)
    fail = _count("fail_within", fail_within)
    notes: list[str] = []
    negotiate_by = add_business_days(changed, begin)
    if negotiations_began is None:
        start = negotiate_by
        notes.append(
            f"negotiation start date not given: counted from the last allowed start, "
            f"{negotiate_by.isoformat()}; retroactivity runs from the actual start"
        )
    else:
        _check(negotiations_began, "negotiations_began")
        if negotiations_began < changed:
            raise DeadlineError(
                f"negotiations_began {negotiations_began.isoformat()} is before the change of law "
                f"{changed.isoformat()}"
            )
        if negotiations_began > negotiate_by:
            notes.append(
                f"negotiations began {negotiations_began.isoformat()}, after the "
                f"{begin}-Business-Day limit {negotiate_by.isoformat()}"
            )
        start = negotiations_began
    return SubsequentLawDeadlines(
        changed=changed,
        begin_within=begin,
        fail_within=fail,
        negotiate_by=negotiate_by,
        negotiations_began=negotiations_began,
        negotiation_period_from=start,
        negotiation_period_ends=add_business_days(start, fail),
        dispute_resolution_from=add_business_days(start, fail + 1),
        retroactive_to=start,
        cite=_cite(cite),
        rules={
            "negotiate_by": f"begin negotiating within {begin} Business Days after the change",
            "dispute_resolution_from": (
                f"if negotiations fail within {fail} Business Days thereafter: Dispute "
                "Resolution (Art. III §18), from the next Business Day"
            ),
            "retroactive_to": "changes retroactive to when negotiations began",
        },
        notes=notes,
    )


# ---------------------------------------------------------------------------------------------
# Effective date and first orders (IDT Art. III §36)
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrderAcceptance:
    """The first date orders may be submitted and accepted under a new agreement."""

    effective: dt.date
    business_days: int
    period_ends: dt.date
    profile: dt.date | None
    first_order_date: dt.date
    governed_by: str
    cite: str
    rule: str
    notes: list[str] = field(default_factory=list)


def order_acceptance(
    effective: dt.date,
    *,
    business_days: int,
    cite: str,
    profile: dt.date | None = None,
) -> OrderAcceptance:
    """The first business day on which orders may be submitted or accepted.

    IDT Art. III §36: "orders for services will not be submitted or accepted until the later of
    (a) the submission of the CLEC Profile required by Section 7; or (b) the expiration of the
    first ten (10) Business Days after the Agreement is effective."

    - (b) The first ``business_days`` Business Days after ``effective`` exclude the effective
      date; they expire at the close of the ``business_days``-th business day after it
      (``period_ends``), so orders may go in from the next business day, the
      ``business_days + 1``-th business day after the effective date.
    - (a) Orders may go in once the CLEC Profile is in: from ``profile`` itself (the next
      business day if it was submitted on a weekend or holiday).
    - ``first_order_date`` is the later of the two. Without ``profile`` it is the earliest
      possible date and a note says the CLEC Profile is still required.
    """
    _check(effective, "effective")
    n = _count("business_days", business_days)
    period_ends = add_business_days(effective, n)
    after_period = add_business_days(effective, n + 1)
    notes: list[str] = []
    if profile is None:
        first, governed_by = after_period, "business_days"
        notes.append(
            "CLEC Profile (Art. III §7) submission date not given: orders also wait for it; "
            "this is the earliest possible date"
        )
    else:
        _check(profile, "profile")
        profile_day = next_business_day(profile)
        if profile_day > after_period:
            first, governed_by = profile_day, "clec_profile"
        else:
            first, governed_by = after_period, "business_days"
    return OrderAcceptance(
        effective=effective,
        business_days=n,
        period_ends=period_ends,
        profile=profile,
        first_order_date=first,
        governed_by=governed_by,
        cite=_cite(cite),
        rule=(
            f"later of the CLEC Profile submission and the expiration of the first {n} Business "
            "Days after the effective date"
        ),
        notes=notes,
    )


__all__ = [
    "OrderAcceptance",
    "SubsequentLawDeadlines",
    "TrueUpDeadline",
    "order_acceptance",
    "subsequent_law",
    "tbd_trueup",
]
