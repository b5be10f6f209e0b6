"""Project CSV importer: good folders, idempotency, and one broken row per kind of error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from meetpoint.errors import ReferenceDataError
from meetpoint.network import tables as T
from meetpoint.network.importers import ImportFailed, import_files, import_folder
from meetpoint.store import Workspace

GOOD = Path(__file__).parent / "fixtures" / "csv_good"


@pytest.fixture
def ws(tmp_path):
    w = Workspace.init(tmp_path / "ws")
    yield w
    w.close()


@pytest.fixture
def folder(tmp_path):
    dst = tmp_path / "ref"
    shutil.copytree(GOOD, dst)
    return dst


def dump(ws):
    return {name: sorted(ws.run_sql(f'SELECT * FROM "{name}"'), key=repr) for name in T.TABLES}


def test_good_folder_loads_every_table(ws):
    report = import_folder(ws, GOOD)
    assert report.rows == {"carriers": 3, "rate_centers": 4, "switches": 6, "local_calling": 5,
                           "numbering": 5, "ports": 2, "vnxx": 1, "locations": 1}  # fmt: skip
    vnxx = T.read(ws, "vnxx").to_pyarrow().to_pylist()[0]
    assert (vnxx["tn_or_block"], vnxx["npa_nxx"], vnxx["block"], vnxx["tn"]) == ("5736574", 573657, 4, None)
    assert ws.run_sql("SELECT tn, is_isp FROM locations") == [(5732341000, True)]


def test_types_are_as_documented(ws):
    import_folder(ws, GOOD)
    schema = T.read(ws, "numbering").schema()
    assert str(schema["npa_nxx"]) == "int32" and str(schema["block"]) == "int32"
    assert str(T.read(ws, "ports").schema()["tn"]) == "int64"


def test_importing_twice_leaves_identical_tables(ws):
    import_folder(ws, GOOD)
    first = dump(ws)
    import_folder(ws, GOOD)
    assert dump(ws) == first


def test_history_until_is_the_next_effective(ws):
    import_folder(ws, GOOD)
    rows = ws.run_sql("SELECT host_clli, effective, until FROM switches WHERE clli = 'ASLDMOXARS0' ORDER BY effective NULLS FIRST")
    assert [(r[0], str(r[1]), str(r[2])) for r in rows] == [
        ("FLTNMOXADS0", "None", "2007-01-01"),
        ("JFCYMOXADS0", "2007-01-01", "None"),
    ]


def test_upsert_keeps_other_rows_and_replace_drops_them(ws, folder):
    import_folder(ws, folder)
    (folder / "ports.csv").write_text("tn,lrn,effective\n5736421999,5732340000,2009-01-01\n")
    import_files(ws, [folder / "ports.csv"])
    assert ws.run_sql("SELECT count(*) FROM ports")[0][0] == 3
    import_files(ws, [folder / "ports.csv"], replace=True)
    assert ws.run_sql("SELECT tn FROM ports") == [(5736421999,)]


def test_optional_files_and_columns_may_be_absent(ws, tmp_path):
    ref = tmp_path / "min"
    ref.mkdir()
    (ref / "carriers.csv").write_text("id,name,kind\nspectra,Spectra,ILEC\n")
    (ref / "rate_centers.csv").write_text("state,rate_center\nMO,fulton\n")
    report = import_folder(ws, ref)
    assert report.rows == {"carriers": 1, "rate_centers": 1}
    assert ws.run_sql("SELECT rate_center, lata, v FROM rate_centers") == [("FULTON", None, None)]


def test_references_may_point_at_rows_already_stored(ws, folder):
    import_folder(ws, folder)
    (folder / "numbering.csv").write_text("npa_nxx,carrier,rate_center\n573-643,spectra,FULTON\n")
    import_files(ws, [folder / "numbering.csv"])
    assert ws.run_sql("SELECT count(*) FROM numbering")[0][0] == 6


# One broken row per kind of error: (file, text to replace, replacement, row, field, reason fragment).
BAD = [
    ("carriers.csv", "id,name,ocn,kind,affiliates", "id,name,ocn,kind,affiliates,colour", None, "colour", "unknown column"),
    ("carriers.csv", "id,name,ocn,kind,affiliates", "id,ocn,kind,affiliates", None, "name", "required column is missing"),
    ("carriers.csv", "3456,CLEC", "3456,LEC", 3, "kind", "not one of ILEC, CLEC, IXC, CMRS"),
    ("carriers.csv", "1234,ILEC", "12,ILEC", 1, "ocn", "not an OCN"),
    ("carriers.csv", "spectra,Spectra", "Spectra Co,Spectra", 1, "id", "not an id"),
    ("carriers.csv", "ILEC,spectra", "ILEC,nobody", 2, "affiliates", "'nobody' is not in carriers"),
    ("rate_centers.csv", "FULTON,MO,524", "FULTON,Missouri,524", 2, "state", "two-letter state"),
    ("rate_centers.csv", "FULTON,MO,524", "FULTON,MO,52", 2, "lata", "not a LATA"),
    ("rate_centers.csv", "6830,2860", "6830,", 2, "h", "give v and h together"),
    ("rate_centers.csv", "6830,2860", "abc,2860", 2, "v", "not a number"),
    ("switches.csv", "CLMBMOXADS0,socket", "CLMB,socket", 1, "clli", "not a CLLI"),
    ("switches.csv", "CLMBMOXADS0,socket", "CLMBMOXADS0,nobody", 1, "owner", "'nobody' is not in carriers"),
    ("switches.csv", "socket,end_office", "socket,central_office", 1, "kind", "not one of end_office"),
    ("switches.csv", "end_office,COLUMBIA", "end_office,ATLANTIS", 1, "rate_center", "'ATLANTIS' is not in rate_centers"),
    ("switches.csv", "ASHLAND,FLTNMOXADS0,", "ASHLAND,,", 5, "host_clli", "a remote needs its host"),
    ("switches.csv", "ASHLAND,FLTNMOXADS0,", "ASHLAND,CLMBMOXADS0,", 5, "host_clli", "is not a host switch"),
    ("switches.csv", "FULTON,,JFCYMOXA04T", "FULTON,,CLMBMOXADS0", 4, "tandem_clli", "is not an access tandem"),
    ("switches.csv", "FULTON,,JFCYMOXA04T", "FULTON,JFCYMOXADS0,JFCYMOXA04T", 4, "host_clli", "only a remote has a host"),
    ("switches.csv", "ASHLAND,JFCYMOXADS0,,,,2007-01-01", "ASHLAND,JFCYMOXADS0,,,,", 6, "clli", "duplicate key"),
    ("local_calling.csv", "JEFFERSON CITY,mca_optional,MID-MISSOURI", "JEFFERSON CITY,mca_optional,", 4, "mca", "needs the MCA's name"),
    ("local_calling.csv", "ASHLAND,optional_eas,", "ASHLAND,optional_eas,MID-MISSOURI", 3, "mca", "only with mca_* kinds"),
    ("local_calling.csv", "ASHLAND,optional_eas,", "ASHLAND,toll,", 3, "kind", "not one of basic"),
    ("numbering.csv", "573-642,,spectra", "573-6421,,spectra", 1, "npa_nxx", "not an NPA-NXX"),
    ("numbering.csv", "573-642,,spectra", "573-142,,spectra", 1, "npa_nxx", "must not start with 0 or 1"),
    ("numbering.csv", "573-657,4,socket", "573-657,10,socket", 3, "block", "not a thousands block"),
    ("numbering.csv", "573-657,4,socket", "573-657,4,nobody", 3, "carrier", "'nobody' is not in carriers"),
    ("numbering.csv", "FULTON,FLTNMOXADS0,", "FULTON,FLTNMOXADS9,", 1, "switch", "'FLTNMOXADS9' is not in switches"),
    ("numbering.csv", "CLMBMOXADS0,2006-03-01", "CLMBMOXADS0,03/32/2006", 3, "effective", "not a date"),
    ("numbering.csv", "573-234,,socket,COLUMBIA,CLMBMOXADS0,", "573-234,,socket,COLUMBIA,CLMBMOXADS0", 4, None, "5 cells but the header has 6"),
    ("ports.csv", "573-642-1234,573-234-0000,2006-05-01", "573-642-123,573-234-0000,2006-05-01", 1, "tn", "not a 10-digit number"),
    ("ports.csv", "573-642-1234,,2008-01-01", "573-642-1234,,2006-05-01", 2, "tn", "duplicate key"),
    ("vnxx.csv", "573-657-4XXX", "573-657-4XX1", 1, "tn_or_block", "not a TN"),
    ("vnxx.csv", "ASHLAND,COLUMBIA", "ASHLAND,", 1, "physical_rate_center", "is required"),
    ("locations.csv", "COLUMBIA,true", "COLUMBIA,perhaps", 1, "is_isp", "not true or false"),
]


@pytest.mark.parametrize(("file", "old", "new", "row", "field", "reason"), BAD, ids=[f"{b[0]}:{b[5]}" for b in BAD])
def test_each_bad_row_is_named_and_nothing_is_written(ws, folder, file, old, new, row, field, reason):
    import_folder(ws, GOOD)
    before = dump(ws)
    path = folder / file
    text = path.read_text()
    assert old in text, "fixture drifted"
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(ImportFailed) as info:
        import_folder(ws, folder, replace=True)
    errors = info.value.errors
    match = [e for e in errors if e.file == str(path) and e.row == row and e.field == field and reason in e.reason]
    assert match, "\n".join(map(str, errors))
    assert dump(ws) == before  # all or nothing


def test_every_error_is_collected_and_listed(ws, folder):
    (folder / "carriers.csv").write_text("id,name,ocn,kind,affiliates\nspectra,S,12,XLEC,\n")
    with pytest.raises(ImportFailed) as info:
        import_folder(ws, folder)
    exc = info.value
    assert isinstance(exc, ReferenceDataError)
    assert len(exc.errors) > 2  # ocn and kind in carriers, then every reference to the lost carriers
    assert "nothing was imported" in str(exc)
    assert f"{folder / 'carriers.csv'}, row 1, field 'ocn'" in str(exc)
    assert dump(ws) == {name: [] for name in T.TABLES}


def test_unknown_file_name_and_missing_folder(ws, folder, tmp_path):
    (folder / "carrier.csv").write_text("id\n")
    with pytest.raises(ImportFailed, match="not a reference file name"):
        import_folder(ws, folder)
    with pytest.raises(ImportFailed, match="no such folder"):
        import_folder(ws, tmp_path / "nope")


def test_empty_file_and_bom(ws, folder):
    (folder / "vnxx.csv").write_text("")
    with pytest.raises(ImportFailed, match="empty file"):
        import_folder(ws, folder)
    (folder / "vnxx.csv").write_text("\ufefftn_or_block,carrier,rated_rate_center,physical_rate_center\n")
    assert import_folder(ws, folder).rows["vnxx"] == 0


def test_every_file_and_column_is_documented():
    doc = (Path(__file__).parents[2] / "docs" / "reference-data.md").read_text()
    for spec in T.TABLES.values():
        section = doc.split(f"### `{spec.file}`", 1)
        assert len(section) == 2, f"{spec.file} is not documented"
        body = section[1].split("\n### ", 1)[0]
        for col in spec.all_columns:
            assert f"| `{col.name}` |" in body, f"{spec.file}: column {col.name} is not documented"


def test_is_isp_defaults_to_false(ws, folder):
    (folder / "locations.csv").write_text("tn,physical_rate_center\n5732341000,COLUMBIA\n")
    import_folder(ws, folder)
    assert ws.run_sql("SELECT is_isp FROM locations") == [(False,)]


def test_a_table_handle_read_before_an_import_sees_its_rows(ws, folder):
    """tables.read keeps one Ibis handle per reference table and connection (ws.handles); an
    import replaces the table's rows (CREATE OR REPLACE, same columns), which the handle reads."""
    ports = T.read(ws, "ports")
    assert ports.count().to_pyarrow().as_py() == 0
    import_folder(ws, folder)
    assert T.read(ws, "ports") is ports
    assert sorted(ports.tn.to_pyarrow().to_pylist()) == [r[0] for r in ws.run_sql("SELECT tn FROM ports ORDER BY tn")]
    assert ports.count().to_pyarrow().as_py() == 2


def test_table_handles_are_dropped_with_a_rolled_back_transaction(tmp_path):
    """A reference table created inside a transaction that rolls back is gone again, and so is
    its handle: the next read creates the table anew instead of returning a dangling handle."""
    w = Workspace.init(tmp_path / "ws")
    with pytest.raises(RuntimeError), w.transaction():
        T.read(w, "ports")
        assert "ports" in w.handles
        raise RuntimeError("abort")
    assert w.handles == {} and not w.has_table("ports")
    assert T.read(w, "ports").count().to_pyarrow().as_py() == 0
    w.close()
    assert w.handles == {}
