"""One home for how commands print: ``--json`` for machines, rich tables for people."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import warnings
from decimal import Decimal
from typing import Any, Callable, Iterable, Iterator, Sequence

from rich.console import Console
from rich.table import Table

console = Console()
err_console = Console(stderr=True)


def to_jsonable(value: Any) -> Any:
    """Turn dates into ISO strings, Decimals into strings (never floats), models into dicts."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if hasattr(value, "model_dump"):
        return to_jsonable(value.model_dump(mode="python"))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return to_jsonable(dataclasses.asdict(value))
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [to_jsonable(v) for v in value]
    return value


def print_json(data: Any) -> None:
    """Print machine-readable JSON on stdout (plain print: no rich markup or wrapping)."""
    print(json.dumps(to_jsonable(data), indent=2, sort_keys=False, ensure_ascii=False))


def table(title: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], *, numeric: Iterable[str] = (),
          **kw: Any) -> Table:
    """A rich table with the house style; the ``numeric`` columns are right-aligned. A value too
    long for a narrow terminal is folded onto more lines, never cut short (a CLLI, a number or a
    cite with its end replaced by "…" would be a different one)."""
    t = Table(title=title, title_justify="left", header_style="bold", **kw)
    right = set(numeric)
    for c in columns:
        t.add_column(c, justify="right" if c in right else "left", overflow="fold")
    for r in rows:
        t.add_row(*["" if v is None else str(to_jsonable(v)) for v in r])
    return t


def note(text: str) -> None:
    """One ``note: …`` line on stderr (never on stdout, which may carry JSON), unwrapped and without markup."""
    err_console.print(f"note: {text}", markup=False, highlight=False, soft_wrap=True)


@contextlib.contextmanager
def warnings_as_notes() -> Iterator[None]:
    """Inside the block, each :class:`~meetpoint.errors.MeetpointWarning` is printed as a
    :func:`note` when it is issued (every one, not once per place); other warnings go on as before."""
    from meetpoint.errors import MeetpointWarning

    with warnings.catch_warnings():
        warnings.simplefilter("always", MeetpointWarning)
        shown = warnings.showwarning

        def show(message: Any, category: type[Warning], filename: str, lineno: int, file: Any = None,
                 line: str | None = None) -> None:
            if issubclass(category, MeetpointWarning):
                note(str(message))
            else:
                shown(message, category, filename, lineno, file, line)

        warnings.showwarning = show
        yield


def emit(data: Any, as_json: bool, render: Callable[[], None]) -> None:
    """Print ``data`` as JSON when ``as_json``; otherwise call ``render`` to draw it for a person."""
    if as_json:
        print_json(data)
    else:
        render()
