"""The workspace store: settings, the DuckDB file and the one Ibis connection.

>>> from meetpoint.store import Workspace   # Workspace.init(path) / Workspace.open(path)
"""

from __future__ import annotations

from meetpoint.store.config import SETTINGS, Config, Setting
from meetpoint.store.workspace import Workspace

__all__ = ["SETTINGS", "Config", "Setting", "Workspace"]
