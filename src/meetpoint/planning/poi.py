"""POI placement: where Socket's direct connection for a rate center meets the ILEC's network.

The clause (Interim Arrangement §5; Amendment §3 has the same words with CenturyTel for Spectra):

    "The parties agree that the POI shall be established at the Spectra End Office that serves the
    rate center to which the telephone number is rated, except that if that Spectra End Office
    associated with the rate center to which the telephone number is rated is part of a
    Host/Remote relationship, the POI shall be established at the Host End Office. Further, to the
    extent that the End Office associated with the rate center to which the telephone number is
    rated subtends a CenturyTel of Missouri, LLC ("CenturyTel") or Spectra Access Tandem in the
    same calling area as the End Office, then the POI shall be at the CenturyTel or Spectra Access
    Tandem. The parties shall remain free to select other locations that are mutually acceptable
    to them. For purposes of this agreement, each set of optional and mandatory MCA exchanges in
    the same MCA, and interconnected via the CenturyTel and/or Spectra network(s) without going
    through a tandem of another telecommunications company, shall be treated as a single rate
    center."

The rule's parameters are the ``facts`` of the agreement's ``poi.placement`` provision (``ilec``,
``tandem_owners``, ``host_remote_rule``, ``mca_single_rate_center``, ``mca_networks``); no carrier
id is written here. :func:`place_poi` walks the steps below and records each with its cite.

Readings of the parts the clause leaves open (also in ``docs/decisions.md``):

1. **Order: end office, then host, then tandem; the tandem wins.** "Further" adds the tandem
   sentence on top of the host sentence, so the POI moves end office -> host -> tandem as far as
   each sentence applies. A remote "subtends" the access tandem its host subtends unless it names
   one itself (:meth:`NetworkSnapshot.tandem_of`), so a remote whose host subtends a
   CenturyTel/Spectra tandem in the same calling area gets the POI at that tandem.
2. **"In the same calling area as the End Office"**: the tandem's rate center is the end office's
   rate center or one it reaches by a local link of a kind in
   :data:`meetpoint.network.model.CALLING_AREA_KINDS` (basic, mandatory EAS, MCA mandatory or optional
   tier). Optional EAS does not count: it is a subscriber's option, not the office's calling area
   (ICA App. C 1.61 excludes it from Local Traffic). A tandem of any other owner never takes the
   POI; the POI then stays at the end office or host.
3. **The MCA set as one rate center.** Within the MCA of the number's rate center, exchanges are
   "interconnected via the CenturyTel and/or Spectra network(s) without going through a tandem of
   another telecommunications company" when their offices are joined by homing links (remote to
   host, office to access tandem) whose far end belongs to an ``mca_networks`` carrier; an office
   homing on another company's tandem is cut off there. Each connected group is one set (the
   clause says "each set"), so one MCA may hold a single-rate-center set and stand-alone
   exchanges. The set gets one POI: the office every member's own placement (steps 1-2, with the
   set's combined calling area) leads to — the common CenturyTel/Spectra access tandem or common
   host. If the members lead to different offices the number's own placement stands and the step
   says so. A set of one exchange is simply that exchange (``treated_as`` stays ``None``).
4. **A rate center the agreement's ILEC does not serve** gets no POI under this clause. If an
   affiliate named in the rule serves it, that affiliate's agreement places the POI. If a third
   carrier serves it and it shares a local calling area with one of the ILEC's exchanges by EAS
   (or MCA), the EAS paragraph of the same section governs: a direct connection is required only
   when its triggers are met (DS1 level, or 112,000 MOU plus transit proof), which
   :mod:`meetpoint.compliance` checks; ``poi`` is ``None`` with that step.
5. **"The parties shall remain free to select other locations that are mutually acceptable to
   them"** is recorded as the last step of every placement: the answer is the default, not a
   prohibition.
6. **Several ILEC offices in one rate center** (rare): a non-remote is preferred, then the lowest
   CLLI; the step names the others.

The dialed number's rate center governs: for a VNXX number the rate center it is rated to, not
where the customer sits (the CLI resolves a number with :func:`meetpoint.network.lookup.lookup_tn`).

Examples
--------
>>> from meetpoint.network.model import Carrier, NetworkSnapshot, RateCenter, Switch, CallingLink
>>> net = NetworkSnapshot(
...     carriers={"ctl": Carrier("ctl", "CenturyTel", "1", "ILEC")},
...     rate_centers={"ASHLAND": RateCenter("ASHLAND"), "COLUMBIA": RateCenter("COLUMBIA")},
...     switches={
...         "CLMAMOXADS0": Switch("CLMAMOXADS0", "ctl", "host", "COLUMBIA", tandem_clli="CLMAMOXA01T"),
...         "CLMAMOXA01T": Switch("CLMAMOXA01T", "ctl", "access_tandem", "COLUMBIA"),
...         "ASLDMOXARS0": Switch("ASLDMOXARS0", "ctl", "remote", "ASHLAND", host_clli="CLMAMOXADS0"),
...     },
...     calling=[CallingLink("ASHLAND", "COLUMBIA", "mandatory_eas")],
... )
>>> rule = PoiRule(ilec="ctl", tandem_owners=("ctl",), mca_networks=("ctl",), cite="Amendment §3 ¶5")
>>> place_poi(rule, net, "ASHLAND", dt.date(2006, 1, 1)).poi
'CLMAMOXA01T'
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Iterable, NamedTuple

from meetpoint.errors import AgreementParseError, ReferenceDataError
from meetpoint.network.model import CALLING_AREA_KINDS, NetworkSnapshot, Switch

__all__ = ["PROVISION_ID", "PoiPlacement", "PoiRule", "PoiStep", "place_poi"]

#: The agreement provision whose facts parameterise the rule.
PROVISION_ID = "poi.placement"
#: Provisions tried, in order, for the cite of the EAS paragraph (direct connection for third
#: carriers' EAS rate centers); the first the agreement has wins.
EAS_PROVISION_IDS = (
    "direct_connection.ds1_level",
    "direct_connection.mou_and_transit",
    "direct_connection.eas_rate_centers",
)
#: Local link kinds that make a third carrier's rate center an "EAS" partner of the ILEC's offices.
_EAS_KINDS = ("mandatory_eas", "optional_eas", "mca_mandatory", "mca_optional")
#: Switch kinds that serve lines (an access tandem serves no rate center's numbers).
_SERVING_KINDS = ("end_office", "host", "remote")


class PoiStep(NamedTuple):
    """One step of the reasoning: what was found or decided, and the clause that says so."""

    text: str
    cite: str


@dataclass(frozen=True)
class PoiRule:
    """The rule's parameters, as the agreement's ``poi.placement`` provision states them."""

    ilec: str
    tandem_owners: tuple[str, ...] = ()
    host_remote_rule: bool = True
    mca_single_rate_center: bool = True
    mca_networks: tuple[str, ...] = ()
    cite: str = ""
    eas_cite: str = ""
    #: The EAS direct-connection conditions in the agreement's own words (its provisions' titles).
    eas_conditions: str = ""
    agreement_id: str | None = None
    effective: dt.date | None = None
    ends: dt.date | None = None

    @classmethod
    def from_agreement(cls, agreement: Any) -> "PoiRule":
        """Read the rule from an agreement's ``poi.placement`` facts (AgreementParseError if absent)."""
        prov = agreement.provision(PROVISION_ID)
        facts = dict(getattr(prov, "facts", None) or {})
        agr_id = getattr(agreement, "id", None)
        if "ilec" not in facts:
            raise AgreementParseError(str(agr_id), f"{PROVISION_ID}.facts.ilec", "the POI rule names no ILEC")
        cite = str(getattr(prov, "cite", "") or "")
        return cls(
            ilec=str(facts["ilec"]),
            tandem_owners=tuple(facts.get("tandem_owners") or ()),
            host_remote_rule=bool(facts.get("host_remote_rule", True)),
            mca_single_rate_center=bool(facts.get("mca_single_rate_center", True)),
            mca_networks=tuple(facts.get("mca_networks") or ()),
            cite=cite,
            eas_cite=_eas_cite(agreement) or cite,
            eas_conditions=_eas_conditions(agreement),
            agreement_id=agr_id,
            effective=getattr(prov, "effective", None) or getattr(agreement, "effective", None),
            ends=getattr(prov, "ends", None) or getattr(agreement, "ends", None),
        )


