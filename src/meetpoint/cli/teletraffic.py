"""CLI commands: ``meetpoint erlang b | trunks | capacity`` (Erlang B forward and inverse).

Thin wrapper over :mod:`meetpoint.teletraffic`; the load can be given in Erlangs or in CCS
(36 CCS = 1 Erlang), as the agreements state it ("average busy hour CCS", Interim §5).
"""

from __future__ import annotations

from typing import Any, Callable, Optional

import typer

from meetpoint.cli.options import JsonOpt
from meetpoint.cli.output import console, emit, table
from meetpoint.teletraffic import capacity, ccs_to_erlangs, erlang_b, erlangs_to_ccs, trunks

erlang_app = typer.Typer(
    name="erlang",
    help="Erlang B: blocking of a trunk group, trunks needed for a grade of service, capacity.",
    no_args_is_help=True,
)

TrunksOpt = typer.Option(..., "--trunks", "-n", min=0, help="Number of trunks (circuits).")
ErlangsOpt = typer.Option(None, "--erlangs", "-a", min=0.0, help="Offered busy-hour load, Erlangs.")
CcsOpt = typer.Option(None, "--ccs", min=0.0, help="Offered busy-hour load in CCS (36 CCS = 1 Erlang).")
GosOpt = typer.Option(..., "--gos", "-g", help="Grade of service (target blocking), e.g. 0.001.")


def _load(erlangs: Optional[float], ccs: Optional[float]) -> float:
    """The offered load in Erlangs from exactly one of ``--erlangs`` and ``--ccs``."""
    if (erlangs is None) == (ccs is None):
        raise typer.BadParameter("give exactly one of --erlangs and --ccs")
    return float(erlangs) if erlangs is not None else float(ccs_to_erlangs(ccs))


def _compute(fn: Callable[..., Any], *args: Any) -> Any:
    """Run the math; its ValueError (bad domain) becomes a usage error, exit code 2."""
    try:
        return fn(*args)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc


def _show(title: str, result: dict[str, Any], as_json: bool) -> None:
    rows = [(k, f"{v:.6g}" if isinstance(v, float) else v) for k, v in result.items()]
    emit(result, as_json, lambda: console.print(table(title, ["quantity", "value"], rows)))


@erlang_app.command("b")
def b_command(
    n: int = TrunksOpt, erlangs: Optional[float] = ErlangsOpt, ccs: Optional[float] = CcsOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Blocking probability B(N, A) of N trunks offered A Erlangs."""
    a = _load(erlangs, ccs)
    result = {"trunks": n, "erlangs": a, "blocking": _compute(erlang_b, n, a)}
    _show("Erlang B blocking", result, as_json)


@erlang_app.command("trunks")
def trunks_command(
    gos: float = GosOpt, erlangs: Optional[float] = ErlangsOpt, ccs: Optional[float] = CcsOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Least number of trunks with B(N, A) <= GOS (the DS1-level test, Interim §5 ¶8, compares it with the library's trunk count)."""
    a = _load(erlangs, ccs)
    result = {"erlangs": a, "gos": gos, "trunks": _compute(trunks, a, gos)}
    _show("Trunks needed (Erlang B)", result, as_json)


@erlang_app.command("capacity")
def capacity_command(n: int = TrunksOpt, gos: float = GosOpt, as_json: bool = JsonOpt) -> None:
    """Largest offered load A (Erlangs, also in CCS) with B(N, A) <= GOS."""
    a = _compute(capacity, n, gos)
    result = {"trunks": n, "gos": gos, "erlangs": a, "ccs": erlangs_to_ccs(a)}
    _show("Capacity (Erlang B)", result, as_json)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.add_typer(erlang_app, name="erlang")
