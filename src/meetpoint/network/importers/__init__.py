"""Importers of network reference data; each is atomic (all or nothing) and idempotent.

- :func:`import_folder` / :func:`import_files` — the project's own CSV files (``docs/reference-data.md``)
- :func:`import_nanpa_cocode` — NANPA central office code assignment report
- :func:`import_pooling_blocks` — the pooling administrator's thousands-block report
- :func:`import_lcg_prefix` / :func:`import_lcg_local` — localcallingguide.com XML

Every problem is a :class:`~meetpoint.errors.ReferenceDataError` naming the file, the 1-based data
row and the field; an import with problems raises :class:`ImportFailed` listing them all and writes
nothing.
"""

from __future__ import annotations

from meetpoint.network.importers._rows import ImportFailed, ImportReport
from meetpoint.network.importers.lcg import import_lcg_local, import_lcg_prefix
from meetpoint.network.importers.nanpa import import_nanpa_cocode
from meetpoint.network.importers.pooling import import_pooling_blocks
from meetpoint.network.importers.project_csv import import_files, import_folder

#: Public formats by their CLI name.
FORMATS = {
    "nanpa-cocode": import_nanpa_cocode,
    "pooling-blocks": import_pooling_blocks,
    "lcg-prefix": import_lcg_prefix,
    "lcg-local": import_lcg_local,
}

__all__ = [
    "FORMATS",
    "ImportFailed",
    "ImportReport",
    "import_files",
    "import_folder",
    "import_lcg_local",
    "import_lcg_prefix",
    "import_nanpa_cocode",
    "import_pooling_blocks",
]
