"""CLI commands: deadlines. (Filled in by the issue that builds this capability.)"""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
