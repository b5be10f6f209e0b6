"""Taxes and surcharges as separate lines, honouring exemptions (IDT Art. III §43)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from meetpoint.settlement.lines import ChargeLine
from meetpoint.settlement.taxes import Tax, tax_lines, taxes_in_effect

D = dt.date
APR = (D(2006, 4, 1), D(2006, 4, 30))


def line(key, kind, amount):
    return ChargeLine(key, kind, key, APR, Decimal(1), "x", Decimal(amount), Decimal(amount), "c")


BILL = [line("f1", "facility", "257.83"), line("f2", "facility", "204.36"), line("u1", "usage", "10.00")]
EXCISE = Tax("excise", "Excise", "tax", Decimal("5"), ("facility",), None, {"idt": Decimal(100), "socket": Decimal(40)}, "Statute X")
E911 = Tax("e911", "E-911", "surcharge", Decimal("1.5"), ("facility", "usage", "transit_election"), None, {}, "Order Y")


def test_tax_is_a_separate_line_on_its_base():
    # §43: "Any such taxes shall be shown as separate items on applicable billing documents"
    [tax] = tax_lines(BILL, [EXCISE], biller="centurytel", billed="other", bill_month="2006-04", cite="CenturyTel/IDT ICA Art. III §43")
    assert tax.kind == "tax" and tax.quantity == Decimal("462.19") and tax.amount == Decimal("23.11")  # 5% of 462.19 = 23.1095
    assert tax.cite == "CenturyTel/IDT ICA Art. III §43; Statute X" and tax.inputs["base_lines"] == ["f1", "f2"]


def test_tax_exempt_carrier_gets_a_zero_line():
    # §43: "except to the extent that the obligated Party ... provides ... appropriate documentation
    # ... that qualifies the obligated Party for a full or partial exemption."
    [tax] = tax_lines(BILL, [EXCISE], biller="centurytel", billed="idt", bill_month="2006-04")
    assert tax.amount == Decimal("0.00") and tax.inputs["exempt_percent"] == 100 and "exempt" in tax.description


def test_partial_exemption():
    [tax] = tax_lines(BILL, [EXCISE], biller="centurytel", billed="socket", bill_month="2006-04")
    assert tax.amount == Decimal("13.87")  # 462.19 × 5% × 60% = 13.8657


def test_surcharge_applies_to_all_kinds_and_not_to_taxes():
    out = tax_lines(BILL + [line("t", "tax", "99.00")], [E911, EXCISE], biller="c", billed="x", bill_month="2006-04")
    e911 = next(t for t in out if t.kind == "surcharge")
    assert e911.quantity == Decimal("472.19") and e911.amount == Decimal("7.08")  # 1.5% of 472.19 = 7.08285


def test_collector_and_no_base():
    other = Tax("city", "City tax", "tax", Decimal("2"), ("facility",), "spectra", {}, "Ord")
    assert tax_lines(BILL, [other], biller="centurytel", billed="x", bill_month="2006-04") == []
    assert tax_lines([line("u", "usage", "1.00")], [EXCISE], biller="c", billed="x", bill_month="2006-04") == []


def test_taxes_in_effect_picks_the_latest_dated_row():
    old = Tax("excise", "Excise", "tax", Decimal("5"), effective=D(2005, 1, 1))
    new = Tax("excise", "Excise", "tax", Decimal("6"), effective=D(2006, 4, 1))
    assert [t.rate_percent for t in taxes_in_effect([new, old], D(2006, 3, 31))] == [5]
    assert [t.rate_percent for t in taxes_in_effect([old, new], D(2006, 4, 1))] == [6]
