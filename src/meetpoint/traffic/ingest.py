"""Ingest call detail records: read, check, de-duplicate, quarantine, store by month — per file, atomically.

For each file:

1. Its SHA-256 is looked up in ``ingest_log``; a file already ingested is skipped ("already
   ingested on …"), so ingesting the same file twice changes nothing.
2. The adapter streams raw batches; each batch is typed and checked in one DuckDB query
   (:func:`meetpoint.traffic.validate.validation_sql`); good rows and quarantined rows go to Parquet
   files in a staging folder.
3. Duplicate call ids are decided over the file and the store (see below).
4. One DuckDB transaction inserts the quarantine rows and the log row (with the adapter's options)
   and, inside it, the staged files are renamed into ``cdrs/month=YYYY-MM/`` and fsynced before
   the commit; any failure undoes the renames and rolls back, so a failure half way leaves the
   store as it was. A crash that leaves no chance to undo (power loss included) is undone at the
   next ingest or read (:func:`meetpoint.traffic.storage.recover_interrupted`).

Duplicate call ids (among rows that pass every other check, so order cannot matter):

* Copies with identical content are one call: the store keeps one (the copy already stored, else the
  lowest row of the file) and the others are quarantined as ``duplicate``.
* Records that share a call id but differ are *all* quarantined as ``duplicate_conflict`` —
  including a copy accepted earlier from another file, which is withdrawn from the store (its
  file's log counts move from accepted to quarantined), and any later record with that id.

So the stored calls and the quarantine's reasons depend only on the set of rows ever ingested, not
on their order or on how they were split into files. Counts reconcile per file, always:
``rows_read = accepted + quarantined`` (withdrawn calls move between the two columns of their own
file's log row).
"""

from __future__ import annotations

import contextlib
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from meetpoint.errors import IngestError
from meetpoint.traffic import storage
from meetpoint.traffic.adapters import Adapter, RawReader, adapter_for, q, sql_str
from meetpoint.traffic.schema import CANONICAL_COLUMNS, reason
from meetpoint.traffic.storage import (STORED_PARQUET, FileChanges, ensure_tables, recover_interrupted, sha256_file,
                                      stored_columns_sql)
from meetpoint.traffic.validate import numbering_sql, validation_sql

__all__ = ["FileReport", "IngestReport", "ingest_files"]

_CONTENT_HASH = "hash(" + ", ".join(q(c) for c in CANONICAL_COLUMNS) + ")"


@dataclass
class FileReport:
    """What happened to one file."""

    file: str
    format: str
    rows_read: int = 0
    accepted: int = 0
    quarantined: int = 0
    skipped_already_ingested: bool = False
    withdrawn: int = 0
    sha256: str = ""
    batch_id: str = ""
    months: list[str] = field(default_factory=list)
    message: str = ""
    #: What a person should look at in the accepted calls (stored as they are): switches and
    #: locations the network data does not know, calls longer than a day.
    warnings: list[str] = field(default_factory=list)
    #: The adapter options the calls were stored with (``Adapter.options``; ``{}`` for canonical),
    #: also in ``ingest_log.options``.
    options: dict[str, Any] = field(default_factory=dict)


@dataclass
class IngestReport:
    """Per-file reports and totals. ``withdrawn`` counts calls accepted earlier (from other files)
    that this run moved to quarantine as conflicting duplicates."""

    files: list[FileReport] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def rows_read(self) -> int:
        return sum(f.rows_read for f in self.files)

    @property
    def accepted(self) -> int:
        return sum(f.accepted for f in self.files)

    @property
    def quarantined(self) -> int:
        return sum(f.quarantined for f in self.files)

    @property
    def withdrawn(self) -> int:
        return sum(f.withdrawn for f in self.files)

    @property
    def skipped(self) -> int:
        return sum(f.skipped_already_ingested for f in self.files)

    def as_dict(self) -> dict[str, Any]:
        from dataclasses import asdict

        return {
            "files": [asdict(f) for f in self.files],
            "totals": {
                "rows_read": self.rows_read,
                "accepted": self.accepted,
                "quarantined": self.quarantined,
                "skipped_already_ingested": self.skipped,
                "withdrawn": self.withdrawn,
                "reconciles": self.rows_read == self.accepted + self.quarantined,
            },
            "notes": list(self.notes),
        }


