"""Planning engines: pure functions of (agreement, network) that answer "where" and "what if".

- :mod:`meetpoint.planning.poi` — POI placement by the agreement's rule (Interim §5, Amendment §3)
"""

from __future__ import annotations

from meetpoint.planning.poi import PoiPlacement, PoiRule, PoiStep, place_poi

__all__ = ["PoiPlacement", "PoiRule", "PoiStep", "place_poi"]
