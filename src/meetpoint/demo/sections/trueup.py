"""Section: an ILLUSTRATIVE retroactive arbitration decision (Interim §5 ¶4) and the true-up memos it yields."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from meetpoint.agreements import Library, load_library
from meetpoint.demo.documents import PdfQueue, doc_name, write_page

#: The illustrative arbitration decision the true-up applies (Interim §5 ¶4).
TRUEUP_AGREEMENT = "socket-spectra-interim-2005"
DECISION_DATE = dt.date(2006, 12, 15)
#: When the demo issues the memos (the replayed year: the Monday after the decision).
MEMO_ISSUED = dt.datetime(2006, 12, 18, 15, tzinfo=dt.timezone.utc)
DECISION_CITE = "ILLUSTRATIVE arbitration order (invented for the demo; not a Commission order)"


def _third_party_parameters(ws: Any, agreement_id: str) -> tuple[list[str], list[str]]:
    """The library parameters that priced the issued third-party-transport facility lines, and any
    other facility lines those same parameters priced (they would be changed too)."""
    from meetpoint.settlement.issued import issued_invoices

    third, other = set(), set()
    lines = [line for inv in issued_invoices(ws, agreement_id) for line in inv.lines if line.kind == "facility"]
    for line in lines:
        if line.inputs.get("transport") == "third_party" and line.inputs.get("library"):
            third.add(line.inputs["library"])
    for line in lines:
        if line.inputs.get("transport") != "third_party" and line.inputs.get("library") in third:
            other.add(line.key)
    return sorted(third), sorted(other)


def _third_party_billed(ws: Any, agreement_id: str) -> Decimal:
    from meetpoint.settlement.issued import issued_invoices

    return sum((line.amount for inv in issued_invoices(ws, agreement_id) for line in inv.lines
                if line.kind == "facility" and line.inputs.get("transport") == "third_party"), Decimal("0.00"))


def write_decisions(ws: Any, lib: Library, agreement_id: str = TRUEUP_AGREEMENT) -> list[Path]:
    """The illustrative arbitration decision: no rate applies to third-party-transport connections,
    retroactive from commencement (Interim §5 ¶4: "subject to refund"). One document per parameter
    that priced an issued third-party line, in ``agreements/decisions/``."""
    import yaml

    from meetpoint.settlement import commencement

    agr = lib.agreement(agreement_id)
    ilec, clec = agr.roles["ilec"], agr.roles["clec"]
    since = commencement(agr, ilec, clec)
    out = []
    for name in _third_party_parameters(ws, agreement_id)[0]:
        first = agr.parameter(name).entries()[0].since
        doc = {
            "kind": "decision",
            "title": "ILLUSTRATIVE arbitration order: no rate applies to third-party-transport connections",
            "agreement": agreement_id,
            "parameter": name,
            "decided": DECISION_DATE.isoformat(),
            "cite": DECISION_CITE,
            "note": ("ILLUSTRATIVE, written by `meetpoint demo`: no such order exists. It exercises "
                     "Interim Arrangement §5 ¶4 (charges for connections over third-party transport "
                     "'subject to refund' if arbitration finds no rate applies)."),
            "values": {max(since, first).isoformat(): {"value": None, "change": "retroactive"}},  # null: no rate applies
        }
        path = ws.dir("agreements") / "decisions" / f"demo-arbitration-{name.rpartition('.')[2]}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("# ILLUSTRATIVE decision written by meetpoint demo (not a real order)\n"
                        + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
        out.append(path)
    return out


def true_up(ws: Any, pdfs: PdfQueue, agreement_id: str = TRUEUP_AGREEMENT) -> dict[str, Any]:
    """Write the decision, recompute the issued invoices under it, issue the memos (HTML now, PDF queued)."""
    from meetpoint.reports.invoice_pdf import memo_html
    from meetpoint.settlement.trueup import trueup

    lib = load_library(extra=[ws.dir("agreements")])
    parameters, also_changed = _third_party_parameters(ws, agreement_id)
    decisions = write_decisions(ws, lib, agreement_id)
    lib = load_library(extra=[ws.dir("agreements")])
    memos = trueup(ws, lib, agreement_id, issue=True, now=MEMO_ISSUED)
    folder = ws.dir("reports") / "memos"
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for memo in memos:
        html = folder / f"{doc_name(memo.memo_id)}.html"
        pdf = write_page(memo_html(memo, lib), html, pdfs)
        rows.append({"memo_id": memo.memo_id, "invoice_id": memo.invoice_id, "kind": memo.kind,
                     "month": memo.bill_month.strftime("%Y-%m"), "lines": len(memo.lines),
                     "subtotal": memo.subtotal, "taxes": memo.taxes, "total": memo.total,
                     "html": html, "pdf": pdf})
    return {
        "agreement": agreement_id, "decided": DECISION_DATE, "cite": DECISION_CITE,
        "decisions": decisions, "parameters": parameters, "also_changed": also_changed,
        "third_party_billed": _third_party_billed(ws, agreement_id),
        "memos": rows,
        "subtotal": sum((m["subtotal"] for m in rows), Decimal("0.00")),
        "taxes": sum((m["taxes"] for m in rows), Decimal("0.00")),
        "refund": sum((m["total"] for m in rows), Decimal("0.00")),
    }
