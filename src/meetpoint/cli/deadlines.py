"""CLI commands: ``meetpoint deadlines ...`` (business days, section 252, agreement deadlines, notices).

Thin wrapper over :mod:`meetpoint.calendar`. Statutory counts come from
:mod:`meetpoint.calendar.statute`; agreement counts (TBD true-up, subsequent law, first orders) come
from the agreement library (``--agreement``, default ``centurytel-idt-2006``) or, when given, from an
explicit ``--business-days``-style option that overrides it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any, Optional

import typer

from meetpoint.calendar import (
    add_business_days,
    holiday_name,
    notice_received,
    order_acceptance,
    section252_windows,
    subsequent_law,
    tbd_trueup,
)
from meetpoint.cli.options import JsonOpt, WorkspaceOpt, library_for, parse_date
from meetpoint.cli.output import console, emit, table, to_jsonable
from meetpoint.errors import DeadlineError

deadlines_app = typer.Typer(
    name="deadlines",
    help="Deadlines: business days, section 252 windows, agreement deadlines, notice receipt.",
    no_args_is_help=True,
)

#: The agreement whose Business-Day counts the agreement commands read by default.
DEFAULT_AGREEMENT = "centurytel-idt-2006"

#: Parameter ids in the agreement library (``agr.parameter(id).entry_at(date)``), per command.
PARAMS: dict[str, str] = {
    "tbd_trueup": "pricing.tbd_prices.true_up_days",  # Art. III §47
    "subsequent_law_begin": "change_of_law.subsequent_law.negotiation_start",  # Art. III §42
    "subsequent_law_fail": "change_of_law.subsequent_law.negotiation_period",  # Art. III §42
    "order_acceptance": "ordering.first_orders.business_days_after_effective",  # Art. III §36
}


def _date_opt(flag: str, help: str, required: bool = True) -> Any:
    return typer.Option(
        ... if required else None, flag, parser=parse_date, metavar="YYYY-MM-DD", help=help
    )


AgreementOpt = typer.Option(
    DEFAULT_AGREEMENT, "--agreement", help="Agreement in the library whose Business-Day counts apply."
)


def _from_agreement(
    agreement_id: str, key: str, on: dt.date, flag: str, workspace: Optional[Path] = None
) -> tuple[int, str]:
    """A Business-Day count and its cite from the agreement library, or a clear error."""
    param = PARAMS[key]
    agr = library_for(workspace).agreement(agreement_id)
    entry = agr.parameter(param).entry_at(on)
    if entry is None:
        raise DeadlineError(
            f"{agreement_id}: {param} has no value on {on.isoformat()}; give the count with {flag}"
        )
    value = entry.value
    if isinstance(value, bool) or not isinstance(value, int):
        raise DeadlineError(
            f"{agreement_id}: {param} on {on.isoformat()} is {value!r}, not a number of Business "
            f"Days; give the count with {flag}"
        )
    cite = getattr(entry, "cite", None) or param
    return value, f"{agreement_id}: {cite}"


def _count(
    given: Optional[int], agreement_id: str, key: str, on: dt.date, flag: str,
    workspace: Optional[Path] = None,
) -> tuple[int, str]:
    if given is not None:
        return given, f"given on the command line ({flag})"
    return _from_agreement(agreement_id, key, on, flag, workspace)


def _day(d: Any) -> str:
    """A date for people: ``2005-12-22 (Thu)``, with the holiday when there is one."""
    if not isinstance(d, dt.date):
        return "" if d is None else str(to_jsonable(d))
    name = holiday_name(d)
    return f"{d.isoformat()} ({d:%a}{', ' + name if name else ''})"


def _show(title: str, result: Any, as_json: bool) -> None:
    data = dataclasses.asdict(result) if dataclasses.is_dataclass(result) else dict(result)

    def render() -> None:
        rows: list[tuple[str, str]] = []
        for key, value in data.items():
            if key == "notes":
                continue
            if isinstance(value, dict):
                rows.extend((f"{key}.{k}", _day(v)) for k, v in value.items())
            else:
                rows.append((key, _day(value)))
        console.print(table(title, ["", "value"], rows))
        for note in data.get("notes") or []:
            console.print(f"[yellow]note:[/yellow] {note}")

    emit(data, as_json, render)


@deadlines_app.command("section252")
def section252_command(
    requested: dt.date = _date_opt("--requested", "Date the incumbent received the request for negotiation."),
    as_json: bool = JsonOpt,
) -> None:
    """Arbitration window (135th-160th day) and resolution deadline (9 months) under 47 U.S.C. §252."""
    w = section252_windows(requested)
    data = dataclasses.asdict(w)

    def render() -> None:
        rows = [
            ("request for negotiation received", _day(w.requested), ""),
            ("arbitration window opens", _day(w.window_opens), w.cites["window_opens"]),
            ("arbitration window closes", _day(w.window_closes), w.cites["window_closes"]),
            ("resolution due", _day(w.resolution_due), w.cites["resolution_due"]),
        ]
        console.print(table("Section 252 timeline", ["", "date", "cite"], rows))
        for key, rule in w.rules.items():
            console.print(f"[dim]{key}: {rule}[/dim]")
        for note in w.notes:
            console.print(f"[yellow]note:[/yellow] {note}")

    emit(data, as_json, render)


@deadlines_app.command("business-days")
def business_days_command(
    from_: dt.date = _date_opt("--from", "Start date (never counted itself)."),
    add: int = typer.Option(..., "--add", help="Business days to add (negative: go back)."),
    as_json: bool = JsonOpt,
) -> None:
    """The N-th business day after (or before) a date (Mon-Fri except US federal holidays)."""
    result = {"from": from_, "add": add, "date": add_business_days(from_, add)}
    emit(
        result,
        as_json,
        lambda: console.print(
            table("Business days", ["", "value"], [(k, _day(v)) for k, v in result.items()])
        ),
    )


@deadlines_app.command("notice")
def notice_command(
    method: str = typer.Option(
        ...,
        "--method",
        help="personal | regular_mail | certified_mail | registered_mail | courier (not e-mail).",
    ),
    sent: dt.date = _date_opt("--sent", "Date sent (for personal service: the date of service)."),
    acknowledged: Optional[dt.date] = _date_opt(
        "--acknowledged", "Regular mail: date receipt was acknowledged in writing.", required=False
    ),
    receipt: Optional[dt.date] = _date_opt(
        "--receipt", "Certified/registered mail or courier: date stated on the receipt.", required=False
    ),
    as_json: bool = JsonOpt,
) -> None:
    """When a notice counts as received (IDT Art. III §31)."""
    result = notice_received(method, sent=sent, acknowledged=acknowledged, receipt=receipt)
    data = dataclasses.asdict(result)
    data["method"] = result.method.value
    _show("Notice received", data, as_json)


@deadlines_app.command("tbd-trueup")
def tbd_trueup_command(
    price_set: dt.date = _date_opt("--price-set", "Date the Commission established the price."),
    agreement: str = AgreementOpt,
    workspace: Path = WorkspaceOpt,
    business_days: Optional[int] = typer.Option(
        None, "--business-days", min=1, help="Override the count the agreement states (default: the library's, with its cite)."
    ),
    as_json: bool = JsonOpt,
) -> None:
    """Last day to pay or refund the interim-price difference (IDT Art. III §47)."""
    n, cite = _count(business_days, agreement, "tbd_trueup", price_set, "--business-days", workspace)
    _show("TBD price true-up", tbd_trueup(price_set, business_days=n, cite=cite), as_json)


@deadlines_app.command("subsequent-law")
def subsequent_law_command(
    changed: dt.date = _date_opt("--changed", "Date of the subsequent change of law."),
    began: Optional[dt.date] = _date_opt(
        "--began", "Date negotiations actually began (default: the last allowed day).", required=False
    ),
    agreement: str = AgreementOpt,
    workspace: Path = WorkspaceOpt,
    begin_within: Optional[int] = typer.Option(
        None, "--begin-within", min=1, help="Override: Business Days to begin negotiating (default: the library's, with its cite)."
    ),
    fail_within: Optional[int] = typer.Option(
        None, "--fail-within", min=1, help="Override: Business Days of negotiation (default: the library's, with its cite)."
    ),
    as_json: bool = JsonOpt,
) -> None:
    """Negotiation and Dispute Resolution dates after a change of law (IDT Art. III §42)."""
    begin, cite_begin = _count(begin_within, agreement, "subsequent_law_begin", changed, "--begin-within", workspace)
    fail, cite_fail = _count(fail_within, agreement, "subsequent_law_fail", changed, "--fail-within", workspace)
    cite = cite_begin if cite_begin == cite_fail else f"{cite_begin}; {cite_fail}"
    result = subsequent_law(
        changed, begin_within=begin, fail_within=fail, cite=cite, negotiations_began=began
    )
    _show("Subsequent law", result, as_json)


@deadlines_app.command("order-acceptance")
def order_acceptance_command(
    effective: dt.date = _date_opt("--effective", "Effective date of the agreement."),
    profile: Optional[dt.date] = _date_opt(
        "--profile", "Date the CLEC Profile was submitted.", required=False
    ),
    agreement: str = AgreementOpt,
    workspace: Path = WorkspaceOpt,
    business_days: Optional[int] = typer.Option(
        None, "--business-days", min=1, help="Override the count the agreement states (default: the library's, with its cite)."
    ),
    as_json: bool = JsonOpt,
) -> None:
    """First date orders may be submitted or accepted (IDT Art. III §36)."""
    n, cite = _count(business_days, agreement, "order_acceptance", effective, "--business-days", workspace)
    result = order_acceptance(effective, business_days=n, cite=cite, profile=profile)
    _show("Order acceptance", result, as_json)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.add_typer(deadlines_app, name="deadlines")


__all__ = ["DEFAULT_AGREEMENT", "PARAMS", "deadlines_app", "register"]
