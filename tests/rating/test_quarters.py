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
# March 2024 (the clock goes forward on the 10th) in tenths of seconds since 1970, with a day before
MARCH = int(dt.datetime(2024, 3, 1, 6, tzinfo=dt.timezone.utc).timestamp()) * 10
DAY = 864_000

calls = st.lists(st.tuples(st.integers(0, 30 * DAY), st.integers(1, 3 * 36_000), st.booleans()), min_size=1, max_size=40)


def _table(rows: list[tuple[int, int, bool]]) -> ibis.Table:
    a = [MARCH + s for s, _, _ in rows]
    d = [n for _, n, _ in rows]
    sw = [("FLTNMOXA", "SCKTMOXA") if fwd else ("SCKTMOXA", "FLTNMOXA") for *_, fwd in rows]
    return ibis.memtable(pa.table({"answer_ds": pa.array(a, pa.int64()), "end_ds": pa.array([x + y for x, y in zip(a, d)], pa.int64()),
                                   "duration_ds": pa.array(d, pa.int64()), "orig_switch": [o for o, _ in sw],
                                   "term_switch": [t for _, t in sw]}))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(calls)
def test_quarters_hold_every_tenth_and_never_lose_to_clock_hours(rows: list[tuple[int, int, bool]]) -> None:
    t = _table(rows)
    q = pair_quarters(t, "FLTNMOXA", "SCKTMOXA", two_way=True, month="2024-03", clock=CLOCK)
    hours = pair_hours(hourly_load(t, TZ, clock=CLOCK), "FLTNMOXA", "SCKTMOXA", two_way=True, month="2024-03")
    in_month = hours.load_ds.sum().fill_null(0).to_pyarrow().as_py()
    assert q.load_ds.sum().fill_null(0).to_pyarrow().as_py() == in_month  # same tenths, split finer
    for method in ("tcbh", "adph"):
        quarter = quarter_busy_hour(q, month="2024-03", method=method, clock=CLOCK)
        clock_hour = busy_hour(hours, tz=TZ, method=method, clock=CLOCK).to_pyarrow().to_pylist()
        best = clock_hour[0]["load_ds"] if clock_hour else 0.0
        assert quarter["load_ds"] >= best - 1e-6
        assert quarter["days"] == 31
