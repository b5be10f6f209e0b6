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


@pytest.mark.parametrize("bad", [" SCKTMOXA", "SCKTMOXA ", "  SCKTMOXA  ", "SCKT MOXA "])
def test_id_prefix_with_spaces_around_it_is_refused(bad):
    """A prefix is part of every stored call id: " SCKTMOXA" would make ids that silently differ
    from the ones "SCKTMOXA" made for the same switch's other files."""
    for fmt in ("asterisk", "freeswitch"):
        with pytest.raises(IngestError, match="spaces before or after"):
            adapter_for(fmt, id_prefix=bad)
    assert adapter_for("asterisk", id_prefix="SCKT MOXA").id_prefix == "SCKT MOXA"  # inside is the name's own


def test_the_ingest_log_records_the_adapter_options(ws, tools):
    """The id prefix changes every call id, so one switch's files must all be ingested with the
    same one: the log keeps the options each file was stored with, and ingesting the file again
    with other options says so (it is still skipped)."""
    import json

    fs = tools.fixtures / "freeswitch_default.csv"
    rep = ingest_files(ws, [fs], format="freeswitch", id_prefix="SCKTMOXA", progress=False)
    want = {"id_prefix": "SCKTMOXA", "route": "direct", "timezone": "America/Chicago"}
    assert rep.files[0].options == want
    ingest_files(ws, [tools.fixtures / "asterisk_master_18_gmt.csv"], format="asterisk", usegmtime=True,
                 route="transit:9999", progress=False)
    ingest_files(ws, [tools.fixtures / "canonical_reasons.csv"], progress=False)
    log = dict(ws.con.con.execute("SELECT format, options FROM ingest_log").fetchall())
    assert json.loads(log["freeswitch"]) == want
    assert json.loads(log["asterisk"]) == {"id_prefix": None, "route": "transit:9999", "timezone": "UTC"}
    assert json.loads(log["canonical"]) == {}

    again = ingest_files(ws, [fs], format="freeswitch", id_prefix="FLTNMOXA", progress=False).files[0]
    assert again.skipped_already_ingested and '"id_prefix":"SCKTMOXA"' in again.message
    same = ingest_files(ws, [fs], format="freeswitch", id_prefix="SCKTMOXA", progress=False).files[0]
    assert same.skipped_already_ingested and "options" not in same.message


def test_an_ingest_log_made_before_options_gets_the_column(tmp_path, tools):
    """Workspaces made before ``ingest_log.options`` keep working: the column is added (NULL for
    the files logged before), and those files are still recognised as already ingested."""
    from meetpoint.store import Workspace

    with Workspace.init(tmp_path / "old") as old:
        old.con.con.execute("""CREATE TABLE ingest_log (file VARCHAR NOT NULL, sha256 VARCHAR NOT NULL,
            format VARCHAR NOT NULL, rows_read BIGINT NOT NULL, accepted BIGINT NOT NULL, quarantined BIGINT NOT NULL,
            batch_id VARCHAR NOT NULL, ingested_at TIMESTAMPTZ NOT NULL)""")
        old.con.con.execute("INSERT INTO ingest_log VALUES ('/old.csv', 'feed', 'canonical', 0, 0, 0, 'feed', now())")
    with Workspace.open(tmp_path / "old") as ws:
        rep = ingest_files(ws, [tools.fixtures / "freeswitch_default.csv"], format="freeswitch", id_prefix="X",
                           progress=False)
        assert rep.accepted == 2
        log = dict(ws.con.con.execute("SELECT file, options FROM ingest_log").fetchall())
    fixture = str(tools.fixtures / "freeswitch_default.csv")
    assert set(log) == {"/old.csv", fixture}
    assert log["/old.csv"] is None
    assert '"id_prefix":"X"' in log[fixture]


def _asterisk_row(uid, answer, end, billsec):
    return (f'"","5735550111","5735550199","from-trunk","","SIP/a-1","SIP/b-2","Dial","SIP/b,30",'
            f'"{answer}","{answer}","{end}",{billsec},{billsec},"ANSWERED","BILLING","{uid}"\n')


def test_a_call_across_the_hour_the_clock_repeats_is_read_by_its_billsec(ws, tmp_path):
    """Switch stamps are local: on 4 Nov 2007 Chicago's clock went from 01:59:59 CDT back to 01:00:00
    CST, so 01:00–01:59 happened twice. The stated billable seconds decide which reading is meant
    (IDT Art. IV §2.4.1: answer supervision to disconnect), instead of quarantining a real call as
    "disconnect before answer"."""
    path = tmp_path / "fallback.csv"
    path.write_text(
        _asterisk_row("across", "2007-11-04 01:50:00", "2007-11-04 01:10:00", 1200)  # 01:50 CDT -> 01:10 CST
        + _asterisk_row("later", "2007-11-04 01:20:00", "2007-11-04 01:30:00", 600)   # within one pass: as read
        + _asterisk_row("into", "2007-11-04 00:55:00", "2007-11-04 01:05:00", 600)    # 00:55 CDT -> 01:05 CDT
        + _asterisk_row("long", "2007-11-04 00:55:00", "2007-11-04 01:05:00", 4200)   # 00:55 CDT -> 01:05 CST
        + _asterisk_row("out", "2007-11-04 01:55:00", "2007-11-04 02:05:00", 4200)    # 01:55 CDT -> 02:05 CST
    )
    rep = ingest_files(ws, [path], format="asterisk", columns=ASTERISK_FIELDS + ("uniqueid",), progress=False)
    assert (rep.rows_read, rep.accepted, rep.quarantined) == (5, 5, 0), quarantine_rows(ws)
    calls = _calls(ws)
    got = {k: (c["answer_ts"], c["disconnect_ts"], c["duration_ds"]) for k, c in calls.items()}
    assert got == {
        "across": (_utc(2007, 11, 4, 6, 50), _utc(2007, 11, 4, 7, 10), 12000),
        "later": (_utc(2007, 11, 4, 7, 20), _utc(2007, 11, 4, 7, 30), 6000),  # ties keep DuckDB's reading (CST)
        "into": (_utc(2007, 11, 4, 5, 55), _utc(2007, 11, 4, 6, 5), 6000),
        "long": (_utc(2007, 11, 4, 5, 55), _utc(2007, 11, 4, 7, 5), 42000),
        "out": (_utc(2007, 11, 4, 6, 55), _utc(2007, 11, 4, 8, 5), 42000),
    }


