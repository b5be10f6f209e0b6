"""The project's own reference files: one CSV per table (``docs/reference-data.md``).

``carriers.csv``, ``rate_centers.csv``, ``switches.csv``, ``local_calling.csv``, ``numbering.csv``,
``ports.csv``, ``vnxx.csv``, ``locations.csv``; each may be absent. A header row names the columns
(any order); a column not in the table's list, a missing required column or another ``*.csv`` in
the folder is an error. Every file may carry an ``effective`` column.

Rows are upserted by key and ``effective`` (importing the same folder twice leaves identical
tables); ``replace=True`` empties each table a file is given for before loading it.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

from meetpoint.network import tables as T
from meetpoint.network.importers._rows import Batch, ImportReport, commit, parse_value

if TYPE_CHECKING:  # pragma: no cover
    from meetpoint.store import Workspace

__all__ = ["import_files", "import_folder", "read_csv", "read_csv_into"]

_FILES = {spec.file: spec.name for spec in T.TABLES.values()}


def import_folder(ws: "Workspace", folder: str | Path, *, replace: bool = False) -> ImportReport:
    """Load every reference CSV in ``folder`` into the workspace, all or nothing."""
    folder = Path(folder)
    if not folder.is_dir():
        batch = Batch(str(folder))
        batch.error(str(folder), None, None, "no such folder")
        return commit(ws, batch)
    return import_files(ws, sorted(folder.glob("*.csv")), replace=replace, source=str(folder))


def import_files(
    ws: "Workspace", paths: Iterable[str | Path], *, replace: bool = False, source: str | None = None
) -> ImportReport:
    """Load the given reference CSV files (each named after its table), all or nothing."""
    paths = [Path(p) for p in paths]
    batch = Batch(source or ", ".join(str(p) for p in paths))
    if not paths:
        batch.error(batch.source, None, None, f"no reference files; expected some of {', '.join(_FILES)}")
    for path in paths:
        table = _FILES.get(path.name)
        if table is None:
            batch.error(str(path), None, None, f"not a reference file name; expected one of {', '.join(_FILES)}")
            continue
        read_csv_into(batch, table, path)
        if replace:
            batch.replace.add(table)
    return commit(ws, batch)


def read_csv_into(batch: Batch, table: str, path: Path) -> None:
    """Parse one CSV file for ``table`` into ``batch`` (problems recorded, not raised)."""
    rows = read_csv(batch, T.spec(table), path)
    if rows is None:
        return
    batch.rows.setdefault(table, [])
    for n, values in rows:
        batch.add(table, _derive(table, values), str(path), n)


def read_csv(
    batch: Batch, spec: T.TableSpec, path: Path, parse: Callable[[T.Column, str | None], Any] = parse_value,
) -> list[tuple[int, dict[str, Any]]] | None:
    """The data rows of one project CSV file for ``spec``, as (1-based data row, typed values with
    ``source`` = the file name); the network files and the settlement inputs both read theirs here.

    A header naming a column ``spec`` does not have, naming one twice or lacking a required one, and
    any cell that does not parse, is recorded on ``batch`` (file, row, field), not raised; a row with
    a problem is left out. ``None`` when the file has no usable header.
    """
    file = str(path)
    rows: list[tuple[int, dict[str, Any]]] | None = None
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.reader(fh)
            header = [h.strip() for h in next(reader, [])]
            if not _header_ok(batch, spec, file, header):
                return None
            rows = []
            for n, cells in enumerate(reader, start=1):
                if not any(c.strip() for c in cells):
                    continue  # blank line
                if len(cells) != len(header):
                    batch.error(file, n, None, f"{len(cells)} cells but the header has {len(header)}")
                    continue
                values = batch.parse_row(spec.file_columns, dict(zip(header, cells)), file, n, parse)
                if values is not None:
                    values["source"] = path.name
                    rows.append((n, values))
    except UnicodeDecodeError as exc:
        batch.error(file, None, None, f"not UTF-8 text: {exc}")
    except csv.Error as exc:
        batch.error(file, None, None, f"not a readable CSV file: {exc}")
    return rows


def _header_ok(batch: Batch, spec: T.TableSpec, file: str, header: list[str]) -> bool:
    allowed = {c.name for c in spec.file_columns}
    ok = True
    if not header:
        batch.error(file, None, None, "empty file (no header row)")
        return False
    for name in header:
        if name not in allowed:
            batch.error(file, None, name, f"unknown column; {spec.file} has {', '.join(c.name for c in spec.file_columns)}")
            ok = False
    for name in sorted({h for h in header if header.count(h) > 1}):
        batch.error(file, None, name, "column appears twice in the header")
        ok = False
    for col in spec.file_columns:
        if col.required and col.name not in header:
            batch.error(file, None, col.name, "required column is missing from the header")
            ok = False
    return ok


def _derive(table: str, values: dict) -> dict:
    """Fill derived columns (vnxx: tn / npa_nxx / block from tn_or_block) and defaults (is_isp)."""
    if table == "locations" and values["is_isp"] is None:
        values["is_isp"] = False
    if table == "vnxx":
        d = values["tn_or_block"]
        values["npa_nxx"] = int(d[:6])
        values["block"] = int(d[6]) if len(d) == 7 else None
        values["tn"] = int(d) if len(d) == 10 else None
    return values