@dataclass(frozen=True)
class PoiPlacement:
    """Where the POI goes for one rate center, and why.

    ``poi`` is a CLLI, or ``None`` when this clause places no POI for the rate center.
    ``treated_as`` is the MCA set (sorted rate centers) when the single-rate-center rule applied.
    """

    rate_center: str
    poi: str | None
    steps: tuple[PoiStep, ...]
    cites: tuple[str, ...]
    treated_as: tuple[str, ...] | None = None
    on: dt.date | None = None
    agreement: str | None = None


def place_poi(agreement: Any, network: NetworkSnapshot, rate_center: str, on: dt.date) -> PoiPlacement:
    """Place the POI for numbers rated to ``rate_center`` under ``agreement`` on ``on``.

    Parameters
    ----------
    agreement
        An :class:`~meetpoint.agreements.Agreement` (its ``poi.placement`` provision is read) or a
        :class:`PoiRule`.
    network
        The network as of ``on`` (:meth:`NetworkSnapshot.load`).
    rate_center
        The rate center the dialed number is rated to (for VNXX numbers, the rated one).
    on
        The date the placement is asked for (recorded on the answer).

    Returns
    -------
    PoiPlacement
    """
    rule = agreement if isinstance(agreement, PoiRule) else PoiRule.from_agreement(agreement)
    if rate_center not in network.rate_centers:
        raise ReferenceDataError("rate_centers", None, "rate_center", f"no rate center {rate_center!r} on {on}")
    steps: list[PoiStep] = []
    if (rule.effective and on < rule.effective) or (rule.ends and on >= rule.ends):
        span = f"from {rule.effective or 'the start'} to {rule.ends or 'its replacement'}"
        steps.append(PoiStep(f"The rule is not in effect on {on} (it governs {span}): no POI is placed.", rule.cite))
        cites = (rule.cite,) if rule.cite else ()
        return PoiPlacement(rate_center, None, tuple(steps), cites, None, on, rule.agreement_id)
    poi, treated_as = _place(rule, network, rate_center, steps)
    steps.append(
        PoiStep("The parties remain free to select other locations that are mutually acceptable to them.", rule.cite)
    )
    cites = tuple(dict.fromkeys(s.cite for s in steps if s.cite))
    return PoiPlacement(rate_center, poi, tuple(steps), cites, treated_as, on, rule.agreement_id)


