"""NetworkSnapshot: built by hand and loaded from a workspace as of a date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from meetpoint.errors import ReferenceDataError
from meetpoint.network.importers import import_folder
from meetpoint.network.model import CallingLink, Carrier, NetworkSnapshot, RateCenter, Switch
from meetpoint.store import Workspace

GOOD = Path(__file__).parent / "fixtures" / "csv_good"


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    w = Workspace.init(tmp_path_factory.mktemp("model") / "ws")
    import_folder(w, GOOD)
    yield w
    w.close()


def test_homing_change_takes_effect_on_its_date(ws):
    before = NetworkSnapshot.load(ws, on=dt.date(2006, 12, 31))
    after = NetworkSnapshot.load(ws, on=dt.date(2007, 1, 1))
    assert before.host_of("ASLDMOXARS0").clli == "FLTNMOXADS0"
    assert after.host_of("ASLDMOXARS0").clli == "JFCYMOXADS0"


def test_loaded_snapshot_helpers(ws):
    snap = NetworkSnapshot.load(ws, on=dt.date(2006, 6, 1))
    assert snap.carriers["spectra"] == Carrier("spectra", "Spectra Communications Group (illustrative)", "1234", "ILEC", ("centurytel-mo",))
    assert snap.rate_centers["FULTON"] == RateCenter("FULTON", "MO", 524, 6830.0, 2860.0)
    assert [s.clli for s in snap.switches_in("JEFFERSON CITY")] == ["JFCYMOXA04T", "JFCYMOXADS0"]
    assert snap.tandem_of("FLTNMOXADS0").clli == "JFCYMOXA04T"
    assert snap.tandem_of("ASLDMOXARS0").clli == "JFCYMOXA04T"  # through its host
    assert snap.host_of("FLTNMOXADS0") is None
    assert snap.reaches("FULTON") == {"FULTON": "basic", "ASHLAND": "mandatory_eas"}
    assert snap.calling_kind("COLUMBIA", "ASHLAND") == "optional_eas"
    assert snap.calling_kind("FULTON", "COLUMBIA") is None
    assert snap.mca_of("COLUMBIA") == "MID-MISSOURI" and snap.mca_of("FULTON") is None
    assert snap.mca_members("MID-MISSOURI") == {"COLUMBIA": "mca_optional", "JEFFERSON CITY": "mca_mandatory"}
    assert snap.affiliated("spectra", "centurytel-mo") and not snap.affiliated("spectra", "socket")
    assert snap.carrier_by_ocn("3456").id == "socket"
    assert [s.clli for s in snap.remotes_of("FLTNMOXADS0")] == ["ASLDMOXARS0"]
    assert {s.clli for s in snap.subtending("JFCYMOXA04T")} == {"FLTNMOXADS0", "JFCYMOXADS0"}


def test_built_by_hand_and_unknown_switch():
    snap = NetworkSnapshot(
        switches={"A": Switch("A", "x", "end_office", "R")},
        calling=[CallingLink("R", "S", "mca_mandatory", "KC")],
    )
    assert snap.on is None and snap.mca_of("R") == "KC"
    with pytest.raises(ReferenceDataError, match="no switch 'B'"):
        snap.switch("B")


def test_empty_workspace_gives_an_empty_snapshot(tmp_path):
    with Workspace.init(tmp_path) as w:
        snap = NetworkSnapshot.load(w, on=dt.date(2006, 1, 1))
    assert snap.switches == {} and snap.calling == []
