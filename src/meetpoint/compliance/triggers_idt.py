"""Indirect to direct connection: CenturyTel/IDT ICA Art. IV §5.2.

    "5.2 The Parties agree to establish a direct connection for exchange of Local Traffic when any
    one of the following conditions is met for each month of a consecutive two-month period:
    a. Combined two-way traffic between two single switches of each Party reaches a DS-1 equivalent
    (200,000 combined minutes of use ("MOU") per month; b. Traffic originating from a single
    CenturyTel switch to a single IDT switch reaches 100,000 MOUs per month; or c. When either Party
    is assessed transiting costs by a third party and such charges associated with a single traffic
    exchange route exceed $200.00 per month."

Numbers come from the provision ``direct_connection.triggers`` (``two_way_mou``, ``one_way_mou``,
``transit_charges``, ``consecutive_months``).

How we read it (docs/decisions.md): "any one of the following conditions is met for each month"
means one condition held in every month of the period, so each condition is its own trigger with
its own run (condition (a) in one month and (c) in the next is not two months of one condition).
(a) is both directions' minutes together, rounded once; (b) only CenturyTel's switch to IDT's;
(c) counts charges either Party paid to a carrier that is not a Party, summed on the route (the
switch pair, as settlement's election reads a route). Unlike Interim §5 ¶8's "(not CenturyTel)",
§5.2 excludes no affiliate, so charges paid to a CenturyTel affiliate count here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable

from meetpoint.agreements import Library, Provision
from meetpoint.compliance.evidence import MonthEvidence, PairMonths, TransitPayment
from meetpoint.compliance.judge import MonthResult, first_start, judge
from meetpoint.compliance.terms import cites, threshold
from meetpoint.compliance.verdict import Verdict

__all__ = ["one_way_mou_2006_03", "transit_charges_2006_03", "two_way_mou_2006_03"]


def _verdict(provision: Provision, condition: str, version: str, pair: PairMonths,
             month: Callable[[MonthEvidence, dt.date], MonthResult | None], note: str) -> Verdict:
    param = provision.params[condition]
    rule = f"{' '.join(provision.text.split())} Condition: \"{param.text}\"."
    return judge(
        provision=provision, trigger=f"{provision.id}.{condition}", rule_version=version, pair=pair,
        months_param="consecutive_months", test=month, rule=rule,
        cites=cites(provision, condition, "consecutive_months"),
        effective=first_start(provision, condition), notes=(note,),
    )


def two_way_mou_2006_03(lib: Library, provision: Provision, pair: PairMonths) -> Verdict:
    """§5.2(a), from 31 Mar 2006: combined two-way MOU between the two switches, each month of the period."""

    def month(ev: MonthEvidence, on: dt.date) -> MonthResult | None:
        t = threshold(provision, "two_way_mou", on)
        if t is None:
            return None
        return MonthResult({"mou_combined": ev.mou_combined, "mou_forward": ev.mou_forward, "mou_reverse": ev.mou_reverse},
                           {t.words("combined two-way MOU"): t.passes(ev.mou_combined)})

    return _verdict(provision, "two_way_mou", "two_way_mou_2006_03", pair, month,
                    "Both directions' minutes together, their exact total rounded up once.")


def one_way_mou_2006_03(lib: Library, provision: Provision, pair: PairMonths) -> Verdict:
    """§5.2(b), from 31 Mar 2006: MOU from the CenturyTel switch (``from_switch``) to the IDT switch."""
    ilec = provision.facts["ilec"]
    if pair.from_carrier != ilec:
        raise ValueError(f"§5.2(b) counts traffic from {ilec}'s switch; {pair.from_switch} is {pair.from_carrier}'s")

    def month(ev: MonthEvidence, on: dt.date) -> MonthResult | None:
        t = threshold(provision, "one_way_mou", on)
        if t is None:
            return None
        return MonthResult({"mou_one_way": ev.mou_forward}, {t.words(f"MOU from {ilec}"): t.passes(ev.mou_forward)})

    return _verdict(provision, "one_way_mou", "one_way_mou_2006_03", pair, month,
                    f"Only traffic originating on {pair.from_switch} ({ilec}) to {pair.to_switch} counts.")


def _not_a_party(parties: tuple[str, str]) -> Callable[[TransitPayment], str | None]:
    def counts(p: TransitPayment) -> str | None:
        if p.payer not in parties:
            return f"paid by {p.payer}, not by a Party"
        if p.transit_carrier in parties:
            return f"{p.transit_carrier} is a Party, not a third party"
        return None

    return counts


def transit_charges_2006_03(lib: Library, provision: Provision, pair: PairMonths) -> Verdict:
    """§5.2(c), from 31 Mar 2006: third-party transit charges either Party paid on one route."""
    counts = _not_a_party((pair.from_carrier, pair.to_carrier))

    def month(ev: MonthEvidence, on: dt.date) -> MonthResult | None:
        t = threshold(provision, "transit_charges", on)
        if t is None:
            return None
        amount, by_carrier, left_out = ev.transit_paid(counts)
        values: dict[str, Any] = {"transit_paid": amount, "transit_by_carrier": by_carrier}
        if left_out:
            values["transit_not_counted"] = left_out
        return MonthResult(values, {t.words("third-party transit charges on one route"): t.passes(amount)})

    return _verdict(provision, "transit_charges", "transit_charges_2006_03", pair, month,
                    "Charges either Party was assessed by a carrier that is not a Party, on the route between the two switches; "
                    "affiliates are not excluded (§5.2 names none).")