# --- the steps ------------------------------------------------------------------------------------


def _place(
    rule: PoiRule, net: NetworkSnapshot, rc: str, steps: list[PoiStep]
) -> tuple[str | None, tuple[str, ...] | None]:
    office = _serving_office(rule, net, rc, steps)
    if office is None:
        return None, None
    if rule.mca_single_rate_center:
        members = _mca_set(rule, net, rc, office, steps)
        if members:
            return _place_set(rule, net, rc, office, members, steps), members
    return _climb(rule, net, office, {rc}, steps).clli, None


def _serving_office(rule: PoiRule, net: NetworkSnapshot, rc: str, steps: list[PoiStep]) -> Switch | None:
    """Step 0: the ILEC end office serving the rate center, or why there is none."""
    offices = [s for s in net.switches_in(rc) if s.kind in _SERVING_KINDS]
    mine = [s for s in offices if s.owner == rule.ilec]
    if mine:
        mine.sort(key=lambda s: (s.kind == "remote", s.clli))
        office = mine[0]
        text = f"{rc} is served by {rule.ilec} end office {office.clli} ({office.kind}): the POI starts there."
        if len(mine) > 1:
            text += " Other offices of the rate center: " + ", ".join(s.clli for s in mine[1:]) + "."
        steps.append(PoiStep(text, rule.cite))
        return office
    owners = sorted({s.owner for s in offices})
    incumbents = [o for o in owners if (c := net.carriers.get(o)) is not None and c.kind == "ILEC"]
    owners = incumbents or owners  # a CLEC's or CMRS switch in the rate center does not make it theirs
    affiliates = [o for o in owners if o in rule.tandem_owners or o in rule.mca_networks or net.affiliated(o, rule.ilec)]
    if affiliates:
        steps.append(
            PoiStep(
                f"{rc} is served by {', '.join(affiliates)}, not {rule.ilec}: this clause places POIs for "
                f"numbers rated to {rule.ilec} rate centers; the agreement with {', '.join(affiliates)} places this one.",
                rule.cite,
            )
        )
        return None
    partners = _eas_partners(rule, net, rc)
    who = ", ".join(owners) if owners else "no carrier in the network data"
    if partners:
        steps.append(
            PoiStep(
                f"{rc} is a rate center of {who}, not {rule.ilec}, and shares a local calling area with "
                f"{rule.ilec} exchange(s) {', '.join(partners)} by EAS: a direct connection is required only "
                f"when a direct-connection trigger of {rule.eas_cite or 'the agreement'} is met"
                + (f" ({rule.eas_conditions})" if rule.eas_conditions else "")
                + " (see `meetpoint triggers`); no POI is placed under the POI sentence.",
                rule.eas_cite,
            )
        )
    else:
        steps.append(
            PoiStep(
                f"{rc} is a rate center of {who}, not {rule.ilec}, and shares no EAS with a {rule.ilec} "
                "exchange: this clause places no POI for it.",
                rule.cite,
            )
        )
    return None


