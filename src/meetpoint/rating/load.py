"""Hourly carried load per switch pair, and the busy hour (ITU-T E.500 terms).

**Hourly load.** Each call's conversation ``[answer, answer + duration)`` (tenths of seconds) is
split exactly across the UTC hours it touches and summed per (``orig_switch``, ``term_switch``,
UTC ``hour``); each UTC hour is one local clock hour (:mod:`meetpoint.rating.clock`), which gives
its local ``date``, ``local_hour``, ``fold`` and ``month``. A call across an hour, midnight or a
month end therefore loads each hour, day and month with exactly the part it spent there (the
usage cube, by contrast, books the whole call in its answer month). ``load_ds`` is call-tenths of
seconds; CCS = load_ds / 1,000 (1 CCS = 100 call-seconds), Erlangs = load_ds / 36,000
(:mod:`meetpoint.teletraffic.units`: 1 Erlang = 36 CCS). ``answered`` counts calls answered in
the hour (peg count); ``call_month`` is the answer month of the calls that
carried it (so re-rating one month replaces exactly its own contribution). Direction is the order of the switch pair: ``(A, B)`` rows are A→B traffic;
:func:`pair_hours` adds B→A for two-way figures.

**Busy hour.** For a switch pair and month:

- ``tcbh`` (time-consistent busy hour, the default): the clock hour whose load, averaged over the
  month's days (every occurrence of that clock hour, days without traffic counting as zero), is
  highest; ties go to the earliest hour. Clock hours; E.500's best four consecutive quarter-hours
  are computed on demand from the stored calls (:mod:`meetpoint.rating.quarters`).
- ``adph`` (average daily peak hour, ADPH-F): the mean over the month's days of each day's own
  highest clock hour (days without traffic count as zero). ADPH ≥ TCBH on the same data (the
  repeated hour of a fall-back day, an extra observation for TCBH, is the one exception).

All days count by default; ``business_days_only`` keeps Monday–Friday except federal holidays
(:mod:`meetpoint.calendar.business_days`). DST: a fall-back day's repeated 01:00 is its own
observation of clock hour 1 (the month then has one more 01:00 to average over); a spring-forward
day simply has no 02:00.

Calls are aggregated before they are split (:func:`hour_groups`: per switch pair, answer hour and
span in hours, the count and the sums of answer and end offsets), and the groups are split
exactly (:func:`hourly_from_groups`); only groups spanning three or more hours explode into
rows (``ibis.range(...).unnest()``: DuckDB ``UNNEST(RANGE(...))``; PySpark ``explode(sequence(...))``).
"""

from __future__ import annotations

from typing import Any, Sequence

import ibis

from meetpoint.rating.clock import clock_table, days_in_months, hour_occurrences
from meetpoint.rating.ops import idiv

__all__ = [
    "BUSY_HOUR_METHODS",
    "DS_PER_CCS",
    "DS_PER_ERLANG",
    "HOURLY_COLUMNS",
    "busy_hour",
    "daily_peaks",
    "hour_groups",
    "hourly_from_groups",
    "hourly_load",
    "pair_hours",
    "split_keys",
]

_DS_PER_HOUR = 36_000
#: Call-tenths of seconds per CCS (100 call-seconds) and per Erlang-hour (3,600 call-seconds).
DS_PER_CCS = 1_000
DS_PER_ERLANG = 36_000
#: Busy-hour methods; the first is the default.
BUSY_HOUR_METHODS: dict[str, str] = {
    "tcbh": "time-consistent busy hour: the clock hour with the highest load averaged over the month's days",
    "adph": "average daily peak hour: the mean of each day's own highest clock hour",
}
#: Columns of the ``hourly_load`` workspace table.
HOURLY_COLUMNS: tuple[str, ...] = (
    "call_month",
    "orig_switch",
    "term_switch",
    "hour",
    "month",
    "date",
    "local_hour",
    "fold",
    "answered",
    "load_ds",
)


