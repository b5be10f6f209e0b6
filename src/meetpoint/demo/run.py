"""The demo run: build a workspace from the built-in library and the illustrative network, run every
capability that exists on it, print what a person needs to see, and write the HTML report.

Each section is a small function that computes (through the engines) and returns plain data; the
console tables and the HTML report only lay that data out. Nothing here decides a rule.
"""

from __future__ import annotations

import datetime as dt
import shutil
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table

import meetpoint
from meetpoint.agreements import Library, load_library, resolve
from meetpoint.calendar import order_acceptance, section252_windows, subsequent_law, tbd_trueup
from meetpoint.errors import WorkspaceError

#: The carrier pairs the demo shows, with what each illustrates.
DEMO_PAIRS: tuple[tuple[str, str, str], ...] = (
    ("socket", "spectra", "interim arrangement on the adopted AT&T/GTE agreement, with exclusions"),
    ("socket", "centurytel-mo", "the adopted AT&T/GTE agreement as amended"),
    ("centurytel", "idt", "a stand-alone 2006 agreement"),
    ("socket", "idt", "two CLECs with no agreement between them"),
)
#: The date the demo resolves governing terms on (inside the demo traffic year).
DEMO_DATE = dt.date(2006, 6, 1)
#: The two requests for negotiation in Socket's letter of 9 Aug 2005 (seed 003).
NEGOTIATION_REQUESTS: tuple[tuple[dt.date, str], ...] = (
    (dt.date(2005, 3, 22), "Socket's letter and proposed amendment (TRRO changes)"),
    (dt.date(2005, 8, 9), "Socket's request to negotiate a new ICA with CenturyTel and Spectra"),
)
DEFAULT_WORKSPACE = Path("demo-workspace")
#: The illustrative settlement inputs (facilities, transit charges, elections, taxes).
SETTLEMENT_SOURCE = Path(__file__).with_name("settlement")
#: The agreements the demo bills, both ways, every bill month.
BILLING_AGREEMENTS: tuple[str, ...] = (
    "socket-spectra-interim-2005", "socket-centurytel-amendment-2005", "centurytel-idt-2006")
#: Short names for the console's narrow tables.
SHORT: dict[str, str] = {
    "socket-spectra-interim-2005": "Interim", "socket-centurytel-amendment-2005": "Amendment",
    "centurytel-idt-2006": "IDT", "(no agreement)": "none"}
#: Scenario (2) of Interim §5 ¶8 / Amendment §3 ¶8: the trigger that opens the transit election.
SCENARIO_2 = "direct_connection.mou_and_transit"
#: The illustrative arbitration decision the true-up applies (Interim §5 ¶4).
TRUEUP_AGREEMENT = "socket-spectra-interim-2005"
DECISION_DATE = dt.date(2006, 12, 15)
#: When the demo issues the memos (the replayed year: the Monday after the decision).
MEMO_ISSUED = dt.datetime(2006, 12, 18, 15, tzinfo=dt.timezone.utc)
DECISION_CITE = "ILLUSTRATIVE arbitration order (invented for the demo; not a Commission order)"


@dataclass
class DemoResult:
    """What the demo computed, section by section, and where it wrote the report."""

    workspace: Path
    report: Path
    sections: dict[str, Any] = field(default_factory=dict)


# --------------------------------------------------------------------------------------------
# Sections
# --------------------------------------------------------------------------------------------


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


