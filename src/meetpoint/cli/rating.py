"""CLI commands: ``meetpoint rate``, ``meetpoint usage`` and ``meetpoint load``. Thin.

``rate`` is the one step that executes the rating expressions (:mod:`meetpoint.rating`): it
classifies the stored calls and materializes the workspace tables ``usage_cube`` and
``hourly_load``, so ``usage`` and ``load`` only read them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, List, Optional

import typer

from meetpoint.cli.options import JsonOpt, WorkspaceOpt, parse_month
from meetpoint.cli.output import console, emit, note, table

def _open(path: Path) -> Any:
    from meetpoint.store import Workspace

    return Workspace.open(path)


def _need(ws: Any, name: str) -> None:
    from meetpoint.errors import WorkspaceError

    if not ws.has_table(name):
        raise WorkspaceError(f"{ws.root}: no {name} table yet; run `meetpoint rate` first")


def _unrated_note(ws: Any, month: str, table_name: str) -> None:
    """A note when the stored calls of ``month`` are not the calls its usage was rated from (calls
    ingested since the last ``meetpoint rate``, or a month never rated): figures read from
    ``table_name`` would be out of date without a word."""
    from meetpoint.rating.run import calls_stored_and_rated

    stored, rated = calls_stored_and_rated(ws, month)
    if stored != rated:
        note(f"{stored:,} calls are stored for {month} but its {table_name} was rated from {rated:,}; "
             f"run `meetpoint rate --month {month}` for figures that include every stored call")


def rate(
    month: Optional[List[str]] = typer.Option(None, "--month", help="Rate only this month (YYYY-MM); repeatable."),
    workspace: Path = WorkspaceOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Classify the stored calls and store the usage cube and the hourly load (usage_cube, hourly_load)."""
    from meetpoint.rating.run import rate_workspace

    import warnings

    from meetpoint.errors import MeetpointWarning

    months = [parse_month(m, "--month") for m in month] if month else None
    with _open(workspace) as ws, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", MeetpointWarning)
        summary = rate_workspace(ws, months)
    # what the store recovered on the way (an interrupted ingest undone): in the JSON too, not only on stderr
    summary["notes"] = [str(w.message) for w in caught if issubclass(w.category, MeetpointWarning)]
    for w in caught:
        if issubclass(w.category, MeetpointWarning):
            note(str(w.message))
        else:
            warnings.showwarning(w.message, w.category, w.filename, w.lineno)

    def render() -> None:
        console.print(
            f"Rated {summary['calls_in']:,} calls into {summary['cube_rows']:,} usage cells "
            f"and {summary['hourly_rows']:,} switch-pair hours ({', '.join(summary['months']) or 'no months'})."
        )
        rows = [(j, f"{n:,}") for j, n in summary["by_jurisdiction"].items()]
        console.print(table("Calls by jurisdiction", ["jurisdiction", "calls"], rows))

    emit(summary, as_json, render)


def _measurement_cites(ws: Any, agreements: set[str | None]) -> dict[str | None, str]:
    """The clause each agreement's usage is measured under: its own, or the one it borrows by
    analogy, saying so (:func:`~meetpoint.settlement.authority.governing_cite`, as its bills cite it)."""
    from meetpoint.cli.options import library_for
    from meetpoint.errors import UnknownAgreementError
    from meetpoint.rating.measure import MEASUREMENT_CITE
    from meetpoint.settlement.authority import ANALOGY_AGREEMENT, MEASUREMENT, governing_cite

    lib = library_for(ws.root)
    try:
        borrowed = governing_cite(lib, ANALOGY_AGREEMENT, MEASUREMENT)
    except UnknownAgreementError:
        borrowed = MEASUREMENT_CITE
    out: dict[str | None, str] = {}
    for agr in agreements:
        try:
            out[agr] = governing_cite(lib, agr, MEASUREMENT) if agr else f"{borrowed}, applied by analogy: no agreement governs these calls"
        except UnknownAgreementError:  # rated under an agreement since taken out of the library
            out[agr] = f"{borrowed}, applied by analogy: {agr} is no longer in the library"
    return out


def _seconds(ds: int) -> str:
    """Tenths of a second as seconds, exactly (integer arithmetic, no float)."""
    return f"{ds // 10:,}.{ds % 10}"


_USAGE_FIELDS = ("agreement", "orig_carrier", "term_carrier", "orig_switch", "term_switch", "route", "jurisdiction",
                 "calls", "duration_ds", "billable_minutes")


