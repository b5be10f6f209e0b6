"""The governing agreement of each carrier pair, from the built-in library through the resolver."""

from __future__ import annotations

import datetime as dt

from meetpoint.agreements import load_library
from meetpoint.rating.governing import GOVERNING_SCHEMA, governing_rows, governing_table, parties


def test_socket_spectra_is_the_interim_arrangement_from_17_october_2005() -> None:
    lib = load_library()
    rows = {(r.carrier_a, r.carrier_b, r.valid_from): r for r in governing_rows(lib)}
    # Interim §7: commences on the date of the agreement; it adopts the AT&T/GTE agreement, so the
    # top of the chain (the interim arrangement) names the calls. Interim §3 treats VNXX as local.
    for a, b in (("socket", "spectra"), ("spectra", "socket")):
        r = rows[(a, b, dt.date(2005, 10, 17))]
        assert (r.agreement, r.valid_to, r.vnxx_local) == ("socket-spectra-interim-2005", None, True)


def test_pairs_without_an_agreement_have_no_rows() -> None:
    lib = load_library()
    rows = governing_rows(lib)
    assert all(r.agreement for r in rows)
    assert not [r for r in rows if {r.carrier_a, r.carrier_b} == {"spectra", "idt"}]
    assert {"socket", "spectra", "idt"} <= parties(lib)


def test_table_schema() -> None:
    t = governing_table(governing_rows(load_library()))
    assert t.schema == GOVERNING_SCHEMA and t.num_rows > 0
