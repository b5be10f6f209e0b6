"""Monthly evidence per switch pair: what the direct-connection triggers are judged on.

A :class:`MonthEvidence` row is one month between two switches: billable minutes each way and
combined, the two-way average busy-hour CCS, and the transit charges paid on the pair's routes
(who paid, to whom, how much). Triggers read only these rows, so tests can write them by hand.

:func:`build_evidence` fills them from the workspace (a thin layer over other engines' tables):

- ``usage_cube`` (rating): conversation time per month and ordered switch pair, every
  jurisdiction and route, summed exactly (``duration_ds``) and rounded up **once** per figure by
  :func:`meetpoint.rating.measure.billable_minutes` — each direction's total and the combined total
  are rounded separately, never added from rounded parts (IDT Art. IV §2.4.2).
- ``hourly_load`` (rating): both directions summed hour by hour
  (:func:`meetpoint.rating.load.pair_hours` with ``two_way=True``), the month's busy hour by
  :func:`meetpoint.rating.load.busy_hour` (TCBH by default): its average CCS.
- ``transit_charges`` (settlement's input table, read with
  :func:`meetpoint.settlement.inputs.read_transit_charges`): month, payer, transit carrier, the
  route's two switches (either order, as settlement's ``route_key``), amount, proof.

A month the usage cube holds for no pair at all was not rated and is left out (it counts as not
met); a rated month in which a pair had no traffic is a row of zeros. Likewise a month the hourly
load does not cover at all has no busy-hour figure (``None``), while a covered month in which the
pair carried nothing is 0 CCS.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from decimal import Decimal
from typing import Any, Callable, Iterable, Mapping, Sequence

from meetpoint.compliance.consecutive import month_range, parse_month

__all__ = [
    "EvidenceSet",
    "MonthEvidence",
    "PairMonths",
    "TransitPayment",
    "build_evidence",
]

@dataclasses.dataclass(frozen=True)
class TransitPayment:
    """Transit charges one carrier paid another for a route between the pair's switches in a month."""

    payer: str
    transit_carrier: str
    amount: Decimal
    proof: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "amount", Decimal(str(self.amount)))


@dataclasses.dataclass(frozen=True)
class MonthEvidence:
    """One month between two switches.

    ``mou_forward`` is traffic from ``from_switch`` to ``to_switch``, ``mou_reverse`` the other way;
    ``mou_combined`` is the two-way total rounded once (it defaults to the sum when the figures are
    whole minutes written by hand). ``busy_hour_ccs`` is the two-way average busy-hour load (``None``
    when no traffic study is available).
    """

    month: str
    from_switch: str
    to_switch: str
    from_carrier: str
    to_carrier: str
    mou_forward: int = 0
    mou_reverse: int = 0
    mou_combined: int | None = None
    busy_hour_ccs: float | None = None
    transit: tuple[TransitPayment, ...] = ()

    def __post_init__(self) -> None:
        parse_month(self.month)
        if self.mou_combined is None:
            object.__setattr__(self, "mou_combined", self.mou_forward + self.mou_reverse)
        object.__setattr__(self, "transit", tuple(self.transit))

    def transit_paid(self, counts: "Callable[[TransitPayment], str | None]") -> tuple[Decimal, dict[str, Decimal], list[dict[str, Any]]]:
        """Charges that count on this route (the switch pair, as settlement's election reads it),
        their total, the total per transit carrier, and the payments left out with the reason
        ``counts`` gave (``counts`` returns ``None`` for a payment that counts)."""
        by_carrier: dict[str, Decimal] = defaultdict(lambda: Decimal("0.00"))
        left_out: list[dict[str, Any]] = []
        for p in self.transit:
            why = counts(p)
            if why is None:
                by_carrier[p.transit_carrier] += p.amount
            else:
                left_out.append({"payer": p.payer, "transit_carrier": p.transit_carrier, "amount": p.amount,
                                 "proof": p.proof, "why": why})
        return sum(by_carrier.values(), Decimal("0.00")), dict(by_carrier), left_out

    def reversed(self) -> "MonthEvidence":
        """The same month seen from the other switch."""
        return dataclasses.replace(
            self, from_switch=self.to_switch, to_switch=self.from_switch, from_carrier=self.to_carrier,
            to_carrier=self.from_carrier, mou_forward=self.mou_reverse, mou_reverse=self.mou_forward,
        )


