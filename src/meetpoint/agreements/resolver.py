"""Which terms govern two carriers on a date, for a topic, and on whose authority.

The chain of authority is at most two levels deep: a base agreement (level 0) and the agreements
that adopt or amend it (level 1)::

    att-gte-adopted-tk-2002-1085          (level 0, base)
      └── socket-spectra-interim-2005     (level 1, adopts it minus the §2 exclusions)
      └── socket-centurytel-amendment-2005 (level 1, amends it; retroactive to open disputes, §5)

Rules, applied in this order (declared in the YAML, never by if/else on agreement names):

1. Only executed agreements govern; one governs a pair when its ``pairs`` name the pair and it is in
   force on the date (``effective``/``ends``, or ``known_in_force_by``/``not_before`` when the seeds
   do not give the effective date). An agreement that adopts or amends a base brings the base into
   the chain.
2. Exclusions of the adopting agreement remove the base's provisions on the excluded topics (or the
   named provisions).
3. A ``notwithstanding`` provision removes what it ``overrides`` - when it names nothing, every
   lower-level provision on its topic; when it says ``overrides: []``, nothing.
4. Provisions of two different agreements at the same level on the same topic, neither overriding
   the other, are a conflict: :class:`~meetpoint.errors.AgreementConflictError` cites both.

Statuses (:data:`STATUSES`) say what kind of answer it is; ``authority`` lists the cites behind it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from meetpoint.agreements.loader import Library
from meetpoint.agreements.schema import Agreement, Exclusion, Provision
from meetpoint.agreements.topics import describe
from meetpoint.errors import AgreementConflictError

STATUSES: dict[str, str] = {
    "in_force": "an executed agreement governs the pair on the date; `provisions` are the terms on the topic",
    "excluded": "an agreement governs, but the topic is excluded from it (e.g. resale, Interim §2) and nothing else in the chain addresses it",
    "not_addressed": "an agreement governs, but none of its recorded provisions addresses the topic (the seeds may not hold that part)",
    "no_agreement": "no executed agreement governs the pair on the date",
    "undetermined": "the seeds cannot say whether an agreement was in force on the date (e.g. before the adopted agreement is known to be in force)",
    "charges_barred": "the date is before an agreement's commencement and that agreement bars charges for it (Interim §7)",
}


@dataclasses.dataclass(frozen=True)
class ChainLink:
    """One agreement in the chain of authority."""

    agreement: str
    title: str
    kind: str
    relation: str  # "base", "adopts" or "amends"
    level: int
    cite: str
    effective: dt.date | None
    known_in_force_by: dt.date | None
    ends: dt.date | None
    until: str | None


@dataclasses.dataclass
class Resolution:
    """The answer of :func:`resolve`."""

    status: str
    carriers: tuple[str, str]
    on: dt.date
    topic: str | None
    chain: list[ChainLink] = dataclasses.field(default_factory=list)
    provisions: list[Provision] = dataclasses.field(default_factory=list)
    authority: list[str] = dataclasses.field(default_factory=list)
    notes: list[str] = dataclasses.field(default_factory=list)
    overridden: list[dict[str, str]] = dataclasses.field(default_factory=list)
    exclusions: list[Exclusion] = dataclasses.field(default_factory=list)
    retroactive: list[Provision] = dataclasses.field(default_factory=list)

    @property
    def charges_barred(self) -> bool:
        return self.status == "charges_barred"

    def provision(self, id: str) -> Provision:
        """The governing provision with this id (``KeyError`` if it is not among them)."""
        for p in self.provisions:
            if p.id == id:
                return p
        raise KeyError(id)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: provisions carry the values of their parameters on the date."""

        def prov(p: Provision) -> dict[str, Any]:
            d = p.summary()
            d["values_on"] = {}
            for name, param in p.params.items():
                e = param.entry_at(self.on)
                d["values_on"][name] = None if e is None else {
                    "value": e.value, "unit": e.unit, "since": e.since, "change": e.change, "cite": e.cite}
            return d

        return {
            "status": self.status,
            "status_meaning": STATUSES[self.status],
            "carriers": list(self.carriers),
            "on": self.on,
            "topic": self.topic,
            "chain": [dataclasses.asdict(link) for link in self.chain],
            "provisions": [prov(p) for p in self.provisions],
            "authority": self.authority,
            "notes": self.notes,
            "overridden": self.overridden,
            "exclusions": [e.model_dump() for e in self.exclusions],
            "retroactive_to_open_disputes": [p.ref for p in self.retroactive],
        }


