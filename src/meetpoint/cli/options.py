"""Options shared by every command, declared once."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Optional, Union

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


_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def parse_date(value: Union[str, dt.date], option: Optional[str] = None) -> dt.date:
    """A ``YYYY-MM-DD`` option value as a date; ``typer.BadParameter`` naming ``option`` otherwise.

    Also a typer ``parser=`` (called with the value alone: click then names the option itself).
    """
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param_hint=option) from None


def optional_date(value: Optional[str], option: str) -> Optional[dt.date]:
    """``parse_date`` for an option that may be left out (``None`` stays ``None``)."""
    return None if value is None else parse_date(value, option)


def parse_month(value: str, option: str) -> str:
    """A ``YYYY-MM`` option value, checked and returned as given; ``typer.BadParameter`` naming ``option``."""
    if not _MONTH.match(value):
        raise typer.BadParameter(f"{value!r} is not a month (YYYY-MM)", param_hint=option)
    return value
