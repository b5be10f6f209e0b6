"""The agreement schema: agreements, provisions, dated parameters (OpenFisca-style).

An agreement file is YAML (see ``library/*.yaml``). Its shape::

    Agreement
    ├── id, title, kind, status, source, cite_prefix, pairs, roles
    ├── dated, effective | (effective_note [+ known_in_force_by, not_before]), ends, until
    ├── adopts {agreement, exclusions[...]} | amends {agreement}
    ├── retroactive_to_open_disputes, charges_barred_before
    └── provisions[]
        ├── id ("<area>.<name>"), topic (topics.TOPICS), title, cite, text
        ├── precedence (base | notwithstanding), overrides, effective, ends, formalised
        ├── facts  (non-numeric structured data: carrier ids, flags, words)
        └── params{name: Parameter}
            ├── description, unit (topics.UNITS), cite, text, comparison, tariff
            └── values{ISO start date: {value, change, cite?, note?} | null}

Numbers live only in ``params`` (each with a cite); ``facts`` may hold no numbers. Money and
ratios are quoted decimal strings loaded as :class:`~decimal.Decimal`; counts (MOU, trunks, days)
are integers. Two special values: ``TBD`` (no price yet) and ``tariff`` (the rate is a tariff's,
named by the parameter's ``tariff``). A dated ``null`` ends a value.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from meetpoint.agreements.topics import COUNT_UNITS, MONEY_UNITS, TOPICS, UNITS
from meetpoint.errors import AgreementError, UnknownAgreementError

Change = Literal["initial", "prospective", "retroactive"]
Special = Literal["TBD", "tariff"]
Value = Union[Decimal, int, str, None]  # str is only ever "TBD" or "tariff"

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
PROVISION_ID_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

#: Fact names whose values are carrier ids (checked against the carrier list when loading).
CARRIER_FACTS = frozenset(
    {"ilec", "clec", "tandem_owners", "mca_networks", "third_party_excludes", "billing_party",
     "paying_party", "barred_party", "protected_party", "porting_from", "porting_to",
     "proof_from", "parties", "requested_by", "requested_of", "indemnifying_party",
     "electing_party"}
)


#: A cite that starts with one of these names a part of its own agreement and gets the prefix.
_BARE_CITE = re.compile(r"^(Art\.|App\.|Appendix|Article|§)")


def qualify_cite(cite: str, prefix: str) -> str:
    """``cite`` with the agreement's ``cite_prefix`` in front when it does not name its document."""
    return f"{prefix} {cite}" if _BARE_CITE.match(cite) else cite


class NoValueError(AgreementError, LookupError):
    """A parameter has no value on the date asked (before its first start, or after a dated null)."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True, validate_default=True)


def _check_no_numbers(value: Any, where: str) -> None:
    """Facts hold words, flags, dates and carrier ids; a number there would escape its cite."""
    if isinstance(value, bool) or value is None or isinstance(value, (str, dt.date)):
        return
    if isinstance(value, (int, float, Decimal)):
        raise ValueError(
            f"fact {where!r} is a number ({value!r}); a number without a cite is not allowed: "
            "put it in params with a unit and a cite (or quote it if it is a name or a phone number)"
        )
    if isinstance(value, list):
        for i, v in enumerate(value):
            _check_no_numbers(v, f"{where}[{i}]")
        return
    if isinstance(value, dict):
        for k, v in value.items():
            _check_no_numbers(v, f"{where}.{k}")
        return
    raise ValueError(f"fact {where!r} has an unsupported type {type(value).__name__}")


# --------------------------------------------------------------------------- dated parameters


class SeriesEntry(_Model):
    """One dated value of a parameter: from its start date until the next entry's."""

    value: Any = None
    change: Change = "prospective"
    cite: str | None = None
    note: str | None = None

    # set when a workspace change document (:class:`Decision`) added this entry; never read from YAML
    _decided: dt.date | None = PrivateAttr(default=None)
    _decision: str | None = PrivateAttr(default=None)


@dataclasses.dataclass(frozen=True)
class DatedValue:
    """What a lookup returns: the value in force, since when, how it came in, and its authority."""

    value: Value
    since: dt.date
    until: dt.date | None
    change: Change
    cite: str
    unit: str
    note: str | None = None
    #: When the entry came from a workspace change document: the date it was decided, and its file.
    decided: dt.date | None = None
    decision: str | None = None


