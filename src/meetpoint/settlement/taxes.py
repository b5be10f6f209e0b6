"""Taxes and surcharges as separate lines, honouring exemptions (IDT Art. III §43).

Art. III §43: "The collecting Party shall charge and collect from the obligated Party ... all
applicable taxes, except to the extent that the obligated Party notifies the collecting Party and
provides ... appropriate documentation ... that qualifies the obligated Party for a full or partial
exemption. Any such taxes shall be shown as separate items on applicable billing documents
between the Parties." §43.1 defines taxes (excise, sales and use, utility user, gross receipts,
school taxes); §43.2 fees and regulatory surcharges (E-911, N11, franchise fees, Commission
surcharges).

The ``taxes`` table (one row per tax, dated by ``effective``) gives a percent, the kinds of line
it applies to, the collecting carrier (empty = any biller) and exemptions per carrier (``idt`` =
fully exempt, ``idt=40`` = 40% exempt). For each tax in effect on the bill date:

- base = the sum of this bill's lines of the kinds it applies to (before any tax or surcharge:
  taxes are not levied on each other);
- amount = base × percent ÷ 100 × (100 − exempt percent) ÷ 100, rounded to cents once;
- an exempt carrier still gets the line, at $0.00, naming the exemption, so the bill shows it;
- no line when the bill has no line of the kinds the tax applies to.

The seeds' Socket agreements (the AT&T/GTE text) say nothing of taxes; the line then cites the
tax's own authority only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterable, Mapping

from meetpoint.settlement.lines import ChargeLine, to_cents
from meetpoint.settlement.periods import month_key

__all__ = ["TAX_KINDS", "TAXABLE_KINDS", "Tax", "tax_lines", "taxes_in_effect"]

TAX_KINDS: tuple[str, ...] = ("tax", "surcharge")
#: Line kinds a tax may apply to.
TAXABLE_KINDS: tuple[str, ...] = ("facility", "usage", "transit_election")
_HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Tax:
    """One tax or surcharge as of ``effective``."""

    tax_id: str
    name: str
    kind: str  # tax | surcharge
    rate_percent: Decimal
    applies_to: tuple[str, ...] = TAXABLE_KINDS
    collector: str | None = None
    exemptions: Mapping[str, Decimal] = field(default_factory=dict, hash=False, compare=False)
    authority: str = ""
    effective: dt.date | None = None


def taxes_in_effect(taxes: Iterable[Tax], on: dt.date) -> list[Tax]:
    """For each ``tax_id``, the row with the latest ``effective`` on or before ``on`` (empty = always)."""
    best: dict[str, Tax] = {}
    for t in taxes:
        if t.effective is not None and t.effective > on:
            continue
        cur = best.get(t.tax_id)
        if cur is None or (cur.effective or dt.date.min) < (t.effective or dt.date.min):
            best[t.tax_id] = t
    return [best[k] for k in sorted(best)]


def tax_lines(
    lines: Iterable[ChargeLine],
    taxes: Iterable[Tax],
    *,
    biller: str,
    billed: str,
    bill_month: str | dt.date,
    cite: str | None = None,
) -> list[ChargeLine]:
    """Tax and surcharge lines for a bill whose other lines are ``lines`` (taxes in effect already chosen).

    ``cite`` is the agreement's tax clause (IDT Art. III §43) when it has one.
    """
    lines = [line for line in lines if line.kind in TAXABLE_KINDS]
    out: list[ChargeLine] = []
    for tax in sorted(taxes, key=lambda t: t.tax_id):
        if tax.collector not in (None, biller):
            continue
        base_lines = [line for line in lines if line.kind in tax.applies_to]
        if not base_lines:
            continue
        base = sum((line.amount for line in base_lines), Decimal("0.00"))
        exempt = tax.exemptions.get(billed, Decimal(0))
        amount = to_cents(base * tax.rate_percent / _HUNDRED * (_HUNDRED - exempt) / _HUNDRED)
        note = "" if not exempt else (" — exempt" if exempt == _HUNDRED else f" — {exempt}% exempt")
        first = min(line.service_period[0] for line in base_lines)
        last = max(line.service_period[1] for line in base_lines)
        out.append(ChargeLine(
            key=f"{tax.kind}:{tax.tax_id}:{month_key(bill_month)}", kind=tax.kind,
            description=f"{tax.name} {tax.rate_percent}% of {base}{note}",
            service_period=(first, last), quantity=base, unit="USD", rate=tax.rate_percent / _HUNDRED,
            amount=amount, cite="; ".join(c for c in (cite, tax.authority) if c),
            inputs={"tax_id": tax.tax_id, "rate_percent": tax.rate_percent, "base": base,
                    "base_lines": sorted(line.key for line in base_lines), "applies_to": list(tax.applies_to),
                    "exempt_percent": exempt, "billed": billed, "collector": biller, "since": tax.effective}))
    return out
