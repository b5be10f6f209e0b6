"""True-ups: recompute issued invoices under the current library and memo the differences.

When an agreement value changes with a date (a workspace change document,
:class:`~meetpoint.agreements.Decision`), every issued invoice of the agreement is recomputed with
the same charge engine under the current library and inputs, and compared **line by line** by
:attr:`ChargeLine.key <meetpoint.settlement.lines.ChargeLine.key>` with what was billed so far
(the invoice plus the memos already issued against it). Each invoice with a difference gets one
:class:`~meetpoint.settlement.invoice.Memo`: issued, recomputed, difference per line, total =
recomputed − issued.

- **Retroactive** (Interim §5 ¶4: "any such charges that were paid by Socket under this Interim
  Arrangement will be subject to refund"): the value changes from a date in the past, so past
  months' lines recompute differently: credits (or debits). ¶4 reaches only connections over
  third-party transport (``ds1_third_party``/``ds3_third_party``; the loader refuses a retroactive
  rate other than "no rate" there), so circuits on Socket's own transport keep their charge.
- **Prospective** ("such rate shall apply on a going forward basis only"): the value changes from
  its date, so months before it recompute to what was billed: no memo for them.
- **TBD price set by the Commission** (IDT Art. III §47: "any underpayment shall be paid, and any
  overpayment shall be refunded within 45 Business Days after the establishment of the price by
  the Commission"): a change that replaces ``TBD`` carries a due date,
  :func:`meetpoint.calendar.tbd_trueup` from the ``decided`` date with the agreement's Business-Day
  count (``pricing.tbd_prices.true_up_days``) and its cite. The memo states the earliest due date.

Each memo line says why it changed: the change document (cite, ``change``, ``decided``) whose
value the recomputed (or, for a line that disappeared, the billed) line uses; a tax or surcharge
recomputed on changed lines; or, when no change explains it, "inputs changed" (the input
fingerprints differ from those recorded at issue).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Callable

from meetpoint.calendar import tbd_trueup
from meetpoint.errors import UnknownAgreementError
from meetpoint.settlement.invoice import TAX_KINDS, Invoice, Memo, MemoLine, _sorted, memo_id
from meetpoint.settlement.issued import (
    input_fingerprints,
    issue_memo,
    issued_invoices,
    memos_for,
    stored_fingerprints,
)
from meetpoint.settlement.lines import ChargeLine

if TYPE_CHECKING:  # pragma: no cover
    from meetpoint.agreements import Agreement, Decision, Library
    from meetpoint.store import Workspace

__all__ = ["TBD_TRUE_UP_DAYS", "recompute_memo", "trueup"]

#: The parameter holding the §47 Business-Day count (looked up in the agreement, then its base).
TBD_TRUE_UP_DAYS = "pricing.tbd_prices.true_up_days"
_ZERO = Decimal("0.00")


def _baseline(invoice: Invoice, memos: list[Memo]) -> dict[str, tuple[Any, Decimal]]:
    """Per key: the line as last billed (invoice or latest memo) and the amount billed so far."""
    out: dict[str, tuple[Any, Decimal]] = {line.key: (line, line.amount) for line in invoice.lines}
    for memo in memos:
        for line in memo.lines:
            out[line.key] = (line, line.recomputed)
    return out


def _decision_entry(lib: "Library", agr: "Agreement", inputs: dict[str, Any], on: dt.date) -> tuple["Decision", Any] | None:
    """The change document whose value a line used (by its ``inputs['library']`` parameter), if any."""
    name = inputs.get("library")
    if not name:
        return None
    for aid in [agr.id, *([agr.base] if agr.base else [])]:
        a = lib.agreement(aid)
        try:
            param = a.parameter(str(name))
        except UnknownAgreementError:
            continue
        entry = param.dated_at(on)  # a dated null ("no rate should apply") names its decision too
        if entry is None or entry.decision is None:
            return None
        dec = next((d for d in lib.decisions_for(aid) if d.file == entry.decision), None)
        return (dec, entry) if dec is not None else None
    return None


def _tbd_due(lib: "Library", agr: "Agreement", dec: "Decision", since: dt.date) -> tuple[dt.date, str, str] | None:
    """Art. III §47 due date when ``dec`` replaced a ``TBD`` price; None otherwise."""
    replaced = dec.replaced(since)
    if replaced is None or replaced.value != "TBD":
        return None
    for aid in [agr.id, *([agr.base] if agr.base else [])]:
        try:
            entry = lib.agreement(aid).parameter(TBD_TRUE_UP_DAYS).entry_at(dec.decided)
        except UnknownAgreementError:
            continue
        if entry is not None:
            d = tbd_trueup(dec.decided, business_days=int(entry.value), cite=entry.cite)  # type: ignore[arg-type]
            return d.due, d.cite, d.rule
    return None


def _why(lib: "Library", agr: "Agreement", now: ChargeLine | None, before: Any, inputs_changed: bool) -> dict[str, Any]:
    line = now or before
    on = line.service_period[0]
    for source in (now, before):
        if source is None:
            continue
        found = _decision_entry(lib, agr, dict(source.inputs), on)
        if found:
            dec, entry = found
            change = {"decision": dec.name, "agreement": dec.agreement, "parameter": dec.parameter,
                      "since": entry.since.isoformat(), "value": "null" if entry.value is None else str(entry.value),
                      "change": entry.change,
                      "decided": dec.decided.isoformat(), "cite": entry.cite,
                      "replaced": str(dec.replaced(entry.since).value) if dec.replaced(entry.since) else None}
            due = _tbd_due(lib, agr, dec, entry.since)
            reason = ("TBD price established" if due else
                      f"{entry.change} change of {dec.parameter.rsplit('.', 1)[-1]} from {entry.since.isoformat()}")
            return {"cite": entry.cite, "reason": reason, "change": entry.change, "decided": dec.decided,
                    "due": due, "record": change}
    if line.kind in TAX_KINDS:
        return {"cite": line.cite, "reason": "recomputed on the changed lines it applies to"}
    if inputs_changed:
        return {"cite": line.cite, "reason": "inputs changed since the invoice was issued"}
    return {"cite": line.cite, "reason": "recomputed under the current agreement library"}


def recompute_memo(ws: "Workspace", lib: "Library", invoice: Invoice, recomputed: list[ChargeLine]) -> Memo | None:
    """The memo correcting ``invoice`` to ``recomputed`` (None when nothing differs)."""
    agr = lib.agreement(invoice.agreement)
    memos = memos_for(ws, invoice.invoice_id) if invoice.status == "issued" else []
    base = _baseline(invoice, memos)
    now = {line.key: line for line in recomputed}
    inputs_changed = invoice.status == "issued" and stored_fingerprints(ws, invoice.invoice_id)["inputs"] != \
        input_fingerprints(ws, invoice.agreement, invoice.biller, invoice.billed, invoice.bill_month)
    lines: list[MemoLine] = []
    records: dict[tuple[str, str], dict[str, Any]] = {}
    dues: list[tuple[dt.date, str, str]] = []
    order = [*base, *(k for k in now if k not in base)]
    for key in order:
        before, billed = base.get(key, (None, _ZERO))
        after = now.get(key)
        amount = after.amount if after else _ZERO
        if amount == billed:
            continue
        why = _why(lib, agr, after, before, inputs_changed)
        src = after or before
        if why.get("record"):
            records[(why["record"]["decision"], why["record"]["since"])] = why["record"]
        if why.get("due"):
            dues.append(why["due"])
        lines.append(MemoLine(
            key=key, kind=src.kind, description=src.description, service_period=src.service_period,
            quantity=src.quantity, unit=src.unit, rate=src.rate, issued=billed, recomputed=amount,
            cite=why["cite"], reason=why["reason"], change=why.get("change"), decided=why.get("decided"),
            due=why["due"][0] if why.get("due") else None, inputs=dict(src.inputs)))
    if not lines:
        return None
    due = min(dues) if dues else None
    return Memo(memo_id(invoice.invoice_id, len(memos) + 1), invoice.invoice_id, invoice.agreement,
                invoice.biller, invoice.billed, invoice.bill_month, _sorted(lines),
                changes=tuple(records.values()), due=due[0] if due else None,
                due_cite=due[1] if due else None, due_rule=due[2] if due else None)


def trueup(ws: "Workspace", lib: "Library", agreement_id: str, *, issue: bool = False,
           compute: Callable[..., list[ChargeLine]] | None = None, now: dt.datetime | None = None) -> list[Memo]:
    """A memo for every issued invoice of ``agreement_id`` that recomputes differently (issued when ``issue``)."""
    if compute is None:
        from meetpoint.settlement.engine import compute_charges as compute
    lib.agreement(agreement_id)
    out: list[Memo] = []
    for invoice in issued_invoices(ws, agreement_id):
        recomputed = compute(ws, lib, invoice.agreement, invoice.biller, invoice.billed, invoice.bill_month)
        memo = recompute_memo(ws, lib, invoice, recomputed)
        if memo is None:
            continue
        out.append(issue_memo(ws, lib, memo, now=now) if issue else memo)
    return out
