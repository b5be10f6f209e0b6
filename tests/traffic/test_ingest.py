"""Ingest end to end: stored schema and layout, idempotency, atomicity, duplicates, Parquet input."""

from __future__ import annotations

import errno
import warnings
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from meetpoint.errors import IngestError
from meetpoint.traffic import STORED_SCHEMA, ingest_files, quarantine_rows, read_cdrs
from meetpoint.traffic import ingest as ingest_mod
from meetpoint.traffic import storage


def snapshot(ws):
    """Everything an ingest may change: the files under cdrs/ and the two tables."""
    files = sorted((str(p.relative_to(ws.root)), p.read_bytes()) for p in ws.dir("cdrs").rglob("*") if p.is_file())
    raw = ws.con.con
    storage.ensure_tables(raw)
    q = raw.execute('SELECT * FROM quarantine ORDER BY file, "row", code').fetchall()
    log = raw.execute("SELECT file, sha256, rows_read, accepted, quarantined, batch_id FROM ingest_log ORDER BY 1").fetchall()
    return files, q, log


def codecs(ws):
    """The compression codecs of every column chunk of every stored call file."""
    out = set()
    for path in ws.dir("cdrs").rglob("*.parquet"):
        md = pq.ParquetFile(path).metadata
        out |= {md.row_group(g).column(c).compression for g in range(md.num_row_groups) for c in range(md.num_columns)}
    return out


def test_stored_layout_and_schema(ws, canonical, tools):
    rows = [tools.call("a"), tools.call("b", answer="2024-04-01T04:59:00Z", disconnect="2024-04-01T05:00:00Z"),
            tools.call("c", answer="2024-04-01T05:00:00Z", disconnect="2024-04-01T05:00:01Z")]
    rep = ingest_files(ws, [canonical("x.csv", rows)], progress=False)
    f = rep.files[0]
    assert f.months == ["2024-03", "2024-04"]  # 04:59Z on 1 April is still March in Chicago
    files = sorted(p.relative_to(ws.dir("cdrs")).as_posix() for p in ws.dir("cdrs").rglob("*.parquet"))
    assert files == [f"month=2024-03/{f.batch_id}.parquet", f"month=2024-04/{f.batch_id}.parquet"]
    assert pq.read_schema(ws.dir("cdrs") / files[0]) == STORED_SCHEMA
    assert codecs(ws) == {"LZ4"}  # storage.STORED_PARQUET (pyarrow names Parquet's LZ4_RAW codec "LZ4")
    t = read_cdrs(ws).to_pyarrow()
    assert t.schema.field("orig_tn").type == pa.int64() and t.schema.field("month").type == pa.string()
    assert sorted(t.column("month").to_pylist()) == ["2024-03", "2024-03", "2024-04"]
    assert read_cdrs(ws, months=["2024-04"]).call_id.to_pyarrow().to_pylist() == ["c"]
    assert read_cdrs(ws, months=["1999-01"]).count().to_pyarrow().as_py() == 0
    log = ws.con.con.execute("SELECT format, rows_read, accepted, quarantined, batch_id FROM ingest_log").fetchall()
    assert log == [("canonical", 3, 3, 0, f.batch_id)]


def test_empty_store_reads_as_empty_table(ws):
    assert read_cdrs(ws).count().to_pyarrow().as_py() == 0


def test_same_file_twice_changes_nothing(ws, canonical, tools):
    path = canonical("x.csv", [tools.call("a"), tools.call("b", orig="1")])
    ingest_files(ws, [path], progress=False)
    before = snapshot(ws)
    rep = ingest_files(ws, [path, path], progress=False)
    assert [f.skipped_already_ingested for f in rep.files] == [True, True]
    assert "already ingested on" in rep.files[0].message
    assert (rep.rows_read, rep.accepted, rep.quarantined) == (0, 0, 0)
    assert snapshot(ws) == before


