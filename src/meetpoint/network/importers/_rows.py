"""Shared machinery of every importer: field parsers, the problem list, checks, the atomic write.

An importer turns its input into a :class:`Batch` (typed rows per table, each remembering the file
and 1-based data row it came from, plus any problems found while parsing); :func:`commit` then

1. checks keys (the same key and ``effective`` twice in one import is an error),
2. checks references against the rows being imported plus those already stored,
3. raises :class:`ImportFailed` listing every problem (file, row, field) if there is any, and
   writes nothing; otherwise
4. in one transaction, replaces stored rows that have the same key and ``effective`` as an
   imported row (upsert; with ``replace`` the whole table is emptied first), inserts, and
   recomputes ``until`` — so importing the same input twice leaves identical tables.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, Sequence

import pyarrow as pa

from meetpoint.errors import ReferenceDataError
from meetpoint.network import tables as T

if TYPE_CHECKING:  # pragma: no cover
    from meetpoint.store import Workspace

__all__ = ["PARSERS", "Batch", "ImportFailed", "ImportReport", "Row", "arrow_type", "commit", "parse_value", "upsert"]

#: How many problems an error message lists (all are kept on ``ImportFailed.errors``).
MAX_SHOWN = 20


class ImportFailed(ReferenceDataError):
    """One or more rows are wrong; nothing was written. ``errors`` holds every problem."""

    def __init__(self, errors: list[ReferenceDataError]) -> None:
        first = errors[0]
        super().__init__(first.file, first.row, first.field, first.reason)
        self.errors = list(errors)
        shown = "\n".join(f"  {e}" for e in errors[:MAX_SHOWN])
        more = f"\n  ... and {len(errors) - MAX_SHOWN} more" if len(errors) > MAX_SHOWN else ""
        self.args = (f"{len(errors)} problem(s); nothing was imported:\n{shown}{more}",)


@dataclass
class ImportReport:
    """What an import wrote: rows per table, rows skipped on purpose, and warnings."""

    source: str
    rows: dict[str, int] = field(default_factory=dict)
    skipped: int = 0
    warnings: list[str] = field(default_factory=list)


# --- field parsers: text -> value, or ValueError with the reason --------------------------------

_SEPARATORS = re.compile(r"[\s\-.()]")
_CLLI = re.compile(r"^[A-Z0-9]{8,11}$")
_IDENT = re.compile(r"^[a-z0-9][a-z0-9_.\-]*$")
_OCN = re.compile(r"^[A-Z0-9]{4}$")


def _nanp(digits: str, what: str) -> None:
    if digits[0] in "01" or digits[3] in "01":
        raise ValueError(f"{what} {digits!r}: NPA and NXX must not start with 0 or 1")


def p_text(s: str) -> str:
    return s


def p_name(s: str) -> str:
    return " ".join(s.upper().split())


def p_ident(s: str) -> str:
    if not _IDENT.match(s):
        raise ValueError(f"{s!r} is not an id (lower-case letters, digits, '-', '_' or '.')")
    return s


def p_idlist(s: str) -> str:
    return ";".join(p_ident(p.strip()) for p in s.split(";") if p.strip())


def p_ocn(s: str) -> str:
    s = s.upper()
    if not _OCN.match(s):
        raise ValueError(f"{s!r} is not an OCN (4 letters or digits)")
    return s


def p_clli(s: str) -> str:
    s = s.upper()
    if not _CLLI.match(s):
        raise ValueError(f"{s!r} is not a CLLI (8 to 11 letters or digits)")
    return s


def p_state(s: str) -> str:
    s = s.upper()
    if not re.fullmatch(r"[A-Z]{2}", s):
        raise ValueError(f"{s!r} is not a two-letter state")
    return s


def p_lata(s: str) -> int:
    if not re.fullmatch(r"\d{3}", s):
        raise ValueError(f"{s!r} is not a LATA (3 digits)")
    return int(s)


def p_coord(s: str) -> float:
    try:
        v = float(s)
    except ValueError:
        raise ValueError(f"{s!r} is not a number") from None
    if not 0 <= v <= 10000:
        raise ValueError(f"{v} is outside the V&H grid (0-10000)")
    return v


def p_npa_nxx(s: str) -> int:
    d = _SEPARATORS.sub("", s)
    if not re.fullmatch(r"\d{6}", d):
        raise ValueError(f"{s!r} is not an NPA-NXX (6 digits)")
    _nanp(d, "NPA-NXX")
    return int(d)


def p_block(s: str) -> int:
    if not re.fullmatch(r"\d", s):
        raise ValueError(f"{s!r} is not a thousands block (0-9)")
    return int(s)


def p_tn(s: str) -> int:
    d = _SEPARATORS.sub("", s).removeprefix("+")
    if len(d) == 11 and d.startswith("1"):
        d = d[1:]
    if not re.fullmatch(r"\d{10}", d):
        raise ValueError(f"{s!r} is not a 10-digit number")
    _nanp(d, "number")
    return int(d)


def p_tn_or_block(s: str) -> str:
    d = _SEPARATORS.sub("", s).upper()
    d = re.sub(r"X+$", "", d) if re.fullmatch(r"\d{6,7}X+", d) else d
    if not re.fullmatch(r"\d{6}|\d{7}|\d{10}", d):
        raise ValueError(f"{s!r} is not a TN (10 digits), a block (7 digits) or an NXX (6 digits)")
    _nanp(d, "number")
    return d


def p_date(s: str) -> dt.date:
    for fmt in ("%Y-%m-%d", "%m/%d/%Y", "%Y-%m-%d %H:%M:%S"):
        try:
            return dt.datetime.strptime(s, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"{s!r} is not a date (YYYY-MM-DD)")


_TRUE, _FALSE = {"true", "t", "yes", "y", "1"}, {"false", "f", "no", "n", "0"}


def p_bool(s: str) -> bool:
    low = s.lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    raise ValueError(f"{s!r} is not true or false")


#: Parsers by the name a ``Column.parse`` gives.
PARSERS: dict[str, Callable[[str], Any]] = {
    "text": p_text, "name": p_name, "ident": p_ident, "idlist": p_idlist, "ocn": p_ocn,
    "clli": p_clli, "state": p_state, "lata": p_lata, "coord": p_coord, "npa_nxx": p_npa_nxx,
    "block": p_block, "tn": p_tn, "tn_or_block": p_tn_or_block, "date": p_date, "bool": p_bool,
}  # fmt: skip


def parse_value(col: T.Column, raw: str | None, parsers: Mapping[str, Callable[[str], Any]] = PARSERS) -> Any:
    """Parse one cell for ``col``: empty -> None (ValueError when required), else the typed value
    (a choice, or ``parsers[col.parse]``; an importer with parsers of its own passes them here)."""
    s = (raw or "").strip()
    if not s:
        if col.required:
            raise ValueError("is required")
        return None
    if col.choices is not None:
        if s not in col.choices:
            raise ValueError(f"{s!r} is not one of {', '.join(col.choices)}")
        return s
    return parsers[col.parse](s)


# --- the batch -------------------------------------------------------------------------------


@dataclass
class Row:
    """A typed row and where it came from."""

    values: dict[str, Any]
    file: str
    row: int | None


@dataclass
class Batch:
    """Rows to write, per table, and the problems found so far."""

    source: str
    rows: dict[str, list[Row]] = field(default_factory=dict)
    errors: list[ReferenceDataError] = field(default_factory=list)
    replace: set[str] = field(default_factory=set)
    report: ImportReport | None = None

    def __post_init__(self) -> None:
        if self.report is None:
            self.report = ImportReport(self.source)

    def error(self, file: str, row: int | None, fld: str | None, reason: str) -> None:
        self.errors.append(ReferenceDataError(file, row, fld, reason))

    def add(self, table: str, values: dict[str, Any], file: str, row: int | None) -> None:
        spec = T.spec(table)
        full = {c.name: values.get(c.name) for c in spec.all_columns if c.name != "until"}
        full["source"] = values.get("source") or self.source
        self.rows.setdefault(table, []).append(Row(full, file, row))

    def parse_row(
        self, columns: Sequence[T.Column], cells: dict[str, str | None], file: str, row: int,
        parse: Callable[[T.Column, str | None], Any] = parse_value,
    ) -> dict[str, Any] | None:
        """Parse the cells of one data row for ``columns``; record problems; None when any."""
        out: dict[str, Any] = {}
        ok = True
        for col in columns:
            try:
                out[col.name] = parse(col, cells.get(col.name))
            except ValueError as exc:
                self.error(file, row, col.name, str(exc))
                ok = False
        return out if ok else None


# --- checks ---------------------------------------------------------------------------------


def _stored(ws: "Workspace", table: str, columns: Iterable[str]) -> list[tuple[Any, ...]]:
    cols = ", ".join(f'"{c}"' for c in columns)
    return ws.run_sql(f'SELECT DISTINCT {cols} FROM "{table}"')


class _Known:
    """Keys that exist (stored, unless the table is being replaced, plus incoming) for reference checks."""

    def __init__(self, ws: "Workspace", batch: Batch) -> None:
        self.ws, self.batch = ws, batch
        self._cache: dict[tuple[str, str], set[Any]] = {}

    def keys(self, table: str, column: str) -> set[Any]:
        if (table, column) not in self._cache:
            have: set[Any] = set()
            if table not in self.batch.replace:
                have = {r[0] for r in _stored(self.ws, table, [column])}
            have |= {r.values[column] for r in self.batch.rows.get(table, [])}
            self._cache[(table, column)] = have
        return self._cache[(table, column)]

    def switch_kinds(self) -> dict[str, set[str]]:
        if ("switches", "*kind") not in self._cache:
            kinds: dict[str, set[str]] = {}
            stored = [] if "switches" in self.batch.replace else _stored(self.ws, "switches", ["clli", "kind"])
            incoming = [(r.values["clli"], r.values["kind"]) for r in self.batch.rows.get("switches", [])]
            for clli, kind in [*stored, *incoming]:
                kinds.setdefault(clli, set()).add(kind)
            self._cache[("switches", "*kind")] = kinds  # type: ignore[assignment]
        return self._cache[("switches", "*kind")]  # type: ignore[return-value]


def _check_keys(batch: Batch) -> None:
    for table, rows in batch.rows.items():
        spec = T.spec(table)
        seen: dict[tuple[Any, ...], Row] = {}
        for r in rows:
            k = tuple(r.values[c] for c in spec.key) + (r.values["effective"],)
            if k in seen:
                first = seen[k]
                where = f"row {first.row}" if first.file == r.file else f"{first.file} row {first.row}"
                batch.error(r.file, r.row, spec.key[-1], f"duplicate key {k[:-1]} effective {k[-1] or '(always)'}; first at {where}")
            else:
                seen[k] = r


def _check_refs(ws: "Workspace", batch: Batch) -> None:
    known = _Known(ws, batch)
    for table, rows in batch.rows.items():
        spec = T.spec(table)
        for col in spec.columns:
            if not col.ref:
                continue
            rt, rc = col.ref.split(".")
            for r in rows:
                value = r.values[col.name]
                values = value.split(";") if col.parse == "idlist" and value else [value]
                for v in values:
                    if v is not None and v not in known.keys(rt, rc):
                        batch.error(r.file, r.row, col.name, f"{v!r} is not in {rt} ({rc})")
    _check_switch_rules(batch, known)
    _check_row_rules(batch)


def _check_switch_rules(batch: Batch, known: _Known) -> None:
    kinds = known.switch_kinds()
    for r in batch.rows.get("switches", []):
        v = r.values
        if v["kind"] == "remote" and not v["host_clli"]:
            batch.error(r.file, r.row, "host_clli", "a remote needs its host's CLLI")
        if v["kind"] != "remote" and v["host_clli"]:
            batch.error(r.file, r.row, "host_clli", f"only a remote has a host (this is {v['kind']})")
        if v["host_clli"] and v["host_clli"] in kinds and "host" not in kinds[v["host_clli"]]:
            batch.error(r.file, r.row, "host_clli", f"{v['host_clli']} is not a host switch")
        if v["tandem_clli"] and v["tandem_clli"] in kinds and "access_tandem" not in kinds[v["tandem_clli"]]:
            batch.error(r.file, r.row, "tandem_clli", f"{v['tandem_clli']} is not an access tandem")
        if v["tandem_clli"] and v["tandem_clli"] == v["clli"]:
            batch.error(r.file, r.row, "tandem_clli", "a switch cannot subtend itself")


def _check_row_rules(batch: Batch) -> None:
    for table in ("rate_centers", "switches"):
        for r in batch.rows.get(table, []):
            if (r.values["v"] is None) != (r.values["h"] is None):
                batch.error(r.file, r.row, "h" if r.values["h"] is None else "v", "give v and h together")
    for r in batch.rows.get("local_calling", []):
        kind, mca = r.values["kind"], r.values["mca"]
        if kind.startswith("mca_") and not mca:
            batch.error(r.file, r.row, "mca", f"{kind} needs the MCA's name")
        if mca and not kind.startswith("mca_"):
            batch.error(r.file, r.row, "mca", f"an MCA name goes only with mca_* kinds (this is {kind})")
    for r in batch.rows.get("carriers", []):
        if r.values["id"] in (r.values["affiliates"] or "").split(";"):
            batch.error(r.file, r.row, "affiliates", "a carrier is not its own affiliate")


# --- the write -------------------------------------------------------------------------------


_ARROW_TYPES = {"VARCHAR": pa.string(), "INTEGER": pa.int32(), "BIGINT": pa.int64(), "DOUBLE": pa.float64(),
                "DATE": pa.date32(), "BOOLEAN": pa.bool_()}  # fmt: skip


def arrow_type(sql: str) -> pa.DataType:
    """The Arrow type of a column's DuckDB type (``DECIMAL(p,s)`` included)."""
    m = re.fullmatch(r"DECIMAL\((\d+),(\d+)\)", sql)
    return pa.decimal128(int(m[1]), int(m[2])) if m else _ARROW_TYPES[sql]


