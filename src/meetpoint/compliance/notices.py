"""Draft notices: a met direct-connection trigger, the transit-difference election, a traffic study.

Each draft quotes the clauses it acts under (the library provisions' ``text``), lays out the
evidence month by month, and names the notice method, the addresses and the date the notice counts
as received under the agreement's Notices clause:

- **CenturyTel/IDT**: Art. III §31 (``notices.delivery``): the addresses in its ``facts``, and the
  received date by :func:`meetpoint.calendar.notice_received` for the chosen method (personal
  service: the day served; regular mail: the day receipt is acknowledged in writing; certified or
  registered mail, courier: the day on the receipt). E-mail and fax are not notice.
- **Socket/Spectra and Socket/CenturyTel**: notice goes "under the Notices provisions of the
  AT&T/GTE Agreement and the associated contact information provided by" the ILEC (Interim §5 ¶8,
  Amendment §3 ¶8). That agreement's text is not in the seeds, so the draft says so and leaves the
  method's effect, the address and the received date to be filled in; nothing is invented.

Builders are pure functions of the library, a verdict (duck-typed, see
:class:`meetpoint.compliance.verdict.Verdict`) or a :class:`~meetpoint.compliance.balance_study.StudyResult`,
and the delivery choices. :func:`render_notice` gives HTML (templates ``notice_*.html.j2``);
:func:`write_notice` also prints the PDF through :func:`meetpoint.reports.pdf.html_to_pdf`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any, Sequence

from meetpoint.agreements import Agreement, Library, Provision
from meetpoint.errors import DeadlineError, MeetpointError

__all__ = [
    "Addressee",
    "Clause",
    "Delivery",
    "Notice",
    "NoticeError",
    "delivery_for",
    "direct_connection_notice",
    "election_notice",
    "render_notice",
    "study_notice",
    "write_notice",
]

#: Calendar method names -> the names the library's ``notices.delivery`` facts use.
_LIBRARY_METHOD = {"personal": "personal_service", "courier": "courier_with_written_receipt"}
_METHOD_WORDS = {
    "personal": "personal service", "regular_mail": "regular U.S. mail", "certified_mail": "certified mail",
    "registered_mail": "registered mail", "courier": "courier service that obtains a written receipt",
}
TEMPLATES = {"direct_connection": "notice_direct_connection.html.j2", "election": "notice_election.html.j2",
             "study": "notice_study.html.j2"}


class NoticeError(MeetpointError, ValueError):
    """A notice cannot be drafted as asked (trigger not met, wrong kind of verdict, unknown party)."""


@dataclasses.dataclass(frozen=True)
class Clause:
    """A quoted clause: cite, title and the library's text."""

    cite: str
    title: str
    text: str

    @classmethod
    def of(cls, p: Provision) -> "Clause":
        return cls(p.full_cite, p.title, " ".join(p.text.split()))


@dataclasses.dataclass(frozen=True)
class Addressee:
    """A party and, when the agreement gives it, its notice address (``lines``) and copy address."""

    carrier: str
    name: str
    lines: tuple[str, ...] = ()
    copy_to: tuple[str, ...] = ()
    informal: tuple[str, ...] = ()
    missing: str | None = None


@dataclasses.dataclass(frozen=True)
class Delivery:
    """How the notice is delivered and when it counts as received (``received`` None: not yet known)."""

    method: str
    method_words: str
    rule: str
    received: dt.date | None
    received_note: str
    cite: str
    sent: dt.date | None = None


@dataclasses.dataclass(frozen=True)
class Notice:
    """A draft notice, ready to render."""

    kind: str
    reference: str
    agreement: str
    agreement_title: str
    drafted: dt.date
    sender: Addressee
    recipient: Addressee
    subject: str
    paragraphs: tuple[str, ...]
    clauses: tuple[Clause, ...]
    evidence_title: str
    evidence_columns: tuple[str, ...]
    evidence_rows: tuple[tuple[str, ...], ...]
    delivery: Delivery
    notice_clause: Clause | None
    cites: tuple[str, ...]
    notes: tuple[str, ...] = ()
    extra: dict[str, Any] = dataclasses.field(default_factory=dict)

    @property
    def template(self) -> str:
        return TEMPLATES[self.kind]

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


# --------------------------------------------------------------------------- notice clause, addresses, receipt