def _dedupe(items: list[str]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))


def _link(agr: Agreement, relation: str, cite: str) -> ChainLink:
    return ChainLink(
        agreement=agr.id, title=agr.title, kind=agr.kind, relation=relation, level=agr.level, cite=cite,
        effective=agr.effective, known_in_force_by=agr.known_in_force_by.date if agr.known_in_force_by else None,
        ends=agr.ends, until=agr.until,
    )


def _chain(lib: Library, governing: list[Agreement]) -> list[ChainLink]:
    links: dict[str, ChainLink] = {}
    for agr in governing:
        if agr.adopts or agr.amends:
            base = lib.agreement(agr.base)  # type: ignore[arg-type]
            links.setdefault(base.id, _link(base, "base", base.title))
            link = agr.adopts or agr.amends
            links[agr.id] = _link(agr, "adopts" if agr.adopts else "amends", link.cite)  # type: ignore[union-attr]
        else:
            links.setdefault(agr.id, _link(agr, "base", agr.title))
    return sorted(links.values(), key=lambda l: (l.level, l.agreement))


def resolve(lib: Library, a: str, b: str, on: dt.date, topic: str | None = None) -> Resolution:
    """The governing provisions between carriers ``a`` and ``b`` on ``on`` for ``topic`` (all when ``None``).

    Raises ``UnknownAgreementError`` for an unknown carrier or topic and ``AgreementConflictError``
    when two agreements at the same level govern the topic with no declared precedence.

    Examples
    --------
    >>> import datetime as dt
    >>> from meetpoint.agreements import load_library
    >>> r = resolve(load_library(), "socket", "spectra", on=dt.date(2006, 1, 1), topic="resale")
    >>> r.status, r.authority
    ('excluded', ['Interim Arrangement §2'])
    """
    lib.carrier(a), lib.carrier(b)
    if topic is not None:
        describe(topic)
    res = Resolution(status="no_agreement", carriers=(a, b), on=on, topic=topic)
    covering = [g for g in lib.agreements if g.governs_pair(a, b)]
    for g in covering:
        if g.status != "executed":
            res.notes.append(f"{g.id} is {g.status.replace('_', ' ')} and does not govern.")
    executed = [g for g in covering if g.status == "executed"]
    governing = [g for g in executed if g.in_force(on) == "yes"]
    unknown = [g for g in executed if g.in_force(on) == "unknown"]
    _note_retroactivity(res, executed, governing, topic)
    if governing:
        _in_force(lib, res, governing, topic)
    else:
        _not_in_force(res, executed, unknown, on)
    res.notes = _dedupe(res.notes)
    res.authority = _dedupe(res.authority)
    return res


def _not_in_force(res: Resolution, executed: list[Agreement], unknown: list[Agreement], on: dt.date) -> None:
    bars = [g for g in executed if g.charges_barred_before and on < g.charges_barred_before.before]
    if bars:
        bar = bars[0].charges_barred_before
        assert bar is not None
        res.status = "charges_barred"
        res.authority.append(bar.cite)
        res.notes.append(f"{bar.cite}: {bar.text}")
        if bar.note:
            res.notes.append(bar.note)
        return
    if unknown:
        res.status = "undetermined"
        for g in unknown:
            res.notes.append(f"{g.id}: {g.effective_note}")
            if g.known_in_force_by:
                res.authority.append(g.known_in_force_by.cite)
                res.notes.append(f"{g.id} is known to be in force from {g.known_in_force_by.date} "
                                 f"({g.known_in_force_by.cite}).")
        return
    res.status = "no_agreement"
    later = sorted((g for g in executed if g.effective and g.effective > on), key=lambda g: g.effective)  # type: ignore[arg-type,return-value]
    if later:
        res.notes.append(f"{later[0].id} takes effect on {later[0].effective}.")


