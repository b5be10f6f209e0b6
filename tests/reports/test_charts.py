"""Charts per switch pair: monthly minutes and trunks needed against each threshold, months met marked.

Thresholds come from the library (Interim §5 ¶8: "equal to or exceeds 24"; "112,000 minutes of use";
IDT Art. IV §5.2: "200,000 combined minutes of use", "100,000 MOUs"), never from the chart code.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from meetpoint.agreements import load_library
from meetpoint.compliance import MonthEvidence, evaluate
from meetpoint.reports.charts import Marks, Series, ThresholdLine, line_chart, pair_charts, thresholds_for

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def lib():
    return load_library()


def socket_rows() -> list[MonthEvidence]:
    """Busy-hour CCS 300 (19 trunks at .001), then 420, 450, 460, 470 (24-26 trunks): DS1 level met in 2006-04."""
    return [MonthEvidence(m, "LBNNMOXADS0", "SPFDMOSKDS0", "spectra", "socket", mou_forward=f, mou_reverse=5_000,
                          busy_hour_ccs=c)
            for m, f, c in (("2006-01", 90_000, 300.0), ("2006-02", 95_000, 420.0), ("2006-03", 99_000, 450.0),
                            ("2006-04", 101_000, 460.0), ("2006-05", 103_000, 470.0))]


def test_line_chart_is_plain_offline_svg() -> None:
    svg = line_chart("T & co", ["2006-01", "2006-02", "2006-03"], [Series("a", {"2006-01": 1, "2006-03": 5})],
                     [ThresholdLine(4, "at least 4 MOU/month", "X §1")], [Marks("t", ("2006-02", "2006-03"), "2006-03")])
    root = ET.fromstring(svg)  # well-formed XML, title escaped
    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}title").text == "T & co"
    assert "<script" not in svg and not re.search(r'(href|src)="http', svg)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "at least 4 MOU/month (X §1)" in texts and "met 2006-03" in texts
    shaded = [r for r in root.iter(f"{SVG}rect") if "test passed" in (r.findtext(f"{SVG}title") or "")]
    assert len(shaded) == 2
    assert len(root.findall(f"{SVG}polyline")) == 0  # 2006-02 missing: the line breaks, two single points


def test_thresholds_come_from_the_library(lib) -> None:
    vs = evaluate(lib, socket_rows(), through="2006-05")
    ds1 = next(v for v in vs if v.trigger == "direct_connection.ds1_level")
    t = thresholds_for(lib, ds1)
    assert [(x.value, x.cite) for x in t["trunks"]] == [(24.0, "Interim Arrangement §5 ¶8")]
    assert t["gos"] == [0.001]
    mou = next(v for v in vs if v.trigger == "direct_connection.mou_and_transit")
    assert [x.value for x in thresholds_for(lib, mou)["mou"]] == [112_000.0]


def test_idt_trigger_names_one_parameter(lib) -> None:
    rows = [MonthEvidence(m, "CTELMTXADS0", "IDTNNJXADS0", "centurytel", "idt", mou_forward=110_000, mou_reverse=95_000)
            for m in ("2006-05", "2006-06")]
    vs = evaluate(lib, rows, through="2006-06")
    two_way = next(v for v in vs if v.trigger.endswith("two_way_mou"))
    assert two_way.met and two_way.first_met == "2006-06"
    assert [x.value for x in thresholds_for(lib, two_way)["mou"]] == [200_000.0]
    charts = pair_charts(rows, vs, lib)
    assert charts[0].trunks_svg is None  # no busy-hour CCS, no trunks chart
    assert "at least 200,000 MOU/month (CenturyTel/IDT ICA Art. IV §5.2(a))" in charts[0].mou_svg
    assert "met 2006-06" in charts[0].mou_svg


def test_pair_chart_marks_the_month_met(lib) -> None:
    rows = socket_rows()
    charts = pair_charts(rows, evaluate(lib, rows, through="2006-05"), lib)
    assert len(charts) == 1
    c = charts[0]
    assert (c.from_switch, c.to_switch) == ("LBNNMOXADS0", "SPFDMOSKDS0")
    assert ("direct_connection.ds1_level", "2006-04") in c.met
    assert "met 2006-04" in c.trunks_svg and "at least 24 trunks (Interim Arrangement §5 ¶8)" in c.trunks_svg
    assert "Trunks needed at grade of service 0.001" in c.trunks_svg
    root = ET.fromstring(c.trunks_svg)
    points = [t.text for t in root.iter(f"{SVG}title") if t.text and t.text.startswith("trunks needed")]
    assert points[0].endswith("2006-01: 19") and points[1].endswith("2006-02: 24")
    assert "at least 112,000 MOU/month" in c.mou_svg
    assert "met 2006-04" not in c.mou_svg  # scenario (2) is not met; the DS1 mark belongs to the trunks chart
