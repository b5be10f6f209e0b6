"""Section 252 windows.

47 U.S.C. §252(b)(1): "During the period from the 135th to the 160th day (inclusive) after the date
on which an incumbent local exchange carrier receives a request for negotiation under this section,
the carrier or any other party to the negotiation may petition a State commission to arbitrate any
open issues."

47 U.S.C. §252(b)(4)(C): "... shall conclude the resolution of any unresolved issues not later than
9 months after the date on which the local exchange carrier received the request under this
section."

Socket's letter of 9 Aug 2005: "the window for filing for arbitrations with the Public Service
Commission is December 22, 2005 through January 16, 2006 with an agreement to be in place by May 6,
2006." And of the request of 22 Mar 2005: "any dispute would need to be submitted to the Commission
between August 4, 2005 and August 29, 2005."
"""

from __future__ import annotations

import datetime as dt

import pytest

from meetpoint.calendar import section252_windows
from meetpoint.calendar import statute

D = dt.date


def test_seed_letter_request_of_9_aug_2005() -> None:
    w = section252_windows(D(2005, 8, 9))
    assert (w.window_opens, w.window_closes) == (D(2005, 12, 22), D(2006, 1, 16))
    assert w.resolution_due == D(2006, 5, 6)


def test_seed_letter_request_of_22_mar_2005() -> None:
    w = section252_windows(D(2005, 3, 22))
    assert (w.window_opens, w.window_closes) == (D(2005, 8, 4), D(2005, 8, 29))


def test_nine_months_is_270_days_not_calendar_months() -> None:
    # Calendar-month arithmetic would put the deadline on 9 May 2006; the letter says 6 May.
    assert statute.RESOLUTION_DUE.days == statute.RESOLUTION_MONTHS * statute.DAYS_PER_MONTH == 270
    w = section252_windows(D(2005, 8, 9))
    assert w.resolution_due != D(2006, 5, 9)
    assert (w.resolution_due - w.requested).days == 270


def test_window_is_26_days_inclusive() -> None:
    w = section252_windows(D(2005, 8, 9))
    assert (w.window_closes - w.window_opens).days + 1 == 160 - 135 + 1 == 26


def test_leap_year_inside_the_nine_months() -> None:
    w = section252_windows(D(2007, 8, 9))
    assert (w.window_opens, w.window_closes, w.resolution_due) == (
        D(2007, 12, 22),
        D(2008, 1, 16),
        D(2008, 5, 5),  # 29 Feb 2008 is one of the 270 days
    )


def test_calendar_days_are_not_moved_off_holidays_but_flagged() -> None:
    # The letter's window closes on 16 Jan 2006, Martin Luther King Jr. Day, and stays there.
    w = section252_windows(D(2005, 8, 9))
    assert w.window_closes == D(2006, 1, 16)
    assert any("window_closes" in n and "Martin Luther King" in n for n in w.notes)
    assert any("resolution_due" in n and "Saturday" in n for n in w.notes)


def test_every_date_carries_its_statutory_cite() -> None:
    w = section252_windows(D(2005, 8, 9))
    assert w.cites == {
        "window_opens": "47 U.S.C. §252(b)(1)",
        "window_closes": "47 U.S.C. §252(b)(1)",
        "resolution_due": "47 U.S.C. §252(b)(4)(C)",
    }
    for period in statute.PERIODS.values():
        assert period.cite.startswith("47 U.S.C. §252(b)")
        assert period.unit == "calendar_days"
        assert period.text


def test_counts_come_from_the_statute_module(monkeypatch: pytest.MonkeyPatch) -> None:
    import meetpoint.calendar.section252 as s252

    changed = statute.StatutoryPeriod("resolution_due", 1, "calendar_days", "test", "test")
    monkeypatch.setattr(s252, "RESOLUTION_DUE", changed)
    assert section252_windows(D(2005, 8, 9)).resolution_due == D(2005, 8, 10)


def test_a_datetime_is_refused() -> None:
    with pytest.raises(TypeError):
        section252_windows(dt.datetime(2005, 8, 9))  # type: ignore[arg-type]
