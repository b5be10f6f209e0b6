"""Classify every call: carriers, switches, route, jurisdiction and governing agreement.

:func:`classify` takes the stored calls (``meetpoint.traffic.read_cdrs``: the canonical columns,
TNs as int64, times as UTC timestamps) and returns an **unexecuted** Ibis expression with one row
per call. Everything is a join with a small reference table on integer or short string keys, each
reference row taken as of the call's local date; there is no loop or UDF per call.

Per call (numbers as of the call's local answer date):

- **local time**: ``answer_ds``/``end_ds`` are tenths of seconds since 1970 (UTC);
  ``duration_ds`` is the stored one (ingest always sets it: the CDR's stated duration, else answer
  to disconnect, IDT Art. IV §2.4.1); ``date``, ``hour`` and ``month`` are those of the answer in the workspace time zone
  (:mod:`meetpoint.rating.clock`).
- **numbers** (:func:`meetpoint.network.lookup.annotate_numbers`): the dialed number's rate center
  rates the call; the LRN (the CDR's ``term_lrn``, else ``ports``) decides the serving carrier and
  switch of a ported number. The CDR's ``orig_switch``/``term_switch`` win when given.
- **route**: the CDR's (``direct`` or ``transit:<OCN>``), ``unknown`` when absent.
- **agreement**: :mod:`meetpoint.rating.governing` (top of the resolved chain, or NULL).
- **jurisdiction**: :mod:`meetpoint.rating.jurisdiction` (the decision table and its cites).
"""

from __future__ import annotations

from typing import Any, Callable, Iterable

import ibis

from meetpoint.network.tables import in_effect
from meetpoint.rating import jurisdiction as J
from meetpoint.rating.clock import clock_table
from meetpoint.rating.governing import governing_rows, governing_table, parties
from meetpoint.rating.ops import ds_since_epoch, idiv

__all__ = ["CLASSIFIED_COLUMNS", "classify", "classify_groups", "cube_part", "group_calls", "hour_call_groups",
           "hour_part", "lacking_a_switch", "rating_groups", "rating_groups_sql", "switch_map", "switched", "switched_hours", "timing"]

#: The columns of the classified call table, in order.
CLASSIFIED_COLUMNS: tuple[str, ...] = (
    "call_id",
    "month",
    "date",
    "hour",
    "answer_ds",
    "end_ds",
    "duration_ds",
    "agreement",
    "orig_carrier",
    "term_carrier",
    "orig_switch",
    "term_switch",
    "route",
    "jurisdiction",
    "orig_rc",
    "term_rc",
)

_DS_PER_HOUR = 36_000
#: The stored call columns rating reads (the rest - trunk group, source file/row, batch - are dropped first).
_CALL_COLUMNS = ("call_id", "orig_tn", "term_tn", "term_lrn", "answer_ts", "duration_ds",
                 "orig_switch", "term_switch", "route", "cmrs", "isp_bound", "orig_location")

def timing(calls: Any, tz: str, *, clock: Any = None) -> Any:
    """The calls plus ``answer_ds``, ``end_ds``, ``duration_ds`` (exact) and local ``date``, ``hour``, ``month``.

    The local labels come from the answer's UTC hour joined with the clock of ``tz``. A CDR
    ``duration_ds`` is the measured conversation time, never NULL in the store (ingest sets it,
    :func:`meetpoint.traffic.validate.validation_sql`); the disconnect time is not read.
    """
    clock = clock_table(tz) if clock is None else clock
    calls = calls.select(*[c for c in _CALL_COLUMNS if c in calls.columns])
    answer_ds = ds_since_epoch(calls.answer_ts)
    t = calls.mutate(
        answer_ds=answer_ds,
        duration_ds=calls.duration_ds.cast("int64"),
    )
    t = t.mutate(end_ds=t.answer_ds + t.duration_ds, _mp_hour=idiv(t.answer_ds, _DS_PER_HOUR))
    extra = [c for c in ("period", "seg") if c in clock.columns]
    c = clock.select("_mp_c_hour", "date", "hour", "_mp_month", *extra) if "_mp_c_hour" in clock.columns else clock.select(
        *extra, _mp_c_hour=clock.hour, date=clock.local_date, hour=clock.local_hour.cast("int8"), _mp_month=clock.month)
    j = t.left_join(c, t._mp_hour == c._mp_c_hour)
    keep = [col for col in t.columns if col not in ("_mp_hour", "month", "answer_ts")]
    return j.select(*keep, "date", "hour", *extra, month=j._mp_month)


