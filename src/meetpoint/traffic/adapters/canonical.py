"""The canonical CDR (DESIGN.md) as CSV with a header, or as Parquet.

CSV: every value is text. Numbers are exactly 10 digits (no ``+1``: the canonical form is strict).
Times need an explicit UTC offset or ``Z`` (``2024-03-01T14:02:15-06:00``,
``2024-03-01 20:02:15.3Z``); a naive time is quarantined as "unparseable time: no UTC offset" — the
canonical format is the one we control, so we refuse to guess a zone (switch formats, which only
write local times, have a configurable source zone instead). ``duration_ds`` is a whole number of
tenths. Values are taken as written, not trimmed (" 5735550100" is a bad number). ``cmrs``/``isp_bound`` take true/false, t/f, yes/no, y/n, 1/0 (any case) or empty.

Parquet: the same columns; TNs may be integers or text, times ``timestamp`` *with* a zone (a naive
timestamp column is refused row by row like a naive CSV time), or text as in CSV.

Columns beyond the canonical ones are ignored; a missing required column stops the file with an
:class:`~meetpoint.errors.IngestError` naming it (nothing is stored).
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator, Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from meetpoint.errors import IngestError
from meetpoint.traffic.adapters import (
    BATCH_ROWS,
    Adapter,
    RawReader,
    blank_sql,
    q,
    read_csv_raw,
    sql_str,
    _header,
)
from meetpoint.traffic.schema import CANONICAL_COLUMNS, DURATION_TOLERANCE_DS, REQUIRED_COLUMNS

__all__ = ["CanonicalAdapter", "is_parquet"]

_OFFSET_RE = r"([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)$"


def nullif_blank(expr: str) -> str:
    """NULL when empty. Canonical values are not trimmed (trim costs more than the rest of a check)."""
    return f"NULLIF({expr}, '')"


def is_parquet(path: Path) -> bool:
    """True for a Parquet file (by its magic bytes, whatever the extension)."""
    with open(path, "rb") as f:
        return f.read(4) == b"PAR1"


def _check_columns(path: Path, names: Sequence[str]) -> None:
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if missing:
        by_case = {n.lower(): n for n in names}
        cased = [f"{by_case[c]} (not {c})" for c in missing if c in by_case]
        hint = (f" Column names are lower case: the header has {', '.join(cased)}." if cased else
                " A switch's own CDR file (no header row)? Give --format asterisk or --format freeswitch.")
        raise IngestError(
            str(path), None, missing[0],
            f"required column(s) {', '.join(missing)} missing; a canonical file has {', '.join(CANONICAL_COLUMNS)}.{hint}",
        )


class CanonicalAdapter(Adapter):
    """Canonical CSV (header row) or Parquet."""

    name = "canonical"
    fields = {"answered": "answer_ts", "duration": "duration_ds"}

    def __init__(self) -> None:
        self._types: dict[str, pa.DataType] = {}

    def open(self, path: Path) -> RawReader:
        if is_parquet(path):
            return self._open_parquet(path)
        names = _header(path)
        if not names:
            return RawReader(iter(()), [], 0, lambda: 0)
        _check_columns(path, names)
        self._types = {}
        return read_csv_raw(path, column_names=None)

    def _open_parquet(self, path: Path) -> RawReader:
        try:
            pf = pq.ParquetFile(path)
        except Exception as exc:  # pyarrow raises several kinds
            raise IngestError(str(path), None, None, f"cannot read as Parquet: {exc}") from exc
        schema = pf.schema_arrow
        _check_columns(path, schema.names)
        keep = [n for n in schema.names if n in CANONICAL_COLUMNS]
        self._types = {n: schema.field(n).type for n in keep}
        total = pf.metadata.num_rows
        seen = [0]

        def batches() -> Iterator[pa.Table]:
            for batch in pf.iter_batches(batch_size=BATCH_ROWS, columns=keep):
                cols, names = [], []
                for name, col in zip(batch.schema.names, batch.columns):
                    if not pa.types.is_timestamp(col.type) and not pa.types.is_string(col.type):
                        col = pc.cast(col, pa.string())
                    cols.append(col)
                    names.append(name)
                start = seen[0]
                seen[0] += batch.num_rows
                rows = pa.array(np.arange(start + 1, seen[0] + 1, dtype=np.int64))
                yield pa.Table.from_arrays(cols + [rows], names=names + ["source_row"])

        return RawReader(batches(), [], total, lambda: seen[0], unit="rows")

    # --- SQL --------------------------------------------------------------------------------

    def _time(self, name: str) -> tuple[str, str, str]:
        """(present, timestamptz, error) SQL for a canonical time column."""
        typ = self._types.get(name)
        col = q(name)
        if typ is not None and pa.types.is_timestamp(typ):
            if typ.tz is None:
                return (f"{col} IS NOT NULL", "NULL::TIMESTAMPTZ",
                        f"CASE WHEN {col} IS NULL THEN 'missing' ELSE 'no UTC offset (naive timestamp column)' END")
            return f"{col} IS NOT NULL", f"{col}::TIMESTAMPTZ", f"CASE WHEN {col} IS NULL THEN 'missing' END"
        text = nullif_blank(col)
        has_offset = f"CASE WHEN suffix({text}, 'Z') THEN true ELSE regexp_matches({text}, {sql_str(_OFFSET_RE)}) END"
        ts = f"CASE WHEN {has_offset} THEN TRY_CAST({text} AS TIMESTAMPTZ) END"
        err = (
            f"CASE WHEN {text} IS NULL THEN 'missing' "
            f"WHEN NOT {has_offset} THEN 'no UTC offset (canonical times need an offset or Z): ' || {text} "
            f"WHEN TRY_CAST({text} AS TIMESTAMPTZ) IS NULL THEN 'not a time: ' || {text} END"
        )
        return f"{text} IS NOT NULL", ts, err

    def select_sql(self, columns: Sequence[str], timezone: str) -> str:
        def col(name: str) -> str:
            return nullif_blank(q(name)) if name in columns else "NULL::VARCHAR"

        answered, answer_ts, answer_err = self._time("answer_ts")
        _, disconnect_ts, disconnect_err = self._time("disconnect_ts")
        dur = col("duration_ds")
        return ",\n".join(
            [
                "source_row",
                f"{blank_sql(columns)} AS blank",
                f"{answered} AS answered",
                f"{col('call_id')} AS call_id",
                f"{col('orig_tn')} AS orig_tn_s",
                f"{col('term_tn')} AS term_tn_s",
                f"{col('term_lrn')} AS term_lrn_s",
                f"{answer_ts} AS answer_ts",
                f"{answer_err} AS answer_err",
                f"{disconnect_ts} AS disconnect_ts",
                f"{disconnect_err} AS disconnect_err",
                f"CASE WHEN regexp_full_match({dur}, '[0-9]{{1,17}}') THEN CAST({dur} AS BIGINT) END AS stated_ds",
                f"CASE WHEN regexp_full_match({dur}, '-[0-9]{{1,17}}') THEN 'negative: ' || {dur} "
                f"WHEN {dur} IS NOT NULL AND NOT regexp_full_match({dur}, '[0-9]{{1,17}}') "
                f"THEN 'not a whole number of tenths of seconds: ' || {dur} END AS stated_err",
                "true AS keep_stated",
                f"{DURATION_TOLERANCE_DS}::BIGINT AS dur_tol",
                f"{col('route')} AS route_s",
                f"{col('trunk_group')} AS trunk_group",
                f"{col('cmrs')} AS cmrs_s",
                f"{col('isp_bound')} AS isp_bound_s",
                f"{col('orig_switch')} AS orig_switch",
                f"{col('term_switch')} AS term_switch",
                f"{col('orig_location')} AS orig_location",
            ]
        )
