"""The pooling administrator's thousands-block ("augmented") report (``formats.md`` §2).

CSV (comma), latin-1, header row whose first cell is ``Region``; key (NPA, NXX, X); columns found
by name (NPA, NXX, X, STATUS, Rate Center, Block Effective Date, Assigned To, OCN, Date Assigned,
State, ...). Each assigned block (STATUS ``AS``) becomes a ``numbering`` row for (NPA-NXX, X)
held by the block holder's OCN, effective on its Block Effective Date (else Date Assigned); other
rows are skipped and counted. Lookups prefer a block row over its NXX row.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from meetpoint.network.importers._public import Registry, add_numbering, assigned_rows
from meetpoint.network.importers._rows import Batch, ImportReport, commit, p_block, p_npa_nxx

if TYPE_CHECKING:  # pragma: no cover
    from meetpoint.store import Workspace

__all__ = ["import_pooling_blocks"]

_REQUIRED = {"Region": "region", "State": "state", "NPA": "npa", "NXX": "nxx", "X": "x", "STATUS": "status",
             "Rate Center": "ratecenter", "Assigned To": "assignedto", "OCN": "ocn"}  # fmt: skip
_OPTIONAL = {"Block Effective Date": "blockeffectivedate", "Date Assigned": "dateassigned"}


def import_pooling_blocks(ws: "Workspace", path: str | Path, *, states: Iterable[str] = ()) -> ImportReport:
    """Import a thousands-block report, optionally only some states; atomic and idempotent."""
    path = Path(path)
    batch = Batch(f"pooling-blocks:{path.name}")
    reg, file = Registry(ws, batch), str(path)
    for n, r in assigned_rows(batch, path, delimiter=",", required=_REQUIRED, optional=_OPTIONAL,
                              states=states, status="STATUS"):
        try:
            npa_nxx = p_npa_nxx(r["NPA"] + r["NXX"])
        except ValueError as exc:
            batch.error(file, n, "NXX", str(exc))
            continue
        try:
            block = p_block(r["X"])
        except ValueError as exc:
            batch.error(file, n, "X", str(exc))
            continue
        add_numbering(batch, reg, r, file, n, npa_nxx=npa_nxx, block=block, holder="Assigned To",
                      rate_center="Rate Center", effective="Block Effective Date", assigned="Date Assigned")
    return commit(ws, batch)