def _parse_value(raw: Any, unit: str, tariff: str | None) -> Value:
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValueError(f"value {raw!r} is a boolean, not a number")
    if raw in ("TBD", "tariff"):
        if raw == "tariff":
            if unit not in MONEY_UNITS:
                raise ValueError(f"value 'tariff' is only allowed for money units, not {unit!r}")
            if not tariff:
                raise ValueError("value 'tariff' needs the parameter's 'tariff' field to say which tariff")
        return raw
    if isinstance(raw, float):
        raise ValueError(
            f"value {raw!r} is a YAML float; write money and ratios as quoted decimal strings "
            f"(\"{raw!r}\") so no digit is lost"
        )
    if unit in COUNT_UNITS:
        if isinstance(raw, int):
            return raw
        raise ValueError(f"unit {unit!r} counts whole things: write an integer, not {raw!r}")
    if isinstance(raw, int):
        raise ValueError(f"unit {unit!r} takes a quoted decimal string (e.g. \"{raw}.00\"), not the integer {raw}")
    if isinstance(raw, str):
        try:
            d = Decimal(raw)
        except InvalidOperation:
            raise ValueError(f"value {raw!r} is not a decimal number, 'TBD' or 'tariff'") from None
        if not d.is_finite():
            raise ValueError(f"value {raw!r} is not a finite decimal number")
        return d
    raise ValueError(f"value {raw!r} has an unsupported type {type(raw).__name__}")


def _dated_keys(v: Any) -> Any:
    """A mapping keyed by ISO start dates, sorted, each entry a mapping (a bare ``null`` ends a value)."""
    if not isinstance(v, dict):
        raise ValueError("values must be a mapping of ISO start dates (YYYY-MM-DD) to entries")
    if not v:
        raise ValueError("values is empty: give at least one dated value")
    out: dict[dt.date, Any] = {}
    previous: dt.date | None = None
    for key, entry in v.items():
        if isinstance(key, dt.datetime) or not isinstance(key, (dt.date, str)):
            raise ValueError(f"key {key!r} is not an ISO date YYYY-MM-DD")
        if isinstance(key, str):
            if not ISO_DATE_RE.match(key):
                raise ValueError(f"key {key!r} is not an ISO date YYYY-MM-DD")
            try:
                key = dt.date.fromisoformat(key)
            except ValueError:
                raise ValueError(f"key {key!r} is not a real date") from None
        if previous is not None and key <= previous:
            raise ValueError(
                f"series out of order: {key} comes after {previous}; entries must be sorted by "
                "start date and each lasts until the next start (no overlaps)"
            )
        previous = key
        out[key] = {"value": None} if entry is None else entry
    return out