def notices_provision(lib: Library, agr: Agreement) -> Provision | None:
    """The Notices clause governing ``agr``: its own, else the one of the agreement it adopts or amends."""
    for a in (agr, lib.agreement(agr.base) if agr.base and lib.has_agreement(agr.base) else None):
        if a is None:
            continue
        found = [p for p in a.provisions if p.topic == "notices"]
        if found:
            return found[0]
    return None


def _carrier_name(lib: Library, carrier: str) -> str:
    try:
        name = lib.carrier(carrier).name
    except Exception:  # a carrier the library does not know
        return carrier
    return name.split(" (")[0]  # "CenturyTel (the CenturyTel operating company ...)" -> "CenturyTel"


def addressee(lib: Library, agr: Agreement, carrier: str) -> Addressee:
    """``carrier``'s notice address under ``agr`` (or why there is none)."""
    prov = notices_provision(lib, agr)
    name = _carrier_name(lib, carrier)
    addresses = (prov.facts.get("addresses") or {}) if prov else {}
    if carrier in addresses:
        a = addresses[carrier]
        lines = (a["to"], *(f"{k}: {a[k]}" for k in ("telephone", "facsimile") if k in a))
        copy = (a["copy_to"], *(f"{k}: {a['copy_' + k]}" for k in ("telephone", "facsimile") if "copy_" + k in a)) \
            if "copy_to" in a else ()
        informal = (f"E-mail (informal communications only, not notice): {a['email']}",) if "email" in a else ()
        return Addressee(carrier, name, lines, copy, informal)
    if prov is None:
        why = f"{agr.cite_prefix} has no Notices clause in the library; the address is not in the seeds."
    elif not prov.formalised or not addresses:
        why = (f"Address not in the seed documents. Notice goes under {prov.full_cite}, whose text the seeds do not "
               "contain, to the contact information the ILEC provided. Fill it in; Meetpoint does not invent one.")
    else:
        why = f"{prov.full_cite} gives no address for {name}."
    return Addressee(carrier, name, missing=why)


def delivery_for(lib: Library, agr: Agreement, method: str, *, sent: dt.date | None = None,
                 acknowledged: dt.date | None = None, receipt: dt.date | None = None) -> Delivery:
    """The delivery method, its rule and the date the notice counts as received, under ``agr``'s Notices clause."""
    from meetpoint.calendar import notice_received
    from meetpoint.calendar.notices import RULES, DeliveryMethod

    prov = notices_provision(lib, agr)
    key = str(method).strip().lower().replace("-", "_")
    if prov is None or not prov.facts.get("methods"):
        cite = prov.full_cite if prov else agr.cite_prefix
        return Delivery(key, _METHOD_WORDS.get(key, key), "not in the seeds", None,
                        f"When a notice counts as received is set by {cite}, whose text is not in the seed documents: "
                        "not computed.", cite, sent)
    try:
        m = DeliveryMethod(key)
    except ValueError:
        # notice_received gives the clause's refusal (e-mail) or the list of methods
        notice_received(key, sent=sent or dt.date.today())
        raise  # pragma: no cover
    allowed = {x["method"] for x in prov.facts["methods"]}
    if _LIBRARY_METHOD.get(m.value, m.value) not in allowed:
        raise NoticeError(f"{m.value} is not a delivery method of {prov.full_cite}")
    rule = f"deemed received {RULES[m][1]}"
    if sent is None:
        return Delivery(m.value, _METHOD_WORDS[m.value], rule, None,
                        "Not yet sent: the received date follows from the sending.", prov.full_cite)
    try:
        r = notice_received(m, sent=sent, acknowledged=acknowledged, receipt=receipt, cite=prov.full_cite)
    except DeadlineError as exc:
        return Delivery(m.value, _METHOD_WORDS[m.value], rule, None, str(exc), prov.full_cite, sent)
    return Delivery(m.value, _METHOD_WORDS[m.value], rule, r.received,
                    f"Counts as received on {r.received:%-d %B %Y} ({r.rule}).", prov.full_cite, sent)


def _other(agr: Agreement, carrier: str) -> str:
    for pair in agr.pairs:
        if carrier in pair:
            return pair[1] if pair[0] == carrier else pair[0]
    raise NoticeError(f"{carrier} is not a party to {agr.id} (parties: {', '.join(p for pr in agr.pairs for p in pr)})")


#: Evidence values that are money (shown as dollars); other Decimals are plain numbers.
_MONEY_KEYS = ("transit_paid", "amount", "baseline")