def _climb(rule: PoiRule, net: NetworkSnapshot, office: Switch, area: set[str], steps: list[PoiStep]) -> Switch:
    """Steps 1-2 for one end office: the host if a remote, then a CenturyTel/Spectra tandem in the area."""
    at = office
    if rule.host_remote_rule and office.kind == "remote":
        host = net.host_of(office.clli)
        if host is None:
            steps.append(PoiStep(f"{office.clli} is a remote but its host is not in the network data.", rule.cite))
        else:
            steps.append(
                PoiStep(
                    f"{office.clli} is a remote of host {host.clli} (a Host/Remote relationship): "
                    "the POI moves to the Host End Office.",
                    rule.cite,
                )
            )
            at = host
    tandem = net.tandem_of(office.clli)
    who = office.clli if office.tandem_clli or at is office else f"{office.clli} (through its host {at.clli})"
    if tandem is None:
        steps.append(PoiStep(f"{office.clli} subtends no access tandem: the POI stays at {at.clli}.", rule.cite))
        return at
    if tandem.owner not in rule.tandem_owners:
        steps.append(
            PoiStep(
                f"{who} subtends access tandem {tandem.clli} of {tandem.owner}, not of "
                f"{' or '.join(rule.tandem_owners) or 'a carrier the rule names'}: the POI stays at {at.clli}.",
                rule.cite,
            )
        )
        return at
    link = _area_link(net, area, tandem.rate_center)
    if link is None:
        kinds = sorted({k for rc in area if (k := net.calling_kind(rc, tandem.rate_center or ""))})
        how = f"only by {', '.join(kinds)}" if kinds else "not at all"
        steps.append(
            PoiStep(
                f"{who} subtends {tandem.owner} access tandem {tandem.clli} in {tandem.rate_center}, "
                f"which {'/'.join(sorted(area))} reaches {how}: not the same calling area; the POI stays at {at.clli}.",
                rule.cite,
            )
        )
        return at
    steps.append(
        PoiStep(
            f"{who} subtends {tandem.owner} access tandem {tandem.clli} in {tandem.rate_center} "
            f"({link}), in the same calling area: the POI is at the access tandem.",
            rule.cite,
        )
    )
    return tandem


def _area_link(net: NetworkSnapshot, area: set[str], target: str | None) -> str | None:
    """How ``target`` is in the calling area of the rate centers ``area`` (None when it is not)."""
    if target is None:
        return None
    if target in area:
        return "its own rate center" if len(area) == 1 else "a rate center of the set"
    for rc in sorted(area):
        kind = net.calling_kind(rc, target)
        if kind in CALLING_AREA_KINDS:
            return f"{rc} reaches it by {kind}"
    return None


# --- the MCA set ------------------------------------------------------------------------------------


