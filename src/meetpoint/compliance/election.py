"""Scenario (2)'s election: pay the transit above $672.00, or build the direct connection?

Interim §5 ¶8 / Amendment §3 ¶8: "Should the conditions reflected in alternative scenario (2) above
be met, Socket may at its election pay Spectra the difference between the properly assessed
transiting charges associated with a single traffic exchange route per month and $672.00 per
month, rather than establish a direct connection."

- **Election**, per month: ``max(0, transit on the route - monthly_baseline)``, the baseline read
  from ``direct_connection.transit_election.monthly_baseline``.
- **Direct connection**, per month, at the agreement's facility rates: transport leased from the
  ILEC is ``ds1s x (ds1_termination + ds1_per_mile x miles)`` (§5 ¶6 rate table, the channel
  termination included, ¶3); transport Socket or a third party provides is ``ds1s x
  ds1_channel_termination`` (¶3) plus that transport's own cost, which the agreement does not set
  (so it is not in the figure, and the comparison says so).

Prices come from a *pricer*: by default :func:`settlement_pricer`, settlement's own facility
pricing (:func:`meetpoint.settlement.facilities.price_facility` on a hypothetical DS1 for the whole
month), so the comparison and the bill agree; :func:`library_pricer` reads the library's rates
directly (a small pure function) when settlement is not installed. The result names which one was
used (``source``). One DS1 is assumed unless told otherwise: scenario
(2) is the path for traffic below the DS1 level of scenario (1).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Callable, Literal, Mapping

from meetpoint.agreements import Agreement
from meetpoint.compliance.consecutive import month_end
from meetpoint.errors import AgreementError

__all__ = [
    "ELECTIONS",
    "CostLine",
    "ElectionComparison",
    "Pricer",
    "compare",
    "election_cost",
    "for_verdict",
    "library_pricer",
    "miles_between",
    "settlement_pricer",
    "with_elections",
]

CENT = Decimal("0.01")
Transport = Literal["leased", "own"]
#: ``(agreement, on, transport, miles, ds1s) -> cost lines for one month``.
Pricer = Callable[[Agreement, dt.date, Transport, "int | None", int], "list[CostLine]"]
LIBRARY_SOURCE = "agreement library rates (transport_rates.*), read directly"
SETTLEMENT_SOURCE = "settlement facility pricing (meetpoint.settlement.facilities.price_facility)"


@dataclasses.dataclass(frozen=True)
class CostLine:
    """One priced item: what, how much (cents), the clause, and the figures that produced it."""

    what: str
    amount: Decimal
    cite: str
    inputs: dict[str, Any]


def _money(agr: Agreement, name: str, on: dt.date) -> tuple[Decimal, str]:
    entry = agr.parameter(name).entry_at(on)
    if entry is None or not isinstance(entry.value, Decimal):
        raise AgreementError(f"{agr.id}: {name} has no price on {on} ({None if entry is None else entry.value!r})")
    return entry.value, entry.cite


def election_cost(agr: Agreement, month: str, transit_paid: Decimal) -> CostLine:
    """What Socket pays under the election for one month of one route: the transit above the baseline.

    >>> from meetpoint.agreements import load_library
    >>> agr = load_library().agreement("socket-spectra-interim-2005")
    >>> election_cost(agr, "2006-03", Decimal("1000.00")).amount
    Decimal('328.00')
    """
    base, cite = _money(agr, "direct_connection.transit_election.monthly_baseline", month_end(month))
    amount = max(Decimal("0"), Decimal(transit_paid) - base).quantize(CENT, ROUND_HALF_UP)
    return CostLine(f"{month}: transit paid above {base}", amount, cite,
                    {"month": month, "transit_paid": Decimal(transit_paid), "baseline": base})


def library_pricer(agr: Agreement, on: dt.date, transport: Transport, miles: int | None, ds1s: int) -> list[CostLine]:
    """One month of ``ds1s`` DS1s at the agreement's rates (see the module docstring)."""
    if transport == "leased":
        if miles is None:
            raise ValueError("leased transport is priced per mile: give the airline miles between the switches")
        term, term_cite = _money(agr, "transport_rates.leased_transport.ds1_termination", on)
        per_mile, mile_cite = _money(agr, "transport_rates.leased_transport.ds1_per_mile", on)
        return [
            CostLine(f"DS1 channel mileage termination x {ds1s}", (term * ds1s).quantize(CENT, ROUND_HALF_UP),
                     term_cite, {"ds1s": ds1s, "rate": term}),
            CostLine(f"DS1 channel mileage facility x {ds1s} x {miles} mi", (per_mile * miles * ds1s).quantize(CENT, ROUND_HALF_UP),
                     mile_cite, {"ds1s": ds1s, "miles": miles, "rate": per_mile}),
        ]
    term, cite = _money(agr, "transport_rates.channel_termination.ds1_channel_termination", on)
    return [CostLine(f"DS1 channel termination x {ds1s} (transport by Socket or a third party, not priced here)",
                     (term * ds1s).quantize(CENT, ROUND_HALF_UP), cite, {"ds1s": ds1s, "rate": term})]


def settlement_pricer(agr: Agreement, on: dt.date, transport: Transport, miles: int | None, ds1s: int) -> list[CostLine]:
    """One month of ``ds1s`` DS1s priced by settlement as a circuit of that month (no muxing, no
    collocation): leased from the ILEC, or provided by Socket (``own``)."""
    from meetpoint.settlement.facilities import Facility, price_facility
    from meetpoint.settlement.periods import month_period

    fac = Facility(circuit_id="direct-connection", agreement=agr.id, level="DS1", a_clli="A", z_clli="Z",
                   transport="ilec_leased" if transport == "leased" else "self")
    if transport == "leased" and miles is None:
        raise ValueError("leased transport is priced per mile: give the airline miles between the switches")
    lines = price_facility(fac, month_period(on), agr, miles=miles)
    return [CostLine(f"{l.description} x {ds1s}", (l.amount * ds1s).quantize(CENT, ROUND_HALF_UP), l.cite,
                     {"ds1s": ds1s, "rate": l.rate, "quantity": l.quantity}) for l in lines]


