"""``meetpoint erlang``: blocking, trunks and capacity through the real entry point."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from meetpoint.cli.main import app
from meetpoint.teletraffic import capacity, erlang_b

runner = CliRunner()


def run_json(*args: str) -> dict:
    result = runner.invoke(app, ["erlang", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_b_json() -> None:
    out = run_json("b", "--trunks", "24", "--erlangs", "12")
    assert out["blocking"] == erlang_b(24, 12.0)
    assert out["trunks"] == 24 and out["erlangs"] == 12.0


def test_b_accepts_ccs() -> None:
    out = run_json("b", "--trunks", "24", "--ccs", "432")  # 432 CCS = 12 Erlangs
    assert out["erlangs"] == 12.0
    assert out["blocking"] == erlang_b(24, 12.0)


def test_trunks_json_at_the_ds1_edge() -> None:
    """Interim §5: 24 trunks at a .001 grade of service is the DS1 level."""
    c23 = capacity(23, 0.001)
    assert run_json("trunks", "--erlangs", repr(c23), "--gos", "0.001")["trunks"] == 23
    assert run_json("trunks", "--erlangs", "12", "--gos", "0.001")["trunks"] == 24
    assert run_json("trunks", "--ccs", "432", "--gos", "0.001")["trunks"] == 24


def test_capacity_json() -> None:
    out = run_json("capacity", "--trunks", "15", "--gos", "0.01")
    assert round(out["erlangs"], 3) == 8.108
    assert out["ccs"] == pytest.approx(out["erlangs"] * 36, rel=1e-15)


def test_tables_for_people() -> None:
    result = runner.invoke(app, ["erlang", "trunks", "--erlangs", "12", "--gos", "0.001"])
    assert result.exit_code == 0
    assert "Trunks needed" in result.stdout and "24" in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["trunks", "--erlangs", "3", "--ccs", "108", "--gos", "0.01"],  # both loads
        ["trunks", "--gos", "0.01"],  # no load
        ["trunks", "--erlangs", "3", "--gos", "1.5"],  # gos outside (0, 1)
        ["capacity", "--trunks", "0", "--gos", "0.01"],  # no trunks, no capacity
        ["b", "--trunks", "-1", "--erlangs", "1"],
    ],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    result = runner.invoke(app, ["erlang", *args])
    assert result.exit_code == 2
