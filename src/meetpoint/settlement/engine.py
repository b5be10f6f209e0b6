"""``compute_charges``: the thin layer that reads the workspace and calls the pricing functions.

The bill of ``bill_month`` from ``biller`` to ``billed`` under one agreement holds, in order
(``docs/settlement.md``):

1. facility lines — recurring, in advance, with initial-bill partial months
   (:mod:`~meetpoint.settlement.periods`, :mod:`~meetpoint.settlement.facilities`); only when the
   biller is the agreement's ILEC and the billed carrier its CLEC;
2. usage lines — the month before, in arrears (:mod:`~meetpoint.settlement.usage`);
3. transit-difference election lines — the calendar quarter just ended, in January, April, July
   and October (:mod:`~meetpoint.settlement.election`);
4. taxes and surcharges last (:mod:`~meetpoint.settlement.taxes`).

Nothing is charged for days before the agreement's commencement: its ``effective`` date, or a
later ``charges_barred_before`` date when the bar protects the billed carrier from the biller
(Interim §7: "Spectra shall not charge Socket for any facilities or services provided prior to the
date of this Agreement").
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from meetpoint.agreements import Agreement
from meetpoint.compliance.balance_study import MUTUAL_COMPENSATION, regime_at
from meetpoint.errors import UnknownAgreementError
from meetpoint.network.lookup import switch_vh
from meetpoint.network.mileage import airline_mileage
from meetpoint.network import tables as NT
from meetpoint.settlement import inputs
from meetpoint.settlement._library import provision_or_none
from meetpoint.settlement.authority import MEASUREMENT, analogy_source, chain_cite
from meetpoint.settlement.election import election_lines
from meetpoint.settlement.facilities import CrossCompany, Facility, price_facility
from meetpoint.settlement.lines import KINDS, ChargeLine
from meetpoint.settlement.periods import bill_periods, month_key, parse_month, recurring_periods
from meetpoint.settlement.taxes import tax_lines, taxes_in_effect
from meetpoint.settlement.usage import MutualCompensation, UsageCell, price_usage

if TYPE_CHECKING:  # pragma: no cover
    from meetpoint.agreements import Library
    from meetpoint.store import Workspace

__all__ = ["commencement", "compute_charges", "facility_miles", "sort_lines"]


def compute_charges(
    ws: "Workspace", lib: "Library", agreement_id: str, biller: str, billed: str, bill_month: str | dt.date,
) -> list[ChargeLine]:
    """Every charge line of one bill (see the module docstring), sorted by kind then key."""
    agr = lib.agreement(agreement_id)
    if not agr.governs_pair(biller, billed):
        raise UnknownAgreementError(f"{agr.id} does not govern {biller} and {billed} (its pairs: {agr.pairs})")
    start = commencement(agr, biller, billed)
    lines = [
        *_facility_lines(ws, lib, agr, biller, billed, bill_month, start),
        *_usage_lines(ws, lib, agr, biller, billed, bill_month, start),
        *_election_lines(ws, lib, agr, biller, billed, bill_month, start),
    ]
    tax = provision_or_none(agr, "taxes.collection")
    taxes = taxes_in_effect(inputs.read_taxes(ws), parse_month(bill_month))
    lines += tax_lines(lines, taxes, biller=biller, billed=billed, bill_month=bill_month,
                       cite=tax.full_cite if tax else None)
    return sort_lines(lines)


def sort_lines(lines: list[ChargeLine]) -> list[ChargeLine]:
    """Lines in bill order: by kind (:data:`~meetpoint.settlement.lines.KINDS`), then key."""
    return sorted(lines, key=lambda line: (KINDS.index(line.kind), line.key))


def commencement(agr: Agreement, biller: str, billed: str) -> dt.date:
    """The first day ``biller`` may charge ``billed`` under ``agr``."""
    start = agr.effective or (agr.known_in_force_by.date if agr.known_in_force_by else None)
    if start is None:
        raise UnknownAgreementError(f"{agr.id}: the seeds give no date it took effect; nothing can be billed under it")
    bar = agr.charges_barred_before
    if bar and bar.barred_party == biller and bar.protected_party == billed:
        start = max(start, bar.before)
    return start


# --- facilities ---------------------------------------------------------------------------------


def _facility_lines(ws: "Workspace", lib: "Library", agr: Agreement, biller: str, billed: str,
                    bill_month: str | dt.date, start: dt.date) -> list[ChargeLine]:
    if agr.roles.get("ilec") != biller or agr.roles.get("clec") != billed:
        return []
    out: list[ChargeLine] = []
    for fac in inputs.read_facilities(ws, agr.id):
        for period in recurring_periods(bill_month, fac.installed, fac.disconnected, start):
            on = period.first
            miles = cross = None
            if fac.transport == "ilec_leased":
                miles = facility_miles(ws, fac, on)
                cross = _cross_company(ws, lib, agr, fac, on)
            mux = inputs.read_supplied_rates(ws, agr.id, on).get(f"muxing.{fac.level.lower()}") if fac.muxing else None
            out += price_facility(fac, period, agr, miles=miles, cross_company=cross, mux_rate=mux)
    return out


def facility_miles(ws: "Workspace", fac: Facility, on: dt.date) -> int:
    """Airline miles between the facility's ends by the workspace's V&H method (rounded up).

    ``meetpoint.toml``'s ``vh_method`` uses :func:`airline_mileage`'s own names (``tariff|plain``).
    """
    v1, h1 = switch_vh(ws, fac.a_clli, on)
    v2, h2 = switch_vh(ws, fac.z_clli, on)
    return airline_mileage(v1, h1, v2, h2, method=ws.config.vh_method).miles  # type: ignore[arg-type]


def _owner(ws: "Workspace", clli: str, on: dt.date) -> str | None:
    NT.ensure(ws)
    rows = ws.run_sql(
        'SELECT owner FROM "switches" WHERE clli = ? AND (effective IS NULL OR effective <= ?) '
        "AND (until IS NULL OR until > ?)", [clli, on, on])
    return rows[0][0] if rows else None


def _affiliated(lib: "Library", a: str, b: str) -> bool:
    try:
        return lib.affiliated(a, b)
    except UnknownAgreementError:  # a carrier the library does not know has no affiliate in it
        return False


def _cross_company(ws: "Workspace", lib: "Library", agr: Agreement, fac: Facility, on: dt.date) -> CrossCompany | None:
    """The biller's office at one end and an affiliated ILEC's at the other (Interim §5 ¶7)?"""
    if provision_or_none(agr, "transport_rates.cross_company_cap") is None:
        return None
    ilec = agr.roles["ilec"]
    owners = {_owner(ws, fac.a_clli, on), _owner(ws, fac.z_clli, on)}
    others = [o for o in owners if o and o != ilec]
    if ilec in owners and len(others) == 1 and _affiliated(lib, ilec, others[0]):
        return CrossCompany(ilec, others[0])
    return None


# --- usage --------------------------------------------------------------------------------------


def _usage_lines(ws: "Workspace", lib: "Library", agr: Agreement, biller: str, billed: str,
                 bill_month: str | dt.date, start: dt.date) -> list[ChargeLine]:
    period = bill_periods(bill_month).usage
    if period.last < start or not ws.has_table("usage_cube"):
        return []
    rows = ws.run_sql(
        "SELECT month, orig_carrier, term_carrier, orig_switch, term_switch, route, jurisdiction, calls, duration_ds "
        "FROM usage_cube WHERE month = ? AND agreement = ? AND orig_carrier = ? AND term_carrier = ?",
        [month_key(period.first), agr.id, billed, biller])
    cells = [UsageCell(*r) for r in rows]
    base = lib.agreement(agr.base) if agr.base else None
    regime = regime_at(ws, agr, period.first)
    mutual = (MutualCompensation(regime.since, regime.study_id or "", regime.cite)
              if regime.regime == MUTUAL_COMPENSATION and regime.since else None)
    return price_usage(cells, period, agr, biller=biller, billed=billed, base=base, notice=mutual,
                       supplied=inputs.read_supplied_rates(ws, agr.id, period.first),
                       measurement_cite=chain_cite(agr, base, MEASUREMENT, analogy_source(lib)))


# --- elections ----------------------------------------------------------------------------------


def _election_lines(ws: "Workspace", lib: "Library", agr: Agreement, biller: str, billed: str,
                    bill_month: str | dt.date, start: dt.date) -> list[ChargeLine]:
    elections = inputs.read_elections(ws, agr.id)
    if not elections:
        return []
    affiliates = [c.id for c in lib.carriers if _affiliated(lib, biller, c.id)]
    return election_lines(elections, inputs.read_transit_charges(ws), bill_month, agr, biller=biller, billed=billed,
                          not_third_party=affiliates, commencement=start)