def _default_pricer() -> tuple[Pricer, str]:
    try:
        import meetpoint.settlement.facilities  # noqa: F401
    except ImportError:
        return library_pricer, LIBRARY_SOURCE
    return settlement_pricer, SETTLEMENT_SOURCE


@dataclasses.dataclass(frozen=True)
class ElectionComparison:
    """The election's cost against the direct connection's over the same months."""

    months: tuple[str, ...]
    election: tuple[CostLine, ...]
    direct_connection: tuple[CostLine, ...]
    election_total: Decimal
    direct_connection_total: Decimal
    cheaper: str
    transport: str
    source: str
    cites: tuple[str, ...]
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def compare(agr: Agreement, transit_by_month: Mapping[str, Decimal], *, miles: int | None = None,
            ds1s: int = 1, transport: Transport = "leased", pricer: Pricer | None = None,
            source: str | None = None) -> ElectionComparison:
    """Election vs direct connection over the months of ``transit_by_month`` (transit on one route).

    >>> from meetpoint.agreements import load_library
    >>> agr = load_library().agreement("socket-spectra-interim-2005")
    >>> c = compare(agr, {"2006-01": Decimal("700.00"), "2006-02": Decimal("900.00")}, miles=10)
    >>> c.election_total, c.direct_connection_total, c.cheaper
    (Decimal('256.00'), Decimal('61.20'), 'direct_connection')
    """
    if not transit_by_month:
        raise ValueError("no months to compare")
    if pricer is None:
        price, default_source = _default_pricer()
    else:
        known = {library_pricer: LIBRARY_SOURCE, settlement_pricer: SETTLEMENT_SOURCE}
        price, default_source = pricer, known.get(pricer, getattr(pricer, "__qualname__", "custom pricer"))
    months = tuple(sorted(transit_by_month))
    election = tuple(election_cost(agr, m, transit_by_month[m]) for m in months)
    direct = tuple(line for m in months for line in
                   (dataclasses.replace(l, what=f"{m}: {l.what}") for l in price(agr, month_end(m), transport, miles, ds1s)))
    e_total = sum((l.amount for l in election), Decimal("0.00"))
    d_total = sum((l.amount for l in direct), Decimal("0.00"))
    cheaper = "equal" if e_total == d_total else ("election" if e_total < d_total else "direct_connection")
    notes = ["Transport provided by Socket or a third party is not priced by the agreement; only the channel "
             "termination is counted."] if transport == "own" else []
    notes.append(f"{ds1s} DS1(s) assumed for the direct connection.")
    return ElectionComparison(
        months=months, election=election, direct_connection=direct, election_total=e_total,
        direct_connection_total=d_total, cheaper=cheaper, transport=transport,
        source=source or default_source,
        cites=tuple(dict.fromkeys(l.cite for l in (*election, *direct))), notes=tuple(notes),
    )


def for_verdict(agr: Agreement, verdict: Any, **kw: Any) -> ElectionComparison | None:
    """The comparison for a met scenario-(2) verdict, over the months from the start of its first
    qualifying run to the last month judged (the months the election could have been billed for);
    ``None`` when the verdict is not met. ``kw`` goes to :func:`compare`."""
    if not verdict.met:
        return None
    rows = list(verdict.evidence)
    end = next(i for i, r in enumerate(rows) if r.month == verdict.first_met)
    start = end - rows[end].run + 1
    transit = {r.month: Decimal(r.values.get("transit_paid", "0")) for r in rows[start:]
               if "transit_paid" in r.values}
    return compare(agr, transit, **kw) if transit else None


#: Which trigger opens which election: scenario (2) of Interim §5 ¶8 / Amendment §3 ¶8 ("Should the
#: conditions reflected in alternative scenario (2) above be met, Socket may at its election ...").
ELECTIONS: dict[str, str] = {"direct_connection.mou_and_transit": "direct_connection.transit_election"}


def miles_between(ws: Any, a: str, b: str, on: dt.date) -> int | None:
    """Airline miles between two switches from the workspace network (``None`` when unknown)."""
    from meetpoint.errors import MeetpointError
    from meetpoint.network.lookup import switch_vh
    from meetpoint.network.mileage import airline_miles

    try:
        (v1, h1), (v2, h2) = switch_vh(ws, a, on), switch_vh(ws, b, on)
    except MeetpointError:
        return None
    return airline_miles(v1, h1, v2, h2, method=ws.config.vh_method)


def with_elections(lib: Any, verdicts: list[Any], miles: Callable[[str, str, dt.date], "int | None"]) -> list[Any]:
    """Each met verdict that opens an election (:data:`ELECTIONS`) gets ``extra["election"]``: the
    comparison with a leased DS1 when the miles are known, else with the channel termination only."""
    out = []
    for v in verdicts:
        agr = lib.agreement(v.agreement)
        election_id = ELECTIONS.get(v.trigger)
        if v.met and election_id and election_id in {p.id for p in agr.provisions}:
            d = miles(v.from_switch, v.to_switch, month_end(v.first_met))
            c = for_verdict(agr, v, miles=d, transport="leased" if d is not None else "own")
            if c is not None:
                v = dataclasses.replace(v, extra={**v.extra, "election": c.to_dict()})
        out.append(v)
    return out