class Parameter(_Model):
    """A numeric term of an agreement, with its unit, cite, the clause's words and dated values."""

    description: str
    unit: str
    cite: str
    text: str
    comparison: Literal[">=", ">"] | None = None
    tariff: str | None = None
    note: str | None = None
    values: dict[dt.date, SeriesEntry]

    _name: str = PrivateAttr(default="")
    _prefix: str = PrivateAttr(default="")
    _starts: list[dt.date] = PrivateAttr(default_factory=list)
    _parsed: list[Value] = PrivateAttr(default_factory=list)
    _superseded: list[tuple[DatedValue, str]] = PrivateAttr(default_factory=list)

    @field_validator("unit")
    @classmethod
    def _known_unit(cls, v: str) -> str:
        if v not in UNITS:
            raise ValueError(f"unknown unit {v!r}; units are: {', '.join(UNITS)}")
        return v

    @field_validator("values", mode="before")
    @classmethod
    def _iso_keys(cls, v: Any) -> Any:
        return _dated_keys(v)

    @model_validator(mode="after")
    def _check_series(self) -> "Parameter":
        starts = list(self.values)
        parsed: list[Value] = []
        for i, (start, entry) in enumerate(self.values.items()):
            try:
                parsed.append(_parse_value(entry.value, self.unit, self.tariff))
            except ValueError as exc:
                raise ValueError(f"@values.{start}.value: {exc}") from None
            if i == 0:
                if parsed[-1] is None:
                    raise ValueError(f"@values.{start}: the first entry cannot be null (nothing to end)")
                if entry.change != "initial":
                    raise ValueError(f"@values.{start}.change: the first entry's change must be 'initial', not {entry.change!r}")
            elif entry.change == "initial":
                raise ValueError(f"@values.{start}.change: only the first entry is 'initial'; say 'prospective' or 'retroactive'")
        self._starts, self._parsed = starts, parsed
        return self

    @property
    def name(self) -> str:
        """The dotted name ``<provision id>.<param>`` (set when the provision is loaded)."""
        return self._name

    def entry_at(self, on: dt.date) -> DatedValue | None:
        """The entry with the latest start on or before ``on``; ``None`` before the first start or after a dated null."""
        i = bisect.bisect_right(self._starts, on) - 1
        if i < 0 or self._parsed[i] is None:
            return None
        start = self._starts[i]
        entry = self.values[start]
        until = self._starts[i + 1] if i + 1 < len(self._starts) else None
        return self._dated(i, until)

    def dated_at(self, on: dt.date) -> DatedValue | None:
        """Like :meth:`entry_at`, but a dated ``null`` in force on ``on`` is returned (value ``None``)
        with its start, change and cite, so "no rate applies since D" can be told from "no such term"."""
        i = bisect.bisect_right(self._starts, on) - 1
        if i < 0:
            return None
        return self._dated(i, self._starts[i + 1] if i + 1 < len(self._starts) else None)

    def value_at(self, on: dt.date) -> Value:
        """The value in force on ``on`` (``NoValueError`` if none)."""
        entry = self.entry_at(on)
        if entry is None:
            first = self._starts[0]
            why = f"it starts on {first}" if on < first else "it was ended by a dated null"
            raise NoValueError(f"{self._name or 'parameter'} ({self.cite}) has no value on {on}: {why}")
        return entry.value

    def entries(self) -> list[DatedValue]:
        """Every dated entry in order (dated nulls included, with value ``None``)."""
        return [self._dated(i, self._starts[i + 1] if i + 1 < len(self._starts) else None)
                for i in range(len(self._starts))]

    def _dated(self, i: int, until: dt.date | None) -> DatedValue:
        start = self._starts[i]
        entry = self.values[start]
        return DatedValue(self._parsed[i], start, until, entry.change,
                          qualify_cite(entry.cite or self.cite, self._prefix), self.unit, entry.note,
                          entry._decided, entry._decision)

    @property
    def superseded(self) -> list[tuple[DatedValue, str]]:
        """Entries a workspace change document replaced (same start date), with that document's file."""
        return list(self._superseded)

    def _merge(self, start: dt.date, entry: SeriesEntry, value: Value) -> DatedValue | None:
        """Add (or replace at ``start``) one dated entry from a change document; return what was in force on ``start``."""
        before = self.entry_at(start)
        if start in self.values:
            i = self._starts.index(start)
            self._superseded.append((self._dated(i, None), entry._decision or ""))
        values = dict(self.values)
        values[start] = entry
        self.values = dict(sorted(values.items()))
        parsed = dict(zip(self._starts, self._parsed))
        parsed[start] = value
        self._starts = list(self.values)
        self._parsed = [parsed[d] for d in self._starts]
        return before


# --------------------------------------------------------------------------- provisions


