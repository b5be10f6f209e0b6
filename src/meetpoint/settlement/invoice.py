"""Invoices and true-up memos: charge lines assembled into a bill (``docs/settlement.md``, Invoices).

An :class:`Invoice` is what ``biller`` bills ``billed`` under one agreement for one bill month:
the lines of :func:`~meetpoint.settlement.compute_charges` (or any lines: assembly does not care
where they come from), grouped by kind in bill order, with

- ``subtotal``: every line that is not a tax or surcharge;
- ``taxes``: the ``tax`` and ``surcharge`` lines, shown as separate items (IDT Art. III §43);
- ``total`` = ``subtotal`` + ``taxes`` = the sum of all lines, exactly (amounts are in cents).

What a bill month covers (IDT Art. IV §2.3, :func:`~meetpoint.settlement.periods.bill_periods`):
recurring charges for the bill month itself, in advance; usage for the month before, in arrears;
initial-bill partial months (service that began after the first of the previous month) on the
next bill beside the month in advance; a final bill charges the disconnect month's days in service.
``period_cite`` says which clause sets that calendar for this agreement — its own, or the IDT
clause "applied by analogy" (:func:`~meetpoint.settlement.authority.governing_cite`); it is fixed
when the invoice is built and stored with it when issued.

Invoice ids are ``INV:<agreement>:<biller>:<billed>:<YYYY-MM>`` (one bill per agreement, direction
and month, so the id is derived, never allocated); a true-up memo correcting it is
``MEMO:<agreement>:<biller>:<billed>:<YYYY-MM>:<n>``, numbered from 1 per invoice.

A :class:`Memo` lists, line by line, the issued amount (the invoice plus earlier memos), the
recomputed amount and the difference; its total is the sum of the differences (negative: a
credit to ``billed``).

>>> import datetime as dt
>>> from decimal import Decimal
>>> line = ChargeLine("facility:CKT-1:2006-04:termination", "facility", "CKT-1 DS1: channel termination",
...                   (dt.date(2006, 4, 1), dt.date(2006, 4, 30)), Decimal(1), "circuit-month",
...                   Decimal("24.50"), Decimal("24.50"), "Interim Arrangement §5 ¶3")
>>> inv = build_invoice("socket-spectra-interim-2005", "spectra", "socket", "2006-04", [line])
>>> inv.invoice_id, inv.subtotal, inv.taxes, inv.total
('INV:socket-spectra-interim-2005:spectra:socket:2006-04', Decimal('24.50'), Decimal('0.00'), Decimal('24.50'))
>>> inv.period_cite.split(":")[0]
'CenturyTel/IDT ICA Art. IV §2.3, applied by analogy'
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Callable, Iterable, Sequence

from meetpoint.errors import UnknownAgreementError
from meetpoint.settlement.authority import BILL_PERIODS, governing_cite
from meetpoint.settlement.lines import KINDS, ChargeLine, total
from meetpoint.settlement.periods import bill_periods, month_key, parse_month

if TYPE_CHECKING:  # pragma: no cover
    from meetpoint.agreements import Agreement, Library
    from meetpoint.store import Workspace

__all__ = [
    "KIND_TITLES",
    "LEGACY_PERIOD_CITE",
    "TAX_KINDS",
    "Invoice",
    "Memo",
    "MemoLine",
    "build_invoice",
    "counterparty",
    "draft_invoice",
    "invoice_id",
    "memo_id",
]

#: Kinds shown as separate items and summed into ``taxes`` (IDT Art. III §43: "Any such taxes shall
#: be shown as separate items"; §43.2 fees and regulatory surcharges likewise).
TAX_KINDS: tuple[str, ...] = ("tax", "surcharge")
#: Headings of the line groups on a bill, in :data:`~meetpoint.settlement.lines.KINDS` order.
KIND_TITLES: dict[str, str] = {
    "facility": "Facilities (recurring, billed in advance)",
    "usage": "Usage (billed in arrears)",
    "transit_election": "Transit-difference election (quarterly)",
    "tax": "Taxes",
    "surcharge": "Fees and regulatory surcharges",
    "adjustment": "Adjustments",
}
#: The service-period cite every invoice showed before 2026-11-21, whatever its agreement: an issued
#: invoice stored without a ``period_cite`` was issued with this one and keeps it.
LEGACY_PERIOD_CITE = "CenturyTel/IDT ICA Art. IV §2.3"

Compute = Callable[..., list[ChargeLine]]
_ZERO = Decimal("0.00")


def invoice_id(agreement: str, biller: str, billed: str, bill_month: str | dt.date) -> str:
    """``INV:<agreement>:<biller>:<billed>:<YYYY-MM>``."""
    return f"INV:{agreement}:{biller}:{billed}:{month_key(bill_month)}"


def memo_id(invoice: str, n: int) -> str:
    """The ``n``-th memo (from 1) correcting invoice ``invoice``: ``MEMO:...:<n>``."""
    if not invoice.startswith("INV:") or n < 1:
        raise ValueError(f"no memo {n} for {invoice!r}")
    return f"MEMO:{invoice[4:]}:{n}"


def counterparty(agr: "Agreement", biller: str) -> str:
    """The other party of the agreement's only pair that includes ``biller``."""
    others = sorted({b if a == biller else a for a, b in agr.pairs if biller in (a, b)})
    if len(others) != 1:
        raise UnknownAgreementError(
            f"{agr.id}: cannot tell whom {biller!r} bills (pairs: {agr.pairs}); name the billed carrier")
    return others[0]