def test_failure_half_way_through_a_file_leaves_store_unchanged(ws, canonical, tools, monkeypatch):
    ingest_files(ws, [canonical("first.csv", [tools.call("a")])], progress=False)
    before = snapshot(ws)
    big = canonical("big.csv", [tools.call(f"c{i}", orig="1" if i % 7 == 0 else "5735550100") for i in range(400)])
    monkeypatch.setattr("meetpoint.traffic.adapters.DEFAULT_BLOCK_SIZE", 2048)
    calls = []
    real = ingest_mod.write_batch

    def flaky(b, table, k):
        calls.append(k)
        if k == 2:
            raise RuntimeError("disk full")
        real(b, table, k)

    monkeypatch.setattr(ingest_mod, "write_batch", flaky)
    with pytest.raises(RuntimeError, match="disk full"):
        ingest_files(ws, [big], progress=False)
    assert calls == [0, 1, 2]  # really half way: two batches were staged
    assert snapshot(ws) == before
    monkeypatch.setattr(ingest_mod, "write_batch", real)
    rep = ingest_files(ws, [big], progress=False)  # and a retry then works
    assert (rep.rows_read, rep.accepted, rep.quarantined) == (400, 342, 58)


def test_failure_while_publishing_leaves_store_unchanged(ws, canonical, tools, monkeypatch):
    ingest_files(ws, [canonical("first.csv", [tools.call("a")])], progress=False)
    before = snapshot(ws)
    rows = [tools.call(f"m{m}", answer=f"2024-0{m}-10T12:00:00Z", disconnect=f"2024-0{m}-10T12:00:09Z") for m in (3, 4, 5)]
    rows.append(tools.call("bad", orig="x"))
    moved = []
    real = storage.move

    def flaky(src, dst):
        if moved:
            raise OSError("rename failed")
        real(src, dst)
        moved.append(dst)

    monkeypatch.setattr(storage, "move", flaky)
    with pytest.raises(OSError, match="rename failed"):
        ingest_files(ws, [canonical("x.csv", rows)], progress=False)
    assert moved  # one month file was already in place when the failure came
    assert snapshot(ws) == before


def test_missing_required_column_is_an_error_naming_it(ws, canonical, tools):
    path = canonical("x.csv", [tools.call("a")], columns=["call_id", "orig_tn", "term_tn", "answer_ts", "disconnect_ts"])
    with pytest.raises(IngestError, match="'route'"):
        ingest_files(ws, [path], progress=False)
    assert snapshot(ws)[2] == []


def test_missing_file(ws, tmp_path):
    with pytest.raises(IngestError, match="no such file"):
        ingest_files(ws, [tmp_path / "nope.csv"], progress=False)


def test_identical_copy_is_one_call(ws, canonical, tools):
    a = tools.call("a", duration_ds="600")
    ingest_files(ws, [canonical("1.csv", [a, a])], progress=False)
    rep = ingest_files(ws, [canonical("2.csv", [tools.call("z"), a])], progress=False)
    assert read_cdrs(ws).count().to_pyarrow().as_py() == 2
    q = [(r["file"].rsplit("/", 1)[1], r["row"], r["code"]) for r in quarantine_rows(ws)]
    assert q == [("1.csv", 2, "duplicate"), ("2.csv", 2, "duplicate")]
    assert "1.csv row 1" in quarantine_rows(ws, file="2.csv")[0]["reason"]
    assert (rep.accepted, rep.quarantined, rep.withdrawn) == (1, 1, 0)
    assert codecs(ws) == {"LZ4"}  # staged files rewritten without their duplicates too


