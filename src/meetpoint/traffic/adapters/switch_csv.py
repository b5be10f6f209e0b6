"""The canonical select list shared by the switch CSV adapters (Asterisk, FreeSWITCH).

Both formats write local times (``answer``/``end`` stamps) and whole seconds of billable time;
neither carries LRNs, trunk groups, CMRS/ISP flags or switches. Each adapter names its own columns
and how "answered" and the call id are read; everything else is the same SQL, kept here once.
"""

from __future__ import annotations

from typing import Any, Sequence

from meetpoint.errors import IngestError
from meetpoint.traffic.adapters import (blank_sql, local_pair_sql, local_time_layers, nanp_digits_sql, nullif_blank, q,
                                        sql_str)


#: What to do with a file whose number of fields is not the switch format's.
OTHER_LAYOUT_HINT = ("A canonical CSV (header row)? Give --format canonical. A site layout? Give its field list to "
                     "meetpoint.traffic.ingest_files(..., columns=[...])")


def check_id_prefix(prefix: str | None) -> str | None:
    """An ``id_prefix`` option as given (None for none); IngestError when blank, not printable,
    holding a ``:`` or with spaces before or after it (a prefix is part of every call id, and
    ``" SCKTMOXA"`` would silently differ from ``"SCKTMOXA"``)."""
    if prefix is None:
        return None
    if not prefix.strip() or not prefix.isprintable() or ":" in prefix:
        raise IngestError("<options>", None, "id_prefix",
                          f"{prefix!r}: give the switch's name (printable, no ':'), e.g. its CLLI")
    if prefix != prefix.strip():
        raise IngestError("<options>", None, "id_prefix",
                          f"{prefix!r} has spaces before or after it; give the switch's name without them "
                          f"({prefix.strip()!r}?)")
    return prefix


def switch_options(adapter: Any, timezone: str) -> dict[str, Any]:
    """``Adapter.options`` of a switch CSV adapter: its id prefix, route and source zone as applied
    (the workspace's ``timezone`` unless one was given), and its field list when one was given."""
    out: dict[str, Any] = {"id_prefix": adapter.id_prefix, "route": adapter.route,
                           "timezone": adapter.timezone or timezone}
    if adapter.columns:
        out["columns"] = list(adapter.columns)
    return out


def switch_prepare_sql(*, timezone: str, answer: str, end: str) -> list[list[str]]:
    """:meth:`~meetpoint.traffic.adapters.Adapter.prepare_sql` of a switch CSV: the answer and end
    stamps (source columns ``answer``/``end``) read once in zone ``timezone``
    (:func:`~meetpoint.traffic.adapters.local_time_layers`), for :func:`switch_select_sql`."""
    a, e = local_time_layers("answer", q(answer), timezone), local_time_layers("end", q(end), timezone)
    return [x + y for x, y in zip(a, e)]


def switch_select_sql(
    columns: Sequence[str],
    *,
    timezone: str,
    answered: str,
    call_id: str,
    orig: str,
    term: str,
    answer: str,
    end: str,
    billsec: str,
    route: str,
    id_prefix: str | None = None,
) -> str:
    """Canonical columns from a switch CSV: ``answered`` and ``call_id`` are SQL expressions; the
    other keywords name the source columns. ``id_prefix`` (e.g. the switch's CLLI) is put before
    every call id as ``<prefix>:<id>``: a switch's ids are unique on that switch only (Asterisk's
    ``uniqueid`` is ``<epoch>.<sequence>`` unless ``systemname`` is set), and two switches'
    files would otherwise collide as conflicting records. The stated duration is ``billsec`` × 10 tenths, checked
    against the stamps within one second (``dur_tol`` 10) and never kept over them (Art. IV §2.4.1:
    answer supervision to disconnect); it also decides which reading of a stamp in the hour
    repeated when the clock goes back is meant (:func:`~meetpoint.traffic.adapters.local_pair_sql`)."""
    secs = nullif_blank(q(billsec))
    stated = f"CASE WHEN regexp_full_match({secs}, '[0-9]{{1,15}}') THEN CAST({secs} AS BIGINT) * 10 END"
    answer_ts, end_ts = local_pair_sql("answer", "end", stated)  # the columns of switch_prepare_sql
    answer_err, end_err = "_mp_answer_err", "_mp_end_err"
    return ",\n".join(
        [
            "source_row",
            f"{blank_sql(columns)} AS blank",
            f"{answered} AS answered",
            f"{sql_str(id_prefix + ':')} || ({call_id}) AS call_id" if id_prefix else f"{call_id} AS call_id",
            f"{nanp_digits_sql(q(orig))} AS orig_tn_s",
            f"{nanp_digits_sql(q(term))} AS term_tn_s",
            "NULL::VARCHAR AS term_lrn_s",
            f"{answer_ts} AS answer_ts",
            f"{answer_err} AS answer_err",
            f"{end_ts} AS disconnect_ts",
            f"{end_err} AS disconnect_err",
            f"{stated} AS stated_ds",
            f"CASE WHEN {secs} IS NOT NULL AND NOT regexp_full_match({secs}, '[0-9]{{1,15}}') "
            f"THEN 'not a whole number of seconds: ' || {secs} END AS stated_err",
            "false AS keep_stated",
            "10::BIGINT AS dur_tol",
            f"{sql_str(route)} AS route_s",
            "NULL::VARCHAR AS trunk_group",
            "NULL::VARCHAR AS cmrs_s",
            "NULL::VARCHAR AS isp_bound_s",
            "NULL::VARCHAR AS orig_switch",
            "NULL::VARCHAR AS term_switch",
            "NULL::VARCHAR AS orig_location",
        ]
    )