def split_keys(calls: Any) -> Any:
    """``calls`` (with ``answer_ds``, ``end_ds``, ``duration_ds``) plus how each is split over clock
    hours: ``h0`` the UTC hour of its answer, ``d`` the hours from it to the last one the call
    touches, ``_mp_a``/``_mp_e`` its answer and end in tenths of seconds from the start of ``h0``.
    A call without conversation time loads no hour: its ``h0`` and ``d`` are NULL."""
    live = calls.duration_ds > 0
    h0 = idiv(calls.answer_ds, _DS_PER_HOUR)
    return calls.mutate(
        h0=ibis.ifelse(live, h0, ibis.null("int64")),
        d=ibis.ifelse(live, (idiv(calls.end_ds - 1, _DS_PER_HOUR) - h0).cast("int32"), ibis.null("int32")),
        _mp_a=calls.answer_ds - h0 * _DS_PER_HOUR, _mp_e=calls.end_ds - h0 * _DS_PER_HOUR,
    )


def hour_groups(calls: Any, keys: Sequence[str] = ("orig_switch", "term_switch"), *, extra: dict[str, Any] | None = None) -> Any:
    """Calls aggregated before they are split (:func:`split_keys`): per ``keys``, answer hour ``h0``
    and span ``d``: ``n`` calls, ``sa``/``se`` the sums of answer and end in tenths of seconds
    *from the start of* ``h0``.

    Every call of a group loads its hours the same way up to those sums, so :func:`hourly_from_groups`
    splits the groups exactly, and nothing is split per call. ``extra`` adds aggregates.
    """
    c = split_keys(calls.filter(calls.duration_ds > 0))
    return c.group_by([*keys, "h0", "d"]).aggregate(
        n=c.count().cast("int64"), sa=c._mp_a.sum().cast("int64"), se=c._mp_e.sum().cast("int64"),
        **{k: f(c) for k, f in (extra or {}).items()},
    )


def hourly_from_groups(groups: Any, tz: str, *, clock: Any = None) -> Any:
    """:data:`HOURLY_COLUMNS` from :func:`hour_groups` (with ``orig_switch``/``term_switch`` keys).

    A group of ``n`` calls answered in hour ``h0`` and ending ``d`` hours later loads ``h0`` with
    ``se - sa`` (``d = 0``) or ``n·3600 s - sa``, each hour in between with ``n·3600 s``, and hour
    ``h0 + d`` with ``se - n·d·3600 s``: the sums of the per-call pieces, exactly. ``answered``
    counts in ``h0``; ``call_month`` is the local month of ``h0``.
    """
    clock = clock_table(tz) if clock is None else clock
    g = groups
    m = clock.select(_mp_h=clock.hour, _mp_cm=clock.month)
    g = g.left_join(m, g.h0 == m._mp_h).select(*g.columns, call_month=ibis._._mp_cm)
    keys = ["call_month", "orig_switch", "term_switch"]
    X = _DS_PER_HOUR
    first = g.select(*keys, hour=g.h0, answered=g.n, piece_ds=ibis.ifelse(g.d == 0, g.se - g.sa, g.n * X - g.sa))
    last = g.filter(g.d > 0)
    last = last.select(*keys, hour=last.h0 + last.d, answered=ibis.literal(0, "int64"),
                       piece_ds=last.se - last.n * last.d.cast("int64") * X)
    mid = g.filter(g.d > 1)
    mid = mid.select(*keys, "n", hour=ibis.range(mid.h0 + 1, mid.h0 + mid.d).unnest())
    mid = mid.select(*keys, "hour", answered=ibis.literal(0, "int64"), piece_ds=mid.n * X)
    p = first.union(last).union(mid)
    agg = p.group_by([*keys, "hour"]).aggregate(
        answered=p.answered.sum().cast("int64"), load_ds=p.piece_ds.sum().cast("int64")
    )
    c = clock.select(_mp_hour=clock.hour, month=clock.month, date=clock.local_date, local_hour=clock.local_hour, fold=clock.fold)
    j = agg.left_join(c, agg.hour == c._mp_hour)
    return j.select(*HOURLY_COLUMNS)


def hourly_load(classified: Any, tz: str, *, clock: Any = None) -> Any:
    """Hourly carried load per ordered switch pair, with local labels (:data:`HOURLY_COLUMNS`).

    ``classified`` has one row per call with ``answer_ds``, ``end_ds``, ``duration_ds``,
    ``orig_switch`` and ``term_switch`` (:func:`~meetpoint.rating.classify.classify`).
    """
    return hourly_from_groups(hour_groups(classified), tz, clock=clock)


