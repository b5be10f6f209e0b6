"""The network reference tables: columns, keys, types, and reading them "as of" a date.

Each table is loaded from one project CSV file of the same name (``docs/reference-data.md``) and
stored in the workspace DuckDB with three more columns:

- ``effective`` (DATE, NULL = since always): the day the row takes effect;
- ``until`` (DATE, NULL = still in effect): the next ``effective`` of the same key, recomputed
  after every import, so "as of D" is ``(effective IS NULL OR effective <= D) AND (until IS NULL OR
  D < until)`` — one row per key, a plain range join for vectorized lookups;
- ``source`` (VARCHAR): the file (or public format) the row came from.

Several rows with the same key and different ``effective`` dates are the key's history (a homing
change is a new ``switches`` row; a port is a new ``ports`` row; a port-back is a ``ports`` row
with an empty ``lrn``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from meetpoint.network.model import CALLING_KINDS, CARRIER_KINDS, SWITCH_KINDS

if TYPE_CHECKING:  # pragma: no cover
    from meetpoint.store import Workspace

__all__ = ["TABLES", "Column", "TableSpec", "as_of", "ensure", "in_effect", "read", "rows_as_of", "spec"]


@dataclass(frozen=True)
class Column:
    """One column: its name, DuckDB type, parser, whether a value is required, and the help text.

    ``parse`` names a parser in :mod:`meetpoint.network.importers._rows`. ``ref`` is
    ``"table.column"`` for a reference that must exist. ``in_file`` is False for columns derived
    on import (not accepted in a CSV header).
    """

    name: str
    type: str
    parse: str
    help: str
    required: bool = False
    choices: tuple[str, ...] | None = None
    ref: str | None = None
    in_file: bool = True


EFFECTIVE = Column("effective", "DATE", "date", "ISO date (YYYY-MM-DD) the row takes effect; empty = since always.")
UNTIL = Column("until", "DATE", "date", "Computed: the next effective date of the same key (NULL = current).", in_file=False)
SOURCE = Column("source", "VARCHAR", "text", "Computed: the file or format the row came from.", in_file=False)


@dataclass(frozen=True)
class TableSpec:
    """One table loaded from a project CSV file: name, CSV file, key, and columns (the table's own
    columns, then ``added``: for a network reference table ``effective``, ``until`` and ``source``;
    the settlement inputs (:mod:`meetpoint.settlement.inputs`) add ``source`` only)."""

    name: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    help: str
    added: tuple[Column, ...] = (EFFECTIVE, UNTIL, SOURCE)

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    @property
    def file_columns(self) -> tuple[Column, ...]:
        """Columns a CSV may carry (``effective`` included)."""
        return tuple(c for c in self.all_columns if c.in_file)

    @property
    def all_columns(self) -> tuple[Column, ...]:
        return self.columns + self.added

    def column(self, name: str) -> Column:
        return next(c for c in self.all_columns if c.name == name)

    def ddl(self) -> str:
        cols = ", ".join(f'"{c.name}" {c.type}' for c in self.all_columns)
        return f'CREATE TABLE IF NOT EXISTS "{self.name}" ({cols})'


_TN = "10-digit telephone number (separators allowed: 573-442-1234)"

TABLES: dict[str, TableSpec] = {
    t.name: t
    for t in (
        TableSpec(
            "carriers",
            ("id",),
            (
                Column("id", "VARCHAR", "ident", "Our id for the carrier, e.g. spectra, socket, centurytel-mo.", required=True),
                Column("name", "VARCHAR", "text", "Legal or trade name.", required=True),
                Column("ocn", "VARCHAR", "ocn", "NECA Operating Company Number, 4 characters (e.g. 0859)."),
                Column("kind", "VARCHAR", "choice", "ILEC, CLEC, IXC or CMRS.", required=True, choices=CARRIER_KINDS),
                Column("affiliates", "VARCHAR", "idlist", "Affiliated carrier ids separated by ';'.", ref="carriers.id"),
            ),
            "Carriers and their OCNs.",
        ),
        TableSpec(
            "rate_centers",
            ("rate_center",),
            (
                Column("rate_center", "VARCHAR", "name", "Rate center (exchange) name; its id everywhere.", required=True),
                Column("state", "VARCHAR", "state", "Two-letter state or province.", required=True),
                Column("lata", "INTEGER", "lata", "LATA number (3 digits)."),
                Column("v", "DOUBLE", "coord", "V coordinate (give v and h together)."),
                Column("h", "DOUBLE", "coord", "H coordinate."),
            ),
            "Rate centers with LATA and V&H.",
        ),
        TableSpec(
            "switches",
            ("clli",),
            (
                Column("clli", "VARCHAR", "clli", "Switch CLLI code (8-11 letters and digits).", required=True),
                Column("owner", "VARCHAR", "ident", "Carrier id of the owner.", required=True, ref="carriers.id"),
                Column("kind", "VARCHAR", "choice", "end_office, host, remote or access_tandem.", required=True, choices=SWITCH_KINDS),
                Column("rate_center", "VARCHAR", "name", "Rate center the switch serves.", required=True, ref="rate_centers.rate_center"),
                Column("host_clli", "VARCHAR", "clli", "For a remote: CLLI of its host (a switch of kind host).", ref="switches.clli"),
                Column("tandem_clli", "VARCHAR", "clli", "CLLI of the access tandem it subtends.", ref="switches.clli"),
                Column("v", "DOUBLE", "coord", "V coordinate of the wire center (default: its rate center's)."),
                Column("h", "DOUBLE", "coord", "H coordinate."),
            ),
            "Switches and their homing.",
        ),
        TableSpec(
            "local_calling",
            ("rate_center", "reaches"),
            (
                Column("rate_center", "VARCHAR", "name", "Calling rate center.", required=True, ref="rate_centers.rate_center"),
                Column("reaches", "VARCHAR", "name", "Rate center it reaches locally.", required=True, ref="rate_centers.rate_center"),
                Column("kind", "VARCHAR", "choice", "basic, mandatory_eas, optional_eas, mca_mandatory or mca_optional.", required=True, choices=CALLING_KINDS),
                Column("mca", "VARCHAR", "text", "MCA name; required for the mca_* kinds, empty otherwise."),
            ),
            "Local calling areas: which rate centers each one reaches, and how.",
        ),
        TableSpec(
            "numbering",
            ("npa_nxx", "block"),
            (
                Column("npa_nxx", "INTEGER", "npa_nxx", "NPA-NXX as 6 digits (573442 or 573-442).", required=True),
                Column("block", "INTEGER", "block", "Thousands block 0-9; empty = the whole NXX."),
                Column("carrier", "VARCHAR", "ident", "Carrier id holding the code or block.", required=True, ref="carriers.id"),
                Column("rate_center", "VARCHAR", "name", "Rate center the numbers are rated to.", required=True, ref="rate_centers.rate_center"),
                Column("switch", "VARCHAR", "clli", "CLLI of the switch serving them.", ref="switches.clli"),
            ),
            "NPA-NXX codes and thousands blocks.",
        ),
        TableSpec(
            "ports",
            ("tn",),
            (
                Column("tn", "BIGINT", "tn", f"Ported number: {_TN}.", required=True),
                Column("lrn", "BIGINT", "tn", "Location routing number (10 digits); empty = no longer ported (port-back)."),
            ),
            "Ported numbers (LNP).",
        ),
        TableSpec(
            "vnxx",
            ("tn_or_block",),
            (
                Column("tn_or_block", "VARCHAR", "tn_or_block", "A TN (10 digits), a thousands block (7 digits, e.g. 5734421 or 573-442-1XXX) or an NXX (6 digits).", required=True),
                Column("carrier", "VARCHAR", "ident", "Carrier id that assigned the VNXX numbers.", required=True, ref="carriers.id"),
                Column("rated_rate_center", "VARCHAR", "name", "Rate center the numbers are rated to.", required=True, ref="rate_centers.rate_center"),
                Column("physical_rate_center", "VARCHAR", "name", "Rate center where the customer physically is.", required=True, ref="rate_centers.rate_center"),
                Column("tn", "BIGINT", "tn", "Derived: the TN when tn_or_block is one.", in_file=False),
                Column("npa_nxx", "INTEGER", "npa_nxx", "Derived: the NPA-NXX.", in_file=False),
                Column("block", "INTEGER", "block", "Derived: the block (NULL for a TN or a whole NXX).", in_file=False),
            ),
            "VNXX numbers: rated to one rate center, served in another.",
        ),
        TableSpec(
            "locations",
            ("tn",),
            (
                Column("tn", "BIGINT", "tn", f"Customer or ISP number: {_TN}.", required=True),
                Column("physical_rate_center", "VARCHAR", "name", "Rate center where it physically is.", required=True, ref="rate_centers.rate_center"),
                Column("is_isp", "BOOLEAN", "bool", "true for a dial-up ISP (true/false, yes/no, 1/0; empty = false)."),
            ),
            "Physical locations of customers and ISPs whose location differs from their number's.",
        ),
    )
}


def spec(name: str) -> TableSpec:
    """The spec of table ``name`` (KeyError when unknown)."""
    return TABLES[name]


def ensure(ws: "Workspace") -> None:
    """Create any missing reference table (empty, typed) in the workspace."""
    # every one already read on this connection: they exist (a table created inside a transaction
    # that rolls back is gone again, and Workspace.transaction clears the handles then)
    if all(name in ws.handles for name in TABLES):
        return
    for t in TABLES.values():
        ws.run_sql(t.ddl())


def read(ws: "Workspace", name: str) -> Any:
    """The whole Ibis table ``name`` (every dated row), created empty if missing.

    The handle is kept for the connection (``ws.handles``): a reference table's columns are
    fixed by its spec, and imports replace its rows (even with ``CREATE OR REPLACE``) under the
    same name and columns, which a handle reads at execution time.
    """
    if name not in ws.handles:
        if not ws.has_table(name):
            ensure(ws)
        ws.handles[name] = ws.con.table(name)
    return ws.handles[name]


def in_effect(effective: Any, until: Any, on: Any) -> Any:
    """Whether a dated row (``effective``/``until`` Ibis date values, NULL for open) is in effect on
    ``on`` (a date or a date expression, not NULL): ``effective <= on < until``.

    The open ends are filled with the first and last dates rather than tested with ``IS NULL``, so
    in a join condition each side stays a plain comparison: DuckDB then keeps a hash join on the
    join's equalities, where an ``OR`` inside an outer join's condition forces a nested-loop join
    (5-10x slower on the rate step's groups).
    """
    return (effective.fill_null(dt.date.min) <= on) & (until.fill_null(dt.date.max) > on)


def as_of(table: Any, on: Any) -> Any:
    """Filter an Ibis reference table to the rows in effect on ``on`` (a date or a date expression)."""
    return table.filter(in_effect(table.effective, table.until, on))


def rows_as_of(ws: "Workspace", name: str, on: dt.date) -> list[dict[str, Any]]:
    """The rows of ``name`` in effect on ``on``, as dicts, sorted by key."""
    t = TABLES[name]
    expr = as_of(read(ws, name), on).order_by(list(t.key))
    return expr.to_pyarrow().to_pylist()
