"""Bill months and service periods: recurring in advance, usage in arrears, proration by days.

IDT Art. IV §2.3: "Charges for physical facilities and other non-usage sensitive charges shall be
billed in advance, except for charges and credits associated with the initial or final bills.
Usage sensitive charges, such as charges for termination of Local Traffic, shall be billed in
arrears." The Interim and the Amendment bill "monthly" charges and say nothing of timing; the same
calendar is used for them (``docs/settlement.md``).

The rules, for the bill of month M (rendered on the first day of M, its *bill date*):

- **Recurring, in advance**: the days of M a facility is in service, if it was in service on the
  bill date.
- **Initial bill**: a facility whose service starts after the first day of a month (installed
  mid-month, or the agreement commenced mid-month) was not on that month's bill; its partial month
  goes on the next bill, in arrears, beside that bill's own month in advance.
- **Final bill**: service ends the day before ``disconnected``; the month of the disconnect is
  charged for its days in service. A disconnect recorded after a bill was issued changes the
  recomputed line with the same key (the invoice turns the difference into a credit).
- **Usage, in arrears**: the month before M.
- **Proration by calendar days**: monthly × days in service ÷ days in the month, exact, rounded to
  cents once per line (:func:`prorate`).
- **Days**: ``installed`` is the first day in service, ``disconnected`` the first day out of
  service (like ``until`` everywhere in Meetpoint); nothing is charged before the agreement's
  commencement (Interim §7).

>>> periods = bill_periods("2006-04")
>>> periods.recurring, periods.usage
(Period(first=datetime.date(2006, 4, 1), last=datetime.date(2006, 4, 30)), Period(first=datetime.date(2006, 3, 1), last=datetime.date(2006, 3, 31)))
>>> [str(p) for p in recurring_periods("2006-04", installed=dt.date(2006, 3, 15))]
['2006-03-15..2006-03-31', '2006-04-01..2006-04-30']
>>> prorate(Decimal("24.50"), recurring_periods("2006-04", installed=dt.date(2006, 3, 15))[0])
Decimal('13.44')
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from meetpoint.settlement.lines import to_cents

__all__ = [
    "BillPeriods",
    "Period",
    "add_months",
    "bill_periods",
    "election_months",
    "month_key",
    "month_period",
    "parse_month",
    "prorate",
    "recurring_periods",
]

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(month: str | dt.date) -> dt.date:
    """The first day of a month given as ``"YYYY-MM"`` or as any date in it.

    >>> parse_month("2006-03"), parse_month(dt.date(2006, 3, 17))
    (datetime.date(2006, 3, 1), datetime.date(2006, 3, 1))
    """
    if isinstance(month, dt.datetime):
        month = month.date()
    if isinstance(month, dt.date):
        return month.replace(day=1)
    m = _MONTH.match(str(month).strip())
    if not m or not 1 <= int(m[2]) <= 12:
        raise ValueError(f"{month!r} is not a month (YYYY-MM)")
    return dt.date(int(m[1]), int(m[2]), 1)


def month_key(month: str | dt.date) -> str:
    """``"YYYY-MM"`` of a month (the form the usage cube and the charge keys use)."""
    return parse_month(month).strftime("%Y-%m")


def add_months(month: str | dt.date, n: int) -> dt.date:
    """The first day of the month ``n`` months after ``month`` (``n`` may be negative)."""
    first = parse_month(month)
    index = first.year * 12 + first.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    """Days ``first`` to ``last``, both inclusive."""

    first: dt.date
    last: dt.date

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValueError(f"a period cannot end ({self.last}) before it starts ({self.first})")

    def __str__(self) -> str:
        return f"{self.first}..{self.last}"

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def month(self) -> dt.date:
        """The first day of the month the period starts in."""
        return self.first.replace(day=1)

    @property
    def month_days(self) -> int:
        """Days in the calendar month the period starts in (the proration denominator)."""
        return calendar.monthrange(self.first.year, self.first.month)[1]

    @property
    def whole_month(self) -> bool:
        return self.first.day == 1 and self.days == self.month_days

    def as_tuple(self) -> tuple[dt.date, dt.date]:
        return (self.first, self.last)

    def clip(self, start: dt.date | None = None, end: dt.date | None = None) -> "Period | None":
        """The days of this period from ``start`` (inclusive) to ``end`` (exclusive); None when none."""
        first = max(self.first, start) if start else self.first
        last = min(self.last, end - dt.timedelta(days=1)) if end else self.last
        return Period(first, last) if first <= last else None


def month_period(month: str | dt.date) -> Period:
    """The whole calendar month."""
    first = parse_month(month)
    return Period(first, first.replace(day=calendar.monthrange(first.year, first.month)[1]))


@dataclass(frozen=True)
class BillPeriods:
    """What the bill of ``bill_month`` covers."""

    bill_month: dt.date
    recurring: Period  # the bill month, in advance
    initial: Period  # the month before, for initial-bill partial months (arrears)
    usage: Period  # the month before, in arrears


def bill_periods(bill_month: str | dt.date) -> BillPeriods:
    """The periods the bill of ``bill_month`` covers (see the module docstring)."""
    first = parse_month(bill_month)
    before = month_period(add_months(first, -1))
    return BillPeriods(first, month_period(first), before, before)


def recurring_periods(
    bill_month: str | dt.date,
    installed: dt.date | None = None,
    disconnected: dt.date | None = None,
    commencement: dt.date | None = None,
) -> list[Period]:
    """The service periods a recurring charge covers on the bill of ``bill_month`` (0, 1 or 2).

    Service runs from ``max(installed, commencement)`` to the day before ``disconnected``.

    >>> [str(p) for p in recurring_periods("2006-03", installed=dt.date(2006, 3, 15))]
    []
    >>> [str(p) for p in recurring_periods("2006-03", installed=dt.date(2006, 3, 1), disconnected=dt.date(2006, 3, 21))]
    ['2006-03-01..2006-03-20']
    >>> [str(p) for p in recurring_periods("2005-11", installed=dt.date(2005, 1, 1), commencement=dt.date(2005, 10, 17))]
    ['2005-10-17..2005-10-31', '2005-11-01..2005-11-30']
    """
    starts = [d for d in (installed, commencement) if d is not None]
    start = max(starts) if starts else None
    periods = bill_periods(bill_month)
    out: list[Period] = []
    # initial bill: service began after the first day of the previous month
    if start is not None and periods.initial.first < start <= periods.initial.last:
        part = periods.initial.clip(start, disconnected)
        if part is not None:
            out.append(part)
    # the bill month, in advance, if in service on the bill date
    if start is None or start <= periods.recurring.first:
        part = periods.recurring.clip(start, disconnected)
        if part is not None:
            out.append(part)
    return out


def prorate(monthly: Decimal, period: Period, quantity: Decimal = Decimal(1)) -> Decimal:
    """``monthly × quantity`` for ``period``: × days ÷ days in its month, in cents (rounded once).

    >>> prorate(Decimal("15.72"), month_period("2006-03"), Decimal(13))
    Decimal('204.36')
    >>> prorate(Decimal("24.50"), Period(dt.date(2006, 2, 1), dt.date(2006, 2, 14)))
    Decimal('12.25')
    """
    if period.first.replace(day=1) != period.last.replace(day=1):
        raise ValueError(f"prorate one calendar month at a time, not {period}")
    exact = monthly * quantity * Decimal(period.days) / Decimal(period.month_days)
    return to_cents(exact)


def election_months(bill_month: str | dt.date, months_per_bill: int) -> list[dt.date]:
    """The months an election bill rendered in ``bill_month`` covers: the period just ended.

    Periods of ``months_per_bill`` months are aligned on January (3 → calendar quarters); the
    bill for a period is the first bill after it ends. Any other bill month covers none.

    >>> [m.isoformat() for m in election_months("2006-04", 3)]
    ['2006-01-01', '2006-02-01', '2006-03-01']
    >>> election_months("2006-05", 3)
    []
    """
    if months_per_bill < 1 or 12 % months_per_bill:
        raise ValueError(f"an election billing period of {months_per_bill} months does not divide the year")
    first = parse_month(bill_month)
    if (first.month - 1) % months_per_bill:
        return []
    return [add_months(first, -k) for k in range(months_per_bill, 0, -1)]
