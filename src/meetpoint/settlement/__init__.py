"""Settlement: charge lines computed by the agreement's rules (``docs/settlement.md``).

- :mod:`~meetpoint.settlement.lines` — :class:`ChargeLine` and cents rounding (``to_cents``)
- :mod:`~meetpoint.settlement.periods` — bill month → service periods, proration by days
- :mod:`~meetpoint.settlement.facilities` — channel termination, leased transport, muxing, the cap
- :mod:`~meetpoint.settlement.usage` — bill-and-keep, reciprocal compensation, ISP-bound, access
- :mod:`~meetpoint.settlement.election` — the transit-difference election, quarterly, with proof
- :mod:`~meetpoint.settlement.taxes` — taxes and surcharges as separate lines, exemptions
- :mod:`~meetpoint.settlement.inputs` — CSV importers and readers of the input tables
- :mod:`~meetpoint.settlement.engine` — :func:`compute_charges`, reading the workspace

>>> from meetpoint.settlement import compute_charges   # (ws, lib, agreement_id, biller, billed, bill_month)
"""

from __future__ import annotations

from meetpoint.settlement.engine import commencement, compute_charges
from meetpoint.settlement.inputs import (
    ReferenceImport,
    import_reference_folder,
    import_settlement_files,
    import_settlement_folder,
)
from meetpoint.settlement.lines import CENT, KINDS, ChargeLine, parse_money, to_cents, total

__all__ = [
    "CENT",
    "KINDS",
    "ChargeLine",
    "ReferenceImport",
    "commencement",
    "compute_charges",
    "import_reference_folder",
    "import_settlement_files",
    "import_settlement_folder",
    "parse_money",
    "to_cents",
    "total",
]
