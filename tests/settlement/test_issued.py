"""The issued-document store: exact round trip, immutability, fingerprints of library and inputs."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from meetpoint.agreements import load_library
from meetpoint.settlement.invoice import Memo, MemoLine, build_invoice, draft_invoice
from meetpoint.settlement.issued import (
    IssuedDocumentError,
    _insert,
    get_invoice,
    input_fingerprints,
    issue_invoice,
    issue_memo,
    issued_invoices,
    library_files,
    library_fingerprint,
    memos_for,
    stored_fingerprints,
    stored_library,
)
from meetpoint.settlement.lines import ChargeLine
from meetpoint.store import Workspace

INTERIM = "socket-spectra-interim-2005"
APRIL = (dt.date(2006, 4, 1), dt.date(2006, 4, 30))
DECISIONS = Path(__file__).parents[1] / "agreements" / "fixtures" / "decisions"
NOW = dt.datetime(2006, 4, 3, 15, 0, tzinfo=dt.timezone.utc)


def lines():
    return [
        ChargeLine("facility:CKT-1:2006-04:termination", "facility", "CKT-1 DS1: channel termination", APRIL,
                   Decimal(1), "circuit-month", Decimal("24.50"), Decimal("24.50"), "Interim Arrangement §5 ¶3",
                   {"library": "transport_rates.channel_termination.ds1_channel_termination",
                    "since": dt.date(2005, 10, 17), "value": Decimal("24.50")}),
        ChargeLine("facility:CKT-3:2006-04:mileage", "facility", "CKT-3 DS3: 13 miles", APRIL, Decimal("13.0"),
                   "mile-month", Decimal("15.72"), Decimal("204.36"), "Interim Arrangement §5 ¶6"),
        ChargeLine("facility:CKT-1:2006-04:mux", "facility", "muxing: TBD", APRIL, Decimal(1), "circuit-month",
                   "TBD", Decimal("0.00"), "Interim Arrangement §5 ¶3"),
        ChargeLine("tax:mo:2006-04", "tax", "excise 5%", APRIL, Decimal("228.86"), "USD", Decimal("0.05"),
                   Decimal("11.44"), "Art. III §43"),
    ]


@pytest.fixture
def empty_ws(tmp_path):
    w = Workspace.init(tmp_path / "ws")
    yield w
    w.close()


def test_an_issued_invoice_round_trips_exactly(empty_ws):
    lib = load_library()
    draft = build_invoice(INTERIM, "spectra", "socket", "2006-04", lines())
    stored, created = issue_invoice(empty_ws, lib, draft, now=NOW)
    assert created and stored.status == "issued" and stored.issued_at == NOW
    assert stored.lines == draft.lines  # keys, Decimals (13.0 stays 13.0), TBD, cents
    assert str(stored.lines[1].quantity) == "13.0" and stored.lines[2].rate == "TBD"
    assert stored.lines[0].inputs["since"] == "2005-10-17"
    assert (stored.subtotal, stored.taxes, stored.total) == (Decimal("228.86"), Decimal("11.44"), Decimal("240.30"))
    assert stored.library_fingerprint == library_fingerprint(lib, INTERIM)
    assert get_invoice(empty_ws, draft.invoice_id) == stored
    assert issued_invoices(empty_ws, INTERIM) == [stored] and issued_invoices(empty_ws, "centurytel-idt-2006") == []


def test_issuing_again_returns_the_stored_invoice_unchanged(empty_ws):
    lib = load_library()
    first, _ = issue_invoice(empty_ws, lib, build_invoice(INTERIM, "spectra", "socket", "2006-04", lines()), now=NOW)
    changed = build_invoice(INTERIM, "spectra", "socket", "2006-04", lines()[:1])
    again, created = issue_invoice(empty_ws, lib, changed, now=NOW + dt.timedelta(days=30))
    assert not created and again == first and again.issued_at == NOW and len(again.lines) == 4
    with pytest.raises(IssuedDocumentError, match="already issued"):
        _insert(empty_ws, changed, "x", "y", {"_files": {}}, NOW)
    assert empty_ws.run_sql("SELECT count(*) FROM invoices")[0][0] == 1


def test_the_library_version_is_stored_with_its_texts(empty_ws, tmp_path):
    lib = load_library()
    stored, _ = issue_invoice(empty_ws, lib, build_invoice(INTERIM, "spectra", "socket", "2006-04", lines()))
    files = stored_library(empty_ws, stored.library_fingerprint)
    assert sorted(files) == ["agreements/att-gte-adopted-tk-2002-1085.yaml", "agreements/carriers.yaml",
                             "agreements/socket-spectra-interim-2005.yaml"]
    assert "ds1_channel_termination" in files["agreements/socket-spectra-interim-2005.yaml"]
    # a change document in the workspace changes the fingerprint and joins the files
    shutil.copytree(DECISIONS, empty_ws.dir("agreements") / "decisions")
    lib2 = load_library(extra=[empty_ws.dir("agreements")])
    assert "decisions/arbitration-no-rate.yaml" in library_files(lib2, INTERIM)
    assert "decisions/commission-price.yaml" not in library_files(lib2, INTERIM)
    assert library_fingerprint(lib2, INTERIM) != stored.library_fingerprint


def test_input_fingerprints_follow_the_rows_used(loaded, lib):
    before = input_fingerprints(loaded, INTERIM, "spectra", "socket", "2006-04")
    assert before["facilities"]["rows"] == 6 and before["taxes"]["rows"] == 2
    assert before == input_fingerprints(loaded, INTERIM, "spectra", "socket", "2006-04")
    other = input_fingerprints(loaded, "centurytel-idt-2006", "centurytel", "idt", "2006-04")
    assert other["facilities"]["rows"] == 0
    loaded.run_sql("UPDATE facilities SET disconnected = DATE '2006-04-11' WHERE circuit_id = 'CKT-DS1-SELF'")
    after = input_fingerprints(loaded, INTERIM, "spectra", "socket", "2006-04")
    assert after["facilities"] != before["facilities"] and after["taxes"] == before["taxes"]


def test_an_invoice_from_the_engine_records_its_input_fingerprints(loaded, lib):
    stored, _ = issue_invoice(loaded, lib, draft_invoice(loaded, lib, INTERIM, "spectra", None, "2006-04"))
    prints = stored_fingerprints(loaded, stored.invoice_id)
    assert prints["inputs"] == input_fingerprints(loaded, INTERIM, "spectra", "socket", "2006-04")
    assert set(prints["library"]) == set(library_files(lib, INTERIM))


def test_memos_are_stored_like_invoices_and_need_an_issued_invoice(empty_ws):
    lib = load_library()
    inv = build_invoice(INTERIM, "spectra", "socket", "2006-04", lines())
    src = inv.lines[0]
    memo_line = MemoLine(src.key, src.kind, src.description, src.service_period, src.quantity, src.unit,
                         Decimal("0.00"), Decimal("24.50"), Decimal("0.00"), "Order", "retroactive change",
                         change="retroactive", decided=dt.date(2006, 9, 1))
    memo = Memo(inv.invoice_id.replace("INV:", "MEMO:") + ":1", inv.invoice_id, INTERIM, "spectra", "socket",
                inv.bill_month, (memo_line,), changes=({"cite": "Order"},))
    with pytest.raises(IssuedDocumentError, match="is not issued"):
        issue_memo(empty_ws, lib, memo)
    issue_invoice(empty_ws, lib, inv)
    stored = issue_memo(empty_ws, lib, memo, now=NOW)
    assert stored.lines == memo.lines and stored.total == Decimal("-24.50") and stored.kind == "credit"
    assert stored.changes == ({"cite": "Order"},) and stored.issued_at == NOW
    assert memos_for(empty_ws, inv.invoice_id) == [stored]
    assert issued_invoices(empty_ws) == [get_invoice(empty_ws, inv.invoice_id)]  # memos are not invoices
    with pytest.raises(IssuedDocumentError, match="never rewritten"):
        issue_memo(empty_ws, lib, memo)
