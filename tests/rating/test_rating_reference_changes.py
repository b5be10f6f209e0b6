"""Reference data that changes inside a rated month: the rate step equals the per-call path.

The rate step (:func:`meetpoint.rating.run.rate_workspace`) does not classify calls one by one:
it groups them by local month and *reference period* (the days between two changes of any dated
reference row or governing agreement) and classifies each group once, on its first day. That is
exact only if every change date starts a new period. Each test below puts one change in the middle
of February 2024 (a port, an NPA-NXX reassignment, a change of governing agreement, a port-back),
rates calls on both sides of it with both paths, and checks

* that the stored ``usage_cube`` and ``hourly_load`` equal, row for row, ``usage_cube`` and
  ``hourly_load`` of the per-call ``classify``; and
* the values worked out by hand: before the change date the old carrier / switch / agreement /
  jurisdiction, from it the new ones.

The edges, in the workspace time zone (America/Chicago, CST = UTC-6 in February): a call on the
last minute of the day before the change (23:59, already the change day in UTC), a call in the
first minute of the change day (00:00), and a call answered at 23:30 the day before that lasts
past midnight: the whole call belongs to the day (and reference period) of its answer, so the
hour after midnight that it loads goes to the *old* switch pair.

Each test builds its own workspace (``rating_net.build_workspace``), so the change it makes is the
only one in it; the reference changes are imported as project CSV files with an ``effective``
column, as a user would (the importer computes ``until``).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import Counter
from pathlib import Path
from typing import Any, Iterator

import ibis
import pytest
from rating_net import (
    CTL_MEXICO, GOVERNING, LIB, PORTED, SOCKET_FULTON, SPECTRA_FULTON, VNXX, build_workspace, calls_table, cdr,
)

from meetpoint.network.importers.project_csv import import_files
from meetpoint.rating import classify, hourly_load, usage_cube
from meetpoint.rating.cube import CUBE_COLUMNS
from meetpoint.rating.governing import GoverningRow
from meetpoint.rating.load import HOURLY_COLUMNS
from meetpoint.rating.measure import billable_minutes
from meetpoint.rating.run import rate_workspace

TZ = "America/Chicago"
LOCAL = zoneinfo.ZoneInfo(TZ)
MONTH = "2024-02"

# Switches of the hand-made network (rating_net.py)
FLTN, MXCO, SCKA, SCKB = "FLTNMOXA", "MXCOMOXA", "SCKTMOXA", "SCKTMOXB"


@pytest.fixture
def net(tmp_path: Path) -> Iterator[Any]:
    """A fresh workspace with the hand-made network (each test adds its own change)."""
    w = build_workspace(tmp_path)
    yield w
    w.close()


def _import(ws: Any, folder: Path, name: str, text: str) -> None:
    """Add dated rows to reference table ``name`` as a project CSV import (upsert, ``until`` recomputed)."""
    path = folder / "changes" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(text)
    import_files(ws, [path])


def _at(day: int, hour: int, minute: int, second: int = 0) -> dt.datetime:
    """A February 2024 wall-clock time in America/Chicago."""
    return dt.datetime(2024, 2, day, hour, minute, second, tzinfo=LOCAL)


def _sorted(table: Any, columns: tuple[str, ...]) -> list[tuple]:
    # repr: rows may hold NULLs (no agreement), which tuples of mixed None/str cannot order
    return sorted((tuple(r[c] for c in columns) for r in table.to_pyarrow().to_pylist()), key=repr)


def _diff(what: str, columns: tuple[str, ...], fast: list[tuple], slow: list[tuple]) -> str:
    only_fast = sorted((Counter(fast) - Counter(slow)).elements(), key=repr)
    only_slow = sorted((Counter(slow) - Counter(fast)).elements(), key=repr)
    lines = [f"{what}: the rate step and the per-call path disagree", f"  columns: {columns}"]
    lines += [f"  only in rate_workspace: {r}" for r in only_fast]
    lines += [f"  only in per-call path:  {r}" for r in only_slow]
    return "\n".join(lines)


def _both_paths(ws: Any, rows: list[dict[str, Any]], governing: list[GoverningRow]) -> tuple[list, list, dict]:
    """Rate ``rows`` with the rate step and with ``classify``; assert the cube and the hourly load
    are equal row for row; return the stored cube and hourly rows (as dicts) and the per-call rows."""
    summary = rate_workspace(ws, lib=LIB, governing=governing, calls=calls_table(ws, rows))
    assert summary["calls_in"] == summary["calls_in_cube"] == len(rows)
    # the per-call path, executed once (the cube and the hourly load then read its rows)
    per_call = classify(ws, calls_table(ws, rows), lib=LIB, governing=governing).to_pyarrow()
    classified = ibis.memtable(per_call)

    fast_cube, slow_cube = _sorted(ws.table("usage_cube"), CUBE_COLUMNS), _sorted(usage_cube(classified), CUBE_COLUMNS)
    fast_hours = _sorted(ws.table("hourly_load"), HOURLY_COLUMNS)
    slow_hours = _sorted(hourly_load(classified, TZ), HOURLY_COLUMNS)
    assert fast_cube == slow_cube, _diff("usage_cube", CUBE_COLUMNS, fast_cube, slow_cube)
    assert fast_hours == slow_hours, _diff("hourly_load", HOURLY_COLUMNS, fast_hours, slow_hours)

    calls = {r["call_id"]: r for r in per_call.to_pylist()}
    return ([dict(zip(CUBE_COLUMNS, r)) for r in fast_cube], [dict(zip(HOURLY_COLUMNS, r)) for r in fast_hours], calls)


_CALL_FIELDS = ("orig_carrier", "term_carrier", "orig_switch", "term_switch", "agreement", "jurisdiction")


def _check_calls(calls: dict[str, dict], expected: dict[str, tuple]) -> None:
    """Per call: (local answer day, local answer hour, orig/term carrier, orig/term switch, agreement, jurisdiction)."""
    got = {cid: (r["date"].day, r["hour"], *(r[f] for f in _CALL_FIELDS)) for cid, r in calls.items()}
    assert got == expected


def _check_cube(cube: list[dict], expected: dict[tuple, tuple[int, int]]) -> None:
    """The stored cube: (agreement, orig/term carrier, orig/term switch, jurisdiction) -> (calls,
    duration_ds); one month, route ``direct``, billable minutes the cell's total rounded up once."""
    assert {(r["month"], r["route"]) for r in cube} == {(MONTH, "direct")}
    got = {(r["agreement"], r["orig_carrier"], r["term_carrier"], r["orig_switch"], r["term_switch"], r["jurisdiction"]):
           (r["calls"], r["duration_ds"]) for r in cube}
    assert len(got) == len(cube)
    assert got == expected
    assert all(r["billable_minutes"] == billable_minutes(r["duration_ds"]) for r in cube)


