"""Asterisk ``cdr_csv`` (``cdr-csv/Master.csv``), shared/reference/formats.md §4.

No header; 16 fields by default (``accountcode`` … ``amaflags``), optionally followed by
``uniqueid``, ``userfield``, ``peeraccount``, ``linkedid``, ``sequence``. The field list is
configurable; by default it is picked from the first line's field count (16–21). Times are local
(``%Y-%m-%d %H:%M:%S``) in the source zone: the workspace zone unless ``timezone`` is given, UTC
when ``usegmtime`` (as the shipped ``cdr.conf.sample`` sets).

Mapping: only ``disposition`` ``ANSWERED`` is usage (anything else is quarantined as unanswered);
the duration is answer → end from the timestamps, cross-checked against ``billsec`` (whole
seconds) within one second; ``call_id`` is ``uniqueid`` when logged, else ``ast-`` + the MD5 of the
whole row (identical copies, e.g. ``Master.csv`` and ``<accountcode>.csv``, then collapse as one
call); ``src``/``dst`` lose a leading ``+1``/``1``; switches are left empty (derived later from
numbering); ``route`` is the configured route (default ``direct``); ``id_prefix`` (the switch's
name) is put before every call id, so that two switches' files never collide.
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

__all__ = ["ASTERISK_FIELDS", "ASTERISK_OPTIONAL", "AsteriskAdapter"]

#: The 16 fields ``cdr_csv`` always writes, in order.
ASTERISK_FIELDS: tuple[str, ...] = (
    "accountcode", "src", "dst", "dcontext", "clid", "channel", "dstchannel", "lastapp", "lastdata",
    "start", "answer", "end", "duration", "billsec", "disposition", "amaflags",
)
#: Optional trailing fields, in the order cdr_csv appends them.
ASTERISK_OPTIONAL: tuple[str, ...] = ("uniqueid", "userfield", "peeraccount", "linkedid", "sequence")


class AsteriskAdapter(Adapter):
    """Asterisk Master.csv; ``columns`` overrides the field list, ``timezone``/``usegmtime`` the zone."""

    name = "asterisk"
    fields = {
        "answered": "disposition",
        "call_id": "uniqueid",
        "orig_tn": "src",
        "term_tn": "dst",
        "answer_ts": "answer",
        "disconnect_ts": "end",
        "duration": "billsec",
        "route": "route",
    }

    def __init__(
        self,
        columns: Sequence[str] | None = None,
        timezone: str | None = None,
        usegmtime: bool = False,
        route: str = "direct",
        id_prefix: str | None = None,
    ) -> None:
        self.columns = tuple(columns) if columns else None
        self.timezone = "UTC" if usegmtime else timezone
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
            if not len(ASTERISK_FIELDS) <= n <= len(ASTERISK_FIELDS) + len(ASTERISK_OPTIONAL):
                raise IngestError(
                    str(path), 1, None,
                    f"{n} fields; Asterisk Master.csv has 16 to 21. {OTHER_LAYOUT_HINT}",
                )
            names = ASTERISK_FIELDS + ASTERISK_OPTIONAL[: n - len(ASTERISK_FIELDS)]
        missing = [f for f in ("src", "dst", "answer", "end", "billsec", "disposition") if f not in names]
        if missing:
            raise IngestError(str(path), None, missing[0], "the configured Asterisk field list lacks it")
        self._names = tuple(names)
        return read_csv_raw(path, column_names=names)

    def prepare_sql(self, columns: Sequence[str], timezone: str) -> list[list[str]]:
        return switch_prepare_sql(timezone=self.timezone or timezone, answer="answer", end="end")

    def select_sql(self, columns: Sequence[str], timezone: str) -> str:
        raw = [c for c in columns if c != "source_row"]
        row_hash = "'ast-' || md5(concat_ws(chr(31), " + ", ".join(q(c) for c in raw) + "))"
        call_id = f"coalesce({nullif_blank(q('uniqueid'))}, {row_hash})" if "uniqueid" in columns else row_hash
        return switch_select_sql(
            columns, timezone=self.timezone or timezone,
            answered=f"upper(trim({q('disposition')})) = 'ANSWERED'", call_id=call_id,
            orig="src", term="dst", answer="answer", end="end", billsec="billsec", route=self.route,
            id_prefix=self.id_prefix,
        )
