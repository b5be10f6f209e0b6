"""Reading rates and cites from the agreement library for settlement (private helpers)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from meetpoint.agreements import Agreement, DatedValue, Parameter
from meetpoint.errors import UnknownAgreementError

__all__ = ["LibraryRate", "SuppliedRate", "ended_rate", "library_param", "library_rate", "provision_or_none"]


@dataclass(frozen=True)
class LibraryRate:
    """A parameter's value on a date, with where it came from (for ``ChargeLine.inputs``)."""

    name: str
    value: Any  # Decimal | int | "TBD" | "tariff"
    entry: DatedValue

    @property
    def cite(self) -> str:
        return self.entry.cite

    def inputs(self) -> dict[str, Any]:
        return {"library": self.name, "value": self.value, "since": self.entry.since, "change": self.entry.change}


@dataclass(frozen=True)
class SuppliedRate:
    """A rate the workspace supplies where the agreement gives none (``supplied_rates`` table).

    ``basis`` is ``tariff`` (the ILEC's tariff, e.g. muxing or access), ``interim`` (Art. III §47:
    the nearest analogous item's price until one is established) or ``agreed`` (the parties met
    and conferred). ``reference`` names the tariff section or the analogous item.
    """

    agreement: str
    item: str
    rate: Decimal
    unit: str
    basis: str
    reference: str
    effective: dt.date | None = None

    def inputs(self) -> dict[str, Any]:
        return {"supplied_rate": self.item, "rate": self.rate, "basis": self.basis,
                "reference": self.reference, "supplied_since": self.effective}


def library_param(agr: Agreement, name: str) -> Parameter | None:
    """The parameter ``name`` of ``agr``, or None when the agreement has no such parameter."""
    try:
        return agr.parameter(name)
    except UnknownAgreementError:
        return None


def library_rate(agr: Agreement, name: str, on: dt.date) -> LibraryRate | None:
    """The parameter ``name`` of ``agr`` on ``on``; None when the agreement has no such parameter or value."""
    param = library_param(agr, name)
    entry = param.entry_at(on) if param is not None else None
    if param is None or entry is None:
        return None
    return LibraryRate(param.name, entry.value, entry)


def ended_rate(agr: Agreement, name: str, on: dt.date) -> LibraryRate | None:
    """The dated null in force on ``on`` for parameter ``name`` (value ``None``: "no rate should
    apply"), with its start, change and cite; None when the parameter has a value or does not exist."""
    param = library_param(agr, name)
    entry = param.dated_at(on) if param is not None else None
    if param is None or entry is None or entry.value is not None:
        return None
    return LibraryRate(param.name, None, entry)


def provision_or_none(agr: Agreement | None, pid: str) -> Any:
    """The provision ``pid`` of ``agr``, or None."""
    if agr is None:
        return None
    try:
        return agr.provision(pid)
    except UnknownAgreementError:
        return None
