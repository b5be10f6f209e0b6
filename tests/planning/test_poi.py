"""POI placement, one small hand-built network per branch of the rule (Interim §5, Amendment §3).

    "The parties agree that the POI shall be established at the [ILEC] End Office that serves the
    rate center to which the telephone number is rated, except that if that [ILEC] End Office ...
    is part of a Host/Remote relationship, the POI shall be established at the Host End Office.
    Further, to the extent that the End Office ... subtends a CenturyTel ... or Spectra Access
    Tandem in the same calling area as the End Office, then the POI shall be at the CenturyTel or
    Spectra Access Tandem. The parties shall remain free to select other locations that are
    mutually acceptable to them. For purposes of this agreement, each set of optional and mandatory
    MCA exchanges in the same MCA, and interconnected via the CenturyTel and/or Spectra network(s)
    without going through a tandem of another telecommunications company, shall be treated as a
    single rate center."
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from meetpoint.errors import AgreementParseError, ReferenceDataError
from meetpoint.network.model import CallingLink, Carrier, NetworkSnapshot, RateCenter, Switch
from meetpoint.planning import PoiPlacement, PoiRule, place_poi

ON = dt.date(2006, 3, 1)
CITE = "Amendment §3 ¶5"
EAS_CITE = "Amendment §3 ¶8"

RULE = PoiRule(
    ilec="ctl",
    tandem_owners=("ctl", "spx"),
    host_remote_rule=True,
    mca_single_rate_center=True,
    mca_networks=("ctl", "spx"),
    cite=CITE,
    eas_cite=EAS_CITE,
    eas_conditions="scenario (1): traffic between two single switches reaches a DS1 level; "
    "scenario (2): 112,000 one-way MOU and transit paid above $672.00",
    agreement_id="test-amendment",
)

CARRIERS = {
    "ctl": Carrier("ctl", "CenturyTel (test)", "0001", "ILEC", ("spx",)),
    "spx": Carrier("spx", "Spectra (test)", "0002", "ILEC", ("ctl",)),
    "bell": Carrier("bell", "Bell (test)", "0003", "ILEC"),
    "indep": Carrier("indep", "Independent (test)", "0004", "ILEC"),
    "clec": Carrier("clec", "Socket (test)", "0005", "CLEC"),
}


def net(switches: list[Switch], calling: list[CallingLink] = ()) -> NetworkSnapshot:
    rcs = {s.rate_center for s in switches if s.rate_center}
    rcs |= {c.rate_center for c in calling} | {c.reaches for c in calling}
    return NetworkSnapshot(
        carriers=CARRIERS,
        rate_centers={rc: RateCenter(rc, "MO", 521) for rc in rcs},
        switches={s.clli: s for s in switches},
        calling=list(calling),
    )


def eo(clli: str, owner: str, rc: str, *, kind: str = "end_office", host: str | None = None, tandem: str | None = None) -> Switch:
    return Switch(clli, owner, kind, rc, host_clli=host, tandem_clli=tandem)


def at(clli: str, owner: str, rc: str) -> Switch:
    return Switch(clli, owner, "access_tandem", rc)


def both(a: str, b: str, kind: str, mca: str | None = None) -> list[CallingLink]:
    return [CallingLink(a, b, kind, mca), CallingLink(b, a, kind, mca)]


def texts(p: PoiPlacement) -> str:
    return "\n".join(s.text for s in p.steps)


# --- "the POI shall be established at the End Office that serves the rate center" -----------------


def test_end_office_without_tandem_or_host_takes_the_poi():
    p = place_poi(RULE, net([eo("AAAAMOXADS0", "ctl", "ALPHA")]), "ALPHA", ON)
    assert p.poi == "AAAAMOXADS0"
    assert p.rate_center == "ALPHA" and p.treated_as is None and p.on == ON
    assert "subtends no access tandem" in texts(p)
    assert p.cites == (CITE,)


def test_every_answer_ends_with_the_mutually_acceptable_locations_note():
    p = place_poi(RULE, net([eo("AAAAMOXADS0", "ctl", "ALPHA")]), "ALPHA", ON)
    assert p.steps[-1].text.startswith("The parties remain free to select other locations")
    assert p.steps[-1].cite == CITE


def test_several_offices_in_one_rate_center_prefers_a_non_remote_and_names_the_others():
    n = net([eo("ZZZZMOXADS0", "ctl", "ALPHA"), eo("AAAAMOXARS0", "ctl", "ALPHA", kind="remote", host="ZZZZMOXADS0")])
    p = place_poi(RULE, n, "ALPHA", ON)
    assert p.poi == "ZZZZMOXADS0"
    assert "Other offices of the rate center: AAAAMOXARS0" in texts(p)


# --- "if that End Office ... is part of a Host/Remote relationship, ... at the Host End Office" ----


def test_remote_whose_host_subtends_no_tandem_goes_to_the_host():
    n = net([eo("HOSTMOXADS0", "spx", "HOSTTOWN", kind="host"), eo("REMOMOXARS0", "spx", "REMOTE", kind="remote", host="HOSTMOXADS0")])
    rule = PoiRule(ilec="spx", tandem_owners=("ctl", "spx"), mca_networks=("ctl", "spx"), cite="Interim §5 ¶5")
    p = place_poi(rule, n, "REMOTE", ON)
    assert p.poi == "HOSTMOXADS0"
    assert "Host/Remote relationship" in texts(p)


def test_host_remote_rule_can_be_switched_off_by_the_agreement():
    n = net([eo("HOSTMOXADS0", "ctl", "HOSTTOWN", kind="host"), eo("REMOMOXARS0", "ctl", "REMOTE", kind="remote", host="HOSTMOXADS0")])
    rule = PoiRule(ilec="ctl", tandem_owners=("ctl",), host_remote_rule=False, cite=CITE)
    assert place_poi(rule, n, "REMOTE", ON).poi == "REMOMOXARS0"


def test_remote_whose_host_is_missing_stays_at_the_remote_and_says_so():
    n = net([eo("REMOMOXARS0", "ctl", "REMOTE", kind="remote", host="GONEMOXADS0")])
    p = place_poi(RULE, n, "REMOTE", ON)
    assert p.poi == "REMOMOXARS0"
    assert "host is not in the network data" in texts(p)


# --- "Further, ... subtends a CenturyTel or Spectra Access Tandem in the same calling area" ------


def test_end_office_subtending_an_ilec_tandem_in_its_own_rate_center_goes_to_the_tandem():
    n = net([eo("COLAMOXADS0", "ctl", "COLA", tandem="COLAMOXA01T"), at("COLAMOXA01T", "ctl", "COLA")])
    p = place_poi(RULE, n, "COLA", ON)
    assert p.poi == "COLAMOXA01T"
    assert "same calling area" in texts(p)


def test_tandem_reached_by_mandatory_eas_is_in_the_same_calling_area():
    n = net(
        [eo("HLVLMOXADS0", "ctl", "HALLS", tandem="COLAMOXA01T"), at("COLAMOXA01T", "ctl", "COLA")],
        both("HALLS", "COLA", "mandatory_eas"),
    )
    assert place_poi(RULE, n, "HALLS", ON).poi == "COLAMOXA01T"


def test_tandem_of_the_affiliate_counts_too():
    """"a CenturyTel ... or Spectra Access Tandem": the tandem's owner need only be in tandem_owners."""
    n = net([eo("HLVLMOXADS0", "ctl", "HALLS", tandem="MXCOMOXA01T"), at("MXCOMOXA01T", "spx", "MEXCO")], both("HALLS", "MEXCO", "mandatory_eas"))
    assert place_poi(RULE, n, "HALLS", ON).poi == "MXCOMOXA01T"


