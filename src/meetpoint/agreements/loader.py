"""Strict loading of agreement files into a :class:`Library`.

Every failure is an :class:`~meetpoint.errors.AgreementParseError` naming the file, the YAML path
(``provisions[3].params.rate.values.2005-10-17.value``) and the problem. Rejected: YAML that does not
parse, duplicate keys, unknown fields, non-ISO date keys, a number without a cite (a parameter
missing ``cite``, or a bare number in ``facts``), unknown topics, units or carriers, unsorted
series, a provision id used twice, a file whose name is not ``<id>.yaml``, and references to
agreements or provisions that do not exist.

A workspace's ``agreements/`` folder may also hold change documents (``kind: decision``, usually
in ``agreements/decisions/``): dated values added to existing parameters by an arbitration order or
a Commission decision (:class:`~meetpoint.agreements.schema.Decision`). They are checked as
strictly and merged into the library's parameters, each added entry keeping its cite, ``change``,
``decided`` date and file.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import os
import re
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable, Sequence

import yaml
from pydantic import BaseModel, ValidationError

from meetpoint.agreements.carriers import Affiliation, Carrier, CarrierFile
from meetpoint.agreements.schema import (
    CARRIER_FACTS,
    Agreement,
    Decision,
    Parameter,
    Provision,
    SeriesEntry,
    _parse_value,
)
from meetpoint.errors import AgreementParseError, UnknownAgreementError

LIBRARY_DIR = Path(__file__).parent / "library"
CARRIERS_FILE = "carriers.yaml"
#: The sub-folder of a workspace's ``agreements/`` that holds change documents.
DECISIONS_DIR = "decisions"

# ----------------------------------------------------------------------------- YAML with paths


def _join(path: str, key: Any) -> str:
    if isinstance(key, int) and not isinstance(key, bool):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else str(key)


def _to_python(node: yaml.Node, path: str, file: str, ctor: yaml.constructor.SafeConstructor) -> Any:
    """Build Python data from a composed node, rejecting duplicate keys and merge keys."""
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        lines: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise AgreementParseError(file, path, "merge keys ('<<') are not supported; write the fields out")
            if not isinstance(key_node, yaml.ScalarNode):
                raise AgreementParseError(file, path, "a mapping key must be a plain scalar")
            key = ctor.construct_object(key_node)
            line = key_node.start_mark.line + 1
            if key in out:
                raise AgreementParseError(
                    file, _join(path, key),
                    f"duplicate key '{key!s}' (line {line}; first given on line {lines[key]})")
            lines[key] = line
            out[key] = _to_python(value_node, _join(path, key), file, ctor)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(n, _join(path, i), file, ctor) for i, n in enumerate(node.value)]
    value = ctor.construct_object(node)
    if isinstance(value, float):
        return YamlFloat(value, node.value)
    return value


class YamlFloat(float):
    """A YAML float that remembers how it was written, so an error can quote it."""

    def __new__(cls, value: float, source: str) -> "YamlFloat":
        obj = super().__new__(cls, value)
        obj.source = source  # type: ignore[attr-defined]
        return obj

    def __repr__(self) -> str:
        return self.source  # type: ignore[attr-defined,no-any-return]


#: libyaml's parser when PyYAML was built with it (about ten times faster; same nodes and marks)
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(file: Path | str) -> Any:
    """Parse a YAML file strictly (duplicate keys are errors), keeping dates as ``datetime.date``."""
    name = str(file)
    try:
        text = Path(file).read_text(encoding="utf-8")
    except OSError as exc:
        raise AgreementParseError(name, "", f"cannot read the file: {exc.strerror or exc}") from exc
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise AgreementParseError(name, "", f"not valid YAML{where}: {problem}") from exc
    if node is None:
        raise AgreementParseError(name, "", "the file is empty")
    return _to_python(node, "", name, yaml.SafeLoader(""))


# ----------------------------------------------------------------------------- pydantic errors


def _known_field_names() -> set[str]:
    from meetpoint.agreements import carriers, schema

    names: set[str] = set()
    for module in (schema, carriers):
        for obj in vars(module).values():
            if isinstance(obj, type) and issubclass(obj, BaseModel) and obj is not BaseModel:
                names.update(obj.model_fields)
    return names


_DATE_LOC = re.compile(r"^datetime\.date\((\d+), (\d+), (\d+)\)$")
_MARKER = re.compile(r"^@(?P<sub>[^\s:]+): (?P<msg>.*)$", re.S)


def _problem(err: dict[str, Any], data: Any) -> tuple[str, str]:
    """(YAML path, readable problem) for one pydantic error."""
    loc = [x for x in err["loc"] if not (isinstance(x, str) and (x.startswith("function-") or "[" in x and x.endswith("]") and x[0] != "["))]
    path = ""
    for part in loc:
        m = _DATE_LOC.match(part) if isinstance(part, str) else None  # a date key, as pydantic spells it
        path = _join(path, dt.date(*map(int, m.groups())).isoformat() if m else part)
    kind, msg, last = err["type"], err["msg"], (str(loc[-1]) if loc else "")
    if kind == "missing":
        problem = f"missing required field {last!r}"
        if last == "cite":
            problem += ": every rate, threshold and rule needs a cite (a number without a cite is not allowed)"
    elif kind == "extra_forbidden":
        near = difflib.get_close_matches(last, sorted(_known_field_names()), n=1)
        problem = f"unknown field {last!r}" + (f" (did you mean {near[0]!r}?)" if near else " (not in the schema)")
    else:
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, "):]
        m = _MARKER.match(msg)
        if m:
            path = path + ("" if m["sub"].startswith("[") else ".") + m["sub"] if path else m["sub"]
            msg = m["msg"]
        problem = msg
        if kind not in ("value_error", "assertion_error") and "input" in err:
            problem += f" (got {err['input']!r})"
    # name the provision for a reader of a long file
    pm = re.match(r"^provisions\[(\d+)\]", path)
    if pm and isinstance(data, dict):
        try:
            pid = data["provisions"][int(pm[1])]["id"]
            problem += f" [in provision {pid!r}]"
        except (KeyError, IndexError, TypeError):
            pass
    return path, problem


def _validate(model: type[BaseModel], data: Any, file: str) -> Any:
    if not isinstance(data, dict):
        raise AgreementParseError(file, "", f"the file must hold a mapping, not a {type(data).__name__}")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        path, problem = _problem(first, data)
        more = exc.error_count() - 1
        if more:
            problem += f" (and {more} more problem{'s' if more > 1 else ''} in this file)"
        raise AgreementParseError(file, path, problem) from None


# ----------------------------------------------------------------------------- single files


def parse_agreement(file: Path | str) -> Agreement:
    """Parse and validate one agreement file on its own (no cross-references checked)."""
    name = str(file)
    agr: Agreement = _validate(Agreement, read_yaml(file), name)
    if Path(file).stem != agr.id:
        raise AgreementParseError(name, "id", f"the id {agr.id!r} must match the file name ({agr.id}.yaml)")
    agr._file = name
    return agr


def _is_decision(data: Any) -> bool:
    return isinstance(data, dict) and data.get("kind") == "decision"


def parse_decision(file: Path | str) -> Decision:
    """Parse and validate one change document on its own (its agreement and parameter are checked on merge)."""
    name = str(file)
    dec: Decision = _validate(Decision, read_yaml(file), name)
    dec._file = name
    return dec


def _parse_file(file: Path | str) -> Agreement | Decision:
    """An agreement file, or a change document when its ``kind`` is ``decision``."""
    return parse_decision(file) if _is_decision(read_yaml(file)) else parse_agreement(file)


def parse_carriers(file: Path | str) -> CarrierFile:
    """Parse and validate a ``carriers.yaml``."""
    return _validate(CarrierFile, read_yaml(file), str(file))


# ----------------------------------------------------------------------------- the library


class Library:
    """The agreements and carriers Meetpoint knows, cross-checked."""

    def __init__(self, agreements: Sequence[Agreement], carriers: Sequence[Carrier],
                 affiliations: Sequence[Affiliation] = (), decisions: Sequence[Decision] = ()) -> None:
        self._agreements = {a.id: a for a in agreements}
        self._carriers = {c.id: c for c in carriers}
        self._affiliations = list(affiliations)
        self._decisions = list(decisions)  # already merged into the agreements' parameters
        for agr in agreements:
            _cross_check(agr, self)

    @property
    def decisions(self) -> list[Decision]:
        """The change documents merged into this library, in the order applied (by ``decided``)."""
        return list(self._decisions)

    def decisions_for(self, agreement_id: str) -> list[Decision]:
        """The change documents that changed ``agreement_id``'s parameters."""
        return [d for d in self._decisions if d.agreement == agreement_id]

    @property
    def agreements(self) -> list[Agreement]:
        """Every agreement, in id order."""
        return [self._agreements[k] for k in sorted(self._agreements)]

    @property
    def carriers(self) -> list[Carrier]:
        return list(self._carriers.values())

    @property
    def affiliations(self) -> list[Affiliation]:
        return list(self._affiliations)

    def agreement(self, id: str) -> Agreement:
        """The agreement with this id (``UnknownAgreementError`` if none)."""
        try:
            return self._agreements[id]
        except KeyError:
            raise UnknownAgreementError(
                f"no agreement {id!r}; the library has: {', '.join(sorted(self._agreements))}") from None

    def carrier(self, id: str) -> Carrier:
        """The carrier with this id (``UnknownAgreementError`` if none)."""
        try:
            return self._carriers[id]
        except KeyError:
            raise UnknownAgreementError(
                f"no carrier {id!r}; carriers are: {', '.join(self._carriers)}") from None

    def has_agreement(self, id: str) -> bool:
        return id in self._agreements

    def affiliated(self, a: str, b: str) -> bool:
        """Whether two distinct carriers are affiliates (a carrier is not its own affiliate)."""
        self.carrier(a), self.carrier(b)
        return a != b and any(a in g.members and b in g.members for g in self._affiliations)

    def affiliation(self, a: str, b: str) -> Affiliation | None:
        """The affiliation group holding both carriers, with its cite and evidence."""
        return next((g for g in self._affiliations if a != b and a in g.members and b in g.members), None)

    def pairs(self) -> list[tuple[str, str]]:
        """Every unordered pair of known carriers, in carrier-file order."""
        ids = list(self._carriers)
        return [(x, y) for i, x in enumerate(ids) for y in ids[i + 1:]]


