"""Monthly evidence from the workspace tables other engines write (usage_cube, hourly_load,
transit_charges), and the registry judging it with what the resolver says governs."""

from __future__ import annotations

from decimal import Decimal

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from meetpoint.agreements import load_library
from meetpoint.compliance import MonthEvidence, build_evidence, evaluate
from meetpoint.rating.clock import clock_arrow
from meetpoint.rating.cube import CUBE_COLUMNS
from meetpoint.rating.load import HOURLY_COLUMNS
from meetpoint.store import Workspace


def import_transit(ws, path):
    """Through settlement's importer, which checks the switches against the network."""
    from meetpoint.settlement.inputs import import_settlement_files

    import_settlement_files(ws, [path], lib=load_library())

SPECTRA_SW, SOCKET_SW, ATT_SW = "SPECTRAEO01", "SOCKETSW001", "ATTEO000001"


def cube_row(month, orig, term, ds, carriers=("spectra", "socket")):
    return {"month": month, "agreement": None, "orig_carrier": carriers[0], "term_carrier": carriers[1],
            "orig_switch": orig, "term_switch": term, "route": "transit:9206", "jurisdiction": "local",
            "calls": 1, "duration_ds": ds, "billable_minutes": -(-ds // 600)}


def hourly_rows(month, orig, term, load_ds, local_hour=10):
    """``load_ds`` in clock hour ``local_hour`` of every day of ``month``: its TCBH average is ``load_ds``."""
    c = clock_arrow("America/Chicago", 2006, 2006)
    c = c.filter(pc.and_(pc.equal(c["month"], month), pc.equal(c["local_hour"], local_hour)))
    n = c.num_rows
    return pa.table({"call_month": c["month"], "orig_switch": [orig] * n, "term_switch": [term] * n, "hour": c["hour"], "month": c["month"],
                     "date": c["local_date"], "local_hour": c["local_hour"], "fold": c["fold"],
                     "answered": pa.array([1] * n, pa.int64()), "load_ds": pa.array([load_ds] * n, pa.int64())})


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    w = Workspace.init(tmp_path_factory.mktemp("evidence") / "ws")
    rows = [
        # January: 0.5 min each way; the combined total is rounded once (1 minute, not 2)
        cube_row("2006-01", SPECTRA_SW, SOCKET_SW, 300), cube_row("2006-01", SOCKET_SW, SPECTRA_SW, 300, ("socket", "spectra")),
        # two cells of one direction are summed exactly before rounding: 112,000 minutes
        cube_row("2006-02", SPECTRA_SW, SOCKET_SW, 600 * 100_000 - 300), cube_row("2006-02", SPECTRA_SW, SOCKET_SW, 600 * 12_000 + 300),
        # March is rated (another pair has traffic) but this pair has none: a month of zeros
        cube_row("2006-03", ATT_SW, SOCKET_SW, 6000, ("att", "socket")),
        # April is not rated at all; May is
        cube_row("2006-05", SPECTRA_SW, SOCKET_SW, 600 * 112_000),
    ]
    w.write_arrow("usage_cube", pa.Table.from_pylist(rows).select(list(CUBE_COLUMNS)))
    hourly = pa.concat_tables([hourly_rows("2006-01", SPECTRA_SW, SOCKET_SW, 300_000),
                               hourly_rows("2006-01", SOCKET_SW, SPECTRA_SW, 132_000),
                               hourly_rows("2006-02", SPECTRA_SW, SOCKET_SW, 414_000, local_hour=20),
                               hourly_rows("2006-03", ATT_SW, SOCKET_SW, 1_000)])  # May has no hourly load at all
    w.write_arrow("hourly_load", hourly.select(list(HOURLY_COLUMNS)))
    transit = tmp_path_factory.mktemp("inputs") / "transit_charges.csv"
    transit.write_text("month,payer,transit_carrier,orig_switch,term_switch,amount,proof\n"
                       f"2006-02,spectra,att,{SOCKET_SW},{SPECTRA_SW},672.01,INV-123\n")
    import_transit(w, transit)
    yield w
    w.close()


def by_month(rows, a=SOCKET_SW, b=SPECTRA_SW):
    return {e.month: (e if e.from_switch == a else e.reversed()) for e in rows if {e.from_switch, e.to_switch} == {a, b}}


def test_minutes_are_rounded_once_per_figure(ws):
    """IDT Art. IV §2.4.2: "any remaining fraction shall be rounded up" on the period's total."""
    ev = by_month(build_evidence(ws).rows, a=SPECTRA_SW, b=SOCKET_SW)
    jan, feb = ev["2006-01"], ev["2006-02"]
    assert (jan.mou_forward, jan.mou_reverse, jan.mou_combined) == (1, 1, 1)
    assert (feb.mou_forward, feb.mou_reverse, feb.mou_combined) == (112_000, 0, 112_000)


def test_busy_hour_ccs_is_both_directions_together(ws):
    """300,000 + 132,000 call-tenths of seconds in the same busy hour: 432 CCS (12 Erlangs)."""
    ev = by_month(build_evidence(ws).rows)
    assert ev["2006-01"].busy_hour_ccs == pytest.approx(432.0)
    assert ev["2006-02"].busy_hour_ccs == pytest.approx(414.0)


def test_rated_months_without_traffic_are_zeros_and_unrated_months_are_missing(ws):
    ev = by_month(build_evidence(ws).rows)
    assert list(ev) == ["2006-01", "2006-02", "2006-03", "2006-05"]
    assert (ev["2006-03"].mou_combined, ev["2006-03"].busy_hour_ccs) == (0, 0.0)


def test_transit_paid_comes_from_the_transit_charges_table(ws):
    ev = by_month(build_evidence(ws).rows)
    (p,) = ev["2006-02"].transit
    assert (p.payer, p.transit_carrier, p.amount, p.proof) == ("spectra", "att", Decimal("672.01"), "INV-123")
    assert build_evidence(ws, through="2006-01").sources == ("usage_cube", "hourly_load (tcbh busy hour)", "transit_charges")


def test_missing_tables_are_named_not_guessed(tmp_path):
    w = Workspace.init(tmp_path / "empty")
    assert build_evidence(w).rows == () and "usage_cube" in build_evidence(w).notes[0]
    w.write_arrow("usage_cube", pa.Table.from_pylist([cube_row("2006-01", SPECTRA_SW, SOCKET_SW, 600)]).select(list(CUBE_COLUMNS)))
    got = build_evidence(w)
    assert got.rows[0].busy_hour_ccs is None and got.rows[0].transit == ()
    assert any("hourly_load" in n for n in got.notes) and any("transit_charges" in n for n in got.notes)
    w.close()


def test_the_resolver_picks_the_triggers_and_third_carriers_are_skipped(ws, lib):
    verdicts = evaluate(lib, build_evidence(ws).rows, through="2006-05")
    got = {(v.agreement, v.trigger, v.from_switch, v.to_switch) for v in verdicts}
    assert got == {
        ("socket-spectra-interim-2005", "direct_connection.ds1_level", SPECTRA_SW, SOCKET_SW),
        ("socket-spectra-interim-2005", "direct_connection.mou_and_transit", SPECTRA_SW, SOCKET_SW),
        ("socket-spectra-interim-2005", "direct_connection.mou_and_transit", SOCKET_SW, SPECTRA_SW),
    }
    ds1 = next(v for v in verdicts if v.trigger == "direct_connection.ds1_level")
    assert [r.values.get("trunks_needed") for r in ds1.evidence] == [24, 23, 0, None, None]
    assert "traffic study" in ds1.row("2006-05").note
    assert ds1.row("2006-04").note.startswith("no evidence")


def test_the_agreement_filter_and_months_the_clause_does_not_govern(lib):
    """Socket-Spectra in September 2005: the Interim is not yet in force (Interim §7 bars charges)."""
    rows = [MonthEvidence(m, SPECTRA_SW, SOCKET_SW, "spectra", "socket", busy_hour_ccs=432.0)
            for m in ("2005-09", "2005-10", "2005-11", "2005-12")]
    (v,) = [v for v in evaluate(lib, rows, through="2005-12") if v.trigger.endswith("ds1_level")]
    assert v.first_met == "2005-12" and "does not govern" in v.row("2005-09").note
    assert evaluate(lib, rows, through="2005-12", agreement="centurytel-idt-2006") == []
