"""The monthly usage cube: calls, exact conversation time and billable minutes per cell.

One row per (``month``, ``agreement``, ``orig_carrier``, ``term_carrier``, ``orig_switch``,
``term_switch``, ``route``, ``jurisdiction``) with ``calls``, ``duration_ds`` (exact, tenths of
seconds: answer to disconnect, IDT Art. IV §2.4.1) and ``billable_minutes``, that cell's total
rounded up **once** (Art. IV §2.4.2, :mod:`meetpoint.rating.measure`). A bill that totals several
cells must round its own total again with :func:`meetpoint.rating.measure.billable_minutes` on the
summed ``duration_ds`` — never add the cells' ``billable_minutes``.

A call belongs to the month of its answer in the workspace time zone, whole (the hourly load, not
the cube, splits calls across hours, days and months).
"""

from __future__ import annotations

from typing import Any

from meetpoint.rating.measure import billable_minutes_expr

__all__ = ["CUBE_COLUMNS", "CUBE_KEYS", "usage_cube"]

#: The cube's dimensions, in order.
CUBE_KEYS: tuple[str, ...] = (
    "month",
    "agreement",
    "orig_carrier",
    "term_carrier",
    "orig_switch",
    "term_switch",
    "route",
    "jurisdiction",
)
#: Every column of the cube (the ``usage_cube`` workspace table).
CUBE_COLUMNS: tuple[str, ...] = (*CUBE_KEYS, "calls", "duration_ds", "billable_minutes")


def usage_cube(classified: Any) -> Any:
    """Aggregate classified calls (:func:`~meetpoint.rating.classify.classify`, one row a call) or
    classified groups (:func:`~meetpoint.rating.classify.classify_groups`, with ``calls``) into the cube.

    Examples
    --------
    >>> import ibis
    >>> calls = ibis.memtable({k: ["2024-01"] * 3 if k == "month" else ["x"] * 3 for k in CUBE_KEYS}
    ...                       | {"duration_ds": [201, 201, 201]})
    >>> usage_cube(calls).select("calls", "duration_ds", "billable_minutes").to_pyarrow().to_pylist()
    [{'calls': 3, 'duration_ds': 603, 'billable_minutes': 2}]
    """
    weight = classified.calls.sum() if "calls" in classified.columns else classified.count()
    agg = classified.group_by(list(CUBE_KEYS)).aggregate(
        calls=weight.cast("int64"),
        duration_ds=classified.duration_ds.sum().cast("int64"),
    )
    return agg.mutate(billable_minutes=billable_minutes_expr(agg.duration_ds)).select(*CUBE_COLUMNS)
