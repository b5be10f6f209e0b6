"""Borrowed conventions are cited as borrowed (docs/decisions.md, 2026-11-21).

The bill-month calendar and usage measurement are the CenturyTel/IDT agreement's (Art. IV §2.3:
"Charges for physical facilities ... shall be billed in advance ... Usage sensitive charges ...
shall be billed in arrears"; §2.4.1-2.4.2: answer to disconnect, "any remaining fraction shall be
rounded up"). The Socket agreements and the AT&T/GTE Agreement they adopt or amend have no such
terms in the seeds: their invoices apply the IDT clauses and must say so, never cite them bare.
"""

from __future__ import annotations

import pyarrow as pa
import pytest
from markupsafe import escape

from meetpoint.rating.cube import CUBE_COLUMNS
from meetpoint.reports.invoice_pdf import invoice_html
from meetpoint.settlement.authority import BILL_PERIODS, MEASUREMENT, chain_cite, governing_cite
from meetpoint.settlement.invoice import LEGACY_PERIOD_CITE, draft_invoice
from meetpoint.settlement.issued import get_invoice, issue_invoice

IDT = "centurytel-idt-2006"
INTERIM = "socket-spectra-interim-2005"
AMENDMENT = "socket-centurytel-amendment-2005"
SOCKET = (INTERIM, AMENDMENT)


def idt_cite(lib, pid):
    return lib.agreement(IDT).provision(pid).full_cite


def test_the_idt_agreement_cites_its_own_clauses(lib):
    assert governing_cite(lib, IDT, BILL_PERIODS) == "CenturyTel/IDT ICA Art. IV §2.3"
    assert governing_cite(lib, IDT, MEASUREMENT) == idt_cite(lib, MEASUREMENT)
    assert "§2.4" in governing_cite(lib, IDT, MEASUREMENT)
    assert "analogy" not in governing_cite(lib, IDT, MEASUREMENT)


@pytest.mark.parametrize("agreement", SOCKET)
@pytest.mark.parametrize("pid, terms", [(BILL_PERIODS, "billing-period"), (MEASUREMENT, "usage-measurement")])
def test_socket_agreements_borrow_the_idt_clause_and_say_so(lib, agreement, pid, terms):
    agr = lib.agreement(agreement)
    cite = governing_cite(lib, agreement, pid)
    assert cite.startswith(f"{idt_cite(lib, pid)}, applied by analogy: ")
    assert agr.title in cite and "AT&T/GTE Agreement" in cite and f"no {terms} terms in the seeds" in cite


def test_lookup_is_by_provision_id_not_topic(lib):
    # The Interim's own `billing` provision is §7 (no charges before commencement), not bill periods.
    interim = lib.agreement(INTERIM)
    assert any(p.topic == "billing" for p in interim.provisions)
    assert "§7" not in governing_cite(lib, INTERIM, BILL_PERIODS)


def test_the_chain_is_the_agreement_then_its_base(lib):
    interim, idt = lib.agreement(INTERIM), lib.agreement(IDT)
    # a base that has the clause governs: no analogy
    assert chain_cite(interim, idt, BILL_PERIODS, analogy=None) == idt_cite(lib, BILL_PERIODS)
    # nothing in the chain and nothing to borrow: said, not invented
    assert chain_cite(interim, None, BILL_PERIODS, analogy=None).startswith("none: the Socket/Spectra Interim")


def _cube(ws, rows):
    ws.write_arrow("usage_cube", pa.table({c: [r[i] for r in rows] for i, c in enumerate(CUBE_COLUMNS)}))


@pytest.fixture
def billed(ws, lib):
    """Usage for a Socket and an IDT bill: Interim March 2006 (bill 2006-04), IDT May 2006 (bill 2006-06)."""
    _cube(ws, [
        ("2006-03", INTERIM, "socket", "spectra", "SCKTMOAA", "SPTRMOAA", "direct", "local", 10, 6001, 2),
        ("2006-03", INTERIM, "socket", "spectra", "SCKTMOAA", "SPTRMOAA", "direct", "vnxx_local", 4, 1200, 1),
        ("2006-05", IDT, "idt", "centurytel", "IDTXMTAA", "CTLXMTAA", "direct", "local", 10, 201, 1),
    ])
    return {
        INTERIM: draft_invoice(ws, lib, INTERIM, "spectra", "socket", "2006-04"),
        IDT: draft_invoice(ws, lib, IDT, "centurytel", "idt", "2006-06"),
    }


def test_idt_invoice_cites_its_own_clauses_as_before(billed):
    inv = billed[IDT]
    assert inv.period_cite == inv.to_dict()["periods"]["cite"] == "CenturyTel/IDT ICA Art. IV §2.3"
    usage = [x for x in inv.lines if x.kind == "usage"]
    assert usage and all("§2.4" in x.cite and "analogy" not in x.cite for x in usage)


def test_socket_invoice_says_applied_by_analogy(billed, lib):
    inv = billed[INTERIM]
    assert inv.period_cite == governing_cite(lib, INTERIM, BILL_PERIODS)
    assert inv.to_dict()["periods"]["cite"] == inv.period_cite
    assert inv.period_cite.startswith("CenturyTel/IDT ICA Art. IV §2.3, applied by analogy")
    usage = [x for x in inv.lines if x.kind == "usage"]
    assert {x.inputs["jurisdiction"] for x in usage} == {"local", "vnxx_local"}
    for x in usage:
        assert x.cite.endswith(governing_cite(lib, INTERIM, MEASUREMENT))
        assert f"{idt_cite(lib, MEASUREMENT)}, applied by analogy" in x.cite


@pytest.mark.parametrize("agreement", [INTERIM, IDT])
def test_json_html_and_the_stored_invoice_agree(ws, lib, billed, agreement):
    draft = billed[agreement]
    stored, created = issue_invoice(ws, lib, draft)
    assert created
    reloaded = get_invoice(ws, draft.invoice_id)
    assert reloaded.period_cite == stored.period_cite == draft.period_cite
    assert reloaded.to_dict()["periods"] == draft.to_dict()["periods"]
    assert [x.cite for x in reloaded.lines] == [x.cite for x in draft.lines]
    for doc in (draft, reloaded):
        html = invoice_html(doc, lib)
        assert f"Calendar: {escape(draft.period_cite)}." in html
        assert all(escape(x.cite) in html for x in doc.lines if x.kind == "usage")
    if agreement == INTERIM:
        assert "applied by analogy" in invoice_html(reloaded, lib)


def test_an_invoice_issued_before_the_period_cite_keeps_what_it_was_issued_with(ws, lib, billed):
    # a workspace whose invoices table predates the column
    issue_invoice(ws, lib, billed[INTERIM])
    ws.run_sql("ALTER TABLE invoices DROP COLUMN period_cite")
    old = get_invoice(ws, billed[INTERIM].invoice_id)
    assert old.period_cite == old.to_dict()["periods"]["cite"] == LEGACY_PERIOD_CITE
    # issuing again adds the column; the old invoice keeps its cite, the new one has its own
    issue_invoice(ws, lib, billed[IDT])
    assert get_invoice(ws, billed[INTERIM].invoice_id).period_cite == LEGACY_PERIOD_CITE
    assert get_invoice(ws, billed[IDT].invoice_id).period_cite == billed[IDT].period_cite
    # issuing the old invoice again returns it as stored
    again, created = issue_invoice(ws, lib, billed[INTERIM])
    assert not created and again.period_cite == LEGACY_PERIOD_CITE
