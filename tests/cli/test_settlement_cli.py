"""``meetpoint invoice`` and ``meetpoint trueup`` through the real entry point (CliRunner)."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from meetpoint.agreements import load_library
from meetpoint.cli.main import app
from meetpoint.network.importers import import_folder
from meetpoint.settlement import import_settlement_folder
from meetpoint.store import Workspace

TESTS = Path(__file__).parents[1]
FIXTURES = TESTS / "settlement" / "fixtures"
DECISION = TESTS / "agreements" / "fixtures" / "decisions" / "arbitration-no-rate.yaml"
INTERIM = "socket-spectra-interim-2005"
runner = CliRunner()


@pytest.fixture
def workspace(tmp_path):
    ws = Workspace.init(tmp_path / "ws")
    import_folder(ws, FIXTURES / "network")
    import_settlement_folder(ws, FIXTURES / "settlement", lib=load_library())
    ws.close()
    return ws.root


def run(*args):
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result


def invoice(ws, month, *more):
    return run("invoice", "--agreement", INTERIM, "--biller", "spectra", "--month", month, "-w", str(ws), *more)


def test_invoice_json_reconciles_and_issuing_is_idempotent(workspace, tmp_path):
    draft = json.loads(invoice(workspace, "2006-04", "--json").stdout)
    assert draft["status"] == "draft" and draft["billed"] == "socket"
    assert Decimal(draft["total"]) == sum(Decimal(ln["amount"]) for ln in draft["lines"])
    assert Decimal(draft["total"]) == Decimal(draft["subtotal"]) + Decimal(draft["taxes"])
    assert all({"kind", "description", "service_period", "quantity", "unit", "rate", "amount", "cite"} <= set(ln)
               for ln in draft["lines"])

    pdf = tmp_path / "out" / "inv.pdf"
    issued = json.loads(invoice(workspace, "2006-04", "--issue", "--json", "--pdf", str(pdf),
                                "--html", str(tmp_path / "out" / "inv.html")).stdout)
    assert issued["status"] == "issued" and issued["lines"] == draft["lines"]
    assert pdf.read_bytes().startswith(b"%PDF") and (tmp_path / "out" / "inv.html").exists()

    again = json.loads(invoice(workspace, "2006-04", "--issue", "--json").stdout)
    assert again["issued_at"] == issued["issued_at"] and "already issued" in again["note"]
    shown = json.loads(invoice(workspace, "2006-04", "--json").stdout)  # without --issue: the stored one
    assert shown["status"] == "issued" and shown["issued_at"] == issued["issued_at"]


def test_trueup_after_a_retroactive_decision(workspace, tmp_path):
    """The order refunds connections over third-party transport only (Interim §5 ¶4): the first
    such charge (CKT-DS1-MID, installed 15 March) is on the April bill; February and March carry
    only Socket's own transport and get no memo."""
    for m in ("2006-02", "2006-03", "2006-04"):
        invoice(workspace, m, "--issue")
    none = json.loads(run("trueup", "--agreement", INTERIM, "-w", str(workspace), "--json").stdout)
    assert none["memos"] == []
    (workspace / "agreements" / "decisions").mkdir()
    shutil.copy(DECISION, workspace / "agreements" / "decisions")
    out = json.loads(run("trueup", "--agreement", INTERIM, "-w", str(workspace), "--json", "--issue",
                         "--pdf-dir", str(tmp_path / "memos")).stdout)
    assert [m["bill_month"] for m in out["memos"]] == ["2006-04"]
    for m in out["memos"]:
        assert m["kind"] == "credit" and m["status"] == "issued"
        assert Decimal(m["total"]) == sum(Decimal(ln["difference"]) for ln in m["lines"])
        assert all(Decimal(ln["difference"]) == Decimal(ln["recomputed"]) - Decimal(ln["issued"]) for ln in m["lines"])
    assert len(list((tmp_path / "memos").glob("MEMO_*.pdf"))) == 1
    assert json.loads(run("trueup", "--agreement", INTERIM, "-w", str(workspace), "--json").stdout)["memos"] == []
    human = run("trueup", "--agreement", INTERIM, "-w", str(workspace))
    assert "No differences" in human.stdout


def test_errors_are_one_line(workspace):
    result = runner.invoke(app, ["invoice", "--agreement", "no-such", "--biller", "spectra", "--month", "2006-04",
                                 "-w", str(workspace)])
    assert result.exit_code == 1 and "Error: no agreement 'no-such'" in result.output
    bad = runner.invoke(app, ["invoice", "--agreement", INTERIM, "--biller", "spectra", "--month", "2006-13",
                              "-w", str(workspace)])
    assert bad.exit_code == 2 and "not a month" in bad.output
