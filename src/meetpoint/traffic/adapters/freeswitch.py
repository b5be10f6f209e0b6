"""FreeSWITCH ``mod_cdr_csv``, shared/reference/formats.md §5.

No header; the built-in ``default`` template writes 13 quoted fields (``caller_id_name`` …
``accountcode``), the vanilla config's ``example`` template 15 (plus ``read_codec``,
``write_codec``); by default the layout is picked from the first line's field count, or pass the
field list for a site template. The ``", "`` before ``accountcode`` leaves that value with its
quotes and a leading space; it is not used. Stamps are local (``%Y-%m-%d %H:%M:%S``) in the source
zone (default: the workspace zone).

Mapping: an empty ``answer_stamp`` means no answer supervision (not usage); the duration is
answer → end from the stamps, cross-checked against ``billsec`` within one second; ``call_id`` is
``uuid``; numbers lose a leading ``+1``/``1``; ``route`` is the configured route (default ``direct``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from meetpoint.errors import IngestError
from meetpoint.traffic.adapters import (
    Adapter,
    RawReader,
    blank_sql,
    count_fields,
    local_time_sql,
    nanp_digits_sql,
    nullif_blank,
    q,
    read_csv_raw,
    sql_str,
)

__all__ = ["FREESWITCH_DEFAULT", "FREESWITCH_EXAMPLE", "FreeSwitchAdapter"]

#: Fields of the built-in ``default`` template.
FREESWITCH_DEFAULT: tuple[str, ...] = (
    "caller_id_name", "caller_id_number", "destination_number", "context", "start_stamp",
    "answer_stamp", "end_stamp", "duration", "billsec", "hangup_cause", "uuid", "bleg_uuid",
    "accountcode",
)
#: Fields of the vanilla config's ``example`` template.
FREESWITCH_EXAMPLE: tuple[str, ...] = FREESWITCH_DEFAULT + ("read_codec", "write_codec")
_BY_COUNT = {len(FREESWITCH_DEFAULT): FREESWITCH_DEFAULT, len(FREESWITCH_EXAMPLE): FREESWITCH_EXAMPLE}


class FreeSwitchAdapter(Adapter):
    """FreeSWITCH Master.csv; ``columns`` overrides the template's field list, ``timezone`` the zone."""

    name = "freeswitch"
    fields = {
        "answered": "answer_stamp",
        "call_id": "uuid",
        "orig_tn": "caller_id_number",
        "term_tn": "destination_number",
        "answer_ts": "answer_stamp",
        "disconnect_ts": "end_stamp",
        "duration": "billsec",
        "route": "route",
    }

    def __init__(self, columns: Sequence[str] | None = None, timezone: str | None = None, route: str = "direct") -> None:
        self.columns = tuple(columns) if columns else None
        self.timezone = timezone
        self.route = route

    def open(self, path: Path) -> RawReader:
        names = self.columns
        if names is None:
            n = count_fields(path)
            if n is None:
                return RawReader(iter(()), [], 0, lambda: 0)
            if n not in _BY_COUNT:
                raise IngestError(
                    str(path), 1, None,
                    f"{n} fields; the FreeSWITCH default template has 13 and 'example' 15 "
                    "(pass the field list for a site template)",
                )
            names = _BY_COUNT[n]
        need = ("caller_id_number", "destination_number", "answer_stamp", "end_stamp", "billsec", "uuid")
        missing = [f for f in need if f not in names]
        if missing:
            raise IngestError(str(path), None, missing[0], "the configured FreeSWITCH field list lacks it")
        return read_csv_raw(path, column_names=names)

    def select_sql(self, columns: Sequence[str], timezone: str) -> str:
        tz = self.timezone or timezone
        answer_ts, answer_err = local_time_sql(q("answer_stamp"), tz)
        end_ts, end_err = local_time_sql(q("end_stamp"), tz)
        billsec = nullif_blank(q("billsec"))
        return ",\n".join(
            [
                "source_row",
                f"{blank_sql(columns)} AS blank",
                f"{nullif_blank(q('answer_stamp'))} IS NOT NULL AS answered",
                f"{nullif_blank(q('uuid'))} AS call_id",
                f"{nanp_digits_sql(q('caller_id_number'))} AS orig_tn_s",
                f"{nanp_digits_sql(q('destination_number'))} AS term_tn_s",
                "NULL::VARCHAR AS term_lrn_s",
                f"{answer_ts} AS answer_ts",
                f"{answer_err} AS answer_err",
                f"{end_ts} AS disconnect_ts",
                f"{end_err} AS disconnect_err",
                f"CASE WHEN regexp_full_match({billsec}, '[0-9]{{1,15}}') THEN CAST({billsec} AS BIGINT) * 10 END AS stated_ds",
                f"CASE WHEN {billsec} IS NOT NULL AND NOT regexp_full_match({billsec}, '[0-9]{{1,15}}') "
                f"THEN 'not a whole number of seconds: ' || {billsec} END AS stated_err",
                "false AS keep_stated",
                "10::BIGINT AS dur_tol",
                f"{sql_str(self.route)} AS route_s",
                "NULL::VARCHAR AS trunk_group",
                "NULL::VARCHAR AS cmrs_s",
                "NULL::VARCHAR AS isp_bound_s",
                "NULL::VARCHAR AS orig_switch",
                "NULL::VARCHAR AS term_switch",
                "NULL::VARCHAR AS orig_location",
            ]
        )
