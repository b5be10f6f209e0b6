"""The busy hour by quarter-hours: ITU-T E.500's best four consecutive quarter-hours, for one
switch pair and month (``shared/reference/formats.md`` §8).

The stored hourly load (:mod:`meetpoint.rating.load`) has whole clock hours, and the triggers
read it: its busy hour always starts on the hour. A busy hour of four consecutive quarter-hours
may start at :15, :30 or :45, and its load is never below the clock hour's (the clock hours are
among its windows). This module computes it on demand from the stored calls that may load the
month: those answered in it, or before it by no more than the longest stored call
(:func:`stored_quarter_busy_hour`):

- **Quarters.** Each call's conversation ``[answer, answer + duration)`` (tenths of seconds) is
  split exactly over the UTC quarter-hours it touches; the pieces of a call add up to its
  duration. A UTC quarter is the ``q``-th 900 seconds since 1970; its local clock time is its UTC
  hour's (:mod:`meetpoint.rating.clock`) plus 0, 15, 30 or 45 minutes (zones offset by whole
  hours, as every NANP zone is).
- **TCBH-Q**: each local quarter-hour slot of the day (00:00, 00:15, … 23:45) averaged over its
  occurrences in the month (a fall-back day's repeated 01:00–01:45 count twice, as in the hourly
  figure; days without traffic count as zero); the busy hour is the four consecutive slots with the
  highest sum, inside the clock day; ties go to the earliest window that starts with traffic (a
  window starting in a quiet quarter holds no more than the one starting at its next busy quarter).
- **ADPH-Q**: each day's own best four consecutive quarter-hours (in real time, inside the day),
  averaged over the month's days (days without traffic count as zero).

Load is call-tenths of seconds per hour (``load_ds``): CCS = load_ds / 1,000, Erlangs =
load_ds / 36,000, as for the hourly figures.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import ibis

from meetpoint.rating.clock import days_in_months, hour_occurrences
from meetpoint.rating.load import DS_PER_CCS, DS_PER_ERLANG
from meetpoint.rating.ops import idiv

__all__ = ["DS_PER_QUARTER", "QUARTER_METHODS", "pair_quarters", "quarter_busy_hour", "stored_quarter_busy_hour"]

#: Tenths of seconds in a quarter-hour.
DS_PER_QUARTER = 9_000
#: The busy-hour methods by quarter-hours (beside :data:`meetpoint.rating.load.BUSY_HOUR_METHODS`).
QUARTER_METHODS: dict[str, str] = {
    "tcbh": "time-consistent busy hour: the four consecutive quarter-hours with the highest load averaged over "
            "the month's days (E.500)",
    "adph": "average daily peak hour: the mean of each day's own best four consecutive quarter-hours (ADPH-Q)",
}
#: Quarter-hour slots in a clock day, and the last slot a four-quarter window may start at.
_SLOTS = 96
_LAST_START = _SLOTS - 4


def pair_quarters(switched: Any, from_switch: str, to_switch: str, *, two_way: bool, month: str, clock: Any) -> Any:
    """Load per UTC quarter-hour between two switches in ``month`` (local): ``q``, ``date``,
    ``local_hour``, ``fold``, ``minute``, ``slot`` (``local_hour`` × 4 + quarter), ``load_ds``.

    ``switched`` has one row per call with ``answer_ds``, ``end_ds``, ``duration_ds``,
    ``orig_switch``, ``term_switch`` (:func:`meetpoint.rating.classify.switched`); ``from→to``
    only, or both directions summed."""
    sel = (switched.orig_switch == from_switch) & (switched.term_switch == to_switch)
    if two_way:
        sel |= (switched.orig_switch == to_switch) & (switched.term_switch == from_switch)
    c = switched.filter(sel & (switched.duration_ds > 0))
    c = c.select("answer_ds", "end_ds", q=ibis.range(idiv(c.answer_ds, DS_PER_QUARTER),
                                                       idiv(c.end_ds - 1, DS_PER_QUARTER) + 1).unnest())
    piece = ibis.least(c.end_ds, (c.q + 1) * DS_PER_QUARTER) - ibis.greatest(c.answer_ds, c.q * DS_PER_QUARTER)
    per_q = c.group_by("q").aggregate(load_ds=piece.sum().cast("int64"))
    k = clock.select(_mp_h=clock.hour, _mp_m=clock.month, date=clock.local_date, local_hour=clock.local_hour, fold=clock.fold)
    j = per_q.join(k, idiv(per_q.q, 4) == k._mp_h)
    j = j.filter(j._mp_m == month)
    quarter = (j.q % 4).cast("int16")
    return j.select("q", "date", "local_hour", "fold", minute=quarter * 15,
                    slot=j.local_hour.cast("int16") * 4 + quarter, load_ds=j.load_ds)


def _start(slot: int) -> str:
    return f"{slot // 4:02d}:{slot % 4 * 15:02d}"


def quarter_busy_hour(quarters: Any, *, month: str, method: str, clock: Any) -> dict[str, Any]:
    """The busy hour of :func:`pair_quarters` in ``month`` by ``method`` (``tcbh`` or ``adph``):
    ``busy_start`` (``HH:MM`` local; None for ADPH or no traffic), ``load_ds`` (float), ``ccs``,
    ``erlangs``, ``days`` (the month's days averaged over) and ``daily`` (each day with traffic:
    ``date``, ``busy_start``, ``fold`` of its first quarter, ``load_ds``, ``ccs``, ``erlangs``)."""
    days = int(days_in_months(clock).filter(ibis._.month == month).days.sum().fill_null(0).to_pyarrow().as_py())
    daily = _daily(quarters, clock)
    if method == "tcbh":
        occ = hour_occurrences(clock)
        occ = occ.filter(occ.month == month).select(_mp_lh=occ.local_hour, n=occ.n)
        per = quarters.group_by(["slot", "local_hour"]).aggregate(total=quarters.load_ds.sum())
        per = per.join(occ, per.local_hour == occ._mp_lh)
        per = per.select("slot", avg=per.total.cast("float64") / per.n)
        w = per.mutate(window=per.avg.sum().over(ibis.window(order_by=per.slot, range=(0, 3))))
        # ordered on the sum rounded to 1e-6: two windows of the same averages added in another order
        # may differ in the last bit, and distinct sums of tenths over at most 32 days differ by far more
        rows = w.order_by([ibis.desc(w.window.round(6)), w.slot]).limit(1).to_pyarrow().to_pylist()
        start, load = (min(rows[0]["slot"], _LAST_START), rows[0]["window"]) if rows else (None, 0.0)
        busy = None if start is None else _start(start)
    elif method == "adph":
        busy, load = None, (sum(d["load_ds"] for d in daily) / days if days else 0.0)
    else:
        raise ValueError(f"unknown busy-hour method {method!r}; methods: {', '.join(QUARTER_METHODS)}")
    return {"busy_start": busy, "load_ds": float(load), "ccs": float(load) / DS_PER_CCS,
            "erlangs": float(load) / DS_PER_ERLANG, "days": days, "daily": daily}


def _daily(quarters: Any, clock: Any) -> list[dict[str, Any]]:
    """Each day's best four consecutive quarter-hours (in real time, inside the day)."""
    w = quarters.mutate(window=quarters.load_ds.sum().over(
        ibis.window(group_by=quarters.date, order_by=quarters.q, range=(0, 3))))
    rank = ibis.row_number().over(ibis.window(group_by=w.date, order_by=[ibis.desc(w.window), w.q]))
    top = w.mutate(_mp_r=rank).filter(ibis._._mp_r == 0).select("date", "q", "window")
    # a window that would run past the day's end starts at the day's last full hour instead (same load)
    c = clock.view()  # the quarters were labelled from the same clock: a view keeps the joins apart
    last = c.group_by(_mp_d=c.local_date).aggregate(_mp_last=c.hour.max() * 4 + 3)
    top = top.join(last, top.date == last._mp_d)
    top = top.select("date", "window", q=ibis.least(top.q, top._mp_last - 3)).view()  # a relation of its own to join on
    c = clock.view()
    k = c.select(_mp_h=c.hour, local_hour=c.local_hour, fold=c.fold)
    top = top.join(k, idiv(top.q, 4) == k._mp_h)
    rows = top.order_by("date").to_pyarrow().to_pylist()
    return [{"date": r["date"], "busy_start": _start(int(r["local_hour"]) * 4 + int(r["q"]) % 4), "fold": r["fold"],
             "load_ds": int(r["window"]), "ccs": r["window"] / DS_PER_CCS, "erlangs": r["window"] / DS_PER_ERLANG}
            for r in rows]


