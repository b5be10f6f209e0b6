"""Direct connection for EAS rate centers of third carriers: Interim §5 ¶8 and Amendment §3 ¶8.

    "... a direct connection will only be required (except as noted below) either (1) when traffic
    between two single switches of Socket and Spectra reaches a DS1 level, or (2) when both of the
    following conditions are met: (a) one-way traffic between two such single switches reaches
    112,000 minutes of use (MOU) for three consecutive months, and (b) Spectra submits to Socket
    proof of payment of properly assessed transmitting charges by a third party (not CenturyTel) in
    excess of $672.00 per month. Traffic will be deemed to have reached a DS1 level when traffic
    studies of average busy hour CCS indicate that the number of trunks necessary to achieve a .001
    Grade of Service based upon application of the Erlang B table is equal to or exceeds 24 for
    three consecutive months, and not before then."

The Amendment says the same with CenturyTel and "(not Spectra)". Every number above is read from
the provision's parameters (``direct_connection.ds1_level``, ``direct_connection.mou_and_transit``).

How we read it (docs/decisions.md):

- Scenario (1) "traffic between two single switches" is both directions together: the busy-hour
  CCS of the two-way load (trunks between two switches are sized for both directions), unlike (2)(a),
  which says "one-way".
- Zero busy-hour load needs zero trunks. Erlang B's convention B(0, 0) = 1 makes
  ``trunks(0, gos) == 1``; a month with no traffic needs no trunk, so it is special-cased here.
- Scenario (2): (b) must hold in each month of the qualifying three-month run ("in excess of
  $672.00 per month"), in the same months as (a). The charges are summed on the route (the switch
  pair, as settlement's election reads a route), counting those the ILEC paid (it "submits ...
  proof of payment") to a third party: neither a party nor the ILEC's affiliate (the clause's
  "(not CenturyTel)", generalised by ``Library.affiliation``). One-way traffic is judged for each
  direction on its own.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Callable

from meetpoint.agreements import Library, Provision
from meetpoint.compliance.evidence import MonthEvidence, PairMonths, TransitPayment
from meetpoint.compliance.judge import MonthResult, first_start, judge
from meetpoint.compliance.terms import cites, threshold, value
from meetpoint.compliance.verdict import Verdict
from meetpoint.teletraffic import ccs_to_erlangs, trunks

__all__ = ["ds1_level_2005_10", "mou_and_transit_2005_10", "third_party_counts", "trunks_needed"]


def trunks_needed(ccs: float, gos: Decimal | float) -> int:
    """Trunks needed for ``gos`` by Erlang B from a busy-hour load in CCS; no load needs no trunk.

    >>> trunks_needed(432, "0.001"), trunks_needed(0, "0.001")
    (24, 0)
    """
    if ccs < 0:
        raise ValueError(f"a busy-hour load cannot be negative: {ccs!r} CCS")
    if ccs == 0:
        return 0  # B(0, 0) = 1 by convention gives trunks(0, g) == 1; no traffic needs no trunk
    return int(trunks(float(ccs_to_erlangs(float(ccs))), float(gos)))


def _quote(provision: Provision) -> str:
    return " ".join(provision.text.split())


def ds1_level_2005_10(lib: Library, provision: Provision, pair: PairMonths) -> Verdict:
    """Scenario (1), from 17 Oct 2005: trunks needed at the grade of service, by Erlang B from the
    month's two-way average busy-hour CCS, reach the threshold for the consecutive months."""

    def month(ev: MonthEvidence, on: dt.date) -> MonthResult | None:
        need, gos = threshold(provision, "trunks", on), value(provision, "grade_of_service", on)
        if need is None or gos is None:
            return None
        label = need.words("trunks needed")
        if ev.busy_hour_ccs is None:
            return MonthResult({"busy_hour_ccs": None, "grade_of_service": gos}, {label: False},
                               "no traffic study of average busy hour CCS for this month")
        n = trunks_needed(ev.busy_hour_ccs, gos)
        return MonthResult(
            {"busy_hour_ccs": ev.busy_hour_ccs, "erlangs": float(ccs_to_erlangs(ev.busy_hour_ccs)),
             "grade_of_service": gos, "trunks_needed": n, "mou_combined": ev.mou_combined},
            {label: need.passes(n)},
        )

    return judge(
        provision=provision, trigger=provision.id, rule_version="ds1_level_2005_10", pair=pair,
        months_param="consecutive_months", test=month, rule=_quote(provision),
        cites=cites(provision),
        effective=first_start(provision, "trunks"),
        notes=("Traffic between the two switches is both directions together (two-way busy-hour CCS).",),
    )


def third_party_counts(lib: Library, provision: Provision, parties: tuple[str, str]) -> Callable[[TransitPayment], str | None]:
    """Scenario (2)(b)'s filter: ``None`` when a payment counts, else why it does not."""
    ilec = provision.facts.get("proof_from") or provision.facts["ilec"]
    excluded = set(provision.facts.get("third_party_excludes", []))

    def counts(p: TransitPayment) -> str | None:
        if p.payer != ilec:
            return f"paid by {p.payer}, not by {ilec}, who must submit the proof of payment"
        if p.transit_carrier in parties:
            return f"{p.transit_carrier} is a party, not a third party"
        if p.transit_carrier in excluded or lib.affiliation(ilec, p.transit_carrier) is not None:
            return f"{p.transit_carrier} is {ilec}'s affiliate, not a third party"
        return None

    return counts


def mou_and_transit_2005_10(lib: Library, provision: Provision, pair: PairMonths) -> Verdict:
    """Scenario (2), from 17 Oct 2005: one-way MOU from ``from_switch`` to ``to_switch`` reaches the
    threshold AND third-party transit paid by the ILEC on one route exceeds the monthly amount, in
    each month of the consecutive run."""
    counts = third_party_counts(lib, provision, (pair.from_carrier, pair.to_carrier))

    def month(ev: MonthEvidence, on: dt.date) -> MonthResult | None:
        mou, paid = threshold(provision, "one_way_mou", on), threshold(provision, "transit_paid", on)
        if mou is None or paid is None:
            return None
        amount, by_carrier, left_out = ev.transit_paid(counts)
        values: dict[str, Any] = {"mou_one_way": ev.mou_forward, "transit_paid": amount, "transit_by_carrier": by_carrier}
        if left_out:
            values["transit_not_counted"] = left_out
        return MonthResult(values, {mou.words("one-way MOU"): mou.passes(ev.mou_forward),
                                    paid.words("third-party transit paid"): paid.passes(amount)})

    return judge(
        provision=provision, trigger=provision.id, rule_version="mou_and_transit_2005_10", pair=pair,
        months_param="consecutive_months", test=month, rule=_quote(provision),
        cites=cites(provision),
        effective=first_start(provision, "one_way_mou"),
        notes=(f"One-way traffic from {pair.from_switch} to {pair.to_switch}; condition (b) is required in each "
               "month of the same run, on the route between the two switches, paid by the ILEC to a carrier that is not its affiliate.",),
    )
