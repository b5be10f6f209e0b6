"""The rate step (``rate_workspace``): one scan groups the calls for the cube and the hourly load;
what it stores equals the per-call path, whether the CDRs name their switches or not."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from rating_net import (
    CHICAGO, CTL_MEXICO, GOVERNING, LIB, PORTED, SOCKET_FULTON, SPECTRA_FULTON, VNXX, calls_table, cdr,
)

from meetpoint.rating import classify, hourly_load, usage_cube
from meetpoint.rating.cube import CUBE_COLUMNS
from meetpoint.rating.load import HOURLY_COLUMNS
from meetpoint.rating.run import rate_workspace

T0 = dt.datetime(2024, 1, 31, 22, 40, tzinfo=CHICAGO)  # near the January/February boundary

# (orig, term, minutes after T0, seconds): calls across hours and the month end, a zero-second
# call, a ported and a VNXX number
SPEC = [
    (SPECTRA_FULTON, SOCKET_FULTON, 0, 1500.0),    # 22:40 -> 23:05, two hours
    (SPECTRA_FULTON, SOCKET_FULTON, 10, 20.1),
    (SOCKET_FULTON, SPECTRA_FULTON, 79, 180.0),    # 23:59 Jan 31 -> 00:02 Feb 1
    (SOCKET_FULTON, CTL_MEXICO, 90, 0.0),          # answered, no conversation time
    (SPECTRA_FULTON, PORTED, 100, 61.5),
    (CTL_MEXICO, VNXX, 200, 7200.0),               # three hours
]
SWITCH = {SPECTRA_FULTON: "FLTNMOXA", SOCKET_FULTON: "SCKTMOXA", CTL_MEXICO: "MXCOMOXA", PORTED: "SCKTMOXA",
          VNXX: "SCKTMOXA"}


def _rows(switches: str) -> list[dict[str, Any]]:
    rows = []
    for i, (o, t, minutes, seconds) in enumerate(SPEC):
        kw = {}
        seconds_ = SPEC[i][3]
        if switches == "all" or (switches == "some" and i % 2 == 0) or (switches == "live" and seconds_ > 0):
            kw = {"orig_switch": SWITCH[o], "term_switch": SWITCH[t]}
        rows.append(cdr(f"r{i}", o, t, T0 + dt.timedelta(minutes=minutes), seconds, **kw))
    return rows


def _sorted(table: Any, columns: tuple[str, ...]) -> list[tuple]:
    return sorted(tuple(r[c] for c in columns) for r in table.to_pyarrow().to_pylist())


@pytest.mark.parametrize("switches", ["none", "some", "live", "all"])
def test_stored_cube_and_load_equal_the_per_call_path(ws: Any, switches: str, monkeypatch: Any) -> None:
    """``live``: only the zero-second call lacks its switches (it loads no hour, so the hourly load
    needs no switch map, but the scan keeps the number keys); ``all``: the scan leaves them out."""
    from meetpoint.rating import run

    named = []
    scan = run.rating_groups_sql

    def recording(*args: Any, **kwargs: Any) -> Any:
        named.append(kwargs["switches_named"])
        return scan(*args, **kwargs)

    monkeypatch.setattr(run, "rating_groups_sql", recording)
    rows = _rows(switches)
    calls = calls_table(ws, rows)
    summary = rate_workspace(ws, lib=LIB, governing=GOVERNING, calls=calls)
    assert named == [switches == "all"]
    assert summary["calls_in"] == summary["calls_in_cube"] == len(rows)
    assert summary["months"] == ["2024-01", "2024-02"]

    per_call = classify(ws, calls_table(ws, rows), lib=LIB, governing=GOVERNING)
    assert _sorted(ws.table("usage_cube"), CUBE_COLUMNS) == _sorted(usage_cube(per_call), CUBE_COLUMNS)
    stored = _sorted(ws.table("hourly_load"), HOURLY_COLUMNS)
    assert stored == _sorted(hourly_load(per_call, "America/Chicago"), HOURLY_COLUMNS)
    # every tenth of a second of conversation is in exactly one hour; the zero-second call in none
    assert sum(r[HOURLY_COLUMNS.index("load_ds")] for r in stored) == sum(round(s * 10) for *_, s in SPEC)
    assert sum(r[HOURLY_COLUMNS.index("answered")] for r in stored) == sum(1 for *_, s in SPEC if s > 0)


def test_a_call_outside_the_years_rated_is_refused_and_nothing_is_written(ws: Any) -> None:
    """Ingest quarantines such a call (time_out_of_range); one stored before that rule is refused here."""
    from meetpoint.errors import WorkspaceError

    rate_workspace(ws, lib=LIB, governing=GOVERNING, calls=calls_table(ws, _rows("all")))
    before = _sorted(ws.table("usage_cube"), CUBE_COLUMNS)
    old = cdr("old", SPECTRA_FULTON, SOCKET_FULTON, dt.datetime(1969, 12, 31, 23, 0, tzinfo=CHICAGO), 60.0)
    with pytest.raises(WorkspaceError, match="1 stored call"):
        rate_workspace(ws, lib=LIB, governing=GOVERNING, calls=calls_table(ws, [*_rows("all"), old]))
    assert _sorted(ws.table("usage_cube"), CUBE_COLUMNS) == before


class _Recorder:
    """Stands in for the DuckDB connection under Ibis and notes which thread calls it."""

    def __init__(self, raw: Any) -> None:
        self._raw, self.threads = raw, set()

    def __getattr__(self, name: str) -> Any:
        import threading

        self.threads.add(threading.current_thread().name)
        return getattr(self._raw, name)


def test_only_the_calling_thread_uses_the_connection(ws: Any) -> None:
    """The rate step builds and compiles its classification queries in a second thread while
    DuckDB scans; that thread must never touch the connection (a DuckDB connection serves one
    thread at a time, and the scan holds it)."""
    import threading

    backend = ws.con
    raw, rec = backend.con, _Recorder(backend.con)
    ws.handles.clear()  # as on a fresh connection: the rate step resolves them before the thread starts
    backend.con = rec
    try:
        rate_workspace(ws, lib=LIB, governing=GOVERNING, calls=calls_table(ws, _rows("some")))
    finally:
        backend.con = raw
    assert rec.threads == {threading.current_thread().name}


@pytest.mark.parametrize("switches_named", [False, True])
def test_the_scan_declares_the_columns_duckdb_gives_it(ws: Any, switches_named: bool) -> None:
    """``rating_groups_sql`` declares its GROUPING SETS query's schema instead of asking DuckDB for
    it: the declaration must be what DuckDB infers, name for name and type for type, or the
    stored groups would be cast silently."""
    import ibis

    from meetpoint.rating.classify import rating_groups_sql

    sql, schema = rating_groups_sql(ws, calls_table(ws, _rows("all" if switches_named else "some")), lib=LIB,
                                    governing=GOVERNING, switches_named=switches_named)
    inferred = ws.con.sql(sql).schema()
    assert list(ibis.schema(schema).items()) == list(inferred.items())


def test_a_failed_write_leaves_the_stored_results_and_no_scan_table(ws: Any, monkeypatch: Any) -> None:
    """The cube and the hourly load are replaced in one transaction: if storing the hourly load
    fails, the cube rows already replaced in it are rolled back too, and the scan's temporary
    table is dropped all the same."""
    from meetpoint.rating.run import _GROUPS
    from meetpoint.store import Workspace

    rate_workspace(ws, lib=LIB, governing=GOVERNING, calls=calls_table(ws, _rows("all")))
    cube, hours = _sorted(ws.table("usage_cube"), CUBE_COLUMNS), _sorted(ws.table("hourly_load"), HOURLY_COLUMNS)
    assert cube and hours

    def fail(*args: Any, **kwargs: Any) -> int:
        raise RuntimeError("disk full")

    monkeypatch.setattr(Workspace, "insert_of", fail)
    with pytest.raises(RuntimeError, match="disk full"):
        rate_workspace(ws, lib=LIB, governing=GOVERNING, calls=calls_table(ws, _rows("all")[:2]))
    assert _sorted(ws.table("usage_cube"), CUBE_COLUMNS) == cube
    assert _sorted(ws.table("hourly_load"), HOURLY_COLUMNS) == hours
    assert ws.run_sql(f"SELECT count(*) FROM duckdb_tables() WHERE table_name = '{_GROUPS}'") == [(0,)]


def test_calls_stored_and_rated_before_any_rating(tmp_path: Any) -> None:
    from meetpoint.rating.run import calls_stored_and_rated
    from meetpoint.store import Workspace

    with Workspace.init(tmp_path / "fresh") as fresh:
        assert calls_stored_and_rated(fresh, "2024-01") == (0, 0)


def test_the_rate_step_loads_the_workspace_library_as_every_command_does(tmp_path: Any) -> None:
    """Agreement files and decisions (``agreements/decisions/*.yaml``): the rate step's library is
    the one ``meetpoint`` commands load (``cli.options.library_for``), not the agreement files alone."""
    import shutil
    from pathlib import Path

    from meetpoint.cli.options import library_for
    from meetpoint.rating.classify import _library
    from meetpoint.settlement.issued import library_files
    from meetpoint.store import Workspace

    decisions = Path(__file__).parents[1] / "agreements" / "fixtures" / "decisions"
    with Workspace.init(tmp_path / "w") as w:
        shutil.copytree(decisions, w.dir("agreements") / "decisions")
        lib, _, _ = _library(w, None, None)
        assert "decisions/arbitration-no-rate.yaml" in library_files(lib, "socket-spectra-interim-2005")
        assert lib is library_for(w.root)  # the same cached library
