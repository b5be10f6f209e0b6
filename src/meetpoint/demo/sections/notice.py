"""Section: the direct-connection notice for the first trigger met."""

from __future__ import annotations

from typing import Any

from meetpoint.agreements import Library
from meetpoint.demo.documents import PdfQueue, doc_name, write_page


def notice(ws: Any, lib: Library, found: dict[str, Any], pdfs: PdfQueue) -> dict[str, Any] | None:
    """The direct-connection notice for the first trigger met (drafted the first of the next month)."""
    from meetpoint.compliance.notices import direct_connection_notice, render_notice
    from meetpoint.settlement.periods import add_months

    if not found["verdicts"]:
        return None
    v = found["verdicts"][0]
    drafted = add_months(v.first_met, 1)
    n = direct_connection_notice(lib, v, drafted=drafted)
    html = ws.dir("reports") / "notices" / f"{doc_name(n.reference)}.html"
    html.parent.mkdir(parents=True, exist_ok=True)
    pdf = write_page(render_notice(n), html, pdfs)
    return {"reference": n.reference, "subject": n.subject, "sender": n.sender.name, "recipient": n.recipient.name,
            "drafted": drafted, "agreement": v.agreement, "trigger": v.trigger, "first_met": v.first_met,
            "html": html, "pdf": pdf}
