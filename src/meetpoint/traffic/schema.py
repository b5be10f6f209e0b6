"""The canonical call record (DESIGN.md, "Canonical call record"), as read and as stored.

Read: the canonical CSV/Parquet columns below, TNs as 10-digit strings (or integers in Parquet),
times with an explicit UTC offset. Stored: Parquet under ``cdrs/month=YYYY-MM/<batch_id>.parquet``
with TNs and LRN as ``int64``, times as ``timestamp[us, tz=UTC]`` and ``duration_ds`` (tenths of
seconds) as ``int64``; ``month`` is the hive partition (the answer month in the workspace time zone).

Every rejected row gets one :class:`Reason` — the first that applies, in the order of
:data:`REASONS` — and lands in the ``quarantine`` table.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

__all__ = [
    "CANONICAL_COLUMNS",
    "DURATION_TOLERANCE_DS",
    "INGEST_LOG_DDL",
    "OPTIONAL_COLUMNS",
    "QUARANTINE_DDL",
    "REASONS",
    "REQUIRED_COLUMNS",
    "STORED_SCHEMA",
    "Reason",
    "reason",
]

#: Columns a canonical file must have.
REQUIRED_COLUMNS: tuple[str, ...] = ("call_id", "orig_tn", "term_tn", "answer_ts", "disconnect_ts", "route")
#: Columns a canonical file may have (absent = all null).
OPTIONAL_COLUMNS: tuple[str, ...] = (
    "term_lrn",
    "duration_ds",
    "orig_switch",
    "term_switch",
    "trunk_group",
    "cmrs",
    "isp_bound",
    "orig_location",
)
#: The canonical columns in DESIGN.md order.
CANONICAL_COLUMNS: tuple[str, ...] = (
    "call_id",
    "orig_tn",
    "term_tn",
    "term_lrn",
    "answer_ts",
    "disconnect_ts",
    "duration_ds",
    "orig_switch",
    "term_switch",
    "route",
    "trunk_group",
    "cmrs",
    "isp_bound",
    "orig_location",
)

#: A stated duration may differ from round((disconnect − answer) · 10) by at most this many tenths.
DURATION_TOLERANCE_DS = 1

#: The columns of every stored CDR file (``month`` is the hive partition, in the path only).
STORED_SCHEMA = pa.schema(
    [
        ("call_id", pa.string()),
        ("orig_tn", pa.int64()),
        ("term_tn", pa.int64()),
        ("term_lrn", pa.int64()),
        ("answer_ts", pa.timestamp("us", tz="UTC")),
        ("disconnect_ts", pa.timestamp("us", tz="UTC")),
        ("duration_ds", pa.int64()),  # never NULL: the stated duration, else answer to disconnect
        ("orig_switch", pa.string()),
        ("term_switch", pa.string()),
        ("route", pa.string()),
        ("trunk_group", pa.string()),
        ("cmrs", pa.bool_()),
        ("isp_bound", pa.bool_()),
        ("orig_location", pa.string()),
        ("source_file", pa.string()),
        ("source_row", pa.int64()),
        ("batch_id", pa.string()),
    ]
)


@dataclass(frozen=True)
class Reason:
    """Why a row was quarantined: a stable ``code`` and the start of the human ``reason`` text."""

    code: str
    text: str


#: Every quarantine reason, in order of precedence (a row gets the first that applies).
REASONS: tuple[Reason, ...] = (
    Reason("malformed", "malformed row"),
    Reason("unanswered", "unanswered: no answer supervision, not usage"),
    Reason("missing_call_id", "missing call id"),
    Reason("bad_number", "bad number"),
    Reason("bad_time", "unparseable time"),
    Reason("time_out_of_range", "answer time outside the years Meetpoint rates"),
    Reason("disconnect_before_answer", "disconnect before answer"),
    Reason("bad_duration", "unparseable duration"),
    Reason("duration_mismatch", "duration disagreeing with the timestamps"),
    Reason("bad_route", "bad route value"),
    Reason("bad_flag", "bad boolean value"),
    Reason("unknown_block", "unknown number block"),
    Reason("duplicate", "duplicate call id: the same call is already accepted"),
    Reason("duplicate_conflict", "duplicate call id: conflicting records, all versions quarantined"),
)
_BY_CODE = {r.code: r for r in REASONS}


def reason(code: str) -> Reason:
    """The :class:`Reason` with this code (KeyError when unknown)."""
    return _BY_CODE[code]


QUARANTINE_DDL = """
CREATE TABLE IF NOT EXISTS quarantine (
    file VARCHAR NOT NULL,      -- the source file (absolute path)
    "row" BIGINT,               -- 1-based data row (header excluded)
    field VARCHAR,              -- the offending field, in the source's own naming
    code VARCHAR NOT NULL,      -- meetpoint.traffic.schema.REASONS code
    reason VARCHAR NOT NULL,    -- human reason, with the offending value
    call_id VARCHAR,            -- when the row had one
    raw VARCHAR,                -- the row's raw values as JSON (or the raw line when malformed)
    batch_id VARCHAR NOT NULL
)
"""

INGEST_LOG_DDL = """
CREATE TABLE IF NOT EXISTS ingest_log (
    file VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    format VARCHAR NOT NULL,
    rows_read BIGINT NOT NULL,
    accepted BIGINT NOT NULL,
    quarantined BIGINT NOT NULL,
    batch_id VARCHAR NOT NULL,
    ingested_at TIMESTAMPTZ NOT NULL,
    options VARCHAR             -- the adapter options as JSON ({} for canonical); NULL: logged before they were recorded
)
"""