class Provision(_Model):
    """One clause (or a faithful part of one) that software can act on or must at least know about."""

    id: str
    topic: str
    title: str
    cite: str
    text: str
    precedence: Literal["base", "notwithstanding"] = "base"
    overrides: list[str] | None = None
    effective: dt.date | None = None
    ends: dt.date | None = None
    formalised: bool = True
    note: str | None = None
    facts: dict[str, Any] = Field(default_factory=dict)
    params: dict[str, Parameter] = Field(default_factory=dict)

    _agreement: str = PrivateAttr(default="")
    _full_cite: str = PrivateAttr(default="")

    @field_validator("id")
    @classmethod
    def _dotted(cls, v: str) -> str:
        if not PROVISION_ID_RE.match(v):
            raise ValueError(f"provision id {v!r} must be dotted lower-case '<area>.<name>' (e.g. 'poi.placement')")
        return v

    @field_validator("topic")
    @classmethod
    def _known_topic(cls, v: str) -> str:
        if v not in TOPICS:
            raise ValueError(f"unknown topic {v!r}; topics are: {', '.join(TOPICS)}")
        return v

    @field_validator("facts")
    @classmethod
    def _facts_have_no_numbers(cls, v: dict[str, Any]) -> dict[str, Any]:
        for k, item in v.items():
            if not NAME_RE.match(str(k)):
                raise ValueError(f"fact name {k!r} must be lower_snake_case")
            _check_no_numbers(item, str(k))
        return v

    @field_validator("overrides")
    @classmethod
    def _qualified(cls, v: list[str] | None) -> list[str] | None:
        for ref in v or []:
            if ":" not in ref:
                raise ValueError(f"override {ref!r} must be '<agreement id>:<provision id>'")
        return v

    @model_validator(mode="after")
    def _check(self) -> "Provision":
        for name, p in self.params.items():
            if not NAME_RE.match(name):
                raise ValueError(f"parameter name {name!r} must be lower_snake_case")
            p._name = f"{self.id}.{name}"
        if self.overrides and self.precedence != "notwithstanding":
            raise ValueError("only a 'notwithstanding' provision may declare overrides")
        if self.effective and self.ends and self.ends <= self.effective:
            raise ValueError(f"ends ({self.ends}) must come after effective ({self.effective})")
        return self

    @property
    def agreement(self) -> str:
        """The id of the agreement this provision belongs to."""
        return self._agreement

    @property
    def full_cite(self) -> str:
        """The cite naming its document: ``Art. IV §5.2`` becomes ``CenturyTel/IDT ICA Art. IV §5.2``."""
        return self._full_cite or self.cite

    @property
    def ref(self) -> str:
        """``<agreement id>:<provision id>``, the form ``overrides`` uses."""
        return f"{self._agreement}:{self.id}"

    def applies_on(self, on: dt.date) -> bool:
        """Whether the provision's own dates (if any) cover ``on``."""
        return (self.effective is None or self.effective <= on) and (self.ends is None or on < self.ends)

    def summary(self) -> dict[str, Any]:
        """A JSON-friendly summary (values in force are not included; see ``Agreement.value``)."""
        return {
            "agreement": self._agreement, "id": self.id, "topic": self.topic, "title": self.title,
            "cite": self.cite, "full_cite": self.full_cite, "precedence": self.precedence, "overrides": self.overrides or [],
            "formalised": self.formalised, "effective": self.effective, "ends": self.ends,
            "text": self.text, "facts": self.facts,
            "params": {n: {"unit": p.unit, "cite": p.cite, "comparison": p.comparison,
                           "values": [{"since": e.since, "value": e.value, "change": e.change}
                                      for e in p.entries()]}
                       for n, p in self.params.items()},
            "note": self.note,
        }


# --------------------------------------------------------------------------- agreement-level terms


class Exclusion(_Model):
    """A part of an adopted agreement that does not apply (Interim §2)."""

    what: str
    cite: str
    topics: list[str] = Field(default_factory=list)
    provisions: list[str] = Field(default_factory=list)
    note: str | None = None

    @field_validator("topics")
    @classmethod
    def _known_topics(cls, v: list[str]) -> list[str]:
        for t in v:
            if t not in TOPICS:
                raise ValueError(f"unknown topic {t!r}; topics are: {', '.join(TOPICS)}")
        return v


class Adoption(_Model):
    """This agreement operates under another agreement's terms, minus exclusions."""

    agreement: str
    cite: str
    text: str
    exclusions: list[Exclusion] = Field(default_factory=list)


class Amends(_Model):
    """This agreement amends another one."""

    agreement: str
    cite: str
    text: str


class Evidence(_Model):
    """A dated fact from the seeds that bounds an unknown date."""

    date: dt.date
    evidence: str
    cite: str


class Retroactivity(_Model):
    """The agreement applies retroactively to open disputes on matters it addresses (Amendment §5)."""

    cite: str
    text: str
    applies_to: str


class ChargesBar(_Model):
    """A party may not charge for anything provided before a date (Interim §7)."""

    before: dt.date
    barred_party: str
    protected_party: str
    cite: str
    text: str
    note: str | None = None


class Signature(_Model):
    party: str
    carrier: str | None = None
    name: str | None = None
    title: str | None = None
    date: dt.date | None = None
    note: str | None = None