def test_tandem_reached_only_by_optional_eas_is_not_the_same_calling_area():
    n = net(
        [eo("BNVLMOXADS0", "ctl", "BOON", tandem="COLAMOXA01T"), at("COLAMOXA01T", "ctl", "COLA")],
        both("BOON", "COLA", "optional_eas"),
    )
    p = place_poi(RULE, n, "BOON", ON)
    assert p.poi == "BNVLMOXADS0"
    assert "only by optional_eas" in texts(p) and "not the same calling area" in texts(p)


def test_tandem_not_reached_at_all_is_not_the_same_calling_area():
    n = net([eo("FARRMOXADS0", "ctl", "FAR", tandem="COLAMOXA01T"), at("COLAMOXA01T", "ctl", "COLA")])
    p = place_poi(RULE, n, "FAR", ON)
    assert p.poi == "FARRMOXADS0"
    assert "reaches not at all" in texts(p)


def test_tandem_of_another_company_never_takes_the_poi():
    n = net(
        [eo("BRSNMOXADS0", "ctl", "BRANSON", tandem="SPFDMOTA01T"), at("SPFDMOTA01T", "bell", "SPFD")],
        both("BRANSON", "SPFD", "mandatory_eas"),
    )
    p = place_poi(RULE, n, "BRANSON", ON)
    assert p.poi == "BRSNMOXADS0"
    assert "of bell, not of ctl or spx" in texts(p)