def _mca_set(
    rule: PoiRule, net: NetworkSnapshot, rc: str, office: Switch, steps: list[PoiStep]
) -> tuple[str, ...] | None:
    """The set of MCA exchanges treated with ``rc`` as one rate center (None: not in an MCA set)."""
    mca = net.mca_of(rc)
    if mca is None:
        return None
    members = net.mca_members(mca)
    group = _connected(rule, net, office.clli)
    in_set = sorted(
        m for m in members if any(s.clli in group for s in net.switches_in(m) if s.kind in _SERVING_KINDS)
    )
    if len(in_set) < 2:
        cut = net.tandem_of(office.clli)
        why = (
            f"its office {office.clli} reaches the other exchanges only through access tandem {cut.clli} of {cut.owner}"
            if cut is not None and cut.owner not in rule.mca_networks
            else f"no other exchange of {mca} homes with {office.clli} on a {'/'.join(rule.mca_networks)} host or tandem"
        )
        steps.append(
            PoiStep(
                f"{rc} is in MCA {mca} ({members.get(rc, '?')}), but {why}: it is not interconnected with them "
                f"via the {'/'.join(rule.mca_networks)} network(s) without another company's tandem, so it stays "
                "its own rate center.",
                rule.cite,
            )
        )
        return None
    tiers = ", ".join(f"{m} ({members[m]})" for m in in_set)
    steps.append(
        PoiStep(
            f"{rc} is in MCA {mca}; its exchanges {tiers} are interconnected via the "
            f"{'/'.join(rule.mca_networks)} network(s) without another company's tandem: they are treated as a "
            "single rate center.",
            rule.cite,
        )
    )
    return tuple(in_set)


def _connected(rule: PoiRule, net: NetworkSnapshot, start: str) -> set[str]:
    """CLLIs joined to ``start`` by homing links ending at an ``mca_networks`` switch (undirected)."""
    edges: dict[str, set[str]] = {}
    for sw in net.switches.values():
        if sw.owner not in rule.mca_networks:
            continue
        for far in (sw.host_clli, sw.tandem_clli):
            other = net.switches.get(far) if far else None
            if other is not None and other.owner in rule.mca_networks:
                edges.setdefault(sw.clli, set()).add(other.clli)
                edges.setdefault(other.clli, set()).add(sw.clli)
    seen, todo = {start}, [start]
    while todo:
        for nxt in edges.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def _place_set(
    rule: PoiRule, net: NetworkSnapshot, rc: str, office: Switch, members: Iterable[str], steps: list[PoiStep]
) -> str:
    """One POI for the whole set: the office every member's placement leads to."""
    area = set(members)
    own = _climb(rule, net, office, area, steps)
    ends = {}
    for m in sorted(area):
        for sw in net.switches_in(m):
            if sw.kind in _SERVING_KINDS and sw.owner in rule.mca_networks:
                ends[sw.clli] = _climb(rule, net, sw, area, []).clli
    common = set(ends.values())
    if common == {own.clli}:
        steps.append(
            PoiStep(
                f"Every office of the set ({', '.join(sorted(ends))}) leads to {own.clli}: one POI there serves "
                "the single rate center.",
                rule.cite,
            )
        )
    else:
        steps.append(
            PoiStep(
                f"The set's offices lead to different offices ({', '.join(sorted(common))}); the POI for {rc} "
                f"stays at {own.clli}.",
                rule.cite,
            )
        )
    return own.clli


# --- helpers ---------------------------------------------------------------------------------------


def _eas_partners(rule: PoiRule, net: NetworkSnapshot, rc: str) -> list[str]:
    """ILEC rate centers that share a local calling area with ``rc`` by EAS or MCA (either direction)."""
    ilec_rcs = {s.rate_center for s in net.switches.values() if s.owner == rule.ilec and s.kind in _SERVING_KINDS}
    found = set()
    for link in net.calling:
        if link.kind not in _EAS_KINDS:
            continue
        if link.rate_center == rc and link.reaches in ilec_rcs:
            found.add(link.reaches)
        elif link.reaches == rc and link.rate_center in ilec_rcs:
            found.add(link.rate_center)
    return sorted(found)


def _eas_provisions(agreement: Any) -> list[Any]:
    """The agreement's EAS direct-connection provisions, in :data:`EAS_PROVISION_IDS` order."""
    found = []
    for pid in EAS_PROVISION_IDS:
        try:
            found.append(agreement.provision(pid))
        except Exception:  # noqa: BLE001 - UnknownAgreementError or a library without that id
            continue
    return found


def _eas_conditions(agreement: Any) -> str:
    """The EAS conditions as the library words them (provision titles), never figures typed here."""
    return "; ".join(str(t) for p in _eas_provisions(agreement) if (t := getattr(p, "title", None)))


def _eas_cite(agreement: Any) -> str | None:
    """The cite of the agreement's EAS direct-connection paragraph, if it has one."""
    for prov in _eas_provisions(agreement):
        cite = getattr(prov, "cite", None)
        if cite:
            return str(cite)
    return None
