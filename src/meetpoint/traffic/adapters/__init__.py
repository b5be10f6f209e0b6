"""Source formats: each adapter reads a file into raw batches and maps them to one intermediate shape.

An adapter does two things, both without a Python loop per row:

1. :meth:`Adapter.open` streams the file as Arrow batches of raw string columns plus
   ``source_row`` (the 1-based data row, header excluded), and collects rows that cannot be split
   into the expected fields (:class:`Malformed`).
2. :meth:`Adapter.select_sql` is a DuckDB ``SELECT`` list over such a batch that yields the
   intermediate columns :mod:`meetpoint.traffic.validate` checks (:data:`INTERMEDIATE`).

``ADAPTERS`` maps a ``--format`` name to its adapter class.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, ClassVar, Iterator, Mapping, Sequence

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from meetpoint.errors import IngestError

__all__ = [
    "ADAPTERS",
    "BATCH_ROWS",
    "INTERMEDIATE",
    "Adapter",
    "Malformed",
    "RawReader",
    "adapter_for",
    "local_pair_sql",
    "local_time_layers",
    "nanp_digits_sql",
    "q",
    "sql_str",
]

#: Rows of Parquet per batch, and bytes of CSV per batch (about 300,000 canonical rows); one batch
#: is checked by one query. Ingest's peak memory follows the batch, not the file: with batches of
#: 2^20 rows a 7.4-million-row file peaked at 2,395 MiB, with 2^18 at 1,591 MiB (bench/README.md).
BATCH_ROWS = 1 << 18
DEFAULT_BLOCK_SIZE = 32 << 20

#: Columns every ``select_sql`` must produce (name: meaning).
INTERMEDIATE: Mapping[str, str] = {
    "source_row": "1-based data row",
    "blank": "every field empty (a blank line)",
    "answered": "answer supervision present (false = not usage)",
    "call_id": "call id (NULL when missing)",
    "orig_tn_s": "calling number as text, NULL when empty",
    "term_tn_s": "dialed number as text, NULL when empty",
    "term_lrn_s": "LRN as text, NULL when empty",
    "answer_ts": "TIMESTAMPTZ or NULL",
    "answer_err": "why answer_ts is NULL (NULL when fine)",
    "disconnect_ts": "TIMESTAMPTZ or NULL",
    "disconnect_err": "why disconnect_ts is NULL (NULL when fine)",
    "stated_ds": "duration stated by the source, in tenths (NULL when absent or unparseable)",
    "stated_err": "why a present duration could not be read (NULL when fine)",
    "keep_stated": "store the stated duration (true) or the one from the timestamps (false)",
    "dur_tol": "largest allowed |stated − derived| in tenths",
    "route_s": "route text",
    "trunk_group": "trunk group or NULL",
    "cmrs_s": "cmrs flag text or NULL",
    "isp_bound_s": "isp_bound flag text or NULL",
    "orig_switch": "CLLI or NULL",
    "term_switch": "CLLI or NULL",
    "orig_location": "rate center or NULL",
}


def q(name: str) -> str:
    """Quote a column name for DuckDB."""
    return '"' + name.replace('"', '""') + '"'


def sql_str(value: str) -> str:
    """A SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


def nullif_blank(expr: str) -> str:
    """NULL when the text is empty or only spaces, else trimmed."""
    return f"NULLIF(trim({expr}), '')"


def nanp_digits_sql(expr: str) -> str:
    """Switch-style numbers to 10 digits: drop a leading ``+1`` or ``1`` before exactly 10 digits."""
    return f"regexp_replace({nullif_blank(expr)}, '^\\+?1?([0-9]{{10}})$', '\\1')"


#: Microseconds in an hour: the clock change that :func:`local_time_layers` resolves.
_US_PER_HOUR = 3_600_000_000


