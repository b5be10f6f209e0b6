"""Statutory day counts: law, not agreement data, so they live here once, each with its cite.

Agreement day counts (the 45, 20, 40 and 10 Business Days of the IDT agreement) are *not* here:
they belong to the agreement library and reach :mod:`meetpoint.calendar` as keyword arguments.

Section 252 of the Communications Act (47 U.S.C. §252, added by the Telecommunications Act of
1996) counts **calendar days** from the date the incumbent *receives* the request for negotiation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class StatutoryPeriod:
    """A count of days fixed by statute, with the words it comes from."""

    name: str
    days: int
    unit: Literal["calendar_days"]
    cite: str
    text: str
    note: str = ""


#: 47 U.S.C. §252(b)(1), first day of the arbitration window.
ARBITRATION_WINDOW_OPENS = StatutoryPeriod(
    name="arbitration_window_opens",
    days=135,
    unit="calendar_days",
    cite="47 U.S.C. §252(b)(1)",
    text=(
        "During the period from the 135th to the 160th day (inclusive) after the date on which an "
        "incumbent local exchange carrier receives a request for negotiation under this section, "
        "the carrier or any other party to the negotiation may petition a State commission to "
        "arbitrate any open issues."
    ),
)

#: 47 U.S.C. §252(b)(1), last day of the arbitration window (inclusive).
ARBITRATION_WINDOW_CLOSES = StatutoryPeriod(
    name="arbitration_window_closes",
    days=160,
    unit="calendar_days",
    cite="47 U.S.C. §252(b)(1)",
    text=ARBITRATION_WINDOW_OPENS.text,
)

#: The nine months of §252(b)(4)(C), in the words of the statute.
RESOLUTION_MONTHS = 9
#: How long a "month" is when the nine months are counted (see RESOLUTION_DUE.note).
DAYS_PER_MONTH = 30

#: 47 U.S.C. §252(b)(4)(C): the commission concludes arbitration within nine months of the request.
RESOLUTION_DUE = StatutoryPeriod(
    name="resolution_due",
    days=RESOLUTION_MONTHS * DAYS_PER_MONTH,  # 270
    unit="calendar_days",
    cite="47 U.S.C. §252(b)(4)(C)",
    text=(
        "The State commission shall resolve each issue set forth in the petition and the "
        "response, if any, by imposing appropriate conditions as required to implement "
        "subsection (c) upon the parties to the agreement, and shall conclude the resolution of "
        "any unresolved issues not later than 9 months after the date on which the local "
        "exchange carrier received the request under this section."
    ),
    note=(
        "9 months counted as 9 x 30 = 270 calendar days after the request. This reproduces "
        "Socket's letter of 9 Aug 2005 (request 9 Aug 2005, agreement in place by 6 May 2006); "
        "calendar-month arithmetic would give 9 May 2006."
    ),
)

#: Every statutory period, by name (for docs and the CLI).
PERIODS: dict[str, StatutoryPeriod] = {
    p.name: p for p in (ARBITRATION_WINDOW_OPENS, ARBITRATION_WINDOW_CLOSES, RESOLUTION_DUE)
}

__all__ = [
    "ARBITRATION_WINDOW_CLOSES",
    "ARBITRATION_WINDOW_OPENS",
    "DAYS_PER_MONTH",
    "PERIODS",
    "RESOLUTION_DUE",
    "RESOLUTION_MONTHS",
    "StatutoryPeriod",
]
