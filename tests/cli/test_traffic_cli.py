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
