"""Walk a pair's calendar month by month and turn a month test into a :class:`Verdict`.

Every trigger is "a monthly test, held for N consecutive months". The trigger modules write only
the monthly test (the clause's condition for one month); this module lays it on the calendar:

- a month in which the clause did not govern the pair (``PairMonths.off``) does not pass, and says why;
- a month without evidence does not pass ("no evidence for this month");
- a month whose terms have no value on its last day does not pass (the clause was not yet in force);
- otherwise the month passes when every one of its tests passed;

then :func:`meetpoint.compliance.consecutive.first_completed` finds the first month completing the
run, with the count of months in force at that month.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any, Callable

from meetpoint.agreements import Provision
from meetpoint.compliance.consecutive import first_completed, month_end, run_lengths
from meetpoint.compliance.evidence import MonthEvidence, PairMonths
from meetpoint.compliance.terms import count
from meetpoint.compliance.verdict import EvidenceRow, Verdict

__all__ = ["MonthResult", "MonthTest", "judge"]


@dataclasses.dataclass(frozen=True)
class MonthResult:
    """What a month test found: the month's figures and each test's outcome (words -> passed)."""

    values: dict[str, Any]
    tests: dict[str, bool]
    note: str | None = None


#: A monthly test: the month's evidence and the date its terms are read on -> result, or ``None``
#: when the clause has no terms on that date.
MonthTest = Callable[[MonthEvidence, dt.date], "MonthResult | None"]


def judge(
    *,
    provision: Provision,
    trigger: str,
    rule_version: str,
    pair: PairMonths,
    months_param: str,
    test: MonthTest,
    rule: str,
    cites: tuple[str, ...],
    effective: dt.date | None,
    notes: tuple[str, ...] = (),
) -> Verdict:
    """Judge ``test`` over ``pair.months`` and build the verdict (see the module docstring)."""
    results: dict[str, tuple[dict[str, Any], dict[str, bool], str | None]] = {}
    need: dict[str, int] = {}
    for month in pair.months:
        on = month_end(month)
        n = count(provision, months_param, on)
        if n is not None:
            need[month] = n
        ev = pair.by_month.get(month)
        if month in pair.off:
            results[month] = ({}, {}, pair.off[month])
        elif n is None:
            results[month] = ({}, {}, f"{provision.full_cite} has no terms in force on {on}")
        elif ev is None:
            results[month] = ({}, {}, "no evidence for this month: it counts as not met")
        else:
            res = test(ev, on)
            if res is None:
                results[month] = ({}, {}, f"{provision.full_cite} has no terms in force on {on}")
            else:
                results[month] = (res.values, res.tests, res.note)
    passed = {m: bool(tests) and all(tests.values()) for m, (_, tests, _) in results.items()}
    runs = run_lengths(passed, pair.months)
    first = first_completed(passed, need, pair.months)
    rows = tuple(EvidenceRow(m, v, t, passed[m], runs[m], note) for m, (v, t, note) in results.items())
    return Verdict(
        agreement=provision.agreement, trigger=trigger, rule_version=rule_version,
        from_switch=pair.from_switch, to_switch=pair.to_switch, met=first is not None, first_met=first,
        evidence=rows, rule=rule, cites=cites, effective=effective, notes=notes,
    )


def first_start(provision: Provision, *names: str) -> dt.date | None:
    """When the clause took effect: the provision's own date, else its parameters' earliest start."""
    if provision.effective is not None:
        return provision.effective
    starts = [provision.params[n].entries()[0].since for n in names]
    return min(starts) if starts else None
