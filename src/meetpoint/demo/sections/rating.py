"""Section: rate the calls and fold the usage cube for reading."""

from __future__ import annotations

from typing import Any

from rich.console import Console


def rating(ws: Any, console: Console) -> dict[str, Any]:
    """Run the rate step (``meetpoint rate``) and summarize the usage cube: per month, agreement and
    jurisdiction, calls and billable minutes (the group's exact tenths of seconds rounded up once)."""
    from meetpoint.rating.measure import billable_minutes
    from meetpoint.rating.run import rate_workspace

    with console.status("Rating the calls (usage cube and hourly load)…"):
        summary = rate_workspace(ws)
    rows = ws.run_sql(
        "SELECT month, coalesce(agreement, '(no agreement)'), jurisdiction, sum(calls), sum(duration_ds) "
        "FROM usage_cube GROUP BY ALL ORDER BY ALL")
    cells = [{"month": m, "agreement": a, "jurisdiction": j, "calls": int(c), "duration_ds": int(d),
              "billable_minutes": billable_minutes(int(d))} for m, a, j, c, d in rows]
    return {"summary": summary, "cells": cells, **_usage_tables(cells)}


def _usage_tables(cells: list[dict[str, Any]]) -> dict[str, Any]:
    """The cube folded for reading: the year per agreement × jurisdiction, and per month by agreement."""
    from meetpoint.rating.measure import billable_minutes

    def fold(key: Any) -> dict[Any, list[int]]:
        out: dict[Any, list[int]] = {}
        for c in cells:
            acc = out.setdefault(key(c), [0, 0])
            acc[0] += c["calls"]
            acc[1] += c["duration_ds"]
        return out

    year = [{"agreement": a, "jurisdiction": j, "calls": n, "billable_minutes": billable_minutes(ds)}
            for (a, j), (n, ds) in sorted(fold(lambda c: (c["agreement"], c["jurisdiction"])).items())]
    agreements = sorted({c["agreement"] for c in cells})
    per = fold(lambda c: (c["month"], c["agreement"]))
    monthly = []
    for month, (n, ds) in sorted(fold(lambda c: c["month"]).items()):
        monthly.append({"month": month, "calls": n, "billable_minutes": billable_minutes(ds),
                        "by_agreement": {a: billable_minutes(per.get((month, a), [0, 0])[1]) for a in agreements}})
    return {"year": year, "monthly": monthly, "agreements": agreements}
