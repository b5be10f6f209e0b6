"""CLI command: ``meetpoint demo`` — build the demo workspace, run everything, write the report."""

from __future__ import annotations

from pathlib import Path

import typer


def demo(
    workspace: Path = typer.Option(
        Path("demo-workspace"), "--workspace", "-w",
        help="Folder for the demo workspace (rebuilt on every run; must be a workspace if it exists).",
    ),
) -> None:
    """Build an illustrative workspace from the built-in library and demo network, run every
    capability on it, and print where the report is."""
    from meetpoint.demo.run import run_demo

    run_demo(workspace)


def register(app: typer.Typer) -> None:
    """Add ``demo`` to the main app."""
    app.command("demo")(demo)
