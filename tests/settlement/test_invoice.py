"""Invoice assembly: bill order, separate taxes (IDT Art. III §43), exact totals, ids, periods (Art. IV §2.3).

Art. IV §2.3: "Charges for physical facilities and other non-usage sensitive charges shall be billed
in advance, except for charges and credits associated with the initial or final bills. Usage
sensitive charges, such as charges for termination of Local Traffic, shall be billed in arrears."
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meetpoint.agreements import load_library
from meetpoint.errors import UnknownAgreementError
from meetpoint.settlement.invoice import (
    TAX_KINDS,
    build_invoice,
    counterparty,
    draft_invoice,
    invoice_id,
    memo_id,
)
from meetpoint.settlement.lines import KINDS, ChargeLine

INTERIM = "socket-spectra-interim-2005"
APRIL = (dt.date(2006, 4, 1), dt.date(2006, 4, 30))
MARCH = (dt.date(2006, 3, 1), dt.date(2006, 3, 31))


def line(key, kind="facility", amount="24.50", period=APRIL, rate=None, cite="Interim Arrangement §5 ¶3"):
    amount = Decimal(amount)
    return ChargeLine(key, kind, f"{kind} {key}", period, Decimal(1), "circuit-month",
                      amount if rate is None else rate, amount, cite)


def test_lines_are_grouped_in_bill_order_and_totals_are_exact_sums():
    lines = [line("tax:mo:2006-04", "tax", "1.23", cite="Art. III §43"),
             line("usage:local:2006-03", "usage", "70.00", MARCH, cite="App. A §A"),
             line("facility:CKT-2:2006-04:termination", amount="257.83"),
             line("surcharge:psc:2006-04", "surcharge", "0.65", cite="Art. III §43.2"),
             line("facility:CKT-1:2006-04:termination")]
    inv = build_invoice(INTERIM, "spectra", "socket", "2006-04", lines)
    assert [ln.kind for ln in inv.lines] == ["facility", "facility", "usage", "tax", "surcharge"]
    assert [ln.key for ln in inv.lines][:2] == ["facility:CKT-2:2006-04:termination", "facility:CKT-1:2006-04:termination"]
    assert inv.subtotal == Decimal("352.33")
    assert inv.taxes == Decimal("1.88")  # taxes and surcharges, as separate items
    assert inv.total == Decimal("354.21") == sum(ln.amount for ln in inv.lines)
    assert [(k, s) for k, _, _, s in inv.groups()] == [
        ("facility", Decimal("282.33")), ("usage", Decimal("70.00")), ("tax", Decimal("1.23")),
        ("surcharge", Decimal("0.65"))]


@given(st.lists(st.tuples(st.sampled_from(KINDS), st.integers(-10**8, 10**8)), max_size=25))
def test_total_is_always_the_sum_of_the_lines(spec):
    lines = [line(f"k{i}", kind, str(Decimal(cents) / 100)) for i, (kind, cents) in enumerate(spec)]
    inv = build_invoice(INTERIM, "spectra", "socket", "2006-04", lines)
    assert inv.total == sum((ln.amount for ln in lines), Decimal(0))
    assert inv.subtotal + inv.taxes == inv.total
    assert inv.taxes == sum((ln.amount for ln in lines if ln.kind in TAX_KINDS), Decimal(0))


def test_repeated_keys_are_refused():
    with pytest.raises(ValueError, match="repeated: facility:CKT-1"):
        build_invoice(INTERIM, "spectra", "socket", "2006-04",
                      [line("facility:CKT-1"), line("facility:CKT-1", amount="1.00")])


def test_the_json_has_the_issue_fields_with_decimal_strings():
    inv = build_invoice(INTERIM, "spectra", "socket", dt.date(2006, 4, 17), [line("facility:CKT-1")])
    d = inv.to_dict()
    assert {"invoice_id", "agreement", "biller", "billed", "bill_month", "lines", "subtotal", "taxes", "total"} <= set(d)
    assert d["invoice_id"] == "INV:socket-spectra-interim-2005:spectra:socket:2006-04"
    assert (d["bill_month"], d["total"], d["status"]) == ("2006-04", "24.50", "draft")
    [ln] = d["lines"]
    assert {k: ln[k] for k in ("kind", "quantity", "unit", "rate", "amount", "cite")} == {
        "kind": "facility", "quantity": "1", "unit": "circuit-month", "rate": "24.50", "amount": "24.50",
        "cite": "Interim Arrangement §5 ¶3"}
    assert ln["service_period"] == ["2006-04-01", "2006-04-30"]
    assert d["periods"]["recurring_in_advance"] == ["2006-04-01", "2006-04-30"]
    assert d["periods"]["usage_in_arrears"] == ["2006-03-01", "2006-03-31"]


def test_unpriced_lines_are_listed():
    tbd = line("facility:CKT-1:2006-04:mux", amount="0.00", rate="TBD")
    inv = build_invoice(INTERIM, "spectra", "socket", "2006-04", [tbd, line("facility:CKT-1:2006-04:termination")])
    assert [ln.key for ln in inv.unpriced] == ["facility:CKT-1:2006-04:mux"]


def test_ids_and_counterparty():
    assert invoice_id("a", "b", "c", "2006-01") == "INV:a:b:c:2006-01"
    assert memo_id("INV:a:b:c:2006-01", 2) == "MEMO:a:b:c:2006-01:2"
    lib = load_library()
    assert counterparty(lib.agreement(INTERIM), "spectra") == "socket"
    assert counterparty(lib.agreement("centurytel-idt-2006"), "idt") == "centurytel"
    with pytest.raises(UnknownAgreementError, match="cannot tell whom"):
        counterparty(lib.agreement(INTERIM), "idt")


def test_a_draft_from_the_charge_engine_reconciles_and_covers_the_documented_periods(loaded, lib):
    """April's bill: April's facilities in advance; CKT-DS1-MID (in service 15 Mar) has its initial
    partial March on this bill; CKT-DS1-MUX (disconnected 21 Apr) is charged its 20 days (final bill)."""
    inv = draft_invoice(loaded, lib, INTERIM, "spectra", None, "2006-04")
    assert inv.billed == "socket" and inv.total == sum(ln.amount for ln in inv.lines)
    periods = {ln.key: ln.service_period for ln in inv.lines}
    assert periods["facility:CKT-DS1-MID:2006-03:termination"] == (dt.date(2006, 3, 15), dt.date(2006, 3, 31))
    assert periods["facility:CKT-DS1-MID:2006-04:termination"] == APRIL
    assert periods["facility:CKT-DS1-MUX:2006-04:termination"] == (dt.date(2006, 4, 1), dt.date(2006, 4, 20))
    kinds = [ln.kind for ln in inv.lines]
    assert kinds == sorted(kinds, key=KINDS.index)
    assert inv.taxes == sum(ln.amount for ln in inv.lines if ln.kind in TAX_KINDS) > 0