def _fail(agr: Agreement, path: str, problem: str) -> None:
    raise AgreementParseError(agr.file, path, problem)


def _check_carrier(lib: Library, agr: Agreement, path: str, cid: Any) -> None:
    if cid not in lib._carriers:
        _fail(agr, path, f"unknown carrier {cid!r}; carriers are: {', '.join(lib._carriers)}")


def _cross_check(agr: Agreement, lib: Library) -> None:
    """References from one agreement to carriers, agreements and provisions must resolve."""
    for i, pair in enumerate(agr.pairs):
        for j, cid in enumerate(pair):
            _check_carrier(lib, agr, f"pairs[{i}][{j}]", cid)
    for role, cid in agr.roles.items():
        _check_carrier(lib, agr, f"roles.{role}", cid)
    for i, s in enumerate(agr.signatures):
        if s.carrier:
            _check_carrier(lib, agr, f"signatures[{i}].carrier", s.carrier)
    bar = agr.charges_barred_before
    if bar:
        _check_carrier(lib, agr, "charges_barred_before.barred_party", bar.barred_party)
        _check_carrier(lib, agr, "charges_barred_before.protected_party", bar.protected_party)
    for key, link in (("adopts", agr.adopts), ("amends", agr.amends)):
        if link is None:
            continue
        if link.agreement not in lib._agreements:
            _fail(agr, f"{key}.agreement", f"unknown agreement {link.agreement!r}; the library has: "
                  f"{', '.join(sorted(lib._agreements))}")
        if link.agreement == agr.id:
            _fail(agr, f"{key}.agreement", "an agreement cannot adopt or amend itself")
        base = lib._agreements[link.agreement]
        if base.adopts or base.amends:
            _fail(agr, f"{key}.agreement", f"{base.id!r} itself adopts or amends another; chains are one level deep")
        for k, exc in enumerate(getattr(link, "exclusions", [])):
            for m, pid in enumerate(exc.provisions):
                if pid not in base._by_id:
                    _fail(agr, f"{key}.exclusions[{k}].provisions[{m}]",
                          f"{base.id!r} has no provision {pid!r}")
    for i, prov in enumerate(agr.provisions):
        _check_provision(lib, agr, i, prov)