@dataclasses.dataclass(frozen=True)
class PairMonths:
    """The months a trigger judges for one switch pair, oriented ``from_switch`` → ``to_switch``.

    ``months`` is the contiguous calendar; ``by_month`` the evidence (a month without a row counts
    as not met); ``off`` the months in which the clause did not govern the pair, with the reason.
    """

    from_switch: str
    to_switch: str
    from_carrier: str
    to_carrier: str
    months: tuple[str, ...]
    by_month: Mapping[str, MonthEvidence]
    off: Mapping[str, str] = dataclasses.field(default_factory=dict)

    @classmethod
    def of(cls, evidence: Iterable[MonthEvidence], *, through: str | None = None, first: str | None = None,
           off: Mapping[str, str] | None = None) -> "PairMonths":
        """Orient every row like the first one and lay them on the calendar ``first..through``
        (default: the first and last month given)."""
        rows = sorted(evidence, key=lambda e: e.month)
        if not rows:
            raise ValueError("no evidence: give at least one month")
        head = rows[0]
        by_month: dict[str, MonthEvidence] = {}
        for e in rows:
            if {e.from_switch, e.to_switch} != {head.from_switch, head.to_switch}:
                raise ValueError(f"{e.month}: {e.from_switch}-{e.to_switch} is not the pair "
                                 f"{head.from_switch}-{head.to_switch}")
            if e.month in by_month:
                raise ValueError(f"{e.month}: two evidence rows for {head.from_switch}-{head.to_switch}")
            by_month[e.month] = e if e.from_switch == head.from_switch else e.reversed()
        months = month_range(first or rows[0].month, through or rows[-1].month)
        return cls(head.from_switch, head.to_switch, head.from_carrier, head.to_carrier, tuple(months),
                   {m: e for m, e in by_month.items() if m in months}, dict(off or {}))

    def oriented(self, from_switch: str) -> "PairMonths":
        """The same months seen with ``from_switch`` first."""
        if from_switch == self.from_switch:
            return self
        if from_switch != self.to_switch:
            raise ValueError(f"{from_switch} is not an end of {self.from_switch}-{self.to_switch}")
        return dataclasses.replace(
            self, from_switch=self.to_switch, to_switch=self.from_switch, from_carrier=self.to_carrier,
            to_carrier=self.from_carrier, by_month={m: e.reversed() for m, e in self.by_month.items()},
        )


@dataclasses.dataclass(frozen=True)
class EvidenceSet:
    """What :func:`build_evidence` found, and what it could not find (``notes``)."""

    rows: tuple[MonthEvidence, ...]
    notes: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()


# --------------------------------------------------------------------------- from the workspace


def _cube_minutes(ws: Any, through: str | None) -> tuple[dict[tuple[str, str, str], int], dict[str, str], set[str]]:
    """Exact tenths of seconds per (month, orig_switch, term_switch), each switch's carrier, rated months."""
    cube = ws.table("usage_cube")
    c = cube.filter(cube.orig_switch.notnull() & cube.term_switch.notnull())
    if through is not None:
        c = c.filter(c.month <= through)
    agg = c.group_by(["month", "orig_switch", "term_switch", "orig_carrier", "term_carrier"]).aggregate(
        duration_ds=c.duration_ds.sum().cast("int64"))
    ds: dict[tuple[str, str, str], int] = defaultdict(int)
    owner: dict[str, str] = {}
    for r in agg.to_pyarrow().to_pylist():
        ds[(r["month"], r["orig_switch"], r["term_switch"])] += int(r["duration_ds"])
        owner.setdefault(r["orig_switch"], r["orig_carrier"])
        owner.setdefault(r["term_switch"], r["term_carrier"])
    months_q = cube.select("month").distinct()
    rated = {r["month"] for r in months_q.to_pyarrow().to_pylist() if through is None or r["month"] <= through}
    return ds, owner, rated


