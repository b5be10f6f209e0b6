"""The built-in library against the seeds: one test per number (or rule), quoting the clause it checks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from meetpoint.agreements import load_library
from meetpoint.errors import UnknownAgreementError

D = dt.date(2006, 6, 1)  # a date on which every executed agreement is in force
SOCKET_AGREEMENTS = ["socket-spectra-interim-2005", "socket-centurytel-amendment-2005"]
ILEC = {"socket-spectra-interim-2005": "spectra", "socket-centurytel-amendment-2005": "centurytel-mo"}
CITE = {"socket-spectra-interim-2005": ("Interim Arrangement", "§5"), "socket-centurytel-amendment-2005": ("Amendment", "§3")}


@pytest.fixture(scope="module")
def lib():
    return load_library()


def val(lib, agr, name, on=D):
    return lib.agreement(agr).value(name, on=on)


def entry(lib, agr, name, on=D):
    return lib.agreement(agr).parameter(name).entry_at(on)


# ---------------------------------------------------------------- carriers and the library


def test_the_library_holds_the_five_agreements_and_five_carriers(lib):
    assert [a.id for a in lib.agreements] == [
        "att-gte-adopted-tk-2002-1085", "centurytel-idt-2006", "centurytel-socket-ica",
        "socket-centurytel-amendment-2005", "socket-spectra-interim-2005"]
    assert [c.id for c in lib.carriers] == ["socket", "spectra", "centurytel-mo", "centurytel", "idt"]


def test_centurytel_and_spectra_are_affiliates(lib):
    # Seed 003: "Spectra Communications Group, LLC d/b/a CenturyTel"
    assert lib.affiliated("spectra", "centurytel-mo") and lib.affiliated("centurytel-mo", "spectra")
    assert lib.affiliated("centurytel", "spectra")
    assert not lib.affiliated("socket", "spectra") and not lib.affiliated("spectra", "spectra")
    with pytest.raises(UnknownAgreementError):
        lib.affiliated("spectra", "verizon")


def test_unknown_ids_raise_with_the_known_ones(lib):
    with pytest.raises(UnknownAgreementError, match="socket-spectra-interim-2005"):
        lib.agreement("no-such")
    with pytest.raises(UnknownAgreementError, match="poi.placement"):
        lib.agreement("socket-spectra-interim-2005").provision("poi.nowhere")


def test_every_number_has_a_cite_and_words(lib):
    for agr in lib.agreements:
        for p in agr.provisions:
            assert p.cite and p.text.strip()
            for name, param in p.params.items():
                assert param.cite and param.text.strip() and param.description, f"{agr.id}:{p.id}.{name}"


# ---------------------------------------------------------------- seed 000 / 001: the two Socket instruments


@pytest.mark.parametrize("agr", SOCKET_AGREEMENTS)
def test_channel_termination_24_50_per_ds1_and_257_83_per_ds3(lib, agr):
    """"Where Socket or a third party provides the transport, the monthly channel termination charge
    is $24.50 per DS-1 and $257.83 per DS-3." (Interim §5 ¶3; Amendment §3 ¶3)"""
    assert val(lib, agr, "transport_rates.channel_termination.ds1_channel_termination") == Decimal("24.50")
    assert val(lib, agr, "transport_rates.channel_termination.ds3_channel_termination") == Decimal("257.83")
    e = entry(lib, agr, "transport_rates.channel_termination.ds1_channel_termination")
    assert (e.unit, e.cite) == ("USD/month", f"{CITE[agr][0]} {CITE[agr][1]} ¶3")
    facts = lib.agreement(agr).provision("transport_rates.channel_termination").facts
    assert facts["included_in_leased_transport"] and facts["no_other_connection_charges"]
    # the same ¶3 rate, kept apart for connections over third-party transport, which ¶4 governs
    for lvl, amount in (("ds1", "24.50"), ("ds3", "257.83")):
        e = entry(lib, agr, f"transport_rates.channel_termination.{lvl}_third_party")
        assert (e.value, e.unit, e.cite, e.change) == (Decimal(amount), "USD/month", f"{CITE[agr][0]} {CITE[agr][1]} ¶3",
                                                      "initial")


