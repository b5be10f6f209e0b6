"""True-ups of issued invoices after dated agreement changes.

Interim §5 ¶4: "If ... it is determined that no rate should apply for connections when Socket leases
transport from a third party ..., any such charges that were paid by Socket under this Interim
Arrangement will be subject to refund. If ... it is determined that a different rate should apply
..., such rate shall apply on a going forward basis only."
IDT Art. III §47: "If an interim price is different from the rate subsequently established by the
Commission, any underpayment shall be paid, and any overpayment shall be refunded within 45
Business Days after the establishment of the price by the Commission."

Most tests use a small stand-in engine (one channel-termination line per circuit, one usage line),
so they pin the true-up and not the charge engine; the last one runs the real engine.
"""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from meetpoint.agreements import load_library
from meetpoint.calendar import add_business_days
from meetpoint.errors import AgreementParseError
from meetpoint.settlement import compute_charges
from meetpoint.settlement.invoice import draft_invoice
from meetpoint.settlement.issued import issue_invoice, memos_for
from meetpoint.settlement.lines import ChargeLine, to_cents
from meetpoint.settlement.periods import bill_periods, month_key
from meetpoint.settlement.trueup import trueup
from meetpoint.store import Workspace

DECISIONS = Path(__file__).parents[1] / "agreements" / "fixtures" / "decisions"
INTERIM, IDT = "socket-spectra-interim-2005", "centurytel-idt-2006"
# the stand-in engine's circuits run over third-party transport: the parameters ¶4 governs
DS1 = "transport_rates.channel_termination.ds1_third_party"
DS3 = "transport_rates.channel_termination.ds3_third_party"
LOCAL = "compensation.reciprocal_rates.local_traffic"
INTERIM_PRICE = Decimal("0.0010")  # the nearest analogous item's price (§47), supplied by the workspace
MOU = Decimal(100000)


def engine(ws, lib, agreement_id, biller, billed, bill_month):
    """Stand-in for compute_charges: what the true-up needs from it is keys, amounts and library inputs."""
    agr = lib.agreement(agreement_id)
    p = bill_periods(bill_month)
    out = []
    if agreement_id == INTERIM:
        for circuit, name in (("CKT-1", DS1), ("CKT-3", DS3)):
            entry = agr.parameter(name).entry_at(p.recurring.first)
            out.append(ChargeLine(
                f"facility:{circuit}:{month_key(p.recurring.first)}:termination", "facility",
                f"{circuit}: channel termination", p.recurring.as_tuple(), Decimal(1), "circuit-month",
                entry.value, to_cents(entry.value), entry.cite,
                {"library": name, "since": entry.since, "change": entry.change, "value": entry.value}))
    else:
        entry = agr.parameter(LOCAL).entry_at(p.usage.first)
        rate, extra = (INTERIM_PRICE, {"basis": "interim"}) if entry.value == "TBD" else (entry.value, {})
        out.append(ChargeLine(
            f"usage:local:{month_key(p.usage.first)}", "usage", "Local Traffic terminated", p.usage.as_tuple(),
            MOU, "MOU", rate, to_cents(rate * MOU), entry.cite,
            {"library": LOCAL, "since": entry.since, "change": entry.change, "value": entry.value, **extra}))
    base = sum(line.amount for line in out)
    out.append(ChargeLine(f"tax:excise:{month_key(p.bill_month)}", "tax", "excise 5%", p.recurring.as_tuple(),
                          base, "USD", Decimal("0.05"), to_cents(base * Decimal("0.05")), "Art. III §43"))
    return out


@pytest.fixture
def empty_ws(tmp_path):
    w = Workspace.init(tmp_path / "ws")
    yield w
    w.close()


def issue_months(ws, agreement, biller, billed, months):
    lib = load_library(extra=[ws.dir("agreements")])
    for m in months:
        issue_invoice(ws, lib, draft_invoice(ws, lib, agreement, biller, billed, m, compute=engine))


def decide(ws, name):
    folder = ws.dir("agreements") / "decisions"
    folder.mkdir(exist_ok=True)
    shutil.copy(DECISIONS / f"{name}.yaml", folder)
    return load_library(extra=[ws.dir("agreements")])


