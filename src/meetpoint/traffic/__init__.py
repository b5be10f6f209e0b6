"""Call records in: ingestion, source-format adapters, validation, quarantine, month-partitioned storage.

>>> from meetpoint.traffic import ingest_files, read_cdrs, quarantine_rows
"""

from __future__ import annotations

from meetpoint.traffic.ingest import FileReport, IngestReport, ingest_files
from meetpoint.traffic.schema import REASONS, STORED_SCHEMA, Reason
from meetpoint.traffic.storage import quarantine_rows, read_cdrs

__all__ = [
    "REASONS",
    "STORED_SCHEMA",
    "FileReport",
    "IngestReport",
    "Reason",
    "ingest_files",
    "quarantine_rows",
    "read_cdrs",
]