@pytest.mark.parametrize("agr", SOCKET_AGREEMENTS)
def test_leased_transport_rate_table(lib, agr):
    """"DS1 Channel Mileage Termination $24.50 Channel Mileage Facility $0.61 / DS3 Channel Mileage
    Termination $257.83 Channel Mileage Facility $15.72" (Interim §5 ¶6; Amendment §3 ¶6)"""
    a = lib.agreement(agr)
    assert a.value("transport_rates.ds1_termination", on=D) == Decimal("24.50")  # the contracts.md short form
    expected = {"ds1_termination": ("24.50", "USD/month"), "ds1_per_mile": ("0.61", "USD/mile/month"),
                "ds3_termination": ("257.83", "USD/month"), "ds3_per_mile": ("15.72", "USD/mile/month")}
    for name, (amount, unit) in expected.items():
        e = a.parameter(f"transport_rates.leased_transport.{name}").entry_at(D)
        assert (e.value, e.unit, e.since, e.change) == (Decimal(amount), unit, dt.date(2005, 10, 17), "initial")


@pytest.mark.parametrize("agr", SOCKET_AGREEMENTS)
def test_muxing_applies_but_has_no_rate_in_the_seeds(lib, agr):
    """"Muxing or multi-plexing charges will apply where muxing or multi-plexing is required." - no amount."""
    assert val(lib, agr, "transport_rates.muxing.rate") == "TBD"


@pytest.mark.parametrize("agr", SOCKET_AGREEMENTS)
def test_arbitration_refunds_if_no_rate_and_applies_a_different_rate_going_forward(lib, agr):
    """"any such charges that were paid by Socket ... will be subject to refund" / "such rate shall apply
    on a going forward basis only." (Interim §5 ¶4; Amendment §3 ¶4)"""
    f = lib.agreement(agr).provision("transport_rates.arbitration_true_up").facts
    assert (f["if_no_rate"], f["if_different_rate"]) == ("retroactive", "prospective")
    assert f["governs_parameters"] == ["transport_rates.channel_termination.ds1_third_party",
                                       "transport_rates.channel_termination.ds3_third_party"]


@pytest.mark.parametrize("agr", SOCKET_AGREEMENTS)
def test_cross_company_transport_capped_at_the_one_company_amount(lib, agr):
    """"the total charges shall not exceed the amount that would apply if the facility was between two
    offices served by Spectra [CenturyTel]." (Interim §5 ¶7; Amendment §3 ¶7)"""
    f = lib.agreement(agr).provision("transport_rates.cross_company_cap").facts
    assert f["billing_party"] == ILEC[agr] and f["covers_cross_company_facilities"]
    assert set(f["tandem_owners"]) == {"centurytel-mo", "spectra"}


@pytest.mark.parametrize("agr", SOCKET_AGREEMENTS)
def test_poi_placement_facts_for_the_planning_engine(lib, agr):
    """"the POI shall be established at the Spectra End Office that serves the rate center ... if ... part
    of a Host/Remote relationship, ... at the Host End Office ... subtends a CenturyTel ... or Spectra Access
    Tandem in the same calling area ... then the POI shall be at the CenturyTel or Spectra Access Tandem."
    "each set of optional and mandatory MCA exchanges in the same MCA ... shall be treated as a single rate
    center." (Interim §5 ¶5; Amendment §3 ¶5)"""
    p = lib.agreement(agr).provision("poi.placement")
    assert p.topic == "poi" and p.precedence == "notwithstanding"
    f = p.facts
    assert f["ilec"] == ILEC[agr]
    assert f["tandem_owners"] == ["centurytel-mo", "spectra"] and f["mca_networks"] == ["centurytel-mo", "spectra"]
    assert f["host_remote_rule"] is True and f["mca_single_rate_center"] is True