def ingest_files(
    ws: Any,
    paths: Iterable[str | Path],
    format: str = "canonical",
    progress: bool = True,
    **options: Any,
) -> IngestReport:
    """Ingest CDR files into the workspace ``ws``; ``options`` go to the format's adapter.

    Each file is atomic and idempotent (see the module docstring). Raises
    :class:`~meetpoint.errors.IngestError` for a file that cannot be read at all (missing, not
    CSV/Parquet, a required column missing); files before it stay ingested.
    """
    adapter = adapter_for(format, **options)
    raw = ws.con.con
    ensure_tables(raw)
    numbering = numbering_sql(raw)
    report = IngestReport()
    report.notes.extend(recover_interrupted(ws))
    if numbering is None:
        report.notes.append("no numbering in the workspace: the unknown-number-block check was skipped")
    # stored rows carry their source_row and nothing depends on the order they are written in:
    # letting DuckDB write them unordered saves about a fifth of each batch's time
    with ws.unordered():
        for path in paths:
            report.files.append(_ingest_one(ws, Path(path), adapter, numbering, progress))
    return report


def _ingest_one(ws: Any, path: Path, adapter: Adapter, numbering: str | None, progress: bool) -> FileReport:
    if path.is_dir():
        raise IngestError(str(path), None, None, f"a folder, not a file: give the CDR files in it (e.g. {path}/*.csv)")
    if not path.is_file():
        raise IngestError(str(path), None, None, "no such file")
    path = path.resolve()
    raw = ws.con.con
    if path.stat().st_size == 0:  # not logged: every empty file has the same SHA-256, and none is "already ingested"
        return FileReport(file=str(path), format=adapter.name, options=adapter.options(ws.config.timezone),
                          message="empty file (0 bytes): no rows, nothing stored or logged")
    sha = sha256_file(path)
    rep = FileReport(file=str(path), format=adapter.name, sha256=sha, batch_id=sha[:20],
                     options=adapter.options(ws.config.timezone))
    prev = raw.execute(
        "SELECT file, strftime(timezone('UTC', ingested_at), '%Y-%m-%d %H:%M:%SZ'), format, options FROM ingest_log "
        "WHERE sha256 = ? ORDER BY ingested_at LIMIT 1",
        [sha],
    ).fetchone()
    if prev:
        rep.skipped_already_ingested = True
        rep.message = f"already ingested on {prev[1]} as {prev[0]}; skipped"
        if prev[3] is not None and (prev[2], prev[3]) != (adapter.name, options_json(rep.options)):
            rep.message += f" (it was stored as {prev[2]} with options {prev[3]}, not the ones given now)"
        return rep
    stage = ws.dir("cdrs") / storage.STAGING / rep.batch_id
    shutil.rmtree(stage, ignore_errors=True)
    (stage / "acc").mkdir(parents=True)
    try:
        _Batch(ws, path, adapter, numbering, stage, rep, progress).run()
    finally:
        shutil.rmtree(stage, ignore_errors=True)
        with contextlib.suppress(OSError):
            stage.parent.rmdir()  # only when empty
        for t in ("_mp_v", "_mp_h", "_mp_ids", "_mp_old", "_mp_conflict", "_mp_drop", "_mp_withdrawn"):
            raw.execute(f"DROP TABLE IF EXISTS {t}")
    return rep


#: A call longer than this (tenths of a second: a day) is stored, and named in the file's warnings.
LONG_CALL_DS = 24 * 3600 * 10


