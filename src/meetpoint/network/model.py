"""The network as plain values: carriers, rate centers, switches and local calling, as of one date.

Engines that walk the network (POI placement, direct-connection planning) take a
:class:`NetworkSnapshot` rather than querying tables themselves. It is built from the workspace
with :meth:`NetworkSnapshot.load` (every table read "as of" one date: for each key the row with the
latest ``effective`` on or before that date) or directly in tests:

>>> snap = NetworkSnapshot(
...     carriers={"spectra": Carrier("spectra", "Spectra Communications", "1234", "ILEC")},
...     rate_centers={"FULTON": RateCenter("FULTON", "MO", 520, 6900.0, 2600.0)},
...     switches={
...         "FLTNMOXADS0": Switch("FLTNMOXADS0", "spectra", "host", "FULTON", v=6900.0, h=2600.0),
...         "FLTNMOXARS1": Switch("FLTNMOXARS1", "spectra", "remote", "FULTON", host_clli="FLTNMOXADS0"),
...     },
...     calling=[CallingLink("FULTON", "FULTON", "basic")],
... )
>>> [s.clli for s in snap.switches_in("FULTON")]
['FLTNMOXADS0', 'FLTNMOXARS1']
>>> snap.host_of("FLTNMOXARS1").clli
'FLTNMOXADS0'
>>> snap.reaches("FULTON")
{'FULTON': 'basic'}
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from meetpoint.errors import ReferenceDataError

if TYPE_CHECKING:  # pragma: no cover
    from meetpoint.store import Workspace

__all__ = [
    "CALLING_KINDS",
    "CARRIER_KINDS",
    "CALLING_AREA_KINDS",
    "SWITCH_KINDS",
    "CallingLink",
    "Carrier",
    "NetworkSnapshot",
    "RateCenter",
    "Switch",
]

#: Carrier kinds. A carrier created from a public file whose OCN is unknown has kind ``None``.
CARRIER_KINDS = ("ILEC", "CLEC", "IXC", "CMRS")
#: Switch kinds.
SWITCH_KINDS = ("end_office", "host", "remote", "access_tandem")
#: Kinds of local calling link, from one rate center to another it reaches.
CALLING_KINDS = ("basic", "mandatory_eas", "optional_eas", "mca_mandatory", "mca_optional")
#: Link kinds that put two rate centers in the same calling area for POI placement (Interim §5 ¶5,
#: Amendment §3 ¶5: "each set of optional and mandatory MCA exchanges in the same MCA ... shall be
#: treated as a single rate center", so both MCA tiers count; optional EAS does not). This is not
#: the Local Traffic test of App. C 1.61, which excludes optional local calling: that lives in
#: :data:`meetpoint.rating.jurisdiction.LINK_CLASS`.
CALLING_AREA_KINDS = ("basic", "mandatory_eas", "mca_mandatory", "mca_optional")


@dataclass(frozen=True)
class Carrier:
    """A carrier: our id (``"spectra"``), its name, its NECA Operating Company Number and kind."""

    id: str
    name: str
    ocn: str | None = None
    kind: str | None = None  # one of CARRIER_KINDS; None for a placeholder created from an unknown OCN
    affiliates: tuple[str, ...] = ()


@dataclass(frozen=True)
class RateCenter:
    """A rate center (exchange): name (its id in every table), state, LATA and V&H coordinates."""

    name: str
    state: str | None = None
    lata: int | None = None
    v: float | None = None
    h: float | None = None


@dataclass(frozen=True)
class Switch:
    """A switch by CLLI: its owner (carrier id), kind, the rate center it serves and its homing.

    ``host_clli`` is set for a remote (its host); ``tandem_clli`` is the access tandem it subtends.
    """

    clli: str
    owner: str
    kind: str  # one of SWITCH_KINDS
    rate_center: str | None = None
    host_clli: str | None = None
    tandem_clli: str | None = None
    v: float | None = None
    h: float | None = None


@dataclass(frozen=True)
class CallingLink:
    """``rate_center`` reaches ``reaches`` as a local call of ``kind`` (one of CALLING_KINDS).

    ``mca`` names the Metropolitan Calling Area for the two ``mca_*`` kinds.
    """

    rate_center: str
    reaches: str
    kind: str
    mca: str | None = None


@dataclass(frozen=True)
class NetworkSnapshot:
    """The whole network as of one date (``on``; ``None`` when built by hand)."""

    carriers: dict[str, Carrier] = field(default_factory=dict)
    rate_centers: dict[str, RateCenter] = field(default_factory=dict)
    switches: dict[str, Switch] = field(default_factory=dict)
    calling: list[CallingLink] = field(default_factory=list)
    on: dt.date | None = None

    # --- switches and homing ------------------------------------------------------------------

    def switch(self, clli: str) -> Switch:
        """The switch by CLLI (ReferenceDataError when unknown)."""
        try:
            return self.switches[clli]
        except KeyError:
            raise ReferenceDataError("switches", None, "clli", f"no switch {clli!r} on {self.on}") from None

    def switches_in(self, rate_center: str, *, owner: str | None = None, kind: str | None = None) -> list[Switch]:
        """Switches serving ``rate_center``, optionally only one owner's or one kind, sorted by CLLI."""
        return sorted(
            (
                s
                for s in self.switches.values()
                if s.rate_center == rate_center
                and (owner is None or s.owner == owner)
                and (kind is None or s.kind == kind)
            ),
            key=lambda s: s.clli,
        )

    def host_of(self, clli: str) -> Switch | None:
        """The host of a remote switch; ``None`` when the switch is not a remote (or has no host)."""
        host = self.switch(clli).host_clli
        return self.switches.get(host) if host else None

    def tandem_of(self, clli: str) -> Switch | None:
        """The access tandem a switch subtends (a remote subtends its host's tandem when it has none)."""
        sw = self.switch(clli)
        if sw.tandem_clli:
            return self.switches.get(sw.tandem_clli)
        host = self.host_of(clli)
        if host is not None and host.tandem_clli:
            return self.switches.get(host.tandem_clli)
        return None

    def remotes_of(self, host_clli: str) -> list[Switch]:
        """The remotes homed on ``host_clli``, sorted by CLLI."""
        return sorted((s for s in self.switches.values() if s.host_clli == host_clli), key=lambda s: s.clli)

    def subtending(self, tandem_clli: str) -> list[Switch]:
        """Switches that name ``tandem_clli`` as their access tandem, sorted by CLLI."""
        return sorted((s for s in self.switches.values() if s.tandem_clli == tandem_clli), key=lambda s: s.clli)

    # --- local calling --------------------------------------------------------------------------

    def reaches(self, rate_center: str) -> dict[str, str]:
        """Rate centers ``rate_center`` reaches locally, with the kind of each link.

        A rate center always reaches itself as ``basic``, listed or not.
        """
        out = {rate_center: "basic"}
        for link in self.calling:
            if link.rate_center == rate_center:
                out[link.reaches] = link.kind
        return out

    def calling_kind(self, from_rc: str, to_rc: str) -> str | None:
        """The kind of local link from ``from_rc`` to ``to_rc``; ``None`` when the call is not local."""
        return self.reaches(from_rc).get(to_rc)

    def mca_of(self, rate_center: str) -> str | None:
        """The name of the MCA ``rate_center`` belongs to (from its ``mca_*`` links), if any."""
        names = sorted({link.mca for link in self.calling if link.rate_center == rate_center and link.mca})
        return names[0] if names else None

    def mca_members(self, mca: str) -> dict[str, str]:
        """Rate centers of MCA ``mca`` and their tier kind (``mca_mandatory`` or ``mca_optional``)."""
        out: dict[str, str] = {}
        for link in self.calling:
            if link.mca == mca:
                out.setdefault(link.rate_center, link.kind)
        return out

    # --- carriers ---------------------------------------------------------------------------

    def carrier_by_ocn(self, ocn: str) -> Carrier | None:
        """The carrier holding an OCN, if known."""
        return next((c for c in self.carriers.values() if c.ocn == ocn), None)

    def affiliated(self, a: str, b: str) -> bool:
        """True when carriers ``a`` and ``b`` are the same or either lists the other as an affiliate."""
        if a == b:
            return True
        ca, cb = self.carriers.get(a), self.carriers.get(b)
        return bool((ca and b in ca.affiliates) or (cb and a in cb.affiliates))

    # --- building --------------------------------------------------------------------------------

    @classmethod
    def load(cls, ws: "Workspace", on: dt.date | None = None) -> "NetworkSnapshot":
        """Read the network tables of a workspace as of ``on`` (default: today)."""
        from meetpoint.network import tables

        on = on or dt.date.today()
        carriers = {
            r["id"]: Carrier(r["id"], r["name"], r["ocn"], r["kind"], _split(r["affiliates"]))
            for r in tables.rows_as_of(ws, "carriers", on)
        }
        rcs = {
            r["rate_center"]: RateCenter(r["rate_center"], r["state"], r["lata"], r["v"], r["h"])
            for r in tables.rows_as_of(ws, "rate_centers", on)
        }
        switches = {
            r["clli"]: Switch(
                r["clli"], r["owner"], r["kind"], r["rate_center"], r["host_clli"], r["tandem_clli"], r["v"], r["h"]
            )
            for r in tables.rows_as_of(ws, "switches", on)
        }
        calling = [
            CallingLink(r["rate_center"], r["reaches"], r["kind"], r["mca"])
            for r in tables.rows_as_of(ws, "local_calling", on)
        ]
        calling.sort(key=lambda c: (c.rate_center, c.reaches))
        return cls(carriers, rcs, switches, calling, on)


def _split(value: str | None) -> tuple[str, ...]:
    """``"a;b"`` -> ``("a", "b")`` (affiliates are separated by ``;``)."""
    return tuple(p.strip() for p in (value or "").split(";") if p.strip())
