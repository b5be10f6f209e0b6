"""``meetpoint triggers`` on the demo network with hand-made rated tables.

Branson (CenturyTel of Missouri, BRSNMOXADS0) sends Socket's Springfield switch (SPFDMOSKDS0)
112,000 MOU a month from February 2006, and CenturyTel pays AT&T $1,000.00 a month to transit it:
Amendment §3 ¶8 scenario (2) is met in April ("for three consecutive months"), and the election
(pay the transit above $672.00) is compared with a leased DS1 over the 39 airline miles.
"""

from __future__ import annotations

import json

import pyarrow as pa
import pytest
from typer.testing import CliRunner

from meetpoint.cli.main import app
from meetpoint.demo.network_builder import build_demo_workspace
from meetpoint.rating.cube import CUBE_COLUMNS
from meetpoint.settlement.inputs import import_settlement_files

runner = CliRunner()
AMENDMENT = "socket-centurytel-amendment-2005"
BRANSON, SOCKET = "BRSNMOXADS0", "SPFDMOSKDS0"
MOU = {"2006-01": 90_000, "2006-02": 112_000, "2006-03": 112_000, "2006-04": 112_000, "2006-05": 111_999}


@pytest.fixture(scope="module")
def ws_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("triggers") / "ws"
    ws = build_demo_workspace(path)
    cube = [{"month": m, "agreement": AMENDMENT, "orig_carrier": "centurytel-mo", "term_carrier": "socket",
             "orig_switch": BRANSON, "term_switch": SOCKET, "route": "transit:9206", "jurisdiction": "vnxx_local",
             "calls": 1000, "duration_ds": mou * 600, "billable_minutes": mou} for m, mou in MOU.items()]
    ws.write_arrow("usage_cube", pa.Table.from_pylist(cube).select(list(CUBE_COLUMNS)))
    transit = path.parent / "transit_charges.csv"
    transit.write_text("month,payer,transit_carrier,orig_switch,term_switch,amount,proof\n" + "".join(
        f"{m},centurytel-mo,att,{BRANSON},{SOCKET},1000.00,ATT-{m}\n" for m in MOU))
    import_settlement_files(ws, [transit])
    ws.close()
    return str(path)


def triggers(ws_path: str, *args: str) -> list[dict]:
    result = runner.invoke(app, ["triggers", "-w", ws_path, "--json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_scenario_two_is_met_in_the_third_month_with_the_election_priced(ws_path):
    out = triggers(ws_path, "--through", "2006-05")
    (v,) = [v for v in out if v["trigger"] == "direct_connection.mou_and_transit" and v["from_switch"] == BRANSON]
    assert (v["agreement"], v["to_switch"], v["met"], v["first_met"]) == (AMENDMENT, SOCKET, True, "2006-04")
    assert v["cites"] == ["Amendment §3 ¶8", "Amendment §3 ¶8(2)(a)", "Amendment §3 ¶8(2)(b)"]
    assert [r["values"]["mou_one_way"] for r in v["evidence"]] == list(MOU.values())
    assert v["evidence"][1]["values"]["transit_paid"] == "1000.00"
    e = v["election"]
    assert e["months"] == ["2006-02", "2006-03", "2006-04", "2006-05"]
    assert e["election_total"] == "1312.00"          # 4 x ($1,000.00 - $672.00)
    assert e["direct_connection_total"] == "193.16"  # 4 x ($24.50 + 39 mi x $0.61 = $48.29)
    assert e["cheaper"] == "direct_connection"


def test_every_verdict_has_the_contract_fields(ws_path):
    out = triggers(ws_path, "--through", "2006-05")
    assert {v["trigger"] for v in out} == {"direct_connection.ds1_level", "direct_connection.mou_and_transit"}
    for v in out:
        assert {"agreement", "trigger", "from_switch", "to_switch", "met", "first_met", "evidence", "cites"} <= set(v)
    ds1 = next(v for v in out if v["trigger"] == "direct_connection.ds1_level")
    assert not ds1["met"] and any("hourly_load" in n for n in ds1["notes"])


def test_through_cuts_the_months_judged(ws_path):
    out = triggers(ws_path, "--through", "2006-03")
    v = next(v for v in out if v["trigger"] == "direct_connection.mou_and_transit" and v["from_switch"] == BRANSON)
    assert (v["met"], v["first_met"], v["evidence"][-1]["month"]) == (False, None, "2006-03")


def test_agreement_filter(ws_path):
    assert triggers(ws_path, "--through", "2006-05", "--agreement", "socket-spectra-interim-2005") == []
    result = runner.invoke(app, ["triggers", "-w", ws_path, "--through", "2006-05", "--agreement", "nope"])
    assert result.exit_code == 1 and "Error:" in result.output


def test_bad_month_is_a_usage_error(ws_path):
    result = runner.invoke(app, ["triggers", "-w", ws_path, "--through", "2006-13"])
    assert result.exit_code == 2


def test_human_output_names_the_verdict_and_cite(ws_path, monkeypatch):
    from meetpoint.cli.output import console

    monkeypatch.setattr(console, "_width", 220)  # a wide terminal, so the table does not wrap
    result = runner.invoke(app, ["triggers", "-w", ws_path, "--through", "2006-05"])
    assert result.exit_code == 0, result.output
    assert "MET" in result.output and "Amendment §3 ¶8" in result.output