def _ref(ws: Any, name: str) -> Any:
    from meetpoint.network import tables

    return tables.read(ws, name)


def _lookups(t: Any, specs: list[tuple[Any, dict[str, str], dict[str, str], str]]) -> Any:
    """``t`` plus, for each ``(ref, keys, take, prefix)``, the reference row in effect on
    ``t.date`` (a left join): ``keys`` maps a column of ``t`` to a column of ``ref`` (which has
    ``effective`` and ``until``), ``take`` a new column (named ``prefix`` + name) to a ``ref`` column.

    One chain of left joins and one projection: the same rows as one lookup after another (each
    joins on columns of ``t`` only), and far less Ibis work to build and compile than a
    projection after every join."""
    j, new = t, []
    for ref, keys, take, prefix in specs:
        r = ref.select(
            **{f"{prefix}k_{rc}": ref[rc] for rc in keys.values()},
            **{f"{prefix}{name}": ref[rc] for name, rc in take.items()},
            **{f"{prefix}eff": ref.effective, f"{prefix}until": ref.until},
        )
        preds = [t[tc] == r[f"{prefix}k_{rc}"] for tc, rc in keys.items()]
        preds.append(in_effect(r[f"{prefix}eff"], r[f"{prefix}until"], t.date))
        j = j.left_join(r, preds)
        new += [f"{prefix}{name}" for name in take]
    return j.select(*t.columns, *new)


#: The value columns a dialed number takes from its VNXX row.
_VNXX_TAKE = {"rated": "rated_rate_center", "phys": "physical_rate_center"}


def _vnxx_specs(ws: Any) -> list[tuple[Any, dict[str, str], dict[str, str], str]]:
    """The VNXX row of the dialed number: a TN row, else its thousands block's row, else its NXX's
    row (as of the call date); needs ``_mp_nxx``/``_mp_blk`` (:func:`_judge`)."""
    v = _ref(ws, "vnxx")
    return [(v.filter(v.tn.notnull()), {"term_tn": "tn"}, _VNXX_TAKE, "_mp_vt_"),
            (v.filter(v.tn.isnull() & v.block.notnull()), {"_mp_nxx": "npa_nxx", "_mp_blk": "block"}, _VNXX_TAKE, "_mp_vb_"),
            (v.filter(v.tn.isnull() & v.block.isnull()), {"_mp_nxx": "npa_nxx"}, _VNXX_TAKE, "_mp_vx_")]


def _link_spec(lc: Any, a: str, b: str, name: str) -> tuple[Any, dict[str, str], dict[str, str], str]:
    """The local-calling link from rate center column ``a`` to ``b`` on the call date (its kind as
    ``_mp_<name>_kind``; :func:`_link_class` makes the class)."""
    return (lc, {a: "rate_center", b: "reaches"}, {"kind": "kind"}, f"_mp_{name}_")


def _link_class(t: Any, a: str, b: str, name: str) -> Any:
    """The class (local / optional / NULL) of the link :func:`_link_spec` found."""
    return J.link_class_expr((t[a] == t[b]).fill_null(False), t[f"_mp_{name}_kind"])


def _annotate_default(ws: Any, t: Any, tn: str, date: str, prefix: str) -> Any:
    from meetpoint.network.lookup import annotate_numbers

    return annotate_numbers(ws, t, tn, date, prefix)


def _library(ws: Any, lib: Any, governing: Iterable[Any] | None) -> tuple[Any, list[Any], list[str]]:
    if lib is None:
        from meetpoint.agreements import load_library

        lib = load_library(extra=[ws.dir("agreements")])  # its agreement files and decisions, as every command loads them
    rows = list(governing_rows(lib) if governing is None else governing)
    return lib, rows, sorted(parties(lib))


