"""``meetpoint ingest`` and ``meetpoint quarantine`` through the real entry point."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from meetpoint.cli.main import app
from meetpoint.store import Workspace

FIX = Path(__file__).parent.parent / "traffic" / "fixtures"
runner = CliRunner()


def run(*args: str, ok: bool = True):
    result = runner.invoke(app, list(args))
    assert (result.exit_code == 0) == ok, result.output
    return result


def run_json(*args: str):
    return json.loads(run(*args, "--json").stdout)


def _ws(tmp_path: Path) -> str:
    Workspace.init(tmp_path / "ws").close()
    return str(tmp_path / "ws")


def test_ingest_json_reconciles_and_quarantine_lists_rows(tmp_path):
    ws = _ws(tmp_path)
    out = run_json("ingest", str(FIX / "canonical_reasons.csv"), "--workspace", ws)
    t = out["totals"]
    assert (t["rows_read"], t["accepted"], t["quarantined"], t["reconciles"]) == (19, 3, 16, True)
    rows = run_json("quarantine", "--file", "canonical_reasons.csv", "--workspace", ws)
    assert len(rows) == 16
    assert {"file", "row", "field", "reason"} <= set(rows[0])
    first = rows[0]
    assert (first["row"], first["field"]) == (3, "orig_tn") and first["reason"].startswith("bad number")
    again = run_json("ingest", str(FIX / "canonical_reasons.csv"), "--workspace", ws)
    assert again["totals"]["skipped_already_ingested"] == 1 and again["totals"]["rows_read"] == 0
    import re

    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ", r["ingested_at"]) for r in rows)


def test_quarantine_of_a_file_says_whether_it_was_ingested(tmp_path):
    ws = _ws(tmp_path)
    run("ingest", str(FIX / "asterisk_master_18_gmt.csv"), "--format", "asterisk", "--usegmtime", "--workspace", ws)
    res = runner.invoke(app, ["quarantine", "--file", "nosuch.csv", "--json", "--workspace", ws])
    assert res.exit_code == 0 and json.loads(res.stdout) == []
    assert "note: nosuch.csv: no ingested file matches it" in res.stderr
    res = runner.invoke(app, ["quarantine", "--file", "asterisk_master_18_gmt.csv", "--workspace", ws])
    assert "Quarantine (2 rows)" in res.stdout and "note:" not in res.stderr
    clean = tmp_path / "clean.csv"
    clean.write_text("call_id,orig_tn,term_tn,answer_ts,disconnect_ts,route\n"
                     "k1,5735550111,5735550199,2024-03-01T14:02:15-06:00,2024-03-01T14:05:20-06:00,direct\n")
    run("ingest", str(clean), "--workspace", ws)
    res = runner.invoke(app, ["quarantine", "--file", "clean.csv", "--workspace", ws])
    assert "Quarantine (0 rows)" in res.stdout and "note: clean.csv: ingested, no row quarantined" in res.stderr


def test_ingest_switch_formats_and_human_output(tmp_path):
    ws = _ws(tmp_path)
    res = run("ingest", str(FIX / "asterisk_master_18_gmt.csv"), "--format", "asterisk", "--usegmtime",
              "--no-progress", "--workspace", ws)
    assert "rows read 4 = accepted 2 + quarantined 2" in res.stdout
    out = run_json("ingest", str(FIX / "freeswitch_default.csv"), "--format", "freeswitch", "--id-prefix", "SCKTMOXA",
                   "--workspace", ws)
    assert out["totals"]["accepted"] == 2
    from meetpoint.store import Workspace
    from meetpoint.traffic import read_cdrs

    with Workspace.open(ws) as w:
        ids = read_cdrs(w).call_id.to_pyarrow().to_pylist()
    assert sum(i.startswith("SCKTMOXA:") for i in ids) == 2 and len(ids) == 4  # Asterisk's two keep theirs
    rows = run_json("quarantine", "--file", str(FIX / "freeswitch_default.csv"), "--workspace", ws)
    assert [(r["row"], r["field"]) for r in rows] == [(2, "answer_stamp"), (4, "end_stamp")]
    assert "not usage" in rows[0]["reason"]
    assert len(run_json("quarantine", "--workspace", ws)) == 4


def test_errors_are_one_line(tmp_path):
    ws = _ws(tmp_path)
    res = run("ingest", str(tmp_path / "nope.csv"), "--workspace", ws, ok=False)
    assert "no such file" in res.output
    res = run("ingest", str(FIX / "freeswitch_default.csv"), "--format", "cisco", "--workspace", ws, ok=False)
    assert "cisco" in res.output


def test_options_the_format_does_not_use_are_refused(tmp_path):
    """A canonical file carries its own route and explicit offsets, and its call ids as given:
    --route, --source-tz and --id-prefix would be ignored, so they are refused, naming the option."""
    ws = _ws(tmp_path)
    canon = str(FIX / "canonical_reasons.csv")

    def refused(*args: str) -> str:
        res = runner.invoke(app, ["ingest", *args, "--workspace", ws])
        assert res.exit_code == 2, res.output
        return " ".join(res.output.replace("│", " ").split())  # the error box, unwrapped

    for extra in (["--id-prefix", "SCKTMOXA"], ["--route", "direct"], ["--source-tz", "UTC"], ["--usegmtime"]):
        assert f"Invalid value for {extra[0]}: --format canonical does not use it" in refused(canon, *extra)
    out = refused(str(FIX / "freeswitch_default.csv"), "--format", "freeswitch", "--usegmtime")
    assert "Invalid value for --usegmtime: --format freeswitch does not use it (only asterisk files do)" in out
    with Workspace.open(ws) as w:  # nothing was ingested
        assert not w.has_table("ingest_log") or not w.run_sql("SELECT count(*) FROM ingest_log")[0][0]
    run("ingest", str(FIX / "freeswitch_default.csv"), "--format", "freeswitch", "--route", "transit:1234",
        "--id-prefix", "SCKTMOXA", "--no-progress", "--workspace", ws)


def test_a_read_that_restores_files_says_so_on_stderr(tmp_path, monkeypatch):
    """`meetpoint rate` reads the stored calls; when that read first undoes an ingest that died
    between its renames and its commit, the files put back and deleted are printed as notes on
    stderr (stdout keeps its JSON)."""
    import shutil

    from meetpoint.traffic import ingest_files, storage

    def calls(name: str, *rows: tuple[str, str]) -> Path:
        path = tmp_path / name
        lines = ["call_id,orig_tn,term_tn,answer_ts,disconnect_ts,route"]
        lines += [f"{cid},5735550100,{term},2024-03-01T20:00:00Z,2024-03-01T20:01:00Z,direct" for cid, term in rows]
        path.write_text("\n".join(lines) + "\n")
        return path

    ws = _ws(tmp_path)
    one = calls("1.csv", ("a", "5734420001"), ("b", "5734420001"))
    two = calls("2.csv", ("a", "5734420002"), ("c", "5734420001"))  # "a" conflicts: 1.csv's file is rewritten
    with Workspace.open(ws) as w:
        ingest_files(w, [one], progress=False)
    real_apply = storage.FileChanges.apply

    class Crash(BaseException):
        pass

    def apply_then_die(self):
        real_apply(self)
        raise Crash

    with monkeypatch.context() as m, Workspace.open(ws) as w:
        m.setattr(storage.FileChanges, "apply", apply_then_die)
        m.setattr(storage.FileChanges, "undo", lambda self: None)
        m.setattr(shutil, "rmtree", lambda *a, **k: None)
        try:
            ingest_files(w, [two], progress=False)
        except Crash:
            pass
    batch = storage.sha256_file(two)[:20]
    res = runner.invoke(app, ["rate", "--json", "--workspace", ws])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["calls_in"] == 2  # a and b: the store as it was committed
    assert f"note: batch {batch}: an ingest was interrupted before its commit" in res.stderr
    assert f"deleted uncommitted cdrs/month=2024-03/{batch}.parquet" in res.stderr
    assert "put back cdrs/month=2024-03/" in res.stderr
    again = runner.invoke(app, ["rate", "--json", "--workspace", ws])
    assert again.exit_code == 0 and "note:" not in again.stderr
