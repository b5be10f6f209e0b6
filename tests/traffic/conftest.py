"""Shared fixtures for the traffic tests: a fresh workspace, canonical CSV writing, a numbering table."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

import pytest

from meetpoint.store import Workspace
from meetpoint.traffic.schema import CANONICAL_COLUMNS

FIXTURES = Path(__file__).parent / "fixtures"


def write_canonical(path: Path, rows: Iterable[Mapping[str, Any]], columns: Iterable[str] = CANONICAL_COLUMNS) -> Path:
    """Write canonical rows (missing keys = empty) as CSV with a header."""
    cols = list(columns)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(cols)
        for r in rows:
            w.writerow(["" if r.get(c) is None else r.get(c) for c in cols])
    return path


def call(call_id: str, *, orig: str = "5735550100", term: str = "5734420001", answer: str = "2024-03-01T20:00:00Z",
         disconnect: str = "2024-03-01T20:01:00Z", **extra: Any) -> dict[str, Any]:
    """One canonical row (a good call unless told otherwise)."""
    return {"call_id": call_id, "orig_tn": orig, "term_tn": term, "answer_ts": answer, "disconnect_ts": disconnect,
            "route": "direct", **extra}


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    w = Workspace.init(tmp_path / "ws")
    yield w
    w.close()


@pytest.fixture
def canonical(tmp_path: Path) -> Callable[..., Path]:
    """``canonical("name.csv", rows)`` writes a canonical CSV in the test's folder."""

    def make(name: str, rows: Iterable[Mapping[str, Any]], columns: Iterable[str] = CANONICAL_COLUMNS) -> Path:
        return write_canonical(tmp_path / name, rows, columns)

    return make


def add_numbering(ws: Workspace, rows: Iterable[tuple[int, int | None, str | None, str | None]]) -> None:
    """Put (npa_nxx, block, effective, until) rows in the workspace's numbering table."""
    raw = ws.con.con
    raw.execute("CREATE TABLE IF NOT EXISTS numbering (npa_nxx INTEGER, block INTEGER, effective DATE, until DATE)")
    for r in rows:
        raw.execute("INSERT INTO numbering (npa_nxx, block, effective, until) VALUES (?, ?, ?, ?)", list(r))


@pytest.fixture
def tools() -> Any:
    """The plain helpers above, for tests (importlib mode does not import conftest by name)."""
    import types

    return types.SimpleNamespace(call=call, write_canonical=write_canonical, add_numbering=add_numbering,
                                 fixtures=FIXTURES)