@pytest.mark.parametrize("agr", SOCKET_AGREEMENTS)
def test_ds1_level_is_24_trunks_at_p001_for_three_consecutive_months(lib, agr):
    """"the number of trunks necessary to achieve a .001 Grade of Service based upon application of the
    Erlang B table is equal to or exceeds 24 for three consecutive months, and not before then." """
    a = lib.agreement(agr)
    assert a.value("direct_connection.ds1_level.trunks", on=D) == 24
    assert a.parameter("direct_connection.ds1_level.trunks").comparison == ">="  # "equal to or exceeds"
    assert a.value("direct_connection.ds1_level.grade_of_service", on=D) == Decimal("0.001")
    assert a.value("direct_connection.ds1_level.consecutive_months", on=D) == 3


@pytest.mark.parametrize("agr", SOCKET_AGREEMENTS)
def test_scenario_2_is_112000_mou_and_transit_in_excess_of_672(lib, agr):
    """"(a) one-way traffic between two such single switches reaches 112,000 minutes of use (MOU) for three
    consecutive months, and (b) [the ILEC] submits to Socket proof of payment of properly assessed
    transmitting charges by a third party (not CenturyTel [Spectra]) in excess of $672.00 per month." """
    a = lib.agreement(agr)
    mou = a.parameter("direct_connection.mou_and_transit.one_way_mou")
    assert (mou.value_at(D), mou.comparison, mou.unit) == (112000, ">=", "MOU/month")  # "reaches"
    assert a.value("direct_connection.mou_and_transit.consecutive_months", on=D) == 3
    transit = a.parameter("direct_connection.mou_and_transit.transit_paid")
    # "in excess of": $672.00 exactly does not meet it
    assert (transit.value_at(D), transit.comparison) == (Decimal("672.00"), ">")
    excluded = a.provision("direct_connection.mou_and_transit").facts["third_party_excludes"]
    assert excluded == [{"socket-spectra-interim-2005": "centurytel-mo"}.get(agr, "spectra")]
    assert all(lib.affiliated(x, ILEC[agr]) for x in excluded)


@pytest.mark.parametrize("agr", SOCKET_AGREEMENTS)
def test_transit_difference_election_billed_quarterly(lib, agr):
    """"Socket may at its election pay Spectra the difference between the properly assessed transiting
    charges associated with a single traffic exchange route per month and $672.00 per month ... Spectra will
    bill Socket pursuant to such election on a quarterly basis together with proof of payment" """
    a = lib.agreement(agr)
    assert a.value("direct_connection.transit_election.monthly_baseline", on=D) == Decimal("672.00")
    assert a.value("direct_connection.transit_election.billing_period", on=D) == 3
    f = a.provision("direct_connection.transit_election").facts
    assert (f["billing_frequency"], f["billing_party"], f["paying_party"]) == ("quarterly", ILEC[agr], "socket")


@pytest.mark.parametrize("agr", SOCKET_AGREEMENTS)
def test_vnxx_is_local_and_bill_and_keep_and_ported_regardless_of_location(lib, agr):
    """"traffic dialed to the VNXX Numbers will be treated as local, regardless of the physical location of
    the VNXX customers" ... "will not ... seek to impose access charges" ... "agrees to port such numbers
    regardless of the physical or service location of the customer" ... VNXX traffic "on a 'bill and keep'
    basis" (Interim §3, §4, §6; Amendment §1, §2, §4)"""
    a = lib.agreement(agr)
    v = a.provision("vnxx.local_treatment").facts
    assert v["treated_as_local"] and v["regardless_of_physical_location"] and not v["access_charges"]
    assert a.provision("lnp.vnxx_porting").facts["regardless_of_location"] is True
    assert a.provision("compensation.vnxx_bill_and_keep").facts["regime"] == "bill_and_keep"
    assert a.provision("compensation.vnxx_bill_and_keep").overrides == []


