"""The engine functions rating's hot path calls by name (Ibis builtins: the engine's own code, no Python UDF).

Ibis compiles ``a // b`` on integers to ``FLOOR(a / b)`` through a double, and a timestamp's
microseconds since 1970 to a ``date_diff`` on ``TIMESTAMPTZ``; on 20 million calls both cost whole
seconds. These builtins compile to DuckDB's integer ``divide`` and ``epoch_us``. A PySpark backend
maps them to ``div`` and ``unix_micros``.

Every operand here is non-negative — TNs, and tenths of seconds since 1970 (ingest quarantines a
call answered outside the rating clock's years 1995–2045, :data:`meetpoint.rating.clock.CLOCK_FIRST_YEAR`)
— so truncating division is floor division.
"""

from __future__ import annotations

from typing import Any

import ibis
import ibis.expr.datatypes as dt

from meetpoint.rating.measure import US_PER_DS

__all__ = ["ds_since_epoch", "epoch_us", "idiv"]


@ibis.udf.scalar.builtin(name="epoch_us")
def epoch_us(ts: dt.Timestamp(timezone="UTC")) -> dt.int64:  # type: ignore[valid-type]
    """Microseconds since 1970-01-01 UTC (DuckDB ``epoch_us``; Ibis' ``ts.delta(epoch,
    "microsecond")`` gives the same integers through ``date_diff``, about 35x slower)."""


@ibis.udf.scalar.builtin(name="divide")
def idiv(a: dt.int64, b: dt.int64) -> dt.int64:  # type: ignore[empty-body]
    """``a // b`` for ``a >= 0`` and ``b > 0``: DuckDB's integer ``divide`` (it truncates, which is
    the floor on non-negative operands)."""


def ds_since_epoch(ts: Any) -> Any:
    """Tenths of seconds since 1970-01-01 UTC of a timestamp column (exact integer arithmetic)."""
    return idiv(epoch_us(ts), US_PER_DS)