class Event(_Model):
    date: dt.date
    what: str
    cite: str


class Agreement(_Model):
    """An agreement, amendment, interim arrangement or adopted agreement, with its provisions."""

    id: str
    title: str
    kind: Literal["agreement", "amendment", "interim_arrangement", "adopted_agreement"]
    status: Literal["executed", "under_negotiation"]
    source: list[str]
    cite_prefix: str
    pairs: list[tuple[str, str]]
    roles: dict[str, str] = Field(default_factory=dict)
    dated: dt.date | None = None
    effective: dt.date | None = None
    effective_note: str | None = None
    known_in_force_by: Evidence | None = None
    not_before: Evidence | None = None
    ends: dt.date | None = None
    until: str | None = None
    until_cite: str | None = None
    adopts: Adoption | None = None
    amends: Amends | None = None
    retroactive_to_open_disputes: Retroactivity | None = None
    charges_barred_before: ChargesBar | None = None
    signatures: list[Signature] = Field(default_factory=list)
    history: list[Event] = Field(default_factory=list)
    note: str | None = None
    provisions: list[Provision]

    _file: str = PrivateAttr(default="")
    _by_id: dict[str, Provision] = PrivateAttr(default_factory=dict)

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        if not ID_RE.match(v):
            raise ValueError(f"agreement id {v!r} must be lower-case letters, digits and hyphens")
        return v

    @field_validator("source", mode="before")
    @classmethod
    def _listify(cls, v: Any) -> Any:
        return [v] if isinstance(v, str) else v

    @field_validator("roles")
    @classmethod
    def _roles(cls, v: dict[str, str]) -> dict[str, str]:
        for role in v:
            if role not in ("ilec", "clec"):
                raise ValueError(f"unknown role {role!r}; roles are: ilec, clec")
        return v

    @model_validator(mode="after")
    def _check(self) -> "Agreement":
        if self.status == "executed" and self.effective is None and not self.effective_note:
            raise ValueError("@effective: an executed agreement needs 'effective' or, when the seeds do not give it, 'effective_note'")
        if self.effective and self.ends and self.ends <= self.effective:
            raise ValueError(f"ends ({self.ends}) must come after effective ({self.effective})")
        if self.adopts and self.amends:
            raise ValueError("an agreement either adopts or amends another, not both")
        seen: dict[str, int] = {}
        for i, p in enumerate(self.provisions):
            if p.id in seen:
                raise ValueError(f"@provisions[{i}].id: provision id {p.id!r} is already used at provisions[{seen[p.id]}]")
            seen[p.id] = i
            p._agreement = self.id
            p._full_cite = qualify_cite(p.cite, self.cite_prefix)
            for param in p.params.values():
                param._prefix = self.cite_prefix
        self._by_id = {p.id: p for p in self.provisions}
        return self

    # ---- lookups (the API in docs/contracts.md)

    @property
    def file(self) -> str:
        """The file this agreement was loaded from."""
        return self._file

    @property
    def level(self) -> int:
        """0 for a base agreement; 1 for one that adopts or amends another."""
        return 1 if (self.adopts or self.amends) else 0

    @property
    def base(self) -> str | None:
        """The id of the agreement this one adopts or amends, if any."""
        return (self.adopts or self.amends).agreement if (self.adopts or self.amends) else None

    def governs_pair(self, a: str, b: str) -> bool:
        return any({a, b} == set(p) for p in self.pairs)

    def provision(self, id: str) -> Provision:
        """The provision with this id (``UnknownAgreementError`` if none)."""
        try:
            return self._by_id[id]
        except KeyError:
            raise UnknownAgreementError(
                f"{self.id} has no provision {id!r}; it has: {', '.join(self._by_id)}"
            ) from None

    def parameter(self, name: str) -> Parameter:
        """A parameter by ``<provision id>.<param>``, or by ``<area>.<param>`` when that is unambiguous."""
        prov_id, _, param = name.rpartition(".")
        if prov_id in self._by_id and param in self._by_id[prov_id].params:
            return self._by_id[prov_id].params[param]
        candidates = [p.params[param] for p in self.provisions
                      if param in p.params and (p.id.split(".")[0] == prov_id or p.topic == prov_id)]
        if len(candidates) == 1:
            return candidates[0]
        known = [q.name for p in self.provisions for q in p.params.values()]
        if candidates:
            raise UnknownAgreementError(
                f"{self.id}: parameter {name!r} is ambiguous: {', '.join(c.name for c in candidates)}")
        raise UnknownAgreementError(f"{self.id} has no parameter {name!r}; it has: {', '.join(known)}")

    def value(self, name: str, on: dt.date) -> Value:
        """The value of a parameter on a date: ``Decimal``, ``int``, ``"TBD"`` or ``"tariff"``."""
        return self.parameter(name).value_at(on)

    def provisions_on(self, topic: str | None = None, on: dt.date | None = None) -> list[Provision]:
        """Provisions on ``topic`` (all when ``None``) whose own dates cover ``on`` (all when ``None``)."""
        return [p for p in self.provisions
                if (topic is None or p.topic == topic) and (on is None or p.applies_on(on))]

    def topics(self) -> list[str]:
        """The topics this agreement's provisions address, in vocabulary order."""
        mine = {p.topic for p in self.provisions}
        return [t for t in TOPICS if t in mine]

    def in_force(self, on: dt.date) -> Literal["yes", "no", "unknown"]:
        """Whether the agreement is in force on ``on``; ``unknown`` where the seeds cannot say."""
        if self.status != "executed":
            return "no"
        if self.ends is not None and on >= self.ends:
            return "no"
        if self.effective is not None:
            return "yes" if on >= self.effective else "no"
        if self.known_in_force_by and on >= self.known_in_force_by.date:
            return "yes"
        if self.not_before and on < self.not_before.date:
            return "no"
        return "unknown"