def _numbers(ws: Any, t: Any, annotate: Callable[..., Any]) -> Any:
    """Carriers, switches and rate centers of both ends (the LRN, from the CDR or ``ports``, serves).

    Each distinct (number, date) — calling, dialed or LRN — is looked up once and joined back to
    the three ends on equality: one lookup expression instead of three (a third of the Ibis
    building and compiling).
    """
    keys = (t.select(_mp_nk=t.orig_tn, _mp_nd=t.date)
            .union(t.select(_mp_nk=t.term_tn, _mp_nd=t.date))
            .union(t.select(_mp_nk=t.term_lrn, _mp_nd=t.date))
            .distinct())
    a = annotate(ws, keys.filter(keys._mp_nk.notnull()), "_mp_nk", "_mp_nd", "_mp_a_")
    for end, p in (("orig_tn", "_mp_o_"), ("term_tn", "_mp_t_"), ("term_lrn", "_mp_l_")):
        r = a.select(**{f"{p}k": a._mp_nk, f"{p}on": a._mp_nd, f"{p}carrier": a._mp_a_carrier,
                        f"{p}rate_center": a._mp_a_rate_center, f"{p}switch": a._mp_a_switch})
        j = t.left_join(r, [t[end] == r[f"{p}k"], t.date == r[f"{p}on"]])
        t = j.select(*t.columns, f"{p}carrier", f"{p}rate_center", f"{p}switch")
    ported_cdr = t.term_lrn.notnull()
    t = t.mutate(
        orig_carrier=t._mp_o_carrier,
        term_carrier=ibis.ifelse(ported_cdr, t._mp_l_carrier, t._mp_t_carrier),
        orig_switch=t.orig_switch.coalesce(t._mp_o_switch),
        term_switch=t.term_switch.coalesce(ibis.ifelse(ported_cdr, t._mp_l_switch, t._mp_t_switch)),
        orig_rc=t._mp_o_rate_center,
        _mp_num_rc=t._mp_t_rate_center,
    )
    return t.drop(*[c for c in t.columns if c.startswith(("_mp_o_", "_mp_t_", "_mp_l_"))])


def _judge(ws: Any, t: Any, rows: list[Any], party_ids: list[str], out: Iterable[str]) -> Any:
    """Agreement and jurisdiction of each row (a call or a group of like calls).

    Two chains of lookups: first what the numbers and carriers give (carrier kinds, the governing
    agreement, the dialed number's VNXX row, physical locations, the calling rate center's LATA),
    then what the rate centers so found give (local-calling links, the rating rate center's LATA).
    """
    car, loc, rc, lc = (_ref(ws, n) for n in ("carriers", "locations", "rate_centers", "local_calling"))
    g = ibis.memtable(governing_table(rows))
    g = g.select(carrier_a=g.carrier_a, carrier_b=g.carrier_b, effective=g.valid_from, until=g.valid_to,
                 agreement=g.agreement, vnxx_local=g.vnxx_local)
    t = t.mutate(_mp_nxx=idiv(t.term_tn, 10000).cast("int32"), _mp_blk=(idiv(t.term_tn, 1000) % 10).cast("int32"))
    t = _lookups(t, [
        (car, {"orig_carrier": "id"}, {"kind": "kind"}, "_mp_ok_"),  # carrier kinds (CMRS)
        (car, {"term_carrier": "id"}, {"kind": "kind"}, "_mp_tk_"),
        (g, {"orig_carrier": "carrier_a", "term_carrier": "carrier_b"},  # governing agreement
         {"agreement": "agreement", "vnxx": "vnxx_local"}, "_mp_g_"),
        *_vnxx_specs(ws),
        (loc, {"orig_tn": "tn"}, {"rc": "physical_rate_center"}, "_mp_lo_"),  # physical locations
        (loc, {"term_tn": "tn"}, {"rc": "physical_rate_center", "isp": "is_isp"}, "_mp_lt_"),
        (rc, {"orig_rc": "rate_center"}, {"lata": "lata"}, "_mp_ol_"),
    ])
    vnxx_phys = t._mp_vt_phys.coalesce(t._mp_vb_phys, t._mp_vx_phys)
    t = t.mutate(
        is_cmrs=t.cmrs.fill_null(False) | (t._mp_ok_kind == "CMRS").fill_null(False) | (t._mp_tk_kind == "CMRS").fill_null(False),
        orig_party=t.orig_carrier.isin(party_ids).fill_null(False) if party_ids else ibis.literal(False),
        term_party=t.term_carrier.isin(party_ids).fill_null(False) if party_ids else ibis.literal(False),
        agreement=t._mp_g_agreement,
        vnxx_treated=t._mp_g_vnxx.fill_null(False),
        vnxx_phys_rc=vnxx_phys,
        term_vnxx=vnxx_phys.notnull(),
        term_rc=t._mp_vt_rated.coalesce(t._mp_vb_rated, t._mp_vx_rated, t._mp_num_rc),
        is_isp=t.isp_bound.coalesce(t._mp_lt_isp).fill_null(False),
        _mp_orig_phys=t.orig_location.coalesce(t._mp_lo_rc, t.orig_rc),
        orig_lata=t._mp_ol_lata,
    )
    t = t.mutate(
        _mp_isp_phys=t._mp_lt_rc.coalesce(t.vnxx_phys_rc, t.term_rc),
        # a VNXX number the agreement does not treat as local is rated where its customer is
        _mp_rating_rc=ibis.ifelse(t.term_vnxx & ~t.vnxx_treated, t.vnxx_phys_rc, t.term_rc),
    )

    # local calling links and the LATA of the rating rate center
    local_only = lc.filter(lc.kind.isin([k for k, c in J.LINK_CLASS.items() if c == J.LOCAL]))
    t = _lookups(t, [
        _link_spec(lc, "orig_rc", "_mp_rating_rc", "link_class"),
        _link_spec(lc, "orig_rc", "term_rc", "rated_class"),
        _link_spec(local_only, "_mp_orig_phys", "_mp_isp_phys", "isp_class"),
        (rc, {"_mp_rating_rc": "rate_center"}, {"lata": "lata"}, "_mp_tl_"),
    ])
    t = t.mutate(
        link_class=_link_class(t, "orig_rc", "_mp_rating_rc", "link_class"),
        rated_class=_link_class(t, "orig_rc", "term_rc", "rated_class"),
        isp_class=_link_class(t, "_mp_orig_phys", "_mp_isp_phys", "isp_class"),
        term_lata=t._mp_tl_lata,
    )
    t = t.mutate(jurisdiction=J.jurisdiction_expr(t), route=t.route.fill_null("unknown"))
    return t.select(*out)