def _check_provision(lib: Library, agr: Agreement, i: int, prov: Provision) -> None:
    for k, name in enumerate(prov.facts.get(GOVERNS) or []):
        try:
            agr.parameter(str(name))
        except UnknownAgreementError as exc:
            _fail(agr, f"provisions[{i}].facts.{GOVERNS}[{k}]", str(exc))
    for rule in (IF_NO_RATE, IF_DIFFERENT_RATE):
        if GOVERNS in prov.facts and prov.facts.get(rule) not in _CHANGES:
            _fail(agr, f"provisions[{i}].facts.{rule}",
                  f"a provision with {GOVERNS} says how a change applies: {rule} must be one of {', '.join(_CHANGES)}")
    for name, value in prov.facts.items():
        if name in CARRIER_FACTS:
            for k, cid in enumerate(value if isinstance(value, list) else [value]):
                where = f"provisions[{i}].facts.{name}" + (f"[{k}]" if isinstance(value, list) else "")
                _check_carrier(lib, agr, where, cid)
    for k, ref in enumerate(prov.overrides or []):
        aid, _, pid = ref.partition(":")
        where = f"provisions[{i}].overrides[{k}]"
        if aid not in lib._agreements:
            _fail(agr, where, f"unknown agreement {aid!r} in override {ref!r}")
        if aid != agr.base:
            _fail(agr, where, f"override {ref!r} must name a provision of the agreement this one adopts or amends "
                              f"({agr.base or 'none'})")
        if pid not in lib._agreements[aid]._by_id:
            _fail(agr, where, f"{aid!r} has no provision {pid!r}")


