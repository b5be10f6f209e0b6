"""Local clock hours: one row per UTC hour with its local date, hour, fold and month.

Calls are stored in UTC; the agreements count months, days and busy hours in local time (the
workspace's ``timezone``, America/Chicago by default). Every US time zone is a whole number of
hours from UTC, so each UTC hour is exactly one local clock hour: rating never converts a time
zone per call — it joins the call's UTC hour number (``epoch seconds // 3600``, an int64) with this
small table (about 8,800 rows a year, built in Python from the tz database once per zone and
cached). A DST day has 23 or 25 local hours: the repeated 01:00 hour of a fall-back day is the
second row with the same local date and hour, marked ``fold = 1`` (as in Python's ``datetime``);
the skipped 02:00 of a spring-forward day has no row.

>>> c = clock_table("America/Chicago", 2024, 2024)
>>> rows = c.filter(c.hour == 480_462).to_pyarrow().to_pylist()   # 2024-10-23 06:00 UTC
>>> rows[0]["local_date"], rows[0]["local_hour"], rows[0]["fold"], rows[0]["month"]
(datetime.date(2024, 10, 23), 1, 0, '2024-10')
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from functools import lru_cache
from typing import Any

import ibis
import numpy as np
import pyarrow as pa

from meetpoint.errors import WorkspaceError

__all__ = ["CLOCK_FIRST_YEAR", "CLOCK_LAST_YEAR", "clock_arrow", "clock_table", "days_in_months", "hour_occurrences"]

#: Years the clock covers by default: ingest quarantines a call answered outside them (local time,
#: ``time_out_of_range``), so every stored call has its local labels.
CLOCK_FIRST_YEAR = 1995
CLOCK_LAST_YEAR = 2045

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def _offsets(tz: str, first: int, last: int) -> tuple[np.ndarray, np.ndarray]:
    """UTC hour numbers where the zone's offset changes, and the offset (seconds) from each."""
    zone = zoneinfo.ZoneInfo(tz)
    start = dt.datetime(first - 1, 12, 31, tzinfo=dt.timezone.utc)
    end = dt.datetime(last + 1, 1, 2, tzinfo=dt.timezone.utc)
    step = dt.timedelta(hours=1)
    t = start
    prev = t.astimezone(zone).utcoffset()
    starts = [int((t - _EPOCH).total_seconds()) // 3600]
    offs = [int(prev.total_seconds())]
    day = dt.timedelta(days=1)
    while t < end:
        nxt = t + day
        off = nxt.astimezone(zone).utcoffset()
        if off != prev:  # find the hour it changed within the day
            h = t
            while h.astimezone(zone).utcoffset() == prev:
                h += step
            starts.append(int((h - _EPOCH).total_seconds()) // 3600)
            offs.append(int(off.total_seconds()))
            prev = off
        t = nxt
    offsets = np.array(offs, dtype=np.int64)
    if np.any(offsets % 3600):
        raise WorkspaceError(
            f"time zone {tz!r} is not a whole number of hours from UTC; clock hours cannot be split exactly"
        )
    return np.array(starts, dtype=np.int64), offsets


def _business(epoch_day: int) -> bool:
    from meetpoint.calendar.business_days import is_business_day

    return is_business_day(dt.date(1970, 1, 1) + dt.timedelta(days=epoch_day))


@lru_cache(maxsize=8)
def clock_arrow(tz: str, first_year: int = CLOCK_FIRST_YEAR, last_year: int = CLOCK_LAST_YEAR,
                business: bool = True) -> pa.Table:
    """The clock of ``tz`` for whole local years ``first_year..last_year`` as a pyarrow table.

    Columns: ``hour`` (int64, UTC hours since 1970), ``local_date`` (date32), ``local_hour``
    (int8, 0–23), ``fold`` (int8: 1 for the repeated hour of a fall-back day), ``month``
    (``YYYY-MM`` of the local date) and, unless ``business=False`` (the rate step, which never
    asks), ``business_day`` (:mod:`meetpoint.calendar.business_days`).
    """
    starts, offsets = _offsets(tz, first_year, last_year)
    lo = int((dt.datetime(first_year, 1, 1, tzinfo=dt.timezone.utc) - _EPOCH).total_seconds()) // 3600 - 24
    hi = int((dt.datetime(last_year + 1, 1, 1, tzinfo=dt.timezone.utc) - _EPOCH).total_seconds()) // 3600 + 24
    hours = np.arange(lo, hi, dtype=np.int64)
    off = offsets[np.searchsorted(starts, hours, side="right") - 1]
    local_s = hours * 3600 + off
    days = local_s // 86400
    local_hour = (local_s % 86400) // 3600
    fold = np.zeros(len(hours), dtype=np.int8)
    fold[1:] = (local_s[1:] == local_s[:-1]).astype(np.int8)
    dates = days.astype("datetime64[D]")
    years = dates.astype("datetime64[Y]").astype(np.int64) + 1970
    months = dates.astype("datetime64[M]").astype(np.int64) % 12 + 1
    keep = (years >= first_year) & (years <= last_year)
    labels = pa.array([f"{y:04d}-{m:02d}" for y in range(first_year, last_year + 1) for m in range(1, 13)])
    month_idx = ((years[keep] - first_year) * 12 + months[keep] - 1).astype(np.int32)
    columns = {
        "hour": pa.array(hours[keep]),
        "local_date": pa.array(days[keep].astype(np.int32), type=pa.int32()).cast(pa.date32()),
        "local_hour": pa.array(local_hour[keep].astype(np.int8)),
        "fold": pa.array(fold[keep]),
        "month": pa.DictionaryArray.from_arrays(pa.array(month_idx), labels).cast(pa.string()),
    }
    if business:
        uniq_days, inverse = np.unique(days[keep], return_inverse=True)
        columns["business_day"] = pa.array(np.array([_business(int(d)) for d in uniq_days], dtype=bool)[inverse])
    return pa.table(columns)


def clock_table(tz: str, first_year: int = CLOCK_FIRST_YEAR, last_year: int = CLOCK_LAST_YEAR, *,
                business: bool = True) -> Any:
    """:func:`clock_arrow` as an Ibis memtable (joined on ``hour``)."""
    return ibis.memtable(clock_arrow(tz, first_year, last_year, business))


def hour_occurrences(clock: Any, *, business_days_only: bool = False) -> Any:
    """How many times each local clock hour occurs in each month: ``month``, ``local_hour``, ``n``.

    Usually the number of days; one less for 02:00 in a spring-forward month, one more for
    01:00 in a fall-back month. With ``business_days_only`` only business days count.
    """
    c = clock.filter(clock.business_day) if business_days_only else clock
    return c.group_by(["month", "local_hour"]).aggregate(n=c.count())


def days_in_months(clock: Any, *, business_days_only: bool = False) -> Any:
    """Number of (business) days of each month: ``month``, ``days``."""
    c = clock.filter(clock.business_day) if business_days_only else clock
    return c.group_by("month").aggregate(days=c.local_date.nunique())
