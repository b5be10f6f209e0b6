"""``meetpoint rate | usage | load`` end to end: canonical CSV in, ingested, rated, queried as JSON."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parents[1] / "rating"))
from rating_net import SOCKET_FULTON, SPECTRA_FULTON, build_workspace  # noqa: E402

from meetpoint.cli.main import app  # noqa: E402
from meetpoint.traffic.schema import CANONICAL_COLUMNS  # noqa: E402

runner = CliRunner()

# Three spectra->socket calls of 20.1 s at 10:00 CST on 15 Jan 2024, and one socket->spectra call of
# 60 s from 10:59:30 to 11:00:30 (30 s in each clock hour). FULTON to FULTON: local, under the
# Socket/Spectra interim arrangement (top of its chain over the adopted AT&T/GTE agreement).
CALLS = [
    ("c1", SPECTRA_FULTON, SOCKET_FULTON, "2024-01-15T10:00:00-06:00", "2024-01-15T10:00:20.1-06:00"),
    ("c2", SPECTRA_FULTON, SOCKET_FULTON, "2024-01-15T10:10:00-06:00", "2024-01-15T10:10:20.1-06:00"),
    ("c3", SPECTRA_FULTON, SOCKET_FULTON, "2024-01-15T10:20:00-06:00", "2024-01-15T10:20:20.1-06:00"),
    ("c4", SOCKET_FULTON, SPECTRA_FULTON, "2024-01-15T10:59:30-06:00", "2024-01-15T11:00:30-06:00"),
]


def _write_calls(path: Path, calls: list[tuple[str, ...]]) -> Path:
    """A canonical CSV of (call id, calling, dialed, answer, disconnect) rows, all direct."""
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(CANONICAL_COLUMNS), lineterminator="\n")
        w.writeheader()
        for cid, o, t, a, d in calls:
            w.writerow({"call_id": cid, "orig_tn": o, "term_tn": t, "answer_ts": a, "disconnect_ts": d, "route": "direct"})
    return path


@pytest.fixture(scope="module")
def wsdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cli")
    build_workspace(root).close()
    path = _write_calls(root / "calls.csv", CALLS)
    ws = root / "ws"
    res = runner.invoke(app, ["ingest", str(path), "--json", "-w", str(ws)])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["rate", "--json", "-w", str(ws)])
    assert res.exit_code == 0, res.output
    summary = json.loads(res.output)
    assert summary["calls_in"] == summary["calls_in_cube"] == 4
    assert summary["months"] == ["2024-01"] and summary["by_jurisdiction"] == {"local": 4}
    return ws


def test_usage_rounds_each_cell_total_once(wsdir: Path) -> None:
    res = runner.invoke(app, ["usage", "--month", "2024-01", "--agreement", "socket-spectra-interim-2005", "--json", "-w", str(wsdir)])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.output)
    cites = [dict(r) for r in rows]
    rows = [{k: v for k, v in r.items() if k != "measurement_cite"} for r in rows]
    assert rows == [
        # socket -> spectra: one 60.0 s call = 1 minute
        {"agreement": "socket-spectra-interim-2005", "orig_carrier": "socket", "term_carrier": "spectra",
         "orig_switch": "SCKTMOXA", "term_switch": "FLTNMOXA", "route": "direct", "jurisdiction": "local",
         "calls": 1, "duration_ds": 600, "billable_minutes": 1},
        # spectra -> socket: 3 x 20.1 s = 60.3 s -> 2 minutes (per-call rounding would say 3)
        {"agreement": "socket-spectra-interim-2005", "orig_carrier": "spectra", "term_carrier": "socket",
         "orig_switch": "FLTNMOXA", "term_switch": "SCKTMOXA", "route": "direct", "jurisdiction": "local",
         "calls": 3, "duration_ds": 603, "billable_minutes": 2},
    ]
    # measured as the bills measure it: the IDT clause, borrowed (the Interim chain has no such terms)
    assert {r.pop("measurement_cite") for r in cites} == {
        "CenturyTel/IDT ICA Art. IV §2.4.1-§2.4.2, applied by analogy: the Socket/Spectra Interim Arrangement and "
        "the AT&T/GTE Agreement it adopts have no usage-measurement terms in the seeds"}


def test_usage_of_an_agreement_in_a_month_without_its_usage_is_empty(wsdir: Path) -> None:
    res = runner.invoke(app, ["usage", "--month", "2024-02", "--agreement", "socket-spectra-interim-2005", "--json",
                              "-w", str(wsdir)])
    assert res.exit_code == 0 and json.loads(res.output) == []


def test_load_two_way_tcbh(wsdir: Path) -> None:
    res = runner.invoke(app, ["load", "--month", "2024-01", "--from-switch", "FLTNMOXA", "--to-switch", "SCKTMOXA",
                              "--json", "-w", str(wsdir)])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    # 10:00-11:00 on 15 Jan carries 3 x 201 + 300 = 903 call-tenths; 11:00-12:00 carries 300.
    # TCBH: hour 10 averaged over January's 31 days = 903/31 tenths = 90.3/31 call-seconds
    # -> CCS = 0.903/31, Erlangs = 90.3/31/3600.
    assert (data["method"], data["busy_hour"], data["days_averaged"]) == ("tcbh", 10, 31)
    assert data["busy_hour_ccs"] == pytest.approx(0.903 / 31)
    assert data["busy_hour_erlangs"] == pytest.approx(90.3 / 31 / 3600)
    assert data["busy_hour_ccs"] == pytest.approx(data["busy_hour_erlangs"] * 36)
    assert data["daily"] == [{"date": "2024-01-15", "busy_hour": 10, "fold": 0, "ccs": pytest.approx(0.903),
                              "erlangs": pytest.approx(90.3 / 3600)}]


def test_load_one_way_and_adph(wsdir: Path) -> None:
    res = runner.invoke(app, ["load", "--month", "2024-01", "--from-switch", "SCKTMOXA", "--to-switch", "FLTNMOXA",
                              "--one-way", "--method", "adph", "--json", "-w", str(wsdir)])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    # socket -> spectra only: 30 s in hour 10 and 30 s in hour 11; the day's peak is 300 tenths (ties: earliest)
    assert (data["method"], data["busy_hour"], data["direction"]) == ("adph", None, "one-way")
    assert data["busy_hour_ccs"] == pytest.approx(0.3 / 31)
    assert [d["busy_hour"] for d in data["daily"]] == [10]


def test_bad_month_and_unrated_workspace(tmp_path: Path, wsdir: Path) -> None:
    res = runner.invoke(app, ["usage", "--month", "2024-13", "-w", str(wsdir)])
    assert res.exit_code == 2
    from meetpoint.store import Workspace

    Workspace.init(tmp_path / "empty").close()
    res = runner.invoke(app, ["load", "--month", "2024-01", "--from-switch", "A", "--to-switch", "B", "-w", str(tmp_path / "empty")])
    assert res.exit_code == 1 and "meetpoint rate" in res.output


def test_human_output(wsdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from meetpoint.cli import output

    monkeypatch.setattr(output.console, "_width", 160)
    res = runner.invoke(app, ["usage", "--month", "2024-01", "-w", str(wsdir)])
    assert res.exit_code == 0 and "local" in res.output
    words = " ".join(res.output.split())  # the caption may wrap
    # one table per agreement, titled by it; its caption totals calls and exact seconds
    assert "Usage 2024-01 · socket-spectra-interim-2005" in words
    assert "2 cells, 4 calls, 120.3 s" in words
    assert "CenturyTel/IDT ICA Art. IV §2.4.1-§2.4.2, applied by analogy" in words
    # a cell per line: 3 calls, 60.3 s, 2 billable minutes (right-aligned numbers)
    line = next(ln for ln in res.output.splitlines() if ln.startswith("│ spectra "))
    assert [c.strip() for c in line.split("│")[-4:-1]] == ["3", "60.3", "2"]


def test_human_output_of_an_empty_month(wsdir: Path) -> None:
    res = runner.invoke(app, ["usage", "--month", "2024-02", "-w", str(wsdir)])
    assert res.exit_code == 0 and "No usage in 2024-02." in res.output


def test_a_narrow_terminal_folds_identifiers_instead_of_cutting_them(wsdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from meetpoint.cli import output

    monkeypatch.setattr(output.console, "_width", 60)
    res = runner.invoke(app, ["usage", "--month", "2024-01", "-w", str(wsdir)])
    assert res.exit_code == 0 and "…" not in res.output
    lines = [ln.split("│")[1:-1] for ln in res.output.splitlines() if ln.startswith("│")]
    columns = ["".join(cells[j].strip() for cells in lines) for j in range(len(lines[0]))]  # folds joined
    assert "SCKTMOXAFLTNMOXA" in columns[2] and "FLTNMOXASCKTMOXA" in columns[3]  # orig and term switch
    assert columns[0] == "socketspectra" and columns[1] == "spectrasocket"


def test_load_refuses_a_switch_it_has_never_heard_of(wsdir: Path) -> None:
    res = runner.invoke(app, ["load", "--month", "2024-01", "--from-switch", "FLTNMOXB", "--to-switch", "SCKTMOXA",
                              "--json", "-w", str(wsdir)])
    assert res.exit_code == 2 and "'FLTNMOXB' is not a switch" in " ".join(res.output.split())


def test_load_reads_clli_in_any_case_and_says_when_a_pair_carried_nothing(wsdir: Path) -> None:
    res = runner.invoke(app, ["load", "--month", "2024-01", "--from-switch", "fltnmoxa", "--to-switch", " scktmoxa",
                              "--json", "-w", str(wsdir)])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert (data["from_switch"], data["days_with_traffic"], data["busy_hour"]) == ("FLTNMOXA", 1, 10)
    res = runner.invoke(app, ["load", "--month", "2024-02", "--from-switch", "FLTNMOXA", "--to-switch", "SCKTMOXA",
                              "--json", "-w", str(wsdir)])
    assert res.exit_code == 0
    assert json.loads(res.stdout)["days_with_traffic"] == 0 and json.loads(res.stdout)["busy_hour_ccs"] == 0.0
    assert "note: no rated traffic between FLTNMOXA and SCKTMOXA in 2024-02" in res.stderr


def test_usage_refuses_an_agreement_without_usage(wsdir: Path) -> None:
    res = runner.invoke(app, ["usage", "--month", "2024-01", "--agreement", "socket-spectra-interim-2006", "-w", str(wsdir)])
    assert res.exit_code == 2
    assert "agreements with usage: socket-spectra-interim-2005" in " ".join(res.output.split())


def test_usage_and_load_say_when_calls_were_stored_after_the_rating(tmp_path: Path) -> None:
    """Calls ingested after ``meetpoint rate`` are not in the usage cube until the month is rated
    again: the figures must not look current without a word."""
    build_workspace(tmp_path).close()
    ws = tmp_path / "ws"

    def ingest(name: str, calls: list[tuple[str, ...]]) -> None:
        assert runner.invoke(app, ["ingest", str(_write_calls(tmp_path / name, calls)), "-w", str(ws)]).exit_code == 0

    ingest("a.csv", CALLS)
    assert runner.invoke(app, ["rate", "-w", str(ws)]).exit_code == 0
    res = runner.invoke(app, ["usage", "--month", "2024-01", "--json", "-w", str(ws)])
    assert res.exit_code == 0 and "note:" not in res.stderr
    ingest("b.csv", [("c5", SPECTRA_FULTON, SOCKET_FULTON, "2024-01-16T10:00:00-06:00", "2024-01-16T10:01:00-06:00"),
                     ("c6", SPECTRA_FULTON, SOCKET_FULTON, "2024-03-01T10:00:00-06:00", "2024-03-01T10:01:00-06:00")])
    for args in (["usage", "--month", "2024-01"], ["load", "--month", "2024-01", "--from-switch", "FLTNMOXA",
                                                   "--to-switch", "SCKTMOXA"]):
        res = runner.invoke(app, [*args, "--json", "-w", str(ws)])
        assert res.exit_code == 0
        assert "5 calls are stored for 2024-01 but its" in res.stderr and "rated from 4" in res.stderr
    res = runner.invoke(app, ["usage", "--month", "2024-03", "-w", str(ws)])  # never rated
    assert "No usage in 2024-03." in res.stdout and "1 calls are stored for 2024-03" in res.stderr
    assert runner.invoke(app, ["rate", "-w", str(ws)]).exit_code == 0
    res = runner.invoke(app, ["usage", "--month", "2024-01", "--json", "-w", str(ws)])
    assert "note:" not in res.stderr and sum(r["calls"] for r in json.loads(res.stdout)) == 5


def test_load_finds_a_switch_stored_in_lower_case(tmp_path: Path) -> None:
    """CDR switches are stored as the CDR spells them: a lower-case CLLI is found in any case."""
    build_workspace(tmp_path).close()
    path = tmp_path / "lower.csv"
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(CANONICAL_COLUMNS), lineterminator="\n")
        w.writeheader()
        w.writerow({"call_id": "l1", "orig_tn": SPECTRA_FULTON, "term_tn": SOCKET_FULTON, "route": "direct",
                    "answer_ts": "2024-01-15T10:00:00-06:00", "disconnect_ts": "2024-01-15T10:01:00-06:00",
                    "orig_switch": "zzzzmoxa", "term_switch": "scktmoxa"})
    ws = tmp_path / "ws"
    assert runner.invoke(app, ["ingest", str(path), "-w", str(ws)]).exit_code == 0
    assert runner.invoke(app, ["rate", "-w", str(ws)]).exit_code == 0
    for spelled in ("zzzzmoxa", "ZZZZMOXA"):
        res = runner.invoke(app, ["load", "--month", "2024-01", "--from-switch", spelled, "--to-switch", "scktmoxa",
                                  "--one-way", "--json", "-w", str(ws)])
        assert res.exit_code == 0, res.output
        data = json.loads(res.stdout)
        assert (data["from_switch"], data["to_switch"], data["days_with_traffic"]) == ("zzzzmoxa", "scktmoxa", 1)


def test_load_by_quarter_hours_finds_the_hour_that_starts_at_half_past(tmp_path: Path) -> None:
    """E.500's busy hour is the best four consecutive quarter-hours (formats.md §8); the stored load
    has clock hours. Worked by hand (January 2024: 31 days; CST = UTC-6):

    - 15 Jan 10:30–11:30, one call of 36,000 tenths: clock hours 10 and 11 get 18,000 each; the
      quarters 10:30, 10:45, 11:00, 11:15 get 9,000 each.
    - 16 Jan 14:15–15:15, 36,000 tenths: clock hour 14 gets 27,000, hour 15 gets 9,000.
    - 17 Jan 23:50 to 18 Jan 00:10, 12,000 tenths: 6,000 in 23:45–24:00 on the 17th, 6,000 in
      00:00–00:15 on the 18th (the day's best window may not run past midnight: it starts 23:00).

    TCBH (clock hours): hour 14, 27,000/31 tenths = 0.871 CCS. TCBH-Q: 10:30 and 14:15 tie at
    36,000/31 = 1.161 CCS; the earlier wins. ADPH-Q: (36,000 + 36,000 + 6,000 + 6,000)/31 =
    2.710 CCS, against ADPH on clock hours (18,000 + 27,000 + 6,000 + 6,000)/31 = 1.839 CCS."""
    build_workspace(tmp_path).close()
    calls = [("q1", SPECTRA_FULTON, SOCKET_FULTON, "2024-01-15T10:30:00-06:00", "2024-01-15T11:30:00-06:00"),
             ("q2", SOCKET_FULTON, SPECTRA_FULTON, "2024-01-16T14:15:00-06:00", "2024-01-16T15:15:00-06:00"),
             ("q3", SPECTRA_FULTON, SOCKET_FULTON, "2024-01-17T23:50:00-06:00", "2024-01-18T00:10:00-06:00")]
    ws = tmp_path / "ws"
    assert runner.invoke(app, ["ingest", str(_write_calls(tmp_path / "q.csv", calls)), "-w", str(ws)]).exit_code == 0
    assert runner.invoke(app, ["rate", "-w", str(ws)]).exit_code == 0

    def load(*args: str) -> dict:
        res = runner.invoke(app, ["load", "--month", "2024-01", "--from-switch", "FLTNMOXA", "--to-switch", "SCKTMOXA",
                                  *args, "--json", "-w", str(ws)])
        assert res.exit_code == 0, res.output
        return json.loads(res.stdout)

    hour, quarter = load(), load("--interval", "quarter")
    assert (hour["busy_start"], hour["busy_hour_ccs"]) == ("14:00", pytest.approx(27.0 / 31))
    assert (quarter["interval"], quarter["busy_start"], quarter["days_averaged"]) == ("quarter", "10:30", 31)
    assert quarter["busy_hour_ccs"] == pytest.approx(36.0 / 31)
    assert quarter["busy_hour_erlangs"] == pytest.approx(3600.0 / 31 / 3600)
    adph = load("--interval", "quarter", "--method", "adph")
    assert adph["busy_hour_ccs"] == pytest.approx(84.0 / 31) and adph["busy_start"] is None
    assert [(d["date"], d["busy_start"], d["ccs"]) for d in adph["daily"]] == [
        ("2024-01-15", "10:30", pytest.approx(36.0)), ("2024-01-16", "14:15", pytest.approx(36.0)),
        ("2024-01-17", "23:00", pytest.approx(6.0)), ("2024-01-18", "00:00", pytest.approx(6.0))]
    assert load("--method", "adph")["busy_hour_ccs"] == pytest.approx(57.0 / 31)
    res = runner.invoke(app, ["load", "--month", "2024-01", "--from-switch", "FLTNMOXA", "--to-switch", "SCKTMOXA",
                              "--interval", "quarter", "--business-days", "-w", str(ws)])
    assert res.exit_code == 2


def test_rate_json_carries_what_the_store_recovered(wsdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A read of the stored calls may first undo an interrupted ingest (StoreRecoveredWarning): the
    JSON says so in ``notes``, as stderr does, so a script does not miss it."""
    import warnings

    from meetpoint.rating import run
    from meetpoint.traffic.storage import StoreRecoveredWarning

    real = run.rate_workspace

    def recovering(ws: object, months: object = None) -> dict:
        warnings.warn("batch x: an ingest was interrupted before its commit; put back y", StoreRecoveredWarning)
        return real(ws, months)

    monkeypatch.setattr(run, "rate_workspace", recovering)
    res = runner.invoke(app, ["rate", "--json", "-w", str(wsdir)])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["notes"] == ["batch x: an ingest was interrupted before its commit; put back y"]
    assert "note: batch x: an ingest was interrupted" in res.stderr


def test_load_by_quarter_hours_counts_a_call_answered_months_before(tmp_path: Path) -> None:
    """A call of 52 days (a hung trunk, stored as given and named at ingest) loads every hour of
    February 2024 it spans: the quarter figure reads back as far as the longest stored call, and is
    not below the clock-hour one."""
    build_workspace(tmp_path).close()
    calls = [("long", SPECTRA_FULTON, SOCKET_FULTON, "2023-12-20T10:00:00-06:00", "2024-02-10T10:00:00-06:00")]
    ws = tmp_path / "ws"
    assert runner.invoke(app, ["ingest", str(_write_calls(tmp_path / "l.csv", calls)), "-w", str(ws)]).exit_code == 0
    assert runner.invoke(app, ["rate", "-w", str(ws)]).exit_code == 0
    args = ["load", "--month", "2024-02", "--from-switch", "FLTNMOXA", "--to-switch", "SCKTMOXA", "--json", "-w", str(ws)]
    hour = json.loads(runner.invoke(app, args).stdout)
    quarter = json.loads(runner.invoke(app, [*args, "--interval", "quarter"]).stdout)
    # 1 Erlang through 10 Feb 10:00: every clock hour of 1–9 Feb and 00:00–09:59 on the 10th carries 36,000
    assert hour["busy_hour_ccs"] == pytest.approx(36.0 * 10 / 29)
    assert quarter["busy_hour_ccs"] == pytest.approx(hour["busy_hour_ccs"])
    assert quarter["days_with_traffic"] == 10
