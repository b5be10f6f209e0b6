"""Where accepted calls live and how a batch is published atomically.

Layout: ``<workspace>/cdrs/month=YYYY-MM/<batch_id>.parquet`` (hive partitioning; ``month`` is in
the path only), columns :data:`~meetpoint.traffic.schema.STORED_SCHEMA`. A batch is staged under
``cdrs/.staging/<batch_id>/`` and published by :class:`FileChanges` inside the DuckDB transaction
that records its quarantine and log rows; readers only see files whose ``batch_id`` is in
``ingest_log``. A crash between the renames and the commit (no undo ran) is undone by
:func:`recover_interrupted` before the next ingest or read: files the publish moved aside come
back, the files it added go. An ingest lists what was undone in its report's notes; a read issues
a :class:`StoreRecoveredWarning` per batch (the CLI prints it as a ``note:`` on stderr).

Power loss as well as a killed process: the publish fsyncs the staged files' data before renaming
them, and the directories it renamed in or out of (the month folders, the backup folder and the
folders above it up to ``cdrs/``) after, all before the DuckDB commit; so once a batch is in
``ingest_log`` its files are on disk, and before that its backups can be found. Directories are
fsynced on POSIX systems only (elsewhere a directory cannot be opened for it).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import shutil
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import pyarrow as pa

from meetpoint.errors import MeetpointWarning
from meetpoint.traffic.adapters import sql_str
from meetpoint.traffic.schema import INGEST_LOG_DDL, QUARANTINE_DDL, STORED_SCHEMA

__all__ = [
    "FileChanges",
    "STAGING",
    "STORED_PARQUET",
    "StoreRecoveredWarning",
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


class StoreRecoveredWarning(MeetpointWarning):
    """A read found what an ingest stopped between its renames and its commit left behind, and
    undid it (or finished a committed batch's clean-up) before reading; the message names the
    batch and the files put back or deleted."""


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def ensure_tables(raw: Any) -> None:
    """Create ``quarantine`` and ``ingest_log`` when missing; give an ``ingest_log`` made before
    it had ``options`` that column (NULL on its rows: options not recorded then)."""
    raw.execute(QUARANTINE_DDL)
    raw.execute(INGEST_LOG_DDL)
    if "options" not in {r[1] for r in raw.execute("PRAGMA table_info('ingest_log')").fetchall()}:
        raw.execute("ALTER TABLE ingest_log ADD COLUMN options VARCHAR")


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
    deleted. Returns one line per batch, naming the files put back and deleted (paths from the
    workspace folder). Ingest adds them to its report's notes; :func:`read_cdrs_sql` warns them.
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

    def names(paths: list[Path]) -> str:
        return ", ".join(p.relative_to(root.parent).as_posix() for p in paths) or "none"

    done = []
    for stage in stages:
        batch = stage.name
        backup = stage / "backup"
        if batch not in logged:
            backups = sorted(backup.glob("*_month=*_*"), key=lambda b: -int(b.name.split("_", 1)[0]))
            restored = []
            for b in backups:
                _, part, name = b.name.split("_", 2)
                os.replace(b, root / part / name)
                restored.append(root / part / name)
            added = sorted(f for f in root.glob("month=*/*.parquet") if f.stem.split("-", 1)[0] == batch)
            for f in added:
                f.unlink()
            # what was put back stays put even if the machine goes down while the staging is deleted
            sync_dirs({p.parent for p in restored + added} | ({backup} if backups else set()))
            if restored or added:
                done.append(f"batch {batch}: an ingest was interrupted before its commit; undone: "
                            f"put back {names(sorted(restored))}; deleted uncommitted {names(added)}")
            else:
                done.append(f"batch {batch}: an ingest was interrupted before publishing anything; "
                            "deleted its staged files (the store was unchanged)")
        else:
            left = sorted(p for p in backup.rglob("*") if p.is_file()) if backup.is_dir() else []
            if left:
                done.append(f"batch {batch}: committed, but its ingest stopped before deleting the stored files "
                            f"it had replaced; deleted those backups: {names(left)}")
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

    First undoes what an interrupted ingest left behind (:func:`recover_interrupted`), with a
    :class:`StoreRecoveredWarning` per batch it recovered.

    Uncommitted files are left out by name (:func:`committed_files`), not row by row: a check of
    each row's ``batch_id`` against ``ingest_log`` cost as much as reading the calls' other columns.
    """
    ensure_tables(ws.con.con)
    for note in recover_interrupted(ws):
        warnings.warn(note, StoreRecoveredWarning, stacklevel=2)
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
    """Quarantined rows (``file``, ``row``, ``field``, ``code``, ``reason``, ``call_id``, ``raw``,
    ``ingested_at``: when the ingest that quarantined it ran, UTC), by file, row and time; ``file``
    filters by path (as given, resolved, or a trailing part of it). A file ingested again after a
    change has its rows quarantined again: ``ingested_at`` tells the two apart."""
    raw = ws.con.con
    ensure_tables(raw)
    sql = ('SELECT q.file, q."row", q.field, q.code, q.reason, q.call_id, q.raw, '
           "strftime(timezone('UTC', l.ingested_at), '%Y-%m-%d %H:%M:%SZ') AS ingested_at "
           "FROM quarantine AS q LEFT JOIN (SELECT batch_id, min(ingested_at) AS ingested_at FROM ingest_log "
           "GROUP BY batch_id) AS l ON q.batch_id = l.batch_id")
    params: list[Any] = []
    if file is not None:
        where, params = _file_matches("q.file", file)
        sql += f" WHERE {where}"
    sql += ' ORDER BY q.file, q."row", l.ingested_at, q.code'
    cur = raw.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def was_ingested(ws: Any, file: str | Path) -> bool:
    """Whether a file matching ``file`` (as :func:`quarantine_rows` matches it) is in ``ingest_log``."""
    ensure_tables(ws.con.con)
    where, params = _file_matches("file", file)
    return bool(ws.con.con.execute(f"SELECT count(*) FROM ingest_log WHERE {where}", params).fetchone()[0])


def _file_matches(column: str, file: str | Path) -> tuple[str, list[str]]:
    """SQL condition and parameters: ``column`` is ``file`` as given, resolved, or ends with it."""
    given = str(file)
    return (f"{column} = ? OR {column} = ? OR suffix({column}, ?)",
            [given, str(Path(given).resolve()), "/" + given.lstrip("/")])


#: Whether a directory can be opened and fsynced here (POSIX; Windows cannot open a directory).
DIR_FSYNC = os.name == "posix" and hasattr(os, "O_DIRECTORY")


def fsync_path(path: Path, *, directory: bool = False) -> None:
    """Flush a file's data, or a directory's entries (renames into and out of it), to the disk.

    A directory is skipped where it cannot be opened (:data:`DIR_FSYNC`), and where its file
    system refuses to fsync one (EINVAL, ENOTSUP); any other error is raised.
    """
    if directory and not DIR_FSYNC:
        return
    if directory:
        flags = os.O_RDONLY | os.O_DIRECTORY
    else:
        flags = os.O_RDONLY if os.name == "posix" else os.O_RDWR | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        os.fsync(fd)
    except OSError as exc:
        if not directory or exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
            raise
    finally:
        os.close(fd)


def sync_dirs(dirs: Iterable[Path]) -> None:
    """:func:`fsync_path` each directory that exists, once, in path order."""
    for d in sorted(set(dirs)):
        if d.is_dir():
            fsync_path(d, directory=True)


@dataclass
class FileChanges:
    """Renames that publish a batch, undone together when anything fails.

    ``add`` moves a staged file to its place (the target must not exist); ``replace`` swaps a
    staged file for an existing one (kept as a backup until :meth:`discard_backups`); ``remove``
    moves an existing file to the backup folder.

    :meth:`apply` makes its renames durable before it returns (so before the caller commits):
    the staged files' data is fsynced before they move, and every directory a rename went into or
    out of, with the folders above it up to ``root`` (the store's ``cdrs/``: new month folders and
    the backup folder's own entries), is fsynced after. The stored files moved aside are durable in
    the backup folder before anything takes their place.
    """

    backup_dir: Path
    root: Path | None = None
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

    def _dirs(self, paths: Iterable[Path]) -> set[Path]:
        """The folders holding ``paths``, and those above them up to :attr:`root` (inclusive)."""
        out: set[Path] = set()
        for p in paths:
            d = p.parent
            out.add(d)
            if self.root is not None and d.is_relative_to(self.root):
                while d != self.root:
                    d = d.parent
                    out.add(d)
        return out

    def apply(self) -> None:
        """Do every rename and make them durable; on failure undo the ones done and re-raise."""
        try:
            for staged, _ in [*self.replaces, *self.adds]:
                fsync_path(staged)
            for target in [*self.removes, *(t for _, t in self.replaces)]:
                backup = self._backup(target)
                os.replace(target, backup)
                self._done.append(("removed", target, backup))
            if self._done:  # the originals are safe in the backup folder before anything takes their place
                sync_dirs(self._dirs([b for _, _, b in self._done if b is not None] + [t for _, t, _ in self._done]))
            for staged, target in self.replaces:
                os.replace(staged, target)
                self._done.append(("added", target, None))
            for staged, target in self.adds:
                if target.exists():
                    raise FileExistsError(f"{target} already exists")
                target.parent.mkdir(parents=True, exist_ok=True)
                move(staged, target)
                self._done.append(("added", target, None))
            sync_dirs(self._dirs([t for _, t, _ in self._done]))
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
