"""CLI commands: ``meetpoint mileage`` (V&H airline mileage) and ``meetpoint vh`` (lat/long <-> V&H).

Thin: the math lives in :mod:`meetpoint.network.mileage` and :mod:`meetpoint.network.vh`.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from meetpoint.cli.options import JsonOpt, WorkspaceOpt
from meetpoint.cli.output import console, emit, table
from meetpoint.errors import MeetpointError
from meetpoint.network.mileage import MileageResult, airline_mileage
from meetpoint.network.vh import latlon_to_vh, vh_to_latlon


class MileageMethod(str, Enum):
    """The two airline-mileage methods (formats.md §7); the agreement names which applies."""

    tariff = "tariff"
    plain = "plain"


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command("mileage")(mileage)
    app.command("vh")(vh)


# --- meetpoint mileage ------------------------------------------------------------------------------


def mileage(
    from_vh: Optional[str] = typer.Option(None, "--from-vh", help="First point as V,H (e.g. 4997,1406)."),
    to_vh: Optional[str] = typer.Option(None, "--to-vh", help="Second point as V,H (e.g. 5986,3426)."),
    from_clli: Optional[str] = typer.Option(None, "--from-clli", help="First point: a switch CLLI in the workspace."),
    to_clli: Optional[str] = typer.Option(None, "--to-clli", help="Second point: a switch CLLI in the workspace."),
    method: MileageMethod = typer.Option(
        MileageMethod.tariff, "--method", help="tariff (F.C.C. No. 10 procedure) or plain ⌈√((dV²+dH²)/10)⌉."
    ),
    workspace: Path = WorkspaceOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Airline mileage between two V&H points (or two switches), with the steps that produced it."""
    v1, h1 = _endpoint("--from", from_vh, from_clli, workspace)
    v2, h2 = _endpoint("--to", to_vh, to_clli, workspace)
    try:
        result = airline_mileage(v1, h1, v2, h2, method=method.value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    data = {
        "miles": result.miles,
        "method": result.method,
        "from": {"v": v1, "h": h1},
        "to": {"v": v2, "h": h2},
        "steps": _steps(result),
    }
    emit(data, as_json, lambda: _render_mileage(data))


def _steps(result: MileageResult) -> dict[str, object]:
    """The intermediate figures a reader needs to check the mileage by hand."""
    return {
        "n": result.n,
        "a": result.a,
        "b": result.b,
        "raw": result.raw,
        "minimum": result.minimum,
        "minimum_applied": result.minimum_applied,
    }


def _render_mileage(data: dict) -> None:
    steps = data["steps"]
    rows = [
        ("from (V,H)", f"{data['from']['v']},{data['from']['h']}"),
        ("to (V,H)", f"{data['to']['v']},{data['to']['h']}"),
        ("method", data["method"]),
    ]
    if data["method"] == "tariff":
        rows += [("N", steps["n"]), ("a, b", f"{steps['a']}, {steps['b']}")]
    rows += [("square root", f"{steps['raw']:.4f}")]
    if steps["minimum"] is not None:
        rows += [("minimum for N", f"{steps['minimum']}{' (applied)' if steps['minimum_applied'] else ''}")]
    rows += [("miles", data["miles"])]
    console.print(table("Airline mileage", ["", "value"], rows))


def _endpoint(which: str, vh_text: Optional[str], clli: Optional[str], workspace: Path) -> tuple[float, float]:
    """One end of the mileage: ``V,H`` given directly, or a switch's V&H from the workspace."""
    if (vh_text is None) == (clli is None):
        raise typer.BadParameter(f"give exactly one of {which}-vh or {which}-clli")
    if vh_text is not None:
        return _parse_vh(vh_text, f"{which}-vh")
    return _switch_vh(workspace, clli)  # type: ignore[arg-type]


def _parse_vh(text: str, option: str) -> tuple[float, float]:
    """``"4997,1406"`` -> ``(4997, 1406)``; whole numbers stay ints so the JSON shows them so."""
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != 2:
        raise typer.BadParameter(f"expected V,H (two numbers separated by a comma), got {text!r}", param_hint=option)
    try:
        return tuple(_number(p) for p in parts)  # type: ignore[return-value]
    except ValueError:
        raise typer.BadParameter(f"expected V,H as numbers, got {text!r}", param_hint=option) from None


def _number(text: str) -> float:
    value = float(text)
    return int(value) if value.is_integer() and "." not in text else value


def _switch_vh(workspace: Path, clli: str) -> tuple[float, float]:
    """A switch's V&H from the workspace's network data (``meetpoint.network.lookup.switch_vh``).

    Imported lazily: the lookup belongs to the network-reference module, which may not be installed
    in this build yet; if so the command says that plainly instead of failing with a traceback.
    """
    try:
        from meetpoint.network.lookup import switch_vh
    except ImportError as exc:
        raise MeetpointError(
            "switch lookup by CLLI is not available in this build "
            f"(meetpoint.network.lookup could not be imported: {exc}); use --from-vh/--to-vh"
        ) from exc
    return switch_vh(workspace, clli)


# --- meetpoint vh -----------------------------------------------------------------------------------


def vh(
    lat: Optional[float] = typer.Option(None, "--lat", help="Latitude, degrees north."),
    lon: Optional[float] = typer.Option(None, "--lon", help="Longitude, degrees EAST (Chicago is -87.63)."),
    v: Optional[float] = typer.Option(None, "--v", help="V coordinate."),
    h: Optional[float] = typer.Option(None, "--h", help="H coordinate."),
    as_json: bool = JsonOpt,
) -> None:
    """Convert latitude/longitude to V&H (--lat/--lon), or V&H to latitude/longitude (--v/--h)."""
    have_ll, have_vh = (lat, lon) != (None, None), (v, h) != (None, None)
    if have_ll == have_vh:
        raise typer.BadParameter("give either --lat and --lon, or --v and --h")
    if have_ll:
        if lat is None or lon is None:
            raise typer.BadParameter("--lat and --lon go together")
        try:
            v_out, h_out = latlon_to_vh(lat, lon)
        except ValueError as exc:
            raise typer.BadParameter(str(exc)) from exc
        data = {"v": v_out, "h": h_out}
        rows = [("lat, lon", f"{lat}, {lon}"), ("V", f"{v_out:.2f}"), ("H", f"{h_out:.2f}")]
    else:
        if v is None or h is None:
            raise typer.BadParameter("--v and --h go together")
        try:
            lat_out, lon_out = vh_to_latlon(v, h)
        except ValueError as exc:
            raise typer.BadParameter(str(exc)) from exc
        data = {"lat": lat_out, "lon": lon_out}
        rows = [("V, H", f"{v}, {h}"), ("lat", f"{lat_out:.6f}"), ("lon", f"{lon_out:.6f}")]
    emit(data, as_json, lambda: console.print(table("V&H", ["", "value"], rows)))
