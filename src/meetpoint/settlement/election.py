"""The transit-difference election, billed quarterly with proof of payment.

Interim Arrangement §5 ¶8 (Amendment §3 ¶8 says the same with the companies swapped):

    "Should the conditions reflected in alternative scenario (2) above be met, Socket may at its
    election pay Spectra the difference between the properly assessed transiting charges
    associated with a single traffic exchange route per month and $672.00 per month, rather than
    establish a direct connection. ... Spectra will bill Socket pursuant to such election on a
    quarterly basis together with proof of payment to the third party."

and scenario (2)(b) counts only "transmitting charges by a third party (not CenturyTel)".

For each election (``elections`` table: agreement, electing carrier, route as a switch pair, from
date, notice) and each month of the period just ended:

- paid = the transit charges the biller paid that month on that route (either order of the two
  switches) to a carrier that is a third party: not the biller, not a carrier scenario (2)
  excludes (``direct_connection.mou_and_transit`` ``third_party_excludes``), not an affiliate of
  the biller;
- amount = max(0, paid − baseline), the baseline ($672.00) and the period (3 months) from the
  library (``direct_connection.transit_election.monthly_baseline`` / ``.billing_period``);
- one line per route and month, $0.00 months included, with every proof reference;
- billed in the first bill month after the calendar quarter ends (January, April, July, October);
- an election covers whole months: the first month starting on or after its ``from`` date, until
  ``ends`` (exclusive); nothing before the agreement's commencement.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable

from meetpoint.agreements import Agreement
from meetpoint.settlement._library import library_rate, provision_or_none
from meetpoint.settlement.lines import ChargeLine, to_cents
from meetpoint.settlement.periods import election_months, month_key, month_period

__all__ = ["PROVISION", "Election", "TransitCharge", "election_lines", "route_key"]

PROVISION = "direct_connection.transit_election"
#: Scenario (2), whose ``third_party_excludes`` names the carrier whose charges never count.
SCENARIO = "direct_connection.mou_and_transit"
_ZERO = Decimal("0.00")


def route_key(a: str, b: str) -> str:
    """A route as an unordered switch pair, written ``A~B`` with the CLLIs sorted."""
    x, y = sorted((a.upper(), b.upper()))
    return f"{x}~{y}"


@dataclass(frozen=True)
class Election:
    """A carrier's election to pay the transit difference on one route."""

    agreement: str
    electing_carrier: str
    switch_a: str
    switch_b: str
    from_date: dt.date
    ends: dt.date | None
    notice: str

    @property
    def route(self) -> str:
        return route_key(self.switch_a, self.switch_b)

    def covers(self, month_first: dt.date) -> bool:
        return self.from_date <= month_first and (self.ends is None or month_first < self.ends)


@dataclass(frozen=True)
class TransitCharge:
    """Transit charges a carrier actually paid a transit carrier for one route and month."""

    month: dt.date  # first day
    payer: str
    transit_carrier: str
    orig_switch: str
    term_switch: str
    amount: Decimal
    proof: str

    @property
    def route(self) -> str:
        return route_key(self.orig_switch, self.term_switch)


def election_lines(
    elections: Iterable[Election],
    charges: Iterable[TransitCharge],
    bill_month: str | dt.date,
    agr: Agreement,
    *,
    biller: str,
    billed: str,
    not_third_party: Iterable[str] = (),
    commencement: dt.date | None = None,
) -> list[ChargeLine]:
    """Election lines on the bill of ``bill_month`` from ``biller`` to ``billed`` (see the module docstring).

    ``not_third_party``: carriers whose charges do not count (the biller's affiliates and the
    provision's ``third_party_excludes``; the biller itself never counts).
    """
    prov = provision_or_none(agr, PROVISION)
    if prov is None or prov.facts.get("billing_party", biller) != biller or prov.facts.get("electing_party", billed) != billed:
        return []
    months_param = library_rate(agr, f"{PROVISION}.billing_period", election_months_anchor(bill_month))
    if months_param is None:
        return []
    scenario = provision_or_none(agr, SCENARIO)
    excluded = {biller, *not_third_party, *(scenario.facts.get("third_party_excludes", []) if scenario else [])}
    charges = list(charges)
    out: list[ChargeLine] = []
    for el in sorted({e for e in elections if e.agreement == agr.id and e.electing_carrier == billed},
                     key=lambda e: (e.route, e.from_date)):
        for month in election_months(bill_month, int(months_param.value)):
            if not el.covers(month) or (commencement and month_period(month).last < commencement):
                continue
            baseline = library_rate(agr, f"{PROVISION}.monthly_baseline", month)
            if baseline is None:
                continue
            out.append(_line(el, month, charges, baseline, excluded, biller, prov.full_cite))
    return out


def election_months_anchor(bill_month: str | dt.date) -> dt.date:
    """The date the billing period is read on: the first day of the bill month."""
    return month_period(bill_month).first


def _line(el: Election, month: dt.date, charges: list[TransitCharge], baseline, excluded: set[str],
          biller: str, cite: str) -> ChargeLine:
    mine = sorted((c for c in charges if c.month == month and c.payer == biller and c.route == el.route),
                  key=lambda c: (c.transit_carrier, c.proof, c.amount))
    counted = [c for c in mine if c.transit_carrier not in excluded]
    ignored = [c for c in mine if c.transit_carrier in excluded]
    paid = sum((c.amount for c in counted), _ZERO)
    difference = to_cents(max(_ZERO, paid - baseline.value))
    period = month_period(month)
    return ChargeLine(
        key=f"transit_election:{el.route}:{month_key(month)}", kind="transit_election",
        description=(f"transit difference, route {el.route}, {month_key(month)}: paid {to_cents(paid)} "
                     f"− {baseline.value} = {difference}" if difference else
                     f"transit difference, route {el.route}, {month_key(month)}: paid {to_cents(paid)}, "
                     f"not above {baseline.value}: nothing due"),
        service_period=period.as_tuple(), quantity=Decimal(1), unit="route-month", rate=difference,
        amount=difference, cite=cite,
        inputs={"route": el.route, "month": month_key(month), "paid": paid, "baseline": baseline.value,
                "baseline_since": baseline.entry.since, "baseline_change": baseline.entry.change,
                "election_from": el.from_date, "notice": el.notice,
                "proofs": [c.proof for c in counted],
                "transit_carriers": sorted({c.transit_carrier for c in counted}),
                "not_counted": [{"proof": c.proof, "transit_carrier": c.transit_carrier, "amount": c.amount,
                                 "why": "not a third party (the biller or its affiliate)"} for c in ignored]})
