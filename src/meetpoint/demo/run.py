"""The demo run: build a workspace from the built-in library and the illustrative network, run every
capability that exists on it, print what a person needs to see, and write the HTML report.

Each section is a small function that computes (through the engines) and returns plain data; the
console tables and the HTML report only lay that data out. Nothing here decides a rule.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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


def run_demo(path: Path = DEFAULT_WORKSPACE, console: Console | None = None) -> DemoResult:
    """Build the demo workspace at ``path``, run every capability, write the report, return it all."""
    from meetpoint.reports import write_report

    console = console or Console()
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
        report = write_report(
            ws.dir("reports") / "demo.html",
            "demo.html.j2",
            version=meetpoint.__version__,
            generated=dt.date.today(),
            demo_date=DEMO_DATE,
            terms=terms,
            deadlines=deadlines,
            network=network,
        )
    console.print(f"\n[bold green]Report:[/bold green] {report.resolve()}")
    return DemoResult(
        workspace=Path(path),
        report=report,
        sections={"terms": terms, "deadlines": deadlines, "network": network},
    )
