"""CLI commands: ``ingest`` (call detail records in) and ``quarantine`` (the rows refused). Thin."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from meetpoint.cli.options import JsonOpt, WorkspaceOpt
from meetpoint.cli.output import console, emit, note, table

_FORMATS = ("canonical", "asterisk", "freeswitch")
#: The formats each adapter option applies to.
_USED_BY = {"--source-tz": ("asterisk", "freeswitch"), "--route": ("asterisk", "freeswitch"),
            "--id-prefix": ("asterisk", "freeswitch"), "--usegmtime": ("asterisk",)}


def ingest(
    files: List[Path] = typer.Argument(..., help="CDR file(s): canonical CSV/Parquet, or a switch's Master.csv."),
    fmt: str = typer.Option("canonical", "--format", help="canonical, asterisk or freeswitch."),
    source_tz: Optional[str] = typer.Option(
        None, "--source-tz", help="asterisk/freeswitch: zone of the local times (default: the workspace's)."
    ),
    usegmtime: bool = typer.Option(False, "--usegmtime", help="asterisk: times are GMT (cdr.conf usegmtime=yes)."),
    route: Optional[str] = typer.Option(
        None, "--route", help="asterisk/freeswitch: route of every call (direct or transit:<OCN>; default direct)."
    ),
    id_prefix: Optional[str] = typer.Option(
        None, "--id-prefix",
        help="asterisk/freeswitch: the switch's name (e.g. its CLLI), put before every call id so that "
             "two switches' ids never collide.",
    ),
    no_progress: bool = typer.Option(False, "--no-progress", help="No progress bar."),
    workspace: Path = WorkspaceOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Ingest call detail records: check each row, quarantine the bad ones, store the calls by month.

    Idempotent (a file already ingested is skipped) and atomic per file. Prints rows read =
    accepted + quarantined.
    """
    from meetpoint.store import Workspace
    from meetpoint.traffic import ingest_files

    if fmt not in _FORMATS:
        raise typer.BadParameter(f"{fmt!r}; choose one of {', '.join(_FORMATS)}", param_hint="--format")
    # an option the format does not use is refused, never ignored (a canonical file has its own route column)
    given = {"--source-tz": source_tz is not None, "--route": route is not None, "--id-prefix": id_prefix is not None,
             "--usegmtime": usegmtime}
    for name, is_given in given.items():
        if is_given and fmt not in _USED_BY[name]:
            raise typer.BadParameter(f"--format {fmt} does not use it (only {' and '.join(_USED_BY[name])} files do)",
                                     param_hint=name)
    options: dict[str, object] = {}
    if fmt != "canonical":
        options = {"timezone": source_tz, "route": route or "direct", "id_prefix": id_prefix}
        if fmt == "asterisk":
            options["usegmtime"] = usegmtime
    with Workspace.open(workspace) as ws:
        report = ingest_files(ws, files, format=fmt, progress=not (no_progress or as_json), **options)
    data = report.as_dict()

    def render() -> None:
        rows = [
            (f["file"], f["rows_read"], f["accepted"], f["quarantined"],
             "skipped: " + f["message"] if f["skipped_already_ingested"] else f["message"])
            for f in data["files"]
        ]
        console.print(table("Ingest", ["file", "rows read", "accepted", "quarantined", "note"], rows,
                            numeric=("rows read", "accepted", "quarantined")))
        t = data["totals"]
        console.print(
            f"rows read {t['rows_read']:,} = accepted {t['accepted']:,} + quarantined {t['quarantined']:,}"
            + ("" if t["reconciles"] else "  (DOES NOT RECONCILE)")
        )
        if t["withdrawn"]:
            console.print(f"{t['withdrawn']:,} call(s) accepted earlier moved to quarantine (conflicting call ids)")
        for text in data["notes"]:
            note(text)
        for f in data["files"]:
            for text in f["warnings"]:
                note(f"{Path(f['file']).name}: {text}")

    emit(data, as_json, render)


def quarantine(
    file: Optional[str] = typer.Option(None, "--file", help="Only rows from this file (path or its trailing part)."),
    limit: int = typer.Option(0, "--limit", help="At most this many rows (0 = all)."),
    workspace: Path = WorkspaceOpt,
    as_json: bool = JsonOpt,
) -> None:
    """List quarantined rows: file, row, field and reason."""
    from meetpoint.store import Workspace
    from meetpoint.traffic import quarantine_rows
    from meetpoint.traffic.storage import was_ingested

    with Workspace.open(workspace) as ws:
        rows = quarantine_rows(ws, file=file)
        if file is not None and not rows:
            note(f"{file}: ingested, no row quarantined" if was_ingested(ws, file) else f"{file}: no ingested file matches it")
    if limit > 0:
        rows = rows[:limit]

    def render() -> None:
        console.print(
            table(f"Quarantine ({len(rows)} rows)", ["file", "row", "field", "reason", "ingested"],
                  [(r["file"], r["row"], r["field"], r["reason"], r["ingested_at"]) for r in rows])
        )

    emit(rows, as_json, render)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command("ingest")(ingest)
    app.command("quarantine")(quarantine)
