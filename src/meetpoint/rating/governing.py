"""Which agreement governs each carrier pair on each date: a small dated table to join calls with.

The resolver (:func:`meetpoint.agreements.resolve`) answers one question at a time ("which terms
govern Socket and Spectra on D for topic T?"). Rating needs the answer for every call, so this
module asks it once per ordered pair of library parties and per date on which the answer can
change (every effective / end date of an agreement or provision in the library), merges equal
neighbours, and returns rows ``(carrier_a, carrier_b, valid_from, valid_to, agreement,
vnxx_local)`` with ``valid_to`` exclusive (NULL = open). The loop is per pair and boundary date,
never per call; calls join the table with a range predicate on their date.

The agreement of a call is the **top of the resolved chain** (its highest level) for topic
``compensation`` when the resolver's status is ``in_force``, ``excluded`` or ``not_addressed``
(``no_agreement``, ``undetermined`` and ``charges_barred`` give none): for a
Socket–Spectra call that is the interim arrangement (``socket-spectra-interim-2005``), which adopts
the AT&T/GTE agreement underneath it. ``vnxx_local`` is true when the chain resolved for topic
``vnxx`` holds a provision (Interim §3, Amendment §1).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Callable, Iterable

import pyarrow as pa

__all__ = ["GOVERNING_SCHEMA", "GoverningRow", "boundary_dates", "governing_rows", "governing_table", "parties"]

#: The topic whose resolution names a call's agreement, and the one that says VNXX is local.
AGREEMENT_TOPIC = "compensation"
VNXX_TOPIC = "vnxx"

#: The first day asked about (before any agreement in the library).
START_OF_TIME = dt.date(1900, 1, 1)

GOVERNING_SCHEMA = pa.schema(
    [
        ("carrier_a", pa.string()),
        ("carrier_b", pa.string()),
        ("valid_from", pa.date32()),
        ("valid_to", pa.date32()),
        ("agreement", pa.string()),
        ("vnxx_local", pa.bool_()),
    ]
)


@dataclass(frozen=True)
class GoverningRow:
    """The agreement governing calls from ``carrier_a`` to ``carrier_b`` in [valid_from, valid_to)."""

    carrier_a: str
    carrier_b: str
    valid_from: dt.date
    valid_to: dt.date | None
    agreement: str | None
    vnxx_local: bool


def parties(lib: Any) -> set[str]:
    """Carrier ids that are a party to at least one agreement of the library (``transit`` otherwise)."""
    out: set[str] = set()
    for agr in lib.agreements:
        for pair in agr.pairs:
            out.update(pair)
    return out


def _dates_of(obj: Any) -> Iterable[dt.date]:
    for name in ("dated", "effective", "ends"):
        d = getattr(obj, name, None)
        if isinstance(d, dt.date):
            yield d
            if name == "ends":
                yield d + dt.timedelta(days=1)
    for name in ("known_in_force_by", "not_before"):
        ev = getattr(obj, name, None)
        if ev is not None and isinstance(getattr(ev, "date", None), dt.date):
            yield ev.date


def boundary_dates(lib: Any) -> list[dt.date]:
    """Every date on which some agreement's answer could change, sorted."""
    out: set[dt.date] = set()
    for agr in lib.agreements:
        out.update(_dates_of(agr))
        for prov in getattr(agr, "provisions", []):
            out.update(_dates_of(prov))
    return sorted(out)


#: Resolver statuses under which an agreement governs the pair (the topic may be silent in it).
GOVERNS = frozenset({"in_force", "excluded", "not_addressed"})


def _top(res: Any) -> str | None:
    """The agreement at the top of the chain (highest level: the adopting or amending one)."""
    if getattr(res, "status", "in_force") not in GOVERNS:
        return None
    chain = list(getattr(res, "chain", None) or [])
    if not chain:
        return None
    top = max(chain, key=lambda link: getattr(link, "level", 0))
    return getattr(top, "agreement", None) or getattr(top, "id", None)


def _answer(resolve: Callable[..., Any], lib: Any, a: str, b: str, on: dt.date) -> tuple[str | None, bool]:
    from meetpoint.errors import UnknownAgreementError

    try:
        agreement = _top(resolve(lib, a, b, on=on, topic=AGREEMENT_TOPIC))
        vnxx = bool(getattr(resolve(lib, a, b, on=on, topic=VNXX_TOPIC), "provisions", None)) if agreement else False
    except UnknownAgreementError:  # a carrier the library does not know: no agreement
        return None, False
    return agreement, vnxx


def governing_rows(
    lib: Any,
    pairs: Iterable[tuple[str, str]] | None = None,
    *,
    resolve: Callable[..., Any] | None = None,
) -> list[GoverningRow]:
    """The governing agreement of each ordered carrier pair over all time, as dated rows.

    ``pairs`` defaults to every ordered pair of library parties (a pair with a non-party cannot
    have an agreement, so calls simply find no row). The answer is asked on the first day of time
    and on every :func:`boundary_dates` date; equal neighbours merge. Both orientations of a pair
    are listed, so the join needs no ``OR``.
    """
    if resolve is None:
        from meetpoint.agreements import resolve as resolve  # noqa: PLW0127 (late import: layers)
    known = parties(lib)
    if pairs is None:
        pairs = [(a, b) for a in sorted(known) for b in sorted(known) if a != b]
    cuts = [START_OF_TIME] + [d for d in boundary_dates(lib) if d > START_OF_TIME]
    rows: list[GoverningRow] = []
    ordered = sorted({(a, b) for a, b in pairs if a and b} | {(b, a) for a, b in pairs if a and b})
    for a, b in ordered:
        current: tuple[dt.date, tuple[str | None, bool]] | None = None
        for d in cuts:
            ans = _answer(resolve, lib, a, b, d) if (a in known and b in known and a != b) else (None, False)
            if current is None or ans != current[1]:
                if current is not None:
                    rows.append(GoverningRow(a, b, current[0], d, *current[1]))
                current = (d, ans)
        assert current is not None
        rows.append(GoverningRow(a, b, current[0], None, *current[1]))
    return [r for r in rows if r.agreement is not None]


def governing_table(rows: Iterable[GoverningRow]) -> pa.Table:
    """The rows as a pyarrow table with :data:`GOVERNING_SCHEMA` (small: joined as an Ibis memtable)."""
    rows = list(rows)
    return pa.table(
        {
            "carrier_a": [r.carrier_a for r in rows],
            "carrier_b": [r.carrier_b for r in rows],
            "valid_from": [r.valid_from for r in rows],
            "valid_to": [r.valid_to for r in rows],
            "agreement": [r.agreement for r in rows],
            "vnxx_local": [r.vnxx_local for r in rows],
        },
        schema=GOVERNING_SCHEMA,
    )