def test_conflicting_records_are_all_quarantined_even_across_files(ws, canonical, tools):
    a1 = tools.call("a")
    a2 = tools.call("a", term="5734420002")
    ingest_files(ws, [canonical("1.csv", [a1, a1, tools.call("b")])], progress=False)
    rep = ingest_files(ws, [canonical("2.csv", [a2])], progress=False)
    assert rep.withdrawn == 1 and "moved to quarantine" in rep.files[0].message
    assert read_cdrs(ws).call_id.to_pyarrow().to_pylist() == ["b"]
    assert codecs(ws) == {"LZ4"}  # the rewritten file too
    q = sorted((r["file"].rsplit("/", 1)[1], r["row"], r["code"]) for r in quarantine_rows(ws))
    assert q == [("1.csv", 1, "duplicate_conflict"), ("1.csv", 2, "duplicate_conflict"), ("2.csv", 1, "duplicate_conflict")]
    log = ws.con.con.execute("SELECT file, rows_read, accepted, quarantined FROM ingest_log ORDER BY file").fetchall()
    assert [(f.rsplit("/", 1)[1], n, a, qn) for f, n, a, qn in log] == [("1.csv", 3, 1, 2), ("2.csv", 1, 0, 1)]
    # a third record, even identical to the first, stays out: the id is known to conflict
    rep = ingest_files(ws, [canonical("3.csv", [a1])], progress=False)
    assert (rep.accepted, rep.quarantined) == (0, 1)
    assert read_cdrs(ws).call_id.to_pyarrow().to_pylist() == ["b"]


def test_withdrawing_the_only_call_of_a_month_file_removes_it(ws, canonical, tools):
    ingest_files(ws, [canonical("1.csv", [tools.call("a")])], progress=False)
    ingest_files(ws, [canonical("2.csv", [tools.call("a", orig="5735550199")])], progress=False)
    assert list(ws.dir("cdrs").rglob("*.parquet")) == []


def test_canonical_parquet_input(ws, tmp_path, tools):
    t = pa.table({
        "call_id": ["p1", "p2", "p3"],
        "orig_tn": pa.array([5735550100, 5735550100, 1], pa.int64()),
        "term_tn": ["5734420001", "5734420001", "5734420001"],
        "answer_ts": pa.array([1709323200_000000, 1709323200_000000, 1709323200_000000], pa.timestamp("us", tz="UTC")),
        "disconnect_ts": pa.array([1709323260_000000, None, 1709323260_000000], pa.timestamp("us", tz="UTC")),
        "duration_ds": pa.array([600, None, 600], pa.int64()),
        "route": ["direct", "transit:9636", "direct"],
        "cmrs": pa.array([True, None, False]),
    })
    path = tmp_path / "x.parquet"
    pq.write_table(t, path)
    rep = ingest_files(ws, [path], progress=False)
    assert (rep.rows_read, rep.accepted, rep.quarantined) == (3, 1, 2)
    assert [(q["row"], q["field"], q["code"]) for q in quarantine_rows(ws)] == [
        (2, "disconnect_ts", "bad_time"), (3, "orig_tn", "bad_number")]
    got = read_cdrs(ws).to_pyarrow().to_pylist()[0]
    assert (got["orig_tn"], got["duration_ds"], got["cmrs"]) == (5735550100, 600, True)


def test_naive_parquet_timestamps_are_refused(ws, tmp_path, tools):
    t = pa.table({"call_id": ["p1"], "orig_tn": ["5735550100"], "term_tn": ["5734420001"],
                  "answer_ts": pa.array([0], pa.timestamp("us")), "disconnect_ts": pa.array([10], pa.timestamp("us")),
                  "route": ["direct"]})
    pq.write_table(t, tmp_path / "n.parquet")
    ingest_files(ws, [tmp_path / "n.parquet"], progress=False)
    assert "no UTC offset" in quarantine_rows(ws)[0]["reason"]


def test_progress_bar_does_not_change_results(ws, canonical, tools):
    rep = ingest_files(ws, [canonical("x.csv", [tools.call("a")])], progress=True)
    assert rep.accepted == 1


def test_byte_identical_copy_elsewhere_is_the_same_file(ws, canonical, tools, tmp_path):
    path = canonical("x.csv", [tools.call("a")])
    ingest_files(ws, [path], progress=False)
    copy = tmp_path / "copy.csv"
    copy.write_bytes(path.read_bytes())
    rep = ingest_files(ws, [copy], progress=False)
    assert rep.files[0].skipped_already_ingested and str(path) in rep.files[0].message


