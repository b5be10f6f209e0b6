"""Interim Arrangement §5 ¶8 and Amendment §3 ¶8: direct connection for EAS rate centers of third
carriers, scenarios (1) and (2), on hand-worked monthly evidence."""

from __future__ import annotations

from decimal import Decimal

import pytest
from compliance_cases import AMENDMENT, CLEC_SW, ILEC_SW, INTERIM, months, pay

from meetpoint.compliance.triggers_socket import ds1_level_2005_10, mou_and_transit_2005_10, trunks_needed
from meetpoint.teletraffic import capacity, erlangs_to_ccs

Q1 = ("2006-01", "2006-02", "2006-03")


def ds1(lib, agreement, rows, **kw):
    prov = lib.agreement(agreement).provision("direct_connection.ds1_level")
    return ds1_level_2005_10(lib, prov, months(rows, ilec=prov.facts["ilec"], clec="socket", **kw))


def scenario2(lib, agreement, rows, *, reverse=False):
    prov = lib.agreement(agreement).provision("direct_connection.mou_and_transit")
    pair = months(rows, ilec=prov.facts["ilec"], clec="socket")
    return mou_and_transit_2005_10(lib, prov, pair.oriented(CLEC_SW) if reverse else pair)


# ----------------------------------------------------------------- scenario (1): the DS1 level


def test_exactly_24_trunks_for_three_months_reaches_a_ds1_level(lib):
    """"the number of trunks necessary to achieve a .001 Grade of Service based upon application of
    the Erlang B table is equal to or exceeds 24 for three consecutive months, and not before then."
    432 CCS = 12 Erlangs needs 24 trunks at .001 (24 carry at most 12.2432 E)."""
    v = ds1(lib, INTERIM, {m: {"ccs": 432} for m in Q1})
    assert (v.met, v.first_met) == (True, "2006-03")
    assert [r.values["trunks_needed"] for r in v.evidence] == [24, 24, 24]
    assert v.row("2006-02").tests == {"trunks needed >= 24": True}
    assert v.cites == ("Interim Arrangement §5 ¶8",)
    assert "equal to or exceeds 24 for three consecutive months, and not before then" in v.rule


def test_23_trunks_is_not_a_ds1_level(lib):
    """414 CCS = 11.5 Erlangs needs 23 trunks: "equal to or exceeds 24" is not reached."""
    v = ds1(lib, INTERIM, {m: {"ccs": 414} for m in Q1})
    assert not v.met and v.first_met is None
    assert [r.values["trunks_needed"] for r in v.evidence] == [23, 23, 23]


def test_the_ds1_edge_is_the_capacity_of_23_trunks(lib):
    """Just above what 23 trunks carry needs 24; exactly what 23 carry needs 23."""
    a23 = capacity(23, 0.001)
    assert trunks_needed(erlangs_to_ccs(a23) * (1 + 1e-9), Decimal("0.001")) == 24
    assert trunks_needed(erlangs_to_ccs(a23) * (1 - 1e-12), Decimal("0.001")) == 23
    assert trunks_needed(erlangs_to_ccs(capacity(24, 0.001)) * (1 - 1e-12), Decimal("0.001")) == 24


def test_no_traffic_needs_no_trunks():
    """Erlang B's B(0, 0) = 1 would say one trunk; a month without traffic needs none."""
    assert trunks_needed(0.0, Decimal("0.001")) == 0
    with pytest.raises(ValueError):
        trunks_needed(-1.0, Decimal("0.001"))


def test_two_months_then_a_gap_then_three_is_met_at_the_third_of_the_second_run(lib):
    """"for three consecutive months, and not before then": Jan, Feb at the DS1 level, Mar below,
    Apr-Jun at it: met in June, not in April."""
    ccs = {"2006-01": 432, "2006-02": 432, "2006-03": 414, "2006-04": 432, "2006-05": 432, "2006-06": 432}
    v = ds1(lib, AMENDMENT, {m: {"ccs": c} for m, c in ccs.items()})
    assert (v.met, v.first_met) == (True, "2006-06")
    assert [r.run for r in v.evidence] == [1, 2, 0, 1, 2, 3]
    assert v.cites == ("Amendment §3 ¶8",)


def test_a_month_without_a_traffic_study_breaks_the_run(lib):
    v = ds1(lib, INTERIM, {"2006-01": {"ccs": 432}, "2006-02": {"ccs": 432}, "2006-04": {"ccs": 432}})
    assert not v.met
    assert v.row("2006-03").note.startswith("no evidence")
    v = ds1(lib, INTERIM, {"2006-01": {"ccs": 432}, "2006-02": {"ccs": None}, "2006-03": {"ccs": 432}})
    assert not v.met and "traffic study" in v.row("2006-02").note


def test_months_before_the_interim_took_effect_do_not_count(lib):
    """The Interim commences 17 Oct 2005 (§7): September 2005 has no terms; Oct-Dec 2005 count."""
    v = ds1(lib, INTERIM, {m: {"ccs": 432} for m in ("2005-09", "2005-10", "2005-11", "2005-12")})
    assert v.first_met == "2005-12"
    assert not v.row("2005-09").passed and "no terms in force" in v.row("2005-09").note