def _files_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.yaml") if p.name != CARRIERS_FILE)


def _extra_files(extra: Iterable[Path | str]) -> list[Path]:
    """Files of ``extra``: each folder's ``*.yaml`` and ``decisions/*.yaml``; each file as given."""
    files: list[Path] = []
    for e in extra:
        e = Path(e)
        files.extend([*_files_in(e), *_files_in(e / DECISIONS_DIR)] if e.is_dir() else [e])
    return files


#: Facts by which a provision declares how change documents may change parameters (Interim §5 ¶4):
#: ``governs_parameters`` (dotted parameter names), ``if_no_rate`` and ``if_different_rate``
#: (``retroactive`` allows either change, ``prospective`` only a prospective one).
GOVERNS, IF_NO_RATE, IF_DIFFERENT_RATE = "governs_parameters", "if_no_rate", "if_different_rate"
_CHANGES = ("retroactive", "prospective")


def _sets_no_rate(value: Any) -> bool:
    """A dated null or a zero amount: "no rate should apply"."""
    return value is None or (isinstance(value, Decimal) and value == 0)


def _check_change_rules(dec: Decision, agr: Agreement, param: Parameter, start: dt.date, change: str,
                        value: Any) -> None:
    """A provision whose ``governs_parameters`` names ``param`` limits how a decision may change it.

    Interim §5 ¶4 / Amendment §3 ¶4: if no rate applies, "any such charges that were paid ... will be
    subject to refund" (retroactive allowed); a different rate "shall apply on a going forward basis
    only" (prospective only).
    """
    for prov in agr.provisions:
        if param.name not in {agr.parameter(str(n)).name for n in prov.facts.get(GOVERNS) or []}:
            continue
        no_rate = _sets_no_rate(value)
        allowed = prov.facts.get(IF_NO_RATE if no_rate else IF_DIFFERENT_RATE, "retroactive")
        if change != "retroactive" or allowed != "prospective":
            continue
        what = "no rate" if no_rate else f"a different rate ({value})"
        problem = (f"{param.name} is governed by {prov.full_cite} ({agr.id}:{prov.id}): {what} applies "
                   "on a going forward basis only, so the change must be 'prospective', starting on or after "
                   f"the decision ({dec.decided})")
        if prov.facts.get(IF_NO_RATE) == "retroactive":
            problem += "; only a decision that no rate applies (0.00 or null) may be retroactive (refund)"
        raise AgreementParseError(dec.file, f"values.{start}.change", problem)


