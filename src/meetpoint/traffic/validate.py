"""Row checks as one vectorized DuckDB query: each row gets typed values and at most one reason.

The reasons are tried in the order of :data:`meetpoint.traffic.schema.REASONS`; the first that
applies is the row's reason (so a row with a bad number and a bad time is quarantined for the
number). Duplicate call ids are decided afterwards over the whole file and the store
(:mod:`meetpoint.traffic.ingest`), among rows that pass every check here.

Unknown number block: only when the workspace has a non-empty ``numbering`` table. The dialed
number's NPA-NXX (and thousands block, for rows that name one) must be in a row effective on the
call date (the answer date in the workspace zone): ``effective`` inclusive, ``until`` exclusive, a
NULL bound open — the "as of" rule of :mod:`meetpoint.network.tables`.
"""

from __future__ import annotations

from typing import Any, Sequence

from meetpoint.rating.clock import CLOCK_FIRST_YEAR, CLOCK_LAST_YEAR
from meetpoint.traffic.adapters import Adapter, sql_str
from meetpoint.traffic.schema import reason

__all__ = ["NANP_RE", "numbering_sql", "validation_sql"]

#: A 10-digit NANP number: NPA and NXX start with 2–9.
NANP_RE = "[2-9][0-9]{2}[2-9][0-9]{6}"


def numbering_sql(raw_con: Any) -> str | None:
    """A ``SELECT npa, nxx, block, effective, until`` over the workspace's ``numbering`` table, or None.

    Accepts one ``npa_nxx`` column (``573442``, ``"573-442"``; docs/reference-data.md) or ``npa`` +
    ``nxx``; ``block`` (thousands digit, NULL = whole NXX), ``effective`` and ``until`` are
    optional. None when there is no such table, it is empty, or it has no usable columns: then the
    unknown-block check is skipped (an empty table means no numbering was imported, not that no
    number exists).
    """
    cols = {
        r[0].lower(): r[0]
        for r in raw_con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'numbering' "
            "AND table_schema = current_schema()"
        ).fetchall()
    }
    if not cols:
        return None

    def c(name: str) -> str:
        return '"' + cols[name] + '"'

    if "npa" in cols and "nxx" in cols:
        npa, nxx = f"TRY_CAST({c('npa')} AS INTEGER)", f"TRY_CAST({c('nxx')} AS INTEGER)"
    else:
        one = next((n for n in ("npa_nxx", "npanxx", "npa-nxx") if n in cols), None)
        if one is None:
            return None
        digits = f"regexp_replace(CAST({c(one)} AS VARCHAR), '[^0-9]', '', 'g')"
        npa, nxx = f"TRY_CAST(substr({digits}, 1, 3) AS INTEGER)", f"TRY_CAST(substr({digits}, 4, 3) AS INTEGER)"
    if not raw_con.execute("SELECT count(*) FROM numbering").fetchone()[0]:
        return None
    block = f"TRY_CAST({c('block')} AS INTEGER)" if "block" in cols else "NULL::INTEGER"
    eff = f"TRY_CAST({c('effective')} AS DATE)" if "effective" in cols else "NULL::DATE"
    until = f"TRY_CAST({c('until')} AS DATE)" if "until" in cols else "NULL::DATE"
    return (f"SELECT DISTINCT {npa} AS npa, {nxx} AS nxx, {block} AS block, {eff} AS effective, {until} AS until "
            "FROM numbering")


def _quote_value(expr: str) -> str:
    return f"coalesce('''' || {expr} || '''', 'missing')"


def _tn_message(col: str) -> str:
    text = reason("bad_number").text
    return (
        f"'{text}: ' || CASE WHEN {col} IS NULL THEN 'missing' "
        f"ELSE chr(39) || {col} || chr(39) || ' is not a 10-digit NANP number (NPA and NXX start with 2-9)' END"
    )