def local_time_layers(name: str, expr: str, tz: str, fmt: str = "%Y-%m-%d %H:%M:%S") -> list[list[str]]:
    """Columns reading a naive local stamp ``expr`` (``fmt``) in zone ``tz``, in three layers (each
    reads the one before: :meth:`Adapter.prepare_sql`), named ``_mp_<name>_…``:

    * ``_ts``: the timestamptz. A stamp in the hour repeated when the clock goes back (01:10 twice
      on the first Sunday of November in Chicago) names two instants: ``_ts`` is the later one
      (DuckDB's reading, standard time) and ``_early`` the one an hour before (NULL for any other
      stamp), for :func:`local_pair_sql` to choose between;
    * ``_err``: why there is no instant: missing, not in ``fmt``, or a stamp the clock skipped
      (02:30 on the second Sunday of March in Chicago).

    Each stamp is parsed and converted once per row, not once per use.
    """
    c = f"_mp_{name}"
    zone = sql_str(tz)
    return [
        [f"{nullif_blank(expr)} AS {c}_txt", f"try_strptime({nullif_blank(expr)}, {sql_str(fmt)}) AS {c}_naive"],
        [f"timezone({zone}, {c}_naive) AS {c}_ts"],
        [f"CASE WHEN {c}_txt IS NULL THEN 'missing' WHEN {c}_naive IS NULL THEN 'not a local time ' || {sql_str(fmt)} "
         f"|| ': ' || {c}_txt WHEN timezone({zone}, {c}_ts) <> {c}_naive THEN 'local time ' || {c}_txt "
         f"|| ' does not exist in ' || {zone} || ' (the clock skipped it)' END AS {c}_err",
         f"CASE WHEN timezone({zone}, {c}_ts - INTERVAL 1 HOUR) = {c}_naive THEN {c}_ts - INTERVAL 1 HOUR END AS {c}_early"],
    ]


def local_pair_sql(answer: str, end: str, stated_ds: str) -> tuple[str, str]:
    """(answer, end) timestamptz SQL from the :func:`local_time_layers` columns named ``answer`` and
    ``end``, resolving the hour repeated when the clock goes back.

    Where the answer or the end stamp names two instants, the pair whose answer-to-end time is
    closest to the stated duration ``stated_ds`` (tenths) is kept: a 20-minute call answered at
    01:50 daylight time and ended at 01:10 standard time reads as 20 minutes, not as ending 40
    minutes before its answer. Without a stated duration, the later readings are kept unless they
    put the end before the answer and the answer has an earlier reading: then that one. Ties keep
    the later readings, so a call wholly inside the first pass of the repeated hour is read as in
    the second (nothing in the record tells the two apart).
    """
    a1, a0, e1, e0 = (f"_mp_{answer}_ts", f"_mp_{answer}_early", f"_mp_{end}_ts", f"_mp_{end}_early")
    d = f"(epoch_us({e1}) - epoch_us({a1}))::DOUBLE"
    s = f"({stated_ds})::DOUBLE * 100000"  # a double: a stated duration of any size compares, none overflows
    up, down = f"abs({d} + {_US_PER_HOUR} - {s})", f"abs({d} - {_US_PER_HOUR} - {s})"
    k = (f"CASE WHEN {a0} IS NULL AND {e0} IS NULL THEN 0 "
         f"WHEN {stated_ds} IS NULL THEN CASE WHEN {d} < 0 AND {a0} IS NOT NULL THEN 1 ELSE 0 END "
         f"WHEN {a0} IS NOT NULL AND {up} < abs({d} - {s}) AND ({e0} IS NULL OR {up} < {down}) THEN 1 "
         f"WHEN {e0} IS NOT NULL AND {down} < abs({d} - {s}) THEN -1 ELSE 0 END")
    return f"CASE WHEN {k} = 1 THEN {a0} ELSE {a1} END", f"CASE WHEN {k} = -1 THEN {e0} ELSE {e1} END"


@dataclass(frozen=True)
class Malformed:
    """A row that could not be split into the expected fields."""

    row: int
    text: str
    message: str


@dataclass
class RawReader:
    """Raw batches of one file, with progress (``done()`` out of ``total``, in ``unit``).

    ``malformed``: rows left out of the batches for their number of fields (found as the file is
    read, and used to number the rows; quarantined once the batches are read). ``recoded``: per
    field, the data rows whose text was not UTF-8 and is kept with each such byte written as
    ``\\xNN`` (the row stays: a caller name in Latin-1 is no reason to lose a call; a number or a
    time so written fails its own check)."""

    batches: Iterator[pa.Table]
    malformed: list[Malformed]
    total: int
    done: Callable[[], int]
    unit: str = "bytes"
    recoded: dict[str, list[int]] = field(default_factory=dict)


@dataclass
class _RowNumbers:
    """Turns the running count of well-formed rows into 1-based data rows, skipping malformed ones.

    With malformed data rows i_0 < i_1 < …, the n-th well-formed row is row n + #{j : i_j − j ≤ n}.
    """

    malformed: list[Malformed]
    seen: int = 0

    def take(self, n: int) -> np.ndarray:
        k = np.arange(self.seen + 1, self.seen + n + 1, dtype=np.int64)
        self.seen += n
        if not self.malformed:
            return k
        rows = np.sort(np.fromiter((m.row for m in self.malformed), dtype=np.int64))
        gaps = rows - np.arange(len(rows), dtype=np.int64)
        return k + np.searchsorted(gaps, k, side="right")


