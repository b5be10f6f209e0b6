"""Compliance monitors: direct-connection triggers judged on monthly evidence, with cites.

- :mod:`~meetpoint.compliance.evidence` — :class:`MonthEvidence` per switch pair and month, and
  :func:`build_evidence` from the workspace's ``usage_cube``, ``hourly_load`` and ``transit_charges``
- :mod:`~meetpoint.compliance.consecutive` — the one home of "N consecutive months"
- :mod:`~meetpoint.compliance.triggers_socket` — Interim §5 ¶8 / Amendment §3 ¶8, scenarios (1) and (2)
- :mod:`~meetpoint.compliance.triggers_idt` — CenturyTel/IDT ICA Art. IV §5.2 (a), (b), (c)
- :mod:`~meetpoint.compliance.registry` — provision id → trigger functions; :func:`evaluate`
- :mod:`~meetpoint.compliance.election` — scenario (2): paying transit above $672.00 vs a direct connection

>>> from meetpoint.agreements import load_library
>>> from meetpoint.compliance import MonthEvidence, evaluate
>>> rows = [MonthEvidence(m, "SPECTRA-EO", "SOCKET-SW", "spectra", "socket", busy_hour_ccs=432.0)
...         for m in ("2006-01", "2006-02", "2006-03")]
>>> v = [v for v in evaluate(load_library(), rows, through="2006-03")
...      if v.trigger == "direct_connection.ds1_level"][0]
>>> v.met, v.first_met, v.cites
(True, '2006-03', ('Interim Arrangement §5 ¶8',))
"""

from __future__ import annotations

from meetpoint.compliance.consecutive import first_completed, month_end, month_range
from meetpoint.compliance.evidence import EvidenceSet, MonthEvidence, PairMonths, TransitPayment, build_evidence
from meetpoint.compliance.registry import TRIGGERS, TriggerSpec, evaluate, triggers_for
from meetpoint.compliance.verdict import EvidenceRow, Verdict

__all__ = [
    "TRIGGERS",
    "EvidenceRow",
    "EvidenceSet",
    "MonthEvidence",
    "PairMonths",
    "TransitPayment",
    "TriggerSpec",
    "Verdict",
    "build_evidence",
    "evaluate",
    "first_completed",
    "month_end",
    "month_range",
    "triggers_for",
]