def classify(
    ws: Any,
    calls: Any,
    *,
    lib: Any = None,
    governing: Iterable[Any] | None = None,
    tz: str | None = None,
    annotate: Callable[..., Any] | None = None,
    clock: Any = None,
) -> Any:
    """One row per call with the columns of :data:`CLASSIFIED_COLUMNS` (an unexecuted Ibis expression).

    Parameters
    ----------
    ws : Workspace
        Gives the reference tables and the time zone (``ws.config.timezone`` unless ``tz``).
    calls : ibis.Table
        Stored calls (``meetpoint.traffic.read_cdrs``).
    lib : Library, optional
        The agreement library (default: the built-in one plus the workspace's files).
    governing : rows, optional
        Precomputed :func:`meetpoint.rating.governing.governing_rows` (default: from ``lib``).
    annotate : callable, optional
        ``annotate(ws, table, tn_col, date_col, prefix)`` adding ``carrier``, ``rate_center``,
        ``switch`` (default :func:`meetpoint.network.lookup.annotate_numbers`).
    """
    lib, rows, party_ids = _library(ws, lib, governing)
    t = timing(calls, tz or ws.config.timezone, clock=clock)
    t = _numbers(ws, t, annotate or _annotate_default)
    return _judge(ws, t, rows, party_ids, CLASSIFIED_COLUMNS)


def _special_tns(ws: Any) -> Any:
    """Numbers with facts of their own (ported, a VNXX TN row, a location): kept apart when grouping."""
    p, v, loc = _ref(ws, "ports"), _ref(ws, "vnxx"), _ref(ws, "locations")
    return (
        p.select(tn=p.tn.cast("int64"))
        .union(v.filter(v.tn.notnull()).select(tn=v.tn.cast("int64")))
        .union(loc.select(tn=loc.tn.cast("int64")))
    )


_DATED_TABLES = ("carriers", "rate_centers", "local_calling", "numbering", "ports", "vnxx", "locations")


#: ``seg`` = local month index × this + period (:func:`_periods`); periods stay far below it.
_SEG = 100_000


