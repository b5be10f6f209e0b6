"""Billable minutes from exact conversation time: the one home of the rounding rule.

IDT agreement, Art. IV §2.4.1–2.4.2: "Usage measurement for calls shall begin when Answer
Supervision … is received … and shall end at the time of call disconnect"; "Minutes of use (MOU),
or fractions thereof, shall not be rounded upward on a per-call basis, but will be accumulated over
the billing period. At the end of the billing period, any remaining fraction shall be rounded up to
the nearest whole minute to arrive at total billable minutes. MOU shall be collected and measured
in minutes, seconds, and tenths of seconds."

So conversation time is kept exactly, as an integer count of tenths of seconds (``_ds``), summed
over whatever the bill totals, and rounded up **once**, on that total. Every caller (the usage
cube's rows, settlement's billed totals) goes through :func:`billable_minutes` or
:func:`billable_minutes_expr`; nothing else divides by 600.

>>> billable_minutes(201 + 201 + 201)        # three calls of 20.1 s: 60.3 s in total
2
>>> sum(billable_minutes(d) for d in (201, 201, 201))   # per-call rounding: wrong, gives 3
3
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "DS_PER_MINUTE",
    "DS_PER_SECOND",
    "MEASUREMENT_CITE",
    "US_PER_DS",
    "billable_minutes",
    "billable_minutes_expr",
]

#: Where the rule comes from.
MEASUREMENT_CITE = "IDT Art. IV §2.4.1-2.4.2"
#: Tenths of seconds per second and per minute; microseconds per tenth of a second.
DS_PER_SECOND = 10
DS_PER_MINUTE = 600
US_PER_DS = 100_000


def billable_minutes(total_ds: int) -> int:
    """Whole billable minutes for a period total of ``total_ds`` tenths of seconds, rounded up.

    Exact integer arithmetic (no float): ``ceil(total_ds / 600)``.

    Parameters
    ----------
    total_ds : int
        Conversation time accumulated over the billing period, in tenths of seconds (≥ 0).

    Examples
    --------
    >>> billable_minutes(0), billable_minutes(1), billable_minutes(600), billable_minutes(601)
    (0, 1, 1, 2)
    """
    total = int(total_ds)
    if total < 0:
        raise ValueError(f"a total conversation time cannot be negative: {total_ds!r} tenths of seconds")
    return -(-total // DS_PER_MINUTE)


def billable_minutes_expr(total_ds: Any) -> Any:
    """:func:`billable_minutes` as an Ibis integer expression over a column of period totals.

    ``(total_ds + 599) // 600`` — integer floor division on non-negative integers, so exact on
    every backend.

    Examples
    --------
    >>> import ibis
    >>> t = ibis.memtable({"total_ds": [0, 1, 603, 600]})
    >>> t.select(m=billable_minutes_expr(t.total_ds)).to_pyarrow().column("m").to_pylist()
    [0, 1, 2, 1]
    """
    return ((total_ds + (DS_PER_MINUTE - 1)) // DS_PER_MINUTE).cast("int64")