def _busy_hour_ccs(ws: Any, pairs: Sequence[tuple[str, str]], method: str,
                   years: tuple[int, int]) -> tuple[dict[tuple[str, str], dict[str, float]], set[str]]:
    """Two-way busy-hour CCS per pair and month, and the months the hourly load covers at all."""
    from meetpoint.rating.clock import clock_table
    from meetpoint.rating.load import busy_hour, pair_hours

    hourly = ws.table("hourly_load")
    studied = {r["month"] for r in hourly.select("month").distinct().to_pyarrow().to_pylist()}
    clock = clock_table(ws.config.timezone, *years)
    out: dict[tuple[str, str], dict[str, float]] = {}
    for a, b in pairs:
        bh = busy_hour(pair_hours(hourly, a, b, two_way=True), tz=ws.config.timezone, method=method, clock=clock)
        out[(a, b)] = {r["month"]: float(r["ccs"]) for r in bh.to_pyarrow().to_pylist()}
    return out, studied


def _transit(ws: Any, through: str | None) -> dict[tuple[str, str], list[TransitPayment]]:
    """Charges by (month, route), read with settlement's reader of its input table; a route is
    settlement's ``route_key`` of the two switches (either order)."""
    from meetpoint.settlement.inputs import read_transit_charges

    out: dict[tuple[str, str], list[TransitPayment]] = defaultdict(list)
    for c in read_transit_charges(ws):
        month = c.month.strftime("%Y-%m")
        if through is None or month <= through:
            out[(month, c.route)].append(
                TransitPayment(payer=c.payer, transit_carrier=c.transit_carrier, amount=c.amount, proof=c.proof))
    return out


def build_evidence(ws: Any, *, through: str | None = None, method: str = "tcbh") -> EvidenceSet:
    """Monthly evidence for every switch pair with traffic in the workspace's ``usage_cube``.

    Each pair is oriented by its switches' sort order (triggers re-orient as their clause needs).
    Tables not yet in the workspace are named in ``notes``; their figures stay empty (``None``
    busy-hour CCS, no transit), which no test passes.
    """
    from meetpoint.rating.measure import billable_minutes
    from meetpoint.settlement.election import route_key

    notes: list[str] = []
    sources: list[str] = []
    if not ws.has_table("usage_cube"):
        return EvidenceSet((), ("no usage_cube table: rate the traffic first (meetpoint rate)",), ())
    ds, owner, rated = _cube_minutes(ws, through)
    sources.append("usage_cube")
    pairs = sorted({tuple(sorted((a, b))) for (_, a, b) in ds if a != b})
    ccs: dict[tuple[str, str], dict[str, float]] = {}
    studied: set[str] = set()
    if ws.has_table("hourly_load") and rated:
        years = (min(parse_month(m)[0] for m in rated), max(parse_month(m)[0] for m in rated))
        ccs, studied = _busy_hour_ccs(ws, pairs, method, years)  # type: ignore[arg-type]
        sources.append(f"hourly_load ({method} busy hour)")
    else:
        notes.append("no hourly_load table: busy-hour CCS is unknown, so no month passes the DS1-level test")
    transit: dict[tuple[str, str], list[TransitPayment]] = {}
    if ws.has_table("transit_charges"):
        transit = _transit(ws, through)
        sources.append("transit_charges")
    else:
        notes.append("no transit_charges table: no transit paid is counted")
    rows: list[MonthEvidence] = []
    for a, b in pairs:
        months = [m for m in rated if (m, a, b) in ds or (m, b, a) in ds]
        for month in month_range(min(months), max(rated)) if months else []:
            if month not in rated:
                continue
            fwd, rev = ds.get((month, a, b), 0), ds.get((month, b, a), 0)
            rows.append(MonthEvidence(
                month=month, from_switch=a, to_switch=b, from_carrier=owner[a], to_carrier=owner[b],
                mou_forward=billable_minutes(fwd), mou_reverse=billable_minutes(rev),
                mou_combined=billable_minutes(fwd + rev),
                busy_hour_ccs=ccs[(a, b)].get(month, 0.0) if (a, b) in ccs and month in studied else None,
                transit=tuple(transit.get((month, route_key(a, b)), ())),
            ))
    return EvidenceSet(tuple(rows), tuple(notes), tuple(sources))
