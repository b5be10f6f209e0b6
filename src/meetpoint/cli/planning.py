"""CLI commands: planning (``meetpoint poi``). Thin: the rule lives in :mod:`meetpoint.planning.poi`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Optional

import typer

from meetpoint.cli.options import JsonOpt, WorkspaceOpt, library_for, parse_date
from meetpoint.cli.output import console, emit, table
from meetpoint.errors import InputError


def poi_command(
    agreement: str = typer.Option(..., "--agreement", "-a", help="Agreement id, e.g. socket-centurytel-amendment-2005."),
    tn: Optional[str] = typer.Option(None, "--tn", help="Telephone number; its rated rate center governs (VNXX too)."),
    rate_center: Optional[str] = typer.Option(None, "--rate-center", help="Rate center, e.g. HALLSVILLE."),
    on: Optional[dt.date] = typer.Option(
        None, "--on", parser=parse_date, metavar="YYYY-MM-DD", help="Date of the network and the rule (default: today)."
    ),
    workspace: Path = WorkspaceOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Where the POI goes for a number or rate center, by the agreement's rule, step by step with cites."""
    from meetpoint.network.lookup import lookup_tn
    from meetpoint.network.model import NetworkSnapshot
    from meetpoint.planning.poi import place_poi
    from meetpoint.store import Workspace

    if (tn is None) == (rate_center is None):
        raise typer.BadParameter("give exactly one of --tn and --rate-center")
    on = on or dt.date.today()
    ws = Workspace.open(workspace)
    agr = library_for(ws.root).agreement(agreement)
    number = None
    if tn is not None:
        number = lookup_tn(ws, tn, on)
        if number.rate_center is None:
            raise InputError("numbering", None, "tn", f"{tn} is not assigned to any carrier on {on}")
        rate_center = number.rate_center
    rc = " ".join(str(rate_center).upper().split())
    placement = place_poi(agr, NetworkSnapshot.load(ws, on), rc, on)
    data: dict[str, Any] = {
        "poi": placement.poi,
        "rate_center": placement.rate_center,
        "treated_as": list(placement.treated_as) if placement.treated_as else None,
        "agreement": agreement,
        "on": on,
        "steps": [{"text": s.text, "cite": s.cite} for s in placement.steps],
        "cites": list(placement.cites),
    }
    if number is not None:
        data["tn"] = number.as_dict()

    def render() -> None:
        where = f"{tn} (rated to {rc})" if tn is not None else rc
        console.print(f"POI for {where} under {agreement} on {on}: [bold]{placement.poi or 'none under this clause'}[/bold]")
        if placement.treated_as:
            console.print("Treated as one rate center: " + ", ".join(placement.treated_as))
        rows = [(i, s.text, s.cite) for i, s in enumerate(placement.steps, start=1)]
        console.print(table("Steps", ["#", "step", "cite"], rows))

    emit(data, as_json, render)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command("poi")(poi_command)
