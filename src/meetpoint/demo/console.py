"""What the demo prints: one function per section, laying out the plain data the section returned."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from rich import box
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

#: Short names for the console's narrow tables.
SHORT: dict[str, str] = {
    "socket-spectra-interim-2005": "Interim", "socket-centurytel-amendment-2005": "Amendment",
    "centurytel-idt-2006": "IDT", "(no agreement)": "none"}


def progress_bar(console: Console) -> Progress:
    """A transient bar with a count and the elapsed time (ingesting files, printing PDFs)."""
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=console, transient=True)


def _table(title: str | None, *columns: str, right: tuple[str, ...] = ()) -> Table:
    tab = Table(title=title, title_justify="left", header_style="bold", box=box.SIMPLE_HEAD, pad_edge=False)
    for col in columns:
        tab.add_column(col, justify="right" if col in right else "left", overflow="fold")
    return tab


def _short(agreement: str) -> str:
    return SHORT.get(agreement, agreement)


def print_terms(console: Console, terms: list[dict[str, Any]], on: Any) -> None:
    console.rule(f"[bold]Governing terms on {on.isoformat()}")
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


def print_deadlines(console: Console, d: dict[str, Any]) -> None:
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


def print_network(console: Console, n: dict[str, Any]) -> None:
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


def print_traffic(console: Console, t: dict[str, Any]) -> None:
    console.rule(f"[bold]Synthetic traffic: {t['months']} months from {t['start']:%b %Y} (illustrative)")
    ok = "[green]reconciles[/green]" if t["reconciles"] else "[red]DOES NOT RECONCILE[/red]"
    console.print(f"{len(t['files'])} {t['format']} files: read {t['rows_read']:,} = accepted {t['accepted']:,} "
                  f"+ quarantined {t['quarantined']:,} ({ok})")
    tab = _table("Quarantine reasons", "code", "reason", "rows", right=("rows",))
    for r in t["reasons"]:
        tab.add_row(r["code"], r["reason"], f"{r['rows']:,}")
    console.print(tab)


def print_rating(console: Console, r: dict[str, Any]) -> None:
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


def print_triggers(console: Console, t: dict[str, Any], el: dict[str, Any]) -> None:
    console.rule(f"[bold]Direct-connection triggers through {t['through']}")
    console.print(f"{t['judged']} verdicts on {t['pairs_judged']} switch pairs; met:")
    tab = _table(None, "agreement", "trigger", "switches", "first met", "months passed")
    for v in t["met"]:
        tab.add_row(_short(v["agreement"]), v["trigger"].rpartition(".")[2], f"{v['from_switch']} → {v['to_switch']}",
                    v["first_met"], " ".join(m[5:] for m in v["months_passed"]))
    console.print(tab)
    cites = dict.fromkeys(c for v in t["met"] for c in v["cites"][:1])
    if cites:
        console.print(f"[dim]Cites: {'; '.join(cites)}[/dim]")
    for v in t["met"]:
        c = v["election"]
        if c:
            console.print(
                f"Election on {v['from_switch']}~{v['to_switch']} ({c['months'][0]}..{c['months'][-1]}): the transit "
                f"difference ${c['election_total']:,} vs a direct connection ${c['direct_connection_total']:,} "
                f"({c['transport']} transport): cheaper is [bold]{c['cheaper'].replace('_', ' ')}[/bold]")
    console.print(f"Socket elects the transit difference on {el['route']} from {el['from']:%d %b %Y}, "
                  f"taken from {el['source']} (illustrative: the demo elects whatever the comparison "
                  f"says, to show the quarterly election billing).")
    console.print(f"Charts of {len(t['charts'])} switch pairs are in the report.")


def print_invoices(console: Console, inv: dict[str, Any], folder: Path) -> None:
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


def print_trueup(console: Console, tu: dict[str, Any]) -> None:
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


def print_notice(console: Console, n: dict[str, Any] | None) -> None:
    console.rule("[bold]Drafted notice")
    if n is None:
        console.print("No trigger met: no notice drafted.")
        return
    console.print(f"{n['subject']}: {n['sender']} to {n['recipient']}, drafted {n['drafted']:%d %b %Y} "
                  f"({n['trigger']} first met {n['first_met']}).")
    console.print(f"  {n['html']}\n  {n['pdf']}")


def print_done(console: Console, total: float, laps: dict[str, float], report: Path) -> None:
    console.print(f"\n[bold]Done in {total:.0f} s[/bold] "
                  f"({'; '.join(f'{k} {v:.0f} s' for k, v in laps.items())})")
    console.print(f"[bold green]Report:[/bold green] {report.resolve()}")
