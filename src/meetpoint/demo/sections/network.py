"""Section: the demo network's counts, and the POI of every ILEC rate center under each Socket agreement."""

from __future__ import annotations

import datetime as dt
from typing import Any

from meetpoint.agreements import Library
from meetpoint.demo.sections.agreements import DEMO_DATE


def network_overview(ws: Any, lib: Library, on: dt.date = DEMO_DATE) -> dict[str, Any]:
    """Counts of the demo network, and the POI of every ILEC rate center under each Socket agreement."""
    from meetpoint.network.model import NetworkSnapshot
    from meetpoint.planning.poi import place_poi

    snap = NetworkSnapshot.load(ws, on=on)
    kinds: dict[str, int] = {}
    for s in snap.switches.values():
        kinds[s.kind] = kinds.get(s.kind, 0) + 1
    placements = []
    for agreement_id in ("socket-spectra-interim-2005", "socket-centurytel-amendment-2005"):
        agr = lib.agreement(agreement_id)
        ilec = agr.provision("poi.placement").facts["ilec"]
        served = sorted({s.rate_center for s in snap.switches.values() if s.owner == ilec})
        for rc in served:
            p = place_poi(agr, snap, rc, on)
            placements.append(
                {"agreement": agreement_id, "rate_center": rc, "poi": p.poi,
                 "treated_as": sorted(p.treated_as) if p.treated_as else None,
                 "steps": p.steps}
            )
    return {
        "on": on,
        "carriers": len(snap.carriers),
        "rate_centers": len(snap.rate_centers),
        "switches": dict(sorted(kinds.items())),
        "mcas": sorted({link.mca for link in snap.calling if getattr(link, "mca", None)}),
        "placements": placements,
    }