def merge_decisions(agreements: dict[str, Agreement], decisions: Iterable[Decision]) -> list[Decision]:
    """Merge change documents into ``agreements``' parameters (in place), oldest ``decided`` first.

    A later decision replaces an earlier one's entry on the same start date; two documents decided
    on the same day that date the same parameter on the same day are a conflict.
    """
    ordered = sorted(decisions, key=lambda d: (d.decided, d.file))
    seen: dict[tuple[str, str, dt.date], Decision] = {}
    for dec in ordered:
        agr = agreements.get(dec.agreement)
        if agr is None:
            raise AgreementParseError(dec.file, "agreement", f"unknown agreement {dec.agreement!r}; the library has: "
                                      f"{', '.join(sorted(agreements))}")
        try:
            param = agr.parameter(dec.parameter)
        except UnknownAgreementError as exc:
            raise AgreementParseError(dec.file, "parameter", str(exc)) from None
        first = param.entries()[0].since
        for start, entry in dec.values.items():
            where = f"values.{start}"
            if start < first:
                raise AgreementParseError(dec.file, where, f"{param.name} has no value before {first}; "
                                          "a change must start on or after the parameter's first start")
            try:
                value = _parse_value(entry.value, param.unit, param.tariff)
            except ValueError as exc:
                raise AgreementParseError(dec.file, f"{where}.value", f"{exc} (unit {param.unit!r})") from None
            _check_change_rules(dec, agr, param, start, entry.change, value)
            key = (agr.id, param.name, start)
            if key in seen and seen[key].decided == dec.decided:
                raise AgreementParseError(dec.file, where, f"{param.name} on {start} is also set by {seen[key].file}, "
                                          f"decided the same day ({dec.decided}); which one governs is not declared")
            seen[key] = dec
            added = SeriesEntry(value=entry.value, change=entry.change, cite=entry.cite or dec.cite,
                                note=entry.note or dec.title)
            added._decided, added._decision = dec.decided, dec.file
            dec._replaced[start] = param._merge(start, added, value)
    return ordered


def load_folder(folder: Path | str, extra: Iterable[Path | str] = ()) -> Library:
    """Load ``carriers.yaml`` and every ``<id>.yaml`` in ``folder``, plus ``extra`` files or folders."""
    folder = Path(folder)
    cf = parse_carriers(folder / CARRIERS_FILE)
    parsed = [*(parse_agreement(f) for f in _files_in(folder)), *(_parse_file(f) for f in _extra_files(extra))]
    agreements = [a for a in parsed if isinstance(a, Agreement)]
    decisions = [d for d in parsed if isinstance(d, Decision)]
    seen: dict[str, str] = {}
    for agr in agreements:
        if agr.id in seen:
            raise AgreementParseError(agr.file, "id", f"agreement id {agr.id!r} is also defined in {seen[agr.id]}")
        seen[agr.id] = agr.file
    # the base agreements first, so references resolve whatever the file order
    lib = Library(agreements, cf.carriers, cf.affiliations)
    lib._decisions = merge_decisions(lib._agreements, decisions)
    return lib


@functools.lru_cache(maxsize=8)
def _cached(extra: tuple[str, ...], _stamp: tuple[tuple[str, int, int], ...]) -> Library:
    return load_folder(LIBRARY_DIR, extra)


def _stamp(extra: tuple[str, ...]) -> tuple[tuple[str, int, int], ...]:
    """Name, size and modification time of every extra file, so an edited workspace reloads."""
    out = []
    for f in _extra_files(extra):
        try:
            st = os.stat(f)
            out.append((str(f), st.st_size, st.st_mtime_ns))
        except OSError:
            out.append((str(f), -1, -1))
    return tuple(out)


def load_library(extra: Iterable[Path | str] | None = None) -> Library:
    """The built-in library (cached); ``extra`` adds a workspace's agreement files, folders and change documents.

    The cache is keyed by the extra files' names, sizes and modification times: adding or editing
    a workspace file (a new decision) gives a freshly merged library.
    """
    paths = tuple(str(Path(e).resolve()) for e in (extra or ()))
    return _cached(paths, _stamp(paths))


def validate_files(files: Iterable[Path | str], lib: Library | None = None) -> list[tuple[str, AgreementParseError | None]]:
    """Check each file (an agreement, or a ``carriers.yaml``) against ``lib`` (default: the built-in library)."""
    lib = lib or load_library()
    results: list[tuple[str, AgreementParseError | None]] = []
    for f in files:
        try:
            if Path(f).name == CARRIERS_FILE:
                parse_carriers(f)
            elif _is_decision(read_yaml(f)):
                dec = parse_decision(f)
                agreements = dict(lib._agreements)
                if dec.agreement in agreements:  # merge into a copy: the library stays as it is
                    agreements[dec.agreement] = agreements[dec.agreement].model_copy(deep=True)
                merge_decisions(agreements, [dec])
            else:
                agr = parse_agreement(f)
                others = [a for a in lib.agreements if a.id != agr.id]  # a file may stand for its library twin
                Library([*others, agr], lib.carriers, lib.affiliations)
            results.append((str(f), None))
        except AgreementParseError as exc:
            results.append((str(f), exc))
    return results