def _checks(adapter: Adapter) -> list[tuple[str, str | None, str, str]]:
    """(code, field, condition, message SQL) in order of precedence."""
    f = adapter.field

    def tn(concept: str, col: str, optional: bool = False) -> tuple[str, str | None, str, str]:
        ok = col.removesuffix("_s") + "_ok"
        cond = f"{col} IS NOT NULL AND NOT {ok}" if optional else f"{ok} IS NOT TRUE"
        return ("bad_number", f(concept), cond, _tn_message(col))

    def flag(concept: str) -> tuple[str, str | None, str, str]:
        return (
            "bad_flag", f(concept), f"{concept}_s IS NOT NULL AND {concept} IS NULL",
            f"'{reason('bad_flag').text}: ' || {_quote_value(concept + '_s')} || ' (expected true or false)'",
        )

    return [
        ("malformed", None, "blank", "'malformed row: empty line'"),
        ("unanswered", f("answered"), "NOT answered", f"'{reason('unanswered').text}'"),
        ("missing_call_id", f("call_id"), "call_id IS NULL", f"'{reason('missing_call_id').text}'"),
        tn("orig_tn", "orig_tn_s"),
        tn("term_tn", "term_tn_s"),
        tn("term_lrn", "term_lrn_s", optional=True),
        ("bad_time", f("answer_ts"), "answer_err IS NOT NULL", f"'{reason('bad_time').text}: ' || answer_err"),
        ("bad_time", f("disconnect_ts"), "disconnect_err IS NOT NULL",
         f"'{reason('bad_time').text}: ' || disconnect_err"),
        # the rating clock's years (meetpoint.rating.clock), in local time: outside them a call has no
        # local month or hour, and rating's integer arithmetic on times assumes answers after 1970
        ("time_out_of_range", f("answer_ts"),
         f"local_answer < TIMESTAMP '{CLOCK_FIRST_YEAR}-01-01' OR local_answer >= TIMESTAMP '{CLOCK_LAST_YEAR + 1}-01-01'",
         f"'{reason('time_out_of_range').text} ({CLOCK_FIRST_YEAR}–{CLOCK_LAST_YEAR}, local time): ' || "
         "strftime(local_answer, '%Y-%m-%d %H:%M:%S')"),
        ("disconnect_before_answer", f("disconnect_ts"), "span_us < 0",
         f"'{reason('disconnect_before_answer').text} (by ' || CAST(round(-span_us / 1e6, 1) AS VARCHAR) || ' s)'"),
        ("bad_duration", f("duration"), "stated_err IS NOT NULL", f"'{reason('bad_duration').text}: ' || stated_err"),
        ("duration_mismatch", f("duration"), "stated_ds IS NOT NULL AND abs(stated_ds - derived_ds) > dur_tol",
         f"'{reason('duration_mismatch').text}: stated ' || stated_ds || ' tenths, answer to disconnect is ' "
         "|| derived_ds || ' tenths (tolerance ' || dur_tol || ')'"),
        ("bad_route", f("route"), "route IS NULL",
         f"'{reason('bad_route').text}: ' || {_quote_value('route_s')} || ' (expected direct or transit:<OCN>)'"),
        flag("cmrs"),
        flag("isp_bound"),
        ("unknown_block", f("term_tn"), "NOT block_known",
         f"'{reason('unknown_block').text}: NPA-NXX ' || substr(term_tn_s, 1, 3) || '-' || substr(term_tn_s, 4, 3) "
         "|| ' (block ' || substr(term_tn_s, 7, 1) || ') is in no numbering row effective on ' "
         "|| CAST(call_date AS VARCHAR)"),
    ]


_TRUE, _FALSE = ("true", "t", "yes", "y", "1"), ("false", "f", "no", "n", "0")


def _bool(col: str) -> str:
    whens = " ".join(f"WHEN '{v}' THEN {str(v in _TRUE).lower()}" for v in _TRUE + _FALSE)
    return f"CASE WHEN {col} IS NULL THEN NULL ELSE CASE lower({col}) {whens} END END"


