"""IDT Art. IV §2.4.2: "Minutes of use … shall not be rounded upward on a per-call basis, but will
be accumulated over the billing period. At the end of the billing period, any remaining fraction
shall be rounded up to the nearest whole minute"."""

from __future__ import annotations

import ibis
import pytest
from hypothesis import given
from hypothesis import strategies as st

from meetpoint.rating.measure import billable_minutes, billable_minutes_expr


def test_three_calls_of_20_1_seconds_bill_two_minutes_not_three() -> None:
    calls = [201, 201, 201]  # 20.1 s each, in tenths
    assert sum(calls) == 603  # 60.3 s accumulated over the period
    assert billable_minutes(sum(calls)) == 2  # the period's fraction rounds up once: 1 min 0.3 s -> 2
    assert sum(billable_minutes(c) for c in calls) == 3  # what per-call rounding would wrongly bill


@pytest.mark.parametrize(("ds", "minutes"), [(0, 0), (1, 1), (599, 1), (600, 1), (601, 2), (36_000, 60)])
def test_edges(ds: int, minutes: int) -> None:
    assert billable_minutes(ds) == minutes


def test_negative_total_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        billable_minutes(-1)


@given(st.lists(st.integers(0, 10**12), max_size=20))
def test_expression_equals_python_exactly(totals: list[int]) -> None:
    t = ibis.memtable({"d": totals}, schema={"d": "int64"})
    got = t.select(m=billable_minutes_expr(t.d)).to_pyarrow().column("m").to_pylist()
    assert got == [billable_minutes(d) for d in totals]
