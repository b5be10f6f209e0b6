"""The traffic-balance study, CenturyTel/IDT ICA Art. IV §3.2.2, with hand-worked evidence.

    "Either Party may initiate a traffic study no more frequently than once every six (6) months.
    ... Should such traffic study indicate, in the aggregate, that either Party is terminating more
    than 60 percent of the other Party's total terminated minutes for Local Traffic excluding Local
    Traffic that is also Information Access Traffic, either Party may notify the other that mutual
    compensation will commence ... unless otherwise agreed pursuant subsequent traffic studies (not
    more frequent than every 12 months) indicate that the traffic has changed ..."
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pyarrow as pa
import pytest

from meetpoint.agreements import load_library
from meetpoint.compliance.balance_study import (
    COUNTED_JURISDICTIONS,
    PriorStudy,
    StudyError,
    add_months,
    balance_study,
    compensation_regime,
    load_studies,
    minutes_from_cube,
    record_notice,
    regime_at,
    run_study,
)
from meetpoint.rating.cube import CUBE_COLUMNS
from meetpoint.store import Workspace

AGR = "centurytel-idt-2006"
PERIOD = ("2006-04", "2006-09")


@pytest.fixture(scope="module")
def idt():
    return load_library().agreement(AGR)


def test_terms_come_from_the_library(idt) -> None:
    r = balance_study(idt, {"centurytel": 1, "idt": 1}, PERIOD)
    on = dt.date(2006, 10, 1)
    assert r.threshold == idt.value("compensation.traffic_study.imbalance_threshold", on) == Decimal("60")
    assert r.comparison == ">"
    assert r.interval_months == idt.value("compensation.traffic_study.study_interval", on) == 6
    assert "more than 60 percent of the other Party's total terminated minutes" in r.rule
    assert r.cites[0] == "CenturyTel/IDT ICA Art. IV §3.2.2"


def test_exactly_sixty_percent_is_not_more_than_sixty_percent(idt) -> None:
    """6,000 of 10,000 minutes is 60% exactly: "more than 60 percent" is not met; bill-and-keep stays."""
    r = balance_study(idt, {"centurytel": 6_000, "idt": 4_000}, PERIOD)
    assert r.share_of("centurytel").share == Fraction(3, 5)
    assert r.share_of("centurytel").percent == Decimal("60.00")
    assert not r.imbalanced and r.dominant is None
    assert r.outcome == "no_change" and r.may_notify_from is None


def test_sixty_point_zero_one_percent_is_more_than_sixty_percent(idt) -> None:
    """6,001 of 10,000 minutes is 60.01%: either Party may notify that mutual compensation will commence."""
    r = balance_study(idt, {"centurytel": 6_001, "idt": 3_999}, PERIOD)
    assert r.share_of("centurytel").share == Fraction(6001, 10000)
    assert r.share_of("centurytel").percent == Decimal("60.01")
    assert r.imbalanced and r.dominant == "centurytel"
    assert r.outcome == "may_notify_mutual"
    assert r.may_notify_from == dt.date(2006, 10, 1)  # the day the study is initiated: the period is all in


def test_either_party_can_be_the_one_over(idt) -> None:
    r = balance_study(idt, {"centurytel": 3_999, "idt": 6_001}, PERIOD)
    assert r.dominant == "idt" and not r.share_of("centurytel").over_threshold


def test_share_is_exact_not_rounded(idt) -> None:
    """600,001 of 1,000,000 is 60.0001%: shown as 60.00%, but still more than 60 percent."""
    r = balance_study(idt, {"centurytel": 600_001, "idt": 399_999}, PERIOD)
    assert r.share_of("centurytel").percent == Decimal("60.00")
    assert r.imbalanced


def test_no_traffic_gives_no_share(idt) -> None:
    r = balance_study(idt, {}, PERIOD)
    assert r.outcome == "no_traffic" and r.shares == () and not r.imbalanced


def test_study_refused_for_cadence_with_the_next_permitted_date(idt) -> None:
    """A study initiated 1 Oct 2006 allows the next on or after 1 Apr 2007 ("once every six (6) months")."""
    prior = [PriorStudy(f"{AGR}:2006-10-01", dt.date(2006, 10, 1), "no_change")]
    r = balance_study(idt, {"centurytel": 7_000, "idt": 3_000}, ("2006-10", "2007-02"), prior,
                      initiated=dt.date(2007, 3, 31))
    assert not r.permitted and r.shares == () and r.outcome is None
    assert r.next_permitted == dt.date(2007, 4, 1)
    assert "no more often than every 6 months" in r.refusal
    assert "2007-04-01" in r.refusal and "CenturyTel/IDT ICA Art. IV §3.2.2" in r.refusal
    ok = balance_study(idt, {"centurytel": 7_000, "idt": 3_000}, ("2006-10", "2007-03"), prior,
                       initiated=dt.date(2007, 4, 1))
    assert ok.permitted and ok.outcome == "may_notify_mutual" and ok.previous_study == f"{AGR}:2006-10-01"


def test_six_months_from_a_month_end_lands_on_the_last_day() -> None:
    assert add_months(dt.date(2006, 8, 31), 6) == dt.date(2007, 2, 28)
    assert add_months(dt.date(2007, 8, 31), 6) == dt.date(2008, 2, 29)


def test_revert_study_waits_twelve_months(idt) -> None:
    """Mutual compensation began on the notice (received 10 Oct 2006); a subsequent study that could end it
    may come no more often than every 12 months after the previous study (1 Oct 2006)."""
    prior = [PriorStudy(f"{AGR}:2006-10-01", dt.date(2006, 10, 1), "may_notify_mutual", dt.date(2006, 10, 10))]
    early = balance_study(idt, {"centurytel": 5_000, "idt": 5_000}, ("2006-10", "2007-03"), prior,
                          initiated=dt.date(2007, 4, 1))
    assert early.kind == "revert" and early.regime_before == "mutual_compensation"
    assert not early.permitted and early.next_permitted == dt.date(2007, 10, 1)
    assert "every 12 months" in early.refusal
    late = balance_study(idt, {"centurytel": 5_000, "idt": 5_000}, ("2006-10", "2007-09"), prior,
                         initiated=dt.date(2007, 10, 1))
    assert late.permitted and late.outcome == "may_revert"
    still = balance_study(idt, {"centurytel": 6_100, "idt": 3_900}, ("2006-10", "2007-09"), prior,
                          initiated=dt.date(2007, 10, 1))
    assert still.outcome == "no_change"


def test_an_imbalanced_study_without_notice_keeps_the_six_month_cadence(idt) -> None:
    prior = [PriorStudy(f"{AGR}:2006-10-01", dt.date(2006, 10, 1), "may_notify_mutual", None)]
    r = balance_study(idt, {"centurytel": 1, "idt": 1}, ("2006-10", "2007-03"), prior, initiated=dt.date(2007, 4, 1))
    assert r.permitted and r.kind == "study"


def test_a_study_cannot_examine_traffic_not_yet_in(idt) -> None:
    with pytest.raises(StudyError, match="cannot examine traffic through 2006-09-30"):
        balance_study(idt, {"centurytel": 1}, PERIOD, initiated=dt.date(2006, 9, 30))


def test_unknown_party_is_refused(idt) -> None:
    with pytest.raises(StudyError, match="socket is not a party"):
        balance_study(idt, {"socket": 1}, PERIOD)


# --------------------------------------------------------------------------- from the workspace


def _cube_row(month, orig, term, jurisdiction, ds, agreement=AGR):
    sw = {"centurytel": "CTELMTXADS0", "idt": "IDTNNJXADS0"}
    return {"month": month, "agreement": agreement, "orig_carrier": orig, "term_carrier": term,
            "orig_switch": sw.get(orig, "X"), "term_switch": sw.get(term, "Y"), "route": "direct",
            "jurisdiction": jurisdiction, "calls": 1, "duration_ds": ds, "billable_minutes": -(-ds // 600)}


def write_cube(ws, rows) -> None:
    ws.write_arrow("usage_cube", pa.Table.from_pylist(rows).select(list(CUBE_COLUMNS)))


@pytest.fixture()
def ws(tmp_path):
    w = Workspace.init(tmp_path / "ws")
    # Hand-worked: CenturyTel terminates 3,600,060 ds = 6,000.1 min -> 6,001 (rounded up once);
    # IDT terminates 2,399,400 ds = 3,999 min. 6,001 / 10,000 = 60.01%.
    write_cube(w, [
        _cube_row("2006-04", "idt", "centurytel", "local", 1_800_000),
        _cube_row("2006-05", "idt", "centurytel", "local", 1_200_060),
        _cube_row("2006-05", "idt", "centurytel", "vnxx_local", 600_000),
        _cube_row("2006-04", "centurytel", "idt", "local", 2_399_400),
        _cube_row("2006-04", "centurytel", "idt", "isp_local", 9_000_000),   # excluded: Information Access
        _cube_row("2006-04", "centurytel", "idt", "optional_eas", 600_000),  # not Local Traffic
        _cube_row("2006-04", "idt", "centurytel", "local", 600_000, agreement="other"),
        _cube_row("2006-10", "idt", "centurytel", "local", 600_000),          # outside the period
    ])
    yield w
    w.close()


def test_counted_jurisdictions() -> None:
    assert COUNTED_JURISDICTIONS == ("local", "vnxx_local")


def test_minutes_from_cube_hand_worked(ws, idt) -> None:
    m = minutes_from_cube(ws, idt, PERIOD)
    assert m.by_party == {"centurytel": 6_001, "idt": 3_999}
    assert m.monthly["2006-04"] == {"centurytel": 3_000, "idt": 3_999}
    assert m.monthly["2006-05"] == {"centurytel": 3_001, "idt": 0}
    assert m.excluded == {"isp_local": 15_000, "optional_eas": 1_000}


def test_cadence_is_enforced_across_runs(ws, idt) -> None:
    first = run_study(ws, idt, PERIOD)
    assert first.permitted and first.outcome == "may_notify_mutual" and first.study_id == f"{AGR}:2006-10-01"
    again = run_study(ws, idt, PERIOD)  # the same study again: judged, not recorded twice
    assert again.permitted and len(load_studies(ws, AGR)) == 1
    ws.close()
    reopened = Workspace.open(ws.root)
    refused = run_study(reopened, idt, ("2006-10", "2007-01"))  # initiated 1 Feb 2007
    assert not refused.permitted and refused.next_permitted == dt.date(2007, 4, 1)
    assert len(load_studies(reopened, AGR)) == 1
    reopened.close()


def test_notice_switches_the_regime_on_its_received_date(ws, idt) -> None:
    run_study(ws, idt, PERIOD)
    assert compensation_regime(ws, idt, dt.date(2006, 10, 20)) == "bill_and_keep"
    record_notice(ws, f"{AGR}:2006-10-01", received=dt.date(2006, 10, 10), method="certified_mail")
    assert compensation_regime(ws, idt, dt.date(2006, 10, 9)) == "bill_and_keep"
    assert compensation_regime(ws, AGR, dt.date(2006, 10, 10)) == "mutual_compensation"
    r = regime_at(ws, idt, dt.date(2007, 1, 1))
    assert (r.since, r.study_id, r.cite) == (dt.date(2006, 10, 10), f"{AGR}:2006-10-01", "CenturyTel/IDT ICA Art. IV §3.2.2")


def test_an_agreement_without_a_study_clause_is_bill_and_keep(ws) -> None:
    spectra = load_library().agreement("socket-spectra-interim-2005")
    assert compensation_regime(ws, spectra, dt.date(2006, 1, 1)) == "bill_and_keep"
