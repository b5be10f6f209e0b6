"""Which trigger functions a library provision stands for, and running them for every switch pair.

The table :data:`TRIGGERS` maps a provision id of the agreement library to the trigger functions
that implement it, each with the direction it reads traffic in and its dated versions (named by
start date, STYLE "Dated logic"). Which provisions govern a pair of carriers in a month is the
resolver's answer (:func:`meetpoint.agreements.resolve`, topic ``direct_connection``); nothing
here names an agreement or a carrier.

================================  ====================================  ============  ==========================
provision                         trigger                               direction     versions
================================  ====================================  ============  ==========================
direct_connection.ds1_level       direct_connection.ds1_level           two_way       ds1_level_2005_10
direct_connection.mou_and_transit direct_connection.mou_and_transit     each_way      mou_and_transit_2005_10
direct_connection.triggers        direct_connection.triggers.two_way_mou two_way      two_way_mou_2006_03
direct_connection.triggers        direct_connection.triggers.one_way_mou from_ilec    one_way_mou_2006_03
direct_connection.triggers        direct_connection.triggers.transit_..  two_way      transit_charges_2006_03
================================  ====================================  ============  ==========================
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from typing import Callable, Iterable, Sequence

from meetpoint.agreements import Library, Provision, resolve
from meetpoint.compliance.consecutive import month_end, parse_month
from meetpoint.compliance.evidence import MonthEvidence, PairMonths
from meetpoint.compliance.triggers_idt import one_way_mou_2006_03, transit_charges_2006_03, two_way_mou_2006_03
from meetpoint.compliance.triggers_socket import ds1_level_2005_10, mou_and_transit_2005_10
from meetpoint.compliance.verdict import Verdict
from meetpoint.errors import AgreementConflictError, UnknownAgreementError

__all__ = ["ORIENTATIONS", "TOPIC", "TRIGGERS", "TriggerSpec", "evaluate", "triggers_for"]

TOPIC = "direct_connection"
TriggerFn = Callable[[Library, Provision, PairMonths], Verdict]


def _ilec_first(pair: PairMonths, ilec: str | None) -> list[PairMonths]:
    return [pair.oriented(pair.to_switch)] if pair.to_carrier == ilec else [pair]


def _each_way(pair: PairMonths, ilec: str | None) -> list[PairMonths]:
    first = _ilec_first(pair, ilec)[0]
    return [first, first.oriented(first.to_switch)]


def _from_ilec(pair: PairMonths, ilec: str | None) -> list[PairMonths]:
    if ilec not in (pair.from_carrier, pair.to_carrier):
        return []
    return _ilec_first(pair, ilec)


#: How a trigger reads a pair: ``two_way`` once (the ILEC's switch named first), ``each_way`` once
#: per direction, ``from_ilec`` only from the ILEC's switch to the other.
ORIENTATIONS: dict[str, Callable[[PairMonths, str | None], list[PairMonths]]] = {
    "two_way": _ilec_first,
    "each_way": _each_way,
    "from_ilec": _from_ilec,
}


@dataclasses.dataclass(frozen=True)
class TriggerSpec:
    """One trigger of a provision: its direction and its versions by start date."""

    provision: str
    trigger: str
    orientation: str
    versions: tuple[tuple[dt.date, TriggerFn], ...]

    def version_on(self, on: dt.date) -> TriggerFn:
        """The version with the latest start on or before ``on`` (the first one before any start)."""
        live = [fn for start, fn in self.versions if start <= on]
        return live[-1] if live else self.versions[0][1]


TRIGGERS: tuple[TriggerSpec, ...] = (
    TriggerSpec("direct_connection.ds1_level", "direct_connection.ds1_level", "two_way",
                ((dt.date(2005, 10, 17), ds1_level_2005_10),)),
    TriggerSpec("direct_connection.mou_and_transit", "direct_connection.mou_and_transit", "each_way",
                ((dt.date(2005, 10, 17), mou_and_transit_2005_10),)),
    TriggerSpec("direct_connection.triggers", "direct_connection.triggers.two_way_mou", "two_way",
                ((dt.date(2006, 3, 31), two_way_mou_2006_03),)),
    TriggerSpec("direct_connection.triggers", "direct_connection.triggers.one_way_mou", "from_ilec",
                ((dt.date(2006, 3, 31), one_way_mou_2006_03),)),
    TriggerSpec("direct_connection.triggers", "direct_connection.triggers.transit_charges", "two_way",
                ((dt.date(2006, 3, 31), transit_charges_2006_03),)),
)

_BY_PROVISION: dict[str, list[TriggerSpec]] = defaultdict(list)
for _spec in TRIGGERS:
    _BY_PROVISION[_spec.provision].append(_spec)


def triggers_for(provision_id: str) -> list[TriggerSpec]:
    """The triggers implementing a provision (empty for provisions that are not triggers)."""
    return list(_BY_PROVISION.get(provision_id, ()))


def run(lib: Library, provision: Provision, pair: PairMonths) -> list[Verdict]:
    """Every trigger of ``provision`` over ``pair``, in each direction its clause reads."""
    on = month_end(pair.months[-1])
    ilec = provision.facts.get("ilec")
    return [spec.version_on(on)(lib, provision, oriented)
            for spec in triggers_for(provision.id)
            for oriented in ORIENTATIONS[spec.orientation](pair, ilec)]


def _governing(lib: Library, pair: PairMonths) -> dict[tuple[str, str], dict[str, str]]:
    """For each trigger provision that governs the pair in some month: the months it does not, and why."""
    statuses: dict[str, str] = {}
    governs: dict[tuple[str, str], set[str]] = defaultdict(set)
    for month in pair.months:
        try:
            res = resolve(lib, pair.from_carrier, pair.to_carrier, on=month_end(month), topic=TOPIC)
        except AgreementConflictError as exc:
            statuses[month] = f"conflict: {exc}"
            continue
        statuses[month] = res.status
        for p in res.provisions:
            if triggers_for(p.id):
                governs[(p.agreement, p.id)].add(month)
    return {key: {m: f"{key[1]} does not govern {pair.from_carrier}-{pair.to_carrier} on {month_end(m)} "
                     f"(resolver: {statuses[m] if statuses[m] != 'in_force' else 'other terms govern'})"
                  for m in pair.months if m not in months}
            for key, months in governs.items()}


def evaluate(lib: Library, evidence: Iterable[MonthEvidence], *, through: str, agreement: str | None = None,
             notes: Sequence[str] = ()) -> list[Verdict]:
    """Verdicts of every trigger that governs each switch pair in ``evidence``, judged through ``through``.

    Pairs are judged from their first month of evidence; carriers the library does not know (a
    third carrier's switch) have no agreement and are skipped. ``agreement`` keeps one agreement's
    verdicts. ``notes`` (e.g. the evidence builder's) are added to every verdict.
    """
    parse_month(through)
    pairs: dict[frozenset[str], list[MonthEvidence]] = defaultdict(list)
    for e in evidence:
        if e.month <= through:
            pairs[frozenset((e.from_switch, e.to_switch))].append(e)
    verdicts: list[Verdict] = []
    for key in sorted(pairs, key=sorted):
        pair = PairMonths.of(pairs[key], through=through)
        try:
            governing = _governing(lib, pair)
        except UnknownAgreementError:
            continue
        for (agr_id, prov_id), off in sorted(governing.items()):
            if agreement is not None and agr_id != agreement:
                continue
            provision = lib.agreement(agr_id).provision(prov_id)
            for v in run(lib, provision, dataclasses.replace(pair, off=off)):
                verdicts.append(dataclasses.replace(v, notes=v.notes + tuple(notes)) if notes else v)
    return verdicts
