"""CLI commands: ``meetpoint study balance|record-notice|list|regime``, ``meetpoint trunks servicing``
and ``meetpoint notice``. Thin: the rules live in :mod:`meetpoint.compliance.balance_study`,
:mod:`~meetpoint.compliance.servicing` and :mod:`~meetpoint.compliance.notices`.

A study refused for cadence prints the refusal and the next permitted date and exits with code 1.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Optional

import typer

from meetpoint.cli.options import JsonOpt, WorkspaceOpt, library_for, optional_date, parse_month
from meetpoint.cli.output import console, emit, table

study_app = typer.Typer(name="study", help="Traffic-balance studies (IDT Art. IV §3.2.2) and the compensation regime.",
                        no_args_is_help=True)
trunks_app = typer.Typer(name="trunks", help="Trunk servicing and forecasts (IDT Art. IV §4.4-§4.5).",
                         no_args_is_help=True)

AgreementOpt = typer.Option(..., "--agreement", "-a", help="Agreement id (e.g. centurytel-idt-2006).")
MethodOpt = typer.Option("certified_mail", "--method",
                         help="Notice delivery: personal, regular_mail, certified_mail, registered_mail or courier.")


def _open(path: Path) -> Any:
    from meetpoint.store import Workspace

    return Workspace.open(path)


def _library(ws: Any) -> Any:

    return library_for(ws.root)


# --------------------------------------------------------------------------- study


@study_app.command("balance")
def balance_command(
    agreement: str = AgreementOpt,
    first: str = typer.Option(..., "--from", metavar="YYYY-MM", help="First month of the study period."),
    last: str = typer.Option(..., "--to", metavar="YYYY-MM", help="Last month of the study period."),
    on: Optional[str] = typer.Option(None, "--on", metavar="YYYY-MM-DD",
                                     help="Day the study is initiated (default: the day after the period)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Judge the study without recording it."),
    workspace: Path = WorkspaceOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Each party's share of the local minutes terminated (ISP-bound excluded), the 60% test and the cadence."""
    from meetpoint.compliance.balance_study import run_study

    period = (parse_month(first, "--from"), parse_month(last, "--to"))
    with _open(workspace) as ws:
        agr = _library(ws).agreement(agreement)
        result = run_study(ws, agr, period, initiated=optional_date(on, "--on"), record=not dry_run)

    def render() -> None:
        console.print(f"[bold]Traffic study {result.study_id}[/bold] ({result.kind}; regime before: {result.regime_before})")
        if not result.permitted:
            console.print(f"[red]Refused:[/red] {result.refusal}")
            return
        rows = [(s.party, f"{s.minutes:,}", f"{s.percent}%", "yes" if s.over_threshold else "no") for s in result.shares]
        console.print(table(f"Local minutes terminated {result.period.first}..{result.period.last}",
                            ["party", "minutes", "share", f"more than {result.threshold}%"], rows))
        console.print(f"Outcome: {result.outcome_words}"
                      + (f" (from {result.may_notify_from})" if result.may_notify_from else ""))
        console.print(f"Next study on or after {result.next_permitted}. Cites: {'; '.join(dict.fromkeys(result.cites))}")
        for j, m in result.excluded.items():
            console.print(f"[dim]left out ({j}): {m:,} minutes[/dim]")

    emit(result.to_dict(), as_json, render)
    if not result.permitted:
        raise typer.Exit(code=1)


