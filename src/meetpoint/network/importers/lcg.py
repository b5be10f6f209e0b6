"""localcallingguide.com XML (``shared/reference/formats.md`` §3).

Parsed with the standard library's expat: the internal DTD of entities some responses carry is
expanded; external entities and DTDs are never fetched. Elements are read by name, in any order.
"Row" in an error is the 1-based position of the ``prefixdata`` / ``prefix`` element.

- ``xmlprefix`` (``import_lcg_prefix``): each ``prefixdata`` becomes a ``numbering`` row for
  (npa, nxx, x; ``x`` = ``A`` is the whole NXX) held by its ``ocn``, in rate center ``rc`` /
  ``region`` (added with ``lata``, ``rc-v``, ``rc-h`` if new), effective ``effdate``. ``switch``
  is kept only when that CLLI is already in ``switches`` (a warning otherwise: the file does not
  say the switch's kind or homing). Rows with a ``discdate`` are skipped. ``company-type`` I, C, W
  give a new placeholder carrier kind ILEC, CLEC, CMRS.
- ``xmllocalprefix`` (``import_lcg_local``): the queried prefix (``inputdata`` npa/nxx, whose rate
  center must already be in ``numbering``) reaches each listed ``prefix``'s rate center. Each pair
  of rate centers becomes one ``local_calling`` row: ``basic`` for the same rate center, else
  ``kind`` (default ``mandatory_eas``) — the file does not say which local calls are EAS, optional
  or MCA; correct those in ``local_calling.csv``. ``dir`` Inbound (``dir=2``) reverses the rows.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from meetpoint.network.importers._public import Registry, date_or_none
from meetpoint.network.importers._rows import Batch, ImportReport, commit, p_clli, p_npa_nxx

if TYPE_CHECKING:  # pragma: no cover
    from meetpoint.store import Workspace

__all__ = ["import_lcg_local", "import_lcg_prefix"]

_COMPANY_KIND = {"I": "ILEC", "C": "CLEC", "W": "CMRS"}


def _parse(batch: Batch, path: Path) -> ET.Element | None:
    try:
        return ET.parse(path).getroot()  # expat: internal entities expand, external ones are an error
    except ET.ParseError as exc:
        batch.error(str(path), None, None, f"not well-formed XML: {exc}")
    except OSError as exc:
        batch.error(str(path), None, None, f"cannot read: {exc.strerror}")
    return None


def _text(el: ET.Element, name: str) -> str:
    child = el.find(name)
    return (child.text or "").strip() if child is not None else ""


def _check_error(batch: Batch, root: ET.Element, file: str) -> bool:
    err = root.find(".//error")
    if err is not None and (err.text or "").strip():
        batch.error(file, None, "error", f"the file is an error response: {err.text.strip()}")
        return False
    return True


def import_lcg_prefix(ws: "Workspace", paths: str | Path | Iterable[str | Path]) -> ImportReport:
    """Import one or more ``xmlprefix`` responses; atomic and idempotent."""
    paths = [Path(paths)] if isinstance(paths, (str, Path)) else [Path(p) for p in paths]
    batch = Batch("lcg-prefix:" + ",".join(p.name for p in paths))
    reg = Registry(ws, batch)
    for path in paths:
        root = _parse(batch, path)
        if root is None or not _check_error(batch, root, str(path)):
            continue
        for n, el in enumerate(root.iter("prefixdata"), start=1):
            _prefix_row(batch, reg, str(path), n, el)
    return commit(ws, batch)


def _prefix_row(batch: Batch, reg: Registry, file: str, n: int, el: ET.Element) -> None:
    if _text(el, "discdate"):
        batch.report.skipped += 1  # type: ignore[union-attr]
        return
    try:
        npa_nxx = p_npa_nxx(_text(el, "npa") + _text(el, "nxx"))
    except ValueError as exc:
        batch.error(file, n, "nxx", str(exc))
        return
    x = _text(el, "x").upper()
    if x not in {"A", *"0123456789"}:
        batch.error(file, n, "x", f"{x!r} is not a block (0-9) or A (whole NXX)")
        return
    extra = {}
    for ours, theirs in (("lata", "lata"), ("v", "rc-v"), ("h", "rc-h")):
        value = _text(el, theirs)
        if value.isdigit() and not (ours == "lata" and value == "888"):
            extra[ours] = int(value)
    kind = _COMPANY_KIND.get(_text(el, "company-type").upper())
    carrier = reg.carrier(_text(el, "ocn"), _text(el, "company-name"), kind, file, n)
    rc = reg.rate_center(_text(el, "rc"), _text(el, "region"), file, n, "rc", **extra)
    effective = date_or_none(batch, _text(el, "effdate"), file, n, "effdate")
    switch = None
    if clli := _text(el, "switch"):
        try:
            switch = p_clli(clli)
        except ValueError as exc:
            batch.error(file, n, "switch", str(exc))
            return
        if switch not in reg.switches:
            batch.report.warnings.append(f"{file}, row {n}: switch {switch} is not in switches; left empty")  # type: ignore[union-attr]
            switch = None
    if carrier and rc:
        batch.add("numbering", {"npa_nxx": npa_nxx, "block": None if x == "A" else int(x), "carrier": carrier,
                                "rate_center": rc, "switch": switch, "effective": effective}, file, n)  # fmt: skip


def import_lcg_local(
    ws: "Workspace", paths: str | Path | Iterable[str | Path], *, kind: str = "mandatory_eas"
) -> ImportReport:
    """Import one or more ``xmllocalprefix`` responses as ``local_calling`` rows; atomic and idempotent."""
    from meetpoint.network.model import CALLING_KINDS

    if kind not in CALLING_KINDS or kind.startswith("mca_"):
        raise ValueError(f"kind must be basic, mandatory_eas or optional_eas, not {kind!r}")
    paths = [Path(paths)] if isinstance(paths, (str, Path)) else [Path(p) for p in paths]
    batch = Batch("lcg-local:" + ",".join(p.name for p in paths))
    reg = Registry(ws, batch)
    nxx_rc = dict(ws.run_sql("SELECT npa_nxx, max(rate_center) FROM numbering WHERE block IS NULL GROUP BY npa_nxx"))
    links: dict[tuple[str, str], tuple[str, int]] = {}
    for path in paths:
        file = str(path)
        root = _parse(batch, path)
        if root is None or not _check_error(batch, root, file):
            continue
        home = _home_rate_center(batch, root, file, nxx_rc)
        if home is None:
            continue
        inbound = _text(root.find("inputdata") or root, "dir").lower() in {"2", "inbound"}
        for n, el in enumerate(root.iter("prefix"), start=1):
            rc = reg.rate_center(_text(el, "rc"), _text(el, "region"), file, n, "rc")
            if rc:
                pair = (rc, home) if inbound else (home, rc)
                links.setdefault(pair, (file, n))
    for (a, b), (file, n) in sorted(links.items()):
        batch.add("local_calling", {"rate_center": a, "reaches": b, "kind": "basic" if a == b else kind}, file, n)
    return commit(ws, batch)


def _home_rate_center(batch: Batch, root: ET.Element, file: str, nxx_rc: dict) -> str | None:
    query = root.find("inputdata")
    try:
        npa_nxx = p_npa_nxx(_text(query, "npa") + _text(query, "nxx")) if query is not None else None
    except ValueError:
        npa_nxx = None
    if npa_nxx is None:
        batch.error(file, None, "inputdata", "no queried npa/nxx in <inputdata>; cannot tell whose local calling area this is")
        return None
    if npa_nxx not in nxx_rc:
        batch.error(file, None, "inputdata", f"{npa_nxx} is not in numbering; import its code (NANPA or lcg-prefix) first")
        return None
    return nxx_rc[npa_nxx]
