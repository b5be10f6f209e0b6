"""The closed vocabulary of topics a provision may belong to, and of parameter units.

A topic is what the resolver is asked about ("which terms govern Socket and Spectra on
2006-03-01 for ``poi``?"). Every provision names exactly one topic; an unknown topic is a parse
error. Each topic has a one-line description (``meetpoint agreements topics`` prints them).
"""

from __future__ import annotations

TOPICS: dict[str, str] = {
    # what the agreement is
    "scope": "what the agreement covers: parties, state, adoption, articles, traffic subject to it",
    "general": "general terms not under a more specific topic (counterparts, waiver, severability, ...)",
    "term": "commencement, effective date, duration, termination, 'in effect until replaced'",
    "negotiation": "negotiation of a new agreement under Act §251/252 (requests, arbitration windows)",
    "disputes": "dispute resolution and open disputes (e.g. retroactive clarification, Amendment §5)",
    "change_of_law": "subsequent law, regulatory control, changes in legal requirements",
    "liability": "indemnification, disclaimers, limitation of liability",
    "notices": "how notices are given, when they count as received, and to which addresses",
    "taxes": "taxes and fees/regulatory surcharges on bills",
    # money
    "pricing": "rate tables in general, TBD and interim prices, tariffs versus the agreement",
    "billing": "when and how bills are rendered (advance/arrears), charges barred or waived",
    "measurement": "how billable minutes of use are measured and rounded",
    "compensation": "compensation for local traffic: bill-and-keep, reciprocal rates, traffic studies, factors",
    "transit": "tandem switching and transiting through a third party's or the ILEC's tandem",
    # network
    "interconnection": "duty and architecture of the physical connection, cost responsibility, capacity",
    "poi": "where the point of interconnection (POI/IP) must be placed",
    "collocation": "whether collocation is required for interconnection",
    "transport_rates": "channel termination, leased transport, channel mileage, muxing, caps, true-ups",
    "direct_connection": "when an indirect (transit) connection must become a direct one, and alternatives",
    "trunking": "trunk groups, trunk forecasts, grade of service, under-utilisation",
    "signaling": "SS7 / common channel and multi-frequency signalling",
    "network_management": "network management controls, protection against impairment",
    "ordering": "ordering and provisioning (ASR, service guide, when orders may be placed)",
    # numbers and traffic
    "vnxx": "treatment of virtual NXX numbers (rated locally regardless of the customer's location)",
    "lnp": "local number portability: porting rules and charges",
    "dialing_parity": "dialing and rating equivalence between the carriers' customers",
    "definitions": "defined terms (Local Traffic, Information Access Traffic, Business Day, ...)",
    # services that exclusions name
    "resale": "resale of the incumbent's retail services",
    "une": "unbundled network elements and combinations of network elements",
    "ancillary": "ancillary functions (Part III of the AT&T/GTE Agreement)",
    "branding": "branding of services",
    "directory": "directory listings, directory distribution, directory assistance listing information",
    "busy_line_verification": "busy line verification and busy line verification interrupt",
    "other": "a provision whose subject the seeds do not state (e.g. an attachment known only by number)",
}

UNITS: dict[str, str] = {
    "USD": "US dollars, one time",
    "USD/month": "US dollars per month",
    "USD/mile/month": "US dollars per airline mile per month",
    "USD/MOU": "US dollars per minute of use",
    "per_tariff": "the unit the referenced tariff uses (the agreement states none)",
    "MOU/month": "minutes of use in a month",
    "trunks": "a number of trunks",
    "probability": "a probability such as a grade of service (0.001)",
    "percent": "a percentage (60 means 60%)",
    "seconds": "seconds",
    "months": "calendar months",
    "years": "years",
    "business_days": "business days",
    "calendar_days": "calendar days",
}

#: Units whose values are whole counts (written as YAML integers); every other unit takes a quoted
#: decimal string so money never passes through a float.
COUNT_UNITS = frozenset({"MOU/month", "trunks", "months", "years", "business_days", "calendar_days"})

#: Units that are money: only these may take the special value ``tariff``.
MONEY_UNITS = frozenset({"USD", "USD/month", "USD/mile/month", "USD/MOU", "per_tariff"})


def describe(topic: str) -> str:
    """The one-line description of ``topic`` (``UnknownAgreementError`` if it is not in the vocabulary)."""
    from meetpoint.errors import UnknownAgreementError

    try:
        return TOPICS[topic]
    except KeyError:
        raise UnknownAgreementError(
            f"unknown topic {topic!r}; topics are: {', '.join(TOPICS)}"
        ) from None
