"""The demo run: build a workspace from the built-in library and the illustrative network, run every
capability that exists on it, print what a person needs to see, and write the HTML report.

Each section (``meetpoint.demo.sections``) computes through the engines and returns plain data;
``meetpoint.demo.console`` and the report template only lay that data out. Nothing here decides a
rule: this module only runs the sections in order and times them.
"""

from __future__ import annotations

import datetime as dt
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console

import meetpoint
from meetpoint.agreements import load_library
from meetpoint.demo import console as show
from meetpoint.demo.documents import PdfQueue, print_pdfs
from meetpoint.demo.sections.agreements import DEMO_DATE, governing_terms
from meetpoint.demo.sections.deadlines import negotiation_deadlines
from meetpoint.demo.sections.election import election
from meetpoint.demo.sections.network import network_overview
from meetpoint.demo.sections.notice import notice
from meetpoint.demo.sections.rating import rating
from meetpoint.demo.sections.settlement import invoices, settlement_inputs
from meetpoint.demo.sections.traffic import traffic
from meetpoint.demo.sections.triggers import triggers
from meetpoint.demo.sections.trueup import true_up
from meetpoint.errors import WorkspaceError

DEFAULT_WORKSPACE = Path("demo-workspace")


@dataclass
class DemoResult:
    """What the demo computed, section by section, and where it wrote the report."""

    workspace: Path
    report: Path
    sections: dict[str, Any] = field(default_factory=dict)


def run_demo(path: Path = DEFAULT_WORKSPACE, console: Console | None = None, *, months: int = 12,
             scale: float = 1.0, pdf_workers: int = 2) -> DemoResult:
    """Build the demo workspace at ``path``, run every capability, write the report, return it all.

    ``months`` of traffic from January 2006 are generated and billed (bill months are the same
    months); ``scale`` multiplies the background traffic only (the trigger flows keep their
    volumes); ``pdf_workers`` processes print the PDFs.
    """
    from meetpoint.reports import write_report

    console = console or Console()
    clock = _Clock()
    lib = load_library()
    terms = governing_terms(lib)
    show.print_terms(console, terms, DEMO_DATE)
    deadlines = negotiation_deadlines(lib)
    show.print_deadlines(console, deadlines)

    with console.status("Building the demo workspace and importing the network…"):
        ws = _fresh_workspace(Path(path))
    with ws:
        network = network_overview(ws, lib)
        show.print_network(console, network)
        clock.lap("workspace and network")
        calls = traffic(ws, console, months=months, scale=scale)
        show.print_traffic(console, calls)
        clock.lap("traffic: generate and ingest")
        rated = rating(ws, console)
        show.print_rating(console, rated)
        clock.lap("rating")
        lib = load_library(extra=[ws.dir("agreements")])
        inputs = settlement_inputs(ws, lib)
        bill_months = _bill_months(months)
        with console.status("Judging the direct-connection triggers…"):
            found = triggers(ws, lib, bill_months[-1])
            chosen = election(ws, lib, found)
        show.print_triggers(console, found, chosen)
        clock.lap("triggers and charts")
        pdfs: PdfQueue = []
        with console.status("Issuing the invoices…"):
            bills = invoices(ws, lib, bill_months, pdfs)
        show.print_invoices(console, bills, ws.dir("reports") / "invoices")
        clock.lap("invoices (HTML)")
        with console.status("Applying the illustrative arbitration decision and issuing the true-up memos…"):
            refund = true_up(ws, pdfs)
        show.print_trueup(console, refund)
        drafted = notice(ws, lib, found, pdfs)
        show.print_notice(console, drafted)
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
            href=lambda p: Path(p).relative_to(reports).as_posix(),
            timings=clock.laps,
        )
    show.print_done(console, clock.total(), clock.laps, report)
    return DemoResult(
        workspace=Path(path),
        report=report,
        sections={"terms": terms, "deadlines": deadlines, "network": network, "traffic": calls,
                  "rating": rated, "inputs": inputs, "triggers": found, "election": chosen,
                  "invoices": bills, "trueup": refund, "notice": drafted, "timings": clock.laps},
    )


def _fresh_workspace(path: Path) -> Any:
    """Rebuild the demo workspace at ``path``; refuse to delete a folder that is not a workspace."""
    from meetpoint.demo.network_builder import build_demo_workspace

    if path.exists():
        if not (path / "meetpoint.toml").exists():
            raise WorkspaceError(f"{path} exists and is not a Meetpoint workspace; not overwriting it")
        shutil.rmtree(path)
    return build_demo_workspace(path)


def _bill_months(months: int) -> list[str]:
    """The ``months`` bill months (``YYYY-MM``) from the scenario's first month of traffic."""
    from meetpoint.demo.traffic import load_scenario
    from meetpoint.settlement.periods import add_months

    start = load_scenario().start
    return [add_months(start, k).strftime("%Y-%m") for k in range(months)]


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
