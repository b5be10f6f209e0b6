"""Issued invoices and memos: an append-only store in the workspace (``docs/settlement.md``).

Issuing records a document exactly as billed, with what it was computed from:

- ``library_fingerprint``: SHA-256 of the texts of the agreement files in effect (the agreement, the
  agreement it adopts or amends, ``carriers.yaml``) and of the workspace change documents merged
  into them. The texts themselves go to ``library_versions``, so the library of any issued
  document can be loaded again (:func:`library_files`).
- ``input_fingerprint``: SHA-256 of the per-table fingerprints of the input rows the charge engine
  reads for this bill (``facilities``, ``elections``, ``supplied_rates``, ``traffic_studies`` of
  the agreement; ``transit_charges`` paid by either party; ``taxes``; the ``usage_cube`` rows of the
  agreement for the usage month; the ``switches`` at the ends of its facilities), each a row count
  and a hash of the sorted row hashes (the ``source`` column is left out).

An issued document is immutable: nothing here updates or deletes, a second issue of the same id
returns the stored document unchanged, and :func:`_insert` refuses an id already stored.

Tables::

    invoices(invoice_id PK, doc 'invoice'|'memo', refers_to, agreement, biller, billed, bill_month,
             subtotal, taxes, total DECIMAL(18,2), issued_at TIMESTAMP (UTC),
             library_fingerprint, input_fingerprint, fingerprints JSON,
             due DATE, due_cite, due_rule, changes JSON, period_cite)
    invoice_lines(invoice_id, seq, key, kind, description, period_first, period_last,
                  quantity, unit, rate (text: exact Decimal, TBD or tariff), amount DECIMAL(18,2),
                  cite, inputs JSON, issued_amount, recomputed_amount, reason, change, decided, due)
    library_versions(fingerprint PK, files JSON {name: text})

``period_cite`` is the invoice's service-period cite as issued (its own agreement's clause, or the
IDT clause applied by analogy). It was added on 2026-11-21; an invoice stored before has none and
is read back with the cite it was issued with, :data:`~meetpoint.settlement.invoice.LEGACY_PERIOD_CITE`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from meetpoint.errors import MeetpointError
from meetpoint.settlement.invoice import LEGACY_PERIOD_CITE, Invoice, Memo, MemoLine
from meetpoint.settlement.lines import ChargeLine
from meetpoint.settlement.periods import bill_periods, month_key

if TYPE_CHECKING:  # pragma: no cover
    from meetpoint.agreements import Library
    from meetpoint.store import Workspace

__all__ = [
    "IssuedDocumentError",
    "get_invoice",
    "input_fingerprints",
    "issue_invoice",
    "issue_memo",
    "issued_invoices",
    "library_files",
    "library_fingerprint",
    "memos_for",
    "stored_fingerprints",
    "stored_library",
]


class IssuedDocumentError(MeetpointError):
    """An issued invoice or memo cannot be overwritten, or is not there."""


_DDL = (
    """CREATE TABLE IF NOT EXISTS invoices (
        invoice_id VARCHAR PRIMARY KEY, doc VARCHAR NOT NULL, refers_to VARCHAR,
        agreement VARCHAR NOT NULL, biller VARCHAR NOT NULL, billed VARCHAR NOT NULL, bill_month DATE NOT NULL,
        subtotal DECIMAL(18,2) NOT NULL, taxes DECIMAL(18,2) NOT NULL, total DECIMAL(18,2) NOT NULL,
        issued_at TIMESTAMP NOT NULL, library_fingerprint VARCHAR NOT NULL, input_fingerprint VARCHAR NOT NULL,
        fingerprints VARCHAR NOT NULL, due DATE, due_cite VARCHAR, due_rule VARCHAR, changes VARCHAR,
        period_cite VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS invoice_lines (
        invoice_id VARCHAR NOT NULL, seq INTEGER NOT NULL, key VARCHAR NOT NULL, kind VARCHAR NOT NULL,
        description VARCHAR NOT NULL, period_first DATE NOT NULL, period_last DATE NOT NULL,
        quantity VARCHAR NOT NULL, unit VARCHAR NOT NULL, rate VARCHAR NOT NULL, amount DECIMAL(18,2) NOT NULL,
        cite VARCHAR NOT NULL, inputs VARCHAR NOT NULL, issued_amount DECIMAL(18,2),
        recomputed_amount DECIMAL(18,2), reason VARCHAR, change VARCHAR, decided DATE, due DATE,
        PRIMARY KEY (invoice_id, seq))""",
    "CREATE TABLE IF NOT EXISTS library_versions (fingerprint VARCHAR PRIMARY KEY, files VARCHAR NOT NULL)",
    # workspaces issued before 2026-11-21: their invoices keep NULL (read as LEGACY_PERIOD_CITE)
    "ALTER TABLE invoices ADD COLUMN IF NOT EXISTS period_cite VARCHAR",
)


def _ensure(ws: "Workspace") -> None:
    for ddl in _DDL:
        ws.run_sql(ddl)


def _sha(data: Any) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def _plain(v: Any) -> Any:
    if isinstance(v, Decimal):
        return str(v)
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    if isinstance(v, dict):
        return {str(k): _plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    return v


# --------------------------------------------------------------------------- fingerprints


def library_files(lib: "Library", agreement_id: str) -> dict[str, str]:
    """``{name: text}`` of the library files in effect for ``agreement_id`` (see the module docstring)."""
    from meetpoint.agreements.loader import CARRIERS_FILE, LIBRARY_DIR

    agr = lib.agreement(agreement_id)
    ids = [agr.id, *([agr.base] if agr.base else [])]
    paths = {f"agreements/{Path(lib.agreement(i).file).name}": Path(lib.agreement(i).file) for i in ids}
    paths[f"agreements/{CARRIERS_FILE}"] = LIBRARY_DIR / CARRIERS_FILE
    for i in ids:
        for dec in lib.decisions_for(i):
            paths[f"decisions/{Path(dec.file).name}"] = Path(dec.file)
    return {name: p.read_text(encoding="utf-8") for name, p in sorted(paths.items())}


def library_fingerprint(lib: "Library", agreement_id: str) -> str:
    """SHA-256 of :func:`library_files` (names and texts)."""
    return _sha(library_files(lib, agreement_id))


def _columns(ws: "Workspace", table: str) -> list[str]:
    rows = ws.run_sql("SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                      "AND table_schema = 'main' ORDER BY ordinal_position", [table])
    return [r[0] for r in rows if r[0] != "source"]


def _table_hash(ws: "Workspace", table: str, where: str = "", params: list[Any] | None = None) -> dict[str, Any]:
    if not ws.has_table(table):
        return {"rows": 0, "sha256": None}
    cols = _columns(ws, table)
    row = " || chr(31) || ".join(f"coalesce(CAST(\"{c}\" AS VARCHAR), chr(0))" for c in cols)
    [(n, digest)] = ws.run_sql(
        f"SELECT count(*), sha256(coalesce(string_agg(h, ',' ORDER BY h), '')) FROM "
        f"(SELECT sha256({row}) AS h FROM \"{table}\" {where})", params or [])
    return {"rows": n, "sha256": digest}


def input_fingerprints(ws: "Workspace", agreement_id: str, biller: str, billed: str,
                       bill_month: str | dt.date) -> dict[str, dict[str, Any]]:
    """Per input table: ``{"rows": n, "sha256": ...}`` of the rows the bill is computed from."""
    usage_month = month_key(bill_periods(bill_month).usage.first)
    agr = "WHERE agreement = ?"
    out = {t: _table_hash(ws, t, agr, [agreement_id])
           for t in ("facilities", "elections", "supplied_rates", "traffic_studies")}
    out["transit_charges"] = _table_hash(ws, "transit_charges", "WHERE payer IN (?, ?)", [biller, billed])
    out["taxes"] = _table_hash(ws, "taxes")
    out["usage_cube"] = _table_hash(ws, "usage_cube", "WHERE agreement = ? AND month = ?", [agreement_id, usage_month])
    if ws.has_table("facilities") and ws.has_table("switches"):
        out["switches"] = _table_hash(
            ws, "switches", "WHERE clli IN (SELECT a_clli FROM facilities WHERE agreement = ? "
            "UNION SELECT z_clli FROM facilities WHERE agreement = ?)", [agreement_id, agreement_id])
    return out


def _fingerprints(ws: "Workspace", lib: "Library", doc: Invoice | Memo) -> tuple[str, str, dict[str, Any]]:
    files = library_files(lib, doc.agreement)
    tables = input_fingerprints(ws, doc.agreement, doc.biller, doc.billed, doc.bill_month)
    lib_fp = _sha(files)
    return lib_fp, _sha(tables), {"library": {n: hashlib.sha256(t.encode()).hexdigest() for n, t in files.items()},
                                  "inputs": tables, "_files": files}


# --------------------------------------------------------------------------- writing


def _insert(ws: "Workspace", doc: Invoice | Memo, lib_fp: str, in_fp: str, prints: dict[str, Any],
            issued_at: dt.datetime) -> None:
    """Write one document; refuses an id that is already stored."""
    is_memo = isinstance(doc, Memo)
    doc_id = doc.memo_id if is_memo else doc.invoice_id
    if ws.run_sql("SELECT 1 FROM invoices WHERE invoice_id = ?", [doc_id]):
        raise IssuedDocumentError(f"{doc_id} is already issued; an issued document is never rewritten")
    files = prints.pop("_files")
    ws.run_sql("INSERT INTO library_versions SELECT ?, ? WHERE NOT EXISTS "
               "(SELECT 1 FROM library_versions WHERE fingerprint = ?)", [lib_fp, json.dumps(files), lib_fp])
    ws.run_sql(
        f"INSERT INTO invoices ({_INSERT}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [doc_id, "memo" if is_memo else "invoice", doc.invoice_id if is_memo else None,
         doc.agreement, doc.biller, doc.billed, doc.bill_month, doc.subtotal, doc.taxes, doc.total,
         issued_at.replace(tzinfo=None), lib_fp, in_fp, json.dumps(prints, sort_keys=True),
         getattr(doc, "due", None), getattr(doc, "due_cite", None), getattr(doc, "due_rule", None),
         json.dumps(_plain(list(doc.changes))) if is_memo else None, getattr(doc, "period_cite", None)])
    for seq, line in enumerate(doc.lines, start=1):
        memo = isinstance(line, MemoLine)
        ws.run_sql(
            "INSERT INTO invoice_lines VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [doc_id, seq, line.key, line.kind, line.description, line.service_period[0], line.service_period[1],
             str(line.quantity), line.unit, str(line.rate), line.amount, line.cite,
             json.dumps(_plain(dict(line.inputs)), sort_keys=True),
             line.issued if memo else None, line.recomputed if memo else None,
             line.reason if memo else None, line.change if memo else None,
             line.decided if memo else None, line.due if memo else None])


def _now(now: dt.datetime | None) -> dt.datetime:
    now = now or dt.datetime.now(dt.timezone.utc)
    return now.astimezone(dt.timezone.utc) if now.tzinfo else now.replace(tzinfo=dt.timezone.utc)


def issue_invoice(ws: "Workspace", lib: "Library", invoice: Invoice, *,
                  now: dt.datetime | None = None) -> tuple[Invoice, bool]:
    """Store ``invoice`` as issued; ``(stored, created)``. Issued before: the stored one, unchanged, and False."""
    _ensure(ws)
    stored = get_invoice(ws, invoice.invoice_id)
    if stored is not None:
        return stored, False
    lib_fp, in_fp, prints = _fingerprints(ws, lib, invoice)
    with ws.transaction():
        _insert(ws, invoice, lib_fp, in_fp, prints, _now(now))
    return get_invoice(ws, invoice.invoice_id), True  # type: ignore[return-value]


def issue_memo(ws: "Workspace", lib: "Library", memo: Memo, *, now: dt.datetime | None = None) -> Memo:
    """Store ``memo`` as issued (its id must be new; memos are numbered per invoice)."""
    _ensure(ws)
    if get_invoice(ws, memo.invoice_id) is None:
        raise IssuedDocumentError(f"{memo.memo_id}: invoice {memo.invoice_id} is not issued")
    lib_fp, in_fp, prints = _fingerprints(ws, lib, memo)
    with ws.transaction():
        _insert(ws, memo, lib_fp, in_fp, prints, _now(now))
    return next(m for m in memos_for(ws, memo.invoice_id) if m.memo_id == memo.memo_id)


# --------------------------------------------------------------------------- reading

_INSERT = ("invoice_id, doc, refers_to, agreement, biller, billed, bill_month, subtotal, taxes, total, issued_at, "
           "library_fingerprint, input_fingerprint, fingerprints, due, due_cite, due_rule, changes, period_cite")
_HEAD = ("invoice_id, doc, refers_to, agreement, biller, billed, bill_month, issued_at, library_fingerprint, "
         "input_fingerprint, due, due_cite, due_rule, changes")


def _head(ws: "Workspace") -> str:
    """:data:`_HEAD` and the period cite (NULL when the table predates the column and nothing was issued since)."""
    has = ws.run_sql("SELECT 1 FROM information_schema.columns WHERE table_name = 'invoices' "
                     "AND table_schema = 'main' AND column_name = 'period_cite'")
    return f"{_HEAD}, {'period_cite' if has else 'NULL'}"
_LINE = ("key, kind, description, period_first, period_last, quantity, unit, rate, amount, cite, inputs, "
         "issued_amount, recomputed_amount, reason, change, decided, due")


def _rate(text: str) -> Decimal | str:
    return text if text in ("TBD", "tariff") else Decimal(text)


def _lines(ws: "Workspace", doc_id: str) -> list[tuple[Any, ...]]:
    return ws.run_sql(f"SELECT {_LINE} FROM invoice_lines WHERE invoice_id = ? ORDER BY seq", [doc_id])


def _charge_line(r: tuple[Any, ...]) -> ChargeLine:
    return ChargeLine(key=r[0], kind=r[1], description=r[2], service_period=(r[3], r[4]), quantity=Decimal(r[5]),
                      unit=r[6], rate=_rate(r[7]), amount=r[8], cite=r[9], inputs=json.loads(r[10]))


def _memo_line(r: tuple[Any, ...]) -> MemoLine:
    return MemoLine(key=r[0], kind=r[1], description=r[2], service_period=(r[3], r[4]), quantity=Decimal(r[5]),
                    unit=r[6], rate=_rate(r[7]), issued=r[11], recomputed=r[12], cite=r[9], reason=r[13],
                    change=r[14], decided=r[15], due=r[16], inputs=json.loads(r[10]))


def _utc(ts: dt.datetime) -> dt.datetime:
    return ts.replace(tzinfo=dt.timezone.utc)


def _invoice(ws: "Workspace", h: tuple[Any, ...]) -> Invoice:
    return Invoice(h[0], h[3], h[4], h[5], h[6], tuple(_charge_line(r) for r in _lines(ws, h[0])),
                   status="issued", issued_at=_utc(h[7]), library_fingerprint=h[8], input_fingerprint=h[9],
                   period_cite=h[14] or LEGACY_PERIOD_CITE)


def _memo(ws: "Workspace", h: tuple[Any, ...]) -> Memo:
    return Memo(h[0], h[2], h[3], h[4], h[5], h[6], tuple(_memo_line(r) for r in _lines(ws, h[0])),
                changes=tuple(json.loads(h[13] or "[]")), due=h[10], due_cite=h[11], due_rule=h[12],
                status="issued", issued_at=_utc(h[7]), library_fingerprint=h[8], input_fingerprint=h[9])


def get_invoice(ws: "Workspace", invoice_id: str) -> Invoice | None:
    """The issued invoice with this id, or None."""
    if not ws.has_table("invoices"):
        return None
    rows = ws.run_sql(f"SELECT {_head(ws)} FROM invoices WHERE invoice_id = ? AND doc = 'invoice'", [invoice_id])
    return _invoice(ws, rows[0]) if rows else None


def issued_invoices(ws: "Workspace", agreement: str | None = None) -> list[Invoice]:
    """Every issued invoice (of one agreement), by bill month, biller, billed."""
    if not ws.has_table("invoices"):
        return []
    where, params = ("AND agreement = ?", [agreement]) if agreement else ("", [])
    rows = ws.run_sql(f"SELECT {_head(ws)} FROM invoices WHERE doc = 'invoice' {where} "
                      "ORDER BY bill_month, biller, billed, invoice_id", params)
    return [_invoice(ws, h) for h in rows]


def memos_for(ws: "Workspace", invoice_id: str) -> list[Memo]:
    """The issued memos correcting ``invoice_id``, oldest first."""
    if not ws.has_table("invoices"):
        return []
    rows = ws.run_sql(f"SELECT {_head(ws)} FROM invoices WHERE doc = 'memo' AND refers_to = ? "
                      "ORDER BY issued_at, invoice_id", [invoice_id])
    return sorted((_memo(ws, h) for h in rows), key=lambda m: int(m.memo_id.rsplit(":", 1)[1]))


def stored_fingerprints(ws: "Workspace", doc_id: str) -> dict[str, Any]:
    """The per-file and per-table fingerprints recorded when ``doc_id`` was issued."""
    rows = ws.run_sql("SELECT fingerprints FROM invoices WHERE invoice_id = ?", [doc_id]) if ws.has_table("invoices") else []
    if not rows:
        raise IssuedDocumentError(f"no issued document {doc_id!r}")
    return json.loads(rows[0][0])


def stored_library(ws: "Workspace", fingerprint: str) -> dict[str, str]:
    """``{name: text}`` of the library version an issued document was computed under."""
    rows = ws.run_sql("SELECT files FROM library_versions WHERE fingerprint = ?", [fingerprint])
    if not rows:
        raise IssuedDocumentError(f"no library version {fingerprint}")
    return json.loads(rows[0][0])

