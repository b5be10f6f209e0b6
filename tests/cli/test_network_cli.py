"""``meetpoint init``, ``network import``, ``network summary`` and ``lookup`` through the real entry point."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from meetpoint.cli.main import app

FIX = Path(__file__).parent.parent / "network" / "fixtures"
SETTLEMENT_FIX = Path(__file__).parent.parent / "settlement" / "fixtures"
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
    assert rep["network"]["rows"]["numbering"] == 5 and rep["settlement"] is None
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


# --- one folder: network files, then settlement inputs --------------------------------------------


def reference_folder(tmp_path, *extra: tuple[str, str]) -> Path:
    """The settlement fixtures' network and settlement CSVs in one folder, plus ``extra`` (name, text)."""
    folder = tmp_path / "reference"
    folder.mkdir()
    for sub in ("network", "settlement"):
        for f in (SETTLEMENT_FIX / sub).glob("*.csv"):
            shutil.copy(f, folder)
    for name, text in extra:
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def counts(ws: str, *tables: str) -> dict[str, int]:
    from meetpoint.store import Workspace

    with Workspace.open(ws) as w:
        return {t: (w.run_sql(f'SELECT count(*) FROM "{t}"')[0][0] if w.has_table(t) else 0) for t in tables}


def test_one_folder_imports_the_network_then_the_settlement_inputs(tmp_path):
    """A leased facility's ends must be in ``switches``: they are, because the folder's own
    switches.csv is imported first, in the same run."""
    ws = str(tmp_path / "ws")
    run("init", ws)
    folder = reference_folder(tmp_path)
    rep = run_json("network", "import", "--dir", str(folder), "-w", ws)
    assert rep["source"] == str(folder)
    assert rep["network"]["rows"] == {"carriers": 6, "rate_centers": 3, "switches": 5}
    assert rep["settlement"]["rows"] == {"facilities": 6, "transit_charges": 5, "elections": 1, "taxes": 2}
    assert counts(ws, "switches", "facilities", "taxes") == {"switches": 5, "facilities": 6, "taxes": 2}
    # importing again changes nothing (both importers upsert by key)
    run_json("network", "import", "--dir", str(folder), "-w", ws)
    assert counts(ws, "switches", "facilities", "taxes") == {"switches": 5, "facilities": 6, "taxes": 2}
    text = " ".join(run("network", "import", "--dir", str(folder), "-w", ws).stdout.split())  # rich wraps titles
    assert "Imported network reference from" in text and "Imported settlement inputs from" in text


def test_an_unknown_file_name_is_still_an_error_and_nothing_is_imported(tmp_path):
    ws = str(tmp_path / "ws")
    run("init", ws)
    folder = reference_folder(tmp_path, ("invoices.csv", "a,b\n1,2\n"))
    out = run("network", "import", "--dir", str(folder), "-w", ws, ok=False).output
    assert "invoices.csv" in out and "not a reference file name" in out
    assert "facilities.csv" in out and "switches.csv" in out  # the message lists both sets of names
    assert counts(ws, "switches", "facilities") == {"switches": 0, "facilities": 0}


def test_a_bad_settlement_row_writes_no_network_row_either(tmp_path):
    ws = str(tmp_path / "ws")
    run("init", ws)
    folder = reference_folder(tmp_path)
    (folder / "taxes.csv").write_text(
        "tax_id,name,kind,rate_percent,authority\nx,Excise,levy,5,Fixture ordinance\n", encoding="utf-8")
    out = run("network", "import", "--dir", str(folder), "-w", ws, ok=False).output
    assert "taxes.csv" in out and "kind" in out
    assert counts(ws, "carriers", "switches", "facilities") == {"carriers": 0, "switches": 0, "facilities": 0}
