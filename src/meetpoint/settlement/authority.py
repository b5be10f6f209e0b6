"""Which clause governs a convention a bill applies: the agreement's own, or another's by analogy.

Two conventions run on every bill whatever the agreement: the bill-month calendar (recurring in
advance, usage in arrears; :mod:`~meetpoint.settlement.periods`) and how usage is measured (answer
to disconnect, tenths of seconds, the period total rounded up once; :mod:`meetpoint.rating.measure`).
The CenturyTel/IDT agreement states both (Art. IV §2.3, §2.4.1-§2.4.2). The Socket agreements, and
the AT&T/GTE Agreement they adopt or amend, have no such terms in the seeds, so the IDT convention
is applied to them too — and their bills must say it is borrowed, not cite the IDT clause as if it
governed (``docs/decisions.md``, "Borrowed conventions are cited as borrowed").

The cite is looked up by provision id in the agreement's chain (the agreement, then the agreement it
adopts or amends), never by topic: the Interim's ``billing`` provision (§7) is about commencement,
not bill periods.

>>> from meetpoint.agreements import load_library
>>> lib = load_library()
>>> governing_cite(lib, "centurytel-idt-2006", BILL_PERIODS)
'CenturyTel/IDT ICA Art. IV §2.3'
>>> governing_cite(lib, "socket-spectra-interim-2005", MEASUREMENT)
'CenturyTel/IDT ICA Art. IV §2.4.1-§2.4.2, applied by analogy: the Socket/Spectra Interim Arrangement and the AT&T/GTE Agreement it adopts have no usage-measurement terms in the seeds'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from meetpoint.errors import UnknownAgreementError
from meetpoint.settlement._library import provision_or_none

if TYPE_CHECKING:  # pragma: no cover
    from meetpoint.agreements import Agreement, Library

__all__ = ["ANALOGY_AGREEMENT", "BILL_PERIODS", "MEASUREMENT", "analogy_source", "chain_cite", "governing_cite"]

#: The agreement whose conventions are applied by analogy where an agreement's chain has none.
ANALOGY_AGREEMENT = "centurytel-idt-2006"
#: Provision ids of the conventions every bill applies, and what their terms are called.
BILL_PERIODS = "billing.advance_and_arrears"
MEASUREMENT = "measurement.usage"
_TERMS = {BILL_PERIODS: "billing-period", MEASUREMENT: "usage-measurement"}


def analogy_source(lib: "Library | None" = None) -> "Agreement | None":
    """The agreement applied by analogy (:data:`ANALOGY_AGREEMENT`) in ``lib`` (default: the built-in library)."""
    if lib is None:
        from meetpoint.agreements import load_library

        lib = load_library()
    try:
        return lib.agreement(ANALOGY_AGREEMENT)
    except UnknownAgreementError:
        return None


def chain_cite(agr: "Agreement", base: "Agreement | None", provision_id: str, analogy: "Agreement | None") -> str:
    """The full cite of ``provision_id`` in ``agr`` or else ``base``; where neither has it, the
    ``analogy`` agreement's, marked "applied by analogy" with the reason."""
    for a in (agr, base):
        prov = provision_or_none(a, provision_id)
        if prov is not None:
            return prov.full_cite
    terms = _TERMS.get(provision_id, f"{provision_id!r}")
    whose = (f"the {agr.title} and the {base.cite_prefix} it {'adopts' if agr.adopts else 'amends'} have"
             if base is not None else f"the {agr.title} has")
    prov = provision_or_none(analogy, provision_id) if analogy is not None else None
    if prov is None:
        return f"none: {whose} no {terms} terms in the seeds, and no agreement to apply by analogy"
    return f"{prov.full_cite}, applied by analogy: {whose} no {terms} terms in the seeds"


def governing_cite(lib: "Library", agreement_id: str, provision_id: str) -> str:
    """:func:`chain_cite` of ``provision_id`` for ``agreement_id`` in ``lib``, borrowing from :data:`ANALOGY_AGREEMENT`."""
    agr = lib.agreement(agreement_id)
    base = lib.agreement(agr.base) if agr.base else None
    return chain_cite(agr, base, provision_id, analogy_source(lib))
