"""Section 252 negotiation windows: when arbitration may be petitioned and when it must conclude.

47 U.S.C. §252(b)(1): "During the period from the 135th to the 160th day (inclusive) after the date
on which an incumbent local exchange carrier receives a request for negotiation ..., the carrier or
any other party to the negotiation may petition a State commission to arbitrate any open issues."

47 U.S.C. §252(b)(4)(C): the commission "shall conclude the resolution of any unresolved issues not
later than 9 months after the date on which the local exchange carrier received the request".

The day counts are statutory (:mod:`meetpoint.calendar.statute`). They are calendar days and are
not moved off weekends or holidays: Socket's letter of 9 Aug 2005 closes the window on Monday
16 Jan 2006, Martin Luther King Jr. Day. The result flags such days so a filer can see them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from meetpoint.calendar.business_days import _check, holiday_name, is_business_day
from meetpoint.calendar.statute import (
    ARBITRATION_WINDOW_CLOSES,
    ARBITRATION_WINDOW_OPENS,
    DAYS_PER_MONTH,
    RESOLUTION_DUE,
    RESOLUTION_MONTHS,
)


@dataclass(frozen=True)
class Section252Windows:
    """The §252 dates that follow from one request for negotiation."""

    requested: dt.date
    window_opens: dt.date
    window_closes: dt.date
    resolution_due: dt.date
    cites: dict[str, str]
    rules: dict[str, str]
    notes: list[str] = field(default_factory=list)


def _non_business_note(label: str, d: dt.date) -> str | None:
    if is_business_day(d):
        return None
    why = holiday_name(d) or d.strftime("%A")
    return f"{label} {d.isoformat()} is not a business day ({why}); the statute counts calendar days"


def section252_windows(requested: dt.date) -> Section252Windows:
    """The arbitration window and the resolution deadline for a request received on ``requested``.

    ``requested`` is the date the incumbent *received* the request for negotiation.

    >>> import datetime as dt
    >>> w = section252_windows(dt.date(2005, 8, 9))
    >>> w.window_opens, w.window_closes, w.resolution_due
    (datetime.date(2005, 12, 22), datetime.date(2006, 1, 16), datetime.date(2006, 5, 6))
    """
    _check(requested, "requested")
    opens = requested + dt.timedelta(days=ARBITRATION_WINDOW_OPENS.days)
    closes = requested + dt.timedelta(days=ARBITRATION_WINDOW_CLOSES.days)
    due = requested + dt.timedelta(days=RESOLUTION_DUE.days)
    notes = [
        n
        for n in (
            _non_business_note("window_opens", opens),
            _non_business_note("window_closes", closes),
            _non_business_note("resolution_due", due),
        )
        if n
    ]
    return Section252Windows(
        requested=requested,
        window_opens=opens,
        window_closes=closes,
        resolution_due=due,
        cites={
            "window_opens": ARBITRATION_WINDOW_OPENS.cite,
            "window_closes": ARBITRATION_WINDOW_CLOSES.cite,
            "resolution_due": RESOLUTION_DUE.cite,
        },
        rules={
            "window_opens": f"request + {ARBITRATION_WINDOW_OPENS.days} calendar days",
            "window_closes": (
                f"request + {ARBITRATION_WINDOW_CLOSES.days} calendar days (last day, inclusive)"
            ),
            "resolution_due": (
                f"request + {RESOLUTION_DUE.days} calendar days "
                f"({RESOLUTION_MONTHS} months counted as {RESOLUTION_MONTHS} x {DAYS_PER_MONTH} days)"
            ),
        },
        notes=notes,
    )


__all__ = ["Section252Windows", "section252_windows"]
