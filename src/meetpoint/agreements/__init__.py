"""Agreements as code: the schema, the built-in YAML library, and the resolver.

>>> import datetime as dt
>>> from meetpoint.agreements import load_library, resolve
>>> lib = load_library()
>>> lib.agreement("socket-spectra-interim-2005").value("transport_rates.leased_transport.ds1_termination", on=dt.date(2006, 1, 1))
Decimal('24.50')
>>> resolve(lib, "socket", "spectra", on=dt.date(2006, 1, 1), topic="resale").status
'excluded'
"""

from __future__ import annotations

from meetpoint.agreements.carriers import Affiliation, Carrier
from meetpoint.agreements.loader import (
    LIBRARY_DIR,
    Library,
    load_folder,
    load_library,
    parse_agreement,
    parse_carriers,
    parse_decision,
    validate_files,
)
from meetpoint.agreements.resolver import STATUSES, ChainLink, Resolution, resolve
from meetpoint.agreements.schema import (
    Agreement,
    DatedValue,
    Decision,
    Exclusion,
    NoValueError,
    Parameter,
    Provision,
)
from meetpoint.agreements.topics import TOPICS, UNITS

__all__ = [
    "LIBRARY_DIR",
    "STATUSES",
    "TOPICS",
    "UNITS",
    "Affiliation",
    "Agreement",
    "Carrier",
    "ChainLink",
    "DatedValue",
    "Decision",
    "Exclusion",
    "Library",
    "NoValueError",
    "Parameter",
    "Provision",
    "Resolution",
    "load_folder",
    "load_library",
    "parse_agreement",
    "parse_carriers",
    "parse_decision",
    "resolve",
    "validate_files",
]