def stored_quarter_busy_hour(ws: Any, month: str, from_switch: str, to_switch: str, *, two_way: bool,
                             method: str) -> dict[str, Any]:
    """:func:`quarter_busy_hour` of one switch pair in ``month`` (``YYYY-MM``) from the workspace's
    stored calls: those answered in the month, or before it by no more than the longest stored
    call (a call of weeks loads every hour it spans), attributed to switches as the hourly load
    attributes them (:func:`meetpoint.rating.classify.switched`)."""
    from meetpoint.rating.classify import switched
    from meetpoint.rating.clock import clock_table
    from meetpoint.traffic.storage import read_cdrs

    year, mon = int(month[:4]), int(month[5:])
    longest = int(read_cdrs(ws).duration_ds.max().fill_null(0).to_pyarrow().as_py())
    first = dt.date(year, mon, 1) - dt.timedelta(days=1 + longest // 864_000)
    months = [f"{y}-{m:02d}" for y in range(first.year, year + 1) for m in range(1, 13)
              if (first.year, first.month) <= (y, m) <= (year, mon)]
    tz = ws.config.timezone
    clock = clock_table(tz, first.year - 1, year + 1, business=False)
    calls = switched(ws, read_cdrs(ws, months), tz=tz, clock=clock)
    quarters = pair_quarters(calls, from_switch, to_switch, two_way=two_way, month=month, clock=clock)
    return quarter_busy_hour(quarters, month=month, method=method, clock=clock)
