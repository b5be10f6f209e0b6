"""The rate step: execute the rating expressions once and store their results in the workspace.

This is the one place in :mod:`meetpoint.rating` that executes anything (``meetpoint rate`` calls
it). It reads the stored calls (all months, or the months asked for), classifies them, and
replaces the rows of those months in the workspace tables ``usage_cube`` (:data:`CUBE_COLUMNS`)
and ``hourly_load`` (:data:`HOURLY_COLUMNS`; rows are replaced by the answer month of the calls
that carried them), in one transaction. The calls in must equal the calls in the cube, or nothing
is written.
"""

from __future__ import annotations

import contextlib
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Iterable, Iterator

import ibis

# imported with the rate step, not while it runs: the library, the number lookup, the store
from meetpoint.agreements import load_library  # noqa: F401
from meetpoint.errors import WorkspaceError
from meetpoint.network.lookup import annotate_numbers  # noqa: F401 (the classification's default lookup)
from meetpoint.rating.classify import (_library, classify_groups, cube_part, hour_part, lacking_a_switch, rating_groups_sql,
                                       switched_hours)
from meetpoint.rating.clock import CLOCK_FIRST_YEAR, CLOCK_LAST_YEAR, clock_table
from meetpoint.rating.cube import CUBE_COLUMNS, usage_cube
from meetpoint.rating.load import HOURLY_COLUMNS, hourly_from_groups
from meetpoint.traffic.storage import cdr_files, read_cdrs

__all__ = ["CUBE_DDL", "HOURLY_DDL", "calls_stored_and_rated", "rate_workspace"]

CUBE_DDL = """CREATE TABLE IF NOT EXISTS usage_cube (
    month VARCHAR, agreement VARCHAR, orig_carrier VARCHAR, term_carrier VARCHAR, orig_switch VARCHAR,
    term_switch VARCHAR, route VARCHAR, jurisdiction VARCHAR, calls BIGINT, duration_ds BIGINT, billable_minutes BIGINT)"""
HOURLY_DDL = """CREATE TABLE IF NOT EXISTS hourly_load (
    call_month VARCHAR, orig_switch VARCHAR, term_switch VARCHAR, hour BIGINT, month VARCHAR, date DATE,
    local_hour TINYINT, fold TINYINT, answered BIGINT, load_ds BIGINT)"""


def _sql_list(values: Iterable[str]) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)


def _clock(ws: Any, months: list[str] | None, tz: str) -> Any:
    """The clock of the years of the stored months (a year either side): calls join it on their
    answer hour, and a clock of ~26,000 hours hashes faster than the default fifty years."""
    names = months if months is not None else [p.parent.name.removeprefix("month=") for p in cdr_files(ws)]
    years = sorted({int(m[:4]) for m in names if m[:4].isdigit()})
    if not years or years[0] - 1 < CLOCK_FIRST_YEAR or years[-1] + 1 > CLOCK_LAST_YEAR:
        return clock_table(tz, business=False)
    return clock_table(tz, years[0] - 1, years[-1] + 1, business=False)


#: The temporary table holding the scan's groups while the rate step runs.
_GROUPS = "_mp_rating_groups"


@contextlib.contextmanager
def _rated(ws: Any, calls: Any, lib: Any, rows: list[Any], clock: Any, tz: str, *,
           switches_named: bool) -> Iterator[tuple[Any, tuple[Any, str]]]:
    """The cube of ``calls`` as an Arrow table, and the hourly load's query as (Ibis expression,
    its SQL) to store with :meth:`~meetpoint.store.Workspace.insert_of` inside the block: it reads
    the scan's groups, kept until the block ends (the load is too big to fetch only to store it).

    One scan of the calls groups them for both (:func:`~meetpoint.rating.classify.rating_groups_sql`);
    the groups are stored, since the classification and the switch map read them several times.
    While DuckDB scans (it releases the GIL), a second thread builds and compiles the queries that
    read the groups — the classification and the hourly load — on the empty, typed table: that is
    pure Python (every reference table's handle is resolved first), about half a second of
    Ibis work that would otherwise follow the scan. ``switches_named`` (every call names both
    switches, the usual case) spares the scan the hourly grouping's number keys and the hourly load
    the switch map. Otherwise the form with the switch map is built after the scan, and only if a
    call with conversation time lacks a switch (it would take CPU from the scan).
    """
    from meetpoint.network import tables

    scan_sql, schema = rating_groups_sql(ws, calls, governing=rows, clock=clock, switches_named=switches_named)
    groups = ws.con.create_table(_GROUPS, schema=ibis.schema(schema), temp=True, overwrite=True)
    try:
        for name in tables.TABLES:
            tables.read(ws, name)

        def hourly(complete: bool) -> tuple[Any, str]:
            e = hourly_from_groups(switched_hours(ws, None, clock=clock, grouped=hour_part(groups), complete=complete),
                                   tz, clock=clock)
            return e, ws.con.compile(e)

        def queries() -> dict[str, tuple[Any, str]]:
            cube = usage_cube(classify_groups(ws, None, lib=lib, governing=rows, grouped=cube_part(groups)))
            return {"cube": (cube, ws.con.compile(cube)), "hourly": hourly(True)}

        with ThreadPoolExecutor(max_workers=1) as pool:
            built = pool.submit(queries)
            ws.run_sql(f"INSERT INTO {_GROUPS} BY NAME SELECT * FROM ({scan_sql})")
            q = built.result()
        incomplete = not switches_named and ws.run_sql(
            f"SELECT count(*) FROM {_GROUPS} WHERE NOT _mp_cube AND h0 IS NOT NULL "
            "AND (orig_switch IS NULL OR term_switch IS NULL)")[0][0]
        if incomplete:  # some calls name no switch: the switch map (built only now: a third of a second)
            q["hourly"] = hourly(False)
        ws.register(q["hourly"][0])  # now, not first inside the caller's transaction (a rollback would drop it)
        yield ws.arrow_of(*q["cube"]), q["hourly"]
    except BaseException:
        with contextlib.suppress(Exception):  # the error on its way out matters, not a failed clean-up
            ws.con.drop_table(_GROUPS, force=True)
        raise
    ws.con.drop_table(_GROUPS, force=True)


