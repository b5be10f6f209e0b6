"""Teletraffic: Erlang B (blocking, trunks needed, capacity) and traffic-unit conversions.

Used by the DS1-level test: "the number of trunks necessary to achieve a .001 Grade of Service
based upon application of the Erlang B table is equal to or exceeds 24" (Interim Arrangement §5).

>>> from meetpoint.teletraffic import ccs_to_erlangs, trunks
>>> trunks(ccs_to_erlangs(432), 0.001)
24
"""

from __future__ import annotations

from meetpoint.teletraffic.erlang import capacity, erlang_b, trunks
from meetpoint.teletraffic.units import (
    CALL_SECONDS_PER_CCS,
    CALL_SECONDS_PER_ERLANG_HOUR,
    CCS_PER_ERLANG,
    call_seconds_to_ccs,
    call_seconds_to_erlangs,
    ccs_to_erlangs,
    erlangs_to_ccs,
    minutes_to_erlangs,
)

__all__ = [
    "CALL_SECONDS_PER_CCS",
    "CALL_SECONDS_PER_ERLANG_HOUR",
    "CCS_PER_ERLANG",
    "call_seconds_to_ccs",
    "call_seconds_to_erlangs",
    "capacity",
    "ccs_to_erlangs",
    "erlang_b",
    "erlangs_to_ccs",
    "minutes_to_erlangs",
    "trunks",
]