def _fmt(v: Any, key: str = "") -> str:
    if v is None:
        return "—"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, Decimal):
        return f"${v:,.2f}" if key in _MONEY_KEYS else str(v)
    if isinstance(v, float):
        return f"{v:,.1f}"
    if isinstance(v, int):
        return f"{v:,}"
    if isinstance(v, dict):
        return "; ".join(f"{k}: {_fmt(x, key)}" for k, x in v.items())
    return str(v)


def _provision_of(agr: Agreement, trigger: str) -> Provision:
    ids = {p.id for p in agr.provisions}
    t = trigger
    while t and t not in ids:
        t = t.rpartition(".")[0]
    if not t:
        raise NoticeError(f"{agr.id} has no provision for trigger {trigger!r}")
    return agr.provision(t)


def _verdict_rows(verdict: Any) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    keys: list[str] = []
    for r in verdict.evidence:
        for k in r.values:
            if k not in keys and not isinstance(r.values[k], dict):
                keys.append(k)
    cols = ("month", *keys, "tests", "passed", "consecutive", "note")
    rows = []
    for r in verdict.evidence:
        tests = "; ".join(f"{w}: {'yes' if ok else 'no'}" for w, ok in r.tests.items())
        rows.append((r.month, *(_fmt(r.values.get(k), k) for k in keys), tests or "—", _fmt(r.passed), str(r.run),
                     r.note or ""))
    return cols, tuple(rows)


def _common(lib: Library, agr: Agreement, sender: str, drafted: dt.date | None, method: str,
            sent: dt.date | None, acknowledged: dt.date | None, receipt: dt.date | None) -> dict[str, Any]:
    recipient = _other(agr, sender)
    prov = notices_provision(lib, agr)
    return dict(
        agreement=agr.id, agreement_title=agr.title, drafted=drafted or sent or dt.date.today(),
        sender=addressee(lib, agr, sender), recipient=addressee(lib, agr, recipient),
        delivery=delivery_for(lib, agr, method, sent=sent, acknowledged=acknowledged, receipt=receipt),
        notice_clause=Clause.of(prov) if prov else None,
    )


# --------------------------------------------------------------------------- the three notices


def direct_connection_notice(lib: Library, verdict: Any, *, sender: str | None = None, drafted: dt.date | None = None,
                             method: str = "certified_mail", sent: dt.date | None = None,
                             acknowledged: dt.date | None = None, receipt: dt.date | None = None) -> Notice:
    """A request to establish a direct connection, for a met trigger ``verdict``.

    ``sender`` defaults to the agreement's ILEC (the party the clauses let require the connection).
    """
    if not verdict.met:
        raise NoticeError(f"{verdict.trigger} is not met between {verdict.from_switch} and {verdict.to_switch}: "
                          "there is nothing to notify")
    agr = lib.agreement(verdict.agreement)
    prov = _provision_of(agr, verdict.trigger)
    sender = sender or agr.roles.get("ilec") or agr.pairs[0][0]
    common = _common(lib, agr, sender, drafted, method, sent, acknowledged, receipt)
    clauses = [Clause.of(prov)]
    clauses += [Clause.of(p) for p in agr.provisions if p.topic == "direct_connection" and p.id.endswith(".cooperation")]
    first = verdict.row(verdict.first_met)
    cols, rows = _verdict_rows(verdict)
    s, r = common["sender"].name, common["recipient"].name
    paragraphs = (
        f"{s} gives notice to {r} under {prov.full_cite} that the traffic between switches {verdict.from_switch} and "
        f"{verdict.to_switch} met the condition for a direct connection in {verdict.first_met}, the "
        f"{first.run}{_ordinal(first.run)} consecutive month in which it held.",
        f"The rule: {verdict.rule}",
        f"{s} requests that the Parties establish a direct connection between these switches and work "
        "cooperatively to do so. The evidence for each month judged is set out below.",
    )
    return Notice(kind="direct_connection", reference=_trigger_ref(verdict),
                  subject=f"Request to establish a direct connection: {verdict.from_switch} – {verdict.to_switch}",
                  paragraphs=paragraphs, clauses=tuple(clauses), evidence_title="Monthly evidence",
                  evidence_columns=cols, evidence_rows=rows, cites=tuple(dict.fromkeys(verdict.cites)),
                  notes=tuple(verdict.notes), **common)