def calls_stored_and_rated(ws: Any, month: str) -> tuple[int, int]:
    """The calls stored for ``month`` (``YYYY-MM``) and the calls its ``usage_cube`` rows count: they
    differ when calls were ingested (or withdrawn) since the month was rated, or it never was."""
    stored = int(read_cdrs(ws, [month]).count().to_pyarrow().as_py())
    if not ws.has_table("usage_cube"):
        return stored, 0
    cube = ws.con.table("usage_cube")
    return stored, int(cube.filter(cube.month == month).calls.sum().fill_null(0).to_pyarrow().as_py())


def rate_workspace(ws: Any, months: list[str] | None = None, *, lib: Any = None, governing: Any = None,
                   calls: Any = None) -> dict[str, Any]:
    """Rate the stored calls of ``months`` (default: all) and store the cube and the hourly load.

    ``lib``/``governing`` as in :func:`~meetpoint.rating.classify.classify`; ``calls`` replaces
    the stored calls (tests).

    Returns a summary: ``months``, ``calls_in``, ``calls_in_cube``, ``cube_rows``, ``hourly_rows``,
    ``by_jurisdiction`` (calls per jurisdiction).
    """
    # the clock of the stored years (a trimmed clock hashes faster); any calls passed in get the whole clock
    clock = _clock(ws, months, ws.config.timezone) if calls is None else clock_table(ws.config.timezone, business=False)
    if calls is None:
        calls = read_cdrs(ws, months)
    counts = calls.aggregate(n=calls.count(), lacking=lacking_a_switch(calls).sum()).to_pyarrow()
    calls_in, lacking = (counts.column(k)[0].as_py() or 0 for k in ("n", "lacking"))
    lib, rows, _ = _library(ws, lib, governing)
    tz = ws.config.timezone
    with ws.unordered(), _rated(ws, calls, lib, rows, clock, tz, switches_named=not lacking) as (cube, hourly):  # nothing depends on row order
        in_cube = sum(cube.column("calls").to_pylist())
        if in_cube != calls_in:
            raise WorkspaceError(f"rating lost calls: {calls_in} stored, {in_cube} in the cube; nothing was written")
        outside = sum(n for m, n in zip(cube.column("month").to_pylist(), cube.column("calls").to_pylist()) if m is None)
        if outside:  # stored before ingest refused them (time_out_of_range); their hours cannot be split
            raise WorkspaceError(f"{outside} stored call(s) were answered outside the years rated "
                                 f"({CLOCK_FIRST_YEAR}–{CLOCK_LAST_YEAR}, local time); nothing was written. "
                                 "Remove their files and ingest them again: ingest now quarantines them.")
        cube_months = sorted(set(cube.column("month").to_pylist()))
        replace = sorted(set(months or []) | set(cube_months))
        with ws.transaction():
            ws.run_sql(CUBE_DDL)
            ws.run_sql(HOURLY_DDL)
            if months is None:
                ws.run_sql("DELETE FROM usage_cube")
                ws.run_sql("DELETE FROM hourly_load")
            elif replace:
                ws.run_sql(f"DELETE FROM usage_cube WHERE month IN ({_sql_list(replace)})")
                ws.run_sql(f"DELETE FROM hourly_load WHERE call_month IN ({_sql_list(replace)})")
            if cube.num_rows:
                ws.write_arrow("usage_cube", cube.select(list(CUBE_COLUMNS)), replace=False)
            hourly_rows = ws.insert_of("hourly_load", HOURLY_COLUMNS, *hourly)
    by_j: dict[str, int] = {}
    for j, n in zip(cube.column("jurisdiction").to_pylist(), cube.column("calls").to_pylist()):
        by_j[j] = by_j.get(j, 0) + n
    return {
        "months": replace,
        "calls_in": calls_in,
        "calls_in_cube": in_cube,
        "cube_rows": cube.num_rows,
        "hourly_rows": hourly_rows,
        "by_jurisdiction": dict(sorted(by_j.items())),
    }