# ----------------------------------------------------------------- scenario (2): MOU and transit


def q1(out: int, amount: str, to: str = "att", payer: str | None = None, agreement=INTERIM):
    return {m: {"out": out, "transit": [pay(payer or ("spectra" if agreement == INTERIM else "centurytel-mo"), to, amount)]}
            for m in Q1}


def test_112000_mou_and_672_01_of_transit_for_three_months_is_met(lib):
    """"(a) one-way traffic between two such single switches reaches 112,000 minutes of use (MOU)
    for three consecutive months, and (b) Spectra submits to Socket proof of payment of properly
    assessed transmitting charges by a third party (not CenturyTel) in excess of $672.00 per month.\""""
    v = scenario2(lib, INTERIM, q1(112_000, "672.01"))
    assert (v.met, v.first_met) == (True, "2006-03")
    assert (v.from_switch, v.to_switch) == (ILEC_SW, CLEC_SW)
    assert v.row("2006-01").tests == {"one-way MOU >= 112000": True, "third-party transit paid > 672.00": True}
    assert v.row("2006-01").values["transit_paid"] == Decimal("672.01")
    assert v.cites == ("Interim Arrangement §5 ¶8", "Interim Arrangement §5 ¶8(2)(a)", "Interim Arrangement §5 ¶8(2)(b)")


def test_111999_mou_is_not_enough(lib):
    v = scenario2(lib, INTERIM, q1(111_999, "1000.00"))
    assert not v.met
    assert v.row("2006-02").tests["one-way MOU >= 112000"] is False


def test_transit_of_exactly_672_00_is_not_in_excess_of_672_00(lib):
    """"in excess of $672.00 per month": $672.00 itself is not in excess."""
    v = scenario2(lib, INTERIM, q1(200_000, "672.00"))
    assert not v.met
    assert v.row("2006-03").tests["third-party transit paid > 672.00"] is False


def test_transit_paid_to_the_ilecs_affiliate_does_not_count(lib):
    """"by a third party (not CenturyTel)" in the Interim; "(not Spectra)" in the Amendment."""
    v = scenario2(lib, INTERIM, q1(200_000, "5000.00", to="centurytel-mo"))
    assert not v.met
    left = v.row("2006-01").values["transit_not_counted"]
    assert left[0]["transit_carrier"] == "centurytel-mo" and "affiliate" in left[0]["why"]
    v = scenario2(lib, AMENDMENT, q1(200_000, "5000.00", to="spectra", agreement=AMENDMENT))
    assert not v.met
    v = scenario2(lib, AMENDMENT, q1(200_000, "5000.00", to="att", agreement=AMENDMENT))
    assert v.met and v.cites[0] == "Amendment §3 ¶8"


def test_transit_socket_paid_is_not_the_ilecs_proof(lib):
    """"Spectra submits to Socket proof of payment": charges Socket paid are not that proof."""
    v = scenario2(lib, INTERIM, q1(200_000, "5000.00", payer="socket"))
    assert not v.met
    assert "paid by socket" in v.row("2006-01").values["transit_not_counted"][0]["why"]


def test_transit_on_the_route_is_summed_across_transit_carriers(lib):
    """"properly assessed transiting charges associated with a single traffic exchange route": the
    route is the switch pair (as settlement's election bills it); $400 to AT&T and $300 to another
    tandem owner on it are $700, in excess of $672.00. Spectra's $900 to CenturyTel is left out."""
    rows = {m: {"out": 200_000, "transit": [pay("spectra", "att", "400.00"), pay("spectra", "ocn-1234", "300.00"),
                                          pay("spectra", "centurytel-mo", "900.00")]} for m in Q1}
    v = scenario2(lib, INTERIM, rows)
    assert v.met
    jan = v.row("2006-01").values
    assert jan["transit_paid"] == Decimal("700.00")
    assert jan["transit_by_carrier"] == {"att": Decimal("400.00"), "ocn-1234": Decimal("300.00")}
    assert [p["transit_carrier"] for p in jan["transit_not_counted"]] == ["centurytel-mo"]


def test_both_conditions_must_hold_in_the_same_months(lib):
    """MOU in Jan-Mar, transit above $672.00 only in Feb-Apr: no month run of three has both."""
    rows = {"2006-01": {"out": 120_000, "transit": [pay("spectra", "att", "100.00")]},
            "2006-02": {"out": 120_000, "transit": [pay("spectra", "att", "700.00")]},
            "2006-03": {"out": 120_000, "transit": [pay("spectra", "att", "700.00")]},
            "2006-04": {"out": 50_000, "transit": [pay("spectra", "att", "700.00")]}}
    assert not scenario2(lib, INTERIM, rows).met


def test_one_way_means_one_direction_at_a_time(lib):
    """112,000 MOU from the CLEC's switch counts in its own verdict; the ILEC's direction is separate."""
    rows = {m: {"back": 112_000, "transit": [pay("spectra", "att", "700.00")]} for m in Q1}
    assert not scenario2(lib, INTERIM, rows).met
    v = scenario2(lib, INTERIM, rows, reverse=True)
    assert v.met and (v.from_switch, v.to_switch) == (CLEC_SW, ILEC_SW)
