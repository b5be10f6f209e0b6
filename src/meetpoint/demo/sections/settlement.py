"""Section: the illustrative settlement inputs, and a year of invoices both ways under each demo agreement."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

from meetpoint.agreements import Library
from meetpoint.demo.documents import PdfQueue, doc_name, write_page

#: The illustrative settlement inputs (facilities, transit charges, elections, taxes).
SETTLEMENT_SOURCE = Path(__file__).parent.parent / "settlement"
#: The agreements the demo bills, both ways, every bill month.
BILLING_AGREEMENTS: tuple[str, ...] = (
    "socket-spectra-interim-2005", "socket-centurytel-amendment-2005", "centurytel-idt-2006")


def settlement_inputs(ws: Any, lib: Library) -> dict[str, Any]:
    """Copy the illustrative settlement files into ``reference/settlement/`` and import them as
    ``meetpoint network import --dir`` does (``settlement.import_reference_folder``)."""
    from meetpoint.settlement import import_reference_folder

    folder = ws.dir("reference") / "settlement"
    shutil.copytree(SETTLEMENT_SOURCE, folder, dirs_exist_ok=True)
    report = import_reference_folder(ws, folder, lib=lib, replace=True).settlement
    return {"folder": folder, "rows": dict(report.rows), "warnings": list(report.warnings)}


def invoices(ws: Any, lib: Library, bill_months: list[str], pdfs: PdfQueue) -> dict[str, Any]:
    """Draft and issue every bill of ``bill_months`` both ways under the demo agreements; write each
    as HTML now and queue its PDF in ``pdfs``. A bill with no lines is not issued (listed as skipped)."""
    from meetpoint.reports.invoice_pdf import invoice_html
    from meetpoint.settlement.invoice import draft_invoice
    from meetpoint.settlement.issued import issue_invoice

    folder = ws.dir("reports") / "invoices"
    folder.mkdir(parents=True, exist_ok=True)
    issued, skipped = [], []
    for agreement_id in BILLING_AGREEMENTS:
        agr = lib.agreement(agreement_id)
        for biller, billed in (agr.pairs[0], agr.pairs[0][::-1]):
            for month in bill_months:
                draft = draft_invoice(ws, lib, agreement_id, biller, billed, month)
                if not draft.lines:
                    skipped.append({"agreement": agreement_id, "biller": biller, "billed": billed, "month": month})
                    continue
                inv, _ = issue_invoice(ws, lib, draft, now=_bill_date(month))
                html = folder / f"{doc_name(inv.invoice_id)}.html"
                pdf = write_page(invoice_html(inv, lib), html, pdfs)
                issued.append(_invoice_row(inv, html, pdf))
    return {"issued": issued, "skipped": skipped, "by_direction": _by_direction(issued)}


def _bill_date(month: str) -> dt.datetime:
    """The replayed year's issue time of a bill: its bill date (the 1st), 9 am Central (15:00 UTC)."""
    return dt.datetime(int(month[:4]), int(month[5:7]), 1, 15, tzinfo=dt.timezone.utc)


def _invoice_row(inv: Any, html: Path, pdf: Path) -> dict[str, Any]:
    kinds: dict[str, Decimal] = {}
    for line in inv.lines:
        kinds[line.kind] = kinds.get(line.kind, Decimal("0.00")) + line.amount
    return {"invoice_id": inv.invoice_id, "agreement": inv.agreement, "biller": inv.biller, "billed": inv.billed,
            "month": inv.bill_month.strftime("%Y-%m"), "lines": len(inv.lines), "kinds": kinds,
            "subtotal": inv.subtotal, "taxes": inv.taxes, "total": inv.total, "unpriced": len(inv.unpriced),
            "html": html, "pdf": pdf}


def _by_direction(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: dict[tuple[str, str, str], dict[str, Any]] = {}
    for r in rows:
        d = out.setdefault((r["agreement"], r["biller"], r["billed"]),
                           {"agreement": r["agreement"], "biller": r["biller"], "billed": r["billed"], "invoices": 0,
                            "kinds": {}, "total": Decimal("0.00")})
        d["invoices"] += 1
        d["total"] += r["total"]
        for k, v in r["kinds"].items():
            d["kinds"][k] = d["kinds"].get(k, Decimal("0.00")) + v
    return list(out.values())