def _periods(ws: Any, rows: list[Any], clock: Any) -> Any:
    """The clock plus ``period``: the number of reference change dates on or before each local date,
    and ``seg``: the local month and the period in one integer (``(year·12 + month − 1)·100000 +
    period``), the cheapest key to group calls by.

    Two dates with the same period see exactly the same reference rows and governing agreements
    (every ``effective``/``until`` of a dated table and every governing ``valid_from``/``valid_to``
    is a change date), so calls may be grouped by period instead of by day.
    """
    parts = []
    for name in _DATED_TABLES:
        r = _ref(ws, name)
        parts.append(r.filter(r.effective.notnull()).select(d=r.effective.cast("date")))
        parts.append(r.filter(r.until.notnull()).select(d=r.until.cast("date")))
    gov = sorted({d for row in rows for d in (row.valid_from, row.valid_to) if d is not None})
    if gov:
        parts.append(ibis.memtable({"d": gov}, schema={"d": "date"}))
    bounds = parts[0]
    for p in parts[1:]:
        bounds = bounds.union(p)
    bounds = bounds.distinct()
    days = clock.select(_mp_day=clock.local_date).distinct()
    j = days.left_join(bounds, bounds.d <= days._mp_day)
    per = j.group_by("_mp_day").aggregate(period=j.d.count().cast("int32"))
    c = clock.select(_mp_c_hour=clock.hour, date=clock.local_date, hour=clock.local_hour.cast("int8"), _mp_month=clock.month)
    k = c.left_join(per, c.date == per._mp_day)
    seg = (k.date.year().cast("int64") * 12 + k.date.month() - 1) * _SEG + k.period
    return k.select("_mp_c_hour", "date", "hour", "_mp_month", "period", seg=seg.cast("int64"))


#: The keys of the cube's grouping set in :func:`rating_groups`.
_CUBE_SET = ("seg", "_mp_okey", "_mp_tkey", "term_lrn", "orig_switch", "term_switch", "route",
             "cmrs", "isp_bound", "orig_location")
#: The keys of the hourly load's grouping set: the CDR switches, and where a switch is missing the
#: number keys the :func:`switch_map` needs (0 otherwise), the answer hour and the span.
_HOUR_SET = ("orig_switch", "term_switch", "_mp_hokey", "_mp_htkey", "_mp_hlkey", "h0", "d")
#: The keys of :data:`_HOUR_SET` that matter only where a CDR lacks a switch.
_HOUR_NUMBER_KEYS = ("_mp_hokey", "_mp_htkey", "_mp_hlkey")


def rating_groups(ws: Any, calls: Any, *, lib: Any = None, governing: Iterable[Any] | None = None,
                  tz: str | None = None, clock: Any = None) -> Any:
    """Both groupings the rate step needs, from **one scan** of the calls (an Ibis table over the
    SQL of :func:`rating_groups_sql`)."""
    sql, schema = rating_groups_sql(ws, calls, lib=lib, governing=governing, tz=tz, clock=clock)
    return ws.con.sql(sql, schema=schema)


