"""Traffic units: Erlangs, CCS and call-seconds.

Federal Standard 1037C ("call-second"): one Erlang is one circuit continuously busy, i.e. 3,600
call-seconds per hour; one CCS (centum call-second) is 100 call-seconds; so **1 Erlang = 36 CCS**.
The agreements state busy-hour load in CCS ("average busy hour CCS", Interim Arrangement §5), and
:func:`meetpoint.teletraffic.erlang.trunks` takes Erlangs.

Every function is plain arithmetic, so it accepts a number or a numpy array and returns the same
kind. Floats, not Decimals: these are engineering quantities, not money.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "CALL_SECONDS_PER_CCS",
    "CALL_SECONDS_PER_ERLANG_HOUR",
    "CCS_PER_ERLANG",
    "call_seconds_to_ccs",
    "call_seconds_to_erlangs",
    "ccs_to_erlangs",
    "erlangs_to_ccs",
    "minutes_to_erlangs",
]

CALL_SECONDS_PER_CCS = 100
CALL_SECONDS_PER_ERLANG_HOUR = 3600
CCS_PER_ERLANG = CALL_SECONDS_PER_ERLANG_HOUR // CALL_SECONDS_PER_CCS  # 36


def ccs_to_erlangs(ccs: Any) -> Any:
    """Convert a load in CCS (per hour) to Erlangs.

    Examples
    --------
    >>> ccs_to_erlangs(36)
    1.0
    >>> ccs_to_erlangs(432)
    12.0
    """
    return ccs / CCS_PER_ERLANG


def erlangs_to_ccs(erlangs: Any) -> Any:
    """Convert a load in Erlangs to CCS (per hour).

    Examples
    --------
    >>> erlangs_to_ccs(12.0)
    432.0
    """
    return erlangs * float(CCS_PER_ERLANG)


def call_seconds_to_ccs(call_seconds: Any) -> Any:
    """Total call-seconds to CCS (hundreds of call-seconds); no period is involved.

    Examples
    --------
    >>> call_seconds_to_ccs(3600)
    36.0
    """
    return call_seconds / CALL_SECONDS_PER_CCS


def call_seconds_to_erlangs(call_seconds: Any, hours: Any = 1.0) -> Any:
    """Average load in Erlangs of ``call_seconds`` of conversation spread over ``hours`` hours.

    Parameters
    ----------
    call_seconds : float or array_like
        Sum of holding times, in seconds, observed in the period.
    hours : float or array_like, default 1.0
        Length of the period (one busy hour by default); must be positive.

    Examples
    --------
    >>> call_seconds_to_erlangs(7200)
    2.0
    >>> call_seconds_to_erlangs(7200, hours=2)
    1.0
    """
    return call_seconds / (CALL_SECONDS_PER_ERLANG_HOUR * hours)


def minutes_to_erlangs(minutes: Any, hours: Any = 1.0) -> Any:
    """Average load in Erlangs of ``minutes`` of use (MOU) spread over ``hours`` hours.

    Examples
    --------
    >>> minutes_to_erlangs(720)
    12.0
    """
    return minutes / (60.0 * hours)