@study_app.command("record-notice")
def record_notice_command(
    study: str = typer.Argument(..., help="Study id (AGREEMENT:YYYY-MM-DD)."),
    method: str = MethodOpt,
    sent: str = typer.Option(..., "--sent", metavar="YYYY-MM-DD", help="Date sent (personal service: date served)."),
    acknowledged: Optional[str] = typer.Option(None, "--acknowledged", help="Regular mail: date receipt acknowledged."),
    receipt: Optional[str] = typer.Option(None, "--receipt", help="Certified/registered mail, courier: date on the receipt."),
    workspace: Path = WorkspaceOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Record the notice acting on a study: the regime changes on the date it counts as received (Art. III §31)."""
    from meetpoint.calendar import notice_received
    from meetpoint.compliance.balance_study import record_notice

    r = notice_received(method, sent=optional_date(sent, "--sent"), acknowledged=optional_date(acknowledged, "--acknowledged"),
                        receipt=optional_date(receipt, "--receipt"))
    with _open(workspace) as ws:
        row = record_notice(ws, study, received=r.received, method=r.method.value)
    emit(row, as_json, lambda: console.print(f"Study {study}: notice counts as received on {r.received} ({r.rule}, {r.cite})."))


@study_app.command("list")
def list_command(agreement: str = AgreementOpt, workspace: Path = WorkspaceOpt, as_json: bool = JsonOpt) -> None:
    """The recorded studies of an agreement."""
    from meetpoint.compliance.balance_study import load_studies

    with _open(workspace) as ws:
        rows = load_studies(ws, agreement)
    emit(rows, as_json, lambda: console.print(table(
        f"Traffic studies: {agreement}", ["study", "period", "kind", "minutes", "outcome", "notice received"],
        [(r["study_id"], f"{r['period_from']}..{r['period_to']}", r["kind"],
          f"{r['party_a']} {r['minutes_a']:,} / {r['party_b']} {r['minutes_b']:,}", r["outcome"], r["notice_received"])
         for r in rows])))


@study_app.command("regime")
def regime_command(agreement: str = AgreementOpt, on: str = typer.Option(..., "--on", metavar="YYYY-MM-DD"),
                   workspace: Path = WorkspaceOpt, as_json: bool = JsonOpt) -> None:
    """The compensation regime for Local Traffic on a date (what settlement reads)."""
    from meetpoint.compliance.balance_study import regime_at

    with _open(workspace) as ws:
        r = regime_at(ws, _library(ws).agreement(agreement), optional_date(on, "--on"))  # type: ignore[arg-type]
    emit(r, as_json, lambda: console.print(f"{agreement} on {on}: {r.regime}"
                                           + (f" since {r.since} (study {r.study_id})" if r.since else "") + f" — {r.cite}"))


# --------------------------------------------------------------------------- trunks


@trunks_app.command("servicing")
def servicing_command(
    agreement: str = AgreementOpt,
    month: str = typer.Option(..., "--month", metavar="YYYY-MM", help="Month of the review; the 12 months before it are used."),
    gos: Optional[float] = typer.Option(None, "--gos", help="Grade of service (blocking), e.g. 0.01; default: the workspace setting."),
    busy_hour: str = typer.Option("tcbh", "--busy-hour", help="Busy-hour method: tcbh or adph."),
    workspace: Path = WorkspaceOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Required trunks per trunk group, under-utilization and exhaust flags, and forecast due dates."""
    from meetpoint.compliance.balance_study import add_months
    from meetpoint.compliance.servicing import forecast_schedule, run_servicing

    month = parse_month(month, "--month")
    with _open(workspace) as ws:
        agr = _library(ws).agreement(agreement)
        results = run_servicing(ws, agr, month, gos=gos, method=busy_hour)
    start = dt.date.fromisoformat(f"{month}-01")
    schedule = [i for i in forecast_schedule(agr, through=add_months(start, 12)) if i.due >= add_months(start, -12)]
    data = {"groups": [r.to_dict() for r in results], "schedule": schedule}

    def render() -> None:
        console.print(table(
            f"Trunk servicing for {month} ({results[0].window[0]}..{results[0].window[-1]}, GoS {results[0].gos})"
            if results else f"Trunk servicing for {month}",
            ["trunk group", "switches", "busy season", "required", "installed", "flags"],
            [(r.trunk_group, f"{r.a_switch} – {r.z_switch}", r.busy_season, r.required, r.installed,
              ", ".join(r.flags)) for r in results]))
        console.print(table("Forecasts and measurement reports due", ["due", "what", "covers", "cite"],
                            [(i.due, i.kind, "-".join(map(str, i.covers)), i.cite) for i in schedule]))

    emit(data, as_json, render)


# --------------------------------------------------------------------------- notice


def notice_command(
    target: str = typer.Argument(..., help="study:AGREEMENT:YYYY-MM-DD, election:AGREEMENT:TRIGGER:FROM:TO, "
                                           "or AGREEMENT:TRIGGER:FROM:TO (a met trigger)."),
    pdf: Optional[Path] = typer.Option(None, "--pdf", help="Write the notice as PDF here."),
    html: Optional[Path] = typer.Option(None, "--html", help="Write the notice as HTML here."),
    sender: Optional[str] = typer.Option(None, "--sender", help="Carrier id sending the notice."),
    method: str = MethodOpt,
    sent: Optional[str] = typer.Option(None, "--sent", metavar="YYYY-MM-DD"),
    acknowledged: Optional[str] = typer.Option(None, "--acknowledged", metavar="YYYY-MM-DD"),
    receipt: Optional[str] = typer.Option(None, "--receipt", metavar="YYYY-MM-DD"),
    drafted: Optional[str] = typer.Option(None, "--date", metavar="YYYY-MM-DD", help="Date of the notice (default: sent, else today)."),
    through: Optional[str] = typer.Option(None, "--through", metavar="YYYY-MM", help="Last month judged for triggers (default: the last rated)."),
    workspace: Path = WorkspaceOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Draft a notice (HTML and/or PDF) quoting the clauses, the evidence, the method, addresses and receipt date."""
    from meetpoint.compliance import notices as nt

    when = dict(method=method, sent=optional_date(sent, "--sent"), acknowledged=optional_date(acknowledged, "--acknowledged"),
                receipt=optional_date(receipt, "--receipt"), drafted=optional_date(drafted, "--date"))
    with _open(workspace) as ws:
        lib = _library(ws)
        if target.startswith("study:"):
            notice = _study_notice(ws, lib, target.removeprefix("study:"), sender, when)
        else:
            notice = _trigger_notice(ws, lib, target, sender, when, through)
    written = nt.write_notice(notice, html=html, pdf=pdf)
    data = {"notice": notice.to_dict(), "written": {k: str(v) for k, v in written.items()}}
    if not written and not as_json:
        print(nt.render_notice(notice))
        return

    def render() -> None:
        console.print(f"{notice.subject}")
        console.print(f"Delivery: {notice.delivery.method_words}; {notice.delivery.received_note}")
        for k, p in written.items():
            console.print(f"Wrote {k.upper()}: {p}")

    emit(data, as_json, render)


def _study_notice(ws: Any, lib: Any, study_id: str, sender: Optional[str], when: dict[str, Any]) -> Any:
    from meetpoint.compliance import notices as nt
    from meetpoint.compliance.balance_study import StudyError, load_studies, run_study

    agreement, _, day = study_id.rpartition(":")
    row = next((r for r in load_studies(ws, agreement) if r["study_id"] == study_id), None)
    if row is None:
        raise StudyError(f"no recorded traffic study {study_id!r}; run `meetpoint study balance` first")
    result = run_study(ws, lib.agreement(agreement), (row["period_from"], row["period_to"]),
                       initiated=dt.date.fromisoformat(day), record=False)
    return nt.study_notice(lib, result, sender=sender, **when)


def _trigger_notice(ws: Any, lib: Any, target: str, sender: Optional[str], when: dict[str, Any],
                    through: Optional[str]) -> Any:
    import dataclasses

    from meetpoint.compliance import build_evidence, evaluate
    from meetpoint.compliance import notices as nt
    from meetpoint.reports.charts import pair_charts

    election = target.startswith("election:")
    ref = target.removeprefix("election:")
    found = build_evidence(ws, through=parse_month(through, "--through") if through else None)
    months = sorted({e.month for e in found.rows})
    if not months:
        raise nt.NoticeError("no monthly evidence in the workspace: rate the traffic first (meetpoint rate)")
    verdicts = evaluate(lib, found.rows, through=through or months[-1], notes=found.notes)
    v = nt.find_verdict(verdicts, ref)
    if election:
        return nt.election_notice(lib, v, **when)
    notice = nt.direct_connection_notice(lib, v, sender=sender, **when)
    pair = [e for e in found.rows if {e.from_switch, e.to_switch} == {v.from_switch, v.to_switch}]
    charts = pair_charts(pair, [w for w in verdicts if {w.from_switch, w.to_switch} == {v.from_switch, v.to_switch}], lib)
    return dataclasses.replace(notice, extra={**notice.extra, "charts": charts[0].svgs if charts else ()})


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.add_typer(study_app)
    app.add_typer(trunks_app)
    app.command("notice")(notice_command)

