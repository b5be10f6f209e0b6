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


def library_for(workspace: Path | None):  # type: ignore[no-untyped-def]
    """The agreement library a command works with: the built-in one, plus the workspace's own
    agreement files and decisions when ``workspace`` is a Meetpoint workspace.

    Commands that only read agreements (``agreements``, ``deadlines``) take ``--workspace`` as
    optional: outside a workspace they use the built-in library alone.
    """
    from meetpoint.agreements import load_library
    from meetpoint.store.config import CONFIG_FILE

    if workspace is not None and (Path(workspace) / CONFIG_FILE).exists():
        return load_library(extra=[Path(workspace) / "agreements"])
    return load_library()
