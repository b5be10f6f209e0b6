"""Public formats: NANPA CO codes, pooling thousands blocks, localcallingguide XML."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from meetpoint.network.importers import (
    ImportFailed,
    import_folder,
    import_lcg_local,
    import_lcg_prefix,
    import_nanpa_cocode,
    import_pooling_blocks,
)
from meetpoint.network.lookup import lookup_tn
from meetpoint.store import Workspace

FIX = Path(__file__).parent / "fixtures"


@pytest.fixture
def ws(tmp_path):
    w = Workspace.init(tmp_path / "ws")
    (tmp_path / "ref").mkdir()
    # Our own carriers and switches first, as docs/reference-data.md advises.
    for name in ("carriers.csv", "rate_centers.csv", "switches.csv"):
        (tmp_path / "ref" / name).write_text((FIX / "csv_good" / name).read_text())
    import_folder(w, tmp_path / "ref")
    yield w
    w.close()


def table(ws, sql):
    return ws.run_sql(sql)


# --- NANPA -----------------------------------------------------------------------------------


def test_nanpa_assigned_codes_become_nxx_rows(ws):
    report = import_nanpa_cocode(ws, FIX / "nanpa_cocode.txt", states=["MO"])
    assert report.rows == {"carriers": 1, "numbering": 3}
    assert report.skipped == 2  # the UA code and the Illinois row
    rows = table(ws, "SELECT npa_nxx, block, carrier, rate_center, switch, effective FROM numbering ORDER BY npa_nxx")
    assert rows == [
        (573234, None, "ocn-7777", "COLUMBIA", None, dt.date(2004, 6, 1)),
        (573642, None, "spectra", "FULTON", None, dt.date(1998, 1, 1)),
        (573657, None, "spectra", "ASHLAND", None, dt.date(1999, 3, 15)),  # AssignDate when EffectiveDate is blank
    ]


def test_nanpa_unknown_ocn_gets_a_placeholder_carrier(ws):
    import_nanpa_cocode(ws, FIX / "nanpa_cocode.txt", states=["MO"])
    assert table(ws, "SELECT id, name, ocn, kind FROM carriers WHERE id LIKE 'ocn-%'") == [
        ("ocn-7777", "EXAMPLE CLEC OF MISSOURI", "7777", None)
    ]


def test_nanpa_adds_unknown_rate_centers_with_their_state(ws):
    import_nanpa_cocode(ws, FIX / "nanpa_cocode.txt")
    assert table(ws, "SELECT rate_center, state, lata FROM rate_centers WHERE rate_center = 'SPRINGFIELD'") == [
        ("SPRINGFIELD", "IL", None)
    ]


def test_nanpa_is_idempotent(ws):
    import_nanpa_cocode(ws, FIX / "nanpa_cocode.txt")
    first = table(ws, "SELECT * FROM numbering ORDER BY ALL"), table(ws, "SELECT * FROM carriers ORDER BY ALL")
    import_nanpa_cocode(ws, FIX / "nanpa_cocode.txt")
    assert (table(ws, "SELECT * FROM numbering ORDER BY ALL"), table(ws, "SELECT * FROM carriers ORDER BY ALL")) == first


def test_nanpa_layout_change_fails_clearly(ws):
    with pytest.raises(ImportFailed, match="layout changed") as info:
        import_nanpa_cocode(ws, FIX / "nanpa_layout_changed.txt")
    assert info.value.errors[0].field == "RateCenter"


def test_nanpa_bad_rows_name_row_and_field(ws):
    with pytest.raises(ImportFailed) as info:
        import_nanpa_cocode(ws, FIX / "nanpa_bad_rows.txt")
    got = {(e.row, e.field) for e in info.value.errors}
    assert got == {(1, "NPA-NXX"), (2, "OCN"), (3, "EffectiveDate"), (4, "RateCenter"), (6, "block")}
    assert table(ws, "SELECT count(*) FROM numbering") == [(0,)]


# --- pooling ---------------------------------------------------------------------------------


def test_pooling_blocks_override_the_code_holder(ws):
    import_nanpa_cocode(ws, FIX / "nanpa_cocode.txt", states=["MO"])
    report = import_pooling_blocks(ws, FIX / "pooling_blocks.csv")
    assert report.rows["numbering"] == 2 and report.skipped == 1  # the AV (available) block
    assert table(ws, "SELECT npa_nxx, block, carrier, effective FROM numbering WHERE block IS NOT NULL ORDER BY block") == [
        (573657, 4, "ocn-7777", dt.date(2006, 3, 1)),
        (573657, 5, "ocn-8888", dt.date(2007, 5, 1)),  # Date Assigned when no Block Effective Date
    ]
    assert lookup_tn(ws, "5736574123", dt.date(2006, 3, 1)).carrier == "ocn-7777"
    assert lookup_tn(ws, "5736574123", dt.date(2006, 2, 28)).carrier == "spectra"
    assert lookup_tn(ws, "5736576123", dt.date(2010, 1, 1)).carrier == "spectra"


def test_pooling_bad_rows(ws):
    with pytest.raises(ImportFailed) as info:
        import_pooling_blocks(ws, FIX / "pooling_bad_rows.csv")
    assert {(e.row, e.field) for e in info.value.errors} == {(1, "X"), (2, "NXX"), (3, "Block Effective Date")}


def test_pooling_wrong_file_is_a_layout_error(ws):
    with pytest.raises(ImportFailed, match="layout changed"):
        import_pooling_blocks(ws, FIX / "nanpa_cocode.txt")


# --- localcallingguide -------------------------------------------------------------------------


def test_lcg_prefix_reads_blocks_entities_and_rate_center_data(ws):
    report = import_lcg_prefix(ws, FIX / "lcg_prefix.xml")
    assert report.skipped == 1  # disconnected block 7
    assert any("CLMBMOXADS9 is not in switches" in w for w in report.warnings)
    rows = table(ws, "SELECT npa_nxx, block, carrier, rate_center, switch, effective FROM numbering ORDER BY block NULLS FIRST")
    assert rows == [
        (573657, None, "spectra", "ASHLAND", "ASLDMOXARS0", dt.date(1999, 3, 15)),
        (573657, 4, "ocn-7777", "ASHLAND", None, dt.date(2006, 3, 1)),
    ]
    assert table(ws, "SELECT kind FROM carriers WHERE id = 'ocn-7777'") == [("CLEC",)]


def test_lcg_prefix_adds_new_rate_centers_with_vh(ws, tmp_path):
    xml = (FIX / "lcg_prefix.xml").read_text().replace("<rc>Ashland</rc>", "<rc>Hartsburg</rc>", 1)
    (tmp_path / "p.xml").write_text(xml)
    import_lcg_prefix(ws, tmp_path / "p.xml")
    assert table(ws, "SELECT rate_center, state, lata, v, h FROM rate_centers WHERE rate_center = 'HARTSBURG'") == [
        ("HARTSBURG", "MO", 524, 6860.0, 2890.0)
    ]


def test_lcg_refuses_external_entities(ws):
    with pytest.raises(ImportFailed, match="external entities are not allowed|not well-formed"):
        import_lcg_prefix(ws, FIX / "lcg_external_entity.xml")


def test_lcg_error_response(ws):
    with pytest.raises(ImportFailed, match="error response: Invalid NXX"):
        import_lcg_prefix(ws, FIX / "lcg_error.xml")


def test_lcg_local_maps_prefixes_to_rate_center_links(ws):
    import_nanpa_cocode(ws, FIX / "nanpa_cocode.txt", states=["MO"])
    report = import_lcg_local(ws, FIX / "lcg_local.xml")
    assert report.rows["local_calling"] == 3
    assert table(ws, "SELECT rate_center, reaches, kind FROM local_calling ORDER BY reaches") == [
        ("FULTON", "ASHLAND", "mandatory_eas"),  # two Ashland prefixes, one link
        ("FULTON", "FULTON", "basic"),
        ("FULTON", "NEW BLOOMFIELD", "mandatory_eas"),
    ]
    import_lcg_local(ws, FIX / "lcg_local.xml", kind="optional_eas")  # upsert: same keys, new kind
    assert table(ws, "SELECT count(*) FROM local_calling WHERE kind = 'optional_eas'") == [(2,)]


def test_lcg_local_inbound_reverses(ws, tmp_path):
    import_nanpa_cocode(ws, FIX / "nanpa_cocode.txt", states=["MO"])
    (tmp_path / "in.xml").write_text((FIX / "lcg_local.xml").read_text().replace("Outbound", "Inbound"))
    import_lcg_local(ws, tmp_path / "in.xml")
    assert ("ASHLAND", "FULTON") in table(ws, "SELECT rate_center, reaches FROM local_calling")


def test_lcg_local_needs_the_queried_prefix_in_numbering(ws):
    with pytest.raises(ImportFailed, match="573642 is not in numbering"):
        import_lcg_local(ws, FIX / "lcg_local.xml")