@pytest.mark.parametrize("agr", SOCKET_AGREEMENTS)
def test_collocation_not_required(lib, agr):
    """"Spectra [CenturyTel] will not require Socket to establish a collocation arrangement, under Section
    251(c)(6) or otherwise, for purposes of establishing interconnection." """
    assert lib.agreement(agr).provision("collocation.not_required").facts["collocation_required"] is False


def test_interim_commences_17_oct_2005_until_replaced_and_bars_earlier_charges(lib):
    """"The interim arrangement between Spectra and Socket shall commence as of the date of this Agreement.
    Spectra shall not charge Socket for any facilities or services provided prior to the date of this
    Agreement." (Interim §7)"""
    a = lib.agreement("socket-spectra-interim-2005")
    assert a.effective == dt.date(2005, 10, 17) and "replaced by a new interconnection agreement" in a.until
    bar = a.charges_barred_before
    assert (bar.before, bar.barred_party, bar.protected_party, bar.cite) == (
        dt.date(2005, 10, 17), "spectra", "socket", "Interim Arrangement §7")


def test_interim_adopts_att_gte_minus_the_section_2_exclusions(lib):
    """"the following provisions of the AT&T/GTE Agreement shall not be part of the interim arrangement
    ...: Part I Local Service Resale, Part II Unbundled Network Elements, Part III Ancillary Functions,
    Attachments 2, 3, 4, 5, 7, and 12 ..." (Interim §2)"""
    adopts = lib.agreement("socket-spectra-interim-2005").adopts
    assert adopts.agreement == "att-gte-adopted-tk-2002-1085"
    topics = {t for e in adopts.exclusions for t in e.topics}
    assert topics == {"une", "term", "branding", "directory", "busy_line_verification", "resale", "ancillary"}
    provs = {p for e in adopts.exclusions for p in e.provisions}
    assert provs == {"other.section_11_3"} | {f"attachments.attachment_{n}" for n in (2, 3, 4, 5, 7, 12)}


def test_amendment_retroactive_to_open_disputes(lib):
    """"The provisions of this Amendment shall retroactively apply as a clarification of the AT&T/GTE
    Agreement to any open disputes between CenturyTel and Socket" (Amendment §5)"""
    a = lib.agreement("socket-centurytel-amendment-2005")
    assert a.amends.agreement == "att-gte-adopted-tk-2002-1085"
    assert a.retroactive_to_open_disputes.cite == "Amendment §5"
    assert a.charges_barred_before is None


# ---------------------------------------------------------------- the adopted agreement: unknowns stay unknown


def test_adopted_agreement_date_is_unknown_but_in_force_by_22_march_2005(lib):
    """Seed 003: "On March 22, 2005, I sent a letter and a proposed amendment to our current ICA" - the seeds
    never give the date of Socket's adoption in Case No. TK-2002-1085."""
    a = lib.agreement("att-gte-adopted-tk-2002-1085")
    assert a.effective is None and a.effective_note
    assert a.known_in_force_by.date == dt.date(2005, 3, 22)
    assert a.in_force(dt.date(2005, 3, 21)) == "unknown" and a.in_force(dt.date(2005, 3, 22)) == "yes"
    assert a.provision("compensation.bill_and_keep_local").facts["regime"] == "bill_and_keep"
    assert all(not p.params for p in a.provisions)  # no number of its own is in the seeds
    assert not a.provision("resale.part_i").formalised


# ---------------------------------------------------------------- seed 004: CenturyTel / IDT

IDT = "centurytel-idt-2006"


def test_idt_effective_date_is_the_latest_signature_subject_to_commission_approval(lib):
    """"The "effective date" of this Agreement for all purposes will be the latest date reflected by the
    signing parties." (Art. III §36) - CenturyTel of Montana, Inc. 3-31-06; IDT 3/23/06."""
    a = lib.agreement(IDT)
    assert a.effective == dt.date(2006, 3, 31) == max(s.date for s in a.signatures)
    assert "CENTURYTEL OF MONTANA" in a.signatures[0].party and "Commission approval" in a.effective_note