def test_remote_whose_host_subtends_a_tandem_in_the_calling_area_goes_on_to_the_tandem():
    """Decision: host first, then "Further" the tandem; the remote subtends its host's tandem."""
    n = net(
        [
            eo("CLMAMOXADS0", "ctl", "COLA", kind="host", tandem="CLMAMOXA01T"),
            at("CLMAMOXA01T", "ctl", "COLA"),
            eo("ASLDMOXARS0", "ctl", "ASHLAND", kind="remote", host="CLMAMOXADS0"),
        ],
        both("ASHLAND", "COLA", "mandatory_eas"),
    )
    p = place_poi(RULE, n, "ASHLAND", ON)
    assert p.poi == "CLMAMOXA01T"
    order = [s.text for s in p.steps]
    assert "Host/Remote" in order[1] and "access tandem" in order[2]


def test_remote_whose_host_subtends_a_tandem_outside_the_calling_area_stops_at_the_host():
    n = net(
        [
            eo("CLMAMOXADS0", "ctl", "COLA", kind="host", tandem="CLMAMOXA01T"),
            at("CLMAMOXA01T", "ctl", "COLA"),
            eo("ASLDMOXARS0", "ctl", "ASHLAND", kind="remote", host="CLMAMOXADS0"),
        ],
        both("ASHLAND", "COLA", "optional_eas"),
    )
    assert place_poi(RULE, n, "ASHLAND", ON).poi == "CLMAMOXADS0"


# --- rate centers the agreement's ILEC does not serve --------------------------------------------


def test_rate_center_of_the_affiliate_is_placed_by_the_affiliates_agreement():
    n = net([eo("MXCOMOXADS0", "spx", "MEXCO")])
    p = place_poi(RULE, n, "MEXCO", ON)
    assert p.poi is None
    assert "served by spx, not ctl" in texts(p)


def test_third_carrier_eas_rate_center_gets_no_poi_and_points_to_the_eas_triggers():
    """"to the extent that Socket assigns ... a telephone number that is rated to rate center of a
    carrier other than CenturyTel (or Spectra), and such rate center is within a local calling area
    shared with a CenturyTel end office because of Extended Area Service (EAS), a direct connection
    will only be required ... (1) ... DS1 level, or (2) ... 112,000 minutes of use ...\""""
    n = net(
        [eo("BRSNMOXADS0", "ctl", "BRANSON"), eo("FRSYMOXADS0", "indep", "FORSYTH")],
        both("FORSYTH", "BRANSON", "mandatory_eas"),
    )
    p = place_poi(RULE, n, "FORSYTH", ON)
    assert p.poi is None
    assert "shares a local calling area with ctl exchange(s) BRANSON by EAS" in texts(p)
    assert "DS1 level" in texts(p) and "112,000 one-way MOU" in texts(p)
    assert p.cites == (EAS_CITE, CITE)


def test_third_carrier_rate_center_without_eas_gets_no_poi():
    n = net([eo("BRSNMOXADS0", "ctl", "BRANSON"), eo("FARRMOXADS0", "indep", "FAR")])
    p = place_poi(RULE, n, "FAR", ON)
    assert p.poi is None
    assert "shares no EAS" in texts(p)


def test_unknown_rate_center_is_a_reference_data_error():
    with pytest.raises(ReferenceDataError, match="NOWHERE"):
        place_poi(RULE, net([eo("AAAAMOXADS0", "ctl", "ALPHA")]), "NOWHERE", ON)


# --- "each set of optional and mandatory MCA exchanges ... shall be treated as a single rate center"


def kc_mca(extra: list[Switch] = ()) -> NetworkSnapshot:
    """An MCA: Bell's core (mandatory), a CenturyTel set joined by its own tandem and host, and a
    Spectra exchange homing on Bell's tandem."""
    switches = [
        eo("KSCYMOXXDS0", "bell", "KC", tandem="KSCYMOTA01T"),
        at("KSCYMOTA01T", "bell", "KC"),
        eo("HRVLMOXADS0", "ctl", "HARRISON", kind="host", tandem="HRVLMOXA01T"),
        at("HRVLMOXA01T", "ctl", "HARRISON"),
        eo("PCLRMOXARS0", "ctl", "PECULIAR", kind="remote", host="HRVLMOXADS0"),
        eo("RYMRMOXADS0", "ctl", "RAYMORE", tandem="HRVLMOXA01T"),
        eo("SMVLMOXADS0", "spx", "SMITHVL", tandem="KSCYMOTA01T"),
        *extra,
    ]
    tiers = {"KC": "mca_mandatory", "RAYMORE": "mca_mandatory", "HARRISON": "mca_optional",
             "PECULIAR": "mca_optional", "SMITHVL": "mca_optional"}
    calling = [CallingLink(a, b, tiers[a], "KC-MCA") for a in tiers for b in tiers if a != b]
    return net(switches, calling)