def pair_hours(hourly: Any, from_switch: str, to_switch: str, *, two_way: bool = False, month: str | None = None) -> Any:
    """Load per UTC hour between two switches: ``from→to`` only, or both directions summed."""
    sel = (hourly.orig_switch == from_switch) & (hourly.term_switch == to_switch)
    if two_way:
        sel |= (hourly.orig_switch == to_switch) & (hourly.term_switch == from_switch)
    h = hourly.filter(sel)
    if month is not None:
        h = h.filter(h.month == month)
    return h.group_by(["hour", "month", "date", "local_hour", "fold"]).aggregate(
        answered=h.answered.sum().cast("int64"), load_ds=h.load_ds.sum().cast("int64")
    )


def _units(t: Any, col: str) -> Any:
    return t.mutate(ccs=t[col].cast("float64") / DS_PER_CCS, erlangs=t[col].cast("float64") / DS_PER_ERLANG)


def daily_peaks(hours: Any, *, business_days_only: bool = False, tz: str | None = None, clock: Any = None) -> Any:
    """Each day's own busy hour from :func:`pair_hours`: ``date``, ``month``, ``busy_hour``,
    ``fold``, ``load_ds``, ``ccs``, ``erlangs`` (days with traffic only)."""
    h = hours
    if business_days_only:
        clock = clock_table(tz) if clock is None else clock
        bd = clock.filter(clock.business_day).select(_mp_d=clock.local_date).distinct()
        h = h.semi_join(bd, h.date == bd._mp_d)
    w = ibis.window(group_by=h.date, order_by=[ibis.desc(h.load_ds), h.hour])
    ranked = h.mutate(_mp_rank=ibis.row_number().over(w))
    top = ranked.filter(ranked._mp_rank == 0).select("date", "month", busy_hour=ranked.local_hour, fold=ranked.fold, load_ds=ranked.load_ds)
    return _units(top, "load_ds").order_by("date")


def busy_hour(
    hours: Any,
    *,
    tz: str,
    method: str = "tcbh",
    business_days_only: bool = False,
    clock: Any = None,
) -> Any:
    """The busy hour of each month from :func:`pair_hours`: ``month``, ``method``, ``busy_hour``
    (local clock hour; NULL for ADPH), ``load_ds`` (average call-tenths of seconds in the busy
    hour), ``ccs``, ``erlangs``, ``days`` (days averaged over)."""
    if method not in BUSY_HOUR_METHODS:
        raise ValueError(f"unknown busy-hour method {method!r}; methods: {', '.join(BUSY_HOUR_METHODS)}")
    clock = clock_table(tz) if clock is None else clock
    days = days_in_months(clock, business_days_only=business_days_only)
    if method == "tcbh":
        h = hours
        if business_days_only:
            bd = clock.filter(clock.business_day).select(_mp_d=clock.local_date).distinct()
            h = h.semi_join(bd, h.date == bd._mp_d)
        per = h.group_by(["month", "local_hour"]).aggregate(total=h.load_ds.sum())
        occ = hour_occurrences(clock, business_days_only=business_days_only)
        occ = occ.select(_mp_m=occ.month, _mp_h=occ.local_hour, n=occ.n)
        j = per.join(occ, [per.month == occ._mp_m, per.local_hour == occ._mp_h])
        j = j.select("month", "local_hour", avg=j.total.cast("float64") / j.n)
        w = ibis.window(group_by=j.month, order_by=[ibis.desc(j.avg), j.local_hour])
        r = j.mutate(_mp_rank=ibis.row_number().over(w))
        top = r.filter(r._mp_rank == 0).select("month", busy_hour=r.local_hour, load_ds=r.avg)
        d = days.select(_mp_m=days.month, days=days.days)
        out = top.join(d, top.month == d._mp_m).select("month", "busy_hour", "load_ds", "days")
    else:
        peaks = daily_peaks(hours, business_days_only=business_days_only, tz=tz, clock=clock)
        total = peaks.group_by("month").aggregate(total=peaks.load_ds.sum())
        d = days.select(_mp_m=days.month, days=days.days)
        j = total.join(d, total.month == d._mp_m)
        out = j.select("month", busy_hour=ibis.null("int8"), load_ds=j.total.cast("float64") / j.days, days=j.days)
    out = out.mutate(method=ibis.literal(method))
    return _units(out, "load_ds").select("month", "method", "busy_hour", "load_ds", "ccs", "erlangs", "days").order_by("month")