def test_a_local_time_the_clock_skipped_is_quarantined_as_such(ws, tmp_path):
    """On 11 Mar 2007 Chicago's clock went from 01:59:59 CST to 03:00:00 CDT: 02:30 never happened."""
    path = tmp_path / "springforward.csv"
    path.write_text(_asterisk_row("gap", "2007-03-11 02:30:00", "2007-03-11 03:40:00", 600)
                    + _asterisk_row("fine", "2007-03-11 01:55:00", "2007-03-11 03:05:00", 600))
    rep = ingest_files(ws, [path], format="asterisk", columns=ASTERISK_FIELDS + ("uniqueid",), progress=False)
    assert (rep.rows_read, rep.accepted, rep.quarantined) == (2, 1, 1)
    assert _calls(ws)["fine"]["duration_ds"] == 6000  # 01:55 CST -> 03:05 CDT is ten minutes
    (bad,) = quarantine_rows(ws)
    assert (bad["row"], bad["field"], bad["code"]) == (1, "answer", "bad_time")
    assert "local time 2007-03-11 02:30:00 does not exist in America/Chicago (the clock skipped it)" in bad["reason"]


def test_bytes_that_are_not_utf8_cost_neither_the_file_nor_the_call(ws, tmp_path):
    """One Latin-1 byte (a caller name "José" from a switch set to ISO-8859-1) used to reject the
    whole file. The field is now kept with the byte written as \\xe9, the call is stored (the
    caller name plays no part in rating), and the file's warnings name the field and the row."""
    path = tmp_path / "latin1.csv"
    good = _asterisk_row("ok", "2024-03-01 14:02:15", "2024-03-01 14:05:20", 185)
    bad = _asterisk_row("jose", "2024-03-01 15:02:15", "2024-03-01 15:05:20", 185).replace('"from-trunk",""', '"from-trunk","Jos\xe9"')
    path.write_bytes(good.encode() + bad.encode("latin-1") + good.replace('"ok"', '"ok2"').encode())
    rep = ingest_files(ws, [path], format="asterisk", columns=ASTERISK_FIELDS + ("uniqueid",), progress=False)
    assert (rep.rows_read, rep.accepted, rep.quarantined) == (3, 3, 0)
    assert sorted(_calls(ws)) == ["jose", "ok", "ok2"]
    assert rep.files[0].warnings == [
        "1 row(s) have bytes that are not UTF-8 in field clid (rows 2): kept, each such byte written as \\xNN"]


def test_a_number_with_bytes_that_are_not_utf8_fails_its_own_check(ws, tmp_path):
    path = tmp_path / "canon.csv"
    path.write_bytes(b"call_id,orig_tn,term_tn,answer_ts,disconnect_ts,route,trunk_group\n"
                     b"a1,57355501\xff1,5735550199,2024-03-01T14:02:15-06:00,2024-03-01T14:05:20-06:00,direct,TG\xff1\n"
                     b"a2,5735550111,5735550199,2024-03-01T14:02:15-06:00,2024-03-01T14:05:20-06:00,direct,TG\xe91\n")
    rep = ingest_files(ws, [path], progress=False)
    assert (rep.rows_read, rep.accepted, rep.quarantined) == (2, 1, 1)
    (q,) = quarantine_rows(ws)
    assert (q["row"], q["field"], q["code"]) == (1, "orig_tn", "bad_number") and "57355501\\xff1" in q["reason"]
    assert _calls(ws)["a2"]["trunk_group"] == "TG\\xe91"
    assert rep.files[0].warnings[0].startswith("1 row(s) have bytes that are not UTF-8 in field orig_tn (rows 1)")
    assert rep.files[0].warnings[1].startswith("2 row(s) have bytes that are not UTF-8 in field trunk_group (rows 1, 2)")


def test_a_row_with_extra_fields_and_bytes_that_are_not_utf8_refuses_the_file_naming_it(ws, tmp_path, capsys):
    """pyarrow cannot hand such a row to the malformed-row handler (it decodes the text first), so
    the file is refused as a whole, with the data row and both faults named, and nothing stored."""
    path = tmp_path / "both.csv"
    path.write_bytes(b"call_id,orig_tn,term_tn,answer_ts,disconnect_ts,route,trunk_group\n"
                     b"a1,5735550111,5735550199,2024-03-01T14:02:15-06:00,2024-03-01T14:05:20-06:00,direct,TG1\n"
                     b"a2,5735550111,5735550199,2024-03-01T14:02:15-06:00,2024-03-01T14:05:20-06:00,direct,TG\xff1,x\n")
    with pytest.raises(IngestError, match="8 fields where 7 are expected, and text that is not UTF-8") as err:
        ingest_files(ws, [path], progress=False)
    assert err.value.row == 2
    assert "Exception ignored" not in capsys.readouterr().err
    assert read_cdrs(ws).count().to_pyarrow().as_py() == 0
