"""Options shared by every command, declared once."""

from __future__ import annotations

from pathlib import Path

import typer

JsonOpt = typer.Option(False, "--json", help="Print machine-readable JSON instead of tables.")
WorkspaceOpt = typer.Option(
    Path("."),
    "--workspace",
    "-w",
    envvar="MEETPOINT_WORKSPACE",
    help="Workspace folder (default: $MEETPOINT_WORKSPACE, else the current directory).",
    show_default=False,
)