def usage(
    month: str = typer.Option(..., "--month", help="Month (YYYY-MM)."),
    agreement: Optional[str] = typer.Option(None, "--agreement", help="Only this agreement id."),
    workspace: Path = WorkspaceOpt,
    as_json: bool = JsonOpt,
) -> None:
    """The usage cube of a month: calls, exact duration (tenths of s) and billable minutes per cell."""
    month = parse_month(month, "--month")
    with _open(workspace) as ws:
        _need(ws, "usage_cube")
        cube = ws.con.table("usage_cube")
        cube = cube.filter(cube.month == month)
        if agreement is not None:
            known = sorted(a for a in ws.con.table("usage_cube").agreement.to_pyarrow().unique().to_pylist() if a)
            if agreement not in known:
                raise typer.BadParameter(f"no usage under {agreement!r} in any rated month; agreements with usage: "
                                         f"{', '.join(known) or 'none'}", param_hint="--agreement")
            cube = cube.filter(cube.agreement == agreement)
        rows = cube.order_by(list(_USAGE_FIELDS[:7])).select(*_USAGE_FIELDS).to_pyarrow().to_pylist()
        _unrated_note(ws, month, "usage")
        cites = _measurement_cites(ws, {r["agreement"] for r in rows})
    for r in rows:
        r["measurement_cite"] = cites[r["agreement"]]

    def render() -> None:
        if not rows:
            console.print(f"No usage in {month}" + (f" under {agreement}." if agreement else "."))
            return
        cols = ["orig", "term", "orig switch", "term switch", "route", "jurisdiction", "calls", "seconds", "billable min"]
        for agr in dict.fromkeys(r["agreement"] for r in rows):  # one table per agreement, in cube order
            cells = [r for r in rows if r["agreement"] == agr]
            body = [(r["orig_carrier"], r["term_carrier"], r["orig_switch"], r["term_switch"], r["route"], r["jurisdiction"],
                     f"{r['calls']:,}", _seconds(r["duration_ds"]), f"{r['billable_minutes']:,}") for r in cells]
            calls, ds = sum(r["calls"] for r in cells), sum(r["duration_ds"] for r in cells)
            console.print(table(f"Usage {month} · {agr or 'no governing agreement'}", cols, body,
                                numeric=("calls", "seconds", "billable min"),
                                caption=f"{len(cells)} cells, {calls:,} calls, {_seconds(ds)} s; billable minutes: "
                                        f"each cell's exact total rounded up once ({cites[agr]})",
                                caption_justify="left"))

    emit(rows, as_json, render)


def load(
    month: str = typer.Option(..., "--month", help="Month (YYYY-MM)."),
    from_switch: str = typer.Option(..., "--from-switch", help="CLLI of one switch."),
    to_switch: str = typer.Option(..., "--to-switch", help="CLLI of the other switch."),
    method: str = typer.Option("tcbh", "--method", help="tcbh (time-consistent busy hour, default) or adph (average daily peak hour)."),
    two_way: bool = typer.Option(True, "--two-way/--one-way", help="Both directions summed (default) or from→to only."),
    business_days: bool = typer.Option(False, "--business-days", help="Average over business days only (default: every day)."),
    interval: str = typer.Option("hour", "--interval", help="hour (clock hours, the stored load the triggers read; default) "
                                 "or quarter (E.500's best four consecutive quarter-hours, from the stored calls)."),
    workspace: Path = WorkspaceOpt,
    as_json: bool = JsonOpt,
) -> None:
    """Busy-hour load between two switches in a month, in CCS and Erlangs, with each day's peak."""
    from meetpoint.rating.load import BUSY_HOUR_METHODS, busy_hour, daily_peaks, pair_hours

    month = parse_month(month, "--month")
    if method not in BUSY_HOUR_METHODS:
        raise typer.BadParameter(f"{method!r}; methods: {', '.join(BUSY_HOUR_METHODS)}", param_hint="--method")
    if interval not in ("hour", "quarter"):
        raise typer.BadParameter(f"{interval!r}; intervals: hour, quarter", param_hint="--interval")
    if interval == "quarter" and business_days:
        raise typer.BadParameter("not with --interval quarter (clock hours only)", param_hint="--business-days")
    if interval == "quarter":
        return _quarter_load(workspace, month, from_switch, to_switch, method, two_way, as_json)
    with _open(workspace) as ws:
        _need(ws, "hourly_load")
        from_switch, to_switch = _known_switches(ws, {"--from-switch": from_switch, "--to-switch": to_switch})
        tz = ws.config.timezone
        hours = pair_hours(ws.con.table("hourly_load"), from_switch, to_switch, two_way=two_way, month=month)
        bh = busy_hour(hours, tz=tz, method=method, business_days_only=business_days)
        bh = bh.filter(bh.month == month).to_pyarrow().to_pylist()
        daily = daily_peaks(hours, business_days_only=business_days, tz=tz).to_pyarrow().to_pylist()
        _unrated_note(ws, month, "hourly load")
    if not daily:
        note(f"no rated traffic {'between' if two_way else 'from'} {from_switch} {'and' if two_way else 'to'} "
             f"{to_switch} in {month}: the load is zero")
    top = bh[0] if bh else {"busy_hour": None, "ccs": 0.0, "erlangs": 0.0, "days": None}
    data = {
        "month": month,
        "from_switch": from_switch,
        "to_switch": to_switch,
        "direction": "two-way" if two_way else "one-way",
        "method": method,
        "method_meaning": BUSY_HOUR_METHODS[method],
        "interval": "hour",
        "busy_start": None if top["busy_hour"] is None else f"{top['busy_hour']:02d}:00",
        "days": "business" if business_days else "all",
        "busy_hour": top["busy_hour"],
        "busy_hour_ccs": top["ccs"],
        "busy_hour_erlangs": top["erlangs"],
        "days_averaged": top["days"],
        "days_with_traffic": len(daily),
        "daily": [
            {"date": d["date"], "busy_hour": d["busy_hour"], "fold": d["fold"], "ccs": d["ccs"], "erlangs": d["erlangs"]}
            for d in daily
        ],
    }

    def render() -> None:
        hour = "-" if data["busy_hour"] is None else f"{data['busy_hour']:02d}:00"
        console.print(
            f"{from_switch} {'<->' if two_way else '->'} {to_switch}, {month}, {method.upper()}: busy hour {hour}, "
            f"{data['busy_hour_ccs']:.1f} CCS = {data['busy_hour_erlangs']:.3f} Erlangs"
        )
        body = [(d["date"], f"{d['busy_hour']:02d}:00", f"{d['ccs']:.1f}", f"{d['erlangs']:.3f}") for d in data["daily"]]
        console.print(table("Daily peak hours", ["date", "peak hour", "CCS", "Erlangs"], body))

    emit(data, as_json, render)