def _look_at(accepted: str, x: Callable[..., Any]) -> list[str]:
    """Warnings about accepted calls (``accepted``: SQL of the staged rows) that are stored as they
    are but deserve a look: a CDR switch or location the network data does not have (its load or
    ISP rule then rests on a name nothing else knows), a call longer than :data:`LONG_CALL_DS`."""
    have = {r[0] for r in x("SELECT table_name FROM information_schema.tables").fetchall()}
    out = []
    checks = (("switches", "clli", "switch", "orig_switch, term_switch"), ("rate_centers", "rate_center", "location", "orig_location"))
    for table, key, what, cols in checks:
        if table not in have or not x(f"SELECT count(*) FROM {table}").fetchone()[0]:
            continue
        unknown = x(f"SELECT v, count(*) FROM (SELECT UNNEST([{cols}]) AS v FROM {accepted}) WHERE v IS NOT NULL "
                    f"AND v NOT IN (SELECT {key} FROM {table}) GROUP BY v ORDER BY count(*) DESC, v").fetchall()
        if unknown:
            names = ", ".join(f"{v} ({n:,})" for v, n in unknown[:5]) + (f" and {len(unknown) - 5} more" if len(unknown) > 5 else "")
            out.append(f"{sum(n for _, n in unknown):,} call end(s) name a {what} the network data does not have: {names}")
    n, longest = x(f"SELECT count(*), max(duration_ds) FROM {accepted} WHERE duration_ds > {LONG_CALL_DS}").fetchone()
    if n:
        out.append(f"{n:,} call(s) last longer than a day (the longest {longest / 36000:,.1f} h); stored as given")
    return out


def options_json(options: dict[str, Any]) -> str:
    """Adapter options as stored in ``ingest_log.options`` (compact JSON, keys sorted)."""
    return json.dumps(options, sort_keys=True, separators=(",", ":"))


