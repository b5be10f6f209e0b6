"""What a trigger returns: a :class:`Verdict` with its month-by-month :class:`EvidenceRow` table.

A verdict says whether the condition has been met through the last month judged, the month it was
first met ("not before then"), the evidence of every month (the figures and which test each month
passed), the rule in the clause's words, the cites, and when the rule took effect.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

__all__ = ["EvidenceRow", "Verdict"]


@dataclasses.dataclass(frozen=True)
class EvidenceRow:
    """One month of a verdict's evidence.

    ``values`` holds the month's figures (``mou``, ``busy_hour_ccs``, ``erlangs``,
    ``trunks_needed``, ``transit_paid`` ...); ``tests`` maps each test's words (``"trunks needed >=
    24"``) to whether the month passed it; ``passed`` is the month's whole condition; ``run`` the
    consecutive months passed up to this one; ``note`` says why a month could not pass (no evidence,
    the clause not in force).
    """

    month: str
    values: dict[str, Any]
    tests: dict[str, bool]
    passed: bool
    run: int
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclasses.dataclass(frozen=True)
class Verdict:
    """Whether a direct-connection trigger is met between two switches, and why.

    ``from_switch``/``to_switch`` give the direction for one-way triggers (traffic from the first
    to the second); for two-way triggers they name the pair, the ILEC's switch first.
    """

    agreement: str
    trigger: str
    rule_version: str
    from_switch: str
    to_switch: str
    met: bool
    first_met: str | None
    evidence: tuple[EvidenceRow, ...]
    rule: str
    cites: tuple[str, ...]
    effective: dt.date | None
    notes: tuple[str, ...] = ()
    extra: dict[str, Any] = dataclasses.field(default_factory=dict)

    def row(self, month: str) -> EvidenceRow:
        """The evidence row of ``month`` (``KeyError`` if the verdict did not judge it)."""
        for r in self.evidence:
            if r.month == month:
                return r
        raise KeyError(month)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (dates and Decimals are left for the caller's encoder)."""
        d = {
            "agreement": self.agreement,
            "trigger": self.trigger,
            "rule_version": self.rule_version,
            "from_switch": self.from_switch,
            "to_switch": self.to_switch,
            "met": self.met,
            "first_met": self.first_met,
            "evidence": [r.to_dict() for r in self.evidence],
            "rule": self.rule,
            "cites": list(self.cites),
            "effective": self.effective,
            "notes": list(self.notes),
        }
        d.update(self.extra)
        return d
