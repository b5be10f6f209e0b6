"""Fixtures for the rating tests; the hand-made network lives in ``rating_net.py``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Iterator

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from rating_net import build_workspace  # noqa: E402

from meetpoint.store import Workspace  # noqa: E402


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    w = build_workspace(tmp_path_factory.mktemp("rating"))
    yield w
    w.close()
