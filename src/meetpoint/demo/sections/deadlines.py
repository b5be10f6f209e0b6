"""Section: the section 252 windows of Socket's 2005 requests, and the IDT agreement's own deadlines."""

from __future__ import annotations

import datetime as dt
from typing import Any

from meetpoint.agreements import Library
from meetpoint.calendar import order_acceptance, section252_windows, subsequent_law, tbd_trueup

#: The two requests for negotiation in Socket's letter of 9 Aug 2005 (seed 003).
NEGOTIATION_REQUESTS: tuple[tuple[dt.date, str], ...] = (
    (dt.date(2005, 3, 22), "Socket's letter and proposed amendment (TRRO changes)"),
    (dt.date(2005, 8, 9), "Socket's request to negotiate a new ICA with CenturyTel and Spectra"),
)


def negotiation_deadlines(lib: Library) -> dict[str, Any]:
    """Section 252 windows of the 2005 requests, and the IDT agreement's own deadlines."""
    windows = [
        {"requested": d, "what": what, "windows": section252_windows(d)} for d, what in NEGOTIATION_REQUESTS
    ]
    idt = lib.agreement("centurytel-idt-2006")
    effective = idt.effective
    first = idt.parameter("ordering.first_orders.business_days_after_effective")
    law = idt.provision("change_of_law.subsequent_law")
    tbd = idt.parameter("pricing.tbd_prices.true_up_days")
    examples = {
        "order_acceptance": order_acceptance(
            effective, business_days=int(first.value_at(effective)), cite=first.cite
        ),
        "subsequent_law": subsequent_law(
            dt.date(2006, 9, 1),
            begin_within=int(law.params["negotiation_start"].value_at(effective)),
            fail_within=int(law.params["negotiation_period"].value_at(effective)),
            cite=law.cite,
        ),
        "tbd_trueup": tbd_trueup(
            dt.date(2006, 11, 15), business_days=int(tbd.value_at(effective)), cite=tbd.cite
        ),
    }
    return {"section252": windows, "idt": examples, "idt_effective": effective}
