"""Benchmark: Meetpoint's ingest and rating against a hand-written DuckDB query and a per-row loop.

Usage: ``python bench/rating.py [--cdrs 20000000] [--quick] [--keep] [--sample 1000000] [--repeat 3]``

Generates ``--cdrs`` calls on the demo network (``meetpoint.demo.traffic``, Parquet written in
chunks under ``bench/data/``), then measures in one run, each phase in its own child process so
that each phase's peak memory (``ru_maxrss``) is its own:

(a) ingest: ``meetpoint.traffic.ingest_files`` of the Parquet files into a fresh demo workspace;
(b) rating: ``meetpoint.rating.run.rate_workspace`` for every month (the ``meetpoint rate`` path:
    grouped classification → ``usage_cube``, switch pairs → ``hourly_load``, both stored);
(c) the floor: one hand-written DuckDB SQL doing the same classification (numbers as of the call
    date, ports, carriers, governing agreement, VNXX, locations, calling links, LATAs, the
    jurisdiction decision table) and cube, plus the hourly load, over the same stored Parquet;
(d) the baseline: plain per-row Python rating (dict lookups, the same decision table, cube and
    hourly load) of a ``--sample`` of the stored calls.

(b), (c) and (d) run ``--repeat`` times each (default 3, each in a fresh process; the runs of the
three alternate); each is reported by its median run, with every run's seconds beside it, since
run-to-run noise on a shared 2-core machine is ±15 % or more. Prints calls per second of each,
the ratios b/c and b/d, and each phase's peak RSS (the largest of its runs). Deletes
``bench/data/`` at the end unless ``--keep``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
DATA = Path(os.environ.get("MEETPOINT_BENCH_DATA", ROOT / "data"))  # a child phase inherits it


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


# --- phases (each runs in a child process: python bench/rating.py --phase NAME) -------------------


def phase_generate(args: argparse.Namespace) -> dict[str, Any]:
    from meetpoint.demo.traffic import expected_calls, load_scenario, write_calls

    fixed = expected_calls(fixed=True)
    background = expected_calls(fixed=False)
    if args.cdrs >= fixed:  # the trigger pairs at their declared volumes, the rest scaled up to N
        scale, only = (args.cdrs - fixed) / background, None
    else:  # a small run: background flows only, thinned to N
        scale, only = args.cdrs / background, [f.id for f in load_scenario().flows if not f.fixed]
    t0 = time.perf_counter()
    paths = write_calls(DATA / "cdrs", format="parquet", months=12, scale=scale, only=only,
                        malformed_share=0.001, chunk_rows=1_000_000)
    seconds = time.perf_counter() - t0
    import pyarrow.parquet as pq

    rows = sum(pq.read_metadata(p).num_rows for p in paths)
    return {"seconds": seconds, "rows": rows, "files": [str(p) for p in paths], "scale": scale}


def phase_ingest(args: argparse.Namespace) -> dict[str, Any]:
    from meetpoint.demo.network_builder import build_demo_workspace
    from meetpoint.traffic import ingest_files

    ws = build_demo_workspace(DATA / "ws")
    paths = sorted((DATA / "cdrs").glob("*.parquet"))
    t0 = time.perf_counter()
    report = ingest_files(ws, paths, progress=False)
    seconds = time.perf_counter() - t0
    return {
        "seconds": seconds,
        "rows": sum(f.rows_read for f in report.files),
        "accepted": sum(f.accepted for f in report.files),
        "quarantined": sum(f.quarantined for f in report.files),
    }


def phase_rate(args: argparse.Namespace) -> dict[str, Any]:
    from meetpoint.rating.run import rate_workspace
    from meetpoint.store import Workspace

    ws = Workspace.open(DATA / "ws")
    ws.con  # the connection is opened before the timer, as (c)'s is (mostly the import of Ibis' DuckDB backend)
    t0 = time.perf_counter()
    summary = rate_workspace(ws)  # the real `meetpoint rate` path: every month, cube and hourly load stored
    seconds = time.perf_counter() - t0
    cube = ws.con.table("usage_cube")
    totals = cube.aggregate(calls=cube.calls.sum(), ds=cube.duration_ds.sum()).execute().iloc[0]
    return {"seconds": seconds, "rows": int(summary["calls_in"]), "cube_rows": int(summary["cube_rows"]),
            "cube_calls": int(totals["calls"]), "cube_ds": int(totals["ds"]),
            "hourly_rows": int(summary["hourly_rows"])}


def phase_hand(args: argparse.Namespace) -> dict[str, Any]:
    import duckdb

    from meetpoint.agreements import load_library
    from meetpoint.rating.governing import governing_rows, governing_table, parties
    from meetpoint.store import Workspace
    from meetpoint.traffic.storage import read_cdrs_sql

    ws = Workspace.open(DATA / "ws")
    tz = ws.config.timezone  # the workspace's zone, as the engine uses
    lib = load_library()
    gov = governing_table(governing_rows(lib))  # reference data from the library, as the engine uses
    party_list = ", ".join(f"'{p}'" for p in sorted(parties(lib)))
    source = read_cdrs_sql(ws)
    ws.con.con.close() if hasattr(ws.con, "con") else None
    con = duckdb.connect(str(ws.root / "meetpoint.duckdb"))
    con.register("gov_arrow", gov)
    n = con.execute(f"SELECT count(*) FROM ({source})").fetchone()[0]
    t0 = time.perf_counter()
    con.execute(HAND_SQL.format(source=source, parties=party_list, tz=tz))
    con.execute(HAND_LOAD_SQL.format(source=source, tz=tz))
    seconds = time.perf_counter() - t0
    calls, ds = con.execute("SELECT sum(calls), sum(duration_ds) FROM hand_cube").fetchone()
    cols = "month, agreement, orig_carrier, term_carrier, orig_switch, term_switch, route, jurisdiction, calls, duration_ds"
    cells_differing = con.execute(  # against Meetpoint's cube from phase (b), cell by cell
        f"SELECT count(*) FROM ((SELECT {cols} FROM usage_cube EXCEPT ALL SELECT {cols} FROM hand_cube) "
        f"UNION ALL (SELECT {cols} FROM hand_cube EXCEPT ALL SELECT {cols} FROM usage_cube))"
    ).fetchone()[0]
    hcols = "call_month, orig_switch, term_switch, hour, month, date, local_hour, answered, load_ds"
    hourly_differing = con.execute(  # and its hourly load, cell by cell
        f"SELECT count(*) FROM ((SELECT {hcols} FROM hourly_load EXCEPT ALL SELECT {hcols} FROM hand_load) "
        f"UNION ALL (SELECT {hcols} FROM hand_load EXCEPT ALL SELECT {hcols} FROM hourly_load))"
    ).fetchone()[0]
    return {"cells_differing": int(cells_differing), "hourly_differing": int(hourly_differing), "seconds": seconds, "rows": int(n), "cube_rows": con.execute("SELECT count(*) FROM hand_cube").fetchone()[0],
            "cube_calls": int(calls), "cube_ds": int(ds),
            "hourly_rows": con.execute("SELECT count(*) FROM hand_load").fetchone()[0]}


def _asof(alias: str, day: str) -> str:
    """Join condition "row in force on ``day``": the reference tables are expanded per date first."""
    return f"{alias}.asof = {day}"


#: Reference tables expanded to one row per date in force (``asof``), filtered as named, so that every
#: lookup is an equality hash join (range conditions in an outer join make DuckDB loop).
_DATED = {
    "nb_d": "numbering WHERE block IS NOT NULL",
    "nx_d": "numbering WHERE block IS NULL",
    "ports_d": "ports",
    "carriers_d": "carriers",
    "vt_d": "vnxx WHERE tn IS NOT NULL",
    "vb_d": "vnxx WHERE tn IS NULL AND block IS NOT NULL",
    "vx_d": "vnxx WHERE tn IS NULL AND block IS NULL",
    "locations_d": "locations",
    "lc_d": "local_calling",
    "lc_local_d": "local_calling WHERE kind IN ('basic', 'mandatory_eas', 'mca_mandatory', 'mca')",
    "rc_d": "rate_centers",
}


def _dated_ctes(days: str, names: tuple[str, ...] = tuple(_DATED)) -> str:
    out = []
    for name in names:
        table, _, where = _DATED[name].partition(" WHERE ")
        cond = f"({where}) AND " if where else ""
        out.append(
            f"{name} AS (SELECT t.*, dd.d AS asof FROM {table} t JOIN {days} dd ON {cond}"
            f"(t.effective IS NULL OR t.effective <= dd.d) AND (t.until IS NULL OR dd.d < t.until))"
        )
    return ",\n".join(out)


def _num_join(alias: str, tn: str, day: str = "c.d") -> str:
    """Block row and NXX row of number ``tn`` as of ``day`` (the block wins)."""
    return (
        f"LEFT JOIN nb_d {alias}b ON {alias}b.npa_nxx = {tn} // 10000 "
        f"AND {alias}b.block = {tn} // 1000 % 10 AND {_asof(alias + 'b', day)}\n"
        f"LEFT JOIN nx_d {alias}x ON {alias}x.npa_nxx = {tn} // 10000 AND {_asof(alias + 'x', day)}"
    )


def _link_join(alias: str, a: str, b: str, local_only: bool = False) -> str:
    table = "lc_local_d" if local_only else "lc_d"
    return f"LEFT JOIN {table} {alias} ON {alias}.rate_center = {a} AND {alias}.reaches = {b} AND {_asof(alias, 'j.d')}"


def _link_class(alias: str, a: str, b: str) -> str:
    return (f"CASE WHEN {a} = {b} THEN 'local' WHEN {alias}.kind IN ('basic', 'mandatory_eas', 'mca_mandatory', 'mca') "
            f"THEN 'local' WHEN {alias}.kind IN ('optional_eas', 'mca_optional') THEN 'optional' END")


HAND_SQL = (
    """
