"""Rating: call records in, usage out. Every function builds an Ibis expression and executes nothing.

- :mod:`~meetpoint.rating.measure` — billable minutes from exact tenths of seconds (IDT Art. IV §2.4)
- :mod:`~meetpoint.rating.clock` — local clock hours (month, day, hour, DST) as a small join table
- :mod:`~meetpoint.rating.governing` — the agreement governing each carrier pair on each date
- :mod:`~meetpoint.rating.jurisdiction` — the jurisdiction decision table, with cites
- :mod:`~meetpoint.rating.classify` — one classified row per call
- :mod:`~meetpoint.rating.cube` — the monthly usage cube
- :mod:`~meetpoint.rating.load` — hourly carried load per switch pair; busy hour (TCBH, ADPH)

The CLI's ``meetpoint rate`` executes them and stores ``usage_cube`` and ``hourly_load``.
"""

from __future__ import annotations

from meetpoint.rating.classify import CLASSIFIED_COLUMNS, classify
from meetpoint.rating.cube import CUBE_COLUMNS, CUBE_KEYS, usage_cube
from meetpoint.rating.jurisdiction import CITES, JURISDICTIONS, RULES
from meetpoint.rating.load import BUSY_HOUR_METHODS, HOURLY_COLUMNS, busy_hour, daily_peaks, hourly_load, pair_hours
from meetpoint.rating.measure import MEASUREMENT_CITE, billable_minutes, billable_minutes_expr

__all__ = [
    "BUSY_HOUR_METHODS",
    "CITES",
    "CLASSIFIED_COLUMNS",
    "CUBE_COLUMNS",
    "CUBE_KEYS",
    "HOURLY_COLUMNS",
    "JURISDICTIONS",
    "MEASUREMENT_CITE",
    "RULES",
    "billable_minutes",
    "billable_minutes_expr",
    "busy_hour",
    "classify",
    "daily_peaks",
    "hourly_load",
    "pair_hours",
    "usage_cube",
]
