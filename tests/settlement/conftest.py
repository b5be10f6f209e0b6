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


def _network_workspace(path):
    w = Workspace.init(path)
    import_folder(w, FIXTURES / "network")
    return w


@pytest.fixture
def ws(tmp_path):
    """A workspace holding the illustrative network (carriers, rate centers, switches)."""
    w = _network_workspace(tmp_path / "ws")
    yield w
    w.close()


@pytest.fixture
def loaded(tmp_path, lib):
    """Its own workspace with the network and every settlement input of ``fixtures/settlement``
    (independent of ``ws``, which a test module may override)."""
    w = _network_workspace(tmp_path / "ws-loaded")
    import_settlement_folder(w, FIXTURES / "settlement", lib=lib)
    yield w
    w.close()