def election_notice(lib: Library, verdict: Any, *, drafted: dt.date | None = None, method: str = "certified_mail",
                    sent: dt.date | None = None, acknowledged: dt.date | None = None,
                    receipt: dt.date | None = None) -> Notice:
    """Socket's notice electing to pay the transit difference instead of a direct connection
    (Interim §5 ¶8 / Amendment §3 ¶8), for a met scenario-(2) verdict."""
    from meetpoint.compliance.election import election_cost

    if not verdict.met:
        raise NoticeError(f"{verdict.trigger} is not met: the election is available only when scenario (2) is met")
    agr = lib.agreement(verdict.agreement)
    scenario = _provision_of(agr, verdict.trigger)
    elections = [p for p in agr.provisions if p.id.endswith("transit_election")]
    if not elections:
        raise NoticeError(f"{agr.id} has no transit-difference election")
    election = elections[0]
    sender = election.facts.get("electing_party") or agr.roles.get("clec")
    common = _common(lib, agr, sender, drafted, method, sent, acknowledged, receipt)
    rows_in = list(verdict.evidence)
    end = next(i for i, r in enumerate(rows_in) if r.month == verdict.first_met)
    start = end - rows_in[end].run + 1
    rows = []
    for r in rows_in[start:]:
        paid = r.values.get("transit_paid")
        line = election_cost(agr, r.month, Decimal(paid)) if paid is not None else None
        rows.append((r.month, _fmt(r.values.get("mou_one_way")), _fmt(paid, "amount"),
                     _fmt(line.inputs["baseline"], "amount") if line else "—", _fmt(line.amount, "amount") if line else "—",
                     "yes" if r.passed else "no"))
    s, b = common["sender"].name, common["recipient"].name
    paragraphs = (
        f"The conditions of alternative scenario (2) of {scenario.full_cite} were met between switches "
        f"{verdict.from_switch} and {verdict.to_switch} in {verdict.first_met}.",
        f"{s} gives notice to {b} under {election.full_cite} that it elects to pay the difference between the "
        "properly assessed transiting charges associated with this single traffic exchange route per month and the "
        "monthly amount stated in the clause, rather than establish a direct connection; "
        f"{b} will bill {s} quarterly together with proof of payment to the third party.",
    )
    return Notice(kind="election", reference=f"election:{_trigger_ref(verdict)}",
                  subject=f"Election to pay the transit difference: {verdict.from_switch} – {verdict.to_switch}",
                  paragraphs=paragraphs, clauses=(Clause.of(scenario), Clause.of(election)),
                  evidence_title="Months of the qualifying run and what the election would pay",
                  evidence_columns=("month", "one-way MOU", "transit paid", "monthly amount kept", "difference payable",
                                    "scenario (2) met that month"),
                  evidence_rows=tuple(rows), cites=tuple(dict.fromkeys((*verdict.cites, election.full_cite))),
                  notes=tuple(verdict.notes), **common)