def upsert(ws: "Workspace", name: str, data: pa.Table, match: Sequence[str], replace: bool) -> None:
    """Write ``data`` into table ``name``: first delete the stored rows equal to an incoming row on
    ``match`` (with ``replace``, every stored row), then insert (by column name)."""
    stage = f"_stage_{name}"
    ws.write_arrow(stage, data)
    if replace:
        ws.run_sql(f'DELETE FROM "{name}"')
    else:
        cond = " AND ".join(f't."{c}" IS NOT DISTINCT FROM s."{c}"' for c in match)
        ws.run_sql(f'DELETE FROM "{name}" t WHERE EXISTS (SELECT 1 FROM "{stage}" s WHERE {cond})')
    ws.run_sql(f'INSERT INTO "{name}" BY NAME SELECT * FROM "{stage}"')
    ws.run_sql(f'DROP TABLE "{stage}"')


def _arrow(spec: T.TableSpec, rows: list[Row]) -> pa.Table:
    cols = [c for c in spec.all_columns if c.name != "until"]
    return pa.table({c.name: pa.array([r.values[c.name] for r in rows], type=arrow_type(c.type)) for c in cols})


def _write_table(ws: "Workspace", spec: T.TableSpec, rows: list[Row], replace: bool) -> None:
    upsert(ws, spec.name, _arrow(spec, rows), (*spec.key, "effective"), replace)
    _recompute_until(ws, spec)