def _utc_hour(day: int, local_hour: int) -> int:
    return int(dt.datetime(2024, 2, day, local_hour, tzinfo=LOCAL).timestamp()) // 3600


def _check_hours(hours: list[dict], expected: dict[tuple, tuple[int, int]]) -> None:
    """The stored hourly load: (orig switch, term switch, local day, local hour) -> (answered, load_ds)."""
    assert {(r["call_month"], r["month"], r["fold"]) for r in hours} == {(MONTH, MONTH, 0)}
    assert all(r["hour"] == _utc_hour(r["date"].day, r["local_hour"]) for r in hours)
    got = {(r["orig_switch"], r["term_switch"], r["date"].day, r["local_hour"]): (r["answered"], r["load_ds"])
           for r in hours}
    assert len(got) == len(hours)
    assert got == expected


# ---------------------------------------------------------------------------------------------


PORTED_LATER = 5732100007   # spectra, FULTON, block 573-210-0: ported to socket's COLUMBIA switch on Feb 10
BLOCK_NEIGHBOUR = 5732100008  # same thousands block, never ported
LRN_SOCKET_B = 5734400000   # 573-440: socket, switch SCKTMOXB


def test_port_effective_mid_month(net: Any, tmp_path: Path) -> None:
    """"A port effective mid-month": 573-210-0007 (spectra, FULTON, FLTNMOXA) is ported to LRN
    573-440-0000 (socket, SCKTMOXB) effective 2024-02-10. Calls from 573-220-0001 (centurytel-mo,
    MEXICO, MXCOMOXA) answered on the 9th - at noon, at 23:59, and at 23:30 lasting an hour past
    midnight - are served by spectra's FLTNMOXA with no governing agreement (centurytel-mo/spectra
    have none); calls answered from 2024-02-10 00:00 on are served by socket's SCKTMOXB under
    "amend". All are ``local`` (FULTON keeps rating the number: MEXICO-FULTON mandatory EAS).
    The unported 573-210-0008 in the same thousands block stays on FLTNMOXA after the 10th. The
    23:30 call's hour after midnight loads MXCOMOXA->FLTNMOXA, not the new switch. The stored cube
    and hourly load equal the per-call path's row for row."""
    _import(net, tmp_path, "ports.csv", f"tn,lrn,effective\n{PORTED_LATER},{LRN_SOCKET_B},2024-02-10\n")
    rows = [
        cdr("p_noon_9", CTL_MEXICO, PORTED_LATER, _at(9, 12, 0), 600.0),
        cdr("p_last_minute_9", CTL_MEXICO, PORTED_LATER, _at(9, 23, 59), 45.0),
        cdr("p_across_midnight", CTL_MEXICO, PORTED_LATER, _at(9, 23, 30), 3600.0),
        cdr("p_first_minute_10", CTL_MEXICO, PORTED_LATER, _at(10, 0, 0), 50.0),
        cdr("p_noon_12", CTL_MEXICO, PORTED_LATER, _at(12, 12, 0), 120.0),
        cdr("n_noon_12", CTL_MEXICO, BLOCK_NEIGHBOUR, _at(12, 12, 0), 90.0),
    ]
    cube, hours, calls = _both_paths(net, rows, GOVERNING)

    old = ("centurytel-mo", "spectra", MXCO, FLTN, None, "local")
    new = ("centurytel-mo", "socket", MXCO, SCKB, "amend", "local")
    _check_calls(calls, {
        "p_noon_9": (9, 12, *old),
        "p_last_minute_9": (9, 23, *old),
        "p_across_midnight": (9, 23, *old),
        "p_first_minute_10": (10, 0, *new),
        "p_noon_12": (12, 12, *new),
        "n_noon_12": (12, 12, *old),
    })
    _check_cube(cube, {
        (None, "centurytel-mo", "spectra", MXCO, FLTN, "local"): (4, 6000 + 450 + 36000 + 900),
        ("amend", "centurytel-mo", "socket", MXCO, SCKB, "local"): (2, 500 + 1200),
    })
    _check_hours(hours, {
        (MXCO, FLTN, 9, 12): (1, 6000),
        (MXCO, FLTN, 9, 23): (2, 450 + 18000),
        (MXCO, FLTN, 10, 0): (0, 18000),      # the 23:30 call after midnight: still the old switch
        (MXCO, SCKB, 10, 0): (1, 500),
        (MXCO, SCKB, 12, 12): (1, 1200),
        (MXCO, FLTN, 12, 12): (1, 900),       # the block neighbour
    })


