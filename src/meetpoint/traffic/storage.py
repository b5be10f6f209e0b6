"""Where accepted calls live and how a batch is published atomically.

Layout: ``<workspace>/cdrs/month=YYYY-MM/<batch_id>.parquet`` (hive partitioning; ``month`` is in
the path only), columns :data:`~meetpoint.traffic.schema.STORED_SCHEMA`. A batch is staged under
``cdrs/.staging/<batch_id>/`` and published by :class:`FileChanges` inside the DuckDB transaction
that records its quarantine and log rows; readers only see files whose ``batch_id`` is in
``ingest_log``. A crash between the renames and the commit (no undo ran) is undone by
:func:`recover_interrupted` before the next ingest or read: files the publish moved aside come
back, the files it added go.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import pyarrow as pa

from meetpoint.traffic.adapters import sql_str
from meetpoint.traffic.schema import INGEST_LOG_DDL, QUARANTINE_DDL, STORED_SCHEMA

__all__ = [
    "FileChanges",
    "STAGING",
    "STORED_PARQUET",
    "cdr_files",
    "committed_files",
    "ensure_tables",
    "quarantine_rows",
    "read_cdrs",
    "read_cdrs_sql",
    "recover_interrupted",
    "sha256_file",
    "stored_columns_sql",
]

#: Staging folder inside ``cdrs/`` (not matched by the ``month=*`` glob).
STAGING = ".staging"

#: DuckDB ``COPY ... TO`` options of every stored call file. LZ4 (raw block format) rather than
#: DuckDB's default Snappy: the files are as small (604 vs 613 MiB for 20 M calls) and the rate
#: step's scan reads them about a third faster (docs/decisions.md).
STORED_PARQUET = "FORMAT parquet, COMPRESSION lz4_raw"

_DUCK_TYPES = {
    pa.string(): "VARCHAR",
    pa.int64(): "BIGINT",
    pa.bool_(): "BOOLEAN",
    pa.timestamp("us", tz="UTC"): "TIMESTAMPTZ",
}


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def ensure_tables(raw: Any) -> None:
    """Create ``quarantine`` and ``ingest_log`` when missing."""
    raw.execute(QUARANTINE_DDL)
    raw.execute(INGEST_LOG_DDL)


def stored_columns_sql(prefix: str = "") -> str:
    """The stored columns, in order, as a SELECT list."""
    return ", ".join(f'{prefix}"{f.name}"' for f in STORED_SCHEMA)


def cdr_files(ws: Any, months: Iterable[str] | None = None) -> list[Path]:
    """The stored CDR Parquet files (optionally only these months ``YYYY-MM``)."""
    root = ws.dir("cdrs")
    if months is None:
        return sorted(root.glob("month=*/*.parquet"))
    return sorted(p for m in sorted(set(months)) for p in (root / f"month={m}").glob("*.parquet"))


def _empty_sql() -> str:
    cols = ", ".join(f'CAST(NULL AS {_DUCK_TYPES[f.type]}) AS "{f.name}"' for f in STORED_SCHEMA)
    return f"SELECT {cols}, CAST(NULL AS VARCHAR) AS month WHERE false"


def recover_interrupted(ws: Any) -> list[str]:
    """Finish what an ingest stopped between its file renames and its commit left behind (the
    process killed, the machine down: nothing ran its undo), so the store is as its last commit.

    A batch's staging folder (``cdrs/.staging/<batch_id>/``) outlives its ingest only then. If
    the batch is in ``ingest_log`` it committed, and its leftover backups are deleted. If not,
    every stored file its publish moved aside (``backup/<n>_<month=…>_<file>``: a file withdrawn
    calls were taken out of, or one removed) is put back, and the files it added
    (``<batch_id>[-NNNN].parquet``, never visible to readers: :func:`committed_files`) are
    deleted. Returns one line per batch recovered. Ingest and the readers call this first.
    """
    root = ws.dir("cdrs")
    staging = root / STAGING
    if not staging.is_dir():
        return []
    stages = sorted(p for p in staging.iterdir() if p.is_dir())
    if not stages:
        return []
    ensure_tables(ws.con.con)
    logged = {r[0] for r in ws.con.con.execute("SELECT DISTINCT batch_id FROM ingest_log").fetchall()}
    done = []
    for stage in stages:
        batch = stage.name
        if batch not in logged:
            backups = sorted((stage / "backup").glob("*_month=*_*"), key=lambda b: -int(b.name.split("_", 1)[0]))
            for b in backups:
                _, part, name = b.name.split("_", 2)
                os.replace(b, root / part / name)
            added = [f for f in root.glob("month=*/*.parquet") if f.stem.split("-", 1)[0] == batch]
            for f in added:
                f.unlink()
            done.append(f"batch {batch}: interrupted before its commit; {len(backups)} stored file(s) put back, "
                        f"{len(added)} uncommitted file(s) removed")
        shutil.rmtree(stage, ignore_errors=True)
    with contextlib.suppress(OSError):
        staging.rmdir()
    return done


def committed_files(ws: Any, months: Iterable[str] | None = None) -> list[Path]:
    """:func:`cdr_files` of committed batches only (a file is named by its batch: ``<batch_id>.parquet``
    or ``<batch_id>-NNNN.parquet``, and holds that batch's rows only)."""
    files = cdr_files(ws, months)
    if not files:
        return files
    logged = {r[0] for r in ws.con.con.execute("SELECT DISTINCT batch_id FROM ingest_log").fetchall()}
    return [p for p in files if p.stem.split("-", 1)[0] in logged]


def read_cdrs_sql(ws: Any, months: Iterable[str] | None = None) -> str:
    """DuckDB SQL for the committed stored calls (stored columns + ``month``).

    Uncommitted files are left out by name (:func:`committed_files`), not row by row: a check of
    each row's ``batch_id`` against ``ingest_log`` cost as much as reading the calls' other columns.
    """
    ensure_tables(ws.con.con)
    recover_interrupted(ws)
    files = committed_files(ws, months)
    if not files:
        return _empty_sql()
    listing = "[" + ", ".join(sql_str(str(p)) for p in files) + "]"
    return (
        f"SELECT {stored_columns_sql()}, CAST(month AS VARCHAR) AS month FROM read_parquet({listing}, "
        "hive_partitioning = true, hive_types = {'month': VARCHAR})"
    )


def read_cdrs(ws: Any, months: Iterable[str] | None = None) -> Any:
    """The stored calls as an Ibis table (for rating); ``months`` (``YYYY-MM``) prunes partitions.

    Backed by a temporary DuckDB view over the Parquet files present now (call again after an
    ingest to see new files).
    """
    raw = ws.con.con
    ensure_tables(raw)
    wanted = None if months is None else sorted(set(months))
    name = "mp_cdrs" if wanted is None else "mp_cdrs_" + hashlib.sha1(",".join(wanted).encode()).hexdigest()[:12]
    raw.execute(f"CREATE OR REPLACE TEMP VIEW {name} AS {read_cdrs_sql(ws, wanted)}")
    return ws.con.table(name)


def quarantine_rows(ws: Any, file: str | Path | None = None) -> list[dict[str, Any]]:
    """Quarantined rows (``file``, ``row``, ``field``, ``code``, ``reason``, ``call_id``, ``raw``),
    by file and row; ``file`` filters by path (as given, resolved, or a trailing part of it)."""
    raw = ws.con.con
    ensure_tables(raw)
    sql = 'SELECT file, "row", field, code, reason, call_id, raw FROM quarantine'
    params: list[Any] = []
    if file is not None:
        given = str(file)
        resolved = str(Path(given).resolve())
        sql += " WHERE file = ? OR file = ? OR suffix(file, ?)"
        params = [given, resolved, "/" + given.lstrip("/")]
    sql += ' ORDER BY file, "row", code'
    cur = raw.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


@dataclass
class FileChanges:
    """Renames that publish a batch, undone together when anything fails.

    ``add`` moves a staged file to its place (the target must not exist); ``replace`` swaps a
    staged file for an existing one (kept as a backup until :meth:`discard_backups`); ``remove``
    moves an existing file to the backup folder.
    """

    backup_dir: Path
    adds: list[tuple[Path, Path]] = field(default_factory=list)
    replaces: list[tuple[Path, Path]] = field(default_factory=list)
    removes: list[Path] = field(default_factory=list)
    _done: list[tuple[str, Path, Path | None]] = field(default_factory=list)

    def add(self, staged: Path, target: Path) -> None:
        self.adds.append((staged, target))

    def replace(self, staged: Path, target: Path) -> None:
        self.replaces.append((staged, target))

    def remove(self, target: Path) -> None:
        self.removes.append(target)

    def _backup(self, target: Path) -> Path:
        self.backup_dir.mkdir(parents=True, exist_ok=True)
        return self.backup_dir / f"{len(self._done)}_{target.parent.name}_{target.name}"

    def apply(self) -> None:
        """Do every rename; on failure undo the ones done and re-raise."""
        try:
            for target in self.removes:
                backup = self._backup(target)
                os.replace(target, backup)
                self._done.append(("removed", target, backup))
            for staged, target in self.replaces:
                backup = self._backup(target)
                os.replace(target, backup)
                self._done.append(("removed", target, backup))
                os.replace(staged, target)
                self._done.append(("added", target, None))
            for staged, target in self.adds:
                if target.exists():
                    raise FileExistsError(f"{target} already exists")
                target.parent.mkdir(parents=True, exist_ok=True)
                move(staged, target)
                self._done.append(("added", target, None))
        except BaseException:
            self.undo()
            raise

    def undo(self) -> None:
        """Put every file back as it was before :meth:`apply`."""
        while self._done:
            kind, target, backup = self._done.pop()
            if kind == "added":
                target.unlink(missing_ok=True)
            elif backup is not None:
                os.replace(backup, target)

    def discard_backups(self) -> None:
        """After the commit: the backups are no longer needed."""
        self._done.clear()
        shutil.rmtree(self.backup_dir, ignore_errors=True)


def move(staged: Path, target: Path) -> None:
    """Rename a staged file into place (a seam tests use to inject failures)."""
    os.replace(staged, target)
