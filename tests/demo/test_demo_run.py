"""The demo run end to end: it builds a workspace, prints, and writes a report holding the answers."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from rich.console import Console

from meetpoint.demo.run import run_demo
from meetpoint.errors import WorkspaceError


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = io.StringIO()
    result = run_demo(tmp_path_factory.mktemp("demo") / "ws", Console(file=out, width=120))
    return result, out.getvalue()


def test_report_is_written_and_named_on_the_console(demo):
    result, printed = demo
    assert result.report.exists()
    assert str(result.report.resolve()) in printed.replace("\n", "")


def test_governing_terms_for_each_pair(demo):
    result, _ = demo
    status = {t["pair"]: t["status"] for t in result.sections["terms"]}
    assert status == {
        ("socket", "spectra"): "in_force",
        ("socket", "centurytel-mo"): "in_force",
        ("centurytel", "idt"): "in_force",
        ("socket", "idt"): "no_agreement",
    }


def test_section_252_dates_of_the_seed_letter(demo):
    """Seed 003: "the window for filing for arbitrations ... is December 22, 2005 through January 16,
    2006 with an agreement to be in place by May 6, 2006"; and "between August 4, 2005 and August 29,
    2005" for the 22 Mar 2005 request."""
    result, _ = demo
    html = result.report.read_text()
    windows = {w["requested"]: w["windows"] for w in result.sections["deadlines"]["section252"]}
    aug = windows[dt.date(2005, 8, 9)]
    assert (aug.window_opens, aug.window_closes, aug.resolution_due) == (
        dt.date(2005, 12, 22), dt.date(2006, 1, 16), dt.date(2006, 5, 6))
    mar = windows[dt.date(2005, 3, 22)]
    assert (mar.window_opens, mar.window_closes) == (dt.date(2005, 8, 4), dt.date(2005, 8, 29))
    for text in ("22 Dec 2005", "16 Jan 2006", "6 May 2006", "4 Aug 2005", "29 Aug 2005"):
        assert text in html


def test_network_and_poi_in_report(demo):
    result, _ = demo
    net = result.sections["network"]
    assert net["rate_centers"] > 20 and net["carriers"] >= 8
    poi = {(p["agreement"], p["rate_center"]): p["poi"] for p in net["placements"]}
    # Demo network README: COLUMBIA's office subtends the CenturyTel tandem in its own rate center.
    assert poi[("socket-centurytel-amendment-2005", "COLUMBIA")] == "CLMAMOXA01T"
    assert "CLMAMOXA01T" in result.report.read_text()


def test_refuses_to_overwrite_a_folder_that_is_not_a_workspace(tmp_path):
    (tmp_path / "precious.txt").write_text("keep me")
    with pytest.raises(WorkspaceError, match="not a Meetpoint workspace"):
        run_demo(tmp_path, Console(file=io.StringIO()))
    assert (tmp_path / "precious.txt").read_text() == "keep me"