def test_no_change_no_memo(empty_ws):
    issue_months(empty_ws, INTERIM, "spectra", "socket", ["2006-01", "2006-02"])
    assert trueup(empty_ws, load_library(extra=[empty_ws.dir("agreements")]), INTERIM, compute=engine) == []


def test_retroactive_no_rate_refunds_every_charge_paid(empty_ws):
    issue_months(empty_ws, INTERIM, "spectra", "socket", ["2005-11", "2005-12", "2006-01"])
    lib = decide(empty_ws, "arbitration-no-rate")
    memos = trueup(empty_ws, lib, INTERIM, compute=engine, issue=True)
    assert [m.bill_month.isoformat() for m in memos] == ["2005-11-01", "2005-12-01", "2006-01-01"]
    for m in memos:
        ds1, tax = m.lines
        assert (ds1.issued, ds1.recomputed, ds1.amount) == (Decimal("24.50"), Decimal("0.00"), Decimal("-24.50"))
        assert (ds1.change, ds1.decided) == ("retroactive", dt.date(2006, 9, 1))
        assert ds1.cite == "Fixture Arbitration Order (Interim Arrangement §5 ¶4: refund)"
        assert (tax.issued, tax.recomputed, tax.amount) == (Decimal("14.12"), Decimal("12.89"), Decimal("-1.23"))
        assert m.total == Decimal("-25.73") == m.recomputed_total - m.issued_total == sum(x.amount for x in m.lines)
        assert m.kind == "credit" and m.due is None and m.status == "issued"
        assert m.changes[0]["replaced"] == "24.50" and m.changes[0]["value"] == "0.00"
    # issued memos count as billed: running again finds nothing
    assert trueup(empty_ws, lib, INTERIM, compute=engine) == []
    assert [m.memo_id for m in memos_for(empty_ws, memos[0].invoice_id)] == [memos[0].memo_id]
    assert memos[0].memo_id.endswith(":2005-11:1")


def test_prospective_different_rate_gives_no_memo_for_past_months(empty_ws):
    """Invoices through October 2006 were issued before the decision of 1 Sep 2006; the new DS3
    rate applies from 1 Oct 2006 "on a going forward basis only"."""
    issue_months(empty_ws, INTERIM, "spectra", "socket", ["2006-07", "2006-08", "2006-09", "2006-10"])
    lib = decide(empty_ws, "different-rate")
    [memo] = trueup(empty_ws, lib, INTERIM, compute=engine)
    assert memo.bill_month == dt.date(2006, 10, 1) and memo.status == "draft"
    ds3 = next(x for x in memo.lines if x.kind == "facility")
    assert (ds3.issued, ds3.recomputed, ds3.amount, ds3.change) == (
        Decimal("257.83"), Decimal("200.00"), Decimal("-57.83"), "prospective")
    assert memo.total == sum(x.amount for x in memo.lines)
    assert memos_for(empty_ws, memo.invoice_id) == []  # not issued without issue=True


def test_a_commission_price_for_a_tbd_rate_is_trued_up_with_its_due_date(empty_ws):
    """Usage billed at the interim price 0.0010/MOU; the Commission sets 0.0007 on 15 Nov 2006:
    the overpayment is refunded within 45 Business Days, by 23 Jan 2007 (Thanksgiving, Christmas,
    New Year's Day and Martin Luther King Day do not count)."""
    issue_months(empty_ws, IDT, "centurytel", "idt", ["2006-05", "2006-06"])
    lib = decide(empty_ws, "commission-price")
    memos = trueup(empty_ws, lib, IDT, compute=engine, issue=True)
    assert len(memos) == 2
    for m in memos:
        usage = next(x for x in m.lines if x.kind == "usage")
        assert (usage.issued, usage.recomputed, usage.amount) == (Decimal("100.00"), Decimal("70.00"), Decimal("-30.00"))
        assert usage.reason == "TBD price established"
        assert m.due == dt.date(2007, 1, 23) == add_business_days(dt.date(2006, 11, 15), 45) == usage.due
        assert m.due_cite == "CenturyTel/IDT ICA Art. III §47" and "45 Business Days" in m.due_rule
        assert m.changes[0]["replaced"] == "TBD"
        assert m.total == Decimal("-31.50")