class _Batch:
    """One file's ingest: stage, de-duplicate, publish."""

    def __init__(self, ws: Any, path: Path, adapter: Adapter, numbering: str | None, stage: Path,
                 rep: FileReport, progress: bool) -> None:
        self.ws, self.path, self.adapter, self.numbering = ws, path, adapter, numbering
        self.stage, self.rep, self.progress = stage, rep, progress
        self.raw = ws.con.con
        self.file_sql = sql_str(str(path))
        self.batch_sql = sql_str(rep.batch_id)

    # --- 1. stage ----------------------------------------------------------------------------

    def run(self) -> None:
        reader = self.adapter.open(self.path)
        rows = 0
        for k, table in enumerate(_with_progress(reader, self.path.name, self.progress)):
            rows += table.num_rows
            write_batch(self, table, k)
        self._write_malformed(reader)
        self.rep.rows_read = rows + len(reader.malformed)
        for name, where in reader.recoded.items():
            shown = ", ".join(str(r) for r in where[:5]) + (", …" if len(where) > 5 else "")
            self.rep.warnings.append(f"{len(where):,} row(s) have bytes that are not UTF-8 in field "
                                     f"{self.adapter.field(name)} (rows {shown}): kept, each such byte written as \\xNN")
        acc = self._glob("acc/*/month=*/*.parquet")
        drops = self._dedup(acc) if acc else 0
        self._finalize(acc, drops)

    def _glob(self, pattern: str) -> str | None:
        files = sorted(self.stage.glob(pattern))
        if not files:
            return None
        return "read_parquet([" + ", ".join(sql_str(str(f)) for f in files) + "], hive_partitioning = false, filename = true)"

    def _write_malformed(self, reader: RawReader) -> None:
        if not reader.malformed:
            return
        n = len(reader.malformed)
        table = pa.table(
            {
                "file": [str(self.path)] * n,
                "row": pa.array([m.row for m in reader.malformed], pa.int64()),
                "field": pa.array([None] * n, pa.string()),
                "code": ["malformed"] * n,
                "reason": [m.message for m in reader.malformed],
                "call_id": pa.array([None] * n, pa.string()),
                "raw": [m.text for m in reader.malformed],
                "batch_id": [self.rep.batch_id] * n,
            }
        )
        pq.write_table(table, self.stage / "rej_malformed.parquet")

    # --- 2. duplicates -----------------------------------------------------------------------

    def _dedup(self, acc: str) -> int:
        """Decide duplicate call ids; returns how many staged rows are dropped to quarantine.

        The file's ids are first held as 64-bit hashes (8 bytes an id, however long the ids are):
        the stored calls are matched on those, then checked exactly, and only the ids that can drop
        a row (a repeated hash, a stored copy, an earlier conflict) are grouped as strings. At 100 M
        stored calls this keeps ingest under 2 GiB.
        """
        x = self.raw.execute
        x(f"CREATE OR REPLACE TEMP TABLE _mp_h AS SELECT hash(call_id) AS h, count(*) AS n FROM {acc} GROUP BY 1")
        stored = storage.cdr_files(self.ws)
        if stored:
            listing = "[" + ", ".join(sql_str(str(p)) for p in stored) + "]"
            x(f"CREATE OR REPLACE TEMP TABLE _mp_old AS SELECT {stored_columns_sql('c.')}, c.filename, {_CONTENT_HASH} AS _h "
              f"FROM read_parquet({listing}, hive_partitioning = false, filename = true) c "
              "WHERE hash(call_id) IN (SELECT h FROM _mp_h) AND batch_id IN (SELECT batch_id FROM ingest_log)")
            x(f"DELETE FROM _mp_old WHERE call_id NOT IN (SELECT call_id FROM {acc} "
              "WHERE hash(call_id) IN (SELECT hash(call_id) FROM _mp_old))")  # hash collisions out
        else:
            x(f"CREATE OR REPLACE TEMP TABLE _mp_old AS SELECT {stored_columns_sql()}, filename, 0::UBIGINT AS _h "
              f"FROM {acc} WHERE false")
        x(f"CREATE OR REPLACE TEMP TABLE _mp_ids AS SELECT call_id, count(*) AS n, min(source_row) AS first_row "
          f"FROM {acc} WHERE hash(call_id) IN (SELECT h FROM _mp_h WHERE n > 1 UNION SELECT hash(call_id) FROM _mp_old "
          "UNION SELECT hash(call_id) FROM quarantine WHERE code = 'duplicate_conflict') GROUP BY call_id")
        x("DROP TABLE _mp_h")
        (cand,) = x("SELECT (SELECT count(*) FROM _mp_ids WHERE n > 1) + (SELECT count(*) FROM _mp_old)").fetchone()
        differing = (
            "WITH cand AS (SELECT call_id FROM _mp_ids WHERE n > 1 UNION SELECT call_id FROM _mp_old), "
            f"hs AS (SELECT call_id, {_CONTENT_HASH} AS _h FROM {acc} WHERE call_id IN (SELECT call_id FROM cand) "
            "      UNION ALL SELECT call_id, _h FROM _mp_old) "
            "SELECT call_id FROM hs GROUP BY call_id HAVING count(DISTINCT _h) > 1 UNION "
        ) if cand else ""
        x(f"CREATE OR REPLACE TEMP TABLE _mp_conflict AS {differing}"
          "SELECT DISTINCT call_id FROM quarantine WHERE code = 'duplicate_conflict' "
          "AND call_id IN (SELECT call_id FROM _mp_ids)")
        (busy,) = x("SELECT ? + (SELECT count(*) FROM _mp_conflict)", [cand]).fetchone()
        if not busy:
            return 0
        dup, conflict = reason("duplicate").text, reason("duplicate_conflict").text
        x(f"""CREATE OR REPLACE TEMP TABLE _mp_drop AS
            SELECT s.source_row, s.call_id, s.filename,
              CASE WHEN c.call_id IS NOT NULL THEN 'duplicate_conflict' ELSE 'duplicate' END AS code,
              CASE WHEN c.call_id IS NOT NULL THEN {sql_str(conflict)}
                   WHEN o.call_id IS NOT NULL THEN {sql_str(dup)} || ' (from ' || o.source_file || ' row ' || o.source_row || ')'
                   ELSE {sql_str(dup)} || ' (row ' || i.first_row || ' of this file)' END AS reason,
              to_json({{{", ".join(f"{sql_str(col)}: s.{q(col)}" for col in CANONICAL_COLUMNS)}}})::VARCHAR AS raw
            FROM {acc} s JOIN _mp_ids i USING (call_id)
            LEFT JOIN _mp_conflict c USING (call_id)
            LEFT JOIN (SELECT call_id, arg_min(source_file, source_row) AS source_file, min(source_row) AS source_row
                       FROM _mp_old GROUP BY call_id) o USING (call_id)
            WHERE c.call_id IS NOT NULL OR o.call_id IS NOT NULL OR s.source_row <> i.first_row""")
        x("CREATE OR REPLACE TEMP TABLE _mp_withdrawn AS SELECT * FROM _mp_old "
          "WHERE call_id IN (SELECT call_id FROM _mp_conflict)")
        return x("SELECT count(*) FROM _mp_drop").fetchone()[0]

    # --- 3. publish --------------------------------------------------------------------------

    def _finalize(self, acc: str | None, drops: int) -> None:
        x = self.raw.execute
        cdrs = self.ws.dir("cdrs")
        changes = FileChanges(self.stage / "backup", root=cdrs)
        if drops:
            self._drop_staged()
        by_month: dict[str, list[Path]] = {}
        for f in sorted(self.stage.glob("acc/*/month=*/*.parquet")):
            by_month.setdefault(f.parent.name, []).append(f)
        for part, files in sorted(by_month.items()):
            for n, f in enumerate(files):
                name = f"{self.rep.batch_id}.parquet" if len(files) == 1 else f"{self.rep.batch_id}-{n:04d}.parquet"
                changes.add(f, cdrs / part / name)
            self.rep.months.append(part.removeprefix("month="))
        staged = [f for files in by_month.values() for f in files]
        staged_sql = "read_parquet([" + ", ".join(sql_str(str(f)) for f in staged) + "])"
        accepted = x(f"SELECT count(*) FROM {staged_sql}").fetchone()[0] if staged else 0
        withdrawn = self._plan_withdrawals(changes) if drops else 0
        rej = self._glob("rej_*.parquet")
        quarantined = (x(f"SELECT count(*) FROM {rej}").fetchone()[0] if rej else 0) + drops
        if accepted + quarantined != self.rep.rows_read:
            raise IngestError(str(self.path), None, None,
                              f"internal error: {self.rep.rows_read} rows read but {accepted} accepted + "
                              f"{quarantined} quarantined; nothing was stored")
        self.rep.accepted, self.rep.quarantined, self.rep.withdrawn = accepted, quarantined, withdrawn
        if staged:
            self.rep.warnings += _look_at(staged_sql, x)
        try:
            with self.ws.transaction():
                if rej:
                    x(f"INSERT INTO quarantine SELECT file, \"row\", field, code, reason, call_id, raw, batch_id FROM {rej}")
                if drops:
                    x(f"INSERT INTO quarantine SELECT {self.file_sql}, source_row, {sql_str(self.adapter.field('call_id'))}, "
                      f"code, reason, call_id, raw, {self.batch_sql} FROM _mp_drop")
                if withdrawn:
                    self._record_withdrawals()
                x("INSERT INTO ingest_log (file, sha256, format, rows_read, accepted, quarantined, batch_id, "
                  "ingested_at, options) VALUES (?, ?, ?, ?, ?, ?, ?, now(), ?)",
                  [str(self.path), self.rep.sha256, self.adapter.name, self.rep.rows_read, accepted, quarantined,
                   self.rep.batch_id, options_json(self.rep.options)])
                changes.apply()
        except BaseException:
            changes.undo()
            raise
        changes.discard_backups()
        if withdrawn:
            self.rep.message = (f"{withdrawn} call(s) accepted earlier from other files were moved to quarantine: "
                                "their call ids now have conflicting records")

    def _drop_staged(self) -> None:
        """Remove the rows now known to be duplicates from the staged files that hold them."""
        x = self.raw.execute
        for (filename,) in x("SELECT DISTINCT filename FROM _mp_drop ORDER BY 1").fetchall():
            src = Path(filename)
            tmp = src.with_suffix(".tmp")
            x(f"COPY (SELECT * FROM read_parquet({sql_str(filename)}, hive_partitioning = false) "
              "WHERE source_row NOT IN (SELECT source_row FROM _mp_drop)) "
              f"TO {sql_str(str(tmp))} ({STORED_PARQUET})")
            if x(f"SELECT count(*) FROM read_parquet({sql_str(str(tmp))})").fetchone()[0]:
                tmp.replace(src)
            else:
                tmp.unlink()
                src.unlink()

    def _plan_withdrawals(self, changes: FileChanges) -> int:
        """Stage rewrites of stored files that hold calls now known to conflict."""
        x = self.raw.execute
        n = x("SELECT count(*) FROM _mp_withdrawn").fetchone()[0]
        if not n:
            return 0
        rewrite = self.stage / "rewrite"
        for (filename,) in x("SELECT DISTINCT filename FROM _mp_withdrawn ORDER BY 1").fetchall():
            target = Path(filename)
            left = x(f"SELECT count(*) FROM read_parquet({sql_str(filename)}, hive_partitioning = false) "
                     "WHERE call_id NOT IN (SELECT call_id FROM _mp_conflict)").fetchone()[0]
            if left == 0:
                changes.remove(target)
                continue
            staged = rewrite / target.parent.name / target.name
            staged.parent.mkdir(parents=True, exist_ok=True)
            x(f"COPY (SELECT {stored_columns_sql()} FROM read_parquet({sql_str(filename)}, hive_partitioning = false) "
              f"WHERE call_id NOT IN (SELECT call_id FROM _mp_conflict)) TO {sql_str(str(staged))} ({STORED_PARQUET})")
            changes.replace(staged, target)
        return n

    def _record_withdrawals(self) -> None:
        x = self.raw.execute
        conflict = reason("duplicate_conflict").text
        x("UPDATE quarantine SET code = 'duplicate_conflict', reason = ? "
          "WHERE code = 'duplicate' AND call_id IN (SELECT call_id FROM _mp_conflict)", [conflict])
        x(f"INSERT INTO quarantine SELECT source_file, source_row, 'call_id', 'duplicate_conflict', "
          f"{sql_str(conflict)} || ' (withdrawn from the store: ' || {self.file_sql} || ' has another record)', call_id, "
          f"to_json({{{', '.join(f'{sql_str(c)}: {q(c)}' for c in CANONICAL_COLUMNS)}}})::VARCHAR, batch_id "
          "FROM _mp_withdrawn")
        x("UPDATE ingest_log SET accepted = accepted - w.n, quarantined = quarantined + w.n "
          "FROM (SELECT batch_id, count(*) AS n FROM _mp_withdrawn GROUP BY batch_id) w "
          "WHERE ingest_log.batch_id = w.batch_id")


