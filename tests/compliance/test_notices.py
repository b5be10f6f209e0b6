"""Draft notices: each quotes its clauses, the evidence, the Notices clause's method and addresses, and
the date the notice counts as received.

CenturyTel/IDT ICA Art. III §31: "... deemed to have been received on the date of service if served
personally, on the date receipt is acknowledged in writing by the recipient if delivered by regular
U.S. mail, or on the date stated on the receipt if delivered by certified or registered mail or by a
courier service that obtains a written receipt."

Interim §5 ¶8: "Socket will provide notice of such election under the Notices provisions of the
AT&T/GTE Agreement and the associated contact information provided by Spectra." (not in the seeds)
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from meetpoint.agreements import load_library
from meetpoint.compliance.balance_study import balance_study
from meetpoint.compliance.notices import (
    NoticeError,
    delivery_for,
    direct_connection_notice,
    election_notice,
    find_verdict,
    render_notice,
    study_notice,
    write_notice,
)
from meetpoint.compliance.verdict import EvidenceRow, Verdict
from meetpoint.errors import DeadlineError


@pytest.fixture(scope="module")
def lib():
    return load_library()


@pytest.fixture(scope="module")
def study(lib):
    """Hand-worked: 6,001 of 10,000 minutes terminated by CenturyTel = 60.01% > 60 percent."""
    return balance_study(lib.agreement("centurytel-idt-2006"), {"centurytel": 6_001, "idt": 3_999}, ("2006-04", "2006-09"),
                         monthly={"2006-04": {"centurytel": 1_001, "idt": 700}})


def ds1_verdict(met: bool = True) -> Verdict:
    """Interim §5 ¶8 scenario (1), built by hand: 24+ trunks in Feb, Mar, Apr 2006 -> met in April."""
    rows = tuple(EvidenceRow(m, {"busy_hour_ccs": c, "trunks_needed": t, "grade_of_service": Decimal("0.001")},
                             {"trunks needed >= 24": t >= 24}, t >= 24, r)
                 for m, c, t, r in (("2006-01", 300.0, 19, 0), ("2006-02", 420.0, 24, 1), ("2006-03", 450.0, 25, 2),
                                    ("2006-04", 460.0, 25, 3)))
    return Verdict("socket-spectra-interim-2005", "direct_connection.ds1_level", "ds1_level_2005_10", "LBNNMOXADS0",
                   "SPFDMOSKDS0", met, "2006-04" if met else None, rows, "the DS1-level rule", ("Interim Arrangement §5 ¶8",),
                   dt.date(2005, 10, 17))


def mou_transit_verdict() -> Verdict:
    """Scenario (2): 112,000+ one-way MOU and transit paid above $672.00 in Jan-Mar 2006 -> met in March."""
    rows = tuple(EvidenceRow(m, {"mou_one_way": 120_000, "transit_paid": Decimal(p)}, {"one-way MOU >= 112000": True,
                             "transit paid > 672.00": True}, True, i + 1)
                 for i, (m, p) in enumerate((("2006-01", "700.00"), ("2006-02", "1000.00"), ("2006-03", "672.01"))))
    return Verdict("socket-spectra-interim-2005", "direct_connection.mou_and_transit", "mou_and_transit_2005_10",
                   "LBNNMOXADS0", "SPFDMOSKDS0", True, "2006-03", rows, "scenario (2)", ("Interim Arrangement §5 ¶8",),
                   dt.date(2005, 10, 17))


def test_study_notice_quotes_the_clause_and_addresses_of_section_31(lib, study) -> None:
    n = study_notice(lib, study, method="personal", sent=dt.date(2006, 10, 2))
    assert n.sender.carrier == "centurytel" and n.recipient.carrier == "idt"
    assert n.recipient.lines[0] == "Ana Bataille, IDT America, Corp., 520 Broad Street, Newark, New Jersey 07102"
    assert n.recipient.copy_to[0].startswith("Chana Goldberger")
    assert any("not notice" in x for x in n.recipient.informal)  # e-mail is for informal communications only
    assert n.sender.lines[0].startswith("CenturyTel, Inc., Attention: Carrier Relations, 100 CenturyTel Drive")
    assert n.clauses[0].cite == "CenturyTel/IDT ICA Art. IV §3.2.2"
    assert "more than 60 percent of the other Party's total terminated minutes" in n.clauses[0].text
    assert n.notice_clause.cite == "CenturyTel/IDT ICA Art. III §31"
    assert n.delivery.received == dt.date(2006, 10, 2)  # personal service: the date of service
    assert ("share of the total", "60.01%", "39.99%") in n.evidence_rows
    assert "mutual compensation will commence" in n.paragraphs[1]
    html = render_notice(n)
    for words in ("520 Broad Street", "60.01%", "Art. IV §3.2.2", "deemed received on the date of service",
                  "2 Oct 2006", "Information Access Traffic"):
        assert words in html


@pytest.mark.parametrize("method, kw, received", [
    ("personal", {}, dt.date(2006, 10, 2)),
    ("certified_mail", {"receipt": dt.date(2006, 10, 5)}, dt.date(2006, 10, 5)),
    ("courier", {"receipt": dt.date(2006, 10, 3)}, dt.date(2006, 10, 3)),
    ("regular_mail", {"acknowledged": dt.date(2006, 10, 9)}, dt.date(2006, 10, 9)),
    ("regular_mail", {}, None),      # not acknowledged in writing: not yet received
    ("certified_mail", {}, None),    # no receipt date yet
])
def test_received_date_by_method(lib, method, kw, received) -> None:
    d = delivery_for(lib, lib.agreement("centurytel-idt-2006"), method, sent=dt.date(2006, 10, 2), **kw)
    assert d.received == received
    assert d.cite == "CenturyTel/IDT ICA Art. III §31"
    if received is None:
        assert "not yet received" in d.received_note or "receipt" in d.received_note


def test_email_is_not_notice(lib) -> None:
    with pytest.raises(DeadlineError, match="E-mail will not be used to provide notice"):
        delivery_for(lib, lib.agreement("centurytel-idt-2006"), "email", sent=dt.date(2006, 10, 2))


def test_direct_connection_notice_for_socket_says_the_address_is_not_in_the_seeds(lib) -> None:
    n = direct_connection_notice(lib, ds1_verdict(), sent=dt.date(2006, 5, 2))
    assert (n.sender.carrier, n.recipient.carrier) == ("spectra", "socket")
    assert n.recipient.lines == () and "not in the seed documents" in n.recipient.missing
    assert n.delivery.received is None and "not in the seed documents" in n.delivery.received_note
    assert n.clauses[0].cite == "Interim Arrangement §5 ¶8"
    assert "equal to or exceeds 24 for three consecutive months" in n.clauses[0].text
    assert any(c.cite == "Interim Arrangement §5 ¶9" for c in n.clauses)  # "Upon notice and verification ..."
    assert "2006-04" in n.paragraphs[0] and "3rd consecutive month" in n.paragraphs[0]
    assert ("2006-04", "460.0", "25", "0.001", "trunks needed >= 24: yes", "yes", "3", "") in n.evidence_rows
    html = render_notice(n)
    assert "AT&amp;T/GTE Agreement, Notices provisions" in html and "Meetpoint does not invent one" in html


def test_no_notice_for_a_trigger_not_met(lib) -> None:
    with pytest.raises(NoticeError, match="not met"):
        direct_connection_notice(lib, ds1_verdict(met=False))


def test_election_notice_hand_worked_difference(lib) -> None:
    """Transit paid $1,000.00 in Feb 2006: Socket pays $1,000.00 - $672.00 = $328.00; $672.01 -> $0.01."""
    n = election_notice(lib, mou_transit_verdict(), sent=dt.date(2006, 4, 3))
    assert (n.sender.carrier, n.recipient.carrier) == ("socket", "spectra")
    assert ("2006-02", "120,000", "$1,000.00", "$672.00", "$328.00", "yes") in n.evidence_rows
    assert ("2006-03", "120,000", "$672.01", "$672.00", "$0.01", "yes") in n.evidence_rows
    assert [c.cite for c in n.clauses] == ["Interim Arrangement §5 ¶8", "Interim Arrangement §5 ¶8"]
    assert "under the Notices provisions of the AT&T/GTE Agreement" in n.clauses[1].text
    assert n.recipient.missing and n.delivery.received is None


def test_refused_study_has_no_notice(lib) -> None:
    from meetpoint.compliance.balance_study import PriorStudy

    r = balance_study(lib.agreement("centurytel-idt-2006"), {"centurytel": 1}, ("2006-10", "2006-12"),
                      [PriorStudy("x", dt.date(2006, 10, 1), "no_change")])
    with pytest.raises(NoticeError, match="refused"):
        study_notice(lib, r)


def test_find_verdict_by_reference() -> None:
    v = ds1_verdict()
    assert find_verdict([v], "socket-spectra-interim-2005:direct_connection.ds1_level:SPFDMOSKDS0:LBNNMOXADS0") is v
    with pytest.raises(NoticeError, match="no verdict"):
        find_verdict([v], "socket-spectra-interim-2005:direct_connection.ds1_level:A:B")


def test_pdf_is_written_and_carries_the_clauses(lib, study, tmp_path) -> None:
    from pypdf import PdfReader

    n = study_notice(lib, study, method="certified_mail", sent=dt.date(2006, 10, 2), receipt=dt.date(2006, 10, 5))
    out = write_notice(n, html=tmp_path / "n.html", pdf=tmp_path / "n.pdf")
    assert out["pdf"].read_bytes().startswith(b"%PDF")
    text = " ".join(p.extract_text() for p in PdfReader(out["pdf"]).pages)
    for words in ("Art. IV §3.2.2", "Art. III §31", "520 Broad Street", "60.01%", "5 Oct 2006"):
        assert words in text
