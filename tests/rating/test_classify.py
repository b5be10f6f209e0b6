"""Each jurisdiction and the clause that gives it, on hand-made calls (network in conftest.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from rating_net import (
    CHICAGO, CTL_COLUMBIA, CTL_JEFF, CTL_MEXICO, GOVERNING, IDT_JEFF, ISP_COLUMBIA, ISP_FAR, LIB, LRN_SOCKET,
    PORTED, SOCKET_COLUMBIA, SOCKET_FULTON, SPECTRA_FULTON, UNPORTED_SPECTRA, VNXX, WIRELESS_FULTON, XCLEC_KC,
    YILEC_KC, calls_table, cdr,
)

from meetpoint.rating import JURISDICTIONS, classify

T = dt.datetime(2024, 1, 15, 10, 0, tzinfo=CHICAGO)


def rate(ws: Any, *rows: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out = classify(ws, calls_table(ws, list(rows)), lib=LIB, governing=GOVERNING).to_pyarrow().to_pylist()
    assert len(out) == len(rows)  # one row per call, always
    return {r["call_id"]: r for r in out}


# (case, orig, term, extra CDR fields, jurisdiction, agreement, why)
CASES = [
    ("same rate center", SPECTRA_FULTON, SOCKET_FULTON, {}, "local", "interim",
     "App. C 1.55/1.61: FULTON to FULTON is within the local exchange area"),
    ("mandatory EAS", SOCKET_FULTON, CTL_MEXICO, {}, "local", "amend",
     "App. C 1.61: FULTON reaches MEXICO by mandatory EAS"),
    ("optional EAS", SOCKET_FULTON, CTL_COLUMBIA, {}, "optional_eas", "amend",
     "App. C 1.61 excludes optional EAS: FULTON reaches COLUMBIA only by optional EAS"),
    ("mandatory MCA tier", SOCKET_COLUMBIA, CTL_JEFF, {}, "local", "amend",
     "COLUMBIA reaches JEFFCITY in the mandatory tier of MCA MIDMO"),
    ("optional MCA tier", CTL_JEFF, SOCKET_COLUMBIA, {}, "optional_eas", "amend",
     "JEFFCITY reaches COLUMBIA only in MIDMO's optional tier: an optional rate package (App. C 1.61)"),
    ("intraLATA toll", SPECTRA_FULTON, IDT_JEFF, {}, "intralata_toll", None,
     "FULTON and JEFFCITY: no link, both LATA 520; spectra-idt have no agreement"),
    ("interLATA", SOCKET_FULTON, YILEC_KC, {}, "interlata", None,
     "FULTON (LATA 520) to KCITY (LATA 524); socket is a party, yilec is not"),
    ("transit", XCLEC_KC, YILEC_KC, {}, "transit", None,
     "neither xclec nor yilec is a party to any agreement, though the call is KCITY-local"),
    ("CMRS carrier", WIRELESS_FULTON, SPECTRA_FULTON, {}, "cmrs", None,
     "App. C 1.61 'excluding CMRS traffic': the calling carrier is CMRS"),
    ("CMRS flag", SPECTRA_FULTON, SOCKET_FULTON, {"cmrs": True}, "cmrs", "interim",
     "the CDR says the call came from a wireless network"),
    ("ported number", CTL_MEXICO, PORTED, {}, "local", "amend",
     "573-210-0042 is spectra's FULTON number ported to socket: socket serves it (LRN), FULTON rates it"),
    ("LRN on the CDR", CTL_MEXICO, UNPORTED_SPECTRA, {"term_lrn": LRN_SOCKET}, "local", "amend",
     "the CDR's term_lrn routes the call to socket; the dialed number still rates it (MEXICO-FULTON EAS)"),
    ("VNXX under the interim", SPECTRA_FULTON, VNXX, {}, "vnxx_local", "interim",
     "Interim §3: rated FULTON, local to the FULTON caller, though the customer is in COLUMBIA"),
    ("VNXX without VNXX treatment", CTL_MEXICO, VNXX, {}, "intralata_toll", "amend",
     "no vnxx provision: rated where the customer is, COLUMBIA, which MEXICO does not reach"),
    ("ISP in the caller's local calling area", CTL_COLUMBIA, ISP_COLUMBIA, {}, "isp_local", "amend",
     "App. C 1.45/1.61: end user and ISP both physically in COLUMBIA"),
    ("ISP elsewhere", CTL_COLUMBIA, ISP_FAR, {}, "isp_nonlocal", "amend",
     "App. C 1.45: the ISP's number is a COLUMBIA number but the ISP sits in KCITY"),
    ("ISP, caller's physical location from the CDR", CTL_MEXICO, ISP_COLUMBIA, {"orig_location": "COLUMBIA"},
     "isp_local", "amend", "the MEXICO number's user is physically in COLUMBIA, with the ISP"),
    ("ISP, caller at its number's rate center", CTL_MEXICO, ISP_COLUMBIA, {}, "isp_nonlocal", "amend",
     "MEXICO does not reach COLUMBIA locally"),
    ("ISP flag on the CDR", SPECTRA_FULTON, SOCKET_FULTON, {"isp_bound": True}, "isp_local", "interim",
     "dial-up flagged by the switch; FULTON to FULTON"),
    ("unknown number", 9995550000 + 1, SOCKET_FULTON, {}, "unrated", None,
     "no numbering row for 999-555: the call is kept, marked unrated"),
]


@pytest.mark.parametrize(("case", "orig", "term", "extra", "jurisdiction", "agreement", "why"), CASES, ids=[c[0] for c in CASES])
def test_jurisdiction(ws: Any, case: str, orig: int, term: int, extra: dict, jurisdiction: str, agreement: str | None, why: str) -> None:
    row = rate(ws, cdr("c", orig, term, T, 30, **extra))["c"]
    assert (row["jurisdiction"], row["agreement"]) == (jurisdiction, agreement), why


def test_every_jurisdiction_is_covered() -> None:
    assert {c[4] for c in CASES} == set(JURISDICTIONS)


def test_ported_number_carrier_switch_and_rate_center(ws: Any) -> None:
    r = rate(ws, cdr("p", CTL_MEXICO, PORTED, T, 30), cdr("q", CTL_MEXICO, UNPORTED_SPECTRA, T, 30))
    # ported: served by socket's FULTON switch (its LRN 573-330-0000), rated to FULTON (its NPA-NXX)
    assert (r["p"]["term_carrier"], r["p"]["term_switch"], r["p"]["term_rc"]) == ("socket", "SCKTMOXA", "FULTON")
    # its neighbour in the same block, not ported: spectra's switch
    assert (r["q"]["term_carrier"], r["q"]["term_switch"], r["q"]["term_rc"]) == ("spectra", "FLTNMOXA", "FULTON")


def test_cdr_switches_and_route_win(ws: Any) -> None:
    r = rate(ws, cdr("s", SPECTRA_FULTON, SOCKET_FULTON, T, 30, orig_switch="TANDEMX", route="transit:9999"))["s"]
    assert (r["orig_switch"], r["term_switch"], r["route"]) == ("TANDEMX", "SCKTMOXA", "transit:9999")


def test_agreement_follows_the_call_date(ws: Any) -> None:
    # the centurytel-idt stand-in starts 2006-01-01: a call on 31 Dec 2005 (local) has no agreement
    before = dt.datetime(2005, 12, 31, 23, 0, tzinfo=CHICAGO)  # 05:00 UTC on 1 Jan 2006
    after = dt.datetime(2006, 1, 1, 0, 30, tzinfo=CHICAGO)
    r = rate(ws, cdr("b", CTL_JEFF, IDT_JEFF, before, 30), cdr("a", CTL_JEFF, IDT_JEFF, after, 30))
    assert r["b"]["agreement"] is None and r["b"]["date"] == dt.date(2005, 12, 31)
    assert r["a"]["agreement"] == "idt" and r["a"]["jurisdiction"] == "local"
