"""Charge lines and money: the one home of cents rounding.

Every figure settlement produces is a :class:`ChargeLine` (``docs/contracts.md``, Settlement). Money
is :class:`~decimal.Decimal` from the agreement library to the line; a line's ``amount`` is
computed exactly (rate × quantity × days / days-in-month, or base × percent / 100) and quantized
to cents **once**, by :func:`to_cents`, with ``ROUND_HALF_UP`` (half a cent goes away from zero:
``13.435`` → ``13.44``, ``-13.435`` → ``-13.44``). Nothing else in the package rounds money.

A line whose price is not known is never guessed: its ``rate`` is ``"TBD"`` (no price yet, IDT
Art. III §47) or ``"tariff"`` (a tariff's price the workspace has not supplied) and its
``amount`` is ``0.00``; :attr:`ChargeLine.priced` is then False so an invoice can flag it.

>>> line = ChargeLine(
...     key="facility:CKT-0001:2006-03:termination", kind="facility",
...     description="DS1 channel termination", service_period=(dt.date(2006, 3, 1), dt.date(2006, 3, 31)),
...     quantity=Decimal(1), unit="circuit-month", rate=Decimal("24.50"), amount=to_cents(Decimal("24.50")),
...     cite="Interim Arrangement §5 ¶3", inputs={"circuit": "CKT-0001"})
>>> line.amount, line.priced, total([line, line])
(Decimal('24.50'), True, Decimal('49.00'))
>>> to_cents(Decimal("13.435")), to_cents(Decimal("-0.005"))
(Decimal('13.44'), Decimal('-0.01'))
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Iterable, Mapping, Union

__all__ = [
    "CENT",
    "KINDS",
    "ROUNDING",
    "UNPRICED",
    "ChargeLine",
    "Rate",
    "parse_money",
    "to_cents",
    "total",
]

#: One cent: every amount is a multiple of it.
CENT = Decimal("0.01")
#: The rounding mode of :func:`to_cents` (half a cent away from zero).
ROUNDING = ROUND_HALF_UP
#: The kinds of line, in the order a bill lists them (``docs/contracts.md``).
KINDS: tuple[str, ...] = ("facility", "usage", "transit_election", "tax", "surcharge", "adjustment")
#: Rates that are not numbers: no price yet, or a tariff's price not supplied.
UNPRICED: tuple[str, ...] = ("TBD", "tariff")

Rate = Union[Decimal, str]  # a Decimal, or one of UNPRICED


def to_cents(amount: Decimal) -> Decimal:
    """``amount`` quantized to cents, half a cent away from zero (``ROUND_HALF_UP``).

    >>> to_cents(Decimal("204.355")), to_cents(Decimal("2")), to_cents(Decimal("0.004999"))
    (Decimal('204.36'), Decimal('2.00'), Decimal('0.00'))
    """
    if not isinstance(amount, Decimal):
        raise TypeError(f"money must be a Decimal, not {type(amount).__name__} ({amount!r})")
    return amount.quantize(CENT, rounding=ROUNDING)


def parse_money(text: str) -> Decimal:
    """A money amount from text (``"672.00"``, ``"$1,234.5"``, ``"-3"``); ValueError when it is not one.

    >>> parse_money("$1,234.5")
    Decimal('1234.5')
    """
    s = text.strip().replace("$", "").replace(",", "")
    try:
        d = Decimal(s)
    except InvalidOperation:
        raise ValueError(f"{text!r} is not an amount of money") from None
    if not d.is_finite():
        raise ValueError(f"{text!r} is not an amount of money")
    return d


def total(lines: Iterable["ChargeLine"]) -> Decimal:
    """The sum of the lines' amounts (already in cents, so the sum is exact)."""
    return sum((line.amount for line in lines), Decimal("0.00"))


@dataclasses.dataclass(frozen=True)
class ChargeLine:
    """One charge (or credit) on a bill, with what produced it.

    Attributes
    ----------
    key : str
        Stable identity across recomputations (``facility:CKT-0001:2006-03:termination``): the same
        charge recomputed later (a retroactive rate, a late disconnect) has the same key, so an
        invoice can compare and issue the difference.
    kind : str
        One of :data:`KINDS`.
    description : str
        Words for the bill.
    service_period : tuple[date, date]
        First and last day covered, inclusive.
    quantity : Decimal
        Circuits, miles, minutes, months, or the taxable base.
    unit : str
        What ``quantity`` counts (``circuit-month``, ``mile-month``, ``MOU``, ``USD``, ...).
    rate : Decimal or str
        Price per unit, or ``"TBD"`` / ``"tariff"`` (then ``amount`` is ``0.00``).
    amount : Decimal
        In cents (a multiple of :data:`CENT`); negative for a credit.
    cite : str
        The clause(s) that produced the line.
    inputs : Mapping
        What produced it: circuit, miles, days, minutes, proof references, the library value and
        its ``since``/``change``. Not part of equality or hashing.
    """

    key: str
    kind: str
    description: str
    service_period: tuple[dt.date, dt.date]
    quantity: Decimal
    unit: str
    rate: Rate
    amount: Decimal
    cite: str
    inputs: Mapping[str, Any] = dataclasses.field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"{self.key}: kind {self.kind!r} is not one of {', '.join(KINDS)}")
        first, last = self.service_period
        if last < first:
            raise ValueError(f"{self.key}: service period ends ({last}) before it starts ({first})")
        if not isinstance(self.quantity, Decimal):
            raise TypeError(f"{self.key}: quantity must be a Decimal, not {type(self.quantity).__name__}")
        if not (isinstance(self.rate, Decimal) or self.rate in UNPRICED):
            raise ValueError(f"{self.key}: rate {self.rate!r} is neither a Decimal nor one of {UNPRICED}")
        if not isinstance(self.amount, Decimal) or self.amount != to_cents(self.amount):
            raise ValueError(f"{self.key}: amount {self.amount!r} must be a Decimal in whole cents (use to_cents)")
        if not isinstance(self.rate, Decimal) and self.amount != 0:
            raise ValueError(f"{self.key}: a line with rate {self.rate!r} has no amount (got {self.amount})")

    @property
    def priced(self) -> bool:
        """False when the rate is ``TBD`` or an unsupplied ``tariff`` (the amount is then 0.00)."""
        return isinstance(self.rate, Decimal)

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly: dates as ISO strings, Decimals as strings."""

        def plain(v: Any) -> Any:
            if isinstance(v, Decimal):
                return str(v)
            if isinstance(v, (dt.date, dt.datetime)):
                return v.isoformat()
            if isinstance(v, Mapping):
                return {str(k): plain(x) for k, x in v.items()}
            if isinstance(v, (list, tuple)):
                return [plain(x) for x in v]
            return v

        return {
            "key": self.key, "kind": self.kind, "description": self.description,
            "service_period": [self.service_period[0].isoformat(), self.service_period[1].isoformat()],
            "quantity": str(self.quantity), "unit": self.unit, "rate": str(self.rate),
            "amount": str(self.amount), "cite": self.cite, "priced": self.priced, "inputs": plain(dict(self.inputs)),
        }
