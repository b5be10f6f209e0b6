"""TN lookups: thousands blocks over the NXX, LNP, dates; the vectorized form agrees with lookup_tn."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import ibis
import pytest

from meetpoint.errors import ReferenceDataError
from meetpoint.network.importers import import_folder
from meetpoint.network.lookup import ANNOTATIONS, annotate_numbers, lookup_tn, switch_vh, tn_table
from meetpoint.store import Workspace

GOOD = Path(__file__).parent / "fixtures" / "csv_good"
D = dt.date.fromisoformat


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    w = Workspace.init(tmp_path_factory.mktemp("lookup") / "ws")
    import_folder(w, GOOD)
    yield w
    w.close()


def test_plain_number(ws):
    info = lookup_tn(ws, "573-642-5555", D("2006-01-01"))
    assert (info.carrier, info.ocn, info.rate_center, info.switch, info.ported, info.lrn) == (
        "spectra", "1234", "FULTON", "FLTNMOXADS0", False, None
    )  # fmt: skip


def test_thousands_block_wins_over_the_nxx_from_its_effective_date(ws):
    before = lookup_tn(ws, 5736574001, D("2006-02-28"))
    after = lookup_tn(ws, 5736574001, D("2006-03-01"))
    assert (before.carrier, before.switch, before.block) == ("spectra", "ASLDMOXARS0", None)
    assert (after.carrier, after.switch, after.block, after.rate_center) == ("socket", "CLMBMOXADS0", 4, "ASHLAND")
    assert lookup_tn(ws, 5736575001, D("2006-03-01")).carrier == "spectra"  # another block of the NXX


def test_ported_number_keeps_its_rate_center_and_the_lrn_decides_the_switch(ws):
    info = lookup_tn(ws, "5736421234", D("2006-06-01"))
    assert info.ported and info.lrn == 5732340000
    assert (info.rate_center, info.carrier, info.ocn, info.switch) == ("FULTON", "socket", "3456", "CLMBMOXADS0")


def test_port_back_ends_the_port(ws):
    assert not lookup_tn(ws, "5736421234", D("2008-01-01")).ported
    assert lookup_tn(ws, "5736421234", D("2007-12-31")).ported
    assert lookup_tn(ws, "5736421234", D("2006-04-30")).carrier == "spectra"


def test_unknown_number_and_bad_input(ws):
    info = lookup_tn(ws, "5739990000", D("2006-01-01"))
    assert info.carrier is None and info.rate_center is None
    with pytest.raises(ReferenceDataError, match="not a 10-digit number"):
        lookup_tn(ws, "12345")


def test_switch_vh_own_or_rate_center(ws):
    assert switch_vh(ws, "CLMBMOXADS0") == (6801.0, 2901.0)
    assert switch_vh(ws, "ASLDMOXARS0") == (6860.0, 2890.0)  # no V&H of its own: Ashland's
    with pytest.raises(ReferenceDataError, match="no switch"):
        switch_vh(ws, "NOSUCHSWITCH")


CASES = [
    ("5736421234", "2006-01-01"), ("5736421234", "2006-06-01"), ("5736421234", "2008-02-01"),
    ("5736574001", "2006-01-01"), ("5736574001", "2006-04-01"), ("5736575001", "2006-04-01"),
    ("5739990000", "2006-04-01"), ("5736574001", "2006-04-01"),
]  # fmt: skip


def test_vectorized_matches_expectations_and_keeps_every_row(ws):
    t = ibis.memtable({"id": range(len(CASES)), "tn": [c[0] for c in CASES], "d": [D(c[1]) for c in CASES]})
    out = annotate_numbers(ws, t, "tn", "d", "term_").order_by("id").to_pyarrow().to_pylist()
    assert len(out) == len(CASES)
    assert [r["term_carrier"] for r in out] == ["spectra", "socket", "spectra", "spectra", "socket", "spectra", None, "socket"]
    assert [r["term_ported"] for r in out] == [False, True, False, False, False, False, False, False]
    assert out[1]["term_lrn"] == 5732340000 and out[1]["term_rate_center"] == "FULTON"
    assert list(out[0]) == ["id", "tn", "d", *(f"term_{c}" for c in ANNOTATIONS)]


def test_vectorized_accepts_timestamps_and_a_fixed_date(ws):
    t = ibis.memtable({"tn": [5736421234], "ts": [dt.datetime(2006, 6, 1, 12, 0)]})
    assert annotate_numbers(ws, t, "tn", "ts").to_pyarrow().to_pylist()[0]["carrier"] == "socket"
    fixed = tn_table(ws, t, "tn", on=D("2006-01-01")).to_pyarrow().to_pylist()[0]
    assert fixed["carrier"] == "spectra"


def test_vectorized_agrees_with_lookup_tn_on_random_numbers_and_dates(ws):
    rng = random.Random(7)
    nxx = [573642, 573657, 573234, 573635, 573999]
    tns = [rng.choice(nxx) * 10000 + rng.randrange(10000) for _ in range(60)] + [5736421234] * 5
    dates = [D("2005-06-01") + dt.timedelta(days=rng.randrange(1500)) for _ in tns]
    t = ibis.memtable({"i": range(len(tns)), "tn": tns, "d": dates})
    rows = annotate_numbers(ws, t, "tn", "d").order_by("i").to_pyarrow().to_pylist()
    for row, tn, d in zip(rows, tns, dates):
        one = lookup_tn(ws, tn, d)
        assert {k: row[k] for k in ANNOTATIONS} == {k: getattr(one, k) for k in ANNOTATIONS}, (tn, d)


def test_in_effect_on_a_null_date_matches_no_row():
    """docs/decisions.md, "Dated lookups as comparisons": the open ends are filled with the first
    and last dates, so a NULL date matches no row, not even one open at both ends (the `IS NULL`
    form matched that one). Every non-NULL date gets the `IS NULL` form's answer."""
    from meetpoint.network.tables import in_effect

    rows = ibis.memtable({"effective": [None, D("2006-01-01"), None], "until": [None, None, D("2006-03-01")]},
                         schema={"effective": "date", "until": "date"})
    con = ibis.duckdb.connect()

    def matches(on):
        on = ibis.literal(on, type="date")
        old = (rows.effective.isnull() | (rows.effective <= on)) & (rows.until.isnull() | (rows.until > on))
        new = in_effect(rows.effective, rows.until, on)
        got = con.to_pyarrow(rows.select(old=old, new=new))
        return got.column("old").to_pylist(), got.column("new").to_pylist()

    for day in ("2005-12-31", "2006-01-01", "2006-02-28", "2006-03-01"):
        old, new = matches(D(day))
        assert old == new
    old, new = matches(None)
    assert old == [True, None, None] and new == [None, None, None]  # NULL: no match in a join condition
