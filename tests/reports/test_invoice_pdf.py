"""Invoices and memos as HTML and PDF: the PDF opens, page 1 is not blank, its text shows the lines."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pypdfium2
import pytest
from pypdf import PdfReader

from meetpoint.agreements import load_library
from meetpoint.reports.invoice_pdf import invoice_html, memo_html, parties, write_pdf
from meetpoint.settlement.invoice import Memo, MemoLine, build_invoice
from meetpoint.settlement.lines import ChargeLine

APRIL = (dt.date(2006, 4, 1), dt.date(2006, 4, 30))
MARCH = (dt.date(2006, 3, 1), dt.date(2006, 3, 31))
IDT = "centurytel-idt-2006"


def idt_invoice():
    return build_invoice(IDT, "centurytel", "idt", "2006-04", [
        ChargeLine("facility:CKT-9:2006-04:termination", "facility", "CKT-9 DS1: direct connection facility",
                   APRIL, Decimal(1), "circuit-month", Decimal("24.50"), Decimal("24.50"), "CenturyTel/IDT ICA App. A"),
        ChargeLine("usage:local:2006-03", "usage", "Local Traffic terminated (interim price)", MARCH,
                   Decimal(123457), "MOU", Decimal("0.0010"), Decimal("123.46"), "CenturyTel/IDT ICA Art. III §47"),
        ChargeLine("usage:isp:2006-03", "usage", "ISP-bound traffic", MARCH, Decimal(50000), "MOU",
                   Decimal("0.00"), Decimal("0.00"), "CenturyTel/IDT ICA App. A §A"),
        ChargeLine("tax:excise:2006-04", "tax", "Excise tax 5%", APRIL, Decimal("147.96"), "USD",
                   Decimal("0.05"), Decimal("7.40"), "CenturyTel/IDT ICA Art. III §43"),
    ])


def text_of(path):
    """The PDF's text with runs of white space as one space (cells wrap)."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(str(path)).pages).split())


def first_page_ink(path):
    """Share of page-1 pixels that are not white, rendered to PNG with pdfium (no system tools)."""
    pdf = pypdfium2.PdfDocument(str(path))
    image = pdf[0].render(scale=1).to_pil().convert("L")
    png = path.with_suffix(".png")
    image.save(png)
    hist = image.histogram()
    return 1 - sum(hist[250:]) / sum(hist), image.size, png


def test_the_invoice_pdf_opens_and_shows_lines_amounts_cites_and_totals(tmp_path):
    lib = load_library()
    inv = idt_invoice()
    pdf = write_pdf(inv, lib, tmp_path / "invoice.pdf")
    ink, size, png = first_page_ink(pdf)
    assert size == (612, 792)  # Letter, in points
    assert 0.01 < ink < 0.5 and png.stat().st_size > 10_000
    text = text_of(pdf)
    for needle in ("Invoice", inv.invoice_id, "CenturyTel", "IDT America, Corp.", "520 Broad Street",
                   "April 2006", "Local Traffic terminated (interim price)", "ISP-bound traffic",
                   "$123.46", "$24.50", "$7.40", "$155.36", "CenturyTel/IDT ICA Art. III §47",
                   "CenturyTel/IDT ICA Art. III §43", "Facilities (recurring, billed in advance)",
                   "Usage (billed in arrears)", "Taxes", "DRAFT"):
        assert needle in text, needle
    assert inv.total == Decimal("155.36")


def test_a4_pages_on_request(tmp_path):
    pdf = write_pdf(idt_invoice(), load_library(), tmp_path / "a4.pdf", page_size="A4")
    _, size, _ = first_page_ink(pdf)
    assert size in ((595, 842), (596, 842))  # 210 mm = 595.3 pt
    with pytest.raises(ValueError, match="page size"):
        invoice_html(idt_invoice(), load_library(), page_size="Legal")


def test_the_memo_pdf_states_the_difference_and_the_due_date(tmp_path):
    inv = idt_invoice()
    usage = inv.line("usage:local:2006-03")
    line = MemoLine(usage.key, usage.kind, usage.description, usage.service_period, usage.quantity, usage.unit,
                    Decimal("0.0007"), Decimal("123.46"), Decimal("86.42"), "Fixture Commission Order",
                    "TBD price established", change="retroactive", decided=dt.date(2006, 11, 15),
                    due=dt.date(2007, 1, 23))
    memo = Memo("MEMO:" + inv.invoice_id[4:] + ":1", inv.invoice_id, IDT, "centurytel", "idt", inv.bill_month,
                (line,), changes=({"parameter": "compensation.reciprocal_rates.local_traffic", "since": "2006-03-31",
                                   "value": "0.0007", "replaced": "TBD", "change": "retroactive",
                                   "decided": "2006-11-15", "cite": "Fixture Commission Order"},),
                due=dt.date(2007, 1, 23), due_cite="CenturyTel/IDT ICA Art. III §47",
                due_rule="true-up due within 45 Business Days after the Commission establishes the price")
    pdf = write_pdf(memo, load_library(), tmp_path / "memo.pdf")
    ink, _, _ = first_page_ink(pdf)
    assert ink > 0.01
    text = text_of(pdf)
    for needle in ("Credit memo", memo.memo_id, "Due by 23 Jan 2007", "45 Business Days", "$123.46", "$86.42",
                   "-$37.04", "Fixture Commission Order", "TBD price established", "Credit to IDT America, Corp."):
        assert needle in text, needle


def test_parties_use_the_agreements_notice_addresses_when_present():
    lib = load_library()
    [biller, billed] = parties(lib, IDT, "centurytel", "idt")
    assert biller["address"][0].startswith("CenturyTel, Inc., Attention: Carrier Relations")
    assert billed["name"] == "IDT America, Corp." and "Email: Ana.Bataille@corp.idt.net" in billed["address"]
    [spectra, socket] = parties(lib, "socket-spectra-interim-2005", "spectra", "socket")
    assert (spectra["dba"], spectra["address"], socket["address"]) == ("CenturyTel", [], [])


def test_the_html_is_the_shared_report_page():
    html = invoice_html(idt_invoice(), load_library())
    assert html.startswith("<!doctype html>") and "Every figure cites the clause" in html
    assert '<td class="cite">CenturyTel/IDT ICA Art. III §43</td>' in html


def test_bills_print_through_the_one_offline_html_to_pdf(tmp_path, monkeypatch):
    """Invoices and memos use meetpoint.reports.pdf.html_to_pdf (its offline URL fetcher, its atomic
    write), not WeasyPrint directly."""
    import meetpoint.reports.pdf as pdf_module

    fetchers = []
    real = pdf_module._fetcher
    monkeypatch.setattr(pdf_module, "_fetcher", lambda: fetchers.append(1) or real())
    out = write_pdf(idt_invoice(), load_library(), tmp_path / "sub" / "invoice.pdf")
    assert fetchers == [1] and out.read_bytes().startswith(b"%PDF")
    assert not (tmp_path / "sub" / "invoice.pdf.tmp").exists()