def study_notice(lib: Library, study: Any, *, sender: str | None = None, drafted: dt.date | None = None,
                 method: str = "certified_mail", sent: dt.date | None = None, acknowledged: dt.date | None = None,
                 receipt: dt.date | None = None) -> Notice:
    """A notice of a traffic study's result (Art. IV §3.2.2): that mutual compensation will commence,
    that the Parties return to bill-and-keep, or that the study found no change."""
    from meetpoint.compliance.balance_study import OUTCOMES, PROVISION

    if not study.permitted:
        raise NoticeError(f"study {study.study_id} was refused: {study.refusal}")
    agr = lib.agreement(study.agreement)
    prov = agr.provision(PROVISION)
    sender = sender or study.dominant or agr.roles.get("ilec") or agr.pairs[0][0]
    common = _common(lib, agr, sender, drafted, method, sent, acknowledged, receipt)
    s, r = common["sender"].name, common["recipient"].name
    clauses = [Clause.of(prov)]
    clauses += [Clause.of(p) for p in agr.provisions if p.id == "compensation.reciprocal_rates"]
    shares = "; ".join(f"{_carrier_name(lib, x.party)} {x.percent}% ({x.minutes:,} minutes)" for x in study.shares)
    found = (f"The traffic study of {study.period.first} to {study.period.last}, initiated on {study.initiated:%-d %B %Y}, "
             f"examined all Local Traffic excluding Local Traffic that is also Information Access Traffic: "
             f"{study.total_minutes:,} minutes terminated, of which {shares or 'none'}. The threshold is "
             f"more than {study.threshold} percent of the total terminated minutes.")
    if study.outcome == "may_notify_mutual":
        act = (f"{_carrier_name(lib, study.dominant)} terminated more than {study.threshold} percent. {s} gives notice "
               f"to {r} under {prov.full_cite} that mutual compensation will commence for such Local Traffic, "
               "excluding Local Traffic that is also Information Access Traffic, pursuant to the rates set forth in "
               "Appendix A, from the date this notice counts as received.")
    elif study.outcome == "may_revert":
        act = (f"Neither Party terminated more than {study.threshold}% of the other's traffic. {s} gives notice to {r} "
               f"under {prov.full_cite} that the traffic has changed and proposes that the Parties return to the "
               "Bill-and-Keep Arrangement from the date this notice counts as received.")
    else:
        act = f"Result: {OUTCOMES.get(study.outcome or '', study.outcome)}. {s} informs {r} of the result."
    cadence = (f"Cadence: this {'subsequent study to end mutual compensation' if study.kind == 'revert' else 'traffic study'} "
               f"was permitted (no more often than every {study.interval_months} months; "
               + (f"previous study {study.previous_study})" if study.previous_study else "no earlier study)")
               + (". Once mutual compensation has commenced, a subsequent study to end it may be initiated on or "
                  f"after {study.next_permitted:%-d %B %Y}." if study.outcome == "may_notify_mutual" else
                  f". The next study may be initiated on or after {study.next_permitted:%-d %B %Y}."))
    cols = ("month", *(_carrier_name(lib, x.party) for x in study.shares))
    rows = [(m, *(_fmt(v.get(x.party, 0)) for x in study.shares)) for m, v in sorted(study.monthly.items())]
    rows.append(("period total (rounded up once)", *(_fmt(x.minutes) for x in study.shares)))
    rows.append(("share of the total", *(f"{x.percent}%" for x in study.shares)))
    rows.append((f"more than {study.threshold}%?", *("yes" if x.over_threshold else "no" for x in study.shares)))
    notes = list(study.notes) + [f"left out ({j}): {m:,} minutes" for j, m in study.excluded.items()]
    return Notice(kind="study", reference=f"study:{study.study_id}",
                  subject=f"Traffic study {study.period.first} to {study.period.last}: result",
                  paragraphs=(found, act, cadence), clauses=tuple(clauses),
                  evidence_title="Local minutes terminated by each Party (excluding Information Access Traffic)",
                  evidence_columns=cols, evidence_rows=tuple(rows), cites=tuple(dict.fromkeys(study.cites)),
                  notes=tuple(notes), extra={"outcome": study.outcome}, **common)


def _ordinal(n: int) -> str:
    return "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _trigger_ref(verdict: Any) -> str:
    return f"{verdict.agreement}:{verdict.trigger}:{verdict.from_switch}:{verdict.to_switch}"


# --------------------------------------------------------------------------- output


def render_notice(notice: Notice, *, generated: dt.date | None = None) -> str:
    """The notice as an HTML page (its kind's template)."""
    import meetpoint
    from meetpoint.reports.html import render

    return render(notice.template, notice=notice, version=meetpoint.__version__,
                  generated=generated or notice.drafted)


def write_notice(notice: Notice, *, html: str | Path | None = None, pdf: str | Path | None = None) -> dict[str, Path]:
    """Write the notice as HTML and/or PDF; return the paths written."""
    from meetpoint.reports.pdf import html_to_pdf

    page = render_notice(notice)
    out: dict[str, Path] = {}
    if html is not None:
        p = Path(html)
        p.parent.mkdir(parents=True, exist_ok=True)
        tmp = p.with_suffix(p.suffix + ".tmp")
        tmp.write_text(page, encoding="utf-8")
        tmp.replace(p)
        out["html"] = p
    if pdf is not None:
        out["pdf"] = html_to_pdf(page, pdf)
    return out


def find_verdict(verdicts: Sequence[Any], reference: str) -> Any:
    """The verdict named ``<agreement>:<trigger>:<from_switch>:<to_switch>`` (either orientation)."""
    parts = reference.split(":")
    if len(parts) != 4:
        raise NoticeError(f"{reference!r}: name a trigger as AGREEMENT:TRIGGER:FROM_SWITCH:TO_SWITCH")
    agr, trig, a, b = parts
    for v in verdicts:
        if v.agreement == agr and v.trigger == trig and {v.from_switch, v.to_switch} == {a, b}:
            if (v.from_switch, v.to_switch) == (a, b) or not any(
                    w.agreement == agr and w.trigger == trig and (w.from_switch, w.to_switch) == (a, b) for w in verdicts):
                return v
    known = ", ".join(_trigger_ref(v) for v in verdicts if v.met) or "none met"
    raise NoticeError(f"no verdict {reference}; met triggers: {known}")
