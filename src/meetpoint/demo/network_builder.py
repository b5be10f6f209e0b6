"""Build the illustrative demo network (``demo/network/``) into CSV files and into a workspace.

ILLUSTRATIVE DATA, NOT LERG DATA: the towns and their coordinates are real; the carriers' OCNs,
the NXX codes, the switches, the homing and the calling areas are invented to exercise the rules
(see ``demo/network/README.md``).

The source folder holds ``towns.csv`` (rate center, town, state, LATA, latitude, longitude) and the
project's reference CSV files (``docs/reference-data.md``) with the ``v``/``h`` columns empty.
:func:`write_demo_network` fills them: each rate center's V&H is its town's latitude/longitude
converted by :func:`meetpoint.network.vh.latlon_to_vh` and rounded to integers as the LERG
publishes them; a switch takes its rate center's V&H (one wire center per rate center here).

>>> import tempfile, pathlib
>>> out = write_demo_network(pathlib.Path(tempfile.mkdtemp()))
>>> sorted(p.name for p in out.iterdir())[:3]
['carriers.csv', 'local_calling.csv', 'locations.csv']
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from meetpoint.network.vh import latlon_to_vh

if TYPE_CHECKING:  # pragma: no cover
    from meetpoint.store import Workspace

__all__ = ["SOURCE", "TABLE_FILES", "build_demo_workspace", "demo_vh", "read_towns", "write_demo_network"]

#: The shipped source folder.
SOURCE = Path(__file__).with_name("network")
#: The reference files the builder writes, in import order.
TABLE_FILES = (
    "carriers.csv",
    "rate_centers.csv",
    "switches.csv",
    "local_calling.csv",
    "numbering.csv",
    "ports.csv",
    "vnxx.csv",
    "locations.csv",
)


def read_towns(source: Path = SOURCE) -> dict[str, dict[str, str]]:
    """``towns.csv`` by rate center: town, state, lata, lat, lon (as text)."""
    with (source / "towns.csv").open(newline="", encoding="utf-8") as fh:
        return {row["rate_center"]: row for row in csv.DictReader(fh)}


def demo_vh(source: Path = SOURCE) -> dict[str, tuple[int, int]]:
    """V&H of every demo rate center, from its town's coordinates, rounded to integers."""
    out = {}
    for rc, town in read_towns(source).items():
        v, h = latlon_to_vh(float(town["lat"]), float(town["lon"]))
        out[rc] = (round(v), round(h))
    return out


def write_demo_network(dest_dir: str | Path, source: Path = SOURCE) -> Path:
    """Write the complete reference CSV folder (V&H filled in) to ``dest_dir``; return it.

    Only the eight reference files are written (not ``towns.csv`` or the README), so the folder
    can be given as is to :func:`meetpoint.network.importers.import_folder`.
    """
    dest = Path(dest_dir)
    dest.mkdir(parents=True, exist_ok=True)
    vh = demo_vh(source)
    for name in TABLE_FILES:
        if name == "rate_centers.csv":
            _fill_vh(source / name, dest / name, lambda row: vh[row["rate_center"]])
        elif name == "switches.csv":
            _fill_vh(source / name, dest / name, lambda row: vh[row["rate_center"]])
        else:
            shutil.copyfile(source / name, dest / name)
    return dest


def _fill_vh(src: Path, dst: Path, lookup) -> None:  # type: ignore[no-untyped-def]
    with src.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        fields = list(reader.fieldnames or ())
        rows = list(reader)
    for row in rows:
        if not row.get("v") and not row.get("h"):
            row["v"], row["h"] = lookup(row)
    with dst.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def build_demo_workspace(path: str | Path, *, exist_ok: bool = False) -> "Workspace":
    """Create a workspace at ``path`` holding the demo network, imported; return it.

    The CSV files go to the workspace's ``reference/demo-network/`` folder (the record of what was
    imported) and are loaded with :func:`meetpoint.network.importers.import_folder`.
    """
    from meetpoint.network.importers import import_folder
    from meetpoint.store import Workspace

    ws = Workspace.init(path, exist_ok=exist_ok)
    folder = write_demo_network(ws.dir("reference") / "demo-network")
    import_folder(ws, folder, replace=True)
    return ws
