"""Carriers that are parties to agreements, and their affiliations.

Affiliation matters to rules: the transit condition of Interim §5 counts only charges paid to "a
third party (not CenturyTel)", and the cross-company cap covers facilities between a CenturyTel
office and a Spectra office. ``Library.affiliated(a, b)`` answers from ``carriers.yaml``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from meetpoint.agreements.schema import ID_RE, _Model


class Carrier(_Model):
    """A carrier that is a party to an agreement in the library."""

    id: str
    name: str
    kind: Literal["ilec", "clec", "ixc", "cmrs", "other"]
    state: str | None = None
    dba: str | None = None
    parent: str | None = None
    cite: str
    note: str | None = None

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        if not ID_RE.match(v):
            raise ValueError(f"carrier id {v!r} must be lower-case letters, digits and hyphens")
        return v


class Affiliation(_Model):
    """A group of carriers under common ownership or control (Appendix C 1.3's "Affiliate")."""

    group: str
    members: list[str]
    cite: str
    evidence: str

    @field_validator("members")
    @classmethod
    def _two_or_more(cls, v: list[str]) -> list[str]:
        if len(v) < 2:
            raise ValueError("an affiliation needs at least two members")
        return v


class CarrierFile(_Model):
    """The shape of ``carriers.yaml``."""

    carriers: list[Carrier]
    affiliations: list[Affiliation] = Field(default_factory=list)

    @model_validator(mode="after")
    def _check(self) -> "CarrierFile":
        seen: dict[str, int] = {}
        for i, c in enumerate(self.carriers):
            if c.id in seen:
                raise ValueError(f"@carriers[{i}].id: carrier id {c.id!r} is already used at carriers[{seen[c.id]}]")
            seen[c.id] = i
        for i, a in enumerate(self.affiliations):
            for j, m in enumerate(a.members):
                if m not in seen:
                    raise ValueError(f"@affiliations[{i}].members[{j}]: unknown carrier {m!r}; carriers are: {', '.join(seen)}")
        return self