def negotiation_deadlines(lib: Library) -> dict[str, Any]:
    """Section 252 windows of the 2005 requests, and the IDT agreement's own deadlines."""
    windows = [
        {"requested": d, "what": what, "windows": section252_windows(d)} for d, what in NEGOTIATION_REQUESTS
    ]
    idt = lib.agreement("centurytel-idt-2006")
    effective = idt.effective
    first = idt.parameter("ordering.first_orders.business_days_after_effective")
    law = idt.provision("change_of_law.subsequent_law")
    tbd = idt.parameter("pricing.tbd_prices.true_up_days")
    examples = {
        "order_acceptance": order_acceptance(
            effective, business_days=int(first.value_at(effective)), cite=first.cite
        ),
        "subsequent_law": subsequent_law(
            dt.date(2006, 9, 1),
            begin_within=int(law.params["negotiation_start"].value_at(effective)),
            fail_within=int(law.params["negotiation_period"].value_at(effective)),
            cite=law.cite,
        ),
        "tbd_trueup": tbd_trueup(
            dt.date(2006, 11, 15), business_days=int(tbd.value_at(effective)), cite=tbd.cite
        ),
    }
    return {"section252": windows, "idt": examples, "idt_effective": effective}


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


# --- traffic, rating ------------------------------------------------------------------------------


