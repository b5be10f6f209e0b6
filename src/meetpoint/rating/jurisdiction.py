"""The jurisdiction of a call: a decision table, first matching row wins.

Each row names the jurisdiction, the condition in words, the clause it comes from and the Ibis
condition over the columns :func:`meetpoint.rating.classify.classify` prepares. The table reads
top to bottom like the agreements do ("notwithstanding" clauses first):

==============  ==============================================================  =====================================
jurisdiction    when (in this order)                                            cite
==============  ==============================================================  =====================================
unrated         a number has no rate center on the call date                    (data gap; never dropped)
transit         neither carrier is a party to any agreement in the library      IDT App. C (Indirect Network Connection);
                                                                                Art. IV §3.3
cmrs            CDR ``cmrs`` flag, or either carrier is of kind CMRS            IDT App. C 1.61 ("excluding CMRS traffic"), 1.45
vnxx_local      dialed number is VNXX, the governing chain has a ``vnxx``       Interim §3; Amendment §1
                provision, and the caller's rate center reaches the number's
                *rated* rate center locally
isp_local       ISP-bound, and the end user and the ISP are *physically* in     IDT App. C 1.45, 1.61
                the same local calling area (same rate center or a local link)
isp_nonlocal    ISP-bound otherwise                                             IDT App. C 1.45
local           same rate center, or a local link (basic, mandatory EAS,        IDT App. C 1.55, 1.61
                mandatory MCA tier)
optional_eas    an optional link (optional EAS, optional MCA tier)              IDT App. C 1.61; Art. IV §3.2.1
intralata_toll  both rate centers in the same LATA                              IDT Art. IV §3.2.1
interlata       otherwise                                                       IDT Art. IV §3.2.1
==============  ==============================================================  =====================================

Which rate centers: the caller's number's rate center against the *dialed* number's rate center
(for a ported number the NPA-NXX's rate center, never the LRN's). A VNXX number is rated to its
rated rate center only when the governing agreement says so; otherwise it is rated where its
customer physically is (the position the VNXX clauses waive: "will not seek 'interexchange'
treatment"). The ISP rule alone uses physical locations (CDR ``orig_location``, else
``locations``, else the number's rate center; the ISP's: ``locations``, else the VNXX physical
rate center, else the number's rate center).

``mca_optional`` counts as optional (App. C 1.61 excludes "optional rate packages that permit the
end-user to choose a Local Calling Area beyond the basic exchange serving area for an additional
fee"); :data:`LINK_CLASS` is the one place to change that.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import ibis

__all__ = ["CITES", "JURISDICTIONS", "LINK_CLASS", "LOCAL", "OPTIONAL", "RULES", "Rule", "jurisdiction_expr", "link_class_expr"]

LOCAL = "local"
OPTIONAL = "optional"

#: How each ``local_calling.kind`` counts for rating. Unknown kinds count as no local link.
LINK_CLASS: dict[str, str] = {
    "basic": LOCAL,
    "mandatory_eas": LOCAL,
    "mca_mandatory": LOCAL,
    "mca": LOCAL,
    "optional_eas": OPTIONAL,
    "mca_optional": OPTIONAL,
}


def link_class_expr(same_rc: Any, kind: Any) -> Any:
    """``'local'``, ``'optional'`` or NULL for a pair of rate centers and the kind of their link."""
    return ibis.cases(
        (same_rc, LOCAL),
        *[(kind == k, cls) for k, cls in LINK_CLASS.items()],
        else_=ibis.null("string"),
    )


@dataclass(frozen=True)
class Rule:
    """One row of the decision table."""

    jurisdiction: str
    when: str
    cite: str
    condition: Callable[[Any], Any]


def _c(name: str) -> Callable[[Any], Any]:
    return lambda t: t[name]


#: The decision table, in order (first match wins). Column names are those ``classify`` prepares.
RULES: tuple[Rule, ...] = (
    Rule("unrated", "a number has no rate center on the call date", "data gap", lambda t: t.orig_rc.isnull() | t.term_rc.isnull()),
    Rule(
        "transit",
        "neither carrier is a party to any agreement in the library",
        "IDT App. C (Indirect Network Connection); Art. IV §3.3",
        lambda t: ~t.orig_party & ~t.term_party,
    ),
    Rule("cmrs", "CDR cmrs flag, or either carrier is CMRS", "IDT App. C 1.61, 1.45", _c("is_cmrs")),
    Rule(
        "vnxx_local",
        "dialed VNXX number, agreement treats VNXX as local, caller local to the rated rate center",
        "Interim §3; Amendment §1",
        lambda t: t.term_vnxx & t.vnxx_treated & (t.rated_class == LOCAL),
    ),
    Rule(
        "isp_local",
        "ISP-bound, end user and ISP physically in the same local calling area",
        "IDT App. C 1.45, 1.61",
        lambda t: t.is_isp & (t.isp_class == LOCAL),
    ),
    Rule("isp_nonlocal", "ISP-bound otherwise", "IDT App. C 1.45", _c("is_isp")),
    Rule("local", "same rate center or a local link", "IDT App. C 1.55, 1.61", lambda t: t.link_class == LOCAL),
    Rule("optional_eas", "optional EAS or optional MCA link", "IDT App. C 1.61; Art. IV §3.2.1", lambda t: t.link_class == OPTIONAL),
    Rule("intralata_toll", "same LATA", "IDT Art. IV §3.2.1", lambda t: t.orig_lata == t.term_lata),
)
_OTHERWISE = Rule("interlata", "otherwise", "IDT Art. IV §3.2.1", lambda t: ibis.literal(True))

#: Every jurisdiction, in decision order.
JURISDICTIONS: tuple[str, ...] = tuple(r.jurisdiction for r in RULES) + (_OTHERWISE.jurisdiction,)
#: Cite of each jurisdiction.
CITES: dict[str, str] = {r.jurisdiction: r.cite for r in (*RULES, _OTHERWISE)}


def jurisdiction_expr(t: Any) -> Any:
    """The jurisdiction of every row of ``t`` by :data:`RULES` (an Ibis string expression).

    ``t`` needs the columns ``orig_rc``, ``term_rc``, ``orig_party``, ``term_party``, ``is_cmrs``,
    ``term_vnxx``, ``vnxx_treated``, ``rated_class``, ``is_isp``, ``isp_class``, ``link_class``,
    ``orig_lata``, ``term_lata`` (booleans non-null).
    """
    return ibis.cases(
        *[(r.condition(t).fill_null(False), r.jurisdiction) for r in RULES],
        else_=_OTHERWISE.jurisdiction,
    )
