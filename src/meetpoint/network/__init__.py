"""Network and numbering reference: carriers, rate centers, switches, local calling, numbers.

- :mod:`meetpoint.network.model` — plain dataclasses and :class:`NetworkSnapshot` (the network on a date)
- :mod:`meetpoint.network.tables` — table schemas, keys and "as of a date" reads
- :mod:`meetpoint.network.importers` — project CSV files and public formats (NANPA, pooling, LCG)
- :mod:`meetpoint.network.lookup` — TN -> carrier, rate center, switch (per number and vectorized)
"""

from __future__ import annotations

from meetpoint.network.model import CallingLink, Carrier, NetworkSnapshot, RateCenter, Switch

__all__ = ["CallingLink", "Carrier", "NetworkSnapshot", "RateCenter", "Switch"]