def validation_sql(adapter: Adapter, columns: Sequence[str], timezone: str, numbering: str | None,
                   source: str = "_mp_batch") -> str:
    """The query that types and checks one raw batch (``source``): stored columns, ``month`` and ``q``.

    ``q`` is NULL for a good row, else a struct (``code``, ``field``, ``reason``).
    """
    tz = sql_str(timezone)
    if numbering is None:
        block = "true"
    else:
        # the NXX row or the block's row, each an equality lookup with plain date comparisons (an OR
        # inside one EXISTS, or a NULL test on a bound, made DuckDB loop over the numbering rows)
        in_force = ("coalesce(nb.effective, DATE '0001-01-01') <= call_date "
                    "AND call_date < coalesce(nb.until, DATE '9999-12-31')")
        block = (
            "(term_tn_ok IS NOT TRUE OR call_date IS NULL "
            f"OR EXISTS (SELECT 1 FROM ({numbering}) nb WHERE nb.npa = term_npa AND nb.nxx = term_nxx "
            f"AND nb.block IS NULL AND {in_force}) "
            f"OR EXISTS (SELECT 1 FROM ({numbering}) nb WHERE nb.npa = term_npa AND nb.nxx = term_nxx "
            f"AND nb.block = term_block AND {in_force}))"
        )
    cases = "\n".join(
        f"    WHEN {cond} THEN {{'code': {sql_str(code)}, 'field': {sql_str(field) if field else 'NULL::VARCHAR'}, "
        f"'reason': {msg}}}"
        for code, field, cond, msg in _checks(adapter)
    )
    for layer in adapter.prepare_sql(columns, timezone):  # what the select list reads several times, once per row
        source = f"(SELECT *, {', '.join(layer)} FROM {source})"
    return f"""
WITH n AS (
  SELECT {adapter.select_sql(columns, timezone)}
  FROM {source}
), t AS (
  SELECT n.*,
    CASE WHEN lower(route_s) = 'direct' THEN 'direct'
         WHEN regexp_full_match(route_s, '[Tt][Rr][Aa][Nn][Ss][Ii][Tt]:[0-9A-Za-z]{{4}}')
         THEN 'transit:' || upper(substr(route_s, 9)) END AS route,
    {_bool('cmrs_s')} AS cmrs,
    {_bool('isp_bound_s')} AS isp_bound,
    epoch_us(disconnect_ts) - epoch_us(answer_ts) AS span_us,
    (epoch_us(disconnect_ts) - epoch_us(answer_ts) + 50000) // 100000 AS derived_ds,
    regexp_full_match(orig_tn_s, '{NANP_RE}') AS orig_tn_ok,
    regexp_full_match(term_tn_s, '{NANP_RE}') AS term_tn_ok,
    regexp_full_match(term_lrn_s, '{NANP_RE}') AS term_lrn_ok,
    TRY_CAST(substr(term_tn_s, 1, 3) AS INTEGER) AS term_npa,
    TRY_CAST(substr(term_tn_s, 4, 3) AS INTEGER) AS term_nxx,
    TRY_CAST(substr(term_tn_s, 7, 1) AS INTEGER) AS term_block,
    timezone({tz}, answer_ts) AS local_answer
  FROM n
), b AS (
  SELECT t.*, {block} AS block_known FROM (SELECT *, CAST(local_answer AS DATE) AS call_date FROM t) t
)
SELECT
  source_row,
  call_id,
  TRY_CAST(orig_tn_s AS BIGINT) AS orig_tn,
  TRY_CAST(term_tn_s AS BIGINT) AS term_tn,
  TRY_CAST(term_lrn_s AS BIGINT) AS term_lrn,
  answer_ts,
  disconnect_ts,
  CASE WHEN keep_stated AND stated_ds IS NOT NULL THEN stated_ds ELSE derived_ds END AS duration_ds,
  orig_switch, term_switch, route, trunk_group, cmrs, isp_bound, orig_location,
  strftime(local_answer, '%Y-%m') AS month,
  CASE
{cases}
  END AS q
FROM b
"""