def _sorted(lines: Iterable[Any]) -> tuple[Any, ...]:
    """Bill order: by kind, keeping each kind's lines in the order given."""
    return tuple(sorted(lines, key=lambda line: KINDS.index(line.kind)))


def _sum(lines: Iterable[Any], attr: str = "amount") -> Decimal:
    return sum((getattr(line, attr) for line in lines), _ZERO)


def _period_dict(bill_month: dt.date, cite: str | None) -> dict[str, Any]:
    p = bill_periods(bill_month)
    return {"recurring_in_advance": [p.recurring.first.isoformat(), p.recurring.last.isoformat()],
            "usage_in_arrears": [p.usage.first.isoformat(), p.usage.last.isoformat()],
            "initial_bill_arrears": [p.initial.first.isoformat(), p.initial.last.isoformat()],
            "cite": cite}


class _Totals:
    """The totals an invoice and a memo both show, from their ``lines`` (a memo's amounts are its
    differences): ``subtotal`` (not tax or surcharge), ``taxes``, ``total``, and the groups by kind."""

    lines: tuple[Any, ...]

    @property
    def subtotal(self) -> Decimal:
        return _sum(line for line in self.lines if line.kind not in TAX_KINDS)

    @property
    def taxes(self) -> Decimal:
        return _sum(line for line in self.lines if line.kind in TAX_KINDS)

    @property
    def total(self) -> Decimal:
        return _sum(self.lines)

    def groups(self) -> list[tuple[str, str, list[Any], Decimal]]:
        """``(kind, heading, lines, sum)`` per kind present, in bill order."""
        return [(k, KIND_TITLES[k], ls, _sum(ls)) for k in KINDS
                if (ls := [line for line in self.lines if line.kind == k])]