def test_idt_direct_connection_triggers(lib):
    """"when any one of the following conditions is met for each month of a consecutive two-month period:
    a. ... (200,000 combined minutes of use ("MOU") per month; b. Traffic originating from a single CenturyTel
    switch to a single IDT switch reaches 100,000 MOUs per month; or c. ... such charges associated with a
    single traffic exchange route exceed $200.00 per month." (Art. IV §5.2)"""
    a = lib.agreement(IDT)
    p = a.provision("direct_connection.triggers").params
    assert (p["two_way_mou"].value_at(D), p["two_way_mou"].comparison) == (200000, ">=")
    assert (p["one_way_mou"].value_at(D), p["one_way_mou"].comparison) == (100000, ">=")
    assert (p["transit_charges"].value_at(D), p["transit_charges"].comparison) == (Decimal("200.00"), ">")
    assert p["consecutive_months"].value_at(D) == 2
    assert a.parameter("direct_connection.triggers.transit_charges").entry_at(D).cite == "CenturyTel/IDT ICA Art. IV §5.2(c)"


def test_idt_traffic_study_60_percent_six_and_twelve_months(lib):
    """"Either Party may initiate a traffic study no more frequently than once every six (6) months. ...
    terminating more than 60 percent ... subsequent traffic studies (not more frequent than every 12 months)"
    - excluding "Local Traffic that is also Information Access Traffic". (Art. IV §3.2.2)"""
    a = lib.agreement(IDT)
    assert a.value("compensation.traffic_study.study_interval", on=D) == 6
    t = a.parameter("compensation.traffic_study.imbalance_threshold")
    assert (t.value_at(D), t.unit, t.comparison) == (Decimal("60"), "percent", ">")
    assert a.value("compensation.traffic_study.revert_study_interval", on=D) == 12
    assert a.provision("compensation.traffic_study").facts["excludes_information_access"] is True
    assert a.provision("compensation.bill_and_keep").facts["regime"] == "bill_and_keep"
    assert set(a.provision("compensation.mutual_compensation").facts["access_tariff_traffic"]) == {
        "optional_eas", "intralata_toll", "interexchange"}


def test_idt_measurement_answer_to_disconnect_tenths_round_the_total_up(lib):
    """"Minutes of use (MOU), or fractions thereof, shall not be rounded upward on a per-call basis ... At the
    end of the billing period, any remaining fraction shall be rounded up to the nearest whole minute ... MOU
    shall be collected and measured in minutes, seconds, and tenths of seconds." (Art. IV §2.4.1-2.4.2)"""
    p = lib.agreement(IDT).provision("measurement.usage")
    assert p.facts["per_call_rounding"] is False
    assert "rounded up" in p.facts["period_total_rounding"]
    assert p.params["resolution"].value_at(D) == Decimal("0.1")


def test_idt_facilities_in_advance_usage_in_arrears(lib):
    """"Charges for physical facilities and other non-usage sensitive charges shall be billed in advance ...
    Usage sensitive charges ... shall be billed in arrears." (Art. IV §2.3)"""
    f = lib.agreement(IDT).provision("billing.advance_and_arrears").facts
    assert (f["non_usage_sensitive"], f["usage_sensitive"]) == ("advance", "arrears")


def test_idt_appendix_a_rates(lib):
    """App. A: "Local Traffic excluding ... Information Access Traffic (If invoked ...) TBD"; "Local Traffic
    that is also Information Access Traffic $0.00"; tandem switching/transport/termination "Switched access
    tariff rate"; "Initial CenturyTel Originated Local Traffic Factor 50%"."""
    a = lib.agreement(IDT)
    assert a.value("compensation.reciprocal_rates.local_traffic", on=D) == "TBD"
    assert a.value("compensation.reciprocal_rates.information_access", on=D) == Decimal("0.00")
    for name in ("tandem_switching", "tandem_transport", "transport_termination",
                 "transit_tandem_switching", "transit_tandem_transport", "transit_transport_termination"):
        p = a.parameter(f"transit.appendix_a_rates.{name}")
        assert p.value_at(D) == "tariff" and "switched access" in p.tariff
    assert a.value("compensation.initial_factors.centurytel_originated_local", on=D) == Decimal("50")


