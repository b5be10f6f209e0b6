"""The one home of "N consecutive months".

The seeds say it two ways and mean the same computation:

- Interim §5 ¶8 / Amendment §3 ¶8: "... for three consecutive months, and not before then";
- IDT Art. IV §5.2: "... is met for each month of a consecutive two-month period".

Both are met in the first month that completes a run of ``n`` calendar months in each of which the
month's test passed: that month is ``first_met`` ("not before then"). A month that failed breaks the
run, and so does a month with no evidence at all: the calendar is walked month by month, so a gap in
the data counts as a month not met (nothing is bridged).

>>> first_completed({"2006-01": True, "2006-02": True, "2006-04": True}, 2,
...                 month_range("2006-01", "2006-04"))
'2006-02'
>>> first_completed({"2006-01": True, "2006-03": True, "2006-04": True}, 3,
...                 month_range("2006-01", "2006-04")) is None
True
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Mapping, Sequence

__all__ = ["first_completed", "month_end", "month_range", "next_month", "parse_month", "run_lengths"]

_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(month: str) -> tuple[int, int]:
    """``"2006-03"`` -> ``(2006, 3)``; ``ValueError`` naming the text otherwise."""
    m = _MONTH_RE.match(str(month))
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise ValueError(f"{month!r} is not a month in the form YYYY-MM")
    return int(m.group(1)), int(m.group(2))


def next_month(month: str) -> str:
    """The calendar month after ``month``."""
    y, m = parse_month(month)
    return f"{y + m // 12:04d}-{m % 12 + 1:02d}"


def month_range(first: str, last: str) -> list[str]:
    """Every calendar month from ``first`` to ``last`` inclusive (empty when ``last`` is earlier)."""
    parse_month(last)
    out, m = [], first
    while parse_month(m) <= parse_month(last):
        out.append(m)
        m = next_month(m)
    return out


def month_end(month: str) -> dt.date:
    """The last day of ``month``: the date whose terms a month is judged by."""
    y, m = parse_month(month)
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def _check_contiguous(months: Sequence[str]) -> None:
    for a, b in zip(months, months[1:]):
        if next_month(a) != b:
            raise ValueError(f"months must be the contiguous calendar: {b} does not follow {a}")


def run_lengths(passed: Mapping[str, bool], months: Sequence[str]) -> dict[str, int]:
    """For each month of ``months`` (calendar order, no holes), how many consecutive months up to and
    including it passed; a month absent from ``passed`` counts as not passed."""
    _check_contiguous(months)
    out: dict[str, int] = {}
    run = 0
    for month in months:
        run = run + 1 if passed.get(month, False) else 0
        out[month] = run
    return out


def first_completed(passed: Mapping[str, bool], n: int | Mapping[str, int], months: Sequence[str]) -> str | None:
    """The first month of ``months`` that completes ``n`` consecutive passed months, else ``None``.

    ``months`` must be the contiguous calendar (use :func:`month_range`); a month missing from
    ``passed`` breaks a run exactly as a failed month does. ``n`` may be given per month (the
    count in force at the month that would complete the run), since an agreement's count is dated.
    """
    for month, run in run_lengths(passed, months).items():
        need = n if isinstance(n, int) else n.get(month)
        if need is None:
            continue
        if need < 1:
            raise ValueError(f"a run needs at least one month, not {need}")
        if run >= need:
            return month
    return None
