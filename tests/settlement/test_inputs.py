"""Settlement CSV importers: atomic, idempotent, errors naming file, row and field."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from meetpoint.network.importers import ImportFailed
from meetpoint.settlement import import_settlement_files, import_settlement_folder
from meetpoint.settlement.inputs import (
    TABLES,
    read_elections,
    read_facilities,
    read_supplied_rates,
    read_taxes,
    read_transit_charges,
)

FIXTURES = Path(__file__).parent / "fixtures" / "settlement"


@pytest.fixture
def folder(tmp_path):
    dst = tmp_path / "ref"
    shutil.copytree(FIXTURES, dst)
    return dst


def dump(ws):
    return {t: sorted(ws.run_sql(f'SELECT * FROM "{t}"'), key=repr) for t in TABLES if ws.has_table(t)}


def test_folder_loads_and_reads_back(ws, lib):
    report = import_settlement_folder(ws, FIXTURES, lib=lib)
    assert report.rows == {"facilities": 6, "transit_charges": 5, "elections": 1, "taxes": 2}
    facs = {f.circuit_id: f for f in read_facilities(ws)}
    assert facs["CKT-DS1-MUX"].muxing and not facs["CKT-DS1-MUX"].collocation  # empty = false
    assert facs["CKT-DS1-MUX"].disconnected == dt.date(2006, 4, 21)
    charges = read_transit_charges(ws)
    assert charges[0].month == dt.date(2006, 1, 1) and charges[0].amount == Decimal("812.40")
    assert loaded_month(ws) == "2006-01"  # stored as YYYY-MM, as the compliance triggers read it
    assert isinstance(charges[0].amount, Decimal)
    assert read_elections(ws)[0].from_date == dt.date(2006, 1, 1)
    excise = next(t for t in read_taxes(ws) if t.tax_id == "mo-excise")
    assert excise.exemptions == {"idt": Decimal(100), "socket": Decimal(40)} and excise.applies_to == ("facility", "transit_election")


def loaded_month(ws):
    return ws.run_sql("SELECT min(month) FROM transit_charges")[0][0]


def test_import_twice_is_idempotent(ws, lib):
    import_settlement_folder(ws, FIXTURES, lib=lib)
    first = dump(ws)
    import_settlement_folder(ws, FIXTURES, lib=lib)
    assert dump(ws) == first


def test_upsert_by_key_and_replace(ws, lib, folder):
    import_settlement_folder(ws, folder, lib=lib)
    (folder / "facilities.csv").write_text(
        "circuit_id,agreement,level,a_clli,z_clli,transport,installed\n"
        "CKT-DS1-SELF,socket-spectra-interim-2005,DS3,SCKTMOAA,SPTRMOAA,self,2005-06-01\n")
    import_settlement_files(ws, [folder / "facilities.csv"], lib=lib)
    facs = {f.circuit_id: f for f in read_facilities(ws)}
    assert len(facs) == 6 and facs["CKT-DS1-SELF"].level == "DS3"
    import_settlement_files(ws, [folder / "facilities.csv"], lib=lib, replace=True)
    assert [f.circuit_id for f in read_facilities(ws)] == ["CKT-DS1-SELF"]


BAD = [
    ("facilities.csv", "circuit_id,agreement,level,a_clli,z_clli,transport,installed\nC1,socket-spectra-interim-2005,DS2,SCKTMOAA,SPTRMOAA,self,2006-01-01\n", 1, "level", "not one of DS1, DS3"),
    ("facilities.csv", "circuit_id,agreement,level,a_clli,z_clli,transport,installed\nC1,nope,DS1,SCKTMOAA,SPTRMOAA,self,2006-01-01\n", 1, "agreement", "no agreement 'nope'"),
    ("facilities.csv", "circuit_id,agreement,level,a_clli,z_clli,transport,installed,disconnected\nC1,socket-spectra-interim-2005,DS1,SCKTMOAA,SPTRMOAA,self,2006-01-01,2005-01-01\n", 1, "disconnected", "must come after"),
    ("facilities.csv", "circuit_id,agreement,level,a_clli,z_clli,transport,installed\nC1,socket-spectra-interim-2005,DS1,NOWHERE1,SPTRMOAA,ilec_leased,2006-01-01\n", 1, "a_clli", "not in switches"),
    ("facilities.csv", "circuit_id,agreement,level,a_clli,z_clli,transport,installed\nC1,socket-spectra-interim-2005,DS1,SCKTMOAA,SPTRMOAA,self,2006-01-01\nC1,socket-spectra-interim-2005,DS1,SCKTMOAA,SPTRMOAA,self,2006-01-01\n", 2, "circuit_id", "duplicate key"),
    ("facilities.csv", "circuit_id,agreement,level,a_clli,z_clli,transport\nC1,socket-spectra-interim-2005,DS1,SCKTMOAA,SPTRMOAA,self\n", None, "installed", "required column is missing"),
    ("facilities.csv", "circuit_id,agreement,level,a_clli,z_clli,transport,installed,colour\n", None, "colour", "unknown column"),
    ("transit_charges.csv", "month,payer,transit_carrier,orig_switch,term_switch,amount,proof\n2006-13,spectra,tpt,SPTRMOAA,SCKTMOAA,1.00,p\n", 1, "month", "not a month"),
    ("transit_charges.csv", "month,payer,transit_carrier,orig_switch,term_switch,amount,proof\n2006-01,spectra,tpt,SPTRMOAA,SCKTMOAA,12.34567,p\n", 1, "amount", "more than 4 decimal places"),
    ("transit_charges.csv", "month,payer,transit_carrier,orig_switch,term_switch,amount,proof\n2006-01,spectra,tpt,SPTRMOAA,SCKTMOAA,ten,p\n", 1, "amount", "not an amount"),
    ("transit_charges.csv", "month,payer,transit_carrier,orig_switch,term_switch,amount,proof\n2006-01,spectra,tpt,SPTRMOAA,SPTRMOAA,1.00,p\n", 1, "term_switch", "two different switches"),
    ("transit_charges.csv", "month,payer,transit_carrier,orig_switch,term_switch,amount,proof\n2006-01,spectra,tpt,SPTRMOAA,SCKTMOAA,1.00,\n", 1, "proof", "is required"),
    ("elections.csv", "agreement,electing_carrier,switch_a,switch_b,from,notice\ncenturytel-idt-2006,idt,SPTRMOAA,SCKTMOAA,2006-01-01,n\n", 1, "agreement", "no transit-difference election"),
    ("elections.csv", "agreement,electing_carrier,switch_a,switch_b,from,notice\nsocket-spectra-interim-2005,spectra,SPTRMOAA,SCKTMOAA,2006-01-01,n\n", 1, "electing_carrier", "electing party is 'socket'"),
    ("taxes.csv", "tax_id,name,kind,rate_percent,authority\nt,T,tax,101,law\n", 1, "rate_percent", "above 100"),
    ("taxes.csv", "tax_id,name,kind,rate_percent,applies_to,authority\nt,T,tax,1,facility;tax,law\n", 1, "applies_to", "not a kind of line"),
    ("taxes.csv", "tax_id,name,kind,rate_percent,exempt,authority\nt,T,tax,1,idt=140,law\n", 1, "exempt", "above 100"),
    ("supplied_rates.csv", "agreement,item,rate,unit,basis,reference\nsocket-spectra-interim-2005,muxing.ds2,1,x,tariff,r\n", 1, "item", "not one of"),
]


@pytest.mark.parametrize("name,text,row,field,message", BAD, ids=[f"{b[0]}:{b[3]}" for b in BAD])
def test_one_broken_row_per_error(ws, lib, tmp_path, name, text, row, field, message):
    (tmp_path / name).write_text(text)
    with pytest.raises(ImportFailed) as info:
        import_settlement_files(ws, [tmp_path / name], lib=lib)
    err = info.value.errors[0]
    assert (Path(err.file).name, err.row, err.field) == (name, row, field)
    assert message in err.reason


def test_nothing_is_written_when_any_file_is_wrong(ws, lib, folder):
    (folder / "taxes.csv").write_text("tax_id,name,kind,rate_percent,authority\nt,T,levy,1,law\n")
    with pytest.raises(ImportFailed, match="taxes.csv, row 1, field 'kind'"):
        import_settlement_folder(ws, folder, lib=lib)
    assert not any(ws.has_table(t) and ws.run_sql(f'SELECT count(*) FROM "{t}"')[0][0] for t in TABLES)


def test_other_files_in_the_folder_are_left_to_the_network_importer(ws, lib, folder):
    (folder / "switches.csv").write_text("clli\n")
    assert "facilities" in import_settlement_folder(ws, folder, lib=lib).rows
    with pytest.raises(ImportFailed, match="not a settlement file name"):
        import_settlement_files(ws, [folder / "switches.csv"], lib=lib)


def test_supplied_rates_are_dated(ws, lib, tmp_path):
    (tmp_path / "supplied_rates.csv").write_text(
        "agreement,item,rate,unit,basis,reference,effective\n"
        "socket-spectra-interim-2005,muxing.ds1,35.00,circuit-month,tariff,Tariff §7 (illustrative),2005-10-17\n"
        "socket-spectra-interim-2005,muxing.ds1,40.00,circuit-month,tariff,Tariff §7 rev (illustrative),2006-06-01\n")
    import_settlement_files(ws, [tmp_path / "supplied_rates.csv"], lib=lib)
    assert read_supplied_rates(ws, "socket-spectra-interim-2005", dt.date(2006, 5, 31))["muxing.ds1"].rate == Decimal("35")
    assert read_supplied_rates(ws, "socket-spectra-interim-2005", dt.date(2006, 6, 1))["muxing.ds1"].rate == Decimal("40")
    assert read_supplied_rates(ws, "socket-spectra-interim-2005", dt.date(2005, 1, 1)) == {}


def test_every_file_and_column_is_documented():
    doc = (Path(__file__).parents[2] / "docs" / "reference-data.md").read_text()
    for spec in TABLES.values():
        section = doc.split(f"### `{spec.file}`", 1)
        assert len(section) == 2, f"{spec.file} is not documented"
        body = section[1].split("\n### ", 1)[0]
        for col in spec.all_columns:
            assert f"| `{col.name}` |" in body, f"{spec.file}: column {col.name} is not documented"
