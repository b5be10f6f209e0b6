"""Workspace settings, declared once: name, default, allowed values and help.

``meetpoint.toml`` holds them under ``[meetpoint]``; a missing key takes its default, an unknown
key or a value outside the allowed set is a :class:`~meetpoint.errors.WorkspaceError` naming the
file and the key.

>>> cfg = Config()
>>> cfg.timezone, cfg.vh_method, cfg.backend
('America/Chicago', 'tariff', 'duckdb')
>>> [s.name for s in SETTINGS]
['timezone', 'vh_method', 'backend', 'grade_of_service']
"""

from __future__ import annotations

import tomllib
import zoneinfo
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

import tomli_w

from meetpoint.errors import WorkspaceError

__all__ = ["CONFIG_FILE", "SETTINGS", "Config", "Setting", "read_config", "write_config"]

#: The file that marks a folder as a workspace.
CONFIG_FILE = "meetpoint.toml"
_SECTION = "meetpoint"


@dataclass(frozen=True)
class Setting:
    """One workspace setting: its name, default, allowed values (``None`` = any) and help line."""

    name: str
    default: str
    help: str
    choices: tuple[str, ...] | None = None


#: Every setting, declared once (docs and ``meetpoint init`` read this list).
SETTINGS: tuple[Setting, ...] = (
    Setting(
        "timezone",
        "America/Chicago",
        "IANA time zone of the agreements' local time: month and busy-hour boundaries, business days.",
    ),
    Setting(
        "vh_method",
        "tariff",
        "Airline mileage from V&H: 'tariff' (divide-by-3 procedure, rounded up, minimums) or "
        "'plain' (ceil(sqrt((dV^2+dH^2)/10))); the names of meetpoint.network.mileage.",
        ("tariff", "plain"),
    ),
    Setting(
        "backend",
        "duckdb",
        "Data engine behind the Ibis connection: 'duckdb' (the workspace file); 'pyspark' is planned.",
        ("duckdb", "pyspark"),
    ),
    Setting(
        "grade_of_service",
        "",
        "Blocking probability for trunk servicing (Art. IV §4.5 'State grade of service standard', "
        "which the seeds do not give), e.g. '0.01'; empty = not set, commands then ask for --gos.",
    ),
)


@dataclass(frozen=True)
class Config:
    """The settings of one workspace (defaults as declared in :data:`SETTINGS`)."""

    timezone: str = SETTINGS[0].default
    vh_method: str = SETTINGS[1].default
    backend: str = SETTINGS[2].default
    grade_of_service: str = SETTINGS[3].default

    def as_dict(self) -> dict[str, str]:
        """The settings as a plain dict, in declaration order."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


def _validate(values: dict[str, Any], file: str) -> Config:
    known = {s.name: s for s in SETTINGS}
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise WorkspaceError(f"{file}: unknown setting(s) {', '.join(unknown)}; known: {', '.join(known)}")
    for name, value in values.items():
        setting = known[name]
        if not isinstance(value, str):
            raise WorkspaceError(f"{file}: setting {name!r} must be a string, got {value!r}")
        if setting.choices and value not in setting.choices:
            raise WorkspaceError(f"{file}: setting {name!r} is {value!r}; allowed: {', '.join(setting.choices)}")
    if "timezone" in values:
        try:
            zoneinfo.ZoneInfo(values["timezone"])
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise WorkspaceError(f"{file}: setting 'timezone' is {values['timezone']!r}, not an IANA time zone") from None
    gos = values.get("grade_of_service", "")
    if gos:
        try:
            ok = 0 < float(gos) < 1
        except ValueError:
            ok = False
        if not ok:
            raise WorkspaceError(f"{file}: setting 'grade_of_service' is {gos!r}, not a probability between 0 and 1")
    return replace(Config(), **values)


def read_config(path: Path) -> Config:
    """Read ``meetpoint.toml`` (WorkspaceError when unreadable or invalid)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise WorkspaceError(f"{path.parent}: not a Meetpoint workspace (no {CONFIG_FILE}); run `meetpoint init`") from None
    except tomllib.TOMLDecodeError as exc:
        raise WorkspaceError(f"{path}: not valid TOML: {exc}") from None
    section = data.get(_SECTION, {})
    if not isinstance(section, dict):
        raise WorkspaceError(f"{path}: [{_SECTION}] must be a table")
    return _validate(section, str(path))


def write_config(path: Path, config: Config) -> None:
    """Write ``meetpoint.toml`` with every setting."""
    _validate(config.as_dict(), str(path))
    path.write_text(
        "# Meetpoint workspace settings (declared in meetpoint.store.config.SETTINGS)\n"
        + tomli_w.dumps({_SECTION: config.as_dict()}),
        encoding="utf-8",
    )
