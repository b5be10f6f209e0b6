"""Who holds, rates and serves a telephone number on a date; per number and as a table join.

The rules, for a dialed number N on date D (every table read as of D):

1. N's assignment is the thousands-block row (NPA-NXX, X) if there is one, else the NPA-NXX row
   (pooling: the block holder is not the code holder).
2. N keeps that row's **rate center** for rating, ported or not.
3. If N is ported on D (a ``ports`` row with an LRN), the **LRN's own** assignment (its block, else
   its NXX) gives the serving **carrier** and **switch**; otherwise N's assignment does.
4. The carrier's OCN comes from ``carriers``.

:func:`annotate_numbers` does this for a whole Ibis table (the rating engine's form; joins, no loop
per number); :func:`lookup_tn` answers one number and must agree with it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import ibis

from meetpoint.errors import ReferenceDataError
from meetpoint.network import tables as T
from meetpoint.network.importers._rows import p_tn

if TYPE_CHECKING:  # pragma: no cover
    from meetpoint.store import Workspace

__all__ = ["ANNOTATIONS", "NumberInfo", "annotate_numbers", "lookup_tn", "number_blocks", "switch_vh", "tn_table"]

#: Columns :func:`annotate_numbers` adds (after its prefix).
ANNOTATIONS = ("carrier", "ocn", "rate_center", "switch", "ported", "lrn")


@dataclass(frozen=True)
class NumberInfo:
    """The answer for one number on one date (``carrier`` None: the number is not in numbering)."""

    tn: int
    on: dt.date
    carrier: str | None
    ocn: str | None
    rate_center: str | None
    switch: str | None
    ported: bool
    lrn: int | None
    npa_nxx: int
    block: int | None  # the thousands block that matched, None when the NXX row did

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in ("tn", "on", *ANNOTATIONS, "npa_nxx", "block")}


# --- per number ---------------------------------------------------------------------------------


def _as_tn(tn: int | str) -> int:
    try:
        return p_tn(str(tn))
    except ValueError as exc:
        raise ReferenceDataError("lookup", None, "tn", str(exc)) from None


def _assignment(ws: "Workspace", tn: int, on: dt.date) -> tuple[dict[str, Any] | None, int | None]:
    npa_nxx, block = tn // 10000, tn // 1000 % 10
    rows = ws.run_sql(
        "SELECT block, carrier, rate_center, switch FROM numbering WHERE npa_nxx = ? "
        "AND (block = ? OR block IS NULL) AND (effective IS NULL OR effective <= ?) "
        "AND (until IS NULL OR until > ?) ORDER BY block NULLS LAST",
        [npa_nxx, block, on, on],
    )
    if not rows:
        return None, None
    b, carrier, rc, switch = rows[0]
    return {"carrier": carrier, "rate_center": rc, "switch": switch}, b


def _one(ws: "Workspace", sql: str, params: list[Any]) -> Any:
    rows = ws.run_sql(sql, params)
    return rows[0][0] if rows else None


def lookup_tn(ws: "Workspace", tn: int | str, on: dt.date | None = None) -> NumberInfo:
    """Carrier, OCN, rate center, serving switch and LNP status of ``tn`` on ``on`` (default today)."""
    T.ensure(ws)
    on = on or dt.date.today()
    tn = _as_tn(tn)
    dialed, block = _assignment(ws, tn, on)
    lrn = _one(
        ws,
        "SELECT lrn FROM ports WHERE tn = ? AND (effective IS NULL OR effective <= ?) AND (until IS NULL OR until > ?)",
        [tn, on, on],
    )
    serving = _assignment(ws, lrn, on)[0] if lrn is not None else dialed
    carrier = serving["carrier"] if serving else None
    ocn = None
    if carrier is not None:
        ocn = _one(
            ws,
            "SELECT ocn FROM carriers WHERE id = ? AND (effective IS NULL OR effective <= ?) AND (until IS NULL OR until > ?)",
            [carrier, on, on],
        )
    return NumberInfo(
        tn=tn,
        on=on,
        carrier=carrier,
        ocn=ocn,
        rate_center=dialed["rate_center"] if dialed else None,
        switch=serving["switch"] if serving else None,
        ported=lrn is not None,
        lrn=lrn,
        npa_nxx=tn // 10000,
        block=block,
    )


def switch_vh(ws: "Workspace", clli: str, on: dt.date | None = None) -> tuple[float, float]:
    """V&H of a switch on ``on`` (default today): its own, else its rate center's."""
    T.ensure(ws)
    on = on or dt.date.today()
    rows = ws.run_sql(
        "SELECT s.v, s.h, r.v, r.h, s.rate_center FROM switches s LEFT JOIN rate_centers r "
        "ON r.rate_center = s.rate_center AND (r.effective IS NULL OR r.effective <= ?) AND (r.until IS NULL OR r.until > ?) "
        "WHERE s.clli = ? AND (s.effective IS NULL OR s.effective <= ?) AND (s.until IS NULL OR s.until > ?)",
        [on, on, clli.upper(), on, on],
    )
    if not rows:
        raise ReferenceDataError("switches", None, "clli", f"no switch {clli!r} on {on}")
    sv, sh, rv, rh, rc = rows[0]
    if sv is not None and sh is not None:
        return sv, sh
    if rv is not None and rh is not None:
        return rv, rh
    raise ReferenceDataError("switches", None, "v", f"switch {clli} has no V&H and neither has its rate center {rc}")


# --- vectorized ---------------------------------------------------------------------------------