def read_csv_raw(
    path: Path,
    *,
    column_names: Sequence[str] | None,
    block_size: int | None = None,
) -> RawReader:
    """Stream a CSV file as string columns plus ``source_row``.

    ``column_names=None`` takes the names from the header line (trimmed, a UTF-8 BOM dropped);
    otherwise the file has no header. Rows with the
    wrong number of fields are collected as :class:`Malformed` (their data row is exact); blank
    lines come through as rows of empty fields (``blank`` in the intermediate) so they are counted.
    """
    malformed: list[Malformed] = []
    header = 1 if column_names is None else 0

    def on_invalid(row: Any) -> str:
        number = (row.number or 0) - header
        malformed.append(
            Malformed(number, row.text, f"malformed row: expected {row.expected_columns} fields, got {row.actual_columns}")
        )
        return "skip"

    source = pa.OSFile(str(path), "rb")
    total = Path(path).stat().st_size
    names = list(column_names) if column_names is not None else _header(path)
    quiet = _QuietRowText()
    try:
        reader = pacsv.open_csv(
            source,
            read_options=pacsv.ReadOptions(
                use_threads=False,  # keeps exact row numbers for malformed rows
                block_size=block_size or DEFAULT_BLOCK_SIZE,
                column_names=names,
                skip_rows=header,
            ),
            parse_options=pacsv.ParseOptions(invalid_row_handler=on_invalid, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(  # bytes: text that is not UTF-8 is kept as \xNN (_as_text)
                column_types={n: pa.binary() for n in names}, strings_can_be_null=False, quoted_strings_can_be_null=False
            ),
        )
    except pa.ArrowInvalid as exc:
        source.close()
        quiet.restore()
        if "Empty CSV file" in str(exc):
            return RawReader(iter(()), malformed, total, lambda: total)
        raise _csv_error(path, exc, header) from exc
    numbers = _RowNumbers(malformed)
    recoded: dict[str, list[int]] = {}

    def batches() -> Iterator[pa.Table]:
        try:
            for batch in reader:
                if batch.num_rows == 0:
                    continue
                rows = numbers.take(batch.num_rows)
                yield _as_text(pa.Table.from_batches([batch]).append_column("source_row", pa.array(rows, pa.int64())),
                               recoded)
        except pa.ArrowInvalid as exc:
            raise _csv_error(path, exc, header) from exc
        finally:
            source.close()
            quiet.restore()

    def done() -> int:
        return total if source.closed else source.tell()

    return RawReader(batches(), malformed, total, done, recoded=recoded)


class _QuietRowText:
    """While a CSV is read: pyarrow decodes a row with the wrong number of fields as UTF-8 before
    handing it to the invalid-row handler, and when that fails it prints "Exception ignored …" and
    gives up on the file (:func:`_csv_error` says why instead). Those prints are held back; any
    other unraisable exception goes to the hook as before."""

    def __init__(self) -> None:
        import sys

        self._sys, self._hook = sys, sys.unraisablehook
        sys.unraisablehook = self._filter

    def _filter(self, unraisable: Any) -> None:
        if not isinstance(unraisable.exc_value, UnicodeDecodeError):
            self._hook(unraisable)

    def restore(self) -> None:
        if self._sys.unraisablehook == self._filter:
            self._sys.unraisablehook = self._hook


def _csv_error(path: Path, exc: Exception, header: int) -> IngestError:
    """IngestError for a CSV pyarrow gave up on. "Expected N columns, got M" reaches here only when
    the row could not be handed to the invalid-row handler: its text is not UTF-8 as well."""
    import re

    m = re.search(r"Row #(\d+): Expected (\d+) columns, got (\d+)", str(exc))
    if m:
        row = int(m.group(1)) - header
        return IngestError(str(path), row, None,
                           f"{m.group(3)} fields where {m.group(2)} are expected, and text that is not UTF-8: "
                           "the file is refused as a whole; correct or remove that row")
    return IngestError(str(path), None, None, f"cannot read as CSV: {exc}")


def _as_text(table: pa.Table, recoded: dict[str, list[int]]) -> pa.Table:
    """``table``'s byte columns as UTF-8 text (``source_row`` kept). A value that is not UTF-8 is
    kept with each undecodable byte written as ``\\xNN``; its data row is added to ``recoded``
    under its field. Only a column that fails the cast is decoded value by value."""
    text = pa.schema([pa.field(n, pa.string()) if n != "source_row" else table.schema.field(n) for n in table.column_names])
    try:
        return table.cast(text)
    except pa.ArrowInvalid:
        pass
    rows = table.column("source_row").to_pylist()
    columns = []
    for n in table.column_names:
        col = table.column(n)
        if n != "source_row":
            try:
                col = col.cast(pa.string())
            except pa.ArrowInvalid:
                values = []
                for i, v in enumerate(col.to_pylist()):
                    try:
                        values.append(None if v is None else v.decode("utf-8"))
                    except UnicodeDecodeError:
                        values.append(v.decode("utf-8", "backslashreplace"))
                        recoded.setdefault(n, []).append(rows[i])
                col = pa.array(values, pa.string())
        columns.append(col)
    return pa.table(columns, schema=text)


def _header(path: Path) -> list[str]:
    import csv

    with open(path, newline="", encoding="utf-8-sig", errors="replace") as f:
        first = next(csv.reader(f), None)
    return [c.strip() for c in first] if first else []


def count_fields(path: Path) -> int | None:
    """Fields in the first non-blank line (for formats whose column count depends on configuration)."""
    import csv

    with open(path, newline="", encoding="utf-8", errors="replace") as f:
        for fields_ in csv.reader(f, skipinitialspace=True):
            if fields_:
                return len(fields_)
    return None


class Adapter(abc.ABC):
    """One source format."""

    #: The ``--format`` name.
    name: ClassVar[str]
    #: Canonical concept → the source's own field name (what the quarantine's ``field`` says).
    fields: Mapping[str, str] = {}

    def field(self, concept: str) -> str:
        """The source's name for a canonical concept (``term_tn`` → ``dst`` for Asterisk)."""
        return self.fields.get(concept, concept)

    def options(self, timezone: str) -> dict[str, Any]:
        """The options that shape the calls stored from a file, as applied (``timezone``: the
        workspace zone, the default source zone); recorded in ``ingest_log.options``."""
        return {}

    @abc.abstractmethod
    def open(self, path: Path) -> RawReader:
        """Stream the file's raw batches."""

    def prepare_sql(self, columns: Sequence[str], timezone: str) -> list[list[str]]:
        """Columns computed before :meth:`select_sql`, in layers (each ``expr AS name`` list reads
        the raw batch and the layers before it): what several of its expressions use, computed
        once per row. None by default."""
        return []

    @abc.abstractmethod
    def select_sql(self, columns: Sequence[str], timezone: str) -> str:
        """The SELECT list (no ``SELECT``) mapping a raw batch with ``columns`` to :data:`INTERMEDIATE`.

        ``timezone`` is the workspace zone (the default for sources that write local times).
        """


def blank_sql(columns: Sequence[str]) -> str:
    """True when every raw field is empty (byte lengths: cheap on wide batches)."""
    cols = [c for c in columns if c != "source_row"]
    if not cols:
        return "true"
    return "(" + " + ".join(f"strlen(coalesce(CAST({q(c)} AS VARCHAR), ''))" for c in cols) + ") = 0"


def _load() -> dict[str, type[Adapter]]:
    from meetpoint.traffic.adapters.asterisk import AsteriskAdapter
    from meetpoint.traffic.adapters.canonical import CanonicalAdapter
    from meetpoint.traffic.adapters.freeswitch import FreeSwitchAdapter

    return {a.name: a for a in (CanonicalAdapter, AsteriskAdapter, FreeSwitchAdapter)}


class _Adapters(dict):  # lazy, so the adapter modules can import this one
    def _fill(self) -> None:
        if not dict.__len__(self):
            self.update(_load())

    def __getitem__(self, key: str) -> type[Adapter]:
        self._fill()
        return dict.__getitem__(self, key)

    def __iter__(self):  # type: ignore[no-untyped-def]
        self._fill()
        return dict.__iter__(self)

    def __len__(self) -> int:
        self._fill()
        return dict.__len__(self)

    def __contains__(self, key: object) -> bool:
        self._fill()
        return dict.__contains__(self, key)

    def keys(self):  # type: ignore[no-untyped-def]
        self._fill()
        return dict.keys(self)


#: ``--format`` name → adapter class.
ADAPTERS: dict[str, type[Adapter]] = _Adapters()


def adapter_for(format: str, **options: Any) -> Adapter:
    """An adapter instance by format name (IngestError for an unknown name)."""
    if format not in ADAPTERS:
        raise IngestError("<format>", None, "format", f"unknown format {format!r}; known: {', '.join(ADAPTERS)}")
    return ADAPTERS[format](**options)
