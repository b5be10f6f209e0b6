"""CLI command: ``meetpoint triggers`` (direct-connection triggers). Thin: the rules live in
:mod:`meetpoint.compliance`; this module reads the workspace, runs them and prints the verdicts."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

import typer

from meetpoint.cli.options import JsonOpt, WorkspaceOpt, library_for, parse_month
from meetpoint.cli.output import console, emit, table


def triggers_command(
    through: str = typer.Option(..., "--through", metavar="YYYY-MM", help="Last month judged; later months are ignored."),
    agreement: Optional[str] = typer.Option(None, "--agreement", "-a", help="Only this agreement's triggers."),
    busy_hour: str = typer.Option("tcbh", "--busy-hour", help="Busy-hour method for the CCS: tcbh or adph."),
    workspace: Path = WorkspaceOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Direct-connection triggers per switch pair: met or not, since when, month by month, with cites."""
    from meetpoint.compliance import build_evidence, evaluate
    from meetpoint.compliance.election import miles_between, with_elections
    from meetpoint.store import Workspace

    through = parse_month(through, "--through")
    with Workspace.open(workspace) as ws:
        lib = library_for(ws.root)
        if agreement is not None:
            lib.agreement(agreement)  # UnknownAgreementError names the known ones
        found = build_evidence(ws, through=through, method=busy_hour)
        verdicts = evaluate(lib, found.rows, through=through, agreement=agreement, notes=found.notes)
        verdicts = with_elections(lib, verdicts, lambda a, b, on: miles_between(ws, a, b, on))
    data: list[dict[str, Any]] = [v.to_dict() for v in verdicts]

    def render() -> None:
        rows = [(v.agreement, v.trigger, f"{v.from_switch} → {v.to_switch}", "MET" if v.met else "not met",
                 v.first_met or "", "; ".join(v.cites)) for v in verdicts]
        console.print(table(f"Direct-connection triggers through {through}",
                            ["agreement", "trigger", "switches", "verdict", "first met", "cites"], rows))
        for note in found.notes:
            console.print(f"[yellow]Note:[/yellow] {note}")

    emit(data, as_json, render)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command("triggers")(triggers_command)
