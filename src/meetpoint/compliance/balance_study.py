"""The traffic-balance study: CenturyTel/IDT ICA Art. IV §3.2.2.

    "Either Party may initiate a traffic study no more frequently than once every six (6) months.
    Such traffic study shall examine all Local Traffic excluding Local Traffic that is also
    Information Access Traffic. Should such traffic study indicate, in the aggregate, that either
    Party is terminating more than 60 percent of the other Party's total terminated minutes for
    Local Traffic excluding Local Traffic that is also Information Access Traffic, either Party may
    notify the other that mutual compensation will commence ... and following such notice it shall
    begin and continue for the duration of the Term of this Agreement unless otherwise agreed
    pursuant subsequent traffic studies (not more frequent than every 12 months) indicate that the
    traffic has changed to reflect that neither party terminates more than 60% of the others
    traffic."

The numbers (six months, 60 percent and its comparison ``>``, twelve months) are the parameters
``study_interval``, ``imbalance_threshold`` and ``revert_study_interval`` of the provision
``compensation.traffic_study``; nothing here knows them.

How we read it (docs/decisions.md):

- **Shares.** Each party's share is the local minutes it terminated over the minutes both parties
  terminated in the period, in the aggregate, as an exact :class:`~fractions.Fraction`. A party is
  "terminating more than 60 percent" when its share is strictly greater than the threshold: exactly
  60% is balance, 60.01% is not. Percentages shown are rounded for display only.
- **Minutes.** :func:`minutes_from_cube` totals each terminating party's conversation time over the
  whole period and rounds it up once (Art. IV §2.4.2); month figures are shown as evidence only.
- **Which traffic counts.** Usage-cube jurisdictions :data:`COUNTED_JURISDICTIONS` (``local``,
  ``vnxx_local``). ``isp_local`` is Local Traffic that is also Information Access Traffic (App. C
  1.45, 1.61) and is excluded by the clause; ``isp_nonlocal``, ``optional_eas``, ``cmrs``, toll,
  interLATA, transit and unrated traffic are not Local Traffic at all (App. C 1.61).
- **Cadence.** A study is dated by the day it is initiated. A study initiated on D allows the next
  one on or after D + six calendar months (a day missing from the target month is that month's
  last day: 31 Aug + 6 months = 28/29 Feb). The limit is per agreement, whichever party initiates
  ("Either Party may initiate ... no more frequently than once every six months" limits the
  studies between the Parties, or two parties could alternate every three months). While mutual
  compensation is in force, a study is a *revert* study and the interval is twelve months, counted
  from the latest earlier study. A refused study says why and the next permitted date; it is not
  recorded.
- **When the regime changes.** A study does not change the regime; the notice does ("following
  such notice it shall begin"). Mutual compensation runs from the date the notice counts as
  received (Art. III §31, :func:`meetpoint.calendar.notice_received`), recorded on the study with
  :func:`record_notice`; a balanced revert study returns the Parties to bill-and-keep the same way.
  :func:`compensation_regime` reads that record for settlement.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any, Iterable, Mapping, Sequence

from meetpoint.agreements import Agreement, Provision
from meetpoint.compliance.consecutive import month_end, month_range, parse_month
from meetpoint.errors import AgreementError, MeetpointError

__all__ = [
    "BILL_AND_KEEP",
    "COUNTED_JURISDICTIONS",
    "EXCLUDED_JURISDICTIONS",
    "MUTUAL_COMPENSATION",
    "PROVISION",
    "STUDY_COLUMNS",
    "PriorStudy",
    "Regime",
    "StudyMinutes",
    "StudyError",
    "StudyPeriod",
    "StudyRefused",
    "StudyResult",
    "add_months",
    "balance_study",
    "compensation_regime",
    "load_studies",
    "minutes_from_cube",
    "record_notice",
    "record_study",
    "regime_at",
    "regime_on",
    "run_study",
]

PROVISION = "compensation.traffic_study"
BILL_AND_KEEP = "bill_and_keep"
MUTUAL_COMPENSATION = "mutual_compensation"
#: The bill-and-keep clause; cited when no study has changed the regime.
BILL_AND_KEEP_PROVISION = "compensation.bill_and_keep"

#: Usage-cube jurisdictions a study counts: Local Traffic that is not Information Access Traffic.
COUNTED_JURISDICTIONS: tuple[str, ...] = ("local", "vnxx_local")
#: Jurisdictions left out, and why (shown on every study).
EXCLUDED_JURISDICTIONS: dict[str, str] = {
    "isp_local": "Local Traffic that is also Information Access Traffic: excluded by Art. IV §3.2.2",
    "isp_nonlocal": "Information Access Traffic that is not Local Traffic (App. C 1.45)",
    "optional_eas": "not Local Traffic (App. C 1.61); access tariffs (Art. IV §3.2.1)",
    "cmrs": "not Local Traffic (App. C 1.61: excluding CMRS traffic)",
    "intralata_toll": "not Local Traffic; access tariffs (Art. IV §3.2.1)",
    "interlata": "not Local Traffic; access tariffs (Art. IV §3.2.1)",
    "transit": "not exchanged between the Parties",
    "unrated": "no rate center: cannot be classified",
}

#: Outcomes of a study that was run.
OUTCOMES: dict[str, str] = {
    "may_notify_mutual": "either Party may notify the other that mutual compensation will commence",
    "may_revert": "the traffic has changed: neither Party terminates more than the threshold; the Parties may return to bill-and-keep",
    "no_change": "the compensation regime stays as it is",
    "no_traffic": "no Local Traffic in the period: no share can be computed",
}

#: Columns of the ``traffic_studies`` workspace table.
STUDY_COLUMNS: dict[str, str] = {
    "study_id": "VARCHAR PRIMARY KEY",
    "agreement": "VARCHAR NOT NULL",
    "initiated": "DATE NOT NULL",
    "period_from": "VARCHAR NOT NULL",
    "period_to": "VARCHAR NOT NULL",
    "kind": "VARCHAR NOT NULL",
    "regime_before": "VARCHAR NOT NULL",
    "party_a": "VARCHAR NOT NULL",
    "minutes_a": "BIGINT NOT NULL",
    "party_b": "VARCHAR NOT NULL",
    "minutes_b": "BIGINT NOT NULL",
    "imbalanced": "BOOLEAN NOT NULL",
    "dominant": "VARCHAR",
    "outcome": "VARCHAR NOT NULL",
    "may_notify_from": "DATE",
    "threshold": "VARCHAR NOT NULL",
    "cites": "VARCHAR NOT NULL",
    "notice_received": "DATE",
    "notice_method": "VARCHAR",
}

_PCT = Decimal("0.01")


class StudyError(MeetpointError, ValueError):
    """A study cannot be made as asked (bad period or date, unknown party, no usage cube, no such study)."""


class StudyRefused(StudyError):
    """A study asked for before the cadence allows it; carries the :class:`StudyResult`."""

    def __init__(self, result: "StudyResult") -> None:
        super().__init__(result.refusal or "study refused")
        self.result = result


# --------------------------------------------------------------------------- dates


def add_months(d: dt.date, months: int) -> dt.date:
    """``d`` plus whole calendar months; a day the target month lacks becomes its last day.

    >>> add_months(dt.date(2006, 8, 31), 6)
    datetime.date(2007, 2, 28)
    >>> add_months(dt.date(2006, 4, 1), 12)
    datetime.date(2007, 4, 1)
    """
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


@dataclasses.dataclass(frozen=True)
class StudyPeriod:
    """The months a study examines, first to last inclusive (``YYYY-MM``)."""

    first: str
    last: str

    def __post_init__(self) -> None:
        if parse_month(self.last) < parse_month(self.first):
            raise StudyError(f"study period {self.first}..{self.last}: the last month comes before the first")

    @classmethod
    def of(cls, period: "StudyPeriod | tuple[str, str] | Sequence[str]") -> "StudyPeriod":
        if isinstance(period, StudyPeriod):
            return period
        first, last = period
        return cls(str(first), str(last))

    @property
    def months(self) -> list[str]:
        return month_range(self.first, self.last)

    @property
    def start(self) -> dt.date:
        y, m = parse_month(self.first)
        return dt.date(y, m, 1)

    @property
    def end(self) -> dt.date:
        return month_end(self.last)

    def __str__(self) -> str:
        return f"{self.first}..{self.last}"


# --------------------------------------------------------------------------- prior studies and the regime


@dataclasses.dataclass(frozen=True)
class PriorStudy:
    """A study already made: when it was initiated, what it found, and the notice that acted on it."""

    study_id: str
    initiated: dt.date
    outcome: str
    notice_received: dt.date | None = None

    @property
    def changes_to(self) -> str | None:
        """The regime its notice starts (``None`` when the study changes nothing)."""
        return {"may_notify_mutual": MUTUAL_COMPENSATION, "may_revert": BILL_AND_KEEP}.get(self.outcome)


@dataclasses.dataclass(frozen=True)
class Regime:
    """The compensation regime on a date, since when, and what put it there."""

    regime: str
    since: dt.date | None
    study_id: str | None
    cite: str


def regime_on(previous: Iterable[PriorStudy], on: dt.date, *, cite: str = "Art. IV §3.2.2") -> Regime:
    """The regime on ``on`` from the studies whose notice counts as received on or before it.

    Bill-and-keep until a notice acts on an imbalanced study; mutual compensation from the date
    that notice counts as received; bill-and-keep again from a notice acting on a balanced revert
    study.
    """
    current = Regime(BILL_AND_KEEP, None, None, cite)
    changes = sorted((s for s in previous if s.changes_to and s.notice_received and s.notice_received <= on),
                     key=lambda s: (s.notice_received, s.initiated))
    for s in changes:
        if s.changes_to != current.regime:
            current = Regime(s.changes_to, s.notice_received, s.study_id, cite)  # type: ignore[arg-type]
    return current


# --------------------------------------------------------------------------- the study


@dataclasses.dataclass(frozen=True)
class PartyShare:
    """One party's terminated minutes and its exact share of both parties' total."""

    party: str
    minutes: int
    share: Fraction
    percent: Decimal
    over_threshold: bool


@dataclasses.dataclass(frozen=True)
class StudyResult:
    """A traffic study: the cadence check and, when permitted, the shares and what may follow.

    ``permitted`` is False for a study the cadence refuses: ``refusal`` says why and
    ``next_permitted`` is the first date a study may be initiated; shares are then empty. For a
    permitted study ``next_permitted`` is the first day the next study may be initiated if its
    outcome is acted on (twelve months after one that lets mutual compensation commence, since the
    next would be a revert study; six otherwise).
    """

    study_id: str
    agreement: str
    period: StudyPeriod
    initiated: dt.date
    kind: str  # "study" (from bill-and-keep) or "revert" (while mutual compensation is in force)
    regime_before: str
    permitted: bool
    refusal: str | None
    next_permitted: dt.date
    interval_months: int
    previous_study: str | None
    shares: tuple[PartyShare, ...]
    total_minutes: int
    threshold: Decimal
    comparison: str
    imbalanced: bool
    dominant: str | None
    outcome: str | None
    may_notify_from: dt.date | None
    rule: str
    cites: tuple[str, ...]
    monthly: dict[str, dict[str, int]] = dataclasses.field(default_factory=dict)
    excluded: dict[str, int] = dataclasses.field(default_factory=dict)
    notes: tuple[str, ...] = ()

    @property
    def outcome_words(self) -> str | None:
        return OUTCOMES.get(self.outcome) if self.outcome else None

    def share_of(self, party: str) -> PartyShare:
        for s in self.shares:
            if s.party == party:
                return s
        raise KeyError(party)

    def to_dict(self) -> dict[str, Any]:
        return {
            "study_id": self.study_id, "agreement": self.agreement,
            "period": {"from": self.period.first, "to": self.period.last},
            "initiated": self.initiated, "kind": self.kind, "regime_before": self.regime_before,
            "permitted": self.permitted, "refusal": self.refusal, "next_permitted": self.next_permitted,
            "interval_months": self.interval_months, "previous_study": self.previous_study,
            "shares": [{"party": s.party, "minutes": s.minutes, "share": f"{s.share.numerator}/{s.share.denominator}",
                        "percent": s.percent, "over_threshold": s.over_threshold} for s in self.shares],
            "total_minutes": self.total_minutes, "threshold_percent": self.threshold, "comparison": self.comparison,
            "imbalanced": self.imbalanced, "dominant": self.dominant, "outcome": self.outcome,
            "outcome_words": self.outcome_words, "may_notify_from": self.may_notify_from,
            "rule": self.rule, "cites": list(self.cites), "monthly": self.monthly, "excluded": self.excluded,
            "notes": list(self.notes),
        }


def _param(provision: Provision, name: str, on: dt.date) -> tuple[Any, str, str | None]:
    param = provision.params[name]
    entry = param.entry_at(on)
    if entry is None:
        raise AgreementError(f"{param.name} ({param.cite}) has no value on {on}: no traffic study can be judged then")
    return entry.value, entry.cite, param.comparison


def _percent(share: Fraction) -> Decimal:
    return (Decimal(share.numerator) * 100 / Decimal(share.denominator)).quantize(_PCT, ROUND_HALF_UP)


def _parties(agreement: Agreement) -> tuple[str, str]:
    a, b = agreement.pairs[0]
    return a, b


def outcome_for(kind: str, minutes: Mapping[str, int], limit: Fraction) -> str:
    """What a study of ``kind`` with these minutes allows (see :data:`OUTCOMES`)."""
    total = sum(minutes.values())
    if total == 0:
        return "no_traffic"
    imbalanced = any(Fraction(m, total) > limit for m in minutes.values())
    if kind == "study":
        return "may_notify_mutual" if imbalanced else "no_change"
    return "no_change" if imbalanced else "may_revert"


def study_id(agreement: str, initiated: dt.date) -> str:
    """``<agreement>:<initiated>``: one study per agreement and day."""
    return f"{agreement}:{initiated.isoformat()}"


def balance_study(
    agreement: Agreement,
    minutes_by_terminating_party: Mapping[str, int],
    period: "StudyPeriod | tuple[str, str]",
    previous_studies: Iterable[PriorStudy] = (),
    *,
    initiated: dt.date | None = None,
    monthly: Mapping[str, Mapping[str, int]] | None = None,
    excluded: Mapping[str, int] | None = None,
) -> StudyResult:
    """Judge a traffic study of ``period`` under Art. IV §3.2.2 (see the module docstring).

    Parameters
    ----------
    agreement
        The agreement holding ``compensation.traffic_study`` (CenturyTel/IDT).
    minutes_by_terminating_party
        Local minutes (excluding Information Access Traffic) each party *terminated* in the period,
        keyed by carrier id; a party of the agreement left out terminated none.
    period
        ``(first month, last month)`` or a :class:`StudyPeriod`.
    previous_studies
        Studies already made under this agreement (cadence and the regime in force come from them).
    initiated
        The day the study is initiated (default: the day after the period ends, the first day its
        traffic is all in). It may not come before that day.
    monthly, excluded
        Evidence shown with the result: minutes per month and party; minutes left out by
        jurisdiction.
    """
    per = StudyPeriod.of(period)
    provision = agreement.provision(PROVISION)
    day_after = per.end + dt.timedelta(days=1)
    on = day_after if initiated is None else initiated
    if on < day_after:
        raise StudyError(f"a study initiated on {on} cannot examine traffic through {per.end}: "
                         f"initiate it on or after {day_after}")
    parties = _parties(agreement)
    unknown = sorted(set(minutes_by_terminating_party) - set(parties))
    if unknown:
        raise StudyError(f"{', '.join(unknown)} is not a party to {agreement.id} (parties: {', '.join(parties)})")

    interval6, cite6, _ = _param(provision, "study_interval", on)
    interval12, cite12, _ = _param(provision, "revert_study_interval", on)
    threshold, cite_t, comparison = _param(provision, "imbalance_threshold", on)
    if comparison != ">":
        raise AgreementError(f"{provision.full_cite}: imbalance_threshold must compare with '>' (\"more than\"), not {comparison!r}")
    prior = sorted((s for s in previous_studies if s.initiated < on), key=lambda s: s.initiated)
    regime = regime_on(prior, on, cite=provision.full_cite).regime
    kind = "revert" if regime == MUTUAL_COMPENSATION else "study"
    interval = int(interval12 if kind == "revert" else interval6)
    interval_cite = cite12 if kind == "revert" else cite6
    last = prior[-1] if prior else None
    next_permitted = add_months(last.initiated, interval) if last else on
    cites = (provision.full_cite, cite6, cite_t, cite12)
    rule = " ".join(provision.text.split())
    sid = study_id(agreement.id, on)
    base = dict(study_id=sid, agreement=agreement.id, period=per, initiated=on, kind=kind, regime_before=regime,
                next_permitted=next_permitted, interval_months=interval, previous_study=last.study_id if last else None,
                threshold=Decimal(threshold), comparison=comparison, rule=rule, cites=cites,
                monthly={m: dict(v) for m, v in (monthly or {}).items()}, excluded=dict(excluded or {}))
    if last is not None and on < next_permitted:
        what = ("a subsequent study to end mutual compensation" if kind == "revert" else "a traffic study")
        refusal = (f"{what} may not be initiated on {on}: the previous study ({last.study_id}) was initiated on "
                   f"{last.initiated} and {interval_cite} allows one no more often than every {interval} months; "
                   f"the next may be initiated on or after {next_permitted}")
        return StudyResult(**base, permitted=False, refusal=refusal, shares=(), total_minutes=0,  # type: ignore[arg-type]
                           imbalanced=False, dominant=None, outcome=None, may_notify_from=None)
    minutes = {p: int(minutes_by_terminating_party.get(p, 0)) for p in parties}
    if any(v < 0 for v in minutes.values()):
        raise StudyError(f"terminated minutes cannot be negative: {minutes}")
    total = sum(minutes.values())
    limit = Fraction(Decimal(threshold)) / 100
    if total == 0:
        base["next_permitted"] = add_months(on, interval)
        return StudyResult(**base, permitted=True, refusal=None, shares=(), total_minutes=0,  # type: ignore[arg-type]
                           imbalanced=False, dominant=None, outcome="no_traffic", may_notify_from=None,
                           notes=("no Local Traffic (excluding Information Access Traffic) in the period",))
    after = {"may_notify_mutual": int(interval12), "may_revert": int(interval6)}
    base["next_permitted"] = add_months(on, after.get(outcome_for(kind, minutes, limit), interval))
    shares = tuple(PartyShare(p, m, Fraction(m, total), _percent(Fraction(m, total)), Fraction(m, total) > limit)
                   for p, m in minutes.items())
    over = [s.party for s in shares if s.over_threshold]
    imbalanced = bool(over)
    outcome = outcome_for(kind, minutes, limit)
    return StudyResult(**base, permitted=True, refusal=None, shares=shares, total_minutes=total,  # type: ignore[arg-type]
                       imbalanced=imbalanced, dominant=over[0] if over else None, outcome=outcome,
                       may_notify_from=on if outcome in ("may_notify_mutual", "may_revert") else None)


# --------------------------------------------------------------------------- from the usage cube


@dataclasses.dataclass(frozen=True)
class StudyMinutes:
    """What :func:`minutes_from_cube` found: minutes per terminating party, per month, and left out."""

    by_party: dict[str, int]
    monthly: dict[str, dict[str, int]]
    excluded: dict[str, int]


def minutes_from_cube(ws: Any, agreement: Agreement, period: "StudyPeriod | tuple[str, str]") -> StudyMinutes:
    """Terminated local minutes per party from the workspace ``usage_cube`` (rating's table).

    Rows of ``agreement`` between its two parties in the period's months; jurisdictions
    :data:`COUNTED_JURISDICTIONS` count. Each party's period total is its exact conversation time
    (``duration_ds``) rounded up once (:func:`meetpoint.rating.measure.billable_minutes`).
    """
    from meetpoint.rating.measure import billable_minutes

    per = StudyPeriod.of(period)
    if not ws.has_table("usage_cube"):
        raise StudyError("no usage_cube table in the workspace: rate the traffic first (meetpoint rate)")
    parties = list(_parties(agreement))
    cube = ws.table("usage_cube")
    c = cube.filter(
        (cube.agreement == agreement.id) & cube.month.isin(per.months)
        & cube.orig_carrier.isin(parties) & cube.term_carrier.isin(parties)
        & (cube.orig_carrier != cube.term_carrier)
    )
    agg = c.group_by(["month", "term_carrier", "jurisdiction"]).aggregate(duration_ds=c.duration_ds.sum().cast("int64"))
    total_ds = {p: 0 for p in parties}
    month_ds: dict[str, dict[str, int]] = {m: {p: 0 for p in parties} for m in per.months}
    excluded_ds: dict[str, int] = {}
    for r in agg.to_pyarrow().to_pylist():
        ds = int(r["duration_ds"] or 0)
        if r["jurisdiction"] in COUNTED_JURISDICTIONS:
            total_ds[r["term_carrier"]] += ds
            month_ds[r["month"]][r["term_carrier"]] += ds
        else:
            excluded_ds[r["jurisdiction"]] = excluded_ds.get(r["jurisdiction"], 0) + ds
    return StudyMinutes(
        by_party={p: billable_minutes(v) for p, v in total_ds.items()},
        monthly={m: {p: billable_minutes(v) for p, v in row.items()} for m, row in month_ds.items()},
        excluded={j: billable_minutes(v) for j, v in sorted(excluded_ds.items())},
    )


# --------------------------------------------------------------------------- the workspace record


def _ensure_table(ws: Any) -> None:
    cols = ", ".join(f"{k} {v}" for k, v in STUDY_COLUMNS.items())
    ws.run_sql(f"CREATE TABLE IF NOT EXISTS traffic_studies ({cols})")


def _row_to_prior(r: Mapping[str, Any]) -> PriorStudy:
    return PriorStudy(r["study_id"], r["initiated"], r["outcome"], r["notice_received"])


def load_studies(ws: Any, agreement: str) -> list[dict[str, Any]]:
    """Every recorded study of ``agreement``, oldest first (empty when none or no table)."""
    if not ws.has_table("traffic_studies"):
        return []
    names = list(STUDY_COLUMNS)
    rows = ws.run_sql(f"SELECT {', '.join(names)} FROM traffic_studies WHERE agreement = ? ORDER BY initiated",
                      [agreement])
    return [dict(zip(names, r)) for r in rows]


def prior_studies(ws: Any, agreement: str) -> list[PriorStudy]:
    return [_row_to_prior(r) for r in load_studies(ws, agreement)]


def record_study(ws: Any, result: StudyResult) -> None:
    """Store a permitted study in ``traffic_studies`` (a refused one is never stored)."""
    if not result.permitted:
        raise StudyRefused(result)
    a, b = (result.shares[0], result.shares[1]) if result.shares else (None, None)
    parties = [s.party for s in result.shares] or ["", ""]
    values = {
        "study_id": result.study_id, "agreement": result.agreement, "initiated": result.initiated,
        "period_from": result.period.first, "period_to": result.period.last, "kind": result.kind,
        "regime_before": result.regime_before,
        "party_a": parties[0], "minutes_a": a.minutes if a else 0,
        "party_b": parties[1], "minutes_b": b.minutes if b else 0,
        "imbalanced": result.imbalanced, "dominant": result.dominant, "outcome": result.outcome,
        "may_notify_from": result.may_notify_from, "threshold": f"{result.comparison} {result.threshold}%",
        "cites": "; ".join(dict.fromkeys(result.cites)), "notice_received": None, "notice_method": None,
    }
    with ws.transaction():
        _ensure_table(ws)
        ws.run_sql(f"INSERT INTO traffic_studies ({', '.join(values)}) VALUES ({', '.join('?' for _ in values)})",
                   list(values.values()))


def record_notice(ws: Any, study: str, *, received: dt.date, method: str) -> dict[str, Any]:
    """Record that the notice acting on ``study`` counts as received on ``received``.

    Only a study whose outcome lets a party give notice (``may_notify_mutual``, ``may_revert``) can
    carry one, and not before the study was initiated.
    """
    rows = [r for r in (ws.has_table("traffic_studies") and ws.run_sql(
        "SELECT agreement FROM traffic_studies WHERE study_id = ?", [study]) or [])]
    if not rows:
        raise StudyError(f"no recorded traffic study {study!r}; see `meetpoint study list`")
    row = next(r for r in load_studies(ws, rows[0][0]) if r["study_id"] == study)
    if row["outcome"] not in ("may_notify_mutual", "may_revert"):
        raise StudyError(f"study {study} found {row['outcome']}: {OUTCOMES[row['outcome']]}; no notice acts on it")
    if received < row["initiated"]:
        raise StudyError(f"a notice received on {received} comes before the study ({row['initiated']})")
    with ws.transaction():
        ws.run_sql("UPDATE traffic_studies SET notice_received = ?, notice_method = ? WHERE study_id = ?",
                   [received, method, study])
    row.update(notice_received=received, notice_method=method)
    return row


def run_study(ws: Any, agreement: Agreement, period: "StudyPeriod | tuple[str, str]", *,
              initiated: dt.date | None = None, record: bool = True) -> StudyResult:
    """Build the minutes from the cube, judge the study against the recorded ones, record it.

    Idempotent: a study already recorded for the same agreement, day and period is judged again
    against the studies before it and returned, not recorded twice.
    """
    per = StudyPeriod.of(period)
    mins = minutes_from_cube(ws, agreement, per)
    recorded = load_studies(ws, agreement.id)
    on = initiated or per.end + dt.timedelta(days=1)
    same = [r for r in recorded if r["initiated"] == on]
    if same and (same[0]["period_from"], same[0]["period_to"]) != (per.first, per.last):
        raise StudyError(f"a study of {same[0]['period_from']}..{same[0]['period_to']} was already initiated on {on} "
                         f"({same[0]['study_id']})")
    prior = [_row_to_prior(r) for r in recorded if r["initiated"] < on]
    result = balance_study(agreement, mins.by_party, per, prior, initiated=on,
                           monthly=mins.monthly, excluded=mins.excluded)
    if record and result.permitted and not same:
        record_study(ws, result)
    return result


def regime_at(ws: Any, agreement: Agreement, on: dt.date) -> Regime:
    """The compensation regime for Local Traffic on ``on``, with since when and which study."""
    if PROVISION not in {p.id for p in agreement.provisions}:
        prov = BILL_AND_KEEP_PROVISION if BILL_AND_KEEP_PROVISION in {p.id for p in agreement.provisions} else None
        cite = agreement.provision(prov).full_cite if prov else agreement.cite_prefix
        return Regime(BILL_AND_KEEP, None, None, cite)
    return regime_on(prior_studies(ws, agreement.id), on, cite=agreement.provision(PROVISION).full_cite)


def compensation_regime(ws: Any, agreement: "Agreement | str", on: dt.date) -> str:
    """``"bill_and_keep"`` or ``"mutual_compensation"`` for Local Traffic on ``on`` (for settlement).

    ``agreement`` is an :class:`~meetpoint.agreements.Agreement` or its id (looked up in the
    built-in library). An agreement without a traffic-study clause is always bill-and-keep.
    """
    if isinstance(agreement, str):
        from meetpoint.agreements import load_library

        agreement = load_library().agreement(agreement)
    return regime_at(ws, agreement, on).regime
