"""docs/agreements.md must document every topic, unit, status and built-in provision (datasette's test_docs)."""

from __future__ import annotations

from pathlib import Path

from meetpoint.agreements import STATUSES, TOPICS, UNITS, load_library

DOC = Path(__file__).parents[2] / "docs" / "agreements.md"


def test_every_topic_unit_and_status_is_documented():
    text = DOC.read_text(encoding="utf-8")
    for name in [*TOPICS, *UNITS, *STATUSES]:
        assert f"| `{name}` |" in text, name


def test_every_provision_of_the_library_is_listed():
    text = DOC.read_text(encoding="utf-8")
    for agr in load_library().agreements:
        assert f"### `{agr.id}`" in text
        for p in agr.provisions:
            assert f"- `{p.id}` [{p.topic}]" in text, f"{agr.id}:{p.id}"
            for name in p.params:
                assert f"`{name}` (" in text, f"{agr.id}:{p.id}.{name}"
