"""Invoices and true-up memos as HTML and PDF (templates ``invoice.html.j2``, ``memo.html.j2``).

The HTML comes from the shared report environment (:func:`meetpoint.reports.html.render`); the PDF
is that HTML printed by :func:`meetpoint.reports.pdf.html_to_pdf` (the one home of HTML → PDF,
offline), with the page's print stylesheet (``_bill_print.html.j2``: Letter or A4 pages, the
document id and "Page n of m" in the margin). A bill shows the parties (names and,
when the agreement records them, notice addresses), the bill month and the service periods it
covers (with the invoice's own ``period_cite``: the clause it was built, or issued, with), the lines
grouped by kind with a cite column and each group's sum, and a totals box.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import meetpoint
from meetpoint.reports.html import render
from meetpoint.reports.pdf import html_to_pdf
from meetpoint.settlement.invoice import Invoice, Memo
from meetpoint.settlement.periods import bill_periods

if TYPE_CHECKING:  # pragma: no cover
    from meetpoint.agreements import Library

__all__ = ["PAGE_SIZES", "invoice_html", "memo_html", "parties", "write_pdf"]

PAGE_SIZES = ("Letter", "A4")


def _address(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        lines = [str(value["to"])] if value.get("to") else []
        lines += [f"{k.capitalize()}: {value[k]}" for k in ("telephone", "email") if value.get(k)]
        return lines
    return []


def _addresses(lib: "Library", agreement_id: str) -> dict[str, Any]:
    """``facts.addresses`` of the agreement's provisions (notices first), then of the agreement it adopts."""
    agr = lib.agreement(agreement_id)
    out: dict[str, Any] = {}
    for a in [agr, *([lib.agreement(agr.base)] if agr.base else [])]:
        for p in sorted(a.provisions, key=lambda p: p.topic != "notices"):
            for cid, addr in (p.facts.get("addresses") or {}).items():
                out.setdefault(cid, addr)
    return out


def parties(lib: "Library", agreement_id: str, biller: str, billed: str) -> list[dict[str, Any]]:
    """Biller and billed for a bill header: id, name, d/b/a, address lines (when the agreement has them)."""
    addresses = _addresses(lib, agreement_id)
    out = []
    for role, cid in (("From (biller)", biller), ("To (billed)", billed)):
        try:
            c = lib.carrier(cid)
            name, dba = c.name, c.dba
        except KeyError:
            name, dba = cid, None
        out.append({"role": role, "id": cid, "name": name, "dba": dba, "address": _address(addresses.get(cid))})
    return out


def _context(lib: "Library", doc: Invoice | Memo, page_size: str) -> dict[str, Any]:
    if page_size not in PAGE_SIZES:
        raise ValueError(f"page size {page_size!r} is not one of {', '.join(PAGE_SIZES)}")
    ps = parties(lib, doc.agreement, doc.biller, doc.billed)
    return {
        "agreement_title": lib.agreement(doc.agreement).title,
        "parties": ps, "biller_name": ps[0]["name"], "billed_name": ps[1]["name"],
        "bill_month_label": doc.bill_month.strftime("%B %Y"), "periods": bill_periods(doc.bill_month),
        "page_size": page_size,
        "version": meetpoint.__version__, "generated": dt.date.today(),
    }


def invoice_html(invoice: Invoice, lib: "Library", *, page_size: str = "Letter") -> str:
    """The invoice as a standalone HTML page."""
    return render("invoice.html.j2", inv=invoice, **_context(lib, invoice, page_size))


def memo_html(memo: Memo, lib: "Library", *, page_size: str = "Letter") -> str:
    """The credit/debit memo as a standalone HTML page."""
    return render("memo.html.j2", memo=memo, **_context(lib, memo, page_size))


def write_pdf(doc: Invoice | Memo, lib: "Library", path: Path | str, *, page_size: str = "Letter") -> Path:
    """Render ``doc`` to a PDF file (written atomically, offline) and return its path."""
    html = memo_html(doc, lib, page_size=page_size) if isinstance(doc, Memo) else invoice_html(doc, lib, page_size=page_size)
    return html_to_pdf(html, path)
