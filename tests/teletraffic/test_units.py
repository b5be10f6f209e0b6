"""Traffic units (Federal Standard 1037C): 1 CCS = 100 call-seconds, 1 Erlang = 3600 = 36 CCS."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import meetpoint.teletraffic as tt
from meetpoint.teletraffic import (
    CCS_PER_ERLANG,
    call_seconds_to_ccs,
    call_seconds_to_erlangs,
    ccs_to_erlangs,
    erlangs_to_ccs,
    minutes_to_erlangs,
)


def test_one_erlang_is_36_ccs() -> None:
    assert CCS_PER_ERLANG == 36
    assert ccs_to_erlangs(36) == 1.0
    assert erlangs_to_ccs(1) == 36.0


def test_call_seconds() -> None:
    # One circuit busy for the whole hour: 3600 call-seconds = 36 CCS = 1 Erlang.
    assert call_seconds_to_ccs(3600) == 36.0
    assert call_seconds_to_erlangs(3600) == 1.0
    assert call_seconds_to_erlangs(3600, hours=0.5) == 2.0
    assert minutes_to_erlangs(60) == 1.0
    assert minutes_to_erlangs(1440, hours=24) == 1.0


def test_vectorized() -> None:
    ccs = np.array([0.0, 36.0, 432.0])
    assert ccs_to_erlangs(ccs).tolist() == [0.0, 1.0, 12.0]
    assert erlangs_to_ccs(ccs_to_erlangs(ccs)).tolist() == ccs.tolist()


@given(st.floats(0, 1e9))
def test_round_trip(ccs: float) -> None:
    assert erlangs_to_ccs(ccs_to_erlangs(ccs)) == pytest.approx(ccs, rel=1e-15)
    assert ccs_to_erlangs(call_seconds_to_ccs(ccs * 100)) == pytest.approx(
        call_seconds_to_erlangs(ccs * 100), rel=1e-15
    )


def test_public_api_is_pinned() -> None:
    assert sorted(tt.__all__) == [
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