@pytest.mark.parametrize("rc", ["RAYMORE", "HARRISON", "PECULIAR"])
def test_mca_exchanges_joined_over_ilec_networks_are_one_rate_center_with_one_poi(rc):
    p = place_poi(RULE, kc_mca(), rc, ON)
    assert p.poi == "HRVLMOXA01T"
    assert p.treated_as == ("HARRISON", "PECULIAR", "RAYMORE")  # mandatory and optional tiers together
    assert "treated as a single rate center" in texts(p)
    assert "one POI there serves the single rate center" in texts(p)


def test_mca_exchange_homing_on_another_companys_tandem_stays_its_own_rate_center():
    rule = PoiRule(ilec="spx", tandem_owners=("ctl", "spx"), mca_networks=("ctl", "spx"), cite="Interim §5 ¶5")
    p = place_poi(rule, kc_mca(), "SMITHVL", ON)
    assert p.poi == "SMVLMOXADS0"
    assert p.treated_as is None
    assert "only through access tandem KSCYMOTA01T of bell" in texts(p)
    assert "stays its own rate center" in texts(p)


def test_mca_set_under_the_affiliates_agreement_spans_both_networks():
    """"interconnected via the CenturyTel and/or Spectra network(s)": a Spectra exchange on the
    CenturyTel tandem joins the CenturyTel set."""
    extra = [eo("BLTNMOXADS0", "spx", "BELTON", tandem="HRVLMOXA01T")]
    n = kc_mca(extra)
    n.calling.extend(CallingLink("BELTON", b, "mca_mandatory", "KC-MCA") for b in ("KC", "RAYMORE", "HARRISON"))
    n.calling.extend(CallingLink(b, "BELTON", "mca_mandatory", "KC-MCA") for b in ("KC", "RAYMORE", "HARRISON"))
    rule = PoiRule(ilec="spx", tandem_owners=("ctl", "spx"), mca_networks=("ctl", "spx"), cite="Interim §5 ¶5")
    p = place_poi(rule, n, "BELTON", ON)
    assert p.poi == "HRVLMOXA01T"
    assert p.treated_as == ("BELTON", "HARRISON", "PECULIAR", "RAYMORE")


def test_mca_exchanges_each_on_another_companys_tandem_are_not_merged():
    """St. Louis-style: two CenturyTel exchanges of one MCA meet only through Bell's tandem."""
    switches = [
        at("STLSMOTA01T", "bell", "STL"),
        eo("WNVLMOXADS0", "ctl", "WENTZ", tandem="STLSMOTA01T"),
        eo("OFLNMOXADS0", "ctl", "OFALLON", tandem="STLSMOTA01T"),
    ]
    calling = both("WENTZ", "OFALLON", "mca_optional", "STL-MCA") + both("WENTZ", "STL", "mca_optional", "STL-MCA")
    p = place_poi(RULE, net(switches, calling), "WENTZ", ON)
    assert p.poi == "WNVLMOXADS0" and p.treated_as is None


def test_mca_rule_can_be_switched_off_by_the_agreement():
    rule = PoiRule(ilec="ctl", tandem_owners=("ctl", "spx"), mca_single_rate_center=False, mca_networks=("ctl", "spx"), cite=CITE)
    p = place_poi(rule, kc_mca(), "RAYMORE", ON)
    assert p.poi == "HRVLMOXA01T" and p.treated_as is None


