"""Settlement: charge lines computed by the agreement's rules (``docs/settlement.md``).

- :mod:`~meetpoint.settlement.lines` — :class:`ChargeLine` and cents rounding (``to_cents``)
"""

from __future__ import annotations

from meetpoint.settlement.lines import CENT, KINDS, ChargeLine, parse_money, to_cents, total

__all__ = ["CENT", "KINDS", "ChargeLine", "parse_money", "to_cents", "total"]