def test_header_with_bom_and_spaces(ws, tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes("\ufeffcall_id, orig_tn ,term_tn,answer_ts,disconnect_ts,route\n"
                     "a,5735550100,5734420001,2024-03-01T20:00:00Z,2024-03-01T20:01:00Z,direct\n".encode())
    rep = ingest_files(ws, [path], progress=False)
    assert (rep.rows_read, rep.accepted) == (1, 1)


def test_header_only_files_are_logged_and_empty_files_are_not(ws, tmp_path):
    """A header-only file is a file of no calls (logged: ingesting it again is a skip). A 0-byte file
    has no content to tell it from any other: logging it would make every later empty file
    "already ingested as" the first one."""
    (tmp_path / "h.csv").write_text("call_id,orig_tn,term_tn,answer_ts,disconnect_ts,route\n")
    (tmp_path / "e.csv").write_text("")
    (tmp_path / "e2.csv").write_text("")
    rep = ingest_files(ws, [tmp_path / "h.csv", tmp_path / "e.csv", tmp_path / "e2.csv"], progress=False)
    assert [(f.rows_read, f.accepted, f.quarantined) for f in rep.files] == [(0, 0, 0)] * 3
    assert [f.skipped_already_ingested for f in rep.files] == [False] * 3
    assert "empty file (0 bytes)" in rep.files[2].message
    logged = ws.con.con.execute("SELECT file FROM ingest_log").fetchall()
    assert logged == [(str((tmp_path / "h.csv").resolve()),)]


def test_a_folder_is_refused_saying_so(ws, tmp_path):
    with pytest.raises(IngestError, match="a folder, not a file"):
        ingest_files(ws, [tmp_path], progress=False)


def test_an_upper_case_header_is_named_and_a_switch_file_gets_a_hint(ws, tmp_path):
    (tmp_path / "u.csv").write_text("CALL_ID,ORIG_TN,TERM_TN,ANSWER_TS,DISCONNECT_TS,ROUTE\n")
    with pytest.raises(IngestError, match=r"lower case: the header has CALL_ID \(not call_id\)"):
        ingest_files(ws, [tmp_path / "u.csv"], progress=False)
    (tmp_path / "a.csv").write_text('"","2125551212","3125550100","from-internal","","SIP/a","SIP/b","Dial","x",'
                                    '"2024-03-01 14:02:11","2024-03-01 14:02:15","2024-03-01 14:05:20",189,185,"ANSWERED","DOCUMENTATION"\n')
    with pytest.raises(IngestError, match="--format asterisk or --format freeswitch"):
        ingest_files(ws, [tmp_path / "a.csv"], progress=False)


def test_duration_is_always_stored(ws, canonical, tools):
    """Rating reads the stored duration_ds and never the timestamps: a record without one gets
    answer to disconnect (IDT Art. IV §2.4.1), rounded to the tenth."""
    rows = [tools.call("a", disconnect="2024-03-01T20:01:00.04Z", duration_ds=""),
            tools.call("b", disconnect="2024-03-01T20:00:00.06Z", duration_ds="")]
    ingest_files(ws, [canonical("d.csv", rows)], progress=False)
    got = {r["call_id"]: r["duration_ds"] for r in read_cdrs(ws).to_pyarrow().to_pylist()}
    assert got == {"a": 600, "b": 1}


class _Crash(BaseException):
    """The process dying: nothing after it runs (no undo, no clean-up)."""


def test_a_crash_between_the_renames_and_the_commit_is_undone_before_the_next_read(ws, canonical, tools, monkeypatch):
    """Withdrawing a conflicting call rewrites a stored file without it. If the process dies after
    the renames but before the commit, that rewrite is in place while the quarantine and the log
    never learnt of it: the call would be lost. The next read puts the stored file back and drops
    the uncommitted one, so the store is as its last commit and nothing is lost."""
    import shutil

    a1, a2 = tools.call("a"), tools.call("a", term="5734420002")
    ingest_files(ws, [canonical("1.csv", [a1, tools.call("b")])], progress=False)
    committed = snapshot(ws)

    real_apply = storage.FileChanges.apply

    def apply_then_die(self):
        real_apply(self)
        raise _Crash

    with monkeypatch.context() as m:
        m.setattr(storage.FileChanges, "apply", apply_then_die)
        m.setattr(storage.FileChanges, "undo", lambda self: None)
        m.setattr(shutil, "rmtree", lambda *a, **k: None)
        with pytest.raises(_Crash):
            ingest_files(ws, [canonical("2.csv", [a2, tools.call("c")])], progress=False)
    (first_file, _), = committed[0]
    assert pq.read_table(ws.root / first_file).column("call_id").to_pylist() == ["b"]  # "a" taken out, unrecorded
    assert len(list(ws.dir("cdrs").rglob("month=*/*.parquet"))) == 2  # and 2.csv's file, uncommitted

    with pytest.warns(storage.StoreRecoveredWarning) as caught:
        assert sorted(read_cdrs(ws).call_id.to_pyarrow().to_pylist()) == ["a", "b"]  # recovered first
    assert snapshot(ws) == committed
    assert not (ws.dir("cdrs") / storage.STAGING).exists()
    # the read says what it did: the stored file put back, the uncommitted one deleted
    (note,) = [str(w.message) for w in caught if w.category is storage.StoreRecoveredWarning]
    batch = storage.sha256_file(ws.root.parent / "2.csv")[:20]
    assert f"batch {batch}: an ingest was interrupted before its commit" in note
    assert f"put back {first_file}; deleted uncommitted cdrs/month=2024-03/{batch}.parquet" in note
    with warnings.catch_warnings():
        warnings.simplefilter("error", storage.StoreRecoveredWarning)
        read_cdrs(ws)  # nothing left to recover: no note

    # the same file ingests normally afterwards
    rep = ingest_files(ws, [canonical("2.csv", [a2, tools.call("c")])], progress=False)
    assert (rep.accepted, rep.quarantined, rep.withdrawn) == (1, 1, 1)
    assert sorted(read_cdrs(ws).call_id.to_pyarrow().to_pylist()) == ["b", "c"]


def test_an_ingest_finishes_the_clean_up_of_a_batch_that_committed(ws, canonical, tools, monkeypatch):
    """Dying after the commit but before the backups are deleted loses nothing: the next ingest
    deletes them and keeps the committed files."""
    import shutil

    ingest_files(ws, [canonical("1.csv", [tools.call("a")])], progress=False)
    with monkeypatch.context() as m:
        m.setattr(storage.FileChanges, "discard_backups", lambda self: (_ for _ in ()).throw(_Crash()))
        m.setattr(shutil, "rmtree", lambda *a, **k: None)
        with pytest.raises(_Crash):
            ingest_files(ws, [canonical("2.csv", [tools.call("a", term="5734420002")])], progress=False)
    assert (ws.dir("cdrs") / storage.STAGING).exists()
    after_commit = snapshot(ws)
    rep = ingest_files(ws, [canonical("3.csv", [tools.call("z")])], progress=False)
    assert not any("interrupted" in n for n in rep.notes)  # committed: nothing to put back
    (note,) = [n for n in rep.notes if n.startswith("batch ")]
    assert "committed, but its ingest stopped before deleting" in note and "cdrs/.staging/" in note
    assert not (ws.dir("cdrs") / storage.STAGING).exists()
    assert sorted(read_cdrs(ws).call_id.to_pyarrow().to_pylist()) == ["z"]
    files, q, log = snapshot(ws)
    assert q == after_commit[1] and log[:-1] == after_commit[2]


class _CommitSpy:
    """Stands in for the DuckDB connection and notes when a transaction commits."""

    def __init__(self, raw, events):
        self._raw, self._events = raw, events

    def __getattr__(self, name):
        return getattr(self._raw, name)

    def commit(self):
        self._events.append(("commit", None))
        return self._raw.commit()


def test_the_publish_is_on_disk_before_the_commit(ws, canonical, tools, monkeypatch):
    """Recovery after a power loss needs the renames durable before the log row commits: the
    staged files' data, and the folders the renames touched — the month folder, the backup folder
    of a withdrawal and the folders above it up to cdrs/ — are fsynced first."""
    ingest_files(ws, [canonical("1.csv", [tools.call("a"), tools.call("b")])], progress=False)
    events = []
    monkeypatch.setattr(storage, "fsync_path",
                        lambda path, directory=False: events.append(("dir" if directory else "file", Path(path))))
    backend = ws.con
    raw = backend.con
    backend.con = _CommitSpy(raw, events)
    try:  # a conflicting "a" rewrites 1.csv's stored file (a backup); "c" is a new file
        rep = ingest_files(ws, [canonical("2.csv", [tools.call("a", term="5734420002"), tools.call("c")])],
                           progress=False)
    finally:
        backend.con = raw
    assert rep.withdrawn == 1
    commit = events.index(("commit", None))
    assert commit == len(events) - 1  # nothing synced after it, nothing committed before the syncs
    cdrs = ws.dir("cdrs")
    stage = cdrs / storage.STAGING / rep.files[0].batch_id
    assert sum(kind == "file" for kind, _ in events) == 2  # the rewritten file and the new one
    assert {p for kind, p in events if kind == "dir"} == {
        cdrs, cdrs / "month=2024-03", cdrs / storage.STAGING, stage, stage / "backup"}
    assert sorted(read_cdrs(ws).call_id.to_pyarrow().to_pylist()) == ["b", "c"]


def test_a_failed_fsync_fails_the_file_and_leaves_the_store_unchanged(ws, canonical, tools, monkeypatch):
    ingest_files(ws, [canonical("1.csv", [tools.call("a"), tools.call("b")])], progress=False)
    before = snapshot(ws)

    def failing(path, directory=False):
        if directory:
            raise OSError(errno.EIO, "Input/output error", str(path))

    monkeypatch.setattr(storage, "fsync_path", failing)
    with pytest.raises(OSError, match="Input/output"):
        ingest_files(ws, [canonical("2.csv", [tools.call("a", term="5734420002"), tools.call("c")])], progress=False)
    assert snapshot(ws) == before


def test_directories_are_not_fsynced_where_they_cannot_be_opened(tmp_path, monkeypatch):
    def no_open(*args):
        raise AssertionError("opened")

    monkeypatch.setattr(storage, "DIR_FSYNC", False)
    monkeypatch.setattr(storage.os, "open", no_open)
    storage.fsync_path(tmp_path, directory=True)  # a no-op (Windows)


def test_unknown_switches_and_locations_and_day_long_calls_are_stored_and_named(ws, canonical, tools):
    """Stored as given (a third party's switch may be missing from the network data), but named in
    the file's warnings: a typo in a CLLI would otherwise become a switch pair of its own."""
    raw = ws.con.con
    raw.execute("CREATE TABLE switches (clli VARCHAR)")
    raw.execute("INSERT INTO switches VALUES ('CLMAMOXADS0'), ('SPFDMOSKDS0')")
    raw.execute("CREATE TABLE rate_centers (rate_center VARCHAR)")
    raw.execute("INSERT INTO rate_centers VALUES ('FULTON')")
    day = "2024-03-02T20:00:00.1Z"  # a day and a tenth of a second after the answer
    rows = [tools.call("a", orig_switch="CLMAMOXADS0", term_switch="SPFDMOSKDS1", orig_location="FULTON"),
            tools.call("b", orig_switch="CLMAMOXAD50", term_switch="SPFDMOSKDS1", orig_location="FULTN"),
            tools.call("c", orig_switch="CLMAMOXADS0", term_switch="SPFDMOSKDS0", disconnect=day, duration_ds=""),
            tools.call("d", disconnect="2024-03-02T20:00:00Z", duration_ds="")]  # exactly a day: not named
    rep = ingest_files(ws, [canonical("w.csv", rows)], progress=False)
    assert rep.accepted == 4
    (f,) = rep.files
    assert f.warnings == [
        "3 call end(s) name a switch the network data does not have: SPFDMOSKDS1 (2), CLMAMOXAD50 (1)",
        "1 call end(s) name a location the network data does not have: FULTN (1)",
        "1 call(s) last longer than a day (the longest 24.0 h); stored as given",
    ]