def test_mca_set_whose_offices_lead_to_different_offices_keeps_the_numbers_own_placement():
    """The set is joined over CenturyTel's network, but one member's tandem is outside the calling
    area of the set, so the members do not all lead to one office."""
    switches = [
        eo("AAAAMOXADS0", "ctl", "A", kind="host"),
        eo("BBBBMOXARS0", "ctl", "B", kind="remote", host="AAAAMOXADS0", tandem="FARRMOXA01T"),
        at("FARRMOXA01T", "ctl", "FAR"),
        eo("CCCCMOXADS0", "ctl", "C", tandem="FARRMOXA01T"),
    ]
    calling = [CallingLink(a, b, "mca_optional", "M") for a in "ABC" for b in "ABC" if a != b]
    calling += both("C", "FAR", "mandatory_eas")
    p = place_poi(RULE, net(switches, calling), "A", ON)
    assert p.treated_as == ("A", "B", "C")
    assert "lead to different offices" in texts(p)


# --- reading the rule from the agreement ---------------------------------------------------------


def fake_agreement(facts: dict, provisions: dict | None = None) -> SimpleNamespace:
    provs = {"poi.placement": SimpleNamespace(facts=facts, cite=CITE), **(provisions or {})}

    def provision(pid):
        if pid not in provs:
            raise KeyError(pid)
        return provs[pid]

    return SimpleNamespace(id="fake", provision=provision)


def test_rule_parameters_come_from_the_provision_facts():
    agr = fake_agreement(
        {"ilec": "ctl", "tandem_owners": ["ctl", "spx"], "host_remote_rule": True, "mca_single_rate_center": True,
         "mca_networks": ["ctl", "spx"]},
        {"direct_connection.ds1_level": SimpleNamespace(
            cite=EAS_CITE, title="scenario (1): traffic between two single switches reaches a DS1 level"),
         "direct_connection.mou_and_transit": SimpleNamespace(
            cite=EAS_CITE, title="scenario (2): 112,000 one-way MOU and transit paid above $672.00")},
    )
    rule = PoiRule.from_agreement(agr)
    assert rule == RULE.__class__(**{**RULE.__dict__, "agreement_id": "fake"})
    assert place_poi(agr, kc_mca(), "RAYMORE", ON).poi == "HRVLMOXA01T"


def test_a_provision_without_an_ilec_is_an_agreement_error():
    with pytest.raises(AgreementParseError, match="names no ILEC"):
        PoiRule.from_agreement(fake_agreement({"tandem_owners": ["ctl"]}))


def test_outside_the_rules_dates_no_poi_is_placed():
    rule = PoiRule(ilec="ctl", tandem_owners=("ctl",), cite=CITE, effective=dt.date(2005, 10, 17))
    p = place_poi(rule, net([eo("AAAAMOXADS0", "ctl", "ALPHA")]), "ALPHA", dt.date(2005, 10, 16))
    assert p.poi is None and "not in effect on 2005-10-16" in texts(p)
    assert place_poi(rule, net([eo("AAAAMOXADS0", "ctl", "ALPHA")]), "ALPHA", dt.date(2005, 10, 17)).poi == "AAAAMOXADS0"


@pytest.mark.parametrize(
    "agreement_id, ilec, cite, eas_cite",
    [
        ("socket-spectra-interim-2005", "spectra", "Interim Arrangement §5 ¶5", "Interim Arrangement §5 ¶8"),
        ("socket-centurytel-amendment-2005", "centurytel-mo", "Amendment §3 ¶5", "Amendment §3 ¶8"),
    ],
)
def test_the_library_agreements_state_the_rule(agreement_id, ilec, cite, eas_cite):
    from meetpoint.agreements import load_library

    rule = PoiRule.from_agreement(load_library().agreement(agreement_id))
    assert rule.ilec == ilec and set(rule.tandem_owners) == set(rule.mca_networks) == {"centurytel-mo", "spectra"}
    assert rule.host_remote_rule and rule.mca_single_rate_center
    assert (rule.cite, rule.eas_cite) == (cite, eas_cite)
    assert rule.effective == dt.date(2005, 10, 17)


def test_the_eas_step_words_the_conditions_as_the_library_does():
    """The EAS step quotes the agreement's own direct-connection conditions (Amendment §3 ¶8) from
    the library, so a change there changes the explanation; no threshold is typed into the engine."""
    from meetpoint.agreements import load_library

    agr = load_library().agreement("socket-centurytel-amendment-2005")
    n = net(
        [eo("BRSNMOXADS0", "centurytel-mo", "BRANSON"), eo("FRSYMOXADS0", "indep", "FORSYTH")],
        both("FORSYTH", "BRANSON", "mandatory_eas"),
    )
    p = place_poi(agr, n, "FORSYTH", ON)
    assert p.poi is None
    for pid in ("direct_connection.ds1_level", "direct_connection.mou_and_transit"):
        assert agr.provision(pid).title in texts(p)
