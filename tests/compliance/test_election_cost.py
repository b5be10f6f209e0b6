"""Scenario (2)'s election against a direct connection, Interim §5 ¶8 and ¶3/¶6:

"Socket may at its election pay Spectra the difference between the properly assessed transiting
charges associated with a single traffic exchange route per month and $672.00 per month, rather
than establish a direct connection." Facilities: "DS1 Channel Mileage Termination $24.50 Channel
Mileage Facility $0.61"; "Where Socket or a third party provides the transport, the monthly channel
termination charge is $24.50 per DS-1".
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from compliance_cases import AMENDMENT, INTERIM, months, pay

from meetpoint.compliance.election import (
    LIBRARY_SOURCE,
    SETTLEMENT_SOURCE,
    CostLine,
    compare,
    election_cost,
    for_verdict,
    library_pricer,
)
from meetpoint.compliance.triggers_socket import mou_and_transit_2005_10

D = Decimal
Q1 = ("2006-01", "2006-02", "2006-03")


def test_the_election_pays_the_transit_above_672_00(lib):
    agr = lib.agreement(INTERIM)
    assert election_cost(agr, "2006-01", D("1000.00")).amount == D("328.00")
    assert election_cost(agr, "2006-01", D("672.00")).amount == D("0.00")
    assert election_cost(agr, "2006-01", D("500.00")).amount == D("0.00")
    assert election_cost(agr, "2006-01", D("1000.00")).cite == "Interim Arrangement §5 ¶8"


def test_leased_ds1_over_10_miles_is_cheaper_than_paying_328_a_month(lib):
    """Leased DS1, 10 miles: $24.50 + 10 x $0.61 = $30.60 a month; the election $328.00 a month."""
    c = compare(lib.agreement(INTERIM), {m: D("1000.00") for m in Q1}, miles=10)
    assert (c.election_total, c.direct_connection_total, c.cheaper) == (D("984.00"), D("91.80"), "direct_connection")
    assert c.source == SETTLEMENT_SOURCE
    assert "Interim Arrangement §5 ¶6 (rate table)" in c.cites


@pytest.mark.parametrize("agreement", [INTERIM, AMENDMENT])
@pytest.mark.parametrize("transport,miles", [("leased", 10), ("leased", 39), ("own", None)])
def test_settlement_pricing_and_the_library_rates_agree(lib, agreement, transport, miles):
    """The pure fallback reads the same rates settlement bills: the totals match to the cent."""
    agr, transit = lib.agreement(agreement), {m: D("800.00") for m in Q1}
    by_settlement = compare(agr, transit, miles=miles, transport=transport)
    by_library = compare(agr, transit, miles=miles, transport=transport, pricer=library_pricer)
    assert by_settlement.direct_connection_total == by_library.direct_connection_total
    assert (by_settlement.source, by_library.source) == (SETTLEMENT_SOURCE, LIBRARY_SOURCE)


def test_a_small_excess_makes_the_election_cheaper(lib):
    """$700 of transit: $28.00 a month above $672.00, against $30.60 for the leased DS1."""
    c = compare(lib.agreement(AMENDMENT), {m: D("700.00") for m in Q1}, miles=10)
    assert (c.election_total, c.direct_connection_total, c.cheaper) == (D("84.00"), D("91.80"), "election")


def test_own_transport_prices_only_the_channel_termination_and_says_so(lib):
    c = compare(lib.agreement(INTERIM), {"2006-01": D("700.00")}, transport="own")
    assert c.direct_connection_total == D("24.50")
    assert any("not priced" in n for n in c.notes)


def test_leased_transport_needs_the_miles(lib):
    with pytest.raises(ValueError, match="miles"):
        compare(lib.agreement(INTERIM), {"2006-01": D("700.00")})


def test_another_pricer_can_be_plugged_in_and_is_named(lib):
    def settlement_pricer(agr, on, transport, miles, ds1s):
        return [CostLine("facility from settlement", D("50.00"), "settlement", {})]

    c = compare(lib.agreement(INTERIM), {"2006-01": D("700.00")}, pricer=settlement_pricer)
    assert c.direct_connection_total == D("50.00") and c.source == "test_another_pricer_can_be_plugged_in_and_is_named.<locals>.settlement_pricer"


def test_the_comparison_of_a_met_verdict_covers_its_run_and_after(lib):
    prov = lib.agreement(INTERIM).provision("direct_connection.mou_and_transit")
    rows = {"2006-01": {"out": 10, "transit": [pay("spectra", "att", "9000.00")]}}
    rows |= {m: {"out": 112_000, "transit": [pay("spectra", "att", "1000.00")]} for m in ("2006-02", "2006-03", "2006-04", "2006-05")}
    v = mou_and_transit_2005_10(lib, prov, months(rows, ilec="spectra", clec="socket"))
    assert v.first_met == "2006-04"
    c = for_verdict(lib.agreement(INTERIM), v, miles=10)
    assert c.months == ("2006-02", "2006-03", "2006-04", "2006-05")
    assert c.election_total == D("1312.00")
    not_met = mou_and_transit_2005_10(lib, prov, months({"2006-01": rows["2006-01"]}, ilec="spectra", clec="socket"))
    assert for_verdict(lib.agreement(INTERIM), not_met, miles=10) is None
