"""Readable scenarios (STYLE §6): each case in ``scenarios/*.yaml`` is named by a sentence, gives
monthly inputs and the expected verdicts with a cite, and runs through the whole path: the
resolver picks the triggers that govern the carrier pair, the registry runs them."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from meetpoint.compliance import MonthEvidence, TransitPayment, evaluate

HERE = Path(__file__).parent / "scenarios"
ILEC_SW, CLEC_SW = "ILEC-SWITCH", "CLEC-SWITCH"
DIRECTIONS = {"ilec_to_clec": (ILEC_SW, CLEC_SW), "clec_to_ilec": (CLEC_SW, ILEC_SW)}


def _cases():
    for path in sorted(HERE.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            yield pytest.param(case, id=f"{path.stem}: {case['name']}")


def _evidence(case: dict) -> list[MonthEvidence]:
    c = case["carriers"]
    return [
        MonthEvidence(
            str(month), ILEC_SW, CLEC_SW, c["ilec"], c["clec"],
            mou_forward=m.get("ilec_to_clec", 0), mou_reverse=m.get("clec_to_ilec", 0),
            busy_hour_ccs=m.get("busy_hour_ccs"),
            transit=tuple(TransitPayment(t["payer"], t["to"], Decimal(t["amount"])) for t in m.get("transit", ())),
        )
        for month, m in case["months"].items()
    ]


@pytest.mark.parametrize("case", list(_cases()))
def test_scenario(case, lib):
    verdicts = evaluate(lib, _evidence(case), through=str(case["through"]), agreement=case["agreement"])
    for exp in case["expect"]:
        ends = DIRECTIONS[exp.get("direction", "ilec_to_clec")]
        (v,) = [v for v in verdicts if v.trigger == exp["trigger"] and (v.from_switch, v.to_switch) == ends]
        assert (v.met, v.first_met) == (exp["met"], exp["first_met"]), case["name"]
        assert exp["cite"] in v.cites
        assert v.agreement == case["agreement"]