def test_npa_nxx_reassigned_mid_month(net: Any, tmp_path: Path) -> None:
    """"A numbering change mid-month": NPA-NXX 573-220 (centurytel-mo, MEXICO, MXCOMOXA) is
    reassigned to socket (COLUMBIA, SCKTMOXB) from 2024-02-20. Calls from 573-210-0001 (spectra,
    FULTON) to it answered on the 19th (23:59; 23:30 lasting past midnight) go to centurytel-mo on
    MXCOMOXA, no agreement, ``local`` (FULTON-MEXICO EAS); from 2024-02-20 00:00 (and to another
    thousands block, 573-220-5555, on the 21st) to socket on SCKTMOXB under "interim",
    ``optional_eas`` (FULTON reaches COLUMBIA only by optional EAS). The other direction changes
    too: 573-220-0001 calling spectra on the 19th is centurytel-mo/MXCOMOXA, no agreement,
    ``local``; on the 20th socket/SCKTMOXB, "interim", ``intralata_toll`` (COLUMBIA does not reach
    FULTON; both in LATA 520). The stored cube and hourly load equal the per-call path's row for row."""
    _import(net, tmp_path, "numbering.csv",
            "npa_nxx,block,carrier,rate_center,switch,effective\n573220,,socket,COLUMBIA,SCKTMOXB,2024-02-20\n")
    other_block = 5732205555
    rows = [
        cdr("t_last_minute_19", SPECTRA_FULTON, CTL_MEXICO, _at(19, 23, 59), 45.0),
        cdr("t_across_midnight", SPECTRA_FULTON, CTL_MEXICO, _at(19, 23, 30), 3600.0),
        cdr("t_first_minute_20", SPECTRA_FULTON, CTL_MEXICO, _at(20, 0, 0), 50.0),
        cdr("t_other_block_21", SPECTRA_FULTON, other_block, _at(21, 9, 0), 60.0),
        cdr("o_last_minute_19", CTL_MEXICO, SPECTRA_FULTON, _at(19, 23, 59), 30.0),
        cdr("o_first_minute_20", CTL_MEXICO, SPECTRA_FULTON, _at(20, 0, 0), 40.0),
    ]
    cube, hours, calls = _both_paths(net, rows, GOVERNING)

    t_old = ("spectra", "centurytel-mo", FLTN, MXCO, None, "local")
    t_new = ("spectra", "socket", FLTN, SCKB, "interim", "optional_eas")
    _check_calls(calls, {
        "t_last_minute_19": (19, 23, *t_old),
        "t_across_midnight": (19, 23, *t_old),
        "t_first_minute_20": (20, 0, *t_new),
        "t_other_block_21": (21, 9, *t_new),
        "o_last_minute_19": (19, 23, "centurytel-mo", "spectra", MXCO, FLTN, None, "local"),
        "o_first_minute_20": (20, 0, "socket", "spectra", SCKB, FLTN, "interim", "intralata_toll"),
    })
    _check_cube(cube, {
        (None, "spectra", "centurytel-mo", FLTN, MXCO, "local"): (2, 450 + 36000),
        ("interim", "spectra", "socket", FLTN, SCKB, "optional_eas"): (2, 500 + 600),
        (None, "centurytel-mo", "spectra", MXCO, FLTN, "local"): (1, 300),
        ("interim", "socket", "spectra", SCKB, FLTN, "intralata_toll"): (1, 400),
    })
    _check_hours(hours, {
        (FLTN, MXCO, 19, 23): (2, 450 + 18000),
        (FLTN, MXCO, 20, 0): (0, 18000),      # the 23:30 call after midnight: still MXCOMOXA
        (FLTN, SCKB, 20, 0): (1, 500),
        (FLTN, SCKB, 21, 9): (1, 600),
        (MXCO, FLTN, 19, 23): (1, 300),
        (SCKB, FLTN, 20, 0): (1, 400),
    })