def _quarter_load(workspace: Path, month: str, from_switch: str, to_switch: str, method: str, two_way: bool,
                  as_json: bool) -> None:
    """``meetpoint load --interval quarter``: the busy hour of four consecutive quarter-hours
    (:mod:`meetpoint.rating.quarters`), from the stored calls that may load the month: those
    answered in it, or before it by no more than the longest stored call."""
    from meetpoint.rating.quarters import QUARTER_METHODS, stored_quarter_busy_hour

    with _open(workspace) as ws:
        _need(ws, "hourly_load")
        from_switch, to_switch = _known_switches(ws, {"--from-switch": from_switch, "--to-switch": to_switch})
        result = stored_quarter_busy_hour(ws, month, from_switch, to_switch, two_way=two_way, method=method)
    if not result["daily"]:
        note(f"no stored traffic {'between' if two_way else 'from'} {from_switch} {'and' if two_way else 'to'} "
             f"{to_switch} in {month}: the load is zero")
    data = {
        "month": month, "from_switch": from_switch, "to_switch": to_switch,
        "direction": "two-way" if two_way else "one-way", "method": method,
        "method_meaning": QUARTER_METHODS[method],
        "interval": "quarter", "days": "all", "busy_hour": None, "busy_start": result["busy_start"],
        "busy_hour_ccs": result["ccs"], "busy_hour_erlangs": result["erlangs"], "days_averaged": result["days"],
        "days_with_traffic": len(result["daily"]),
        "daily": [{k: d[k] for k in ("date", "busy_start", "fold", "ccs", "erlangs")} for d in result["daily"]],
    }

    def render() -> None:
        console.print(
            f"{from_switch} {'<->' if two_way else '->'} {to_switch}, {month}, {method.upper()}-Q: busy hour "
            f"{data['busy_start'] or '-'}, {data['busy_hour_ccs']:.1f} CCS = {data['busy_hour_erlangs']:.3f} Erlangs"
        )
        body = [(d["date"], d["busy_start"], f"{d['ccs']:.1f}", f"{d['erlangs']:.3f}") for d in data["daily"]]
        console.print(table("Daily peak hours (four consecutive quarter-hours)", ["date", "starts", "CCS", "Erlangs"], body,
                            numeric=("CCS", "Erlangs")))

    emit(data, as_json, render)


def _known_switches(ws: Any, given: dict[str, str]) -> list[str]:
    """Each given CLLI as the rated calls or the network data spell it (in any case, spaces around
    it dropped); ``typer.BadParameter`` for one that is in neither (a typo would otherwise read as a
    pair with no traffic: zero load) or that matches two spellings."""
    from meetpoint.network import tables

    h = ws.con.table("hourly_load")
    names = set(h.orig_switch.to_pyarrow().unique().to_pylist()) | set(h.term_switch.to_pyarrow().unique().to_pylist())
    if ws.has_table("switches"):
        names |= set(tables.read(ws, "switches").clli.to_pyarrow().to_pylist())
    names.discard(None)
    out = []
    for option, clli in given.items():
        key = clli.strip().upper()
        found = sorted(n for n in names if n.upper() == key)
        if clli in names:
            found = [clli]
        if len(found) != 1:
            close = sorted(n for n in names if n[:4].upper() == key[:4])[:8]
            why = (f"matches {', '.join(found)}: give one as spelled" if found else
                   "is not a switch of the network data nor of any rated call"
                   + (f"; switches in {key[:4]}: {', '.join(close)}" if close else ""))
            raise typer.BadParameter(f"{clli!r} {why}", param_hint=option)
        out.append(found[0])
    return out


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.command("rate")(rate)
    app.command("usage")(usage)
    app.command("load")(load)
