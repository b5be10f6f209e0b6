"""CLI commands: ``init``, ``lookup`` and the ``network`` group (``import``, ``summary``). Thin."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import List, Optional

import typer

from meetpoint.cli.options import JsonOpt, WorkspaceOpt, optional_date
from meetpoint.cli.output import console, emit, table

network_app = typer.Typer(help="Network and numbering reference data.", no_args_is_help=True)

_FORMATS = ("nanpa-cocode", "pooling-blocks", "lcg-prefix", "lcg-local")


def init(
    path: Optional[Path] = typer.Argument(None, help="Folder to create (default: --workspace)."),
    timezone: Optional[str] = typer.Option(None, help="IANA time zone (default America/Chicago)."),
    vh_method: Optional[str] = typer.Option(None, help="tariff or plain (default tariff)."),
    workspace: Path = WorkspaceOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Create a workspace: meetpoint.toml, the DuckDB file, folders for agreements, reference data, CDRs."""
    from meetpoint.network import tables
    from meetpoint.store import Config, Workspace

    overrides = {k: v for k, v in {"timezone": timezone, "vh_method": vh_method}.items() if v is not None}
    with Workspace.init(path or workspace, config=Config(**overrides)) as ws:
        tables.ensure(ws)
        data = {"workspace": str(ws.root), "config": ws.config.as_dict()}
    emit(data, as_json, lambda: console.print(f"Created workspace {data['workspace']}"))


@network_app.command("import")
def import_(
    files: Optional[List[Path]] = typer.Argument(None, help="File(s) in --format."),
    folder: Optional[Path] = typer.Option(
        None, "--dir", help="Folder of project CSV files: network, then settlement inputs (docs/reference-data.md)."),
    fmt: Optional[str] = typer.Option(None, "--format", help="Public format: " + ", ".join(_FORMATS) + "."),
    replace: bool = typer.Option(False, "--replace", help="With --dir: empty each table a file is given for first."),
    state: Optional[List[str]] = typer.Option(None, "--state", help="nanpa-cocode/pooling-blocks: only these states."),
    kind: str = typer.Option("mandatory_eas", "--kind", help="lcg-local: kind of links between different rate centers."),
    workspace: Path = WorkspaceOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Import reference data, all or nothing: a folder of project CSVs (--dir) or public files (--format).

    --dir imports the network files, then the settlement inputs (facilities, transit charges,
    taxes, elections, supplied rates) found in the folder, in one transaction.
    """
    from meetpoint.network import importers
    from meetpoint.settlement import import_reference_folder
    from meetpoint.store import Workspace

    if (folder is None) == (fmt is None):
        raise typer.BadParameter("give either --dir DIR or --format FORMAT FILE...", param_hint="--dir/--format")
    if fmt is not None and fmt not in _FORMATS:
        raise typer.BadParameter(f"{fmt!r}; choose one of {', '.join(_FORMATS)}", param_hint="--format")
    if fmt is not None and not files:
        raise typer.BadParameter("give the file(s) to import", param_hint="FILES")
    with Workspace.open(workspace) as ws:
        if folder is not None:
            both = import_reference_folder(ws, folder, replace=replace)
            emit(both, as_json, lambda: _render_folder(both))
            return
        if fmt in ("nanpa-cocode", "pooling-blocks"):
            reports = [importers.FORMATS[fmt](ws, f, states=state or ()) for f in files or []]
            report = reports[-1] if len(reports) == 1 else _merge(reports)
        elif fmt == "lcg-local":
            report = importers.import_lcg_local(ws, files or [], kind=kind)
        else:
            report = importers.import_lcg_prefix(ws, files or [])
    emit(report, as_json, lambda: _render(report, f"Imported {report.source}"))


def _render_folder(both) -> None:  # type: ignore[no-untyped-def]
    for report, what in ((both.network, "network reference"), (both.settlement, "settlement inputs")):
        if report is not None:
            _render(report, f"Imported {what} from {both.source}")


def _render(report, title: str) -> None:  # type: ignore[no-untyped-def]
    console.print(table(title, ["table", "rows"], sorted(report.rows.items())))
    if report.skipped:
        console.print(f"{report.skipped} row(s) skipped (not assigned, or another state)")
    for w in report.warnings:
        console.print(f"[yellow]warning[/]: {w}")


def _merge(reports):  # type: ignore[no-untyped-def]
    from meetpoint.network.importers import ImportReport

    out = ImportReport(", ".join(r.source for r in reports))
    for r in reports:
        for k, v in r.rows.items():
            out.rows[k] = out.rows.get(k, 0) + v
        out.skipped += r.skipped
        out.warnings += r.warnings
    return out


@network_app.command("summary")
def summary(
    on: Optional[str] = typer.Option(None, "--on", help="Count rows in effect on this date (default today)."),
    workspace: Path = WorkspaceOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Rows per reference table: all dated rows and those in effect on a date."""
    from meetpoint.network import tables
    from meetpoint.store import Workspace

    day = optional_date(on, "--on") or dt.date.today()
    with Workspace.open(workspace) as ws:
        counts = {
            name: {
                "rows": int(tables.read(ws, name).count().to_pyarrow().as_py()),
                "in_effect": int(tables.as_of(tables.read(ws, name), day).count().to_pyarrow().as_py()),
            }
            for name in tables.TABLES
        }
    data = {"workspace": str(workspace), "on": day, "tables": counts}
    emit(
        data,
        as_json,
        lambda: console.print(
            table(f"Reference data on {day}", ["table", "rows", "in effect"],
                  [(n, c["rows"], c["in_effect"]) for n, c in counts.items()])  # fmt: skip
        ),
    )


def lookup(
    tn: str = typer.Option(..., "--tn", help="10-digit telephone number."),
    on: Optional[str] = typer.Option(None, "--on", help="Date (YYYY-MM-DD; default today)."),
    workspace: Path = WorkspaceOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Carrier, OCN, rate center and serving switch of a number on a date (thousands blocks, LNP)."""
    from meetpoint.errors import ReferenceDataError
    from meetpoint.network.lookup import lookup_tn
    from meetpoint.store import Workspace

    with Workspace.open(workspace) as ws:
        info = lookup_tn(ws, tn, optional_date(on, "--on"))
    if info.carrier is None and info.rate_center is None:
        raise ReferenceDataError("numbering", None, "npa_nxx", f"{info.npa_nxx} is not assigned on {info.on}")
    data = info.as_dict()
    emit(
        data,
        as_json,
        lambda: console.print(table(f"{info.tn} on {info.on}", ["field", "value"], [(k, v) for k, v in data.items()])),
    )


def register(app: typer.Typer) -> None:
    """Add ``init``, ``lookup`` and the ``network`` group to the main app."""
    app.command("init")(init)
    app.command("lookup")(lookup)
    app.add_typer(network_app, name="network")
