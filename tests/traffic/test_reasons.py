"""Each quarantine reason, with the file, row and field it names (DESIGN.md conventions: never drop silently)."""

from __future__ import annotations

import pytest

from meetpoint.traffic import ingest_files, quarantine_rows, read_cdrs
from meetpoint.traffic.schema import REASONS


def _one(ws, canonical, tools, row, columns=None, **kw):
    path = canonical("one.csv", [row], **({"columns": columns} if columns else {}))
    rep = ingest_files(ws, [path], progress=False, **kw)
    assert rep.rows_read == rep.accepted + rep.quarantined == 1
    rows = quarantine_rows(ws)
    return rows[0] if rows else None


CASES = [
    # (name, row overrides, code, field, words in the reason)
    ("orig not 10 digits", {"orig": "573555010"}, "bad_number", "orig_tn", "'573555010'"),
    ("NXX starts with 1", {"term": "5731420001"}, "bad_number", "term_tn", "NANP"),
    ("NPA starts with 0", {"orig": "0735550100"}, "bad_number", "orig_tn", "NANP"),
    ("missing dialed number", {"term": ""}, "bad_number", "term_tn", "missing"),
    ("bad LRN", {"term_lrn": "12"}, "bad_number", "term_lrn", "'12'"),
    ("naive time", {"answer": "2024-03-01 14:00:00"}, "bad_time", "answer_ts", "no UTC offset"),
    ("garbage time", {"disconnect": "soon Z"}, "bad_time", "disconnect_ts", "not a time"),
    ("impossible date", {"answer": "2024-02-30T10:00:00Z"}, "bad_time", "answer_ts", "not a time"),
    ("missing disconnect", {"disconnect": ""}, "bad_time", "disconnect_ts", "missing"),
    ("answered before 1995", {"answer": "1994-12-31T23:59:59Z", "disconnect": "1995-01-01T06:00:10Z", "duration_ds": ""},
     "time_out_of_range", "answer_ts", "1994-12-31 17:59:59"),
    ("answered after 2045", {"answer": "2046-01-01T06:00:00Z", "disconnect": "2046-01-01T06:00:10Z", "duration_ds": ""},
     "time_out_of_range", "answer_ts", "(1995–2045, local time)"),
    ("disconnect before answer", {"disconnect": "2024-03-01T19:59:59Z"}, "disconnect_before_answer", "disconnect_ts",
     "by 1.0 s"),
    ("duration off by 2 tenths", {"duration_ds": "602"}, "duration_mismatch", "duration_ds", "stated 602"),
    ("duration not a number", {"duration_ds": "60.0"}, "bad_duration", "duration_ds", "'60.0'"[1:-1]),
    ("negative duration", {"duration_ds": "-600"}, "bad_duration", "duration_ds", "negative: -600"),
    ("route", {"route": "tandem"}, "bad_route", "route", "'tandem'"),
    ("transit without OCN", {"route": "transit:"}, "bad_route", "route", "transit:<OCN>"),
    ("cmrs", {"cmrs": "maybe"}, "bad_flag", "cmrs", "'maybe'"),
    ("isp_bound", {"isp_bound": "2"}, "bad_flag", "isp_bound", "'2'"),
    ("no answer supervision", {"answer": ""}, "unanswered", "answer_ts", "not usage"),
    ("no call id", {"call_id": ""}, "missing_call_id", "call_id", "missing call id"),
]


@pytest.mark.parametrize("name, over, code, field, words", CASES, ids=[c[0] for c in CASES])
def test_each_reason_names_row_field_and_value(ws, canonical, tools, name, over, code, field, words):
    kw = {k: over.pop(k) for k in ("orig", "term", "answer", "disconnect") if k in over}
    row = tools.call(over.pop("call_id", "c1"), **kw, **over)
    q = _one(ws, canonical, tools, row)
    assert q is not None, name
    assert (q["row"], q["field"], q["code"]) == (1, field, code)
    assert words in q["reason"]
    assert q["file"].endswith("one.csv")


def test_duration_within_one_tenth_is_accepted_and_kept(ws, canonical, tools):
    # 60.04 s between the stamps -> 600 tenths; 601 is within the tolerance of 1 tenth.
    row = tools.call("c1", disconnect="2024-03-01T20:01:00.04Z", duration_ds="601")
    assert _one(ws, canonical, tools, row) is None
    assert read_cdrs(ws).duration_ds.to_pyarrow().to_pylist() == [601]


