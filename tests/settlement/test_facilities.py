"""Facility charges by Interim §5 ¶3, ¶6, ¶7 and Amendment §3 (pure pricing, plus the V&H step)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meetpoint.agreements import load_library
from meetpoint.network.mileage import airline_mileage
from meetpoint.settlement import total
from meetpoint.settlement._library import SuppliedRate
from meetpoint.settlement.facilities import CrossCompany, Facility, price_facility
from meetpoint.settlement.periods import Period, month_period

D = dt.date
INTERIM = "socket-spectra-interim-2005"
APRIL = month_period("2006-04")


def fac(transport="self", level="DS1", **kw):
    return Facility(kw.pop("circuit_id", "CKT-1"), kw.pop("agreement", INTERIM), level, "SCKTMOAA", "SPTRMOAA",
                    transport, installed=D(2006, 1, 1), **kw)


@pytest.fixture
def interim(lib):
    return lib.agreement(INTERIM)


def test_ds1_with_self_provided_transport(interim):
    # §5 ¶3: "Where Socket or a third party provides the transport, the monthly channel termination
    # charge is $24.50 per DS-1 and $257.83 per DS-3."
    [line] = price_facility(fac("self"), APRIL, interim)
    assert (line.rate, line.amount, line.kind) == (Decimal("24.50"), Decimal("24.50"), "facility")
    assert line.cite == "Interim Arrangement §5 ¶3"
    assert line.key == "facility:CKT-1:2006-04:termination"
    assert line.inputs["library"] == "transport_rates.channel_termination.ds1_channel_termination"
    assert line.inputs["since"] == D(2005, 10, 17)


def test_ds3_third_party_transport_is_subject_to_refund(interim):
    # ¶4: "any such charges that were paid by Socket under this Interim Arrangement will be subject to refund"
    [line] = price_facility(fac("third_party", "DS3"), APRIL, interim)
    assert line.amount == Decimal("257.83")
    assert "§5 ¶4" in line.inputs["subject_to"]


def test_the_parameter_follows_who_provides_the_transport(interim):
    # ¶3 gives one rate; ¶4 decides connections "when Socket leases transport from a third party" on
    # their own, so third-party circuits read the parameter a ¶4 decision changes.
    [own] = price_facility(fac("self"), APRIL, interim)
    [third] = price_facility(fac("third_party"), APRIL, interim)
    assert own.inputs["library"] == "transport_rates.channel_termination.ds1_channel_termination"
    assert third.inputs["library"] == "transport_rates.channel_termination.ds1_third_party"
    assert own.amount == third.amount == Decimal("24.50") and "subject_to" not in own.inputs


def test_a_third_party_rate_ended_by_a_dated_null_is_no_charge(tmp_path):
    # ¶4: "it is determined that no rate should apply for connections when Socket leases transport
    # from a third party": a dated null. The line stays, at $0.00, citing the order.
    (tmp_path / "decisions").mkdir()
    (tmp_path / "decisions" / "no-rate.yaml").write_text(
        f"kind: decision\nagreement: {INTERIM}\nparameter: transport_rates.channel_termination.ds3_third_party\n"
        "decided: 2006-09-01\ncite: Fixture Arbitration Order\nvalues:\n  2005-10-17: {value: null, change: retroactive}\n",
        encoding="utf-8")
    interim = load_library(extra=[tmp_path]).agreement(INTERIM)
    [line] = price_facility(fac("third_party", "DS3"), APRIL, interim)
    assert (line.rate, line.amount, line.cite) == (Decimal("0.00"), Decimal("0.00"), "Fixture Arbitration Order")
    assert "no rate applies" in line.description and line.inputs["value"] is None
    assert line.inputs["change"] == "retroactive" and "§5 ¶4" in line.inputs["subject_to"]
    [own] = price_facility(fac("self", "DS3"), APRIL, interim)
    assert own.amount == Decimal("257.83")


def test_collocated_connection_is_not_charged(interim):
    # ¶3: "subject to channel termination charges except to the extent that such physical connection
    # to the switch is included in collocation features obtained by Socket or through a shared
    # collocation arrangement."
    [line] = price_facility(fac("third_party", collocation=True), APRIL, interim)
    assert line.amount == Decimal("0.00") and line.priced and "collocation" in line.description


def test_leased_ds3_of_12_3_airline_miles(interim):
    # ¶6: "DS3 Channel Mileage Termination $257.83 Channel Mileage Facility $15.72"; ¶3: "the channel
    # termination charge is included in the leased transport rates". 12.3 miles rounds up to 13.
    lines = price_facility(fac("ilec_leased", "DS3"), APRIL, interim, miles=13)
    assert [(x.key.rsplit(":", 1)[1], x.quantity, x.rate, x.amount) for x in lines] == [
        ("termination", 1, Decimal("257.83"), Decimal("257.83")),
        ("mileage", 13, Decimal("15.72"), Decimal("204.36")),
    ]
    assert total(lines) == Decimal("462.19")  # 13 × $15.72 + $257.83
    assert all(x.cite == "Interim Arrangement §5 ¶6 (rate table)" for x in lines)


def test_the_vh_step_gives_13_miles_for_12_3():
    # dV = 36, dH = 15: the tariff divides by 3 (12, 5), 169 × 9/10 = 152.1, √ = 12.33 → 13.
    r = airline_mileage(5000, 1000, 5036, 1015, method="tariff")
    assert r.miles == 13 and Decimal(str(round(r.raw, 1))) == Decimal("12.3")


def test_leased_ds1(interim):
    lines = price_facility(fac("ilec_leased"), APRIL, interim, miles=7)
    assert total(lines) == Decimal("24.50") + 7 * Decimal("0.61")


def test_leased_transport_needs_miles(interim):
    with pytest.raises(ValueError, match="airline miles"):
        price_facility(fac("ilec_leased"), APRIL, interim)


def test_cross_company_facility_hits_the_cap(interim):
    # ¶7: "If a transport facility is between an office served by CenturyTel and an office served by
    # Spectra, Spectra shall determine with CenturyTel how to bill and share the charges to Socket,
    # but the total charges shall not exceed the amount that would apply if the facility was between
    # two offices served by Spectra."
    lines = price_facility(fac("ilec_leased", "DS3"), APRIL, interim, miles=10,
                           cross_company=CrossCompany("spectra", "centurytel-mo"))
    by = {x.key.rsplit(":", 1)[1]: x for x in lines}
    assert by["termination-affiliate"].amount == Decimal("257.83")
    assert by["cap"].amount == Decimal("-257.83") and by["cap"].cite == "Interim Arrangement §5 ¶7"
    assert by["cap"].inputs["uncapped"] == Decimal("672.86")  # 2 × 257.83 + 10 × 15.72
    single = price_facility(fac("ilec_leased", "DS3"), APRIL, interim, miles=10)
    assert total(lines) == total(single) == Decimal("415.03")


def test_muxing_without_a_rate_is_tbd_never_guessed(interim):
    # ¶3: "Muxing or multi-plexing charges will apply where muxing or multi-plexing is required."
    # The Interim gives no rate.
    lines = price_facility(fac("self", muxing=True), APRIL, interim)
    mux = lines[-1]
    assert (mux.rate, mux.amount, mux.priced) == ("TBD", Decimal("0.00"), False)


def test_muxing_at_the_supplied_tariff_rate(interim):
    rate = SuppliedRate(INTERIM, "muxing.ds1", Decimal("35.00"), "circuit-month", "tariff", "Spectra P.S.C. Mo. No. 1 §7 (illustrative)")
    mux = price_facility(fac("self", muxing=True), APRIL, interim, mux_rate=rate)[-1]
    assert (mux.rate, mux.amount) == (Decimal("35.00"), Decimal("35.00"))
    assert "P.S.C. Mo. No. 1" in mux.cite and mux.inputs["basis"] == "tariff"


def test_amendment_prices_centurytel_the_same(lib):
    # Amendment §3 ¶3 and ¶6 state the same rates for CenturyTel.
    amendment = lib.agreement("socket-centurytel-amendment-2005")
    [line] = price_facility(fac("self", "DS3", agreement=amendment.id), APRIL, amendment)
    assert line.amount == Decimal("257.83") and line.cite.startswith("Amendment §3 ¶3")


def test_partial_month(interim):
    # 15 of 31 days: 24.50 × 15/31 = 11.854… → 11.85
    [line] = price_facility(fac("self"), Period(D(2005, 10, 17), D(2005, 10, 31)), interim)
    assert line.amount == Decimal("11.85") and line.inputs["days"] == 15 and line.inputs["month_days"] == 31


def test_idt_has_no_channel_termination_rate(lib):
    # IDT Art. IV §2.2: rates in Appendix A and "the applicable Century Tel tariffs"; App. A has no
    # facility rate, so the line refers to the tariff and carries no amount.
    idt = lib.agreement("centurytel-idt-2006")
    [line] = price_facility(fac("self", agreement=idt.id), APRIL, idt)
    assert line.rate == "tariff" and not line.priced and "Art. IV §2.2" in line.cite


@given(transport=st.sampled_from(["self", "third_party", "ilec_leased"]), level=st.sampled_from(["DS1", "DS3"]),
       miles=st.integers(0, 400), mux=st.booleans(), colo=st.booleans(), cross=st.booleans())
def test_amounts_are_cents_and_cap_never_exceeds_single_company(lib, transport, level, miles, mux, colo, cross):
    agr = lib.agreement(INTERIM)
    f = fac(transport, level, muxing=mux, collocation=colo)
    cc = CrossCompany("spectra", "centurytel-mo") if cross and transport == "ilec_leased" else None
    lines = price_facility(f, APRIL, agr, miles=miles, cross_company=cc)
    assert all(x.amount == x.amount.quantize(Decimal("0.01")) for x in lines)
    if cc:
        assert total(lines) == total(price_facility(f, APRIL, agr, miles=miles))
