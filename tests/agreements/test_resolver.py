"""The resolver: chain of authority, exclusions, precedence, conflicts, and the dated statuses."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from meetpoint.agreements import STATUSES, load_library, resolve
from meetpoint.agreements.loader import load_folder
from meetpoint.errors import AgreementConflictError, UnknownAgreementError

FIXTURES = Path(__file__).parent / "fixtures"
D = dt.date(2006, 6, 1)


@pytest.fixture(scope="module")
def lib():
    return load_library()


def test_resale_between_socket_and_spectra_is_excluded(lib):
    """Interim §2: "the following provisions of the AT&T/GTE Agreement shall not be part of the interim
    arrangement between Socket and Spectra: ... Part I Local Service Resale" """
    r = resolve(lib, "socket", "spectra", on=D, topic="resale")
    assert r.status == "excluded" and r.provisions == []
    assert r.authority == ["Interim Arrangement §2"]
    assert {e.what for e in r.exclusions} >= {"Part I Local Service Resale"}


def test_une_excluded_for_spectra_but_governed_by_the_base_for_centurytel(lib):
    assert resolve(lib, "socket", "spectra", on=D, topic="une").status == "excluded"
    r = resolve(lib, "socket", "centurytel-mo", on=D, topic="une")
    assert r.status == "in_force"
    assert [p.ref for p in r.provisions] == ["att-gte-adopted-tk-2002-1085:une.general_terms",
                                             "att-gte-adopted-tk-2002-1085:une.part_ii"]
    assert any("not formalised" in n for n in r.notes)


def test_term_is_excluded_from_the_base_but_the_interim_itself_governs_it(lib):
    """Interim §2 excludes the base's "term, termination"; §7: "shall remain in effect until the interim
    arrangement ... is replaced by a new interconnection agreement." """
    r = resolve(lib, "socket", "spectra", on=D, topic="term")
    assert r.status == "in_force"
    assert [p.ref for p in r.provisions] == ["socket-spectra-interim-2005:term.until_replaced"]


def test_chain_base_then_interim_with_dates(lib):
    r = resolve(lib, "socket", "spectra", on=D, topic="poi")
    assert [(l.agreement, l.relation, l.level) for l in r.chain] == [
        ("att-gte-adopted-tk-2002-1085", "base", 0), ("socket-spectra-interim-2005", "adopts", 1)]
    assert r.chain[0].effective is None and r.chain[0].known_in_force_by == dt.date(2005, 3, 22)
    assert r.chain[1].effective == dt.date(2005, 10, 17)
    assert r.status == "in_force" and r.authority == ["Interim Arrangement §1", "Interim Arrangement §5 ¶5"]
    assert r.provision("poi.placement").facts["ilec"] == "spectra"


def test_chain_base_then_amendment_for_centurytel(lib):
    r = resolve(lib, "centurytel-mo", "socket", on=D, topic="direct_connection")
    assert [(l.agreement, l.relation) for l in r.chain] == [
        ("att-gte-adopted-tk-2002-1085", "base"), ("socket-centurytel-amendment-2005", "amends")]
    assert {p.id for p in r.provisions} == {"direct_connection.ds1_level", "direct_connection.mou_and_transit",
                                           "direct_connection.transit_election", "direct_connection.cooperation"}


def test_vnxx_bill_and_keep_adds_to_the_base_bill_and_keep_without_overriding_it(lib):
    """Interim §6: the AT&T/GTE Agreement "provides ... 'bill and keep'"; notwithstanding inconsistent
    provisions, VNXX traffic is also bill-and-keep - consistent, so both govern."""
    r = resolve(lib, "socket", "spectra", on=D, topic="compensation")
    assert [p.ref for p in r.provisions] == ["att-gte-adopted-tk-2002-1085:compensation.bill_and_keep_local",
                                             "socket-spectra-interim-2005:compensation.vnxx_bill_and_keep"]
    assert r.overridden == []


def test_before_17_october_2005_spectra_may_not_charge_socket(lib):
    """Interim §7: "Spectra shall not charge Socket for any facilities or services provided prior to the date
    of this Agreement." """
    for day in (dt.date(2005, 1, 1), dt.date(2005, 10, 16)):
        r = resolve(lib, "socket", "spectra", on=day, topic="transport_rates")
        assert r.status == "charges_barred" and r.charges_barred
        assert r.authority == ["Interim Arrangement §7"]
    assert resolve(lib, "socket", "spectra", on=dt.date(2005, 10, 17), topic="transport_rates").status == "in_force"


def test_amendment_applies_retroactively_to_open_disputes(lib):
    """Amendment §5: "The provisions of this Amendment shall retroactively apply as a clarification of the
    AT&T/GTE Agreement to any open disputes between CenturyTel and Socket" """
    r = resolve(lib, "socket", "centurytel-mo", on=dt.date(2005, 6, 1), topic="vnxx")
    assert r.status == "not_addressed"  # the base alone governs then, and its text on VNXX is not in the seeds
    assert [p.ref for p in r.retroactive] == ["socket-centurytel-amendment-2005:vnxx.local_treatment"]
    assert "Amendment §5" in r.authority and any("retroactively" in n for n in r.notes)
    after = resolve(lib, "socket", "centurytel-mo", on=D, topic="vnxx")
    assert after.status == "in_force" and after.provisions[0].ref == "socket-centurytel-amendment-2005:vnxx.local_treatment"
    assert resolve(lib, "socket", "spectra", on=D, topic="vnxx").retroactive == []