def rating_groups_sql(ws: Any, calls: Any, *, lib: Any = None, governing: Iterable[Any] | None = None,
                      tz: str | None = None, clock: Any = None, switches_named: bool = False) -> tuple[str, dict[str, Any]]:
    """Both groupings the rate step needs, from **one scan** of the calls: the SQL and its schema
    (the rate step runs the SQL as it is: an Ibis table over it would parse it back to compile it).

    Each call is keyed once (local month and reference period of its answer as one integer
    ``seg``, number keys, times) and counted in two grouping sets (SQL ``GROUPING SETS``: Ibis has
    no grouping-sets operation, and one scan instead of two saves seconds on millions of calls):

    * the cube's (``_mp_cube`` true): :data:`_CUBE_SET` → ``orig_tn``/``term_tn`` (smallest),
      ``calls``, ``duration_ds``, and ``date``: the first day of the ``seg`` (any day of a
      reference period sees the same reference rows, :func:`_periods`) — what
      :func:`classify_groups` classifies;
    * the hourly load's (``_mp_cube`` false): :data:`_HOUR_SET` → ``calls``, ``sa`` as in
      :func:`meetpoint.rating.load.hour_groups` (``se`` is ``sa`` + ``duration_ds``), and the
      smallest numbers. Calls without conversation time carry no load: their ``h0`` is NULL and
      :func:`hour_part` leaves them out.

    Only what the groupings need is computed per call: the answer in tenths of seconds, its UTC
    hour (joined with the clock for ``seg``), the number keys and the hour split.
    :func:`cube_part` and :func:`hour_part` split the result (store it first: both read it).

    ``switches_named=True`` says every call names both switches (the rate step counts the calls
    lacking one first, :func:`lacking_a_switch`): the hourly set is then keyed by switches, hour and span
    only, its number keys are 0, and the scan hashes three keys fewer per call (about a tenth of
    its time on 20 M calls).
    """
    from meetpoint.rating.load import split_keys

    rows = list(governing) if governing is not None else _library(ws, lib, None)[1]
    tz = tz or ws.config.timezone
    per = _periods(ws, rows, clock_table(tz) if clock is None else clock)
    t = calls.select(*[c for c in _CALL_COLUMNS if c not in ("call_id", "answer_ts", "duration_ds")],
                     answer_ds=ds_since_epoch(calls.answer_ts), duration_ds=calls.duration_ds.cast("int64"))
    t = t.mutate(end_ds=t.answer_ds + t.duration_ds, _mp_hh=idiv(t.answer_ds, _DS_PER_HOUR))
    t = _keyed(ws, t)
    hour_set = tuple(k for k in _HOUR_SET if k not in _HOUR_NUMBER_KEYS) if switches_named else _HOUR_SET
    if not switches_named:
        t = t.mutate(**{f"_mp_h{k}": v for k, v in _missing_switch_keys(t).items()})
    t = split_keys(t)
    keys = list(dict.fromkeys((*_CUBE_SET, *hour_set)))
    sets = ", ".join("(" + ", ".join(k) + ")" for k in (_CUBE_SET, hour_set))
    t = t.select(*sorted({*keys, "_mp_hh", "orig_tn", "term_tn", "duration_ds", "_mp_a"} - {"seg"}))
    per = per.select("_mp_c_hour", "seg", "date")
    types = {**t.schema(), **per.schema(), **{k: "int64" for k in _HOUR_NUMBER_KEYS if k not in keys}}
    named = "".join(f", 0::BIGINT AS {k}" for k in _HOUR_NUMBER_KEYS if k not in keys)
    schema = {"_mp_cube": "boolean", **{k: types[k] for k in (*keys, *_HOUR_NUMBER_KEYS) if k in types},
              "orig_tn": types["orig_tn"], "term_tn": types["term_tn"], "calls": "int64", "duration_ds": "int64",
              "sa": "int64", "date": types["date"]}
    # the clock (a few thousand hours) is written once and read twice: for each call's seg, and
    # for each seg's first day
    sql = ws.sql_with(
        {"_mp_calls": t, "_mp_per": per},
        f"SELECT g.*, f.date FROM (SELECT GROUPING(h0) = 1 AS _mp_cube, {', '.join(keys)}{named}, min(orig_tn) AS orig_tn, "
        "min(term_tn) AS term_tn, count(*) AS calls, sum(duration_ds)::BIGINT AS duration_ds, sum(_mp_a)::BIGINT AS sa "
        "FROM (SELECT c.*, p.seg FROM _mp_calls AS c LEFT JOIN _mp_per AS p ON c._mp_hh = p._mp_c_hour) "
        f"GROUP BY GROUPING SETS ({sets})) AS g "
        "LEFT JOIN (SELECT seg AS _mp_s_seg, min(date) AS date FROM _mp_per GROUP BY seg) AS f ON g.seg = f._mp_s_seg",
    )
    return sql, schema


def cube_part(groups: Any) -> Any:
    """The cube's grouping set of :func:`rating_groups` (or of the rate step's stored
    :func:`rating_groups_sql` result): the calls grouped by everything their classification
    depends on (the input of :func:`classify_groups`)."""
    g = groups.filter(groups._mp_cube)
    mi = idiv(g.seg, _SEG)
    month = idiv(mi, 12).cast("string") + "-" + (mi % 12 + 1).cast("string").lpad(2, "0")
    return g.select(*[k for k in _CUBE_SET if k not in ("_mp_okey", "_mp_tkey", "seg")], "date", "orig_tn", "term_tn",
                    month=month, calls=g.calls.cast("int64"), duration_ds=g.duration_ds.cast("int64"))


def hour_part(groups: Any) -> Any:
    """The hourly load's grouping set of :func:`rating_groups` (or of the stored
    :func:`rating_groups_sql` result): :func:`meetpoint.rating.load.hour_groups`
    per switch and number keys (the input of :func:`switched_hours`)."""
    g = groups.filter(~groups._mp_cube & groups.h0.notnull())
    return g.select("orig_switch", "term_switch", _mp_okey=g._mp_hokey, _mp_tkey=g._mp_htkey, _mp_lkey=g._mp_hlkey,
                    h0=g.h0, d=g.d, n=g.calls.cast("int64"), sa=g.sa.cast("int64"), se=(g.sa + g.duration_ds).cast("int64"),
                    orig_tn=g.orig_tn, term_tn=g.term_tn)


