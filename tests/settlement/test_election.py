"""The transit-difference election (Interim §5 ¶8, Amendment §3 ¶8), billed quarterly with proof."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meetpoint.settlement import total
from meetpoint.settlement.election import Election, TransitCharge, election_lines, route_key

D = dt.date
INTERIM = "socket-spectra-interim-2005"
ELECTION = Election(INTERIM, "socket", "SCKTMOAA", "SPTRMOAA", D(2006, 1, 1), None, "notice 2005-12-20")


def paid(month, amount, carrier="tpt", proof=None, payer="spectra", route=("SPTRMOAA", "SCKTMOAA")):
    return TransitCharge(D(2006, month, 1), payer, carrier, route[0], route[1], Decimal(amount), proof or f"inv-{month}-{amount}")


QUARTER = [paid(1, "812.40"), paid(2, "650.00"), paid(3, "700.00"), paid(3, "100.00", route=("SCKTMOAA", "SPTRMOAA"))]


@pytest.fixture
def interim(lib):
    return lib.agreement(INTERIM)


def lines(agr, charges, bill="2006-04", elections=(ELECTION,), **kw):
    return election_lines(elections, charges, bill, agr, biller="spectra", billed="socket",
                          not_third_party=kw.pop("not_third_party", ["centurytel-mo", "centurytel"]), **kw)


def test_quarter_with_one_month_under_672(interim):
    # "Socket may at its election pay Spectra the difference between the properly assessed transiting
    # charges associated with a single traffic exchange route per month and $672.00 per month ...
    # Spectra will bill Socket pursuant to such election on a quarterly basis together with proof of
    # payment to the third party."
    out = lines(interim, QUARTER)
    assert [(x.key, x.amount) for x in out] == [
        ("transit_election:SCKTMOAA~SPTRMOAA:2006-01", Decimal("140.40")),  # 812.40 − 672.00
        ("transit_election:SCKTMOAA~SPTRMOAA:2006-02", Decimal("0.00")),    # 650.00: under $672.00
        ("transit_election:SCKTMOAA~SPTRMOAA:2006-03", Decimal("128.00")),  # 700.00 + 100.00 − 672.00
    ]
    assert total(out) == Decimal("268.40")
    assert out[2].inputs["proofs"] == ["inv-3-100.00", "inv-3-700.00"]
    assert out[0].inputs["baseline"] == Decimal("672.00") and out[0].cite == "Interim Arrangement §5 ¶8"


def test_billed_only_after_the_quarter_ends(interim):
    assert lines(interim, QUARTER, bill="2006-03") == [] and lines(interim, QUARTER, bill="2006-05") == []


def test_charges_paid_to_centurytel_do_not_count(interim):
    # ¶8(2)(b): "proof of payment of properly assessed transmitting charges by a third party (not CenturyTel)"
    out = lines(interim, [*QUARTER, paid(2, "500.00", carrier="centurytel-mo")])
    assert out[1].amount == Decimal("0.00") and out[1].inputs["not_counted"][0]["transit_carrier"] == "centurytel-mo"
    # the provision's third_party_excludes names CenturyTel even with no affiliates passed in
    assert lines(interim, [*QUARTER, paid(2, "500.00", carrier="centurytel-mo")], not_third_party=[])[1].amount == 0


def test_other_routes_and_payers_do_not_count(interim):
    out = lines(interim, [*QUARTER, paid(1, "999.00", route=("SPTRMOAA", "SPTRMOBB")), paid(1, "999.00", payer="socket")])
    assert out[0].amount == Decimal("140.40")


def test_election_covers_whole_months_from_its_date(interim):
    late = Election(INTERIM, "socket", "SCKTMOAA", "SPTRMOAA", D(2006, 2, 10), D(2006, 3, 1), "n")
    assert [x.inputs["month"] for x in lines(interim, QUARTER, elections=[late])] == []  # March excluded by ends
    mid = Election(INTERIM, "socket", "SCKTMOAA", "SPTRMOAA", D(2006, 1, 15), None, "n")
    assert [x.inputs["month"] for x in lines(interim, QUARTER, elections=[mid])] == ["2006-02", "2006-03"]


def test_wrong_direction_or_agreement_gives_nothing(lib, interim):
    assert election_lines([ELECTION], QUARTER, "2006-04", interim, biller="socket", billed="spectra") == []
    idt = lib.agreement("centurytel-idt-2006")
    assert election_lines([ELECTION], QUARTER, "2006-04", idt, biller="centurytel", billed="idt") == []


def test_nothing_before_commencement(interim):
    old = [TransitCharge(D(2005, m, 1), "spectra", "tpt", "SPTRMOAA", "SCKTMOAA", Decimal("900"), f"p{m}") for m in (7, 8, 9)]
    early = Election(INTERIM, "socket", "SCKTMOAA", "SPTRMOAA", D(2005, 7, 1), None, "n")
    assert lines(interim, old, bill="2005-10", elections=[early], commencement=D(2005, 10, 17)) == []


def test_route_key_is_unordered():
    assert route_key("b1234567", "A1234567") == route_key("A1234567", "B1234567") == "A1234567~B1234567"


@given(seed=st.integers(0, 10**6))
def test_independent_of_row_order(lib, seed):
    agr = lib.agreement(INTERIM)
    shuffled = QUARTER[:]
    random.Random(seed).shuffle(shuffled)
    assert lines(agr, shuffled) == lines(agr, QUARTER)
