"""Helpers shared by the public-format importers (NANPA, pooling, localcallingguide).

Public files name carriers by OCN and rate centers by name. An OCN no carrier holds becomes a
placeholder carrier ``ocn-<ocn>`` (kind from the file when it says, else empty); a rate center not
yet known is added with what the file gives. Existing carriers and rate centers are never changed.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from meetpoint.network.importers._rows import Batch, p_date, p_name

if TYPE_CHECKING:  # pragma: no cover
    from meetpoint.store import Workspace


def norm_header(name: str) -> str:
    """``"Rate Center "`` -> ``"ratecenter"``: compare header names by letters and digits only."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


def read_delimited(
    batch: Batch, path: Path, *, delimiter: str, required: dict[str, str], optional: dict[str, str]
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield ``(data_row, {our_name: cell})`` from a latin-1 delimited file mapped by header name.

    ``required``/``optional`` map our names to normalised header names. A missing required
    column is a layout change: one error naming every missing column, and no rows.
    """
    file = str(path)
    try:
        fh = path.open(newline="", encoding="latin-1")
    except OSError as exc:
        batch.error(file, None, None, f"cannot read: {exc.strerror}")
        return
    with fh:
        reader = csv.reader(fh, delimiter=delimiter)
        header = [norm_header(h) for h in next(reader, [])]
        index = {h: i for i, h in reversed(list(enumerate(header)))}
        missing = [name for name, h in required.items() if h not in index]
        if missing:
            batch.error(
                file, None, ", ".join(missing),
                "layout changed or wrong file: column(s) not found in the header "
                f"({', '.join(h for h in header if h) or 'empty'})",
            )  # fmt: skip
            return
        wanted = {n: index[h] for n, h in {**required, **optional}.items() if h in index}
        for n, cells in enumerate(reader, start=1):
            if not any(c.strip() for c in cells):
                continue
            yield n, {name: (cells[i].strip().strip('"').strip() if i < len(cells) else "") for name, i in wanted.items()}


def assigned_rows(
    batch: Batch, path: Path, *, delimiter: str, required: dict[str, str], optional: dict[str, str],
    states: Iterable[str], status: str,
) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows of a NANPA or pooling report to import (:func:`read_delimited`): those of the wanted
    ``states`` (all when none) whose ``status`` column is ``AS`` (assigned); the others are counted
    as skipped on the batch's report."""
    wanted = {s.upper() for s in states}
    for n, r in read_delimited(batch, path, delimiter=delimiter, required=required, optional=optional):
        if (wanted and r["State"].upper() not in wanted) or r[status].upper() != "AS":
            batch.report.skipped += 1  # type: ignore[union-attr]
            continue
        yield n, r


class Registry:
    """Carriers (by OCN) and rate centers known in the workspace or added by this import."""

    def __init__(self, ws: "Workspace", batch: Batch) -> None:
        from meetpoint.network import tables as T

        T.ensure(ws)
        self.batch = batch
        self.by_ocn: dict[str, str] = {}
        for cid, ocn in ws.run_sql("SELECT id, ocn FROM carriers WHERE ocn IS NOT NULL ORDER BY effective NULLS FIRST"):
            self.by_ocn.setdefault(ocn, cid)
        self.carrier_ids = {r[0] for r in ws.run_sql("SELECT DISTINCT id FROM carriers")}
        self.rate_centers = {r[0] for r in ws.run_sql("SELECT DISTINCT rate_center FROM rate_centers")}
        self.switches = {r[0] for r in ws.run_sql("SELECT DISTINCT clli FROM switches")}
        self.rc_state: dict[str, tuple[str, int]] = {}

    def carrier(self, ocn: str, name: str, kind: str | None, file: str, row: int) -> str | None:
        """The carrier id holding ``ocn``; adds a placeholder ``ocn-<ocn>`` carrier the first time."""
        ocn = ocn.strip().upper()
        if not re.fullmatch(r"[A-Z0-9]{4}", ocn):
            self.batch.error(file, row, "OCN", f"{ocn!r} is not an OCN (4 letters or digits)")
            return None
        if ocn not in self.by_ocn:
            cid = f"ocn-{ocn.lower()}"
            self.by_ocn[ocn] = cid
            if cid not in self.carrier_ids:
                self.batch.add("carriers", {"id": cid, "name": name or f"OCN {ocn}", "ocn": ocn, "kind": kind}, file, row)
                self.carrier_ids.add(cid)
        return self.by_ocn[ocn]

    def rate_center(self, name: str, state: str, file: str, row: int, fld: str, **extra: Any) -> str | None:
        """The normalised rate center name; adds the rate center the first time it is seen."""
        rc = p_name(name)
        if not rc:
            self.batch.error(file, row, fld, "is required")
            return None
        state = state.strip().upper()
        if not re.fullmatch(r"[A-Z]{2}", state):
            self.batch.error(file, row, "state", f"{state!r} is not a two-letter state")
            return None
        seen = self.rc_state.get(rc)
        if seen and seen[0] != state:
            self.batch.error(
                file, row, fld,
                f"rate center {rc!r} in {state} has the same name as one in {seen[0]} (row {seen[1]}); "
                "import one state at a time (--state) or rename in a project CSV",
            )  # fmt: skip
            return None
        self.rc_state.setdefault(rc, (state, row))
        if rc not in self.rate_centers:
            self.rate_centers.add(rc)
            self.batch.add("rate_centers", {"rate_center": rc, "state": state, **extra}, file, row)
        return rc


def date_or_none(batch: Batch, value: str, file: str, row: int, fld: str) -> Any:
    """A date from ``MM/DD/YYYY`` or ``YYYY-MM-DD[ HH:MM:SS]``; empty -> None; bad -> error, None."""
    value = value.strip()
    if not value:
        return None
    try:
        return p_date(value)
    except ValueError as exc:
        batch.error(file, row, fld, str(exc))
        return None


def add_numbering(
    batch: Batch, reg: Registry, r: dict[str, str], file: str, n: int, *, npa_nxx: int, block: int | None,
    holder: str, rate_center: str, effective: str, assigned: str,
) -> None:
    """An assigned code or block of a NANPA or pooling report as a ``numbering`` row: held by the
    carrier of ``r["OCN"]`` (named by the ``holder`` column), rated to the ``rate_center`` column's
    rate center, effective on the ``effective`` column's date, else the ``assigned`` column's."""
    carrier = reg.carrier(r["OCN"], r[holder], None, file, n)
    rc = reg.rate_center(r[rate_center], r["State"], file, n, rate_center)
    since = date_or_none(batch, r.get(effective) or r.get(assigned, ""), file, n, effective)
    if carrier and rc:
        batch.add("numbering", {"npa_nxx": npa_nxx, "block": block, "carrier": carrier, "rate_center": rc,
                                "effective": since}, file, n)  # fmt: skip