def number_blocks(ws: "Workspace") -> ibis.Table:
    """``numbering`` with each row's carrier OCN (every dated row; filter with ``tables.as_of``)."""
    n, c = T.read(ws, "numbering"), T.read(ws, "carriers")
    c = c.select(c_id=c.id, ocn=c.ocn, c_eff=c.effective, c_until=c.until)
    on = n.effective.coalesce(ibis.date(1900, 1, 1))
    j = n.left_join(
        c,
        [n.carrier == c.c_id, T.in_effect(c.c_eff, c.c_until, on)],
    )
    return j.select(*n.columns, "ocn")


def _in_effect(t: ibis.Table, p: str, on: ibis.Value) -> ibis.Value:
    return T.in_effect(t[f"{p}effective"], t[f"{p}until"], on)


def _assign(ws: "Workspace", keys: ibis.Table, tn: str, p: str) -> ibis.Table:
    """Left-join the block row and the NXX row of number column ``tn``; pick the block when found."""
    num = T.read(ws, "numbering")
    cols = ("npa_nxx", "block", "carrier", "rate_center", "switch", "effective", "until")
    b = num.filter(num.block.notnull()).select(**{f"{p}b_{c}": num[c] for c in cols})
    x = num.filter(num.block.isnull()).select(**{f"{p}x_{c}": num[c] for c in cols})
    npa_nxx, block = keys[tn] // 10000, (keys[tn] // 1000) % 10
    on = keys._mp_on
    j = keys.left_join(b, [b[f"{p}b_npa_nxx"] == npa_nxx, b[f"{p}b_block"] == block, _in_effect(b, f"{p}b_", on)])
    j = j.select(*keys.columns, *(f"{p}b_{c}" for c in ("carrier", "rate_center", "switch")))
    j = j.left_join(x, [x[f"{p}x_npa_nxx"] == j[tn] // 10000, _in_effect(x, f"{p}x_", j._mp_on)])
    found = j[f"{p}b_carrier"].notnull()
    return j.select(
        *keys.columns,
        **{f"{p}{c}": ibis.ifelse(found, j[f"{p}b_{c}"], j[f"{p}x_{c}"]) for c in ("carrier", "rate_center", "switch")},
    )


def _date_value(table: ibis.Table, date_col: str | None, on: dt.date | None) -> ibis.Value:
    if date_col is None:
        return ibis.literal(on or dt.date.today(), type="date")
    col = table[date_col]
    if col.type().is_timestamp():
        return col.date()
    return col.cast("date")


def annotate_numbers(
    ws: "Workspace",
    table: ibis.Table,
    tn_col: str,
    date_col: str | None = None,
    prefix: str = "",
    *,
    on: dt.date | None = None,
) -> ibis.Table:
    """``table`` plus ``{prefix}carrier, ocn, rate_center, switch, ported, lrn`` for number ``tn_col``.

    Each row is looked up as of its own ``date_col`` (a date, a timestamp — its date — or an ISO
    string), or of ``on`` (default today) when ``date_col`` is None. ``tn_col`` may be an integer
    or a 10-digit string. The result is an unexecuted Ibis expression with the same rows as
    ``table`` (the lookup runs once per distinct number and date, then joins back).
    """
    T.ensure(ws)
    base = table.mutate(_mp_tn=table[tn_col].try_cast("int64"), _mp_on=_date_value(table, date_col, on))
    keys = base.select("_mp_tn", "_mp_on").distinct()
    keys = keys.filter(keys._mp_tn.notnull() & keys._mp_on.notnull())

    dialed = _assign(ws, keys, "_mp_tn", "_mp_d_")
    ports = T.read(ws, "ports")
    ports = ports.select(_mp_p_tn=ports.tn, _mp_lrn=ports.lrn, _mp_p_effective=ports.effective, _mp_p_until=ports.until)
    j = dialed.left_join(ports, [ports._mp_p_tn == dialed._mp_tn, _in_effect(ports, "_mp_p_", dialed._mp_on)])
    j = j.select(*dialed.columns, "_mp_lrn")
    served = _assign(ws, j, "_mp_lrn", "_mp_l_")
    ported = served._mp_lrn.notnull()
    served = served.select(
        *served.columns,
        _mp_carrier=ibis.ifelse(ported, served._mp_l_carrier, served._mp_d_carrier),
        _mp_switch=ibis.ifelse(ported, served._mp_l_switch, served._mp_d_switch),
    )
    car = T.read(ws, "carriers")
    car = car.select(_mp_c_id=car.id, _mp_ocn=car.ocn, _mp_c_effective=car.effective, _mp_c_until=car.until)
    a = served.left_join(car, [car._mp_c_id == served._mp_carrier, _in_effect(car, "_mp_c_", served._mp_on)])
    a = a.select(
        _mp_k_tn=a._mp_tn,
        _mp_k_on=a._mp_on,
        **{
            f"{prefix}carrier": a._mp_carrier,
            f"{prefix}ocn": a._mp_ocn,
            f"{prefix}rate_center": a._mp_d_rate_center,
            f"{prefix}switch": a._mp_switch,
            f"{prefix}ported": a._mp_lrn.notnull(),
            f"{prefix}lrn": a._mp_lrn,
        },
    )
    out = base.left_join(a, [base._mp_tn == a._mp_k_tn, base._mp_on == a._mp_k_on])
    return out.select(
        *table.columns,
        *(f"{prefix}{c}" for c in ANNOTATIONS[:4]),
        **{f"{prefix}ported": out[f"{prefix}ported"].fill_null(False)},
        **{f"{prefix}lrn": out[f"{prefix}lrn"]},
    )


def tn_table(
    ws: "Workspace", tns: ibis.Table, tn_col: str = "tn", date_col: str | None = None, *, on: dt.date | None = None, prefix: str = ""
) -> ibis.Table:
    """Alias of :func:`annotate_numbers` with keyword defaults (``docs/contracts.md``)."""
    return annotate_numbers(ws, tns, tn_col, date_col, prefix, on=on)
