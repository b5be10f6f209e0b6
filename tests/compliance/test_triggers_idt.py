"""CenturyTel/IDT ICA Art. IV §5.2 on hand-worked monthly evidence:

"The Parties agree to establish a direct connection for exchange of Local Traffic when any one of
the following conditions is met for each month of a consecutive two-month period: a. Combined
two-way traffic between two single switches of each Party reaches a DS-1 equivalent (200,000
combined minutes of use ("MOU") per month; b. Traffic originating from a single CenturyTel switch to
a single IDT switch reaches 100,000 MOUs per month; or c. When either Party is assessed transiting
costs by a third party and such charges associated with a single traffic exchange route exceed
$200.00 per month."
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from compliance_cases import CLEC_SW, IDT, ILEC_SW, months, pay

from meetpoint.compliance.triggers_idt import one_way_mou_2006_03, transit_charges_2006_03, two_way_mou_2006_03

MAY_JUN = ("2006-05", "2006-06")


def judge(lib, fn, rows, *, reverse=False):
    prov = lib.agreement(IDT).provision("direct_connection.triggers")
    pair = months(rows, ilec="centurytel", clec="idt")
    return fn(lib, prov, pair.oriented(CLEC_SW) if reverse else pair)


def test_a_200000_combined_mou_in_each_of_two_months(lib):
    """(a): 120,000 one way and 80,000 the other is 200,000 combined, in May and in June."""
    v = judge(lib, two_way_mou_2006_03, {m: {"out": 120_000, "back": 80_000} for m in MAY_JUN})
    assert (v.met, v.first_met) == (True, "2006-06")
    assert v.trigger == "direct_connection.triggers.two_way_mou"
    assert v.row("2006-05").tests == {"combined two-way MOU >= 200000": True}
    assert v.cites == ("CenturyTel/IDT ICA Art. IV §5.2", "CenturyTel/IDT ICA Art. IV §5.2(a)")


def test_a_only_one_month_over_is_not_a_two_month_period(lib):
    v = judge(lib, two_way_mou_2006_03, {"2006-05": {"out": 120_000, "back": 80_000},
                                         "2006-06": {"out": 120_000, "back": 79_999}})
    assert not v.met
    assert [r.passed for r in v.evidence] == [True, False]


def test_b_100000_mou_from_the_centurytel_switch_in_each_of_two_months(lib):
    v = judge(lib, one_way_mou_2006_03, {m: {"out": 100_000} for m in MAY_JUN})
    assert (v.met, v.first_met, v.from_switch) == (True, "2006-06", ILEC_SW)
    assert v.row("2006-06").tests == {"MOU from centurytel >= 100000": True}


def test_b_one_month_over_then_one_under(lib):
    v = judge(lib, one_way_mou_2006_03, {"2006-05": {"out": 118_000}, "2006-06": {"out": 99_999},
                                         "2006-07": {"out": 112_000}})
    assert not v.met


def test_b_counts_only_traffic_from_centurytel_to_idt(lib):
    """IDT's 150,000 MOU to CenturyTel is not "originating from a single CenturyTel switch"."""
    v = judge(lib, one_way_mou_2006_03, {m: {"back": 150_000} for m in MAY_JUN})
    assert not v.met
    with pytest.raises(ValueError, match="from centurytel"):
        judge(lib, one_way_mou_2006_03, {m: {"back": 150_000} for m in MAY_JUN}, reverse=True)


def test_c_transit_above_200_in_each_of_two_months_by_either_party(lib):
    """(c): "either Party is assessed transiting costs by a third party": IDT pays Qwest in May,
    CenturyTel pays Qwest in June; both months exceed $200.00 on the one route."""
    rows = {"2006-05": {"transit": [pay("idt", "qwest", "200.01")]},
            "2006-06": {"transit": [pay("centurytel", "qwest", "350.00")]}}
    v = judge(lib, transit_charges_2006_03, rows)
    assert (v.met, v.first_met) == (True, "2006-06")
    assert v.row("2006-05").values["transit_paid"] == Decimal("200.01")


def test_c_exactly_200_does_not_exceed_200(lib):
    rows = {m: {"transit": [pay("idt", "qwest", "200.00")]} for m in MAY_JUN}
    v = judge(lib, transit_charges_2006_03, rows)
    assert not v.met and v.row("2006-05").tests == {"third-party transit charges on one route > 200.00": False}


def test_c_charges_between_the_parties_are_not_third_party_charges(lib):
    rows = {m: {"transit": [pay("idt", "centurytel", "900.00")]} for m in MAY_JUN}
    assert not judge(lib, transit_charges_2006_03, rows).met


def test_one_condition_must_hold_in_both_months(lib):
    """"any one of the following conditions is met for each month": (a) in May and (c) in June is
    not one condition met for each month of the period."""
    rows = {"2006-05": {"out": 150_000, "back": 60_000}, "2006-06": {"transit": [pay("idt", "qwest", "500.00")]}}
    assert not judge(lib, two_way_mou_2006_03, rows).met
    assert not judge(lib, transit_charges_2006_03, rows).met


def test_before_the_idt_agreement_took_effect_no_month_counts(lib):
    """Effective 31 March 2006: February has no terms, March (judged on its last day) has."""
    v = judge(lib, one_way_mou_2006_03, {m: {"out": 100_000} for m in ("2006-02", "2006-03", "2006-04")})
    assert v.first_met == "2006-04"
    assert "no terms in force" in v.row("2006-02").note