def _note_retroactivity(res: Resolution, executed: list[Agreement], governing: list[Agreement], topic: str | None) -> None:
    """Amendment §5: its provisions apply retroactively, as a clarification, to open disputes."""
    for g in executed:
        retro = g.retroactive_to_open_disputes
        if retro is None:
            continue
        provs = [p for p in g.provisions_on(topic) if p.topic not in ("general", "scope", "term", "disputes")] \
            if topic is not None else g.provisions_on(None)
        if topic is not None and not provs:
            continue
        res.retroactive.extend(provs)
        when = "in force" if g in governing else "not yet in force on this date"
        res.notes.append(f"{retro.cite} ({g.id}, {when}): {retro.text.strip()} - for open disputes its provisions "
                         f"on {'this topic' if topic else 'the matters it addresses'} apply retroactively.")
        res.authority.append(retro.cite)


def _in_force(lib: Library, res: Resolution, governing: list[Agreement], topic: str | None) -> None:
    on = res.on
    res.chain = _chain(lib, governing)
    agreements = {link.agreement: lib.agreement(link.agreement) for link in res.chain}
    candidates: list[Provision] = [p for link in res.chain for p in agreements[link.agreement].provisions_on(topic, on)]

    # 2. exclusions of adopting agreements
    excluded_topic = False
    for upper in (g for g in agreements.values() if g.adopts):
        assert upper.adopts is not None
        for exc in upper.adopts.exclusions:
            hits = [p for p in candidates if p.agreement == upper.adopts.agreement
                    and (p.topic in exc.topics or p.id in exc.provisions)]
            if topic is None or topic in exc.topics or hits:
                res.exclusions.append(exc)
            if topic is not None and topic in exc.topics:
                excluded_topic = True
            candidates = [p for p in candidates if p not in hits]

    # 3. notwithstanding provisions override lower-level ones
    level = {aid: agreements[aid].level for aid in agreements}
    removed: set[str] = set()
    for p in candidates:
        if p.precedence != "notwithstanding":
            continue
        for q in candidates:
            if level[q.agreement] >= level[p.agreement] or q.ref in removed:
                continue
            if (p.overrides is None and q.topic == p.topic) or (p.overrides and q.ref in p.overrides):
                removed.add(q.ref)
                res.overridden.append({"provision": q.ref, "cite": q.full_cite, "by": p.ref, "by_cite": p.full_cite})
    candidates = [p for p in candidates if p.ref not in removed]

    # 4. same level, different agreements, same topic, no precedence: a conflict
    seen: dict[tuple[int, str], Provision] = {}
    for p in candidates:
        key = (level[p.agreement], p.topic)
        other = seen.setdefault(key, p)
        if other.agreement != p.agreement:
            raise AgreementConflictError(p.topic, on, [other.full_cite, p.full_cite])

    res.provisions = candidates
    res.authority.extend(link.cite for link in res.chain if link.relation != "base")
    if candidates:
        res.status = "in_force"
        res.authority.extend(p.full_cite for p in candidates)
    elif excluded_topic:
        res.status = "excluded"
        res.authority = [e.cite for e in res.exclusions if topic in e.topics]
        res.notes.append(f"{topic!r} is excluded: " + "; ".join(f"{e.what} ({e.cite})" for e in res.exclusions))
    else:
        res.status = "not_addressed" if topic is not None else "in_force"
        res.notes.append(f"No recorded provision of {', '.join(l.agreement for l in res.chain)} addresses "
                         f"{topic!r}; the seeds may not hold that part of the agreement.")
    for link in res.chain:
        g = agreements[link.agreement]
        if g.effective is None and g.effective_note:
            res.notes.append(f"{g.id}: {g.effective_note}")
    unformalised = [p.ref for p in candidates if not p.formalised]
    if unformalised:
        res.notes.append("Recorded but not formalised (no computation rests on them): " + ", ".join(unformalised))
