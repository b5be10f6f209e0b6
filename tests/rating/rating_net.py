"""A tiny hand-made network and agreement set for the rating tests.

Rate centers (LATA): FULTON, MEXICO, COLUMBIA, JEFFCITY in LATA 520; KCITY in LATA 524.
Local calling: FULTON<->MEXICO mandatory EAS; FULTON->COLUMBIA optional EAS;
COLUMBIA->JEFFCITY mandatory MCA tier; JEFFCITY->COLUMBIA optional MCA tier.

Numbers (NPA-NXX -> carrier, rate center, switch):
  573-210 spectra FULTON FLTNMOXA     573-220 centurytel-mo MEXICO MXCOMOXA
  573-330 socket FULTON SCKTMOXA      573-440 socket COLUMBIA SCKTMOXB
  573-550 idt JEFFCITY IDTXMOXA       573-660 acme-wireless FULTON WRLSMOXA (CMRS)
  573-770 centurytel-mo COLUMBIA CLMAMOXA   573-880 centurytel-mo JEFFCITY JFCYMOXA
  816-770 xclec KCITY XCLCMOXA        816-880 yilec KCITY YILCMOXA
Ported: 573-210-0042 -> LRN 573-330-0000 (socket). VNXX: 573-330-1234 socket, rated FULTON,
physically COLUMBIA. ISPs: 573-440-5555 in COLUMBIA; 573-440-6666 physically in KCITY.

Agreements (a stand-in library; the resolver's answers are given as governing rows):
  spectra<->socket   "interim"    from 2005-10-17, treats VNXX as local (Interim §3)
  centurytel-mo<->socket "amend"  from 2005-10-17, VNXX *not* treated as local (stand-in)
  centurytel-mo<->idt "idt"       from 2006-01-01
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from meetpoint.rating.governing import GoverningRow
from meetpoint.store import Workspace
from meetpoint.traffic.schema import STORED_SCHEMA

CSV = {
    "carriers.csv": """id,name,ocn,kind
spectra,Spectra,1111,ILEC
centurytel-mo,CenturyTel of Missouri,2222,ILEC
socket,Socket Telecom,3333,CLEC
idt,IDT,4444,CLEC
acme-wireless,Acme Wireless,5555,CMRS
xclec,X CLEC,6666,CLEC
yilec,Y ILEC,7777,ILEC
""",
    "rate_centers.csv": """rate_center,state,lata
FULTON,MO,520
MEXICO,MO,520
COLUMBIA,MO,520
JEFFCITY,MO,520
KCITY,MO,524
""",
    "local_calling.csv": """rate_center,reaches,kind,mca
FULTON,MEXICO,mandatory_eas,
MEXICO,FULTON,mandatory_eas,
FULTON,COLUMBIA,optional_eas,
COLUMBIA,JEFFCITY,mca_mandatory,MIDMO
JEFFCITY,COLUMBIA,mca_optional,MIDMO
""",
    "numbering.csv": """npa_nxx,block,carrier,rate_center,switch
573210,,spectra,FULTON,FLTNMOXA
573220,,centurytel-mo,MEXICO,MXCOMOXA
573330,,socket,FULTON,SCKTMOXA
573440,,socket,COLUMBIA,SCKTMOXB
573550,,idt,JEFFCITY,IDTXMOXA
573660,,acme-wireless,FULTON,WRLSMOXA
573770,,centurytel-mo,COLUMBIA,CLMAMOXA
573880,,centurytel-mo,JEFFCITY,JFCYMOXA
816770,,xclec,KCITY,XCLCMOXA
816880,,yilec,KCITY,YILCMOXA
""",
    "ports.csv": """tn,lrn
5732100042,5733300000
""",
    "vnxx.csv": """tn_or_block,carrier,rated_rate_center,physical_rate_center
5733301234,socket,FULTON,COLUMBIA
""",
    "locations.csv": """tn,physical_rate_center,is_isp