# --------------------------------------------------------------------------- workspace changes


class DecisionEntry(_Model):
    """One dated value a change document adds: it must say how it applies."""

    value: Any
    change: Literal["prospective", "retroactive"]
    cite: str | None = None
    note: str | None = None


class Decision(_Model):
    """A change document (``kind: decision``) in a workspace's ``agreements/decisions/`` folder.

    An arbitration order, a negotiated final rate, or a Commission price for a TBD item adds dated
    values to one existing parameter::

        kind: decision
        title: Arbitration order - no rate for third-party-transport connections
        agreement: socket-spectra-interim-2005
        parameter: transport_rates.channel_termination.ds1_third_party
        decided: 2006-09-01
        cite: "Mo. PSC Case No. TO-2006-0299, Arbitration Order"
        values:
          2005-10-17: {value: "0.00", change: retroactive, note: "charges paid are refunded (Interim §5 ¶4)"}

    An entry on an existing start date replaces that entry; later entries of the agreement stay in
    force from their own dates. ``prospective`` entries may not start before ``decided`` (they
    would act retroactively); ``retroactive`` ones may be backdated, unless a provision's
    ``governs_parameters`` limits them (Interim §5 ¶4: only "no rate" may be retroactive; checked
    by the loader on merge). The value is read with the parameter's unit when the document is
    merged into the library.
    """

    kind: Literal["decision"]
    title: str | None = None
    agreement: str
    parameter: str
    decided: dt.date
    cite: str
    note: str | None = None
    values: dict[dt.date, DecisionEntry]

    _file: str = PrivateAttr(default="")
    #: what was in force on each start date before this document was merged (None: no value)
    _replaced: dict[dt.date, DatedValue | None] = PrivateAttr(default_factory=dict)

    @field_validator("values", mode="before")
    @classmethod
    def _iso_keys(cls, v: Any) -> Any:
        return _dated_keys(v)

    @model_validator(mode="after")
    def _check(self) -> "Decision":
        for start, entry in self.values.items():
            if entry.change == "prospective" and start < self.decided:
                raise ValueError(
                    f"@values.{start}.change: a prospective change cannot start ({start}) before it was "
                    f"decided ({self.decided}): it would act retroactively; say 'retroactive' or start on or after {self.decided}")
        return self

    @property
    def file(self) -> str:
        """The file this change document was loaded from."""
        return self._file

    @property
    def name(self) -> str:
        """The file's stem (``decisions/<name>.yaml``)."""
        from pathlib import Path

        return Path(self._file).stem if self._file else ""

    def replaced(self, start: dt.date) -> DatedValue | None:
        """What was in force on ``start`` before this document (set when merged into a library)."""
        return self._replaced.get(start)