def test_the_real_engine_refunds_third_party_transport_only(loaded, lib):
    """¶4 reaches "connections when Socket leases transport from a third party": the arbitration
    order refunds CKT-DS1-MID (third party, installed 15 March: 13/31 of March and April on the
    April bill), while CKT-DS1-SELF (Socket's own transport) keeps its $24.50 (¶3)."""
    for m in ("2006-02", "2006-03", "2006-04"):
        issue_invoice(loaded, lib, draft_invoice(loaded, lib, INTERIM, "spectra", None, m))
    lib2 = decide(loaded, "arbitration-no-rate")
    [memo] = trueup(loaded, lib2, INTERIM, issue=True)
    assert memo.bill_month == dt.date(2006, 4, 1)  # February and March carried no third-party charge
    facility = {x.key: x for x in memo.lines if x.kind == "facility"}
    assert {k: (x.issued, x.recomputed) for k, x in facility.items()} == {
        "facility:CKT-DS1-MID:2006-03:termination": (Decimal("13.44"), Decimal("0.00")),
        "facility:CKT-DS1-MID:2006-04:termination": (Decimal("24.50"), Decimal("0.00")),
    }
    assert all(x.change == "retroactive" and "§5 ¶4: refund" in x.cite for x in facility.values())
    assert memo.total == sum(x.recomputed - x.issued for x in memo.lines) < 0
    assert trueup(loaded, lib2, INTERIM) == []
    self_line = next(x for x in compute_charges(loaded, lib2, INTERIM, "spectra", "socket", "2006-04")
                     if x.key == "facility:CKT-DS1-SELF:2006-04:termination")
    assert (self_line.amount, self_line.cite) == (Decimal("24.50"), "Interim Arrangement §5 ¶3")
    assert self_line.inputs["library"] == "transport_rates.channel_termination.ds1_channel_termination"


def test_no_rate_as_a_dated_null_refunds_the_same_and_names_the_order(loaded, lib):
    issue_invoice(loaded, lib, draft_invoice(loaded, lib, INTERIM, "spectra", None, "2006-04"))
    folder = loaded.dir("agreements") / "decisions"
    folder.mkdir(exist_ok=True)
    (folder / "no-rate-null.yaml").write_text(
        f"kind: decision\nagreement: {INTERIM}\nparameter: {DS1}\ndecided: 2006-09-01\n"
        "cite: Fixture Arbitration Order (null)\nvalues:\n  2005-10-17: {value: null, change: retroactive}\n",
        encoding="utf-8")
    lib2 = load_library(extra=[loaded.dir("agreements")])
    [memo] = trueup(loaded, lib2, INTERIM)
    mid = [x for x in memo.lines if x.key.startswith("facility:CKT-DS1-MID")]
    assert [(x.issued, x.recomputed) for x in mid] == [(Decimal("13.44"), Decimal("0.00")),
                                                        (Decimal("24.50"), Decimal("0.00"))]
    assert all(x.cite == "Fixture Arbitration Order (null)" and x.change == "retroactive" for x in mid)
    assert "no rate applies" in mid[0].description
    assert memo.changes[0]["value"] == "null" and memo.changes[0]["replaced"] == "24.50"


def test_a_retroactive_different_rate_for_third_party_transport_is_refused(loaded):
    """"If ... a different rate should apply ..., such rate shall apply on a going forward basis only."""
    folder = loaded.dir("agreements") / "decisions"
    folder.mkdir(exist_ok=True)
    bad = folder / "backdated.yaml"
    bad.write_text(f"kind: decision\nagreement: {INTERIM}\nparameter: {DS1}\ndecided: 2006-09-01\n"
                   "cite: Fixture Final Agreement\nvalues:\n  2006-01-01: {value: \"12.00\", change: retroactive}\n",
                   encoding="utf-8")
    with pytest.raises(AgreementParseError) as info:
        load_library(extra=[loaded.dir("agreements")])
    err = info.value
    assert (err.file, err.path) == (str(bad), "values.2006-01-01.change")
    assert "Interim Arrangement §5 ¶4" in err.problem and "going forward basis only" in err.problem
