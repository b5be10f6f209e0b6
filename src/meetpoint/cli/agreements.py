"""CLI commands: ``meetpoint agreements list | show | validate | resolve | topics``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, List, Optional

import typer

from meetpoint.cli.options import JsonOpt, WorkspaceOpt, library_for, parse_date
from meetpoint.cli.output import console, emit, err_console, print_json, table

agreements_app = typer.Typer(
    name="agreements",
    help="The agreement library: list, show, validate files, and resolve which terms govern.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.add_typer(agreements_app, name="agreements")


def _keep(t: Any, *names: str) -> Any:
    """Never truncate these columns (ids): give each the width of its longest cell; fold the others."""
    for col in t.columns:
        col.overflow = "fold"
        if col.header in names:
            col.min_width = max([len(line) for c in col._cells for line in str(c).splitlines()]
                                + [len(str(col.header))])
            col.no_wrap = True
    return t


def _shown(value: Any) -> str:
    return "—" if value is None else str(value)


@agreements_app.command("list")
def list_(as_json: bool = JsonOpt, workspace: Path = WorkspaceOpt) -> None:
    """List the agreements in the built-in library (and the workspace's own, inside one)."""
    lib = library_for(workspace)
    rows = [{
        "id": a.id, "title": a.title, "kind": a.kind, "status": a.status,
        "pairs": [list(p) for p in a.pairs], "dated": a.dated, "effective": a.effective,
        "known_in_force_by": a.known_in_force_by.date if a.known_in_force_by else None,
        "until": a.until, "base": a.base, "provisions": len(a.provisions), "source": a.source,
    } for a in lib.agreements]

    def render() -> None:
        console.print(_keep(table(
            "Agreements", ["id", "kind", "status", "pairs", "effective", "base", "provisions"],
            [[r["id"], r["kind"], r["status"], ", ".join("–".join(p) for p in r["pairs"]),
              _shown(r["effective"]) if r["effective"] or not r["known_in_force_by"]
              else f"unknown (in force by {r['known_in_force_by']})",
              _shown(r["base"]), r["provisions"]] for r in rows]), "id"))

    emit(rows, as_json, render)


def _param_cell(p: Any, on: dt.date | None) -> str:
    parts = []
    for name, param in p.params.items():
        if on is not None:
            e = param.entry_at(on)
            parts.append(f"{name} = {_shown(e.value if e else None)} {param.unit}")
        else:
            vals = "; ".join(f"{e.since}: {_shown(e.value)}" for e in param.entries())
            parts.append(f"{name} [{param.unit}] {param.comparison or ''} {vals}".replace("  ", " "))
    return "\n".join(parts)


@agreements_app.command("show")
def show(
    agreement_id: str = typer.Argument(..., metavar="ID", help="Agreement id (see `meetpoint agreements list`)."),
    on: Optional[str] = typer.Option(None, "--on", help="Show parameter values in force on this date (YYYY-MM-DD)."),
    topic: Optional[str] = typer.Option(None, "--topic", help="Only provisions on this topic."),
    as_json: bool = JsonOpt,
    workspace: Path = WorkspaceOpt,
) -> None:
    """Show one agreement: its dates, chain, and every provision with its cite and values."""
    from meetpoint.agreements.topics import describe

    lib = library_for(workspace)
    agr = lib.agreement(agreement_id)
    day = parse_date(on, "--on") if on else None
    if topic:
        describe(topic)
    provs = agr.provisions_on(topic)
    data = agr.model_dump(mode="python", exclude={"provisions"})
    data["file"] = agr.file
    data["provisions"] = [p.summary() for p in provs]

    def render() -> None:
        head = [
            ("title", agr.title), ("kind", agr.kind), ("status", agr.status),
            ("pairs", ", ".join("–".join(p) for p in agr.pairs)), ("dated", _shown(agr.dated)),
            ("effective", _shown(agr.effective)), ("until", _shown(agr.until)),
            ("adopts", f"{agr.adopts.agreement} ({agr.adopts.cite})" if agr.adopts else "—"),
            ("amends", f"{agr.amends.agreement} ({agr.amends.cite})" if agr.amends else "—"),
            ("source", ", ".join(agr.source)),
        ]
        if agr.known_in_force_by:
            head.append(("known in force by", f"{agr.known_in_force_by.date} ({agr.known_in_force_by.cite})"))
        if agr.effective_note:
            head.append(("effective note", agr.effective_note))
        if agr.charges_barred_before:
            b = agr.charges_barred_before
            head.append(("charges barred before", f"{b.before} ({b.cite})"))
        if agr.retroactive_to_open_disputes:
            head.append(("retroactive", f"to open disputes ({agr.retroactive_to_open_disputes.cite})"))
        console.print(table(agr.id, ["field", "value"], head))
        if agr.adopts and agr.adopts.exclusions:
            console.print(table("Exclusions", ["what", "topics", "cite"],
                                [[e.what, ", ".join(e.topics) or "—", e.cite] for e in agr.adopts.exclusions]))
        console.print(_keep(table(
            "Provisions" + (f" (values on {day})" if day else ""),
            ["id", "topic", "cite", "title", "params"],
            [[p.id + ("" if p.formalised else " *") + (" (N)" if p.precedence == "notwithstanding" else ""),
              p.topic, p.full_cite, p.title, _param_cell(p, day)] for p in provs],
            show_lines=True), "id"))
        console.print("* recorded, not formalised    (N) notwithstanding inconsistent provisions of the base")

    emit(data, as_json, render)


@agreements_app.command("validate")
def validate(
    files: List[Path] = typer.Argument(..., help="Agreement YAML files (or a carriers.yaml) to check."),
    as_json: bool = JsonOpt,
) -> None:
    """Check agreement files against the schema and the built-in library; exit 1 if any fails."""
    from meetpoint.agreements import validate_files

    results = validate_files(files)
    rows = [{"file": f, "ok": e is None,
             "path": None if e is None else (e.path or "<root>"),
             "problem": None if e is None else e.problem} for f, e in results]
    if as_json:
        print_json(rows)
    else:
        for r in rows:
            if r["ok"]:
                console.print(f"[green]ok[/green]  {r['file']}")
            else:
                err_console.print(f"[red]error[/red] {r['file']}: at {r['path']}: {r['problem']}", highlight=False)
    if not all(r["ok"] for r in rows):
        raise typer.Exit(code=1)


@agreements_app.command("resolve")
def resolve_cmd(
    a: str = typer.Option(..., "--between", help="One carrier id (e.g. socket)."),
    b: str = typer.Option(..., "--and", help="The other carrier id (e.g. spectra)."),
    on: str = typer.Option(..., "--on", help="The date (YYYY-MM-DD)."),
    topic: Optional[str] = typer.Option(None, "--topic", help="A topic (see `meetpoint agreements topics`); all when omitted."),
    as_json: bool = JsonOpt,
    workspace: Path = WorkspaceOpt,
) -> None:
    """Which terms govern two carriers on a date (for a topic), with the chain of authority."""
    from meetpoint.agreements import resolve

    res = resolve(library_for(workspace), a, b, on=parse_date(on, "--on"), topic=topic)
    data = res.to_dict()

    def render() -> None:
        console.print(f"[bold]{a} – {b}[/bold] on {res.on}"
                      + (f", topic [bold]{topic}[/bold]" if topic else "")
                      + f": [bold]{res.status}[/bold] — {data['status_meaning']}", highlight=False)
        if res.chain:
            console.print(_keep(table(
                "Chain of authority", ["level", "agreement", "relation", "cite", "effective"],
                [[l.level, l.agreement, l.relation, l.cite,
                  _shown(l.effective) if l.effective or not l.known_in_force_by
                  else f"unknown (in force by {l.known_in_force_by})"] for l in res.chain]), "agreement"))
        if res.provisions:
            console.print(_keep(table(
                "Governing provisions", ["id", "cite", "values"],
                [[p.id + ("" if p.formalised else " *"), p.full_cite, _param_cell(p, res.on)]
                 for p in res.provisions], show_lines=True), "id"))
        if res.overridden:
            console.print(table("Overridden", ["provision", "by", "cite"],
                                [[o["provision"], o["by"], o["by_cite"]] for o in res.overridden]))
        if res.authority:
            console.print("[bold]Authority:[/bold] " + "; ".join(res.authority), highlight=False)
        for n in res.notes:
            console.print(f"• {n}", highlight=False)

    emit(data, as_json, render)


@agreements_app.command("topics")
def topics(as_json: bool = JsonOpt) -> None:
    """The closed vocabulary of topics, and the resolver's statuses."""
    from meetpoint.agreements import STATUSES, TOPICS

    data = {"topics": TOPICS, "statuses": STATUSES}

    def render() -> None:
        console.print(table("Topics", ["topic", "meaning"], TOPICS.items()))
        console.print(table("Resolver statuses", ["status", "meaning"], STATUSES.items()))

    emit(data, as_json, render)