def _recompute_until(ws: "Workspace", spec: T.TableSpec) -> None:
    keys = ", ".join(f'"{k}"' for k in spec.key)
    cols = ", ".join(
        f'lead(effective) OVER (PARTITION BY {keys} ORDER BY effective NULLS FIRST) AS "until"'
        if c.name == "until"
        else f'"{c.name}"'
        for c in spec.all_columns
    )
    ws.run_sql(
        f'CREATE OR REPLACE TABLE "{spec.name}" AS SELECT {cols} FROM "{spec.name}" '
        f"ORDER BY {keys}, effective NULLS FIRST"
    )


def commit(ws: "Workspace", batch: Batch) -> ImportReport:
    """Check ``batch`` and write it atomically (see the module docstring); ImportFailed on any problem."""
    T.ensure(ws)
    _check_keys(batch)
    _check_refs(ws, batch)
    if batch.errors:
        raise ImportFailed(batch.errors)
    assert batch.report is not None
    with ws.transaction():
        for table in T.TABLES:  # declaration order: referenced tables first
            rows = batch.rows.get(table)
            if rows is not None or table in batch.replace:
                rows = rows or []
                _write_table(ws, T.spec(table), rows, table in batch.replace)
                batch.report.rows[table] = len(rows)
    return batch.report