def group_calls(ws: Any, calls: Any, *, lib: Any = None, governing: Iterable[Any] | None = None,
                tz: str | None = None, clock: Any = None) -> Any:
    """Calls grouped by everything their classification depends on (:func:`cube_part` of
    :func:`rating_groups`)."""
    return cube_part(rating_groups(ws, calls, lib=lib, governing=governing, tz=tz, clock=clock))


def classify_groups(
    ws: Any,
    calls: Any,
    *,
    lib: Any = None,
    governing: Iterable[Any] | None = None,
    tz: str | None = None,
    annotate: Callable[..., Any] | None = None,
    clock: Any = None,
    grouped: Any = None,
) -> Any:
    """Like :func:`classify`, but for groups of like calls: the usage cube's fast path.

    Calls are first grouped (:func:`group_calls`) by everything their classification depends on,
    with each number replaced by its thousands block unless it has facts of its own (ported, a
    VNXX number row or a location row; those keep their TN), and by reference period (the days
    between two changes of any dated reference row or governing agreement, :func:`_periods`).
    Each group is then classified once, through the same code as :func:`classify`, using its
    smallest numbers and, as its date, the first day of its reference period in its month (every
    number of a block without facts of its own gets the same answers on every day of a period). ``grouped`` takes an already stored
    :func:`group_calls` result instead of ``calls``. Columns: :data:`~meetpoint.rating.cube.CUBE_KEYS`,
    ``calls`` and ``duration_ds``.
    """
    from meetpoint.rating.cube import CUBE_KEYS

    lib, rows, party_ids = _library(ws, lib, governing)
    g = grouped if grouped is not None else group_calls(ws, calls, lib=lib, governing=rows, tz=tz, clock=clock)
    g = _numbers(ws, g, annotate or _annotate_default)
    return _judge(ws, g, rows, party_ids, (*CUBE_KEYS, "calls", "duration_ds"))


def _keyed(ws: Any, t: Any) -> Any:
    """``t`` plus ``_mp_okey``/``_mp_tkey``: a number with facts of its own keeps its TN (≥ 0), any
    other number becomes its thousands block (``-(tn // 1000) - 1``, < 0, so the two never collide)."""
    sp = _special_tns(ws)
    okey = ibis.ifelse(t.orig_tn.isin(sp.tn), t.orig_tn, -idiv(t.orig_tn, 1000) - 1)
    tkey = ibis.ifelse(t.term_tn.isin(sp.tn), t.term_tn, -idiv(t.term_tn, 1000) - 1)
    return t.mutate(_mp_okey=okey, _mp_tkey=tkey)


def switch_map(ws: Any, keyed: Any, *, annotate: Callable[..., Any] | None = None) -> Any:
    """The serving switches of each (``period``, ``_mp_okey``, ``_mp_tkey``, ``_mp_lkey``) of
    ``keyed`` rows (calls or groups of calls with ``date``, ``orig_tn``, ``term_tn``) that lack a
    CDR switch: columns ``_mp_m_period``, ``_mp_m_okey``, ``_mp_m_tkey``, ``_mp_m_lkey``,
    ``_mp_m_osw``, ``_mp_m_tsw``. ``_mp_lkey`` is the CDR's LRN, -1 when it has none.

    Every call of one key gets the same switches from the numbers (the argument of
    :func:`classify_groups`), so the lookup runs once per key, on its smallest numbers and earliest
    date (any day of the key's period gives the same switches).
    """
    need = keyed.filter(keyed.orig_switch.isnull() | keyed.term_switch.isnull())
    k = need.group_by(["period", "_mp_okey", "_mp_tkey", "_mp_lkey"]).aggregate(
        date=need.date.min(), orig_tn=need.orig_tn.min(), term_tn=need.term_tn.min())
    k = k.mutate(term_lrn=ibis.ifelse(k._mp_lkey == -1, ibis.null("int64"), k._mp_lkey),
                 orig_switch=ibis.null("string"), term_switch=ibis.null("string"))
    k = _numbers(ws, k, annotate or _annotate_default)
    return k.select(_mp_m_period=k.period, _mp_m_okey=k._mp_okey, _mp_m_tkey=k._mp_tkey, _mp_m_lkey=k._mp_lkey,
                    _mp_m_osw=k.orig_switch, _mp_m_tsw=k.term_switch)