def test_before_the_adopted_agreement_is_known_in_force_the_answer_is_undetermined(lib):
    r = resolve(lib, "socket", "centurytel-mo", on=dt.date(2004, 6, 1), topic="compensation")
    assert r.status == "undetermined" and "Socket letter of 9 Aug 2005 ¶2" in r.authority
    assert resolve(lib, "socket", "centurytel-mo", on=dt.date(2001, 6, 1), topic="compensation").status == "no_agreement"


def test_no_agreement_between_socket_and_idt_or_before_the_idt_agreement(lib):
    assert resolve(lib, "socket", "idt", on=D).status == "no_agreement"
    r = resolve(lib, "centurytel", "idt", on=dt.date(2006, 3, 30), topic="compensation")
    assert r.status == "no_agreement" and any("2006-03-31" in n for n in r.notes)
    assert resolve(lib, "idt", "centurytel", on=dt.date(2006, 3, 31), topic="compensation").status == "in_force"


def test_the_ica_under_negotiation_never_governs(lib):
    r = resolve(lib, "socket", "centurytel-mo", on=dt.date(2008, 12, 31), topic="pricing")
    assert all(p.agreement != "centurytel-socket-ica" for p in r.provisions)
    assert r.status == "not_addressed"
    assert any("centurytel-socket-ica is under negotiation" in n for n in r.notes)


def test_no_topic_returns_everything_governing(lib):
    r = resolve(lib, "centurytel", "idt", on=D)
    assert r.status == "in_force" and len(r.provisions) == len(lib.agreement("centurytel-idt-2006").provisions)
    assert r.to_dict()["status"] == "in_force"


def test_unknown_carrier_or_topic(lib):
    with pytest.raises(UnknownAgreementError, match="carriers are"):
        resolve(lib, "socket", "verizon", on=D)
    with pytest.raises(UnknownAgreementError, match="topics are"):
        resolve(lib, "socket", "spectra", on=D, topic="rates")


def test_json_shape(lib):
    d = resolve(lib, "socket", "spectra", on=D, topic="transport_rates").to_dict()
    assert set(d) >= {"status", "provisions", "authority", "chain", "notes"}
    cap = next(p for p in d["provisions"] if p["id"] == "transport_rates.leased_transport")
    assert cap["values_on"]["ds1_per_mile"]["value"] == __import__("decimal").Decimal("0.61")
    assert d["status"] in STATUSES


# ---------------------------------------------------------------- declared precedence and conflicts (fixtures)


def test_two_base_agreements_on_one_topic_are_a_conflict_citing_both():
    lib = load_folder(FIXTURES / "conflict")
    assert resolve(lib, "alpha", "beta", on=dt.date(2006, 3, 1), topic="poi").status == "in_force"
    with pytest.raises(AgreementConflictError) as info:
        resolve(lib, "alpha", "beta", on=dt.date(2006, 7, 1), topic="poi")
    assert info.value.cites == ["Agreement A §1", "Agreement B §7"]
    assert "Agreement A §1 and Agreement B §7 both govern" in str(info.value)
    # a topic only one of them addresses is no conflict
    assert resolve(lib, "alpha", "beta", on=dt.date(2006, 7, 1), topic="billing").status == "in_force"


def test_notwithstanding_overrides_the_base_on_its_topic_or_what_it_names():
    lib = load_folder(FIXTURES / "precedence")
    before = resolve(lib, "alpha", "beta", on=dt.date(2006, 3, 1), topic="poi")
    assert [p.ref for p in before.provisions] == ["base:poi.rule"]
    r = resolve(lib, "alpha", "beta", on=dt.date(2006, 7, 1), topic="poi")
    assert [p.ref for p in r.provisions] == ["amend:poi.rule"]
    assert r.overridden == [{"provision": "base:poi.rule", "cite": "Base §1", "by": "amend:poi.rule", "by_cite": "Amendment §1"}]
    comp = resolve(lib, "alpha", "beta", on=dt.date(2006, 7, 1), topic="compensation")  # overrides: []
    assert [p.ref for p in comp.provisions] == ["base:compensation.rule", "amend:compensation.extra"]
    bill = resolve(lib, "alpha", "beta", on=dt.date(2006, 7, 1), topic="billing")  # overrides names it
    assert [p.ref for p in bill.provisions] == ["amend:billing.named"]


def test_two_amendments_at_the_same_level_on_one_topic_conflict():
    lib = load_folder(FIXTURES / "precedence")
    with pytest.raises(AgreementConflictError) as info:
        resolve(lib, "alpha", "beta", on=dt.date(2007, 6, 1), topic="poi")
    assert info.value.cites == ["Amendment §1", "Second Amendment §1"]