def test_duration_derived_from_stamps_when_absent(ws, canonical, tools):
    """IDT Art. IV §2.4.1: from answer supervision to disconnect, in tenths (2.4.2)."""
    row = tools.call("c1", answer="2024-03-01T14:02:15.26-06:00", disconnect="2024-03-01T20:05:20.3Z")
    assert _one(ws, canonical, tools, row) is None
    assert read_cdrs(ws).duration_ds.to_pyarrow().to_pylist() == [1850]  # 185.04 s -> 1850 tenths


def test_unknown_block_only_with_numbering(ws, canonical, tools):
    tools.add_numbering(ws, [(573442, None, None, None), (314555, 3, "2024-01-01", "2024-03-01")])
    rows = [
        tools.call("known", term="5734420001"),
        tools.call("unknown-nxx", term="5734430001"),
        tools.call("block-ended", term="3145553001"),  # block 3 ended the day before the call (until is exclusive)
        tools.call("other-block", term="3145554001", answer="2024-02-01T20:00:00Z", disconnect="2024-02-01T20:01:00Z"),
        tools.call("block-live", term="3145553001", answer="2024-02-29T20:00:00Z", disconnect="2024-02-29T20:01:00Z"),
    ]
    rep = ingest_files(ws, [canonical("n.csv", rows)], progress=False)
    assert rep.accepted == 2 and rep.quarantined == 3 and not rep.notes
    got = {(q["call_id"], q["field"], q["code"]) for q in quarantine_rows(ws)}
    assert got == {(c, "term_tn", "unknown_block") for c in ("unknown-nxx", "block-ended", "other-block")}


def test_no_numbering_means_no_block_check_and_a_note(ws, canonical, tools):
    rep = ingest_files(ws, [canonical("n.csv", [tools.call("c", term="3145550001")])], progress=False)
    assert rep.accepted == 1 and rep.notes


def test_precedence_first_reason_wins(ws, canonical, tools):
    # bad number and bad time and bad route: the number is reported (REASONS order).
    row = tools.call("c1", orig="123", answer="yesterday", route="x")
    assert _one(ws, canonical, tools, row)["code"] == "bad_number"
    codes = [r.code for r in REASONS]
    assert codes.index("unanswered") < codes.index("bad_number") < codes.index("bad_time") < codes.index("duplicate")


def test_malformed_rows_keep_exact_row_numbers(ws, tmp_path, tools):
    path = tmp_path / "m.csv"
    good = "c{n},5735550100,5734420001,2024-03-01T20:00:00Z,2024-03-01T20:01:00Z,direct\n"
    path.write_text(
        "call_id,orig_tn,term_tn,answer_ts,disconnect_ts,route\n"
        + good.format(n=1) + "too,few\n" + "\n" + good.format(n=4) + "a,b,c,d,e,f,g\n" + good.format(n=6)
    )
    rep = ingest_files(ws, [path], progress=False)
    assert (rep.rows_read, rep.accepted, rep.quarantined) == (6, 3, 3)
    assert [(q["row"], q["code"]) for q in quarantine_rows(ws)] == [(2, "malformed"), (3, "malformed"), (5, "malformed")]
    assert sorted(read_cdrs(ws).select("call_id", "source_row").to_pyarrow().to_pylist(), key=lambda r: r["source_row"]) == [
        {"call_id": "c1", "source_row": 1}, {"call_id": "c4", "source_row": 4}, {"call_id": "c6", "source_row": 6}]


@pytest.mark.parametrize("answer, kept", [
    ("1995-01-01T06:00:00Z", True),    # 00:00:00 local on the first day of the first year rated
    ("1995-01-01T05:59:59Z", False),   # one second before, local time
    ("2046-01-01T05:59:59Z", True),    # the last second of 2045, local
    ("2046-01-01T06:00:00Z", False),
])
def test_the_years_rated_are_local_and_inclusive(ws, canonical, tools, answer, kept):
    """The rating clock covers 1995–2045 in the workspace's zone (America/Chicago here, UTC−6 in January)."""
    import datetime as dt

    end = (dt.datetime.fromisoformat(answer.replace("Z", "+00:00")) + dt.timedelta(seconds=10)).strftime("%Y-%m-%dT%H:%M:%SZ")
    q = _one(ws, canonical, tools, tools.call("c1", answer=answer, disconnect=end, duration_ds=""))
    assert (q is None) is kept
    if not kept:
        assert q["code"] == "time_out_of_range"