5734405555,COLUMBIA,true
5734406666,KCITY,true
""",
}

SWITCHES = """clli,owner,kind,rate_center
FLTNMOXA,spectra,end_office,FULTON
MXCOMOXA,centurytel-mo,end_office,MEXICO
SCKTMOXA,socket,end_office,FULTON
SCKTMOXB,socket,end_office,COLUMBIA
IDTXMOXA,idt,end_office,JEFFCITY
WRLSMOXA,acme-wireless,end_office,FULTON
CLMAMOXA,centurytel-mo,end_office,COLUMBIA
JFCYMOXA,centurytel-mo,end_office,JEFFCITY
XCLCMOXA,xclec,end_office,KCITY
YILCMOXA,yilec,end_office,KCITY
"""


@dataclass
class FakeAgreement:
    id: str
    pairs: list[tuple[str, str]]
    effective: dt.date
    provisions: list[Any] = field(default_factory=list)


@dataclass
class FakeLibrary:
    agreements: list[FakeAgreement]


LIB = FakeLibrary(
    [
        FakeAgreement("interim", [("socket", "spectra")], dt.date(2005, 10, 17)),
        FakeAgreement("amend", [("centurytel-mo", "socket")], dt.date(2005, 10, 17)),
        FakeAgreement("idt", [("centurytel-mo", "idt")], dt.date(2006, 1, 1)),
    ]
)


def _both(a: str, b: str, since: dt.date, agr: str, vnxx: bool) -> list[GoverningRow]:
    return [GoverningRow(a, b, since, None, agr, vnxx), GoverningRow(b, a, since, None, agr, vnxx)]


GOVERNING = [
    *_both("socket", "spectra", dt.date(2005, 10, 17), "interim", True),
    *_both("centurytel-mo", "socket", dt.date(2005, 10, 17), "amend", False),
    *_both("centurytel-mo", "idt", dt.date(2006, 1, 1), "idt", False),
]


def build_workspace(root: Path) -> Workspace:
    from meetpoint.network.importers.project_csv import import_folder

    ws = Workspace.init(root / "ws")
    folder = root / "ref"
    folder.mkdir()
    for name, text in {**CSV, "switches.csv": SWITCHES}.items():
        (folder / name).write_text(text)
    import_folder(ws, folder)
    return ws



# Numbers used in the tests (see the module docstring).
SPECTRA_FULTON = 5732100001
CTL_MEXICO = 5732200001
SOCKET_FULTON = 5733300001
SOCKET_COLUMBIA = 5734400001
IDT_JEFF = 5735500001
WIRELESS_FULTON = 5736600001
CTL_COLUMBIA = 5737700001
CTL_JEFF = 5738800001
XCLEC_KC = 8167700001
YILEC_KC = 8168800001
PORTED = 5732100042          # spectra's number, ported to socket (LRN 573-330-0000)
UNPORTED_SPECTRA = 5732100043
LRN_SOCKET = 5733300000
VNXX = 5733301234
ISP_COLUMBIA = 5734405555
ISP_FAR = 5734406666

CHICAGO = dt.timezone(dt.timedelta(hours=-6))  # CST, for writing winter times by hand


def cdr(call_id: str, orig: int, term: int, answer: dt.datetime, seconds: float, **kw: Any) -> dict[str, Any]:
    """One stored call record (times converted to UTC; duration in tenths from ``seconds``)."""
    a = answer.astimezone(dt.timezone.utc)
    ds = round(seconds * 10)
    row = {
        "call_id": call_id, "orig_tn": orig, "term_tn": term, "term_lrn": None,
        "answer_ts": a, "disconnect_ts": a + dt.timedelta(seconds=ds / 10), "duration_ds": ds,
        "orig_switch": None, "term_switch": None, "route": "direct", "trunk_group": None,
        "cmrs": None, "isp_bound": None, "orig_location": None,
        "source_file": "test", "source_row": 1, "batch_id": "b1",
    }
    row.update(kw)
    return row


_SEQ = iter(range(10**9))


def calls_table(ws: Workspace, rows: list[dict[str, Any]], name: str | None = None) -> Any:
    """Store ``rows`` as a workspace table and return it as an Ibis table."""
    name = name or f"cdrs_{next(_SEQ)}"
    arrow = pa.Table.from_pylist(rows, schema=STORED_SCHEMA) if rows else STORED_SCHEMA.empty_table()
    ws.write_arrow(name, arrow)
    return ws.con.table(name)