@dataclasses.dataclass(frozen=True)
class Invoice(_Totals):
    """A bill: header, lines in bill order, totals; ``status`` ``draft`` until issued and stored.

    ``period_cite``: the clause that sets the service periods (see the module docstring).
    """

    invoice_id: str
    agreement: str
    biller: str
    billed: str
    bill_month: dt.date
    lines: tuple[ChargeLine, ...]
    status: str = "draft"
    issued_at: dt.datetime | None = None
    library_fingerprint: str | None = None
    input_fingerprint: str | None = None
    period_cite: str | None = None

    def __post_init__(self) -> None:
        keys = [line.key for line in self.lines]
        dupes = sorted({k for k in keys if keys.count(k) > 1})
        if dupes:
            raise ValueError(f"{self.invoice_id}: charge keys must be unique on a bill; repeated: {', '.join(dupes)}")
        assert self.total == total(self.lines) == self.subtotal + self.taxes  # exact: amounts are cents

    @property
    def unpriced(self) -> list[ChargeLine]:
        """Lines whose rate is ``TBD`` or an unsupplied ``tariff`` (amount 0.00 until priced)."""
        return [line for line in self.lines if not line.priced]

    def line(self, key: str) -> ChargeLine | None:
        return next((line for line in self.lines if line.key == key), None)

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly (Decimals as strings, dates ISO)."""
        return {
            "invoice_id": self.invoice_id, "status": self.status, "agreement": self.agreement,
            "biller": self.biller, "billed": self.billed, "bill_month": month_key(self.bill_month),
            "periods": _period_dict(self.bill_month, self.period_cite),
            "lines": [line.to_dict() for line in self.lines],
            "groups": [{"kind": k, "title": t, "lines": len(ls), "amount": str(s)} for k, t, ls, s in self.groups()],
            "subtotal": str(self.subtotal), "taxes": str(self.taxes), "total": str(self.total),
            "unpriced": [line.key for line in self.unpriced],
            "issued_at": self.issued_at.isoformat() if self.issued_at else None,
            "library_fingerprint": self.library_fingerprint, "input_fingerprint": self.input_fingerprint,
        }


def build_invoice(agreement: str, biller: str, billed: str, bill_month: str | dt.date,
                  lines: Sequence[ChargeLine], *, lib: "Library | None" = None) -> Invoice:
    """A draft invoice from any charge lines (sorted into bill order); its ``period_cite`` comes from
    ``lib`` (default: the built-in library)."""
    if lib is None:
        from meetpoint.agreements import load_library

        lib = load_library()
    return Invoice(invoice_id(agreement, biller, billed, bill_month), agreement, biller, billed,
                   parse_month(bill_month), _sorted(lines),
                   period_cite=governing_cite(lib, agreement, BILL_PERIODS))


def draft_invoice(ws: "Workspace", lib: "Library", agreement_id: str, biller: str, billed: str | None,
                  bill_month: str | dt.date, *, compute: Compute | None = None) -> Invoice:
    """The draft invoice computed from the workspace (``compute`` defaults to ``compute_charges``)."""
    if compute is None:
        from meetpoint.settlement.engine import compute_charges as compute
    billed = billed or counterparty(lib.agreement(agreement_id), biller)
    return build_invoice(agreement_id, biller, billed, bill_month,
                         compute(ws, lib, agreement_id, biller, billed, bill_month), lib=lib)


# --------------------------------------------------------------------------- memos


@dataclasses.dataclass(frozen=True)
class MemoLine:
    """One line of a true-up memo: issued (invoice + earlier memos), recomputed, difference."""

    key: str
    kind: str
    description: str
    service_period: tuple[dt.date, dt.date]
    quantity: Decimal
    unit: str
    rate: Decimal | str
    issued: Decimal
    recomputed: Decimal
    cite: str
    reason: str
    change: str | None = None  # retroactive | prospective when a dated change caused it
    decided: dt.date | None = None
    due: dt.date | None = None
    inputs: dict[str, Any] = dataclasses.field(default_factory=dict, compare=False, hash=False)

    @property
    def amount(self) -> Decimal:
        """The difference: recomputed − issued (negative: a credit)."""
        return self.recomputed - self.issued

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key, "kind": self.kind, "description": self.description,
            "service_period": [self.service_period[0].isoformat(), self.service_period[1].isoformat()],
            "quantity": str(self.quantity), "unit": self.unit, "rate": str(self.rate),
            "issued": str(self.issued), "recomputed": str(self.recomputed), "difference": str(self.amount),
            "amount": str(self.amount), "cite": self.cite, "reason": self.reason, "change": self.change,
            "decided": self.decided.isoformat() if self.decided else None,
            "due": self.due.isoformat() if self.due else None,
        }


@dataclasses.dataclass(frozen=True)
class Memo(_Totals):
    """A credit or debit memo correcting one issued invoice, line by line."""

    memo_id: str
    invoice_id: str
    agreement: str
    biller: str
    billed: str
    bill_month: dt.date
    lines: tuple[MemoLine, ...]
    changes: tuple[dict[str, Any], ...] = ()
    due: dt.date | None = None
    due_cite: str | None = None
    due_rule: str | None = None
    status: str = "draft"
    issued_at: dt.datetime | None = None
    library_fingerprint: str | None = None
    input_fingerprint: str | None = None

    def __post_init__(self) -> None:
        assert self.total == _sum(self.lines) == self.subtotal + self.taxes
        assert all(line.amount == line.recomputed - line.issued for line in self.lines)

    @property
    def issued_total(self) -> Decimal:
        return _sum(self.lines, "issued")

    @property
    def recomputed_total(self) -> Decimal:
        return _sum(self.lines, "recomputed")

    @property
    def kind(self) -> str:
        """``credit`` (owed to ``billed``), ``debit`` (owed to ``biller``) or ``zero``."""
        return "credit" if self.total < 0 else "debit" if self.total > 0 else "zero"

    def to_dict(self) -> dict[str, Any]:
        return {
            "memo_id": self.memo_id, "kind": self.kind, "status": self.status, "invoice_id": self.invoice_id,
            "agreement": self.agreement, "biller": self.biller, "billed": self.billed,
            "bill_month": month_key(self.bill_month),
            "lines": [line.to_dict() for line in self.lines],
            "changes": [dict(c) for c in self.changes],
            "issued_total": str(self.issued_total), "recomputed_total": str(self.recomputed_total),
            "subtotal": str(self.subtotal), "taxes": str(self.taxes), "total": str(self.total),
            "due": self.due.isoformat() if self.due else None, "due_cite": self.due_cite, "due_rule": self.due_rule,
            "issued_at": self.issued_at.isoformat() if self.issued_at else None,
            "library_fingerprint": self.library_fingerprint, "input_fingerprint": self.input_fingerprint,
        }