def test_governing_agreement_changes_mid_month_with_another_vnxx_rule(net: Any) -> None:
    """"A change of governing agreement mid-month with a different VNXX flag": socket<->spectra are
    governed by "interim" (VNXX treated as local) until 2024-02-15 and by "successor" (VNXX not
    local) from 2024-02-15. Calls from 573-210-0001 (spectra, FULTON) to the VNXX number
    573-330-1234 (socket, rated FULTON, customer in COLUMBIA) answered on the 14th (23:59; 23:30
    lasting past midnight) are "interim" / ``vnxx_local``; from 2024-02-15 00:00 "successor" /
    ``optional_eas`` (rated where the customer is: FULTON reaches COLUMBIA by optional EAS only).
    A plain FULTON call to 573-330-0001 is ``local`` under "interim" on the 14th and "successor" on
    the 15th. centurytel-mo -> VNXX stays "amend" / ``intralata_toll`` on both days. Switches do not
    change. The stored cube and hourly load equal the per-call path's row for row."""
    governing = [g for g in GOVERNING if g.agreement != "interim"]
    for a, b in (("socket", "spectra"), ("spectra", "socket")):
        governing += [GoverningRow(a, b, dt.date(2005, 10, 17), dt.date(2024, 2, 15), "interim", True),
                      GoverningRow(a, b, dt.date(2024, 2, 15), None, "successor", False)]
    rows = [
        cdr("v_last_minute_14", SPECTRA_FULTON, VNXX, _at(14, 23, 59), 45.0),
        cdr("v_across_midnight", SPECTRA_FULTON, VNXX, _at(14, 23, 30), 3600.0),
        cdr("v_first_minute_15", SPECTRA_FULTON, VNXX, _at(15, 0, 0), 50.0),
        cdr("s_last_minute_14", SPECTRA_FULTON, SOCKET_FULTON, _at(14, 23, 59), 30.0),
        cdr("s_first_minute_15", SPECTRA_FULTON, SOCKET_FULTON, _at(15, 0, 0), 40.0),
        cdr("c_last_minute_14", CTL_MEXICO, VNXX, _at(14, 23, 59), 60.0),
        cdr("c_first_minute_15", CTL_MEXICO, VNXX, _at(15, 0, 0), 60.0),
    ]
    cube, hours, calls = _both_paths(net, rows, governing)

    fs = ("spectra", "socket", FLTN, SCKA)
    ms = ("centurytel-mo", "socket", MXCO, SCKA)
    _check_calls(calls, {
        "v_last_minute_14": (14, 23, *fs, "interim", "vnxx_local"),
        "v_across_midnight": (14, 23, *fs, "interim", "vnxx_local"),
        "v_first_minute_15": (15, 0, *fs, "successor", "optional_eas"),
        "s_last_minute_14": (14, 23, *fs, "interim", "local"),
        "s_first_minute_15": (15, 0, *fs, "successor", "local"),
        "c_last_minute_14": (14, 23, *ms, "amend", "intralata_toll"),
        "c_first_minute_15": (15, 0, *ms, "amend", "intralata_toll"),
    })
    _check_cube(cube, {
        ("interim", *fs, "vnxx_local"): (2, 450 + 36000),
        ("successor", *fs, "optional_eas"): (1, 500),
        ("interim", *fs, "local"): (1, 300),
        ("successor", *fs, "local"): (1, 400),
        ("amend", *ms, "intralata_toll"): (2, 600 + 600),
    })
    _check_hours(hours, {
        (FLTN, SCKA, 14, 23): (3, 450 + 18000 + 300),
        (FLTN, SCKA, 15, 0): (2, 18000 + 500 + 400),
        (MXCO, SCKA, 14, 23): (1, 600),
        (MXCO, SCKA, 15, 0): (1, 600),
    })


