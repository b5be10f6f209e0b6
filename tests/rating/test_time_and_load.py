"""Local time, the cube's months and the hourly load: calls across an hour, midnight, a month end
and DST; busy hours by TCBH and ADPH worked out by hand. Times are America/Chicago."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from rating_net import CHICAGO, GOVERNING, LIB, SOCKET_FULTON, SPECTRA_FULTON, calls_table, cdr

from meetpoint.rating import busy_hour, classify, daily_peaks, hourly_load, pair_hours, usage_cube

TZ = "America/Chicago"
CDT = dt.timezone(dt.timedelta(hours=-5))
UTC = dt.timezone.utc


def rated(ws: Any, rows: list[dict[str, Any]]) -> tuple[list[dict], list[dict], list[dict]]:
    c = classify(ws, calls_table(ws, rows), lib=LIB, governing=GOVERNING)
    calls = c.order_by("call_id").to_pyarrow().to_pylist()
    cube = usage_cube(c).order_by("month").to_pyarrow().to_pylist()
    hl = hourly_load(c, TZ).order_by("hour").to_pyarrow().to_pylist()
    return calls, cube, hl


def pieces(hl: list[dict]) -> list[tuple]:
    return [(h["date"].isoformat(), h["local_hour"], h["fold"], h["month"], h["load_ds"], h["answered"]) for h in hl]


def call(cid: str, answer: dt.datetime, seconds: float) -> dict[str, Any]:
    return cdr(cid, SPECTRA_FULTON, SOCKET_FULTON, answer, seconds)


def test_call_across_an_hour(ws: Any) -> None:
    calls, cube, hl = rated(ws, [call("h", dt.datetime(2024, 1, 15, 10, 59, 30, tzinfo=CHICAGO), 60)])
    assert (calls[0]["hour"], calls[0]["duration_ds"]) == (10, 600)
    # 30 s before 11:00 and 30 s after; answered (peg count) only in the first hour
    assert pieces(hl) == [("2024-01-15", 10, 0, "2024-01", 300, 1), ("2024-01-15", 11, 0, "2024-01", 300, 0)]


def test_call_across_midnight(ws: Any) -> None:
    calls, cube, hl = rated(ws, [call("m", dt.datetime(2024, 1, 15, 23, 59, tzinfo=CHICAGO), 120)])
    # answered 23:59 CST = 05:59 UTC on the 16th: its day is the 15th (local), not the UTC date
    assert (calls[0]["date"], calls[0]["hour"], calls[0]["month"]) == (dt.date(2024, 1, 15), 23, "2024-01")
    assert pieces(hl) == [("2024-01-15", 23, 0, "2024-01", 600, 1), ("2024-01-16", 0, 0, "2024-01", 600, 0)]


def test_call_across_a_month_end(ws: Any) -> None:
    calls, cube, hl = rated(ws, [call("e", dt.datetime(2024, 1, 31, 23, 30, tzinfo=CHICAGO), 3600)])
    # the cube books the whole hour in January (the answer month) ...
    assert [(r["month"], r["calls"], r["duration_ds"], r["billable_minutes"]) for r in cube] == [("2024-01", 1, 36000, 60)]
    # ... the load splits it: 30 minutes on 31 Jan, 30 minutes on 1 Feb (February's load)
    assert pieces(hl) == [("2024-01-31", 23, 0, "2024-01", 18000, 1), ("2024-02-01", 0, 0, "2024-02", 18000, 0)]
    assert {h["call_month"] for h in hl} == {"2024-01"}


def test_month_is_local_not_utc(ws: Any) -> None:
    # 03:00 UTC on 1 Feb is 21:00 CST on 31 Jan
    calls, cube, _ = rated(ws, [call("u", dt.datetime(2024, 2, 1, 3, 0, tzinfo=UTC), 10)])
    assert (calls[0]["month"], calls[0]["date"], calls[0]["hour"]) == ("2024-01", dt.date(2024, 1, 31), 21)


def test_dst_fall_back_day_has_two_one_oclock_hours(ws: Any) -> None:
    # 3 Nov 2024: 00:30 CDT (05:30 UTC) for two hours, ending 01:30 CST (07:30 UTC)
    calls, cube, hl = rated(ws, [call("f", dt.datetime(2024, 11, 3, 0, 30, tzinfo=CDT), 7200)])
    assert pieces(hl) == [
        ("2024-11-03", 0, 0, "2024-11", 18000, 1),  # 00:30-01:00 CDT
        ("2024-11-03", 1, 0, "2024-11", 36000, 0),  # 01:00-02:00 CDT
        ("2024-11-03", 1, 1, "2024-11", 18000, 0),  # 01:00-01:30 CST, the repeated hour
    ]
    hours = pair_hours(hourly_load(classify(ws, calls_table(ws, [call("f", dt.datetime(2024, 11, 3, 0, 30, tzinfo=CDT), 7200)]),
                                            lib=LIB, governing=GOVERNING), TZ), "FLTNMOXA", "SCKTMOXA")
    tcbh = busy_hour(hours, tz=TZ).to_pyarrow().to_pylist()[0]
    # clock hour 1 occurs 31 times in November 2024 (30 days + the repeat): (36000 + 18000) / 31
    assert (tcbh["busy_hour"], tcbh["days"]) == (1, 30)
    assert tcbh["load_ds"] == pytest.approx(54000 / 31)
    adph = busy_hour(hours, tz=TZ, method="adph").to_pyarrow().to_pylist()[0]
    assert adph["load_ds"] == pytest.approx(36000 / 30)  # the day's own peak hour, over 30 days


def test_spring_forward_hour_two_never_occurs(ws: Any) -> None:
    # 10 Mar 2024: 01:30 CST for one hour ends 03:30 CDT; there is no 02:00
    _, _, hl = rated(ws, [call("s", dt.datetime(2024, 3, 10, 1, 30, tzinfo=CHICAGO), 3600)])
    assert pieces(hl) == [("2024-03-10", 1, 0, "2024-03", 18000, 1), ("2024-03-10", 3, 0, "2024-03", 18000, 0)]


# Busy hour, January 2024, FLTNMOXA -> SCKTMOXA:
#   Tue 2 Jan: one call 09:00-10:00 (36,000 tenths) and one 14:00-14:30 (18,000)
#   Wed 3 Jan: two calls 14:00-15:00 (72,000)
# TCBH (all 31 days): hour 14 = (18,000 + 72,000) / 31 = 2,903.2 tenths = 2.903 CCS; hour 9 = 36,000 / 31.
# ADPH: daily peaks 36,000 (2 Jan, hour 9) and 72,000 (3 Jan, hour 14): 108,000 / 31 = 3.484 CCS >= TCBH.
# Business days of January 2024: 23 weekdays less New Year's Day and Martin Luther King Jr. Day = 21.
BUSY = [
    ("b1", dt.datetime(2024, 1, 2, 9, 0, tzinfo=CHICAGO), 3600),
    ("b2", dt.datetime(2024, 1, 2, 14, 0, tzinfo=CHICAGO), 1800),
    ("b3", dt.datetime(2024, 1, 3, 14, 0, tzinfo=CHICAGO), 3600),
    ("b4", dt.datetime(2024, 1, 3, 14, 0, tzinfo=CHICAGO), 3600),
]


@pytest.fixture(scope="module")
def busy_hours(ws: Any) -> Any:
    c = classify(ws, calls_table(ws, [call(*b) for b in BUSY]), lib=LIB, governing=GOVERNING)
    return pair_hours(hourly_load(c, TZ), "FLTNMOXA", "SCKTMOXA")


@pytest.mark.parametrize(
    ("method", "business", "hour", "load_ds", "days"),
    [
        ("tcbh", False, 14, 90000 / 31, 31),
        ("adph", False, None, 108000 / 31, 31),
        ("tcbh", True, 14, 90000 / 21, 21),
        ("adph", True, None, 108000 / 21, 21),
    ],
)
def test_busy_hour(busy_hours: Any, method: str, business: bool, hour: int | None, load_ds: float, days: int) -> None:
    r = busy_hour(busy_hours, tz=TZ, method=method, business_days_only=business).to_pyarrow().to_pylist()
    assert len(r) == 1
    r = r[0]
    assert (r["month"], r["method"], r["busy_hour"], r["days"]) == ("2024-01", method, hour, days)
    assert r["load_ds"] == pytest.approx(load_ds)
    assert r["ccs"] == pytest.approx(load_ds / 1000)  # 1 CCS = 100 call-seconds = 1,000 call-tenths
    assert r["erlangs"] == pytest.approx(r["ccs"] / 36)


def test_daily_peaks(busy_hours: Any) -> None:
    rows = daily_peaks(busy_hours).to_pyarrow().to_pylist()
    assert [(r["date"].day, r["busy_hour"], r["ccs"]) for r in rows] == [(2, 9, 36.0), (3, 14, 72.0)]


def test_one_way_excludes_the_other_direction(ws: Any) -> None:
    rows = [cdr("r", SOCKET_FULTON, SPECTRA_FULTON, dt.datetime(2024, 1, 2, 9, 0, tzinfo=CHICAGO), 3600)]
    hl = hourly_load(classify(ws, calls_table(ws, rows), lib=LIB, governing=GOVERNING), TZ)
    assert pair_hours(hl, "FLTNMOXA", "SCKTMOXA").count().to_pyarrow().as_py() == 0
    assert pair_hours(hl, "FLTNMOXA", "SCKTMOXA", two_way=True).load_ds.sum().to_pyarrow().as_py() == 36000


def test_unknown_method() -> None:
    with pytest.raises(ValueError, match="unknown busy-hour method"):
        busy_hour(None, tz=TZ, method="fdmh")
