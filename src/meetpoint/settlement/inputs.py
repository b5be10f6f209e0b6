"""Settlement inputs: CSV files into workspace tables, and plain records out of them.

Files (columns in ``docs/reference-data.md``, section *Settlement inputs*):

================================  =====================  ==========================================
file                              table                  key (an imported row replaces a stored one)
================================  =====================  ==========================================
``facilities.csv``                ``facilities``         ``circuit_id``
``transit_charges.csv``           ``transit_charges``    month, payer, transit carrier, route, proof
``elections.csv``                 ``elections``          agreement, electing carrier, route, from
``taxes.csv``                     ``taxes``              ``tax_id``, ``effective``
``supplied_rates.csv``            ``supplied_rates``     agreement, item, ``effective``
================================  =====================  ==========================================

Like the network importers, and with their machinery: the table spec
(:class:`meetpoint.network.tables.TableSpec`, adding only ``source``), the CSV reader
(:func:`meetpoint.network.importers.project_csv.read_csv`), the field parsers, batch, error types
and upsert (:mod:`meetpoint.network.importers._rows`): every problem names the file, the 1-based data row and
the field; all problems are collected and **nothing is written** if there is one
(:class:`~meetpoint.network.importers.ImportFailed`); the write is one transaction; importing the
same files twice leaves identical tables (upsert by key); ``replace=True`` empties each table a
file is given for. Money is stored as DECIMAL and read back as :class:`~decimal.Decimal`.

:func:`import_reference_folder` loads a whole reference folder in one run: the network files
(:func:`meetpoint.network.importers.import_files`) first, since settlement checks facilities'
switches, then the settlement files, in one transaction; any other ``*.csv`` is an error.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

import pyarrow as pa

from meetpoint.errors import ReferenceDataError, UnknownAgreementError
from meetpoint.network import tables as NT
from meetpoint.network.importers._rows import (
    PARSERS,
    Batch,
    ImportFailed,
    ImportReport,
    Row,
    arrow_type,
    p_ident,
    parse_value,
    upsert,
)
from meetpoint.network.importers import import_files as import_network_files
from meetpoint.network.importers.project_csv import read_csv
from meetpoint.network.tables import Column, TableSpec
from meetpoint.settlement._library import SuppliedRate
from meetpoint.settlement.election import PROVISION as ELECTION_PROVISION
from meetpoint.settlement.election import Election, TransitCharge
from meetpoint.settlement.facilities import LEVELS, TRANSPORTS, Facility
from meetpoint.settlement.lines import parse_money
from meetpoint.settlement.taxes import TAX_KINDS, TAXABLE_KINDS, Tax
from meetpoint.settlement.usage import ACCESS

if TYPE_CHECKING:  # pragma: no cover
    from meetpoint.agreements import Library
    from meetpoint.store import Workspace

__all__ = [
    "SUPPLIED_ITEMS",
    "TABLES",
    "ReferenceImport",
    "import_reference_folder",
    "import_settlement_files",
    "import_settlement_folder",
    "read_elections",
    "read_facilities",
    "read_supplied_rates",
    "read_taxes",
    "read_transit_charges",
]

#: Items a workspace may supply a rate for.
SUPPLIED_ITEMS: tuple[str, ...] = ("muxing.ds1", "muxing.ds3", "usage.local", *(f"usage.{j}" for j in ACCESS))
SUPPLIED_BASES: tuple[str, ...] = ("tariff", "interim", "agreed")

_MONEY, _RATE, _PCT = "DECIMAL(18,4)", "DECIMAL(18,8)", "DECIMAL(9,4)"


# --- own field parsers (the rest are _rows') -----------------------------------------------------


def _decimal(places: int, lo: Decimal | None = None, hi: Decimal | None = None) -> Callable[[str], Decimal]:
    def parse(s: str) -> Decimal:
        d = parse_money(s)
        if -d.as_tuple().exponent > places:  # type: ignore[operator]
            raise ValueError(f"{s!r} has more than {places} decimal places")
        if lo is not None and d < lo:
            raise ValueError(f"{s!r} is below {lo}")
        if hi is not None and d > hi:
            raise ValueError(f"{s!r} is above {hi}")
        return d
    return parse


def _month(s: str) -> str:
    m = re.fullmatch(r"(\d{4})-(\d{2})(-01)?", s)
    if not m or not 1 <= int(m[2]) <= 12:
        raise ValueError(f"{s!r} is not a month (YYYY-MM)")
    return f"{m[1]}-{m[2]}"


def _kinds(s: str) -> str:
    kinds = [k.strip() for k in s.split(";") if k.strip()]
    for k in kinds:
        if k not in TAXABLE_KINDS:
            raise ValueError(f"{k!r} is not a kind of line a tax applies to ({', '.join(TAXABLE_KINDS)})")
    return ";".join(kinds)


_PERCENT = _decimal(4, Decimal(0), Decimal(100))


def _exemptions(s: str) -> str:
    out = []
    for part in (p.strip() for p in s.split(";") if p.strip()):
        carrier, _, pct = part.partition("=")
        p_ident(carrier.strip())
        share = _PERCENT(pct.strip()) if pct.strip() else Decimal(100)
        out.append(f"{carrier.strip()}={share}")
    return ";".join(out)


_PARSE = functools.partial(parse_value, parsers={
    **PARSERS,
    "money": _decimal(4, Decimal(0)),
    "rate": _decimal(8, Decimal(0)),
    "percent": _PERCENT,
    "month": _month,
    "kinds": _kinds,
    "exemptions": _exemptions,
})


# --- the tables --------------------------------------------------------------------------------


def _table(name: str, key: tuple[str, ...], columns: tuple[Column, ...], help: str) -> TableSpec:
    """One settlement input table: name, key, columns (the file's); ``source`` is added on import."""
    return TableSpec(name, key, columns, help, added=(NT.SOURCE,))


def _c(name: str, type_: str, parse: str, help: str, required: bool = False, choices: tuple[str, ...] | None = None) -> Column:
    return Column(name, type_, "choice" if choices else parse, help, required=required, choices=choices)


_AGREEMENT = _c("agreement", "VARCHAR", "ident", "Agreement id in the library (e.g. socket-spectra-interim-2005).", True)
_EFFECTIVE = _c("effective", "DATE", "date", "ISO date the row takes effect; empty = since always.")

TABLES: dict[str, TableSpec] = {t.name: t for t in (
    _table("facilities", ("circuit_id",), (
        _c("circuit_id", "VARCHAR", "text", "Circuit id (unique).", True),
        _AGREEMENT,
        _c("level", "VARCHAR", "choice", "DS1 or DS3.", True, LEVELS),
        _c("a_clli", "VARCHAR", "clli", "A end (CLLI; for ilec_leased, a switch in `switches`).", True),
        _c("z_clli", "VARCHAR", "clli", "Z end: the ILEC switch (CLLI; for ilec_leased, in `switches`).", True),
        _c("transport", "VARCHAR", "choice", "Who provides the transport: ilec_leased, self or third_party.", True, TRANSPORTS),
        _c("collocation", "BOOLEAN", "bool", "true when collocation or shared collocation covers the connection (empty = false)."),
        _c("muxing", "BOOLEAN", "bool", "true when muxing is required (empty = false)."),
        _c("installed", "DATE", "date", "First day in service.", True),
        _c("disconnected", "DATE", "date", "First day out of service; empty = in service."),
    ), "Interconnection facilities billed under an agreement."),
    _table("transit_charges", ("month", "payer", "transit_carrier", "orig_switch", "term_switch", "proof"), (
        _c("month", "VARCHAR", "month", "Month the charges are for (YYYY-MM).", True),
        _c("payer", "VARCHAR", "ident", "Carrier id that paid (the ILEC that bills the election).", True),
        _c("transit_carrier", "VARCHAR", "ident", "Carrier id paid for transit (the third party).", True),
        _c("orig_switch", "VARCHAR", "clli", "Switch the transited traffic came from (CLLI).", True),
        _c("term_switch", "VARCHAR", "clli", "Switch it went to (the route is the pair, in either order).", True),
        _c("amount", _MONEY, "money", "Amount paid, in dollars (e.g. 812.40).", True),
        _c("proof", "VARCHAR", "text", "Proof of payment reference (invoice, check, remittance).", True),
    ), "Third-party transit charges actually paid (also read by the compliance triggers)."),
    _table("elections", ("agreement", "electing_carrier", "switch_a", "switch_b", "from"), (
        _AGREEMENT,
        _c("electing_carrier", "VARCHAR", "ident", "Carrier id that elected to pay the transit difference.", True),
        _c("switch_a", "VARCHAR", "clli", "One switch of the route (CLLI).", True),
        _c("switch_b", "VARCHAR", "clli", "The other switch.", True),
        _c("from", "DATE", "date", "Date the election takes effect (whole months from the first starting on or after it).", True),
        _c("ends", "DATE", "date", "Date it ends (e.g. the direct connection is in service); empty = open."),
        _c("notice", "VARCHAR", "text", "Reference of the notice of election.", True),
    ), "Transit-difference elections (Interim §5 ¶8, Amendment §3 ¶8)."),
    _table("taxes", ("tax_id", "effective"), (
        _c("tax_id", "VARCHAR", "ident", "Our id for the tax or surcharge.", True),
        _c("name", "VARCHAR", "text", "Name on the bill.", True),
        _c("kind", "VARCHAR", "choice", "tax (Art. III §43.1) or surcharge (§43.2).", True, TAX_KINDS),
        _c("rate_percent", _PCT, "percent", "Percent of the base (0-100, up to 4 decimals).", True),
        _c("applies_to", "VARCHAR", "kinds", "Line kinds it applies to, ';'-separated (facility;usage;transit_election); empty = all."),
        _c("collector", "VARCHAR", "ident", "Carrier id that collects it; empty = any biller."),
        _c("exempt", "VARCHAR", "exemptions", "Exempt carriers, ';'-separated: `idt` (full) or `idt=40` (40% exempt)."),
        _c("authority", "VARCHAR", "text", "Statute, ordinance or order imposing it.", True),
        _EFFECTIVE,
    ), "Taxes and surcharges with exemptions per carrier (Art. III §43)."),
    _table("supplied_rates", ("agreement", "item", "effective"), (
        _AGREEMENT,
        _c("item", "VARCHAR", "choice", "What the rate prices: " + ", ".join(SUPPLIED_ITEMS) + ".", True, SUPPLIED_ITEMS),
        _c("rate", _RATE, "rate", "Rate in dollars per unit (up to 8 decimals).", True),
        _c("unit", "VARCHAR", "text", "Unit (circuit-month, MOU).", True),
        _c("basis", "VARCHAR", "choice", "tariff, interim (Art. III §47 nearest analogous item) or agreed.", True, SUPPLIED_BASES),
        _c("reference", "VARCHAR", "text", "Tariff section, or the analogous item and how the price was set.", True),
        _EFFECTIVE,
    ), "Rates the agreement leaves to a tariff or to be determined."),
)}
_FILES = {t.file: t.name for t in TABLES.values()}


# --- reading CSV -------------------------------------------------------------------------------


def _read_csv(batch: Batch, spec: TableSpec, path: Path) -> None:
    rows = read_csv(batch, spec, path, _PARSE)
    if rows is not None:
        batch.rows.setdefault(spec.name, []).extend(Row(values, str(path), n) for n, values in rows)


# --- checks that need the library or the network -------------------------------------------------


def _check(ws: "Workspace", lib: "Library", batch: Batch) -> None:
    for table, rows in batch.rows.items():
        key = TABLES[table].key
        seen: dict[tuple[Any, ...], Row] = {}
        for r in rows:
            k = tuple(r.values[c] for c in key)
            if k in seen:
                batch.error(r.file, r.row, key[-1], f"duplicate key {k}; first at row {seen[k].row}")
            seen.setdefault(k, r)
            if "agreement" in r.values:
                _check_agreement(lib, batch, table, r)
            _ROW_RULES.get(table, lambda *_: None)(batch, r)
    _check_switches(ws, batch)


def _check_agreement(lib: "Library", batch: Batch, table: str, r: Row) -> None:
    try:
        agr = lib.agreement(r.values["agreement"])
    except UnknownAgreementError as exc:
        batch.error(r.file, r.row, "agreement", str(exc))
        return
    if table == "facilities" and not {"ilec", "clec"} <= set(agr.roles):
        batch.error(r.file, r.row, "agreement", f"{agr.id} names no ILEC and CLEC roles; who bills the facility?")
    if table == "elections":
        try:
            prov = agr.provision(ELECTION_PROVISION)
        except UnknownAgreementError:
            batch.error(r.file, r.row, "agreement", f"{agr.id} has no transit-difference election ({ELECTION_PROVISION})")
            return
        party = prov.facts.get("electing_party")
        if party and r.values["electing_carrier"] != party:
            batch.error(r.file, r.row, "electing_carrier",
                        f"{r.values['electing_carrier']!r} may not elect under {prov.full_cite}; the electing party is {party!r}")


def _after(first: str, then: str, what: str) -> Callable[[Batch, Row], None]:
    def rule(batch: Batch, r: Row) -> None:
        a, b = r.values[first], r.values[then]
        if a is not None and b is not None and b <= a:
            batch.error(r.file, r.row, then, f"{what} ({b}) must come after {first} ({a})")
    return rule


def _two_switches(a: str, b: str) -> Callable[[Batch, Row], None]:
    def rule(batch: Batch, r: Row) -> None:
        if r.values[a] == r.values[b]:
            batch.error(r.file, r.row, b, "a route joins two different switches")
    return rule


def _both(*rules: Callable[[Batch, Row], None]) -> Callable[[Batch, Row], None]:
    def rule(batch: Batch, r: Row) -> None:
        for f in rules:
            f(batch, r)
    return rule


_ROW_RULES: dict[str, Callable[[Batch, Row], None]] = {
    "facilities": _after("installed", "disconnected", "disconnected"),
    "elections": _both(_after("from", "ends", "ends"), _two_switches("switch_a", "switch_b")),
    "transit_charges": _two_switches("orig_switch", "term_switch"),
}


def _check_switches(ws: "Workspace", batch: Batch) -> None:
    leased = [r for r in batch.rows.get("facilities", []) if r.values["transport"] == "ilec_leased"]
    if not leased:
        return
    NT.ensure(ws)
    known = {row[0] for row in ws.run_sql('SELECT DISTINCT clli FROM "switches"')}
    for r in leased:
        for end in ("a_clli", "z_clli"):
            if r.values[end] not in known:
                batch.error(r.file, r.row, end, f"{r.values[end]!r} is not in switches (leased transport is priced by V&H mileage)")


# --- writing -----------------------------------------------------------------------------------


def _write(ws: "Workspace", spec: TableSpec, rows: list[Row], replace: bool) -> None:
    data = pa.table({c.name: pa.array([_default(c, r.values.get(c.name)) for r in rows], type=arrow_type(c.type))
                     for c in spec.all_columns})
    ws.run_sql(spec.ddl())
    upsert(ws, spec.name, data, spec.key, replace)


def _default(col: Column, value: Any) -> Any:
    if value is None and col.type == "BOOLEAN":
        return False
    return value


def import_settlement_files(
    ws: "Workspace", paths: Iterable[str | Path], *, lib: "Library | None" = None, replace: bool = False,
) -> ImportReport:
    """Load the given settlement CSV files (each named after its table), all or nothing."""
    from meetpoint.agreements import load_library

    lib = lib or load_library()
    paths = [Path(p) for p in paths]
    batch = Batch(", ".join(str(p) for p in paths))
    if not paths:
        batch.error("(no files)", None, None, f"no settlement files; expected some of {', '.join(_FILES)}")
    for path in paths:
        table = _FILES.get(path.name)
        if table is None:
            batch.error(str(path), None, None, f"not a settlement file name; expected one of {', '.join(_FILES)}")
            continue
        if not path.is_file():
            batch.error(str(path), None, None, "no such file")
            continue
        _read_csv(batch, TABLES[table], path)
        if replace:
            batch.replace.add(table)
    _check(ws, lib, batch)
    if batch.errors:
        raise ImportFailed(batch.errors)
    report = ImportReport(batch.source)
    with ws.transaction():
        for name in TABLES:
            if name in batch.rows:
                _write(ws, TABLES[name], batch.rows[name], name in batch.replace)
                report.rows[name] = len(batch.rows[name])
    return report


def import_settlement_folder(
    ws: "Workspace", folder: str | Path, *, lib: "Library | None" = None, replace: bool = False,
) -> ImportReport:
    """Load the settlement files present in ``folder`` (other files — network CSVs — are left alone)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ImportFailed([ReferenceDataError(str(folder), None, None, "no such folder")])
    return import_settlement_files(ws, [folder / f for f in _FILES if (folder / f).is_file()], lib=lib, replace=replace)


@dataclass
class ReferenceImport:
    """What :func:`import_reference_folder` wrote: the network files' report, then the settlement inputs'
    (``None`` when the folder held no file of that kind)."""

    source: str
    network: ImportReport | None
    settlement: ImportReport | None


def import_reference_folder(
    ws: "Workspace", folder: str | Path, *, lib: "Library | None" = None, replace: bool = False,
) -> ReferenceImport:
    """Load every ``*.csv`` of ``folder``: network reference files, then settlement inputs, all or nothing.

    The network files go first (settlement checks leased facilities' ends against ``switches``),
    and both imports share one transaction: a problem in either writes nothing. A ``*.csv`` that is
    neither a network nor a settlement file name is an error; other files are left alone.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise ImportFailed([ReferenceDataError(str(folder), None, None, "no such folder")])
    network_files = [spec.file for spec in NT.TABLES.values()]
    csvs = sorted(folder.glob("*.csv"))
    expected = f"network files {', '.join(network_files)}; settlement files {', '.join(_FILES)}"
    errors = [ReferenceDataError(str(p), None, None, f"not a reference file name; expected one of the {expected}")
              for p in csvs if p.name not in network_files and p.name not in _FILES]
    if not csvs:
        errors.append(ReferenceDataError(str(folder), None, None, f"no reference files; expected some of the {expected}"))
    if errors:
        raise ImportFailed(errors)
    network = [p for p in csvs if p.name in network_files]
    settlement = [p for p in csvs if p.name in _FILES]
    with ws.transaction():
        net = import_network_files(ws, network, replace=replace, source=str(folder)) if network else None
        sett = import_settlement_files(ws, settlement, lib=lib, replace=replace) if settlement else None
    return ReferenceImport(str(folder), net, sett)


# --- reading tables back as records -------------------------------------------------------------


def _rows(ws: "Workspace", name: str, where: str = "", params: list[Any] | None = None) -> list[dict[str, Any]]:
    if not ws.has_table(name):
        return []
    spec = TABLES[name]
    cols = [c.name for c in spec.columns]
    sql = f'SELECT {", ".join(chr(34) + c + chr(34) for c in cols)} FROM "{name}" {where} ORDER BY {", ".join(chr(34) + k + chr(34) for k in spec.key)}'
    return [dict(zip(cols, row)) for row in ws.run_sql(sql, params)]


def _dec(v: Any) -> Decimal:
    """A stored DECIMAL without the column's trailing zeros (``15.72000000`` → ``15.72``, ``10.0000`` → ``10``)."""
    d = (v if isinstance(v, Decimal) else Decimal(str(v))).normalize()
    return d.quantize(Decimal(1)) if d.as_tuple().exponent > 0 else d


def read_facilities(ws: "Workspace", agreement: str | None = None) -> list[Facility]:
    """Facilities (of one agreement, or all), by circuit id."""
    where, params = ("WHERE agreement = ?", [agreement]) if agreement else ("", [])
    return [Facility(**r) for r in _rows(ws, "facilities", where, params)]


def _month_first(month: str) -> dt.date:
    return dt.date(int(month[:4]), int(month[5:7]), 1)


def read_transit_charges(ws: "Workspace") -> list[TransitCharge]:
    return [TransitCharge(_month_first(r["month"]), r["payer"], r["transit_carrier"], r["orig_switch"],
                          r["term_switch"], _dec(r["amount"]), r["proof"])
            for r in _rows(ws, "transit_charges")]


def read_elections(ws: "Workspace", agreement: str | None = None) -> list[Election]:
    where, params = ("WHERE agreement = ?", [agreement]) if agreement else ("", [])
    return [Election(r["agreement"], r["electing_carrier"], r["switch_a"], r["switch_b"], r["from"], r["ends"], r["notice"])
            for r in _rows(ws, "elections", where, params)]


def read_taxes(ws: "Workspace") -> list[Tax]:
    out = []
    for r in _rows(ws, "taxes"):
        exemptions = {}
        for part in (r["exempt"] or "").split(";"):
            if part:
                carrier, _, pct = part.partition("=")
                exemptions[carrier] = Decimal(pct)
        applies = tuple((r["applies_to"] or ";".join(TAXABLE_KINDS)).split(";"))
        out.append(Tax(r["tax_id"], r["name"], r["kind"], _dec(r["rate_percent"]), applies, r["collector"],
                       exemptions, r["authority"], r["effective"]))
    return out


def read_supplied_rates(ws: "Workspace", agreement: str, on: dt.date) -> dict[str, SuppliedRate]:
    """The rates supplied for ``agreement`` in effect on ``on``, by item."""
    best: dict[str, SuppliedRate] = {}
    for r in _rows(ws, "supplied_rates", "WHERE agreement = ?", [agreement]):
        if r["effective"] is not None and r["effective"] > on:
            continue
        cur = best.get(r["item"])
        if cur is None or (cur.effective or dt.date.min) < (r["effective"] or dt.date.min):
            best[r["item"]] = SuppliedRate(r["agreement"], r["item"], _dec(r["rate"]), r["unit"], r["basis"],
                                           r["reference"], r["effective"])
    return best