def test_port_back_mid_month(net: Any, tmp_path: Path) -> None:
    """"A port-back mid-month": 573-210-0042 (spectra's FULTON number, ported since always to LRN
    573-330-0000: socket, SCKTMOXA) returns to spectra on 2024-02-24 (a ``ports`` row with an empty
    LRN). Calls from 573-220-0001 (centurytel-mo, MXCOMOXA) to it answered on the 23rd (23:59;
    23:30 lasting past midnight) are socket / SCKTMOXA under "amend"; from 2024-02-24 00:00
    spectra / FLTNMOXA with no agreement; all ``local`` (MEXICO-FULTON EAS). Calls *from* it:
    socket / SCKTMOXA / "amend" on the 23rd, spectra / FLTNMOXA / none on the 24th. The 23:30
    call's hour after midnight loads MXCOMOXA->SCKTMOXA. The stored cube and hourly load equal the
    per-call path's row for row."""
    _import(net, tmp_path, "ports.csv", f"tn,lrn,effective\n{PORTED},,2024-02-24\n")
    assert net.run_sql(f"SELECT lrn, effective, until FROM ports WHERE tn = {PORTED} ORDER BY effective NULLS FIRST") == [
        (5733300000, None, dt.date(2024, 2, 24)), (None, dt.date(2024, 2, 24), None)]
    rows = [
        cdr("q_last_minute_23", CTL_MEXICO, PORTED, _at(23, 23, 59), 45.0),
        cdr("q_across_midnight", CTL_MEXICO, PORTED, _at(23, 23, 30), 3600.0),
        cdr("q_first_minute_24", CTL_MEXICO, PORTED, _at(24, 0, 0), 50.0),
        cdr("o_last_minute_23", PORTED, CTL_MEXICO, _at(23, 23, 59), 30.0),
        cdr("o_first_minute_24", PORTED, CTL_MEXICO, _at(24, 0, 0), 40.0),
    ]
    cube, hours, calls = _both_paths(net, rows, GOVERNING)

    _check_calls(calls, {
        "q_last_minute_23": (23, 23, "centurytel-mo", "socket", MXCO, SCKA, "amend", "local"),
        "q_across_midnight": (23, 23, "centurytel-mo", "socket", MXCO, SCKA, "amend", "local"),
        "q_first_minute_24": (24, 0, "centurytel-mo", "spectra", MXCO, FLTN, None, "local"),
        "o_last_minute_23": (23, 23, "socket", "centurytel-mo", SCKA, MXCO, "amend", "local"),
        "o_first_minute_24": (24, 0, "spectra", "centurytel-mo", FLTN, MXCO, None, "local"),
    })
    _check_cube(cube, {
        ("amend", "centurytel-mo", "socket", MXCO, SCKA, "local"): (2, 450 + 36000),
        (None, "centurytel-mo", "spectra", MXCO, FLTN, "local"): (1, 500),
        ("amend", "socket", "centurytel-mo", SCKA, MXCO, "local"): (1, 300),
        (None, "spectra", "centurytel-mo", FLTN, MXCO, "local"): (1, 400),
    })
    _check_hours(hours, {
        (MXCO, SCKA, 23, 23): (2, 450 + 18000),
        (MXCO, SCKA, 24, 0): (0, 18000),      # the 23:30 call after midnight: still the ported-to switch
        (MXCO, FLTN, 24, 0): (1, 500),
        (SCKA, MXCO, 23, 23): (1, 300),
        (FLTN, MXCO, 24, 0): (1, 400),
    })