def write_batch(b: _Batch, table: pa.Table, k: int) -> None:
    """Check one raw batch and stage its good rows and its quarantined rows (a seam for tests)."""
    raw = b.raw
    raw.register("_mp_batch", table)
    try:
        sql = validation_sql(b.adapter, table.column_names, b.ws.config.timezone, b.numbering)
        raw.execute(f"CREATE OR REPLACE TEMP TABLE _mp_v AS {sql}")
        cols = ", ".join(q(c) for c in CANONICAL_COLUMNS)
        raw.execute(
            f"COPY (SELECT {cols}, {b.file_sql} AS source_file, source_row, {b.batch_sql} AS batch_id, month "
            f"FROM _mp_v WHERE q IS NULL) TO {sql_str(str(b.stage / 'acc' / f'k{k:06d}'))} "
            f"({STORED_PARQUET}, PARTITION_BY (month))"
        )
        if not raw.execute("SELECT count(*) FROM _mp_v WHERE q IS NOT NULL").fetchone()[0]:
            return
        raw_cols = [c for c in table.column_names if c != "source_row"]
        raw_json = "to_json({" + ", ".join(f"{sql_str(c)}: r.{q(c)}" for c in raw_cols) + "})::VARCHAR"
        raw.execute(
            f"COPY (SELECT {b.file_sql} AS file, v.source_row AS \"row\", v.q.field AS field, v.q.code AS code, "
            f"v.q.reason AS reason, v.call_id, {raw_json} AS raw, {b.batch_sql} AS batch_id "
            "FROM _mp_v v JOIN _mp_batch r USING (source_row) WHERE v.q IS NOT NULL) "
            f"TO {sql_str(str(b.stage / f'rej_{k:06d}.parquet'))} (FORMAT parquet)"
        )
    finally:
        raw.unregister("_mp_batch")


def _with_progress(reader: RawReader, label: str, enabled: bool) -> Iterator[pa.Table]:
    """The reader's batches, drawing a rich progress bar (bytes or rows) on stderr when enabled."""
    if not enabled:
        yield from reader.batches
        return
    from rich.console import Console
    from rich.progress import (BarColumn, DownloadColumn, MofNCompleteColumn, Progress, TextColumn,
                               TimeRemainingColumn, TransferSpeedColumn)

    amount = (DownloadColumn(), TransferSpeedColumn()) if reader.unit == "bytes" else (MofNCompleteColumn(),)
    with Progress(TextColumn("{task.description}"), BarColumn(), *amount, TimeRemainingColumn(),
                  console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(f"ingest {label}", total=reader.total or None)
        for table in reader.batches:
            yield table
            bar.update(task, completed=reader.done())
        bar.update(task, completed=reader.total)
