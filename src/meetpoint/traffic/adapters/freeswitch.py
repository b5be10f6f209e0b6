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
from typing import Any, Sequence

from meetpoint.errors import IngestError
from meetpoint.traffic.adapters import (
    Adapter,
    RawReader,
    count_fields,
    nullif_blank,
    q,
    read_csv_raw,
)
from meetpoint.traffic.adapters.switch_csv import (OTHER_LAYOUT_HINT, check_id_prefix, switch_options, switch_prepare_sql,
                                                  switch_select_sql)

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

    def __init__(self, columns: Sequence[str] | None = None, timezone: str | None = None, route: str = "direct",
                 id_prefix: str | None = None) -> None:
        self.columns = tuple(columns) if columns else None
        self.timezone = timezone
        self.route = route
        self.id_prefix = check_id_prefix(id_prefix)

    def options(self, timezone: str) -> dict[str, Any]:
        return switch_options(self, timezone)

    def open(self, path: Path) -> RawReader:
        names = self.columns
        if names is None:
            n = count_fields(path)
            if n is None:
                return RawReader(iter(()), [], 0, lambda: 0)
            if n not in _BY_COUNT:
                raise IngestError(
                    str(path), 1, None,
                    f"{n} fields; the FreeSWITCH default template has 13 and 'example' 15. {OTHER_LAYOUT_HINT}",
                )
            names = _BY_COUNT[n]
        need = ("caller_id_number", "destination_number", "answer_stamp", "end_stamp", "billsec", "uuid")
        missing = [f for f in need if f not in names]
        if missing:
            raise IngestError(str(path), None, missing[0], "the configured FreeSWITCH field list lacks it")
        return read_csv_raw(path, column_names=names)

    def prepare_sql(self, columns: Sequence[str], timezone: str) -> list[list[str]]:
        return switch_prepare_sql(timezone=self.timezone or timezone, answer="answer_stamp", end="end_stamp")

    def select_sql(self, columns: Sequence[str], timezone: str) -> str:
        return switch_select_sql(
            columns, timezone=self.timezone or timezone,
            answered=f"{nullif_blank(q('answer_stamp'))} IS NOT NULL", call_id=nullif_blank(q("uuid")),
            orig="caller_id_number", term="destination_number", answer="answer_stamp", end="end_stamp",
            billsec="billsec", route=self.route, id_prefix=self.id_prefix,
        )