def test_all_four_changes_in_one_month(net: Any, tmp_path: Path) -> None:
    """"The periods of several changes interleave": the port (Feb 10), the agreement change (Feb
    15), the NPA-NXX reassignment (Feb 20) and the port-back (Feb 24) in one workspace, with calls
    at noon and at the edges of every change day (23:59 and 23:30 + 1 h the day before, 00:00 on
    it) between all the numbers concerned: the stored cube and hourly load equal the per-call
    path's row for row (their values are checked change by change above)."""
    _import(net, tmp_path, "ports.csv",
            f"tn,lrn,effective\n{PORTED_LATER},{LRN_SOCKET_B},2024-02-10\n{PORTED},,2024-02-24\n")
    _import(net, tmp_path, "numbering.csv",
            "npa_nxx,block,carrier,rate_center,switch,effective\n573220,,socket,COLUMBIA,SCKTMOXB,2024-02-20\n")
    governing = [g for g in GOVERNING if g.agreement != "interim"]
    for a, b in (("socket", "spectra"), ("spectra", "socket")):
        governing += [GoverningRow(a, b, dt.date(2005, 10, 17), dt.date(2024, 2, 15), "interim", True),
                      GoverningRow(a, b, dt.date(2024, 2, 15), None, "successor", False)]
    pairs = [(CTL_MEXICO, PORTED_LATER), (CTL_MEXICO, BLOCK_NEIGHBOUR), (SPECTRA_FULTON, CTL_MEXICO),
             (CTL_MEXICO, SPECTRA_FULTON), (SPECTRA_FULTON, VNXX), (SPECTRA_FULTON, SOCKET_FULTON),
             (CTL_MEXICO, VNXX), (CTL_MEXICO, PORTED), (PORTED, CTL_MEXICO)]
    times = [_at(1, 0, 0), _at(29, 23, 59)]
    for day in (10, 15, 20, 24):
        times += [_at(day - 1, 23, 59), _at(day - 1, 23, 30), _at(day, 0, 0), _at(day, 12, 0)]
    rows = [cdr(f"x{i}_{j}", o, t, when, 45.0 if when.minute == 59 else 3600.0 if when.minute == 30 else 50.0)
            for i, (o, t) in enumerate(pairs) for j, when in enumerate(times)]
    _, _, calls = _both_paths(net, rows, governing)
    assert len(calls) == len(rows)
