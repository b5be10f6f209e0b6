"""NANPA central office code assignment report (``shared/reference/formats.md`` §1).

Tab-separated, latin-1, header row, cells with trailing spaces, columns found by name (State,
NPA-NXX, OCN, Company, RateCenter, EffectiveDate, Use, AssignDate, ...; the last header cell
carries the file date and is ignored). Each assigned code (``Use`` = ``AS``) becomes a whole-NXX
``numbering`` row (block empty, no switch) effective on its EffectiveDate (else AssignDate); other
rows are skipped and counted. For a pooled code the NXX row names the code holder; thousands
blocks from the pooling report take precedence in lookups.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from meetpoint.network.importers._public import Registry, add_numbering, assigned_rows
from meetpoint.network.importers._rows import Batch, ImportReport, commit, p_npa_nxx

if TYPE_CHECKING:  # pragma: no cover
    from meetpoint.store import Workspace

__all__ = ["import_nanpa_cocode"]

_REQUIRED = {"State": "state", "NPA-NXX": "npanxx", "OCN": "ocn", "Company": "company",
             "RateCenter": "ratecenter", "Use": "use"}  # fmt: skip
_OPTIONAL = {"EffectiveDate": "effectivedate", "AssignDate": "assigndate"}


def import_nanpa_cocode(ws: "Workspace", path: str | Path, *, states: Iterable[str] = ()) -> ImportReport:
    """Import a NANPA CO code report, optionally only some states; atomic and idempotent."""
    path = Path(path)
    batch = Batch(f"nanpa-cocode:{path.name}")
    reg, file = Registry(ws, batch), str(path)
    for n, r in assigned_rows(batch, path, delimiter="\t", required=_REQUIRED, optional=_OPTIONAL,
                              states=states, status="Use"):
        try:
            npa_nxx = p_npa_nxx(r["NPA-NXX"])
        except ValueError as exc:
            batch.error(file, n, "NPA-NXX", str(exc))
            continue
        add_numbering(batch, reg, r, file, n, npa_nxx=npa_nxx, block=None, holder="Company",
                      rate_center="RateCenter", effective="EffectiveDate", assigned="AssignDate")
    return commit(ws, batch)