def _months(first: str, count: int) -> list[str]:
    y, m = int(first[:4]), int(first[5:7])
    out = []
    for _ in range(count):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def traffic(ws: Any, console: Console, *, months: int = 12, scale: float = 1.0) -> dict[str, Any]:
    """Generate the scenario's calls (``meetpoint.demo.traffic``), one Parquet file per month, into
    ``cdrs/incoming/`` and ingest them; the reconciliation and the quarantine reasons."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from meetpoint.demo.traffic import load_scenario, write_calls
    from meetpoint.traffic import REASONS, ingest_files

    scenario = load_scenario()
    with console.status(f"Generating {months} months of synthetic calls (background scale {scale:g})…"):
        files = write_calls(ws.dir("cdrs") / "incoming", format="parquet", months=months, scale=scale)
    reports = []
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=True) as bar:
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


# --- settlement inputs, triggers ------------------------------------------------------------------


def settlement_inputs(ws: Any, lib: Library) -> dict[str, Any]:
    """Copy the illustrative settlement files into ``reference/settlement/`` and import them as
    ``meetpoint network import --dir`` does (``settlement.import_reference_folder``)."""
    from meetpoint.settlement import import_reference_folder

    folder = ws.dir("reference") / "settlement"
    shutil.copytree(SETTLEMENT_SOURCE, folder, dirs_exist_ok=True)
    report = import_reference_folder(ws, folder, lib=lib, replace=True).settlement
    return {"folder": folder, "rows": dict(report.rows), "warnings": list(report.warnings)}


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


def election(ws: Any, lib: Library, found: dict[str, Any]) -> dict[str, Any]:
    """Socket's election on the scenario-(2) route from the month its conditions are met: the month
    comes from the compliance verdict when there is one, else from the shipped ``elections.csv``
    (scenario.yaml's ``met_at``). Written into the workspace copy of ``elections.csv`` and imported."""
    import csv

    from meetpoint.settlement import import_settlement_files

    path = ws.dir("reference") / "settlement" / "elections.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        fields, rows = list(reader.fieldnames or ()), list(reader)
    row = rows[0]
    route = {row["switch_a"], row["switch_b"]}
    verdict = next((v for v in found["met"] if v["trigger"] == SCENARIO_2 and v["agreement"] == row["agreement"]
                    and {v["from_switch"], v["to_switch"]} == route), None)
    if verdict is not None:
        row["from"] = f"{verdict['first_met']}-01"
        row["notice"] = (f"DEMO Socket notice of election (Amendment §3 ¶8), from {verdict['first_met']}: "
                         "the month the compliance verdict found scenario (2) met")
        source = f"the compliance verdict (scenario (2) first met {verdict['first_met']})"
    else:
        source = "the shipped elections.csv (scenario.yaml met_at); no scenario-(2) verdict was met"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    import_settlement_files(ws, [path], lib=lib, replace=True)
    return {"agreement": row["agreement"], "electing_carrier": row["electing_carrier"],
            "route": f"{row['switch_a']}~{row['switch_b']}", "from": dt.date.fromisoformat(row["from"]),
            "source": source}


# --- invoices, true-up, notice --------------------------------------------------------------------


def _doc_name(doc_id: str) -> str:
    return doc_id.replace(":", "_")


def invoices(ws: Any, lib: Library, bill_months: list[str], pdfs: list[tuple[str, Path]]) -> dict[str, Any]:
    """Draft and issue every bill of ``bill_months`` both ways under the demo agreements; write each
    as HTML now and queue its PDF in ``pdfs``. A bill with no lines is not issued (listed as skipped)."""
    from meetpoint.reports.invoice_pdf import invoice_html
    from meetpoint.settlement.invoice import draft_invoice
    from meetpoint.settlement.issued import issue_invoice

    folder = ws.dir("reports") / "invoices"
    folder.mkdir(parents=True, exist_ok=True)
    issued, skipped = [], []
    for agreement_id in BILLING_AGREEMENTS:
        agr = lib.agreement(agreement_id)
        for biller, billed in (agr.pairs[0], agr.pairs[0][::-1]):
            for month in bill_months:
                draft = draft_invoice(ws, lib, agreement_id, biller, billed, month)
                if not draft.lines:
                    skipped.append({"agreement": agreement_id, "biller": biller, "billed": billed, "month": month})
                    continue
                inv, _ = issue_invoice(ws, lib, draft, now=_bill_date(month))
                html = folder / f"{_doc_name(inv.invoice_id)}.html"
                page = invoice_html(inv, lib)
                html.write_text(page, encoding="utf-8")
                pdfs.append((page, html.with_suffix(".pdf")))
                issued.append(_invoice_row(inv, html))
    return {"issued": issued, "skipped": skipped, "by_direction": _by_direction(issued)}


def _bill_date(month: str) -> dt.datetime:
    """The replayed year's issue time of a bill: its bill date (the 1st), 9 am Central (15:00 UTC)."""
    return dt.datetime(int(month[:4]), int(month[5:7]), 1, 15, tzinfo=dt.timezone.utc)


def _invoice_row(inv: Any, html: Path) -> dict[str, Any]:
    kinds: dict[str, Decimal] = {}
    for line in inv.lines:
        kinds[line.kind] = kinds.get(line.kind, Decimal("0.00")) + line.amount
    return {"invoice_id": inv.invoice_id, "agreement": inv.agreement, "biller": inv.biller, "billed": inv.billed,
            "month": inv.bill_month.strftime("%Y-%m"), "lines": len(inv.lines), "kinds": kinds,
            "subtotal": inv.subtotal, "taxes": inv.taxes, "total": inv.total, "unpriced": len(inv.unpriced),
            "html": html, "pdf": html.with_suffix(".pdf")}


def _by_direction(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: dict[tuple[str, str, str], dict[str, Any]] = {}
    for r in rows:
        d = out.setdefault((r["agreement"], r["biller"], r["billed"]),
                           {"agreement": r["agreement"], "biller": r["biller"], "billed": r["billed"], "invoices": 0,
                            "kinds": {}, "total": Decimal("0.00")})
        d["invoices"] += 1
        d["total"] += r["total"]
        for k, v in r["kinds"].items():
            d["kinds"][k] = d["kinds"].get(k, Decimal("0.00")) + v
    return list(out.values())


def _third_party_parameters(ws: Any, agreement_id: str) -> tuple[list[str], list[str]]:
    """The library parameters that priced the issued third-party-transport facility lines, and any
    other facility lines those same parameters priced (they would be changed too)."""
    from meetpoint.settlement.issued import issued_invoices

    third, other = set(), set()
    lines = [line for inv in issued_invoices(ws, agreement_id) for line in inv.lines if line.kind == "facility"]
    for line in lines:
        if line.inputs.get("transport") == "third_party" and line.inputs.get("library"):
            third.add(line.inputs["library"])
    for line in lines:
        if line.inputs.get("transport") != "third_party" and line.inputs.get("library") in third:
            other.add(line.key)
    return sorted(third), sorted(other)


def _third_party_billed(ws: Any, agreement_id: str) -> Decimal:
    from meetpoint.settlement.issued import issued_invoices

    return sum((line.amount for inv in issued_invoices(ws, agreement_id) for line in inv.lines
                if line.kind == "facility" and line.inputs.get("transport") == "third_party"), Decimal("0.00"))


def write_decisions(ws: Any, lib: Library, agreement_id: str = TRUEUP_AGREEMENT) -> list[Path]:
    """The illustrative arbitration decision: no rate applies to third-party-transport connections,
    retroactive from commencement (Interim §5 ¶4: "subject to refund"). One document per parameter
    that priced an issued third-party line, in ``agreements/decisions/``."""
    import yaml

    from meetpoint.settlement import commencement

    agr = lib.agreement(agreement_id)
    ilec, clec = agr.roles["ilec"], agr.roles["clec"]
    since = commencement(agr, ilec, clec)
    out = []
    for name in _third_party_parameters(ws, agreement_id)[0]:
        first = agr.parameter(name).entries()[0].since
        doc = {
            "kind": "decision",
            "title": "ILLUSTRATIVE arbitration order: no rate applies to third-party-transport connections",
            "agreement": agreement_id,
            "parameter": name,
            "decided": DECISION_DATE.isoformat(),
            "cite": DECISION_CITE,
            "note": ("ILLUSTRATIVE, written by `meetpoint demo`: no such order exists. It exercises "
                     "Interim Arrangement §5 ¶4 (charges for connections over third-party transport "
                     "'subject to refund' if arbitration finds no rate applies)."),
            "values": {max(since, first).isoformat(): {"value": None, "change": "retroactive"}},  # null: no rate applies
        }
        path = ws.dir("agreements") / "decisions" / f"demo-arbitration-{name.rpartition('.')[2]}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("# ILLUSTRATIVE decision written by meetpoint demo (not a real order)\n"
                        + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
        out.append(path)
    return out


def true_up(ws: Any, pdfs: list[tuple[str, Path]], agreement_id: str = TRUEUP_AGREEMENT) -> dict[str, Any]:
    """Write the decision, recompute the issued invoices under it, issue the memos (HTML now, PDF queued)."""
    from meetpoint.reports.invoice_pdf import memo_html
    from meetpoint.settlement.trueup import trueup

    lib = load_library(extra=[ws.dir("agreements")])
    parameters, also_changed = _third_party_parameters(ws, agreement_id)
    decisions = write_decisions(ws, lib, agreement_id)
    lib = load_library(extra=[ws.dir("agreements")])
    memos = trueup(ws, lib, agreement_id, issue=True, now=MEMO_ISSUED)
    folder = ws.dir("reports") / "memos"
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for memo in memos:
        html = folder / f"{_doc_name(memo.memo_id)}.html"
        page = memo_html(memo, lib)
        html.write_text(page, encoding="utf-8")
        pdfs.append((page, html.with_suffix(".pdf")))
        rows.append({"memo_id": memo.memo_id, "invoice_id": memo.invoice_id, "kind": memo.kind,
                     "month": memo.bill_month.strftime("%Y-%m"), "lines": len(memo.lines),
                     "subtotal": memo.subtotal, "taxes": memo.taxes, "total": memo.total,
                     "html": html, "pdf": html.with_suffix(".pdf")})
    return {
        "agreement": agreement_id, "decided": DECISION_DATE, "cite": DECISION_CITE,
        "decisions": decisions, "parameters": parameters, "also_changed": also_changed,
        "third_party_billed": _third_party_billed(ws, agreement_id),
        "memos": rows,
        "subtotal": sum((m["subtotal"] for m in rows), Decimal("0.00")),
        "taxes": sum((m["taxes"] for m in rows), Decimal("0.00")),
        "refund": sum((m["total"] for m in rows), Decimal("0.00")),
    }


def notice(ws: Any, lib: Library, found: dict[str, Any], pdfs: list[tuple[str, Path]]) -> dict[str, Any] | None:
    """The direct-connection notice for the first trigger met (drafted the first of the next month)."""
    from meetpoint.compliance.notices import direct_connection_notice, render_notice

    if not found["verdicts"]:
        return None
    v = found["verdicts"][0]
    year, month = int(v.first_met[:4]), int(v.first_met[5:7])
    drafted = dt.date(year + month // 12, month % 12 + 1, 1)
    n = direct_connection_notice(lib, v, drafted=drafted)
    html = ws.dir("reports") / "notices" / f"{_doc_name(n.reference)}.html"
    html.parent.mkdir(parents=True, exist_ok=True)
    page = render_notice(n)
    html.write_text(page, encoding="utf-8")
    pdfs.append((page, html.with_suffix(".pdf")))
    return {"reference": n.reference, "subject": n.subject, "sender": n.sender.name, "recipient": n.recipient.name,
            "drafted": drafted, "agreement": v.agreement, "trigger": v.trigger, "first_met": v.first_met,
            "html": html, "pdf": html.with_suffix(".pdf")}


def print_pdfs(jobs: list[tuple[str, Path]], console: Console, workers: int = 2) -> list[Path]:
    """Print the queued HTML pages to PDF (``reports.pdf.html_to_pdf``), in ``workers`` processes."""
    import concurrent.futures as cf
    import multiprocessing

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from meetpoint.reports.pdf import html_to_pdf

    done: list[Path] = []
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=True) as bar:
        task = bar.add_task("Printing invoices, memos and the notice to PDF", total=len(jobs))
        if workers > 1 and len(jobs) > 1:
            ctx = multiprocessing.get_context("spawn")
            with cf.ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
                for path in pool.map(html_to_pdf, [h for h, _ in jobs], [p for _, p in jobs]):
                    done.append(Path(path))
                    bar.advance(task)
        else:
            for page, path in jobs:
                done.append(html_to_pdf(page, path))
                bar.advance(task)
    return done


# --------------------------------------------------------------------------------------------
# Printing
# --------------------------------------------------------------------------------------------


def _print_terms(console: Console, terms: list[dict[str, Any]]) -> None:
    console.rule(f"[bold]Governing terms on {DEMO_DATE.isoformat()}")
    for t in terms:
        a, b = t["pair"]
        console.print(f"\n[bold]{a} ↔ {b}[/bold]  ({t['what']}): [bold]{t['status']}[/bold]")
        for c in t["chain"]:
            console.print(f"  {c['relation']:>7}  {c['agreement']}  [dim]{c['cite']}[/dim]")
        if t["provisions"]:
            by_topic: dict[str, list[str]] = {}
            for p in t["provisions"]:
                by_topic.setdefault(p["topic"], []).append(p["cite"])
            tab = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
            tab.add_column("topic")
            tab.add_column("governing clauses", overflow="fold")
            for topic, cites in by_topic.items():
                tab.add_row(topic, "; ".join(dict.fromkeys(cites)))
            console.print(tab)


def _print_deadlines(console: Console, d: dict[str, Any]) -> None:
    console.rule("[bold]Section 252 deadlines of the 2005 negotiations")
    tab = Table(header_style="bold")
    for col in ("request for negotiation", "arbitration window opens", "closes", "resolution due"):
        tab.add_column(col)
    for w in d["section252"]:
        s = w["windows"]
        tab.add_row(w["requested"].isoformat(), s.window_opens.isoformat(), s.window_closes.isoformat(),
                    s.resolution_due.isoformat())
    console.print(tab)
    oa = d["idt"]["order_acceptance"]
    console.print(
        f"CenturyTel/IDT effective {d['idt_effective']}: first orders {oa.first_order_date} "
        f"[dim]({oa.cite})[/dim]"
    )


def _print_network(console: Console, n: dict[str, Any]) -> None:
    console.rule("[bold]Demo network (illustrative, not LERG data)")
    switches = ", ".join(f"{v} {k}" for k, v in n["switches"].items())
    console.print(f"{n['carriers']} carriers, {n['rate_centers']} rate centers, switches: {switches}")
    console.print(f"MCAs: {', '.join(n['mcas']) or 'none'}")
    tab = Table(header_style="bold", title="Points of interconnection", title_justify="left")
    for col in ("agreement", "rate center", "POI", "treated as one rate center with"):
        tab.add_column(col)
    for p in n["placements"]:
        tab.add_row(p["agreement"], p["rate_center"], p["poi"] or "—", ", ".join(p["treated_as"] or []))
    console.print(tab)


def _table(title: str | None, *columns: str, right: tuple[str, ...] = ()) -> Table:
    tab = Table(title=title, title_justify="left", header_style="bold", box=box.SIMPLE_HEAD, pad_edge=False)
    for col in columns:
        tab.add_column(col, justify="right" if col in right else "left", overflow="fold")
    return tab


def _short(agreement: str) -> str:
    return SHORT.get(agreement, agreement)


def _print_traffic(console: Console, t: dict[str, Any]) -> None:
    console.rule(f"[bold]Synthetic traffic: {t['months']} months from {t['start']:%b %Y} (illustrative)")
    ok = "[green]reconciles[/green]" if t["reconciles"] else "[red]DOES NOT RECONCILE[/red]"
    console.print(f"{len(t['files'])} {t['format']} files: read {t['rows_read']:,} = accepted {t['accepted']:,} "
                  f"+ quarantined {t['quarantined']:,} ({ok})")
    tab = _table("Quarantine reasons", "code", "reason", "rows", right=("rows",))
    for r in t["reasons"]:
        tab.add_row(r["code"], r["reason"], f"{r['rows']:,}")
    console.print(tab)


def _print_rating(console: Console, r: dict[str, Any]) -> None:
    s = r["summary"]
    console.rule("[bold]Rating: the usage cube")
    console.print(f"Rated {s['calls_in']:,} calls into {s['cube_rows']:,} usage cells and "
                  f"{s['hourly_rows']:,} switch-pair hours.")
    tab = _table("The year by agreement and jurisdiction", "agreement", "jurisdiction", "calls", "billable minutes",
                 right=("calls", "billable minutes"))
    for y in r["year"]:
        tab.add_row(_short(y["agreement"]), y["jurisdiction"], f"{y['calls']:,}", f"{y['billable_minutes']:,}")
    console.print(tab)
    names = [_short(a) for a in r["agreements"]]
    tab = _table("Monthly totals (billable minutes by agreement)", "month", "calls", "minutes", *names,
                 right=("calls", "minutes", *names))
    for m in r["monthly"]:
        tab.add_row(m["month"], f"{m['calls']:,}", f"{m['billable_minutes']:,}",
                    *(f"{m['by_agreement'][a]:,}" for a in r["agreements"]))
    console.print(tab)


def _print_triggers(console: Console, t: dict[str, Any], el: dict[str, Any]) -> None:
    console.rule(f"[bold]Direct-connection triggers through {t['through']}")
    console.print(f"{t['judged']} verdicts on {t['pairs_judged']} switch pairs; met:")
    tab = _table(None, "agreement", "trigger", "switches", "first met", "months passed")
    for v in t["met"]:
        tab.add_row(_short(v["agreement"]), v["trigger"].rpartition(".")[2], f"{v['from_switch']} → {v['to_switch']}",
                    v["first_met"], " ".join(m[5:] for m in v["months_passed"]))
    console.print(tab)
    for v in t["met"]:
        c = v["election"]
        if c:
            console.print(
                f"Election on {v['from_switch']}~{v['to_switch']} ({c['months'][0]}..{c['months'][-1]}): the transit "
                f"difference ${c['election_total']:,} vs a direct connection ${c['direct_connection_total']:,} "
                f"({c['transport']} transport): cheaper is [bold]{c['cheaper'].replace('_', ' ')}[/bold]")
    console.print(f"Socket elects the transit difference on {el['route']} from {el['from']:%d %b %Y}, "
                  f"taken from {el['source']}.")
    console.print(f"Charts of {len(t['charts'])} switch pairs are in the report.")


def _print_invoices(console: Console, inv: dict[str, Any], folder: Path) -> None:
    console.rule("[bold]Invoices issued for the bill months of 2006")
    money = ("facility", "usage", "election", "taxes", "total")
    tab = _table(None, "agreement", "biller → billed", "bills", *money, right=("bills", *money))
    zero = Decimal("0.00")
    for d in inv["by_direction"]:
        k = d["kinds"]
        tab.add_row(_short(d["agreement"]), f"{d['biller']} → {d['billed']}", str(d["invoices"]),
                    f"{k.get('facility', zero):,}", f"{k.get('usage', zero):,}", f"{k.get('transit_election', zero):,}",
                    f"{k.get('tax', zero) + k.get('surcharge', zero):,}", f"{d['total']:,}")
    console.print(tab)
    console.print(f"{len(inv['issued'])} invoices issued ({len(inv['skipped'])} bills with no lines not issued); "
                  f"HTML and PDF in {folder}")


def _print_trueup(console: Console, tu: dict[str, Any]) -> None:
    console.rule("[bold]True-up after an ILLUSTRATIVE retroactive arbitration decision")
    console.print(f"Decision of {tu['decided']:%d %b %Y} (illustrative): no rate applies to connections over "
                  f"third-party transport, retroactive from commencement. Parameters changed: "
                  f"{', '.join(tu['parameters']) or 'none'}.")
    if tu["also_changed"]:
        console.print(f"[yellow]Note:[/yellow] the same parameter also priced {len(tu['also_changed'])} facility "
                      "lines that are not third-party transport; the change reaches them too.")
    money = ("charges", "taxes", "total")
    tab = _table(None, "bill month", "memo", "kind", "lines", *money, right=("lines", *money))
    for m in tu["memos"]:
        tab.add_row(m["month"], m["memo_id"].rpartition(":")[2], m["kind"], str(m["lines"]),
                    f"{m['subtotal']:,}", f"{m['taxes']:,}", f"{m['total']:,}")
    console.print(tab)
    console.print(f"Third-party channel terminations billed under {_short(tu['agreement'])}: "
                  f"${tu['third_party_billed']:,}. Refund: charges {tu['subtotal']:,} + taxes {tu['taxes']:,} = "
                  f"[bold]{tu['refund']:,}[/bold] in {len(tu['memos'])} memos (HTML and PDF).")


def _print_notice(console: Console, n: dict[str, Any] | None) -> None:
    console.rule("[bold]Drafted notice")
    if n is None:
        console.print("No trigger met: no notice drafted.")
        return
    console.print(f"{n['subject']}: {n['sender']} to {n['recipient']}, drafted {n['drafted']:%d %b %Y} "
                  f"({n['trigger']} first met {n['first_met']}).")
    console.print(f"  {n['html']}\n  {n['pdf']}")


# --------------------------------------------------------------------------------------------
# The run
# --------------------------------------------------------------------------------------------


def _fresh_workspace(path: Path) -> Any:
    """Rebuild the demo workspace at ``path``; refuse to delete a folder that is not a workspace."""
    from meetpoint.demo.network_builder import build_demo_workspace

    if path.exists():
        if not (path / "meetpoint.toml").exists():
            raise WorkspaceError(f"{path} exists and is not a Meetpoint workspace; not overwriting it")
        shutil.rmtree(path)
    return build_demo_workspace(path)


def _href(path: Path, reports: Path) -> str:
    return path.relative_to(reports).as_posix()


def run_demo(path: Path = DEFAULT_WORKSPACE, console: Console | None = None, *, months: int = 12,
             scale: float = 1.0, pdf_workers: int = 2) -> DemoResult:
    """Build the demo workspace at ``path``, run every capability, write the report, return it all.

    ``months`` of traffic from January 2006 are generated and billed (bill months are the same
    months); ``scale`` multiplies the background traffic only (the trigger flows keep their
    volumes); ``pdf_workers`` processes print the PDFs.
    """
    from meetpoint.demo.traffic import load_scenario
    from meetpoint.reports import write_report

    console = console or Console()
    clock = _Clock()
    lib = load_library()
    terms = governing_terms(lib)
    _print_terms(console, terms)
    deadlines = negotiation_deadlines(lib)
    _print_deadlines(console, deadlines)

    with console.status("Building the demo workspace and importing the network…"):
        ws = _fresh_workspace(Path(path))
    with ws:
        network = network_overview(ws, lib)
        _print_network(console, network)
        clock.lap("workspace and network")
        calls = traffic(ws, console, months=months, scale=scale)
        _print_traffic(console, calls)
        clock.lap("traffic: generate and ingest")
        rated = rating(ws, console)
        _print_rating(console, rated)
        clock.lap("rating")
        lib = load_library(extra=[ws.dir("agreements")])
        inputs = settlement_inputs(ws, lib)
        bill_months = _months(load_scenario().start.strftime("%Y-%m"), months)
        with console.status("Judging the direct-connection triggers…"):
            found = triggers(ws, lib, bill_months[-1])
            chosen = election(ws, lib, found)
        _print_triggers(console, found, chosen)
        clock.lap("triggers and charts")
        pdfs: list[tuple[str, Path]] = []
        with console.status("Issuing the invoices…"):
            bills = invoices(ws, lib, bill_months, pdfs)
        _print_invoices(console, bills, ws.dir("reports") / "invoices")
        clock.lap("invoices (HTML)")
        with console.status("Applying the illustrative arbitration decision and issuing the true-up memos…"):
            refund = true_up(ws, pdfs)
        _print_trueup(console, refund)
        drafted = notice(ws, lib, found, pdfs)
        _print_notice(console, drafted)
        clock.lap("true-up and notice (HTML)")
        print_pdfs(pdfs, console, workers=pdf_workers)
        clock.lap(f"{len(pdfs)} PDFs")
        reports = ws.dir("reports")
        report = write_report(
            reports / "demo.html",
            "demo.html.j2",
            version=meetpoint.__version__,
            generated=dt.date.today(),
            demo_date=DEMO_DATE,
            terms=terms,
            deadlines=deadlines,
            network=network,
            traffic=calls,
            rating=rated,
            inputs=inputs,
            triggers=found,
            election=chosen,
            invoices=bills,
            trueup=refund,
            notice=drafted,
            href=lambda p: _href(Path(p), reports),
            timings=clock.laps,
        )
    console.print(f"\n[bold]Done in {clock.total():.0f} s[/bold] "
                  f"({'; '.join(f'{k} {v:.0f} s' for k, v in clock.laps.items())})")
    console.print(f"[bold green]Report:[/bold green] {report.resolve()}")
    return DemoResult(
        workspace=Path(path),
        report=report,
        sections={"terms": terms, "deadlines": deadlines, "network": network, "traffic": calls,
                  "rating": rated, "inputs": inputs, "triggers": found, "election": chosen,
                  "invoices": bills, "trueup": refund, "notice": drafted, "timings": clock.laps},
    )


class _Clock:
    """Wall-clock seconds per step of the run."""

    def __init__(self) -> None:
        self.start = self.last = time.perf_counter()
        self.laps: dict[str, float] = {}

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = now - self.last
        self.last = now

    def total(self) -> float:
        return time.perf_counter() - self.start
