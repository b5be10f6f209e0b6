"""The exceptions Meetpoint raises, one tree so callers can catch as broadly or narrowly as they need.

::

    MeetpointError
    ├── AgreementError                 an agreement file or the library is wrong
    │   ├── AgreementParseError        file, YAML path and problem
    │   ├── AgreementConflictError     two provisions govern with no declared precedence (cites both)
    │   └── UnknownAgreementError      no agreement, carrier or topic by that id
    ├── InputError                     a row of input data is wrong: file, row and field
    │   ├── IngestError                call detail records
    │   └── ReferenceDataError         network and numbering reference data
    ├── WorkspaceError                 no workspace there, or it is damaged
    └── DeadlineError                  a deadline cannot be computed from what was given

    MeetpointWarning (a UserWarning)   something the person running Meetpoint should know; the CLI
                                       prints each as a ``note:`` line on stderr
"""

from __future__ import annotations


class MeetpointError(Exception):
    """Base of every error Meetpoint raises on purpose."""


class AgreementError(MeetpointError):
    """Something is wrong with an agreement or the agreement library."""


class AgreementParseError(AgreementError):
    """An agreement file does not follow the schema.

    The message always names the file, the YAML path (``provisions[3].params.rate``) and the problem.
    """

    def __init__(self, file: str, path: str, problem: str) -> None:
        self.file, self.path, self.problem = str(file), path, problem
        super().__init__(f"{self.file}: at {path or '<root>'}: {problem}")


class AgreementConflictError(AgreementError):
    """Two provisions govern the same topic on the same date and neither declares precedence."""

    def __init__(self, topic: str, on: object, cites: list[str]) -> None:
        self.topic, self.on, self.cites = topic, on, list(cites)
        super().__init__(
            f"conflict on topic {topic!r} on {on}: " + " and ".join(self.cites)
            + " both govern and neither declares precedence"
        )


class UnknownAgreementError(AgreementError, KeyError):
    """No agreement, carrier or topic by that id."""

    def __str__(self) -> str:  # KeyError quotes its message; keep it readable
        return str(self.args[0]) if self.args else ""


class InputError(MeetpointError):
    """A row of input data is wrong. Names the file, the row (1-based, header excluded) and the field."""

    def __init__(self, file: str, row: int | None, field: str | None, reason: str) -> None:
        self.file, self.row, self.field, self.reason = str(file), row, field, reason
        where = self.file
        if row is not None:
            where += f", row {row}"
        if field:
            where += f", field {field!r}"
        super().__init__(f"{where}: {reason}")


class IngestError(InputError):
    """A call detail record file cannot be ingested."""


class ReferenceDataError(InputError):
    """A reference-data file (carriers, rate centers, numbering, ...) cannot be imported."""


class WorkspaceError(MeetpointError):
    """No workspace at that path, or it is damaged."""


class DeadlineError(MeetpointError, ValueError):
    """A deadline cannot be computed from the inputs given (for example a notice not yet received)."""


class MeetpointWarning(UserWarning):
    """Base of the warnings Meetpoint issues (``warnings.warn``): not an error, but something the
    person running it should know, such as files a read restored. The CLI prints each as a
    ``note:`` line on stderr (``meetpoint.cli.output.warnings_as_notes``)."""
