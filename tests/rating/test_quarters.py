"""The busy hour by quarter-hours (``rating.quarters``), checked against the clock-hour figures on
random traffic: every tenth of a second lands in exactly one quarter, and the best four
consecutive quarter-hours are never below the best clock hour (the clock hours are among its
windows), for TCBH as for ADPH."""

from __future__ import annotations

import datetime as dt

import ibis
import pyarrow as pa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetpoint.rating import busy_hour, hourly_load, pair_hours
from meetpoint.rating.clock import clock_table
from meetpoint.rating.quarters import pair_quarters, quarter_busy_hour

TZ = "America/Chicago"
CLOCK = clock_table(TZ, 2023, 2025, business=False)
# March 2024 (the clock goes forward on the 10th) and November 2024 (back on the 3rd): local
# midnight of the 1st in tenths of seconds since 1970; calls start up to a day before it
MONTHS = {"2024-03": int(dt.datetime(2024, 3, 1, 6, tzinfo=dt.timezone.utc).timestamp()) * 10,
          "2024-11": int(dt.datetime(2024, 11, 1, 5, tzinfo=dt.timezone.utc).timestamp()) * 10}
DAY = 864_000

calls = st.lists(st.tuples(st.integers(-DAY, 30 * DAY), st.integers(1, 3 * 36_000), st.booleans()), min_size=1, max_size=40)


def _table(start: int, rows: list[tuple[int, int, bool]]) -> ibis.Table:
    a = [start + s for s, _, _ in rows]
    d = [n for _, n, _ in rows]
    sw = [("FLTNMOXA", "SCKTMOXA") if fwd else ("SCKTMOXA", "FLTNMOXA") for *_, fwd in rows]
    return ibis.memtable(pa.table({"answer_ds": pa.array(a, pa.int64()), "end_ds": pa.array([x + y for x, y in zip(a, d)], pa.int64()),
                                   "duration_ds": pa.array(d, pa.int64()), "orig_switch": [o for o, _ in sw],
                                   "term_switch": [t for _, t in sw]}))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(MONTHS)), calls)
def test_quarters_hold_every_tenth_and_never_lose_to_clock_hours(month: str, rows: list[tuple[int, int, bool]]) -> None:
    t = _table(MONTHS[month], rows)
    q = pair_quarters(t, "FLTNMOXA", "SCKTMOXA", two_way=True, month=month, clock=CLOCK)
    hours = pair_hours(hourly_load(t, TZ, clock=CLOCK), "FLTNMOXA", "SCKTMOXA", two_way=True, month=month)
    in_month = hours.load_ds.sum().fill_null(0).to_pyarrow().as_py()
    assert q.load_ds.sum().fill_null(0).to_pyarrow().as_py() == in_month  # same tenths, split finer
    for method in ("tcbh", "adph"):
        quarter = quarter_busy_hour(q, month=month, method=method, clock=CLOCK)
        clock_hour = busy_hour(hours, tz=TZ, method=method, clock=CLOCK).to_pyarrow().to_pylist()
        best = clock_hour[0]["load_ds"] if clock_hour else 0.0
        assert quarter["load_ds"] >= best - 1e-6
        assert quarter["days"] == {"2024-03": 31, "2024-11": 30}[month]


def test_a_tie_goes_to_the_earlier_window_whatever_the_order_of_its_quarters() -> None:
    """Two windows of the same four quarter loads in another order are a tie (the averages added
    in another order may differ in the last bit): the earlier wins. February 2024, 29 days."""
    loads = [29985, 77484, 13400, 41607]
    day = dt.datetime(2024, 2, 5, 16, tzinfo=dt.timezone.utc)  # 10:00 CST
    q10, q15 = int(day.timestamp()) // 900, int(day.timestamp()) // 900 + 20  # 10:00 and 15:00
    qs = [q10 + i for i in range(4)] + [q15 + i for i in range(4)]
    t = ibis.memtable(pa.table({
        "q": pa.array(qs, pa.int64()), "date": [dt.date(2024, 2, 5)] * 8,
        "local_hour": pa.array([10] * 4 + [15] * 4, pa.int8()), "fold": pa.array([0] * 8, pa.int8()),
        "minute": pa.array([0, 15, 30, 45] * 2, pa.int16()),
        "slot": pa.array([40, 41, 42, 43, 60, 61, 62, 63], pa.int16()),
        "load_ds": pa.array(loads + loads[::-1], pa.int64())}))
    r = quarter_busy_hour(t, month="2024-02", method="tcbh", clock=CLOCK)
    assert r["busy_start"] == "10:00" and r["load_ds"] == sum(loads) / 29
