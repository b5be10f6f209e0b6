"""Trunk servicing and forecasts: CenturyTel/IDT ICA Art. IV §4.4-§4.5.

    §4.5: "At least once a year the Parties shall exchange trunk group measurement reports for
    trunk groups terminating to the other Party's network. In addition and from time to time, each
    Party will determine the required trunks for each of the other Party's trunk groups from the
    previous 12 months servicing data. Required trunks will be based on the State grade of service
    standard or the Joint Connection Plan referenced in Section 4.3.7. When a condition of excess
    capacity is identified, CenturyTel will facilitate a review of the trunk group existing and
    near term (3 to 6 months) traffic requirements with the customer for possible network
    efficiency adjustment."

    §4.4.1: "Direct connection forecasts must be provided between the Parties, once annually. The
    annual forecasts will include: 4.4.1.1 Yearly forecasted trunk quantities for no less than a
    two-year period (current year, plus one year) ..."

The counts (12 months of data, once a year, two years) are the parameters of ``trunking.underutilization``
and ``trunking.forecasting``. The grade of service is *not* in the seed ("the applicable State grade
of service standard"): it is a parameter of every function here, read from the workspace setting
``grade_of_service`` when the workspace declares one, else given by the caller (``--gos``).

How we read it (docs/decisions.md):

- **Servicing data.** A trunk group is the two-way traffic between two switches. For a review in
  month M the data are the 12 calendar months before M (M itself is not yet complete). Each month's
  figure is its busy-hour load (TCBH by default, :func:`meetpoint.rating.load.busy_hour`).
- **Required trunks.** Erlang B trunks at the grade of service for the *busy season*: the month with
  the highest busy-hour load of the 12. No traffic needs no trunks (0). Fewer than 12 months of data
  still give a figure, marked incomplete.
- **Under-utilization (our rule, not the agreement's).** §4.5 leaves "a condition of excess
  capacity" undefined and its consequence is only "a review". We flag a group for review when at
  least one whole DS-1 (24 trunks, :data:`DS0_PER_DS1`) could be removed and the group would still
  meet the grade of service in its busy season: ``installed // 24 - ceil(required / 24) >= 1``
  (trunks are provided at the DS-1 level, Art. IV §4.3.6).
- **Exhaust.** Required trunks above the installed ones: the group blocks more than the grade of
  service in its busy season.
- **Forecasts.** Due once every ``forecast_interval`` months from an anchor (default: the
  agreement's effective date, since the seed names no due day), each covering the year it is due
  and the next (``forecast_horizon`` years); measurement reports on the same anchor every
  ``report_interval`` months.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from typing import Any, Iterable, Mapping, Sequence

from meetpoint.agreements import Agreement, Provision
from meetpoint.compliance.balance_study import add_months
from meetpoint.compliance.consecutive import month_range, parse_month
from meetpoint.errors import AgreementError, MeetpointError

__all__ = [
    "DS0_PER_DS1",
    "ScheduleItem",
    "ServicingError",
    "ServicingResult",
    "TrunkGroup",
    "forecast_schedule",
    "loads_from_workspace",
    "required_trunks",
    "run_servicing",
    "service_group",
    "servicing_window",
    "trunk_groups_from_workspace",
    "workspace_gos",
]

UNDERUTILIZATION = "trunking.underutilization"
FORECASTING = "trunking.forecasting"
REQUIREMENTS = "trunking.requirements"
#: Trunks (DS0 channels) in one DS-1 (ANSI T1.107; App. C 1.31 "DS-1: ... 1.544 Mbps"). Not an
#: agreement number: the size of the unit in which Art. IV §4.3.6 provides trunks.
DS0_PER_DS1 = 24
DS0_CITE = "ANSI T1.107 (24 DS0 channels per DS-1); Art. IV §4.3.6 (trunks at the DS-1 level)"
#: Columns of the optional ``trunk_groups`` workspace table (read, never written, here).
TRUNK_GROUP_COLUMNS: dict[str, str] = {
    "trunk_group": "trunk group id (TGSN)",
    "a_switch": "CLLI of one end",
    "z_switch": "CLLI of the other end",
    "installed_trunks": "trunks (DS0s) in service",
}


class ServicingError(MeetpointError, ValueError):
    """Servicing cannot be computed as asked (no grade of service, bad month, no data)."""


@dataclasses.dataclass(frozen=True)
class TrunkGroup:
    """A trunk group between two switches; ``installed`` is ``None`` when unknown."""

    trunk_group: str
    a_switch: str
    z_switch: str
    installed: int | None = None


@dataclasses.dataclass(frozen=True)
class ServicingResult:
    """Required trunks for one group from the servicing window, and its flags."""

    trunk_group: str
    a_switch: str
    z_switch: str
    review_month: str
    window: tuple[str, ...]
    gos: float
    gos_source: str
    monthly: tuple[dict[str, Any], ...]
    busy_season: str | None
    required: int
    installed: int | None
    excess_ds1: int | None
    under_utilized: bool | None
    exhaust: bool | None
    complete: bool
    flags: tuple[str, ...]
    rule: str
    cites: tuple[str, ...]
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def _count(provision: Provision, name: str, on: dt.date) -> int:
    entry = provision.params[name].entry_at(on)
    if entry is None:
        raise AgreementError(f"{provision.params[name].name} ({provision.full_cite}) has no value on {on}")
    return int(entry.value)  # type: ignore[arg-type]


def _first_day(month: str) -> dt.date:
    y, m = parse_month(month)
    return dt.date(y, m, 1)


def servicing_window(agreement: Agreement, review_month: str) -> list[str]:
    """The months of servicing data for a review in ``review_month``: the N calendar months before it."""
    n = _count(agreement.provision(UNDERUTILIZATION), "servicing_data_months", _first_day(review_month))
    first = add_months(_first_day(review_month), -n)
    last = add_months(_first_day(review_month), -1)
    return month_range(f"{first:%Y-%m}", f"{last:%Y-%m}")


def required_trunks(erlangs: float, gos: float) -> int:
    """Erlang B trunks for ``erlangs`` at blocking ``gos``; no traffic needs no trunks."""
    from meetpoint.teletraffic import trunks

    return 0 if erlangs <= 0 else int(trunks(erlangs, gos))


def _check_gos(gos: float) -> float:
    g = float(gos)
    if not 0 < g < 1:
        raise ServicingError(f"grade of service {gos!r} must be a blocking probability between 0 and 1 (e.g. 0.01)")
    return g


def service_group(
    agreement: Agreement,
    group: TrunkGroup,
    erlangs_by_month: Mapping[str, float],
    *,
    review_month: str,
    gos: float,
    gos_source: str = "given",
) -> ServicingResult:
    """Required trunks for ``group`` from its busy-hour Erlangs in the months before ``review_month``.

    Months of ``erlangs_by_month`` outside the window are ignored; a window month without a figure
    is missing data (the result is then ``complete=False``).
    """
    g = _check_gos(gos)
    prov = agreement.provision(UNDERUTILIZATION)
    window = servicing_window(agreement, review_month)
    monthly, notes = [], []
    for m in window:
        if m not in erlangs_by_month:
            monthly.append({"month": m, "erlangs": None, "ccs": None, "trunks": None})
            continue
        a = float(erlangs_by_month[m])
        monthly.append({"month": m, "erlangs": a, "ccs": a * 36, "trunks": required_trunks(a, g)})
    have = [r for r in monthly if r["erlangs"] is not None]
    complete = len(have) == len(window)
    if not complete:
        notes.append(f"servicing data for {len(have)} of the {len(window)} months before {review_month}")
    busy = max(have, key=lambda r: r["erlangs"], default=None)  # ties: the earliest month
    required = busy["trunks"] if busy else 0
    installed = group.installed
    excess = under = exhaust = None
    if installed is not None:
        excess = installed // DS0_PER_DS1 - math.ceil(required / DS0_PER_DS1)
        under = excess >= 1
        exhaust = required > installed
    else:
        notes.append("installed trunks unknown (no trunk_groups row): no under-utilization or exhaust flag")
    flags = tuple(f for f, on in (("under_utilized", under), ("exhaust", exhaust), ("incomplete_data", not complete)) if on)
    if under:
        notes.append(f"{excess} whole DS-1(s) above what the busy season needs: excess capacity, for the "
                     f"review in {prov.full_cite} (our rule; the agreement does not define excess capacity)")
    if exhaust:
        notes.append(f"{required} trunks needed in the busy season ({busy['month']}), {installed} installed")
    rule = (f"Required trunks: Erlang B at grade of service {g} for the highest monthly busy-hour load of the "
            f"{len(window)} months before {review_month}. Under-utilized (our rule): at least one whole DS-1 "
            f"({DS0_PER_DS1} trunks) above it. Exhaust: required above installed.")
    cites = (prov.full_cite, agreement.provision(REQUIREMENTS).full_cite if _has(agreement, REQUIREMENTS) else prov.full_cite,
             DS0_CITE)
    return ServicingResult(
        trunk_group=group.trunk_group, a_switch=group.a_switch, z_switch=group.z_switch, review_month=review_month,
        window=tuple(window), gos=g, gos_source=gos_source, monthly=tuple(monthly),
        busy_season=busy["month"] if busy else None, required=required, installed=installed, excess_ds1=excess,
        under_utilized=under, exhaust=exhaust, complete=complete, flags=flags, rule=rule,
        cites=tuple(dict.fromkeys(cites)), notes=tuple(notes),
    )


def _has(agreement: Agreement, provision: str) -> bool:
    return any(p.id == provision for p in agreement.provisions)


# --------------------------------------------------------------------------- forecasts and reports


@dataclasses.dataclass(frozen=True)
class ScheduleItem:
    """A forecast or measurement report due on a date."""

    kind: str  # "forecast" or "measurement_report"
    due: dt.date
    covers: tuple[int, ...]
    cite: str
    text: str


def forecast_schedule(agreement: Agreement, *, through: dt.date, anchor: dt.date | None = None) -> list[ScheduleItem]:
    """Annual forecasts (each covering the year due and the next) and measurement reports up to ``through``.

    ``anchor`` is the first due date (default: the agreement's effective date; the seed names no
    due day). Due dates step by the agreement's intervals in calendar months from the anchor.
    """
    start = anchor or agreement.effective
    if start is None:
        raise ServicingError(f"{agreement.id} has no effective date: give the first forecast date (anchor)")
    fc = agreement.provision(FORECASTING)
    uu = agreement.provision(UNDERUTILIZATION)
    out: list[ScheduleItem] = []
    for prov, kind, interval_name in ((fc, "forecast", "forecast_interval"), (uu, "measurement_report", "report_interval")):
        k = 0
        while True:
            due = add_months(start, k * _count(prov, interval_name, start))
            if due > through:
                break
            if kind == "forecast":
                years = _count(prov, "forecast_horizon", due)
                covers = tuple(range(due.year, due.year + years))
                text = prov.params["forecast_horizon"].text
                cite = prov.params["forecast_horizon"].entry_at(due).cite  # type: ignore[union-attr]
            else:
                covers = ()
                text = prov.params[interval_name].text
                cite = prov.params[interval_name].entry_at(due).cite  # type: ignore[union-attr]
            out.append(ScheduleItem(kind, due, covers, cite, text))
            k += 1
    return sorted(out, key=lambda i: (i.due, i.kind))


# --------------------------------------------------------------------------- from the workspace


def workspace_gos(ws: Any, gos: float | None = None) -> tuple[float, str]:
    """The grade of service to size trunks for, and where it came from.

    An explicit ``gos`` wins; else the workspace setting ``grade_of_service`` when the workspace
    declares one; else an error (the State standard is not in the seed).
    """
    if gos is not None:
        return _check_gos(gos), "given"
    cfg = getattr(ws, "config", None)
    value = getattr(cfg, "grade_of_service", None) if cfg is not None else None
    if value not in (None, ""):
        return _check_gos(float(value)), "workspace setting grade_of_service"
    raise ServicingError(
        "no grade of service: Art. IV §4.5 sizes trunks to \"the State grade of service standard\", whose "
        "value is not in the agreement; give one (--gos 0.01) or set grade_of_service in the workspace"
    )


def trunk_groups_from_workspace(ws: Any, agreement: Agreement) -> list[TrunkGroup]:
    """The ``trunk_groups`` table when the workspace has one; else one group per switch pair with
    traffic under ``agreement`` in the usage cube (installed trunks unknown)."""
    if ws.has_table("trunk_groups"):
        t = ws.table("trunk_groups")
        missing = [c for c in TRUNK_GROUP_COLUMNS if c not in t.columns]
        if missing:
            raise ServicingError(f"trunk_groups lacks column(s) {', '.join(missing)}")
        return [TrunkGroup(r["trunk_group"], r["a_switch"], r["z_switch"],
                           None if r["installed_trunks"] is None else int(r["installed_trunks"]))
                for r in t.to_pyarrow().to_pylist()]
    if not ws.has_table("usage_cube"):
        raise ServicingError("no usage_cube and no trunk_groups table: rate the traffic first (meetpoint rate)")
    cube = ws.table("usage_cube")
    c = cube.filter((cube.agreement == agreement.id) & cube.orig_switch.notnull() & cube.term_switch.notnull())
    pairs = sorted({tuple(sorted((r["orig_switch"], r["term_switch"])))
                    for r in c.select("orig_switch", "term_switch").distinct().to_pyarrow().to_pylist()
                    if r["orig_switch"] != r["term_switch"]})
    return [TrunkGroup(f"{a}-{b}", a, b) for a, b in pairs]


def loads_from_workspace(ws: Any, groups: Sequence[TrunkGroup], months: Iterable[str], *,
                         method: str = "tcbh") -> dict[str, dict[str, float]]:
    """Busy-hour Erlangs per trunk group and month from ``hourly_load`` (both directions summed)."""
    from meetpoint.rating.clock import clock_table
    from meetpoint.rating.load import busy_hour, pair_hours

    if not ws.has_table("hourly_load"):
        raise ServicingError("no hourly_load table: rate the traffic first (meetpoint rate)")
    wanted = set(months)
    hourly = ws.table("hourly_load")
    clock = clock_table(ws.config.timezone)
    out: dict[str, dict[str, float]] = {}
    for g in groups:
        bh = busy_hour(pair_hours(hourly, g.a_switch, g.z_switch, two_way=True), tz=ws.config.timezone,
                       method=method, clock=clock)
        out[g.trunk_group] = {r["month"]: float(r["erlangs"]) for r in bh.to_pyarrow().to_pylist()
                              if r["month"] in wanted}
    return out


def rated_months(ws: Any) -> set[str]:
    """Months the usage cube holds (a rated month without a pair's traffic is a zero, not missing data)."""
    if not ws.has_table("usage_cube"):
        return set()
    cube = ws.table("usage_cube")
    return {r["month"] for r in cube.select("month").distinct().to_pyarrow().to_pylist()}


def run_servicing(ws: Any, agreement: Agreement, review_month: str, *, gos: float | None = None,
                  groups: Sequence[TrunkGroup] | None = None, method: str = "tcbh") -> list[ServicingResult]:
    """Service every trunk group of ``agreement`` for a review in ``review_month``."""
    g, source = workspace_gos(ws, gos)
    groups = list(groups) if groups is not None else trunk_groups_from_workspace(ws, agreement)
    window = servicing_window(agreement, review_month)
    loads = loads_from_workspace(ws, groups, window, method=method)
    rated = rated_months(ws) & set(window)
    out = []
    for grp in groups:
        by_month = {m: 0.0 for m in rated}
        by_month.update(loads.get(grp.trunk_group, {}))
        out.append(service_group(agreement, grp, by_month, review_month=review_month, gos=g, gos_source=source))
    return out
