"""``meetpoint poi`` on a workspace holding the illustrative demo network."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from meetpoint.cli.main import app
from meetpoint.demo.network_builder import build_demo_workspace

runner = CliRunner()
AMENDMENT = "socket-centurytel-amendment-2005"
INTERIM = "socket-spectra-interim-2005"


@pytest.fixture(scope="module")
def ws_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("poi") / "ws"
    build_demo_workspace(path).close()
    return str(path)


def poi(ws_path: str, *args: str) -> dict:
    result = runner.invoke(app, ["poi", "-w", ws_path, "--on", "2006-03-01", "--json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_rate_center_remote_host_tandem(ws_path):
    out = poi(ws_path, "--agreement", AMENDMENT, "--rate-center", "ASHLAND")
    assert out["poi"] == "CLMAMOXA01T"
    assert out["cites"] == ["Amendment §3 ¶5"]
    assert [s["cite"] for s in out["steps"]] == ["Amendment §3 ¶5"] * 4
    assert "Host/Remote" in out["steps"][1]["text"]


def test_tn_uses_the_rated_rate_center_of_a_vnxx_number(ws_path):
    """417-546-3001 is a Socket VNXX number rated to FORSYTH (a third ILEC's EAS rate center), the
    customer an ISP in Springfield: the rated rate center governs, and no POI is placed."""
    out = poi(ws_path, "--agreement", AMENDMENT, "--tn", "417-546-3001")
    assert out["rate_center"] == "FORSYTH" and out["poi"] is None
    assert out["tn"]["carrier"] == "socket"
    assert "Amendment §3 ¶8" in out["cites"]


def test_mca_set_via_the_interim(ws_path):
    out = poi(ws_path, "--agreement", INTERIM, "--rate-center", "pleasanthl")
    assert out["poi"] == "HRVLMOXA01T"
    assert out["treated_as"] == ["HARRISNVL", "PECULIAR", "PLEASANTHL", "RAYMORE"]
    assert out["cites"] == ["Interim Arrangement §5 ¶5"]


def test_human_output_names_the_poi_and_steps(ws_path):
    result = runner.invoke(app, ["poi", "-w", ws_path, "-a", INTERIM, "--rate-center", "CENTRALIA", "--on", "2006-03-01"])
    assert result.exit_code == 0, result.output
    assert "MBRLMOXADS0" in result.output and "Interim Arrangement §5 ¶5" in result.output


@pytest.mark.parametrize(
    "args, message",
    [
        (["--agreement", AMENDMENT], "exactly one of --tn and --rate-center"),
        (["--agreement", AMENDMENT, "--tn", "5734410000", "--rate-center", "COLUMBIA"], "exactly one"),
        (["--agreement", AMENDMENT, "--rate-center", "NOWHERE"], "NOWHERE"),
        (["--agreement", "no-such-agreement", "--rate-center", "COLUMBIA"], "no-such-agreement"),
        (["--agreement", AMENDMENT, "--tn", "212-555-0100"], "not assigned"),
    ],
)
def test_errors_are_one_clear_line(ws_path, args, message):
    result = runner.invoke(app, ["poi", "-w", ws_path, "--on", "2006-03-01", *args])
    assert result.exit_code != 0
    assert message in result.output
