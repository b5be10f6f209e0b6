"""Trunk servicing and forecasts, CenturyTel/IDT ICA Art. IV §4.4-§4.5, with hand-worked evidence.

    §4.5: "each Party will determine the required trunks for each of the other Party's trunk groups
    from the previous 12 months servicing data. Required trunks will be based on the State grade of
    service standard ... When a condition of excess capacity is identified, CenturyTel will
    facilitate a review ..."
    §4.4.1: "Direct connection forecasts must be provided between the Parties, once annually. ...
    Yearly forecasted trunk quantities for no less than a two-year period (current year, plus one year)"
"""

from __future__ import annotations

import datetime as dt
import types

import pytest

from meetpoint.agreements import load_library
from meetpoint.compliance.servicing import (
    DS0_PER_DS1,
    ServicingError,
    TrunkGroup,
    forecast_schedule,
    required_trunks,
    service_group,
    servicing_window,
    workspace_gos,
)
from meetpoint.teletraffic import erlang_b


@pytest.fixture(scope="module")
def idt():
    return load_library().agreement("centurytel-idt-2006")


def _year(erlangs: float, **peaks: float) -> dict[str, float]:
    out = {f"2006-{m:02d}": erlangs for m in range(1, 13)}
    out.update({k.lstrip("_").replace("_", "-"): v for k, v in peaks.items()})
    return out


def test_window_is_the_previous_twelve_months_from_the_library(idt) -> None:
    assert idt.value("trunking.underutilization.servicing_data_months", dt.date(2007, 1, 1)) == 12
    w = servicing_window(idt, "2007-01")
    assert (w[0], w[-1], len(w)) == ("2006-01", "2006-12", 12)


def test_required_trunks_from_the_busy_season_hand_worked(idt) -> None:
    """12 Erlangs at 1% blocking needs 20 trunks (B(19, 12) > 0.01 >= B(20, 12)); 5 Erlangs needs 11."""
    assert erlang_b(19, 12.0) > 0.01 >= erlang_b(20, 12.0)
    r = service_group(idt, TrunkGroup("TG1", "A", "B", 72), _year(5.0, _2006_07=12.0), review_month="2007-01", gos=0.01)
    assert r.busy_season == "2006-07" and r.required == 20
    assert [m["trunks"] for m in r.monthly][:2] == [11, 11]
    assert r.complete and r.gos == 0.01


def test_under_utilized_when_a_whole_ds1_is_spare(idt) -> None:
    """72 trunks = 3 DS-1s; 20 needed = 1 DS-1: 2 DS-1s spare -> flagged for the §4.5 review (our rule)."""
    assert DS0_PER_DS1 == 24
    r = service_group(idt, TrunkGroup("TG1", "A", "B", 72), _year(12.0), review_month="2007-01", gos=0.01)
    assert r.excess_ds1 == 2 and r.under_utilized and "under_utilized" in r.flags and not r.exhaust
    assert any("our rule" in n for n in r.notes)
    assert r.cites[0] == "CenturyTel/IDT ICA Art. IV §4.5"


def test_not_under_utilized_within_one_ds1(idt) -> None:
    """48 installed, 25 needed (2 DS-1s): nothing to remove."""
    a = next(x / 10 for x in range(100, 200) if required_trunks(x / 10, 0.01) == 25)
    r = service_group(idt, TrunkGroup("TG1", "A", "B", 48), _year(a), review_month="2007-01", gos=0.01)
    assert r.required == 25 and r.excess_ds1 == 0 and not r.under_utilized and not r.exhaust


def test_exhaust_when_required_exceeds_installed(idt) -> None:
    a = next(x / 10 for x in range(100, 200) if required_trunks(x / 10, 0.01) == 25)
    r = service_group(idt, TrunkGroup("TG1", "A", "B", 24), _year(a), review_month="2007-01", gos=0.01)
    assert r.exhaust and "exhaust" in r.flags


def test_no_traffic_needs_no_trunks_and_missing_months_are_flagged(idt) -> None:
    r = service_group(idt, TrunkGroup("TG1", "A", "B"), {"2006-12": 0.0}, review_month="2007-01", gos=0.01)
    assert r.required == 0 and not r.complete and "incomplete_data" in r.flags
    assert r.under_utilized is None and r.exhaust is None  # installed unknown


def test_grade_of_service_from_workspace_setting_or_refused() -> None:
    ws = types.SimpleNamespace(config=types.SimpleNamespace(grade_of_service="0.005"))
    assert workspace_gos(ws) == (0.005, "workspace setting grade_of_service")
    assert workspace_gos(ws, 0.01) == (0.01, "given")
    with pytest.raises(ServicingError, match="State grade of service"):
        workspace_gos(types.SimpleNamespace(config=types.SimpleNamespace()))
    with pytest.raises(ServicingError, match="between 0 and 1"):
        workspace_gos(ws, 2.0)


def test_forecasts_due_annually_covering_current_year_plus_one(idt) -> None:
    items = forecast_schedule(idt, through=dt.date(2008, 6, 30))
    forecasts = [i for i in items if i.kind == "forecast"]
    assert [(i.due, i.covers) for i in forecasts] == [
        (dt.date(2006, 3, 31), (2006, 2007)), (dt.date(2007, 3, 31), (2007, 2008)), (dt.date(2008, 3, 31), (2008, 2009))]
    assert forecasts[0].cite == "CenturyTel/IDT ICA Art. IV §4.4.1.1"
    assert "current year, plus one year" in forecasts[0].text
    reports = [i.due for i in items if i.kind == "measurement_report"]
    assert reports == [dt.date(2006, 3, 31), dt.date(2007, 3, 31), dt.date(2008, 3, 31)]


def test_forecast_anchor_can_be_given(idt) -> None:
    items = forecast_schedule(idt, through=dt.date(2007, 12, 31), anchor=dt.date(2006, 7, 15))
    assert [i.due for i in items if i.kind == "forecast"] == [dt.date(2006, 7, 15), dt.date(2007, 7, 15)]
