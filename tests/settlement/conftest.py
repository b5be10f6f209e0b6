"""Fixtures: a workspace with the illustrative network and the settlement inputs of ``fixtures/``."""

from __future__ import annotations

from pathlib import Path

import pytest

from meetpoint.agreements import load_library
from meetpoint.network.importers import import_folder
from meetpoint.settlement import import_settlement_folder
from meetpoint.store import Workspace

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def lib():
    return load_library()


@pytest.fixture
def ws(tmp_path):
    w = Workspace.init(tmp_path / "ws")
    import_folder(w, FIXTURES / "network")
    yield w
    w.close()


@pytest.fixture
def loaded(ws, lib):
    import_settlement_folder(ws, FIXTURES / "settlement", lib=lib)
    return ws
