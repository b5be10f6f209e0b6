"""The ``meetpoint`` command. Thin: each group lives in its own module and holds no business rules."""

from __future__ import annotations

import typer
from typer.core import TyperGroup

from meetpoint.cli.output import warnings_as_notes
from meetpoint.errors import MeetpointError


class _Group(TyperGroup):
    """Turns Meetpoint's own errors into one clear line on stderr (no traceback), exit code 1, and
    its warnings (``MeetpointWarning``: e.g. files a read of the stored calls restored) into
    ``note:`` lines on stderr."""

    def invoke(self, ctx):  # type: ignore[no-untyped-def,override]
        try:
            with warnings_as_notes():
                return super().invoke(ctx)
        except MeetpointError as exc:
            typer.echo(f"Error: {exc}", err=True)
            raise typer.Exit(code=1) from exc


app = typer.Typer(
    name="meetpoint",
    cls=_Group,
    help="Interconnection agreements as running software.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Each module registers its commands on ``app``; the import order sets the help order.
from meetpoint.cli import agreements as _agreements  # noqa: E402
from meetpoint.cli import deadlines as _deadlines  # noqa: E402
from meetpoint.cli import network as _network  # noqa: E402
from meetpoint.cli import geo as _geo  # noqa: E402
from meetpoint.cli import teletraffic as _teletraffic  # noqa: E402
from meetpoint.cli import planning as _planning  # noqa: E402
from meetpoint.cli import traffic as _traffic  # noqa: E402
from meetpoint.cli import rating as _rating  # noqa: E402
from meetpoint.cli import compliance as _compliance  # noqa: E402
from meetpoint.cli import studies as _studies  # noqa: E402
from meetpoint.cli import settlement as _settlement  # noqa: E402
from meetpoint.cli import demo as _demo  # noqa: E402

for _module in (_agreements, _deadlines, _network, _geo, _teletraffic, _planning, _traffic, _rating, _compliance, _studies, _settlement, _demo):
    _module.register(app)
