"""``meetpoint mileage`` and ``meetpoint vh`` through the real Typer app."""

from __future__ import annotations

import json
import sys
import types

import pytest
from typer.testing import CliRunner

from meetpoint.cli.main import app

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


def test_mileage_json_new_york_to_chicago_by_the_tariff():
    # formats.md §7 worked example: 711 miles, N = 4, a = 12, b = 25.
    res = run("mileage", "--from-vh", "4997,1406", "--to-vh", "5986,3426", "--json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["miles"] == 711 and data["method"] == "tariff"
    assert {k: data["steps"][k] for k in ("n", "a", "b", "minimum_applied")} == {
        "n": 4,
        "a": 12,
        "b": 25,
        "minimum_applied": False,
    }


def test_mileage_json_plain_method():
    res = run("mileage", "--from-vh", "4997,1406", "--to-vh", "5986,3426", "--method", "plain", "--json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert (data["miles"], data["method"], data["steps"]["n"]) == (712, "plain", None)


def test_mileage_table_for_people_shows_the_minimum():
    # dV = 129 -> N = 2, 40 miles raised to the minimum of 41 (see tests/network/test_mileage.py).
    res = run("mileage", "--from-vh", "5000,5000", "--to-vh", "5129,5000")
    assert res.exit_code == 0, res.output
    assert "41" in res.stdout and "applied" in res.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("--to-vh", "1,2"),  # no first point
        ("--from-vh", "1,2", "--from-clli", "X", "--to-vh", "1,2"),  # both forms for one point
        ("--from-vh", "1;2", "--to-vh", "1,2"),  # not V,H
        ("--from-vh", "a,b", "--to-vh", "1,2"),
        ("--from-vh", "1,2", "--to-vh", "1,2", "--method", "haversine"),
    ],
)
def test_mileage_bad_arguments_are_usage_errors(args):
    res = run("mileage", *args)
    assert res.exit_code == 2


def test_mileage_from_clli_uses_the_workspace_lookup(monkeypatch, tmp_path):
    calls = []

    def switch_vh(ws, clli, on=None):
        calls.append((ws, clli))
        return {"NYCMNY18DS0": (4997, 1406), "CHCGILCLDS0": (5986, 3426)}[clli]

    fake = types.ModuleType("meetpoint.network.lookup")
    fake.switch_vh = switch_vh  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "meetpoint.network.lookup", fake)
    res = run(
        "mileage", "--from-clli", "NYCMNY18DS0", "--to-clli", "CHCGILCLDS0", "--workspace", str(tmp_path), "--json"
    )
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["miles"] == 711
    assert [c[1] for c in calls] == ["NYCMNY18DS0", "CHCGILCLDS0"]
    assert all(str(c[0]) == str(tmp_path) for c in calls)


def test_mileage_from_clli_says_plainly_when_the_lookup_is_missing(monkeypatch):
    monkeypatch.setitem(sys.modules, "meetpoint.network.lookup", None)  # forces ImportError
    res = run("mileage", "--from-clli", "NYCMNY18DS0", "--to-vh", "5986,3426")
    assert res.exit_code == 1
    assert "meetpoint.network.lookup" in res.output and "--from-vh" in res.output


def test_vh_from_latlon_json():
    # formats.md §7: (41.878, −87.630) -> (5986.6, 3424.7). A negative --lon is a value, not an option.
    res = run("vh", "--lat", "41.878", "--lon", "-87.630", "--json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert set(data) == {"v", "h"}
    assert data["v"] == pytest.approx(5986.6, abs=0.1) and data["h"] == pytest.approx(3424.7, abs=0.1)


def test_vh_to_latlon_json_is_east_positive():
    res = run("vh", "--v", "5587", "--h", "1601", "--json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert set(data) == {"lat", "lon"}
    assert (data["lat"], data["lon"]) == pytest.approx((39.07824516, -77.00127254), abs=1e-4)


def test_vh_table_for_people():
    res = run("vh", "--v", "5986", "--h", "3426")
    assert res.exit_code == 0, res.output
    assert "41.88" in res.stdout and "-87.63" in res.stdout


@pytest.mark.parametrize(
    "args",
    [(), ("--lat", "41.878"), ("--lat", "41.878", "--lon", "-87.63", "--v", "1"), ("--v", "5986"), ("--lat", "95", "--lon", "0")],
)
def test_vh_needs_exactly_one_complete_pair(args):
    assert run("vh", *args).exit_code == 2
