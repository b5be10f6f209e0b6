"""CLI command: ``meetpoint demo`` — build the demo workspace, run everything, write the report."""

from __future__ import annotations

from pathlib import Path

import typer


def demo(
    workspace: Path = typer.Option(
        Path("demo-workspace"), "--workspace", "-w",
        help="Folder for the demo workspace (rebuilt on every run; must be a workspace if it exists).",
    ),
    months: int = typer.Option(12, "--months", min=1, max=12, help="Months of traffic and bills from January 2006."),
    scale: float = typer.Option(1.0, "--scale", min=0.0, help="Multiplies the background traffic (trigger flows keep their volumes)."),
) -> None:
    """Build an illustrative workspace from the built-in library, the demo network and a year of
    synthetic traffic; ingest and rate it, judge the triggers, issue a year of invoices, true them up
    after an illustrative arbitration decision, draft a notice, and print where the report is."""
    from meetpoint.demo.run import run_demo

    run_demo(workspace, months=months, scale=scale)


def register(app: typer.Typer) -> None:
    """Add ``demo`` to the main app."""
    app.command("demo")(demo)
