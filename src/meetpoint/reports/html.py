"""One Jinja2 environment for every HTML report, with the house stylesheet and filters.

Templates live in ``meetpoint/reports/templates``; each extends ``base.html.j2``. Rendering is a
pure function of the data passed in: the engines compute, the templates only lay out.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2


def _money(value: Any) -> str:
    """``Decimal('1234.5')`` → ``$1,234.50``; money is never a float."""
    if value is None:
        return ""
    d = Decimal(str(value)).quantize(Decimal("0.01"))
    sign = "-" if d < 0 else ""
    return f"{sign}${abs(d):,.2f}"


def _thousands(value: Any) -> str:
    return "" if value is None else f"{int(value):,}"


def _date(value: Any) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.strftime("%-d %b %Y")
    return "" if value is None else str(value)


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The shared environment (autoescaping on; undefined variables are an error)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("meetpoint.reports", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(money=_money, thousands=_thousands, date=_date)
    return env


def render(template: str, **context: Any) -> str:
    """Render ``template`` (a name under ``templates/``) with ``context``."""
    return environment().get_template(template).render(**context)


def write_report(path: Path, template: str, **context: Any) -> Path:
    """Render and write an HTML report atomically (temp file, then rename); return its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(render(template, **context), encoding="utf-8")
    tmp.replace(path)
    return path
