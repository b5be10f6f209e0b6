"""Fixtures for the compliance tests; hand-worked evidence helpers live in ``compliance_cases.py``."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from meetpoint.agreements import load_library  # noqa: E402


@pytest.fixture(scope="session")
def lib():
    return load_library()
