"""Section: generate the scenario's synthetic calls and ingest them (reconciliation, quarantine reasons)."""

from __future__ import annotations

from typing import Any

from rich.console import Console

from meetpoint.demo.console import progress_bar


def traffic(ws: Any, console: Console, *, months: int = 12, scale: float = 1.0) -> dict[str, Any]:
    """Generate the scenario's calls (``meetpoint.demo.traffic``), one Parquet file per month, into
    ``cdrs/incoming/`` and ingest them; the reconciliation and the quarantine reasons."""
    from meetpoint.demo.traffic import load_scenario, write_calls
    from meetpoint.traffic import REASONS, ingest_files

    scenario = load_scenario()
    with console.status(f"Generating {months} months of synthetic calls (background scale {scale:g})…"):
        files = write_calls(ws.dir("cdrs") / "incoming", format="parquet", months=months, scale=scale)
    reports = []
    with progress_bar(console) as bar:
        task = bar.add_task("Ingesting call files", total=len(files))
        for path in files:
            reports.append(ingest_files(ws, [path], format="canonical", progress=False).files[0])
            bar.advance(task)
    counts: dict[str, int] = {}
    for code, n in ws.run_sql("SELECT code, count(*) FROM quarantine GROUP BY code"):
        counts[code] = int(n)
    reasons = [{"code": r.code, "reason": r.text, "rows": counts[r.code]} for r in REASONS if counts.get(r.code)]
    read, accepted, quarantined = (sum(getattr(f, k) for f in reports) for k in ("rows_read", "accepted", "quarantined"))
    return {
        "start": scenario.start, "months": months, "scale": scale, "format": "parquet",
        "files": [{"file": f.file, "rows_read": f.rows_read, "accepted": f.accepted,
                   "quarantined": f.quarantined} for f in reports],
        "rows_read": read, "accepted": accepted, "quarantined": quarantined,
        "reconciles": read == accepted + quarantined, "reasons": reasons,
    }
