"""Time coverage: every pair of carriers, every topic, every month from 2005-01 to 2008-12.

Like Catala's ``tests_couverture_temporelle``, this checks that the resolver gives exactly one
well-formed answer everywhere and never a conflict, and that the status follows the dated chain. It
checks no amounts (``test_library.py`` does).
"""

from __future__ import annotations

import datetime as dt

import pytest

from meetpoint.agreements import STATUSES, TOPICS, load_library, resolve

MONTHS = [dt.date(y, m, 1) for y in range(2005, 2009) for m in range(1, 13)]
IN_FORCE_FAMILY = {"in_force", "excluded", "not_addressed"}


def expected_family(pair: frozenset[str], day: dt.date) -> set[str]:
    """The statuses the dated chain allows: a table, not a rule engine."""
    if pair == {"socket", "spectra"}:
        return {"charges_barred"} if day < dt.date(2005, 10, 17) else IN_FORCE_FAMILY
    if pair == {"socket", "centurytel-mo"}:
        return {"undetermined"} if day < dt.date(2005, 3, 22) else IN_FORCE_FAMILY
    if pair == {"centurytel", "idt"}:
        return {"no_agreement"} if day < dt.date(2006, 3, 31) else IN_FORCE_FAMILY
    return {"no_agreement"}


@pytest.mark.parametrize("pair", load_library().pairs(), ids="–".join)
def test_every_month_and_topic_has_exactly_one_answer(pair):
    lib = load_library()
    a, b = pair
    for day in MONTHS:
        allowed = expected_family(frozenset(pair), day)
        for topic in TOPICS:
            r = resolve(lib, a, b, on=day, topic=topic)  # a conflict would raise here
            assert r.status in STATUSES and r.status in allowed, (pair, day, topic, r.status)
            assert all(p.topic == topic for p in r.provisions)
            assert len({p.ref for p in r.provisions}) == len(r.provisions)
            assert sum(1 for link in r.chain if link.level == 0) <= 1
            assert all(p.agreement != "centurytel-socket-ica" for p in r.provisions)
            if r.status == "in_force":
                assert r.provisions and r.authority
            elif r.status == "excluded":
                assert r.authority == ["Interim Arrangement §2"]
            else:
                assert r.provisions == []
            if r.status in ("no_agreement", "charges_barred", "undetermined"):
                assert r.chain == []