CREATE OR REPLACE TABLE hand_cube AS
WITH special AS (  -- numbers rated by their own row; every other number is rated by its thousands block
  SELECT tn FROM ports UNION SELECT tn FROM locations UNION SELECT tn FROM vnxx WHERE tn IS NOT NULL
), clock AS (      -- local date of each UTC hour of the data (a few thousand rows)
  SELECT h, CAST(timezone('{tz}', to_timestamp(h * 3600)) AS DATE) AS d
  FROM range((SELECT min(epoch(answer_ts))::BIGINT // 3600 FROM ({source})),
             (SELECT max(epoch(answer_ts))::BIGINT // 3600 + 1 FROM ({source}))) r(h)
), raw AS (
  SELECT month, epoch_us(answer_ts) // 3600000000 AS h,
    CASE WHEN so.tn IS NULL THEN orig_tn // 1000 * 1000 ELSE orig_tn END AS orig_tn,
    CASE WHEN st.tn IS NULL THEN term_tn // 1000 * 1000 ELSE term_tn END AS term_tn,
    so.tn AS orig_sp, st.tn AS term_sp,  -- the TN when special, else NULL (a block's key may equal a special TN)
    term_lrn, orig_switch, term_switch, route, cmrs, isp_bound, orig_location, duration_ds
  FROM ({source}) s
  LEFT JOIN special so ON so.tn = s.orig_tn
  LEFT JOIN special st ON st.tn = s.term_tn
), c AS (          -- classify distinct (date, number keys, flags) once, not every call
  SELECT month, clock.d, orig_tn, term_tn, orig_sp, term_sp, term_lrn, orig_switch, term_switch, route, cmrs, isp_bound, orig_location,
         count(*) AS calls, sum(duration_ds) AS duration_ds
  FROM raw JOIN clock ON clock.h = raw.h
  GROUP BY ALL
), days AS (SELECT DISTINCT d FROM c),
""" + _dated_ctes("days") + """,
gov_d AS (SELECT g.*, dd.d AS asof FROM gov_arrow g JOIN days dd ON g.valid_from <= dd.d AND (g.valid_to IS NULL OR dd.d < g.valid_to)),
n AS (
  SELECT c.*,
    coalesce(pl.lrn, c.orig_tn) AS o_srv, coalesce(c.term_lrn, pt.lrn) AS lrn,
    coalesce(onb.rate_center, onx.rate_center) AS orig_rc,
    coalesce(tnb.rate_center, tnx.rate_center) AS num_rc
  FROM c
  LEFT JOIN ports_d pl ON pl.tn = c.orig_sp AND """ + _asof("pl", "c.d") + """
  LEFT JOIN ports_d pt ON pt.tn = c.term_sp AND """ + _asof("pt", "c.d") + """
  """ + _num_join("on", "c.orig_tn") + """
  """ + _num_join("tn", "c.term_tn") + """
), s AS (
  SELECT n.*,
    coalesce(osb.carrier, osx.carrier) AS orig_carrier,
    coalesce(tsb.carrier, tsx.carrier) AS term_carrier,
    coalesce(n.orig_switch, osb.switch, osx.switch) AS o_switch,
    coalesce(n.term_switch, tsb.switch, tsx.switch) AS t_switch
  FROM n
  """ + _num_join("os", "n.o_srv", "n.d") + """
  """ + _num_join("ts", "coalesce(n.lrn, n.term_tn)", "n.d") + """
), k AS (
  SELECT s.*,
    coalesce(s.cmrs, false) OR coalesce(ok.kind = 'CMRS', false) OR coalesce(tk.kind = 'CMRS', false) AS is_cmrs,
    coalesce(s.orig_carrier IN ({parties}), false) AS orig_party,
    coalesce(s.term_carrier IN ({parties}), false) AS term_party,
    g.agreement, coalesce(g.vnxx_local, false) AS vnxx_treated,
    coalesce(vt.rated_rate_center, vb.rated_rate_center, vx.rated_rate_center) AS v_rated,
    coalesce(vt.physical_rate_center, vb.physical_rate_center, vx.physical_rate_center) AS v_phys,
    lo.physical_rate_center AS lo_rc, lt.physical_rate_center AS lt_rc, lt.is_isp AS lt_isp
  FROM s
  LEFT JOIN carriers_d ok ON ok.id = s.orig_carrier AND """ + _asof("ok", "s.d") + """
  LEFT JOIN carriers_d tk ON tk.id = s.term_carrier AND """ + _asof("tk", "s.d") + """
  LEFT JOIN gov_d g ON g.carrier_a = s.orig_carrier AND g.carrier_b = s.term_carrier AND g.asof = s.d
  LEFT JOIN vt_d vt ON vt.tn = s.term_sp AND """ + _asof("vt", "s.d") + """
  LEFT JOIN vb_d vb ON vb.npa_nxx = s.term_tn // 10000 AND vb.block = s.term_tn // 1000 % 10 AND """ + _asof("vb", "s.d") + """
  LEFT JOIN vx_d vx ON vx.npa_nxx = s.term_tn // 10000 AND """ + _asof("vx", "s.d") + """
  LEFT JOIN locations_d lo ON lo.tn = s.orig_sp AND """ + _asof("lo", "s.d") + """
  LEFT JOIN locations_d lt ON lt.tn = s.term_sp AND """ + _asof("lt", "s.d") + """
), r AS (
  SELECT k.*,
    coalesce(v_rated, num_rc) AS term_rc,
    v_phys IS NOT NULL AS term_vnxx,
    coalesce(isp_bound, lt_isp, false) AS is_isp,
    coalesce(orig_location, lo_rc, orig_rc) AS orig_phys,
    CASE WHEN v_phys IS NOT NULL AND NOT vnxx_treated THEN v_phys ELSE coalesce(v_rated, num_rc) END AS rating_rc
  FROM k
), j AS (
  SELECT r.*, coalesce(r.lt_rc, r.v_phys, r.term_rc) AS isp_phys FROM r
), x AS (
  SELECT j.*,
    """ + _link_class("l1", "j.orig_rc", "j.rating_rc") + """ AS link_class,
    """ + _link_class("l2", "j.orig_rc", "j.term_rc") + """ AS rated_class,
    CASE WHEN j.orig_phys = j.isp_phys OR l3.kind IS NOT NULL THEN 'local' END AS isp_class,
    ol.lata AS orig_lata, tl.lata AS term_lata
  FROM j
  """ + _link_join("l1", "j.orig_rc", "j.rating_rc") + """
  """ + _link_join("l2", "j.orig_rc", "j.term_rc") + """
  """ + _link_join("l3", "j.orig_phys", "j.isp_phys", local_only=True) + """
  LEFT JOIN rc_d ol ON ol.rate_center = j.orig_rc AND """ + _asof("ol", "j.d") + """
  LEFT JOIN rc_d tl ON tl.rate_center = j.rating_rc AND """ + _asof("tl", "j.d") + """
)
SELECT month, agreement, orig_carrier, term_carrier, o_switch AS orig_switch, t_switch AS term_switch,
  coalesce(route, 'unknown') AS route,
  CASE
    WHEN orig_rc IS NULL OR term_rc IS NULL THEN 'unrated'
    WHEN NOT orig_party AND NOT term_party THEN 'transit'
    WHEN is_cmrs THEN 'cmrs'
    WHEN term_vnxx AND vnxx_treated AND rated_class = 'local' THEN 'vnxx_local'
    WHEN is_isp AND isp_class = 'local' THEN 'isp_local'
    WHEN is_isp THEN 'isp_nonlocal'
    WHEN link_class = 'local' THEN 'local'
    WHEN link_class = 'optional' THEN 'optional_eas'
    WHEN orig_lata = term_lata THEN 'intralata_toll'
    ELSE 'interlata'
  END AS jurisdiction,
  sum(calls) AS calls, sum(duration_ds) AS duration_ds, (sum(duration_ds) + 599) // 600 AS billable_minutes
FROM x
GROUP BY ALL
"""
)

HAND_LOAD_SQL = (
    """
CREATE OR REPLACE TABLE hand_load AS
WITH c AS (
  SELECT month, orig_tn, term_tn, term_lrn, orig_switch, term_switch,
         epoch_us(answer_ts) // 100000 AS a_ds, epoch_us(answer_ts) // 100000 + duration_ds AS e_ds
  FROM ({source}) WHERE duration_ds > 0
), days AS (SELECT DISTINCT to_timestamp(a_ds / 10)::DATE AS d FROM c WHERE orig_switch IS NULL OR term_switch IS NULL),
""" + _dated_ctes("days", ("nb_d", "nx_d", "ports_d")) + """,
s AS (  -- switches from the CDR; from the numbers (as of the answer's UTC date, close enough) only when absent
  SELECT c.month, c.orig_switch, c.term_switch, a_ds, e_ds, a_ds // 36000 AS h0, (e_ds - 1) // 36000 AS h1
  FROM c WHERE c.orig_switch IS NOT NULL AND c.term_switch IS NOT NULL
  UNION ALL
  SELECT c.month, coalesce(c.orig_switch, onb.switch, onx.switch), coalesce(c.term_switch, tnb.switch, tnx.switch),
         a_ds, e_ds, a_ds // 36000, (e_ds - 1) // 36000
  FROM (SELECT *, to_timestamp(a_ds / 10)::DATE AS d FROM c WHERE c.orig_switch IS NULL OR c.term_switch IS NULL) c
  LEFT JOIN ports_d pt ON pt.tn = c.term_tn AND """ + _asof("pt", "c.d") + """
  """ + _num_join("on", "c.orig_tn") + """
  """ + _num_join("tn", "coalesce(c.term_lrn, pt.lrn, c.term_tn)") + """
), p AS (
  SELECT month, orig_switch, term_switch, h0 AS hour, count(*) AS answered, sum(e_ds - a_ds) AS piece
  FROM s WHERE h0 = h1 GROUP BY ALL
  UNION ALL
  SELECT month, orig_switch, term_switch, hour, (hour = h0)::INT, least(e_ds, (hour + 1) * 36000) - greatest(a_ds, hour * 36000)
  FROM (SELECT *, unnest(range(h0, h1 + 1)) AS hour FROM s WHERE h1 > h0)
), a AS (
  SELECT month AS call_month, orig_switch, term_switch, hour, sum(answered) AS answered, sum(piece) AS load_ds
  FROM p GROUP BY ALL
), clock AS (
  SELECT h, strftime(timezone('{tz}', to_timestamp(h * 3600)), '%Y-%m') AS month,
         CAST(timezone('{tz}', to_timestamp(h * 3600)) AS DATE) AS date,
         hour(timezone('{tz}', to_timestamp(h * 3600))) AS local_hour
  FROM (SELECT DISTINCT hour AS h FROM a)
)
SELECT a.call_month, a.orig_switch, a.term_switch, a.hour, clock.month, clock.date, clock.local_hour, a.answered, a.load_ds
FROM a JOIN clock ON clock.h = a.hour
"""
)


# --- (d) the per-row Python baseline ------------------------------------------------------------


def phase_python(args: argparse.Namespace) -> dict[str, Any]:
    import datetime as dt
    from zoneinfo import ZoneInfo

    import duckdb

    from meetpoint.agreements import load_library
    from meetpoint.rating.governing import governing_rows, parties
    from meetpoint.store import Workspace
    from meetpoint.traffic.storage import read_cdrs_sql

    ws = Workspace.open(DATA / "ws")
    source = read_cdrs_sql(ws)
    ws.con.con.close() if hasattr(ws.con, "con") else None
    con = duckdb.connect(str(ws.root / "meetpoint.duckdb"), read_only=True)
    rows = con.execute(  # times as integers: the per-row loop converts them itself
        f"SELECT * EXCLUDE (answer_ts, disconnect_ts), epoch_us(answer_ts) AS answer_us FROM ({source}) "
        f"USING SAMPLE {int(args.sample)} ROWS (reservoir, 42)"
    ).fetchall()
    names = [d[0] for d in con.description]
    rows = [dict(zip(names, r)) for r in rows]

    def table(name: str) -> list[dict[str, Any]]:
        cur = con.execute(f"SELECT * FROM {name}")
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r)) for r in cur.fetchall()]

    def live(r: dict[str, Any], d: dt.date) -> bool:
        return (r["effective"] is None or r["effective"] <= d) and (r["until"] is None or d < r["until"])

    def index(rows_: list[dict[str, Any]], *keys: str) -> dict[Any, list[dict[str, Any]]]:
        out: dict[Any, list[dict[str, Any]]] = {}
        for r in rows_:
            out.setdefault(tuple(r[k] for k in keys), []).append(r)
        return out

    def first(idx: dict[Any, list[dict[str, Any]]], key: Any, d: dt.date) -> dict[str, Any] | None:
        for r in idx.get(key, ()):
            if live(r, d):
                return r
        return None

    numbering = table("numbering")
    nb = index([r for r in numbering if r["block"] is not None], "npa_nxx", "block")
    nx = index([r for r in numbering if r["block"] is None], "npa_nxx")
    ports = index(table("ports"), "tn")
    carriers = index(table("carriers"), "id")
    vnxx = table("vnxx")
    vt = index([r for r in vnxx if r["tn"] is not None], "tn")
    vb = index([r for r in vnxx if r["tn"] is None and r["block"] is not None], "npa_nxx", "block")
    vx = index([r for r in vnxx if r["tn"] is None and r["block"] is None], "npa_nxx")
    locations = index(table("locations"), "tn")
    links = index(table("local_calling"), "rate_center", "reaches")
    rcs = index(table("rate_centers"), "rate_center")
    lib = load_library()
    gov = index([r.__dict__ if hasattr(r, "__dict__") else r._asdict() for r in governing_rows(lib)], "carrier_a", "carrier_b")
    party = set(parties(lib))
    local_kinds = {"basic", "mandatory_eas", "mca_mandatory", "mca"}
    optional_kinds = {"optional_eas", "mca_optional"}
    zone = ZoneInfo(ws.config.timezone)

    def assign(tn: int | None, d: dt.date) -> dict[str, Any] | None:
        if tn is None:
            return None
        return first(nb, (tn // 10000, tn // 1000 % 10), d) or first(nx, (tn // 10000,), d)

    def link(a: str | None, b: str | None, d: dt.date, only_local: bool = False) -> str | None:
        if a is None or b is None:
            return None
        if a == b:
            return "local"
        for r in links.get((a, b), ()):
            if live(r, d):
                if r["kind"] in local_kinds:
                    return "local"
                if r["kind"] in optional_kinds and not only_local:
                    return "optional"
        return None

    def gov_row(a: str | None, b: str | None, d: dt.date) -> Any:
        for g in gov.get((a, b), ()):
            if g["valid_from"] <= d and (g["valid_to"] is None or d < g["valid_to"]):
                return g
        return None

    t0 = time.perf_counter()
    cube: dict[tuple[Any, ...], list[int]] = {}
    load: dict[tuple[Any, ...], list[int]] = {}
    for c in rows:
        local = dt.datetime.fromtimestamp(c["answer_us"] / 1e6, zone)
        d = local.date()
        orig_tn, term_tn = c["orig_tn"], c["term_tn"]
        po = first(ports, (orig_tn,), d)
        pt = first(ports, (term_tn,), d)
        lrn = c["term_lrn"] if c["term_lrn"] is not None else (pt["lrn"] if pt else None)
        on, tn = assign(orig_tn, d), assign(term_tn, d)
        osrv = assign(po["lrn"] if po and po["lrn"] else orig_tn, d)
        tsrv = assign(lrn if lrn is not None else term_tn, d)
        orig_rc, num_rc = on and on["rate_center"], tn and tn["rate_center"]
        oc, tc = osrv and osrv["carrier"], tsrv and tsrv["carrier"]
        o_sw = c["orig_switch"] or (osrv and osrv["switch"])
        t_sw = c["term_switch"] or (tsrv and tsrv["switch"])
        okind = (first(carriers, (oc,), d) or {}).get("kind")
        tkind = (first(carriers, (tc,), d) or {}).get("kind")
        is_cmrs = bool(c["cmrs"]) or okind == "CMRS" or tkind == "CMRS"
        g = gov_row(oc, tc, d)
        agreement, vnxx_treated = (g["agreement"], bool(g["vnxx_local"])) if g else (None, False)
        v = first(vt, (term_tn,), d) or first(vb, (term_tn // 10000, term_tn // 1000 % 10), d) or first(vx, (term_tn // 10000,), d)
        lo, lt = first(locations, (orig_tn,), d), first(locations, (term_tn,), d)
        term_rc = (v and v["rated_rate_center"]) or num_rc
        v_phys = v and v["physical_rate_center"]
        is_isp = c["isp_bound"] if c["isp_bound"] is not None else bool(lt and lt["is_isp"])
        orig_phys = c["orig_location"] or (lo and lo["physical_rate_center"]) or orig_rc
        isp_phys = (lt and lt["physical_rate_center"]) or v_phys or term_rc
        rating_rc = v_phys if (v_phys and not vnxx_treated) else term_rc
        if orig_rc is None or term_rc is None:
            j = "unrated"
        elif oc not in party and tc not in party:
            j = "transit"
        elif is_cmrs:
            j = "cmrs"
        elif v_phys and vnxx_treated and link(orig_rc, term_rc, d) == "local":
            j = "vnxx_local"
        elif is_isp and link(orig_phys, isp_phys, d, only_local=True) == "local":
            j = "isp_local"
        elif is_isp:
            j = "isp_nonlocal"
        else:
            lc = link(orig_rc, rating_rc, d)
            if lc == "local":
                j = "local"
            elif lc == "optional":
                j = "optional_eas"
            else:
                o_l, t_l = (first(rcs, (orig_rc,), d) or {}).get("lata"), (first(rcs, (rating_rc,), d) or {}).get("lata")
                j = "intralata_toll" if o_l == t_l else "interlata"
        key = (c["month"], agreement, oc, tc, o_sw, t_sw, c["route"] or "unknown", j)
        cell = cube.setdefault(key, [0, 0])
        cell[0] += 1
        cell[1] += c["duration_ds"]
        a_ds = c["answer_us"] // 100_000
        e_ds = a_ds + c["duration_ds"]
        h = a_ds // 36000
        while h * 36000 < e_ds:
            piece = min(e_ds, (h + 1) * 36000) - max(a_ds, h * 36000)
            slot = load.setdefault((c["month"], o_sw, t_sw, h), [0, 0])
            slot[0] += h * 36000 <= a_ds
            slot[1] += piece
            h += 1
    for cell in cube.values():
        cell.append((cell[1] + 599) // 600)
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "rows": len(rows), "cube_rows": len(cube), "hourly_rows": len(load)}


PHASES = {"generate": phase_generate, "ingest": phase_ingest, "rate": phase_rate, "hand": phase_hand, "python": phase_python}


def run_phase(name: str, args: argparse.Namespace) -> dict[str, Any]:
    """Run one phase in a fresh interpreter; its JSON result gets its own peak RSS."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--phase", name, "--cdrs", str(args.cdrs), "--sample", str(args.sample)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def median_run(results: list[dict[str, Any]]) -> dict[str, Any]:
    """The run with the median seconds (the lower middle of an even count), with ``runs``: every
    run's seconds in order, and ``peak_rss_mib``: the largest of them."""
    mid = sorted(results, key=lambda r: r["seconds"])[(len(results) - 1) // 2]
    return {**mid, "runs": [r["seconds"] for r in results], "peak_rss_mib": max(r["peak_rss_mib"] for r in results)}


def rate(rows: int, seconds: float) -> float:
    return rows / seconds if seconds > 0 else float("inf")


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--cdrs", type=int, default=20_000_000, help="calls to generate (default 20,000,000)")
    p.add_argument("--sample", type=int, default=1_000_000, help="calls rated by the per-row Python baseline")
    p.add_argument("--quick", action="store_true", help="smoke run: 300,000 calls, 100,000 for the baseline")
    p.add_argument("--keep", action="store_true", help="keep bench/data/ afterwards")
    p.add_argument("--repeat", type=int, default=3, help="runs of (b), (c) and (d) each, reported by the median (default 3)")
    p.add_argument("--phase", choices=sorted(PHASES), help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.quick:
        args.cdrs, args.sample = 300_000, 100_000
    if args.phase:
        result = PHASES[args.phase](args)
        result["peak_rss_mib"] = peak_rss_mib()
        print(json.dumps(result, default=str))
        return

    if DATA.exists():
        shutil.rmtree(DATA)
    DATA.mkdir(parents=True)
    try:
        res = {}
        for name in ("generate", "ingest"):
            print(f"[{name}] ...", file=sys.stderr, flush=True)
            res[name] = run_phase(name, args)
        runs: dict[str, list[dict[str, Any]]] = {"rate": [], "hand": [], "python": []}
        for i in range(max(1, args.repeat)):  # alternating, so that a noisy spell hits all three
            for name in runs:
                print(f"[{name} {i + 1}/{max(1, args.repeat)}] ...", file=sys.stderr, flush=True)
                runs[name].append(run_phase(name, args))
        res.update({name: median_run(rs) for name, rs in runs.items()})
        report(args, res)
    finally:
        if not args.keep:
            shutil.rmtree(DATA, ignore_errors=True)


def report(args: argparse.Namespace, res: dict[str, dict[str, Any]]) -> None:
    g, a, b, c, d = (res[k] for k in ("generate", "ingest", "rate", "hand", "python"))
    ra, rb, rc, rd = (rate(x["rows"], x["seconds"]) for x in (a, b, c, d))
    print(f"calls generated: {g['rows']:,} (background scale {g['scale']:.2f}) in {g['seconds']:.1f} s; "
          f"accepted {a['accepted']:,}, quarantined {a['quarantined']:,}")
    print(f"{'phase':<44}{'calls':>14}{'seconds':>10}{'calls/s':>14}{'peak RSS MiB':>14}")
    for label, x, r in (("(a) Meetpoint ingest (ingest_files)", a, ra),
                        ("(b) Meetpoint rating (rate_workspace)", b, rb),
                        ("(c) hand-written DuckDB SQL", c, rc),
                        ("(d) per-row Python (sample)", d, rd)):
        print(f"{label:<44}{x['rows']:>14,}{x['seconds']:>10.2f}{r:>14,.0f}{x['peak_rss_mib']:>14,.0f}")
    for label, x in (("(b)", b), ("(c)", c), ("(d)", d)):
        print(f"{label} runs, seconds: {', '.join(f'{t:.2f}' for t in x['runs'])} (median reported)")
    print(f"rating / hand-written SQL: {rb / rc:.2f}   (target >= 0.8)")
    print(f"rating / per-row Python:   {rb / rd:.2f}x   (target >= 100)")
    print(f"rating calls/s:            {rb / 1e6:.2f} M   (target >= 5 M)")
    same = (b["cube_calls"], b["cube_ds"]) == (c["cube_calls"], c["cube_ds"])
    print(f"cube totals agree (calls, tenths): {same}  Meetpoint {b['cube_calls']:,}/{b['cube_ds']:,}  "
          f"hand {c['cube_calls']:,}/{c['cube_ds']:,}; cube rows {b['cube_rows']} vs {c['cube_rows']}; "
          f"hourly rows {b['hourly_rows']} vs {c['hourly_rows']}")
    print(f"cells differing (b) vs (c): cube {c['cells_differing']}, hourly load {c['hourly_differing']}")


if __name__ == "__main__":
    main()
