"""``meetpoint study``, ``meetpoint trunks servicing`` and ``meetpoint notice`` through the real entry point,
on a workspace whose usage cube and hourly load are written by hand (hand-worked figures in comments)."""

from __future__ import annotations

import calendar
import datetime as dt
import json

import pyarrow as pa
import pytest
from typer.testing import CliRunner

from meetpoint.cli.main import app
from meetpoint.rating.cube import CUBE_COLUMNS
from meetpoint.rating.load import HOURLY_COLUMNS
from meetpoint.store import Workspace

runner = CliRunner()
IDT = "centurytel-idt-2006"
SW = {"centurytel": "CTELMTXADS0", "idt": "IDTNNJXADS0", "spectra": "LBNNMOXADS0", "socket": "SPFDMOSKDS0"}
AGR = {frozenset(("centurytel", "idt")): IDT, frozenset(("spectra", "socket")): "socket-spectra-interim-2005"}


def cube(month, orig, term, jurisdiction, ds):
    return {"month": month, "agreement": AGR[frozenset((orig, term))], "orig_carrier": orig, "term_carrier": term,
            "orig_switch": SW[orig], "term_switch": SW[term], "route": "direct", "jurisdiction": jurisdiction,
            "calls": 1, "duration_ds": ds, "billable_minutes": -(-ds // 600)}


def busy(month, a, b, erlangs):
    """One hour-10 row carrying ``erlangs`` on every day of the month on average (TCBH = erlangs)."""
    y, m = map(int, month.split("-"))
    days = calendar.monthrange(y, m)[1]
    hour = int(dt.datetime(y, m, 1, 16, tzinfo=dt.timezone.utc).timestamp()) // 3600  # 10:00 CST
    row = {"orig_switch": SW[a], "term_switch": SW[b], "hour": hour, "month": month, "date": dt.date(y, m, 1),
           "local_hour": 10, "fold": 0, "answered": 1, "load_ds": int(erlangs * 36_000 * days)}
    # any other column rating keeps (e.g. the month calls were answered in) is this month too
    return {c: row.get(c, month if c.endswith("month") else None) for c in HOURLY_COLUMNS}


@pytest.fixture()
def ws_path(tmp_path):
    ws = Workspace.init(tmp_path / "ws")
    rows = []
    for month in [f"2006-{m:02d}" for m in range(4, 13)]:
        # IDT -> CenturyTel 700 min, CenturyTel -> IDT 300 min a month: CenturyTel terminates 70%.
        rows += [cube(month, "idt", "centurytel", "local", 420_000), cube(month, "centurytel", "idt", "local", 180_000),
                 cube(month, "centurytel", "idt", "isp_local", 6_000_000)]
    for month in [f"2006-{m:02d}" for m in range(1, 6)]:
        rows.append(cube(month, "spectra", "socket", "vnxx_local", 6_000_000))
    ws.write_arrow("usage_cube", pa.Table.from_pylist(rows).select(list(CUBE_COLUMNS)))
    load = [busy(f"2006-{m:02d}", "spectra", "socket", e) for m, e in ((1, 8.0), (2, 8.0), (3, 13.0), (4, 13.0), (5, 13.0))]
    load += [busy(f"2006-{m:02d}", "idt", "centurytel", 12.0 if m == 7 else 5.0) for m in range(4, 13)]
    ws.write_arrow("hourly_load", pa.Table.from_pylist(load).select(list(HOURLY_COLUMNS)))
    ws.close()
    return str(tmp_path / "ws")


def invoke(ws, *args):
    return runner.invoke(app, [*args, "-w", ws])


def test_study_balance_records_and_refuses_for_cadence(ws_path) -> None:
    r = invoke(ws_path, "study", "balance", "--agreement", IDT, "--from", "2006-04", "--to", "2006-09", "--json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["study_id"] == f"{IDT}:2006-10-01" and out["permitted"]
    assert [(s["party"], s["minutes"], s["percent"]) for s in out["shares"]] == [
        ("centurytel", 4200, "70.00"), ("idt", 1800, "30.00")]
    assert out["outcome"] == "may_notify_mutual" and out["excluded"] == {"isp_local": 60_000}
    again = invoke(ws_path, "study", "balance", "--agreement", IDT, "--from", "2006-10", "--to", "2006-12", "--json")
    assert again.exit_code == 1
    refused = json.loads(again.stdout)
    assert not refused["permitted"] and refused["next_permitted"] == "2007-04-01"
    text = invoke(ws_path, "study", "balance", "--agreement", IDT, "--from", "2006-10", "--to", "2006-12")
    assert text.exit_code == 1 and "Refused" in text.output and "2007-04-01" in text.output
    listed = json.loads(invoke(ws_path, "study", "list", "--agreement", IDT, "--json").stdout)
    assert [s["study_id"] for s in listed] == [f"{IDT}:2006-10-01"]


def test_record_notice_and_regime(ws_path) -> None:
    invoke(ws_path, "study", "balance", "--agreement", IDT, "--from", "2006-04", "--to", "2006-09")
    r = invoke(ws_path, "study", "record-notice", f"{IDT}:2006-10-01", "--method", "certified_mail",
               "--sent", "2006-10-02", "--receipt", "2006-10-05", "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["notice_received"] == "2006-10-05"
    before = json.loads(invoke(ws_path, "study", "regime", "--agreement", IDT, "--on", "2006-10-04", "--json").stdout)
    after = json.loads(invoke(ws_path, "study", "regime", "--agreement", IDT, "--on", "2006-10-05", "--json").stdout)
    assert before["regime"] == "bill_and_keep" and after["regime"] == "mutual_compensation"


def test_email_notice_is_refused(ws_path) -> None:
    invoke(ws_path, "study", "balance", "--agreement", IDT, "--from", "2006-04", "--to", "2006-09")
    r = invoke(ws_path, "study", "record-notice", f"{IDT}:2006-10-01", "--method", "email", "--sent", "2006-10-02")
    assert r.exit_code == 1 and "E-mail will not be used to provide notice" in r.output


def test_trunks_servicing(ws_path) -> None:
    """Busy season 2006-07 at 12 Erlangs: 20 trunks at 1% over the 12 months before 2007-01. Jan-Mar were
    rated (Socket traffic) with nothing between these switches: zeros, so the data are complete."""
    r = invoke(ws_path, "trunks", "servicing", "--agreement", IDT, "--month", "2007-01", "--gos", "0.01", "--json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    g = out["groups"][0]
    assert (g["busy_season"], g["required"], g["gos"], g["complete"]) == ("2006-07", 20, 0.01, True)
    assert any(i["kind"] == "forecast" and i["due"] == "2007-03-31" and i["covers"] == [2007, 2008]
               for i in out["schedule"])


def test_trunks_servicing_needs_a_grade_of_service(ws_path) -> None:
    r = invoke(ws_path, "trunks", "servicing", "--agreement", IDT, "--month", "2007-01")
    assert r.exit_code == 1 and "State grade of service" in r.output


def test_notice_for_a_study_as_pdf(ws_path, tmp_path) -> None:
    invoke(ws_path, "study", "balance", "--agreement", IDT, "--from", "2006-04", "--to", "2006-09")
    pdf = tmp_path / "study.pdf"
    r = invoke(ws_path, "notice", f"study:{IDT}:2006-10-01", "--pdf", str(pdf), "--method", "personal",
               "--sent", "2006-10-02", "--json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["notice"]["delivery"]["received"] == "2006-10-02"
    assert out["notice"]["recipient"]["carrier"] == "idt"
    assert pdf.read_bytes().startswith(b"%PDF")


def test_notice_for_a_met_trigger(ws_path, tmp_path) -> None:
    """13 Erlangs (468 CCS) needs 25 trunks at .001 in March, April, May: the DS1 level is met in May."""
    html = tmp_path / "dc.html"
    ref = "socket-spectra-interim-2005:direct_connection.ds1_level:LBNNMOXADS0:SPFDMOSKDS0"
    r = invoke(ws_path, "notice", ref, "--html", str(html), "--pdf", str(tmp_path / "dc.pdf"), "--json")
    assert r.exit_code == 0, r.output
    page = html.read_text()
    assert "Interim Arrangement §5 ¶8" in page and "met 2006-05" in page and "<svg" in page
    assert "not in the seed documents" in page
    missing = invoke(ws_path, "notice", "socket-spectra-interim-2005:direct_connection.ds1_level:A:B")
    assert missing.exit_code == 1 and "no verdict" in missing.output
