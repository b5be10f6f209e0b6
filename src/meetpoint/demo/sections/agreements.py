"""Section: which terms govern each demo carrier pair on the demo date (the resolver)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from meetpoint.agreements import Library, resolve

#: The carrier pairs the demo shows, with what each illustrates.
DEMO_PAIRS: tuple[tuple[str, str, str], ...] = (
    ("socket", "spectra", "interim arrangement on the adopted AT&T/GTE agreement, with exclusions"),
    ("socket", "centurytel-mo", "the adopted AT&T/GTE agreement as amended"),
    ("centurytel", "idt", "a stand-alone 2006 agreement"),
    ("socket", "idt", "two CLECs with no agreement between them"),
)
#: The date the demo resolves governing terms on (inside the demo traffic year).
DEMO_DATE = dt.date(2006, 6, 1)


def governing_terms(lib: Library, on: dt.date = DEMO_DATE) -> list[dict[str, Any]]:
    """For each demo pair: the resolver's status, chain of authority, and provisions by topic."""
    out = []
    for a, b, what in DEMO_PAIRS:
        res = resolve(lib, a, b, on=on)
        out.append(
            {
                "pair": (a, b),
                "what": what,
                "status": res.status,
                "chain": [
                    {"agreement": c.agreement, "relation": c.relation, "cite": c.cite,
                     "effective": c.effective or c.known_in_force_by, "until": c.until}
                    for c in res.chain
                ],
                "provisions": [
                    {"topic": p.topic, "id": p.id, "title": p.title, "cite": p.cite,
                     "precedence": p.precedence}
                    for p in sorted(res.provisions, key=lambda p: (p.topic, p.id))
                ],
                "notes": res.notes,
            }
        )
    return out
