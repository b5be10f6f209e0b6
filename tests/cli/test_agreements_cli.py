"""``meetpoint agreements ...`` through the real entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from meetpoint.cli import output
from meetpoint.cli.main import app

runner = CliRunner()
AGREEMENT_TESTS = Path(__file__).parents[1] / "agreements"


@pytest.fixture(autouse=True)
def wide_console(monkeypatch):
    """Tables are for people; give them a wide terminal so cells are not elided in assertions."""
    monkeypatch.setattr(output.console, "width", 200)


def run(*args: str):
    return runner.invoke(app, list(args))


def test_list_json_and_table():
    r = run("agreements", "list", "--json")
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    assert {row["id"] for row in rows} == {
        "att-gte-adopted-tk-2002-1085", "centurytel-idt-2006", "centurytel-socket-ica",
        "socket-centurytel-amendment-2005", "socket-spectra-interim-2005"}
    adopted = next(row for row in rows if row["id"] == "att-gte-adopted-tk-2002-1085")
    assert adopted["effective"] is None and adopted["known_in_force_by"] == "2005-03-22"
    table = run("agreements", "list")
    assert table.exit_code == 0 and "socket-spectra-interim" in table.stdout


def test_show_json_has_provisions_with_cites_and_values():
    r = run("agreements", "show", "socket-spectra-interim-2005", "--json")
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["id"] == "socket-spectra-interim-2005" and d["adopts"]["agreement"] == "att-gte-adopted-tk-2002-1085"
    lt = next(p for p in d["provisions"] if p["id"] == "transport_rates.leased_transport")
    assert lt["params"]["ds3_per_mile"]["values"][0] == {"since": "2005-10-17", "value": "15.72", "change": "initial"}
    table = run("agreements", "show", "centurytel-idt-2006", "--on", "2006-06-01", "--topic", "direct_connection")
    assert table.exit_code == 0 and "200000" in table.stdout


def test_show_unknown_agreement_is_one_clear_error():
    r = run("agreements", "show", "no-such")
    assert r.exit_code == 1 and "Error: no agreement 'no-such'" in r.stderr


def test_resolve_json_statuses():
    r = run("agreements", "resolve", "--between", "socket", "--and", "spectra", "--on", "2006-01-15",
            "--topic", "resale", "--json")
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert (d["status"], d["provisions"], d["authority"]) == ("excluded", [], ["Interim Arrangement §2"])
    d = json.loads(run("agreements", "resolve", "--between", "socket", "--and", "spectra", "--on", "2005-09-01",
                       "--json").stdout)
    assert d["status"] == "charges_barred" and d["authority"] == ["Interim Arrangement §7"]
    d = json.loads(run("agreements", "resolve", "--between", "socket", "--and", "idt", "--on", "2006-06-01",
                       "--json").stdout)
    assert d["status"] == "no_agreement"
    d = json.loads(run("agreements", "resolve", "--between", "socket", "--and", "spectra", "--on", "2006-06-01",
                       "--topic", "direct_connection", "--json").stdout)
    mou = next(p for p in d["provisions"] if p["id"] == "direct_connection.mou_and_transit")
    assert mou["values_on"]["transit_paid"]["value"] == "672.00"
    assert "Interim Arrangement §5 ¶8" in d["authority"]


def test_resolve_table_and_bad_input():
    r = run("agreements", "resolve", "--between", "socket", "--and", "centurytel-mo", "--on", "2006-06-01",
            "--topic", "poi")
    assert r.exit_code == 0 and "in_force" in r.stdout and "poi.placement" in r.stdout
    bad = run("agreements", "resolve", "--between", "socket", "--and", "spectra", "--on", "17/10/2005")
    assert bad.exit_code != 0 and "YYYY-MM-DD" in bad.output
    unknown = run("agreements", "resolve", "--between", "socket", "--and", "spectra", "--on", "2006-01-01",
                  "--topic", "rates")
    assert unknown.exit_code == 1 and "unknown topic 'rates'" in unknown.stderr


def test_validate_reports_file_path_and_problem():
    good = AGREEMENT_TESTS / "fixtures" / "valid-minimal.yaml"
    bad = AGREEMENT_TESTS / "invalid" / "number-without-cite.yaml"
    ok = run("agreements", "validate", str(good))
    assert ok.exit_code == 0 and "ok" in ok.stdout
    r = run("agreements", "validate", str(good), str(bad), "--json")
    assert r.exit_code == 1
    rows = json.loads(r.stdout)
    assert rows[0]["ok"] is True
    assert rows[1] == {"file": str(bad), "ok": False, "path": "provisions[0].params.rate.cite",
                       "problem": rows[1]["problem"]}
    assert "missing required field 'cite'" in rows[1]["problem"]
    plain = run("agreements", "validate", str(bad))
    assert plain.exit_code == 1 and "provisions[0].params.rate.cite" in plain.stderr


def test_topics_lists_the_vocabulary_and_statuses():
    d = json.loads(run("agreements", "topics", "--json").stdout)
    assert {"resale", "une", "vnxx", "lnp", "poi", "transport_rates", "direct_connection", "compensation",
            "measurement", "billing", "taxes", "notices"} <= set(d["topics"])
    assert set(d["statuses"]) == {"in_force", "excluded", "not_addressed", "no_agreement", "undetermined",
                                  "charges_barred"}
