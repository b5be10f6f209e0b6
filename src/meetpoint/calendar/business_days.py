"""Business days: Monday through Friday except US federal holidays as observed.

IDT agreement, Appendix C 1.12 (**Business Day**): "Monday through Friday, except for holidays on
which the non-priority U.S. mail is not delivered."

The U.S. Postal Service does not deliver regular mail on the federal holidays of 5 U.S.C. §6103,
so the calendar is the federal one from the ``holidays`` package (``holidays.US()``, no state,
``observed=True``): a holiday falling on a Saturday is observed on the Friday before, one on a
Sunday on the Monday after (New Year's Day 2005, a Saturday, makes Friday 31 Dec 2004 a
non-business day). Juneteenth counts from 2021. See ``docs/deadlines.md`` for the known gaps
between the federal calendar and mail delivery.

Counting convention (the same for every function here): the starting date never counts; each
business day passed counts once. So ``add_business_days(d, n)`` is the n-th business day after
``d`` (before ``d`` when ``n`` is negative) and ``business_days_between(a, b)`` inverts it.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays

#: Where the rule comes from, for results that record it.
BUSINESS_DAY_CITE = "IDT App. C 1.12"
BUSINESS_DAY_TEXT = (
    "Monday through Friday, except for holidays on which the non-priority U.S. mail is not "
    "delivered."
)
HOLIDAY_CALENDAR = "US federal holidays as observed (holidays.US, observed=True)"

_ONE_DAY = dt.timedelta(days=1)


@lru_cache(maxsize=1)
def _federal() -> holidays.HolidayBase:
    # No subdivision: federal holidays only. ``expand=True`` (the default) fills years on demand,
    # including a 1 January on a Saturday observed on 31 December of the year before.
    return holidays.US(observed=True)


def _check(d: object, name: str = "date") -> dt.date:
    if isinstance(d, dt.datetime) or not isinstance(d, dt.date):
        raise TypeError(f"{name} must be a datetime.date (not {type(d).__name__})")
    return d


def holiday_name(d: dt.date) -> str | None:
    """The federal holiday observed on ``d`` (``"Thanksgiving Day"``), or ``None``."""
    return _federal().get(_check(d))


def is_business_day(d: dt.date) -> bool:
    """True when ``d`` is a Monday–Friday that is not a US federal holiday as observed.

    >>> import datetime as dt
    >>> is_business_day(dt.date(2005, 11, 24))   # Thanksgiving
    False
    >>> is_business_day(dt.date(2005, 11, 25))   # the Friday after
    True
    """
    _check(d)
    return d.weekday() < 5 and d not in _federal()


def add_business_days(d: dt.date, n: int) -> dt.date:
    """The ``n``-th business day after ``d`` (before it when ``n`` < 0).

    ``d`` itself never counts, whether or not it is a business day, so ``n=1`` is the next
    business day. ``n=0`` returns ``d`` unchanged, even on a weekend or holiday: zero days added
    is no change (use :func:`next_business_day` to roll a date forward).

    >>> import datetime as dt
    >>> add_business_days(dt.date(2005, 11, 23), 1)   # Wed -> Fri (Thanksgiving skipped)
    datetime.date(2005, 11, 25)
    """
    _check(d)
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"n must be an int (not {type(n).__name__})")
    step = _ONE_DAY if n > 0 else -_ONE_DAY
    remaining = abs(n)
    while remaining:
        d += step
        if is_business_day(d):
            remaining -= 1
    return d


def business_days_between(a: dt.date, b: dt.date) -> int:
    """How many business days lie from ``a`` to ``b``: ``a`` never counts, ``b`` counts if it is one.

    Forward (``b`` ≥ ``a``) it counts the business days in ``(a, b]``; backward it is minus the
    count in ``[b, a)``. Hence ``business_days_between(d, add_business_days(d, n)) == n`` for
    every ``n``. It is not antisymmetric when an end is not a business day.
    """
    _check(a, "a")
    _check(b, "b")
    if b >= a:
        lo, hi, sign = a + _ONE_DAY, b, 1
    else:
        lo, hi, sign = b, a - _ONE_DAY, -1
    count = 0
    day = lo
    while day <= hi:
        if is_business_day(day):
            count += 1
        day += _ONE_DAY
    return sign * count


def next_business_day(d: dt.date) -> dt.date:
    """``d`` if it is a business day, else the first business day after it."""
    _check(d)
    while not is_business_day(d):
        d += _ONE_DAY
    return d


__all__ = [
    "BUSINESS_DAY_CITE",
    "BUSINESS_DAY_TEXT",
    "HOLIDAY_CALENDAR",
    "add_business_days",
    "business_days_between",
    "holiday_name",
    "is_business_day",
    "next_business_day",
]
