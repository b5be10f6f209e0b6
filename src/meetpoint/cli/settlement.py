"""CLI commands: ``meetpoint invoice`` and ``meetpoint trueup`` (thin: the rules are in ``settlement``)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any, Optional

import typer

from meetpoint.cli.options import JsonOpt, WorkspaceOpt, library_for, parse_month
from meetpoint.cli.output import console, emit, table


def _open(workspace: Path) -> tuple[Any, Any]:
    from meetpoint.store import Workspace

    ws = Workspace.open(workspace)
    return ws, library_for(ws.root)


def _page(a4: bool) -> str:
    return "A4" if a4 else "Letter"


def invoice_command(
    agreement: str = typer.Option(..., "--agreement", help="Agreement id in the library."),
    biller: str = typer.Option(..., "--biller", help="Carrier id that issues the bill."),
    month: str = typer.Option(..., "--month", metavar="YYYY-MM", help="Bill month (recurring in advance, usage in arrears)."),
    billed: Optional[str] = typer.Option(None, "--billed", help="Carrier billed (default: the biller's counterparty)."),
    issue: bool = typer.Option(False, "--issue", help="Record the invoice as issued (immutable; re-running returns it)."),
    html: Optional[Path] = typer.Option(None, "--html", help="Also write the invoice as HTML to this file."),
    pdf: Optional[Path] = typer.Option(None, "--pdf", help="Also write the invoice as PDF to this file."),
    a4: bool = typer.Option(False, "--a4", help="A4 pages instead of Letter."),
    as_json: bool = JsonOpt,
    workspace: Path = WorkspaceOpt,
) -> None:
    """Build the invoice BILLER issues for a bill month under AGREEMENT (and issue it with --issue)."""
    from meetpoint.reports.invoice_pdf import invoice_html, write_pdf
    from meetpoint.settlement.invoice import draft_invoice, invoice_id
    from meetpoint.settlement.issued import get_invoice, issue_invoice

    parse_month(month, "--month")
    ws, lib = _open(workspace)
    note = None
    if issue:
        draft = draft_invoice(ws, lib, agreement, biller, billed, month)
        inv, created = issue_invoice(ws, lib, draft)
        if not created:
            note = f"already issued on {inv.issued_at:%Y-%m-%d %H:%M UTC}; the stored invoice is unchanged"
            if draft.lines != inv.lines:
                note += f" (recomputed today it differs by {draft.total - inv.total}: run `meetpoint trueup`)"
    else:
        from meetpoint.settlement.invoice import counterparty

        who = billed or counterparty(lib.agreement(agreement), biller)
        inv = get_invoice(ws, invoice_id(agreement, biller, who, month)) or draft_invoice(ws, lib, agreement, biller, who, month)
    if html:
        html.parent.mkdir(parents=True, exist_ok=True)
        html.write_text(invoice_html(inv, lib, page_size=_page(a4)), encoding="utf-8")
    if pdf:
        write_pdf(inv, lib, pdf, page_size=_page(a4))

    def render() -> None:
        console.print(f"[bold]{inv.invoice_id}[/bold] ({inv.status}) {inv.biller} → {inv.billed}, bill month {month}")
        rows = [(line.kind, line.description, f"{line.service_period[0]}..{line.service_period[1]}", line.quantity,
                 line.unit, line.rate, line.amount, line.cite) for line in inv.lines]
        console.print(table("Lines", ["kind", "description", "service period", "qty", "unit", "rate", "amount", "cite"], rows))
        console.print(f"subtotal {inv.subtotal}   taxes {inv.taxes}   [bold]total {inv.total}[/bold]")
        for line in (note, f"wrote {html}" if html else None, f"wrote {pdf}" if pdf else None):
            if line:
                console.print(line)

    data = inv.to_dict()
    if note:
        data["note"] = note
    emit(data, as_json, render)


def trueup_command(
    agreement: str = typer.Option(..., "--agreement", help="Agreement id in the library."),
    issue: bool = typer.Option(False, "--issue", help="Record the memos as issued."),
    pdf_dir: Optional[Path] = typer.Option(None, "--pdf-dir", help="Write each memo as PDF into this folder."),
    a4: bool = typer.Option(False, "--a4", help="A4 pages instead of Letter."),
    as_json: bool = JsonOpt,
    workspace: Path = WorkspaceOpt,
) -> None:
    """Recompute every issued invoice of AGREEMENT under the current library; a memo per invoice that differs."""
    from meetpoint.reports.invoice_pdf import write_pdf
    from meetpoint.settlement.trueup import trueup

    ws, lib = _open(workspace)
    memos = trueup(ws, lib, agreement, issue=issue)
    written = []
    if pdf_dir:
        for memo in memos:
            written.append(write_pdf(memo, lib, pdf_dir / (memo.memo_id.replace(":", "_") + ".pdf"), page_size=_page(a4)))

    def render() -> None:
        if not memos:
            console.print(f"No differences: every issued invoice of {agreement} recomputes to what was billed.")
            return
        rows = [(m.memo_id, m.kind, m.status, len(m.lines), m.total, m.due or "") for m in memos]
        console.print(table(f"True-up memos for {agreement}", ["memo", "kind", "status", "lines", "total", "due"], rows))
        for p in written:
            console.print(f"wrote {p}")

    emit({"agreement": agreement, "memos": [m.to_dict() for m in memos],
          "total": str(sum((m.total for m in memos), Decimal("0.00")))}, as_json, render)


def register(app: typer.Typer) -> None:
    """Add ``invoice`` and ``trueup`` to the ``meetpoint`` command."""
    app.command("invoice")(invoice_command)
    app.command("trueup")(trueup_command)
