"""Section: every direct-connection trigger on the demo pairs, with the election comparison and charts."""

from __future__ import annotations

from typing import Any

from meetpoint.agreements import Library


def triggers(ws: Any, lib: Library, through: str) -> dict[str, Any]:
    """Every direct-connection trigger on the demo pairs (``build_evidence`` + ``evaluate``), the
    election comparison where scenario (2) is met, and the charts of each pair with a met trigger."""
    from meetpoint.compliance import build_evidence, evaluate
    from meetpoint.compliance.election import miles_between, with_elections
    from meetpoint.reports.charts import pair_charts

    found = build_evidence(ws, through=through)
    verdicts = evaluate(lib, found.rows, through=through, notes=found.notes)
    verdicts = with_elections(lib, verdicts, lambda a, b, on: miles_between(ws, a, b, on))
    met = sorted((v for v in verdicts if v.met), key=lambda v: (v.first_met, v.agreement, v.trigger))
    pairs = {frozenset((v.from_switch, v.to_switch)) for v in met}
    charts = pair_charts([e for e in found.rows if frozenset((e.from_switch, e.to_switch)) in pairs],
                         [v for v in verdicts if frozenset((v.from_switch, v.to_switch)) in pairs], lib)
    return {
        "through": through,
        "judged": len(verdicts),
        "pairs_judged": len({frozenset((v.from_switch, v.to_switch)) for v in verdicts}),
        "met": [{"agreement": v.agreement, "trigger": v.trigger, "from_switch": v.from_switch,
                 "to_switch": v.to_switch, "first_met": v.first_met, "rule": v.rule, "cites": list(v.cites),
                 "months_passed": [r.month for r in v.evidence if r.passed],
                 "election": v.extra.get("election")} for v in met],
        "verdicts": met,
        "charts": [{"from_switch": c.from_switch, "to_switch": c.to_switch, "met": list(c.met),
                    "svgs": list(c.svgs)} for c in charts],
        "notes": list(found.notes),
    }
