"""Facility charges: channel termination, leased transport, muxing, the cross-company cap.

Interim Arrangement §5 ¶3 and Amendment §3 ¶3 (the Interim is quoted; the Amendment says the same
of CenturyTel):

    "Socket's physical connection to the Spectra switch shall be subject to channel termination
    charges except to the extent that such physical connection to the switch is included in
    collocation features obtained by Socket or through a shared collocation arrangement. Where
    Socket leases transport facilities from Spectra to reach and connect to the Spectra switch,
    the channel termination charge is included in the leased transport rates listed below. Where
    Socket or a third party provides the transport, the monthly channel termination charge is
    $24.50 per DS-1 and $257.83 per DS-3. Muxing or multi-plexing charges will apply where muxing
    or multi-plexing is required."

The rules, as a table (``transport`` × ``collocation``):

==============  ===========  ===============================================================
transport       collocation  lines per circuit and service period
==============  ===========  ===============================================================
self            yes          channel termination $0.00 ("included in collocation features")
third_party     yes          the same
self            no           channel termination (¶3): ``{ds1,ds3}_channel_termination``
third_party     no           channel termination (¶3): ``{ds1,ds3}_third_party``; subject to
                             refund under ¶4
ilec_leased     either       channel mileage termination + miles × channel mileage facility
                             (¶6 rate table; the channel termination is included, ¶3)
==============  ===========  ===============================================================

¶3 states one rate for both kinds of transport, but ¶4 decides connections "when Socket leases
transport from a third party" on their own: "If ... it is determined that no rate should apply ...,
any such charges that were paid by Socket ... will be subject to refund. If ... a different rate
should apply ..., such rate shall apply on a going forward basis only." The library therefore keeps
the third-party rate as its own parameter, which a decision can change alone (the loader holds it
to ¶4), and the parameter is picked by the facility's ``transport``. An agreement without a
separate third-party parameter prices both with its one channel termination rate. A third-party
rate ended by a dated null ("no rate should apply") is a $0.00 line citing the decision.

plus a muxing line where ``muxing`` is set: the library's rate if it has one, else the rate the
workspace supplies from the tariff (``supplied_rates`` item ``muxing.ds1``/``muxing.ds3``), else a
``TBD`` line with no amount — never a guess.

**Cross-company cap** (¶7: "the total charges shall not exceed the amount that would apply if the
facility was between two offices served by Spectra"). For leased transport whose two ends are
offices of two affiliated ILECs (CenturyTel and Spectra), each company billing its own portion
would charge a channel mileage termination at its own office plus its share of the same airline
mileage: two terminations + miles × rate. Between two offices of the billing company the same
facility costs one termination + miles × rate. Both terminations are shown, then a cap line
(negative) brings the total down to the one-company amount; the cap therefore binds by exactly one
termination. Mileage is the airline mileage between the two ends either way (the meet point
splits it, it does not lengthen it).

Amounts are prorated by calendar days (:func:`meetpoint.settlement.periods.prorate`), each line
rounded to cents once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from meetpoint.agreements import Agreement
from meetpoint.settlement._library import (
    LibraryRate,
    SuppliedRate,
    ended_rate,
    library_param,
    library_rate,
    provision_or_none,
)
from meetpoint.settlement.lines import ChargeLine, to_cents
from meetpoint.settlement.periods import Period, month_key, prorate

__all__ = ["LEVELS", "TRANSPORTS", "CrossCompany", "Facility", "price_facility"]

LEVELS: tuple[str, ...] = ("DS1", "DS3")
TRANSPORTS: tuple[str, ...] = ("ilec_leased", "self", "third_party")

#: Channel termination parameters by who provides the transport, most specific first (¶3, ¶4).
_TERMINATION = {
    "self": ("transport_rates.channel_termination.{lvl}_channel_termination",),
    "third_party": ("transport_rates.channel_termination.{lvl}_third_party",
                    "transport_rates.channel_termination.{lvl}_channel_termination"),
}
_LEASED_TERMINATION = "transport_rates.leased_transport.{lvl}_termination"
_LEASED_PER_MILE = "transport_rates.leased_transport.{lvl}_per_mile"
_MUX = "transport_rates.muxing.rate"
_ZERO = Decimal("0.00")
_ONE = Decimal(1)


@dataclass(frozen=True)
class Facility:
    """One circuit of ``facilities.csv`` (see ``docs/reference-data.md``)."""

    circuit_id: str
    agreement: str
    level: str  # DS1 | DS3
    a_clli: str
    z_clli: str
    transport: str  # ilec_leased | self | third_party
    collocation: bool = False
    muxing: bool = False
    installed: dt.date | None = None
    disconnected: dt.date | None = None

    def __post_init__(self) -> None:
        if self.level not in LEVELS:
            raise ValueError(f"{self.circuit_id}: level {self.level!r} is not one of {', '.join(LEVELS)}")
        if self.transport not in TRANSPORTS:
            raise ValueError(f"{self.circuit_id}: transport {self.transport!r} is not one of {', '.join(TRANSPORTS)}")


@dataclass(frozen=True)
class CrossCompany:
    """The facility joins an office of the billing ILEC and an office of its affiliate."""

    biller: str
    affiliate: str


class _Lines:
    """Builds the lines of one circuit for one service period."""

    def __init__(self, fac: Facility, period: Period) -> None:
        self.fac, self.period, self.out = fac, period, []  # type: ignore[var-annotated]

    def add(self, element: str, description: str, rate: Any, cite: str, /, quantity: Decimal = _ONE,
            unit: str = "circuit-month", amount: Decimal | None = None, **inputs: Any) -> None:
        p, fac = self.period, self.fac
        if amount is None:
            amount = prorate(rate, p, quantity) if isinstance(rate, Decimal) else _ZERO
        base = {"circuit": fac.circuit_id, "level": fac.level, "transport": fac.transport,
                "a_clli": fac.a_clli, "z_clli": fac.z_clli, "collocation": fac.collocation,
                "days": p.days, "month_days": p.month_days}
        self.out.append(ChargeLine(
            key=f"facility:{fac.circuit_id}:{month_key(p.first)}:{element}", kind="facility",
            description=f"{fac.circuit_id} {fac.level}: {description}" + ("" if p.whole_month else f" ({p.days}/{p.month_days} days)"),
            service_period=p.as_tuple(), quantity=quantity, unit=unit, rate=rate, amount=amount,
            cite=cite, inputs=base | inputs))


def _need(rate: LibraryRate | None, agr: Agreement, name: str, on: dt.date) -> LibraryRate:
    if rate is None:
        raise ValueError(f"{agr.id} has no value for {name} on {on}: facility charges need it")
    return rate


def price_facility(
    fac: Facility,
    period: Period,
    agr: Agreement,
    *,
    miles: int | None = None,
    cross_company: CrossCompany | None = None,
    mux_rate: SuppliedRate | None = None,
) -> list[ChargeLine]:
    """The lines of circuit ``fac`` for ``period`` (one calendar month or part of one) under ``agr``.

    ``miles`` (airline miles, already rounded up) is required for ``ilec_leased`` transport.
    """
    on, lvl, out = period.first, fac.level.lower(), _Lines(fac, period)
    if fac.transport == "ilec_leased":
        _leased(out, agr, on, lvl, miles, cross_company)
    else:
        _termination(out, agr, on, lvl)
    if fac.muxing:
        _muxing(out, agr, on, mux_rate)
    return out.out


def _termination_name(agr: Agreement, transport: str, lvl: str) -> str:
    """The channel termination parameter for this transport: the first of ``_TERMINATION`` the agreement has."""
    names = [n.format(lvl=lvl) for n in _TERMINATION[transport]]
    return next((n for n in names if library_param(agr, n) is not None), names[0])


def _termination(out: _Lines, agr: Agreement, on: dt.date, lvl: str) -> None:
    name = _termination_name(agr, out.fac.transport, lvl)
    rate = library_rate(agr, name, on)
    ended = ended_rate(agr, name, on) if rate is None else None
    if rate is None and ended is None:  # an agreement with no channel termination rate (e.g. IDT: its tariffs)
        prov = provision_or_none(agr, "pricing.rates_and_charges")
        out.add("termination", "channel termination (no rate in the agreement)", "tariff",
                prov.full_cite if prov else agr.cite_prefix, library=name)
        return
    if out.fac.collocation:
        src = rate or ended
        out.add("termination", "channel termination included in collocation features: no charge", _ZERO,
                src.cite, **src.inputs())
        return
    extra: dict[str, Any] = {}
    true_up = provision_or_none(agr, "transport_rates.arbitration_true_up")
    if out.fac.transport == "third_party" and true_up is not None:
        extra["subject_to"] = f"{true_up.full_cite}: refund if no rate applies; a different rate going forward only"
    who = "Socket/CLEC" if out.fac.transport == "self" else "a third party"
    if ended is not None:  # a dated null: "no rate should apply" (e.g. an arbitration order under ¶4)
        out.add("termination", f"channel termination, transport provided by {who}: no rate applies", _ZERO,
                ended.cite, **ended.inputs(), **extra)
        return
    out.add("termination", f"channel termination, transport provided by {who}", rate.value, rate.cite,
            **rate.inputs(), **extra)


def _leased(out: _Lines, agr: Agreement, on: dt.date, lvl: str, miles: int | None,
            cross: CrossCompany | None) -> None:
    if miles is None:
        raise ValueError(f"{out.fac.circuit_id}: leased transport needs the airline miles between its ends")
    term = _need(library_rate(agr, _LEASED_TERMINATION.format(lvl=lvl), on), agr, _LEASED_TERMINATION.format(lvl=lvl), on)
    mile = _need(library_rate(agr, _LEASED_PER_MILE.format(lvl=lvl), on), agr, _LEASED_PER_MILE.format(lvl=lvl), on)
    where = f" at the {cross.biller} office" if cross else ""
    out.add("termination", f"leased transport, channel mileage termination{where} (channel termination included)",
            term.value, term.cite, **term.inputs())
    out.add("mileage", f"leased transport, channel mileage facility, {miles} airline miles", mile.value, mile.cite,
            quantity=Decimal(miles), unit="mile-month", miles=miles, **mile.inputs())
    if cross is None:
        return
    cap = provision_or_none(agr, "transport_rates.cross_company_cap")
    cap_cite = cap.full_cite if cap else term.cite
    out.add("termination-affiliate", f"leased transport, channel mileage termination at the {cross.affiliate} office",
            term.value, term.cite, **term.inputs())
    uncapped = sum((line.amount for line in out.out[-3:]), _ZERO)
    one_company = out.out[-3].amount + out.out[-2].amount
    out.add("cap", f"cross-company cap: no more than between two {cross.biller} offices", term.value, cap_cite,
            quantity=Decimal(-1), amount=to_cents(one_company - uncapped), uncapped=uncapped,
            cap=one_company, offices=[cross.biller, cross.affiliate])


def _muxing(out: _Lines, agr: Agreement, on: dt.date, supplied: SuppliedRate | None) -> None:
    rate = library_rate(agr, _MUX, on)
    if rate is None:
        return  # the agreement has no muxing term at all
    if isinstance(rate.value, Decimal):
        out.add("mux", "muxing", rate.value, rate.cite, **rate.inputs())
    elif supplied is not None:
        out.add("mux", f"muxing at the tariff rate ({supplied.reference})", supplied.rate,
                f"{rate.cite}; {supplied.reference}", **(rate.inputs() | supplied.inputs()))
    else:
        out.add("mux", "muxing: rate TBD (the agreement gives none and no tariff rate is supplied)", "TBD",
                rate.cite, **rate.inputs())
