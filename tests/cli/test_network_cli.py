"""``meetpoint init``, ``network import``, ``network summary`` and ``lookup`` through the real entry point."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from meetpoint.cli.main import app

FIX = Path(__file__).parent.parent / "network" / "fixtures"
runner = CliRunner()


def run(*args: str, ok: bool = True):
    result = runner.invoke(app, list(args))
    assert (result.exit_code == 0) == ok, result.output
    return result


def run_json(*args: str) -> dict:
    return json.loads(run(*args, "--json").stdout)


def test_init_then_import_then_lookup(tmp_path):
    ws = str(tmp_path / "ws")
    out = run_json("init", ws)
    assert out["config"] == {"timezone": "America/Chicago", "vh_method": "tariff", "backend": "duckdb", "grade_of_service": ""}
    rep = run_json("network", "import", "--dir", str(FIX / "csv_good"), "--workspace", ws)
    assert rep["rows"]["numbering"] == 5
    got = run_json("lookup", "--tn", "573-642-1234", "--on", "2006-06-01", "--workspace", ws)
    assert {k: got[k] for k in ("carrier", "ocn", "rate_center", "switch", "ported", "lrn")} == {
        "carrier": "socket", "ocn": "3456", "rate_center": "FULTON", "switch": "CLMBMOXADS0",
        "ported": True, "lrn": 5732340000,
    }  # fmt: skip


def test_workspace_from_environment(tmp_path, monkeypatch):
    ws = tmp_path / "ws"
    run("init", str(ws))
    monkeypatch.setenv("MEETPOINT_WORKSPACE", str(ws))
    run("network", "import", "--dir", str(FIX / "csv_good"))
    summary = run_json("network", "summary", "--on", "2006-06-01")
    assert summary["tables"]["switches"] == {"rows": 6, "in_effect": 5}
    assert "FULTON" in run("lookup", "--tn", "5736425555").stdout


def test_public_formats(tmp_path):
    ws = str(tmp_path / "ws")
    run("init", ws)
    rep = run_json("network", "import", "--format", "nanpa-cocode", str(FIX / "nanpa_cocode.txt"), "--state", "MO", "-w", ws)
    assert rep["rows"] == {"carriers": 2, "rate_centers": 3, "numbering": 3} and rep["skipped"] == 2
    run_json("network", "import", "--format", "pooling-blocks", str(FIX / "pooling_blocks.csv"), "-w", ws)
    run_json("network", "import", "--format", "lcg-local", str(FIX / "lcg_local.xml"), "--kind", "optional_eas", "-w", ws)
    assert run_json("lookup", "--tn", "5736574000", "--on", "2006-03-01", "-w", ws)["carrier"] == "ocn-7777"


def test_errors_are_one_clear_message(tmp_path):
    ws = str(tmp_path / "ws")
    result = run("lookup", "--tn", "5736421234", "-w", ws, ok=False)
    assert "not a Meetpoint workspace" in result.output or "no such folder" in result.output
    run("init", ws)
    bad = run("network", "import", "--format", "nanpa-cocode", str(FIX / "nanpa_bad_rows.txt"), "-w", ws, ok=False)
    assert "nothing was imported" in bad.output and "row 2, field 'OCN'" in bad.output
    assert "5739990000"[:6] in run("lookup", "--tn", "5739990000", "-w", ws, ok=False).output
    assert run("network", "import", "-w", ws, ok=False).exit_code == 2
    assert run("init", ws, ok=False).exit_code == 1
