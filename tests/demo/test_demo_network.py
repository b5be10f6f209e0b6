"""The illustrative demo network: parses, every reference resolves, the README's features exist,
V&H agrees with published values, and the folder imports into a fresh workspace."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from meetpoint.demo.network_builder import SOURCE, TABLE_FILES, build_demo_workspace, demo_vh, read_towns, write_demo_network
from meetpoint.network import tables as T
from meetpoint.network.model import CallingLink, Carrier, NetworkSnapshot, RateCenter, Switch
from meetpoint.planning.poi import PoiRule, place_poi

ON = dt.date(2006, 3, 1)


def rows(name: str, folder: Path = SOURCE) -> list[dict[str, str]]:
    with (folder / name).open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return write_demo_network(tmp_path_factory.mktemp("demo") / "network")


@pytest.fixture(scope="module")
def snap(built) -> NetworkSnapshot:
    """The network as plain values straight from the CSVs (no workspace needed)."""
    carriers = {r["id"]: Carrier(r["id"], r["name"], r["ocn"], r["kind"], tuple(filter(None, r["affiliates"].split(";"))))
                for r in rows("carriers.csv", built)}
    rcs = {r["rate_center"]: RateCenter(r["rate_center"], r["state"], int(r["lata"]), float(r["v"]), float(r["h"]))
           for r in rows("rate_centers.csv", built)}
    sws = {r["clli"]: Switch(r["clli"], r["owner"], r["kind"], r["rate_center"], r["host_clli"] or None,
                             r["tandem_clli"] or None, float(r["v"]), float(r["h"])) for r in rows("switches.csv", built)}
    calling = [CallingLink(r["rate_center"], r["reaches"], r["kind"], r["mca"] or None) for r in rows("local_calling.csv", built)]
    return NetworkSnapshot(carriers, rcs, sws, calling, ON)


# --- the files ---------------------------------------------------------------------------------


def test_source_has_exactly_the_documented_columns():
    for name in TABLE_FILES:
        spec = T.spec(name.removesuffix(".csv"))
        with (SOURCE / name).open(newline="", encoding="utf-8") as fh:
            header = next(csv.reader(fh))
        assert set(header) <= {c.name for c in spec.file_columns}, name
        assert {c.name for c in spec.columns if c.required} <= set(header), name


def test_readme_says_illustrative_not_lerg():
    text = (SOURCE / "README.md").read_text()
    assert "ILLUSTRATIVE, NOT LERG DATA" in text


def test_towns_and_rate_centers_agree():
    towns = read_towns()
    rcs = {r["rate_center"]: r for r in rows("rate_centers.csv")}
    assert towns.keys() == rcs.keys()
    assert len(rcs) >= 24  # "a few dozen"
    for rc, town in towns.items():
        assert (town["state"], town["lata"]) == (rcs[rc]["state"], rcs[rc]["lata"]), rc
        assert rcs[rc]["v"] == rcs[rc]["h"] == ""  # computed by the builder, never typed in
        lat, lon = float(town["lat"]), float(town["lon"])
        if town["state"] == "MO":
            assert 36.0 < lat < 40.7 and -95.8 < lon < -89.1, rc  # inside Missouri
        else:
            assert town["state"] == "MT" and 44.3 < lat < 49.0 and -116.1 < lon < -104.0, rc


def test_builder_fills_integer_vh_everywhere(built):
    for name in ("rate_centers.csv", "switches.csv"):
        for r in rows(name, built):
            assert r["v"].isdigit() and r["h"].isdigit(), (name, r)
    assert sorted(p.name for p in built.iterdir()) == sorted(TABLE_FILES)


@pytest.mark.parametrize(
    "rc, published",
    [
        # Widely quoted LERG rate-center V&H: Kansas City, MO 7027/4203; St. Louis, MO 6807/3482.
        ("KANSASCITY", (7027, 4203)),
        ("STLOUIS", (6807, 3482)),
    ],
)
def test_vh_agrees_with_published_values(rc, published):
    v, h = demo_vh()[rc]
    assert abs(v - published[0]) <= 3 and abs(h - published[1]) <= 3


# --- every reference resolves --------------------------------------------------------------------


def test_every_reference_resolves(built):
    carriers = {r["id"] for r in rows("carriers.csv", built)}
    rcs = {r["rate_center"] for r in rows("rate_centers.csv", built)}
    switches = {r["clli"]: r for r in rows("switches.csv", built)}
    for r in rows("carriers.csv", built):
        assert set(filter(None, r["affiliates"].split(";"))) <= carriers
    for r in switches.values():
        assert r["owner"] in carriers and r["rate_center"] in rcs
        if r["host_clli"]:
            assert r["kind"] == "remote" and switches[r["host_clli"]]["kind"] == "host"
            assert switches[r["host_clli"]]["owner"] == r["owner"]
        if r["tandem_clli"]:
            assert switches[r["tandem_clli"]]["kind"] == "access_tandem"
    for r in rows("local_calling.csv", built):
        assert r["rate_center"] in rcs and r["reaches"] in rcs
    for r in rows("numbering.csv", built):
        assert r["carrier"] in carriers and r["rate_center"] in rcs
        assert switches[r["switch"]]["owner"] == r["carrier"]
    for r in rows("vnxx.csv", built):
        assert r["carrier"] in carriers and {r["rated_rate_center"], r["physical_rate_center"]} <= rcs
    for r in rows("locations.csv", built):
        assert r["physical_rate_center"] in rcs


def test_local_calling_is_symmetric_and_mca_links_carry_the_callers_tier(snap):
    links = {(c.rate_center, c.reaches): c for c in snap.calling}
    for (a, b), link in links.items():
        back = links[(b, a)]
        if link.mca:
            assert back.mca == link.mca and snap.mca_members(link.mca)[a] == link.kind
        else:
            assert back.kind == link.kind


def test_carrier_ids_match_the_agreement_library():
    from meetpoint.agreements import load_library

    ids = {r["id"] for r in rows("carriers.csv")}
    library = {c.id for c in load_library().carriers}
    assert {"socket", "spectra", "centurytel-mo", "centurytel", "idt"} <= library <= ids


def test_numbers_use_the_documented_area_codes():
    npas = {r["npa_nxx"][:3] for r in rows("numbering.csv")}
    assert npas <= {"573", "660", "417", "636", "314", "816", "406"}


def test_lrns_and_ported_numbers_resolve_to_numbering(built):
    codes = {(r["npa_nxx"].replace("-", ""), r["block"]): r for r in rows("numbering.csv", built)}

    def holder(tn: str) -> dict[str, str]:
        d = tn.replace("-", "")
        return codes.get((d[:6], d[6])) or codes[(d[:6], "")]

    for r in rows("ports.csv", built):
        assert holder(r["tn"])["carrier"] in {"centurytel-mo", "spectra", "centurytel"}
        if r["lrn"]:
            assert holder(r["lrn"])["carrier"] in {"socket", "idt"}
    ported = {r["tn"]: r["lrn"] for r in rows("ports.csv", built) if r["lrn"]}
    for r in rows("vnxx.csv", built):
        tn = r["tn_or_block"].replace("X", "0")
        serving = holder(ported[tn]) if tn in ported else holder(tn)  # a ported VNXX number (Interim §4)
        assert serving["carrier"] == r["carrier"] and holder(tn)["rate_center"] == r["rated_rate_center"]
        assert r["rated_rate_center"] != r["physical_rate_center"]


# --- the README's features are present ------------------------------------------------------------


def test_several_socket_switches_an_idt_switch_and_a_cmrs_carrier(snap):
    assert len([s for s in snap.switches.values() if s.owner == "socket"]) >= 3
    assert [s.rate_center for s in snap.switches.values() if s.owner == "idt"] == ["KALISPELL"]
    assert any(c.kind == "CMRS" for c in snap.carriers.values())
    assert any(s.owner == "showme-wireless" for s in snap.switches.values())


def test_hosts_remotes_and_tandems_of_both_ilecs(snap):
    for owner in ("centurytel-mo", "spectra"):
        kinds = {s.kind for s in snap.switches.values() if s.owner == owner}
        assert {"host", "remote", "access_tandem"} <= kinds, owner


def test_a_remote_whose_host_subtends_a_tandem_and_one_whose_does_not(snap):
    remotes = [s for s in snap.switches.values() if s.kind == "remote" and s.owner in ("centurytel-mo", "spectra")]
    tandem_owner = {s.clli: (snap.tandem_of(s.clli).owner if snap.tandem_of(s.clli) else None) for s in remotes}
    assert tandem_owner["ASLDMOXARS0"] == "centurytel-mo" and tandem_owner["FLTNMOXARS0"] == "spectra"
    assert tandem_owner["CNTLMOXARS0"] is None and tandem_owner["HLSTMOXARS0"] == "att-mo"


def test_third_ilec_rate_centers_share_eas_and_transit_an_att_tandem(snap):
    third = [s for s in snap.switches.values() if s.owner == "ozark-hills"]
    assert {s.rate_center for s in third} == {"FORSYTH", "TROY", "MARSHFIELD"}
    for s in third:
        assert snap.switch(s.tandem_clli).owner == "att-mo"
        partners = {rc for rc, kind in snap.reaches(s.rate_center).items() if kind == "mandatory_eas"}
        owners = {sw.owner for rc in partners for sw in snap.switches_in(rc)}
        assert owners & {"centurytel-mo", "spectra"}, s.rate_center


def test_an_mca_with_both_tiers_and_both_outcomes(snap):
    kc = snap.mca_members("KANSAS CITY MCA")
    assert set(kc.values()) == {"mca_mandatory", "mca_optional"}
    rule = PoiRule(ilec="centurytel-mo", tandem_owners=("centurytel-mo", "spectra"),
                   mca_networks=("centurytel-mo", "spectra"), cite="Amendment §3")
    merged = place_poi(rule, snap, "RAYMORE", ON)
    assert merged.treated_as == ("HARRISNVL", "PECULIAR", "PLEASANTHL", "RAYMORE")
    assert {kc[rc] for rc in merged.treated_as} == {"mca_mandatory", "mca_optional"}
    spectra = PoiRule(ilec="spectra", tandem_owners=rule.tandem_owners, mca_networks=rule.mca_networks, cite="Interim §5")
    alone = place_poi(spectra, snap, "SMITHVILLE", ON)
    assert alone.treated_as is None and alone.poi == "SMVLMOXADS0"
    stl = place_poi(rule, snap, "WENTZVILLE", ON)
    assert stl.treated_as is None and snap.mca_of("WENTZVILLE") == "ST LOUIS MCA"


@pytest.mark.parametrize(
    "ilec, rc, poi",
    [
        ("centurytel-mo", "COLUMBIA", "CLMAMOXA01T"),
        ("centurytel-mo", "HALLSVILLE", "CLMAMOXA01T"),
        ("centurytel-mo", "ASHLAND", "CLMAMOXA01T"),
        ("centurytel-mo", "BOONVILLE", "BNVLMOXADS0"),
        ("centurytel-mo", "BRANSON", "BRSNMOXADS0"),
        ("centurytel-mo", "HOLLISTER", "BRSNMOXADS0"),
        ("centurytel-mo", "WARRENTON", "WNVLMOXADS0"),
        ("centurytel-mo", "FORSYTH", None),
        ("centurytel-mo", "TROY", None),
        ("spectra", "MEXICO", "MXCOMOXA01T"),
        ("spectra", "FULTON", "MXCOMOXA01T"),
        ("spectra", "MOBERLY", "MBRLMOXADS0"),
        ("spectra", "CENTRALIA", "MBRLMOXADS0"),
        ("spectra", "LEBANON", "LBNNMOXADS0"),
        ("spectra", "PLEASANTHL", "HRVLMOXA01T"),
        ("spectra", "MARSHFIELD", None),
    ],
)
def test_readme_poi_table(snap, ilec, rc, poi):
    rule = PoiRule(ilec=ilec, tandem_owners=("centurytel-mo", "spectra"), mca_networks=("centurytel-mo", "spectra"), cite="c")
    assert place_poi(rule, snap, rc, ON).poi == poi


def test_vnxx_ported_isp_and_cmrs_numbers_are_present(built):
    vnxx = rows("vnxx.csv", built)
    assert any(len(r["tn_or_block"].replace("-", "")) == 10 for r in vnxx)  # a single TN
    assert {r["rated_rate_center"] for r in vnxx} >= {"FORSYTH", "TROY", "MARSHFIELD", "HALLSVILLE"}
    ports = rows("ports.csv", built)
    assert any(r["lrn"] == "" for r in ports)  # a port-back
    assert "573-581-7777" in {r["tn"] for r in ports} & {r["tn_or_block"] for r in vnxx}  # ported VNXX
    isps = [r for r in rows("locations.csv", built) if r["is_isp"] == "true"]
    assert len(isps) >= 4


def test_montana_exchanges_for_the_idt_agreement(snap):
    mt = [s for s in snap.switches.values() if s.owner == "centurytel"]
    assert {s.rate_center for s in mt} >= {"KALISPELL", "WHITEFISH"}
    assert snap.switch("KLSPMTIDDS0").tandem_clli == "GRFLMTQW01T"
    assert snap.switch("GRFLMTQW01T").owner == "qwest-mt"


# --- the import -------------------------------------------------------------------------------------


def test_imports_cleanly_into_a_fresh_workspace(tmp_path):
    ws = build_demo_workspace(tmp_path / "ws")
    try:
        for name in TABLE_FILES:
            table = name.removesuffix(".csv")
            n = ws.run_sql(f'SELECT count(*) FROM "{table}"')[0][0]
            assert n == len(rows(name)), table
        net = NetworkSnapshot.load(ws, ON)
        assert net.rate_centers["KANSASCITY"].v == demo_vh()["KANSASCITY"][0]
        assert net.host_of("ASLDMOXARS0").clli == "CLMAMOXADS0"
    finally:
        ws.close()
