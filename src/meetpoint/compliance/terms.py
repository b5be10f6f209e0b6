"""Reading a trigger's terms from the library: thresholds with their comparison, counts, cites.

Nothing here knows a number: ``24``, ``112,000``, ``$672.00``, ``.001`` and "three months" are the
library's parameters, read for the date a month is judged on (its last day), with the comparison
the clause uses (``>=`` for "reaches", "equal to or exceeds"; ``>`` for "in excess of", "exceed").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import operator
from decimal import Decimal
from typing import Any, Callable

from meetpoint.agreements import Provision
from meetpoint.errors import AgreementError

__all__ = ["COMPARISONS", "Threshold", "cites", "count", "threshold", "value"]

#: The comparisons a parameter may declare, as functions and in words.
COMPARISONS: dict[str, tuple[Callable[[Any, Any], bool], str]] = {
    ">=": (operator.ge, "at least"),
    ">": (operator.gt, "more than"),
}


@dataclasses.dataclass(frozen=True)
class Threshold:
    """A parameter in force on a date, ready to test a figure against."""

    name: str
    value: Any
    comparison: str
    unit: str
    cite: str
    since: dt.date

    def passes(self, figure: Any) -> bool:
        """Whether ``figure`` meets the threshold (Decimals and ints compare exactly)."""
        fn, _ = COMPARISONS[self.comparison]
        return bool(fn(figure, self.value))

    def words(self, what: str) -> str:
        """``"trunks needed >= 24"``: the test's label in an evidence row."""
        return f"{what} {self.comparison} {self.value}"


def threshold(provision: Provision, name: str, on: dt.date) -> Threshold | None:
    """The parameter ``name`` of ``provision`` in force on ``on`` (``None`` if it has no value then)."""
    param = provision.params[name]
    entry = param.entry_at(on)
    if entry is None:
        return None
    if param.comparison not in COMPARISONS:
        raise AgreementError(f"{param.name} ({param.cite}) declares no comparison (>= or >); a trigger cannot test it")
    if not isinstance(entry.value, (int, Decimal)):
        raise AgreementError(f"{param.name} ({entry.cite}) is {entry.value!r} on {on}, not a number")
    return Threshold(param.name, entry.value, param.comparison, entry.unit, entry.cite, entry.since)


def count(provision: Provision, name: str, on: dt.date) -> int | None:
    """A whole-number parameter (months) in force on ``on``, else ``None``."""
    entry = provision.params[name].entry_at(on)
    return None if entry is None else int(entry.value)  # type: ignore[arg-type]


def value(provision: Provision, name: str, on: dt.date) -> Any:
    """Any parameter's value in force on ``on`` (``None`` if none)."""
    entry = provision.params[name].entry_at(on)
    return None if entry is None else entry.value


def cites(provision: Provision, *names: str) -> tuple[str, ...]:
    """The provision's full cite, then its parameters' (``names``, default all), without repeats."""
    params = [provision.params[n] for n in names] if names else list(provision.params.values())
    return tuple(dict.fromkeys((provision.full_cite, *(p.entries()[0].cite for p in params))))
