"""Switch formats (shared/reference/formats.md §4–5) read from fixtures in their real layouts."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from meetpoint.errors import IngestError
from meetpoint.traffic import ingest_files, quarantine_rows, read_cdrs
from meetpoint.traffic.adapters import ADAPTERS, adapter_for
from meetpoint.traffic.adapters.asterisk import ASTERISK_FIELDS


def _calls(ws):
    return {r["call_id"]: r for r in read_cdrs(ws).to_pyarrow().to_pylist()}


def _utc(*a):
    return dt.datetime(*a, tzinfo=dt.timezone.utc)


def test_registry():
    assert sorted(ADAPTERS) == ["asterisk", "canonical", "freeswitch"]
    with pytest.raises(IngestError, match="unknown format 'cdr'"):
        adapter_for("cdr")


def test_asterisk_16_columns_local_time(ws, tools):
    rep = ingest_files(ws, [tools.fixtures / "asterisk_master_16.csv"], format="asterisk", progress=False)
    assert (rep.rows_read, rep.accepted, rep.quarantined) == (7, 2, 5)
    calls = sorted(_calls(ws).values(), key=lambda r: r["source_row"])
    first, second = calls
    # 14:02:15 in Chicago (CST) is 20:02:15Z; answer -> end is 185 s (billsec 185)
    assert (first["answer_ts"], first["duration_ds"]) == (_utc(2024, 3, 1, 20, 2, 15), 1850)
    assert first["call_id"].startswith("ast-") and first["route"] == "direct"
    # "+1573…" and "1573…" become 10 digits; 23:59:58 local on 31 March is April in UTC but March here
    assert (second["orig_tn"], second["term_tn"]) == (5735550111, 5735550199)
    assert (second["answer_ts"], second["duration_ds"]) == (_utc(2024, 4, 1, 4, 59, 58), 620)
    assert ws.con.con.execute("SELECT count(*) FROM ingest_log").fetchone()[0] == 1
    q = [(r["row"], r["field"], r["code"]) for r in quarantine_rows(ws)]
    assert q == [(3, "disposition", "unanswered"), (4, "disposition", "unanswered"), (5, "dst", "bad_number"),
                 (6, "billsec", "duration_mismatch"), (7, "uniqueid", "duplicate")]  # 7: the same row again


def test_asterisk_18_columns_gmt_uses_uniqueid(ws, tools):
    rep = ingest_files(ws, [tools.fixtures / "asterisk_master_18_gmt.csv"], format="asterisk", usegmtime=True,
                       progress=False)
    assert (rep.rows_read, rep.accepted, rep.quarantined) == (4, 2, 2)
    calls = _calls(ws)
    assert calls["1709323331.1"]["answer_ts"] == _utc(2024, 3, 1, 20, 2, 15)
    assert calls["1709272740.3"]["month"] == "2024-02"  # 05:59:30Z = 23:59:30 on 29 Feb in Chicago
    q = [(r["row"], r["field"], r["code"]) for r in quarantine_rows(ws)]
    assert q == [(3, "end", "disconnect_before_answer"), (4, None, "malformed")]
    assert "expected 18 fields, got 6" in quarantine_rows(ws)[1]["reason"]


def test_asterisk_source_timezone_and_columns_configurable(ws, tools, tmp_path):
    line = (tools.fixtures / "asterisk_master_18_gmt.csv").read_text().splitlines()[0]
    path = tmp_path / "ny.csv"
    path.write_text(line + "\n")
    ingest_files(ws, [path], format="asterisk", timezone="America/New_York",
                 columns=ASTERISK_FIELDS + ("uniqueid", "userfield"), progress=False)
    assert _calls(ws)["1709323331.1"]["answer_ts"] == _utc(2024, 3, 2, 1, 2, 15)


def test_asterisk_unexpected_field_count_is_an_error(ws, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text('"a","b","c"\n')
    with pytest.raises(IngestError, match="3 fields"):
        ingest_files(ws, [path], format="asterisk", progress=False)


def test_freeswitch_default_template(ws, tools):
    rep = ingest_files(ws, [tools.fixtures / "freeswitch_default.csv"], format="freeswitch", progress=False)
    assert (rep.rows_read, rep.accepted, rep.quarantined) == (4, 2, 2)
    calls = _calls(ws)
    c = calls["9c0e4b2a-0001-4f7e-9b1e-000000000001"]
    assert (c["orig_tn"], c["term_tn"], c["duration_ds"]) == (2125551212, 3125550100, 1850)
    assert calls["9c0e4b2a-0003-4f7e-9b1e-000000000003"]["orig_tn"] == 3125550177  # "+1" dropped
    q = quarantine_rows(ws)
    assert [(r["row"], r["field"], r["code"]) for r in q] == [(2, "answer_stamp", "unanswered"), (4, "end_stamp", "bad_time")]
    assert json.loads(q[0]["raw"])["uuid"] == "9c0e4b2a-0002-4f7e-9b1e-000000000002"  # raw values kept


def test_freeswitch_example_template(ws, tools):
    rep = ingest_files(ws, [tools.fixtures / "freeswitch_example.csv"], format="freeswitch", progress=False)
    assert (rep.rows_read, rep.accepted) == (2, 2)
    assert _calls(ws)["9c0e4b2a-1002-4f7e-9b1e-000000000002"]["duration_ds"] == 600


def test_id_prefix_keeps_two_switches_ids_apart(ws, tools, tmp_path):
    """Asterisk's uniqueid is <epoch>.<sequence> on each server (unless systemname is set): two
    switches can log the same id for different calls. Unprefixed, both are quarantined as
    conflicting records; with each switch's name before its ids, both are calls."""
    line = (tools.fixtures / "asterisk_master_18_gmt.csv").read_text().splitlines()[0]
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text(line + "\n")
    b.write_text(line.replace("3125550100", "3125550101") + "\n")  # another call, the same uniqueid
    rep = ingest_files(ws, [a, b], format="asterisk", usegmtime=True, progress=False)
    assert [(f.accepted, f.quarantined) for f in rep.files] == [(1, 0), (0, 1)]
    assert [r["code"] for r in quarantine_rows(ws)] == ["duplicate_conflict", "duplicate_conflict"]
    assert _calls(ws) == {}

    from meetpoint.store import Workspace

    with Workspace.init(tmp_path / "ws2") as fresh:
        ingest_files(fresh, [a], format="asterisk", usegmtime=True, id_prefix="FLTNMOXA", progress=False)
        ingest_files(fresh, [b], format="asterisk", usegmtime=True, id_prefix="SCKTMOXA", progress=False)
        calls = _calls(fresh)
    assert calls["FLTNMOXA:1709323331.1"]["term_tn"] == 3125550100
    assert calls["SCKTMOXA:1709323331.1"]["term_tn"] == 3125550101


@pytest.mark.parametrize("bad", ["", "  ", "A:B", "A\nB"])
def test_id_prefix_must_be_a_name(bad):
    with pytest.raises(IngestError, match="id_prefix"):
        adapter_for("asterisk", id_prefix=bad)
    with pytest.raises(IngestError, match="id_prefix"):
        adapter_for("freeswitch", id_prefix=bad)
