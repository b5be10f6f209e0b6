"""Hand-worked monthly evidence for the compliance tests (imported by name; conftest puts this folder on the path)."""

from __future__ import annotations

from decimal import Decimal

from meetpoint.compliance import MonthEvidence, PairMonths, TransitPayment

INTERIM = "socket-spectra-interim-2005"
AMENDMENT = "socket-centurytel-amendment-2005"
IDT = "centurytel-idt-2006"
ILEC_SW, CLEC_SW = "ILEC-EO", "CLEC-SW"


def pay(payer: str, to: str, amount: str) -> TransitPayment:
    return TransitPayment(payer=payer, transit_carrier=to, amount=Decimal(amount))


def months(rows: dict[str, dict], *, ilec: str, clec: str, through: str | None = None) -> PairMonths:
    """``{"2006-01": {"ccs": 432, "out": 112000, "back": 0, "transit": [...]}, ...}`` -> the pair's months,
    ``out`` being traffic from the ILEC's switch to the CLEC's."""
    evidence = [
        MonthEvidence(m, ILEC_SW, CLEC_SW, ilec, clec, mou_forward=r.get("out", 0), mou_reverse=r.get("back", 0),
                      busy_hour_ccs=r.get("ccs"), transit=tuple(r.get("transit", ())))
        for m, r in rows.items()
    ]
    return PairMonths.of(evidence, through=through)