def test_idt_appendix_b_lnp_service_order_charge_from_the_local_tariff(lib):
    """App. B: "Service Order Charge: Applicable CenturyTel Local Tariff Non-Recurring Service Charge for
    Business Lines"."""
    p = lib.agreement(IDT).parameter("lnp.charges.service_order_charge")
    assert p.value_at(D) == "tariff" and "Business Lines" in p.tariff


def test_idt_general_terms_deadlines(lib):
    """§47 "refunded within 45 Business Days"; §36 "the first ten (10) Business Days after the Agreement is
    effective"; §42 "within twenty (20) Business Days ... within forty (40) Business Days thereafter"."""
    a = lib.agreement(IDT)
    assert a.value("pricing.tbd_prices.true_up_days", on=D) == 45
    assert a.value("ordering.first_orders.business_days_after_effective", on=D) == 10
    assert a.value("change_of_law.subsequent_law.negotiation_start", on=D) == 20
    assert a.value("change_of_law.subsequent_law.negotiation_period", on=D) == 40
    assert a.parameter("pricing.tbd_prices.true_up_days").unit == "business_days"
    assert "nearest analogous item" in a.provision("pricing.tbd_prices").facts["interim_price"]


def test_idt_taxes_separate_items_and_notices(lib):
    """§43 "Any such taxes shall be shown as separate items on applicable billing documents"; §31 notices are
    received "on the date of service if served personally, on the date receipt is acknowledged in writing ...
    if delivered by regular U.S. mail, or on the date stated on the receipt if delivered by certified or
    registered mail or by a courier service"; "E-mail will not be used to provide notice"."""
    a = lib.agreement(IDT)
    assert a.provision("taxes.collection").facts["separate_line_items"] is True
    n = a.provision("notices.delivery").facts
    assert {m["method"] for m in n["methods"]} == {
        "personal_service", "regular_mail", "certified_mail", "registered_mail", "courier_with_written_receipt"}
    assert n["email_is_notice"] is False
    assert "100 CenturyTel Drive, Monroe, LA 71203" in n["addresses"]["centurytel"]["to"]
    assert "520 Broad Street" in n["addresses"]["idt"]["to"]


def test_idt_limitation_of_liability_and_local_traffic_definition(lib):
    """§28.4 "limited to direct damages, which shall not exceed the monthly charges ... for the month during
    which the claim of liability arose"; App. C 1.61 Local Traffic excludes CMRS and optional EAS and includes
    ISP-bound traffic only when "the end user and the ISP are physically located in the same CenturyTel Local
    Calling Area"."""
    a = lib.agreement(IDT)
    assert a.provision("liability.limitation").facts["direct_damages_only"] is True
    lt = a.provision("definitions.local_traffic").facts
    assert set(lt["excludes"]) == {"cmrs", "optional_eas"}
    assert "physically located" in lt["includes_information_access_when"]
    assert "non-priority U.S. mail" in a.provision("definitions.business_day").text


# ---------------------------------------------------------------- seed 002 / 003: the ICA under negotiation


def test_ica_under_negotiation_records_article_i_and_the_arbitration_window(lib):
    """Seed 002 lists Articles I-XVIII; seed 003: "the window for filing for arbitrations ... is December 22,
    2005 through January 16, 2006 with an agreement to be in place by May 6, 2006." """
    a = lib.agreement("centurytel-socket-ica")
    assert a.status == "under_negotiation" and len(a.provision("scope.articles").facts["articles"]) == 18
    f = a.provision("negotiation.request").facts
    assert (f["requested_on"], f["arbitration_window_opens"], f["arbitration_window_closes"], f["agreement_by"]) == (
        dt.date(2005, 8, 9), dt.date(2005, 12, 22), dt.date(2006, 1, 16), dt.date(2006, 5, 6))
    assert "prevail" in a.provision("pricing.tariffs_vs_agreement").text