def _with_switches(ws: Any, t: Any, annotate: Callable[..., Any] | None) -> Any:
    """Rows with ``period`` and the switch keys: CDR switches, else the :func:`switch_map`'s."""
    m = switch_map(ws, t, annotate=annotate)
    j = t.left_join(m, [t.period == m._mp_m_period, t._mp_okey == m._mp_m_okey, t._mp_tkey == m._mp_m_tkey,
                        t._mp_lkey == m._mp_m_lkey])
    keep = [c for c in t.columns if c not in ("orig_switch", "term_switch")]
    return j.select(*keep, orig_switch=j.orig_switch.coalesce(j._mp_m_osw), term_switch=j.term_switch.coalesce(j._mp_m_tsw))


def lacking_a_switch(calls: Any) -> Any:
    """Whether a call lacks its originating or terminating CDR switch (an Ibis boolean column):
    only those calls need the :func:`switch_map` and the number keys of the hourly grouping."""
    return calls.orig_switch.isnull() | calls.term_switch.isnull()


def _missing_switch_keys(t: Any) -> dict[str, Any]:
    """The number keys that matter for a missing CDR switch only (0 where the CDR names the switch),
    from a :func:`_keyed` table: the originating and dialed number keys and the LRN (-1 for none)."""
    no_o, no_t = t.orig_switch.isnull(), t.term_switch.isnull()
    return {"okey": ibis.ifelse(no_o, t._mp_okey, 0), "tkey": ibis.ifelse(no_t, t._mp_tkey, 0),
            "lkey": ibis.ifelse(no_t, t.term_lrn.fill_null(-1), 0)}


def _switch_keys(ws: Any, t: Any) -> Any:
    """``t`` with ``_mp_okey``/``_mp_tkey``/``_mp_lkey`` as :func:`_missing_switch_keys`."""
    t = _keyed(ws, t)
    return t.mutate(**{f"_mp_{k}": v for k, v in _missing_switch_keys(t).items()})


def switched(ws: Any, calls: Any, *, tz: str | None = None, annotate: Callable[..., Any] | None = None, clock: Any = None) -> Any:
    """Per call only what the hourly load needs: ``month``, ``answer_ds``, ``end_ds``,
    ``duration_ds``, ``orig_switch``, ``term_switch`` (no jurisdiction or agreement).

    A CDR switch wins; a missing one comes from :func:`switch_map`, joined on integer keys (the
    reference period of the answer date and the number keys), never looked up per call. Periods
    here come from the dated tables only: switches do not depend on the governing agreement.
    """
    tz = tz or ws.config.timezone
    t = timing(calls, tz, clock=_periods(ws, [], clock_table(tz) if clock is None else clock))
    t = t.select("month", "period", "date", "answer_ds", "end_ds", "duration_ds", "orig_tn", "term_tn", "term_lrn",
                 "orig_switch", "term_switch")
    t = _with_switches(ws, _switch_keys(ws, t), annotate)
    return t.select("month", "answer_ds", "end_ds", "duration_ds", "orig_switch", "term_switch")


def hour_call_groups(ws: Any, calls: Any, *, tz: str | None = None, clock: Any = None) -> Any:
    """Calls aggregated for the hourly load (:func:`hour_part` of :func:`rating_groups`): keyed by
    the CDR switches and, where a switch is missing, by the number keys of :func:`switch_map`, with
    the smallest numbers of each group."""
    return hour_part(rating_groups(ws, calls, governing=[], tz=tz, clock=clock))


def switched_hours(ws: Any, calls: Any, *, tz: str | None = None, annotate: Callable[..., Any] | None = None,
                   clock: Any = None, grouped: Any = None, complete: bool = False) -> Any:
    """The hourly load's fast path: :func:`meetpoint.rating.load.hour_groups` per switch pair, from
    the stored calls (feed it to :func:`~meetpoint.rating.load.hourly_from_groups`).

    Calls are aggregated first (:func:`hour_call_groups`; ``grouped`` takes a stored result instead
    of ``calls``); the reference period of each group's answer hour and the :func:`switch_map` are
    joined on those groups, not on every call, and no call is converted to local time.
    ``complete=True`` says every group names both switches (the rate step counts them first): the
    switch map is then not built at all.
    """
    g = grouped if grouped is not None else hour_call_groups(ws, calls)
    if not complete:
        tz = tz or ws.config.timezone
        clock = _periods(ws, [], clock_table(tz) if clock is None else clock)
        c = clock.select("_mp_c_hour", "date", "period")
        g = g.left_join(c, g.h0 == c._mp_c_hour).select(*g.columns, "date", "period")
        g = _with_switches(ws, g, annotate)
    return g.select("orig_switch", "term_switch", "h0", "d", "n", "sa", "se")
