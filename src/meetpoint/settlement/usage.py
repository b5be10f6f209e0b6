"""Usage charges from the usage cube: bill-and-keep, reciprocal compensation, ISP-bound, access.

One line per jurisdiction and usage month, for the traffic the billed carrier originated and the
biller terminated. Minutes are the billed total's conversation time rounded up **once**
(:func:`meetpoint.rating.measure.billable_minutes`, IDT Art. IV §2.4.2) — never the sum of the
cube cells' own rounded minutes. Each line's cite ends with the measurement clause that governs the
agreement: its own chain's, or the IDT clause "applied by analogy"
(:func:`meetpoint.settlement.authority.chain_cite`).

==============  =================================================================================
jurisdiction    line
==============  =================================================================================
local           bill-and-keep: the minutes and $0.00 (AT&T/GTE as recited in Interim §6 /
                Amendment §4; IDT Art. IV §3.2.2). Under IDT, once a party's notice after a
                traffic study has started mutual compensation (the compliance study's regime), the
                App. A §A rate; it is ``TBD``, so Art. III §47 applies: the interim price the
                workspace supplies (``supplied_rates`` item ``usage.local``, basis ``interim``:
                the nearest analogous item's price), trued up later; without one, a ``TBD`` line
                with no amount.
vnxx_local      bill-and-keep, always (Interim §6; Amendment §4: "will not seek reciprocal
                compensation ... for traffic ... terminated to VNXX Numbers").
isp_local       IDT: App. A §A "Local Traffic that is also Information Access Traffic $0.00";
                others: bill-and-keep like local.
optional_eas,   the access tariff (IDT Art. IV §3.2.1): the workspace's tariff rate
intralata_toll, (``usage.<jurisdiction>``) if supplied, else a ``tariff`` line with no amount.
interlata
transit, cmrs,  no line: not Local Traffic under the agreement and not billed by it (App. C 1.61;
isp_nonlocal,   ``unrated`` is a data gap the rating report shows).
unrated
==============  =================================================================================

Mutual compensation, like an election, takes effect for whole usage months: the regime on the
first day of the usage month (:func:`meetpoint.compliance.balance_study.regime_at`: from the day the
notice acting on a study counts as received) governs the month — the cube is monthly and the clause
gives no proration rule.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable, Iterable, Mapping

from meetpoint.agreements import Agreement
from meetpoint.rating.measure import billable_minutes
from meetpoint.settlement._library import SuppliedRate, library_rate, provision_or_none
from meetpoint.settlement.authority import MEASUREMENT, analogy_source, chain_cite
from meetpoint.settlement.lines import ChargeLine, to_cents
from meetpoint.settlement.periods import Period, month_key

__all__ = ["ACCESS", "NOT_BILLED", "MutualCompensation", "UsageCell", "price_usage"]

#: Jurisdictions billed under the access tariffs rather than the agreement.
ACCESS: tuple[str, ...] = ("optional_eas", "intralata_toll", "interlata")
#: Jurisdictions that produce no line.
NOT_BILLED: tuple[str, ...] = ("transit", "cmrs", "isp_nonlocal", "unrated")

_ZERO = Decimal("0.00")
_RECIPROCAL = "compensation.reciprocal_rates.local_traffic"
_INFO_ACCESS = "compensation.reciprocal_rates.information_access"
_TBD_RULE = "pricing.tbd_prices"
_ACCESS_RULE = "compensation.mutual_compensation"


@dataclass(frozen=True)
class UsageCell:
    """One row of the ``usage_cube`` (``docs/contracts.md``)."""

    month: str
    orig_carrier: str
    term_carrier: str
    orig_switch: str | None
    term_switch: str | None
    route: str | None
    jurisdiction: str
    calls: int
    duration_ds: int


@dataclass(frozen=True)
class MutualCompensation:
    """Mutual compensation in force since ``since`` after traffic study ``study`` (IDT Art. IV §3.2.2)."""

    since: dt.date
    study: str
    cite: str

    def covers(self, month_first: dt.date) -> bool:
        """Whole months: those starting on or after ``since``."""
        return self.since <= month_first


@dataclass(frozen=True)
class _Context:
    agr: Agreement
    base: Agreement | None
    period: Period
    notice: MutualCompensation | None
    supplied: Mapping[str, SuppliedRate]

    def provision(self, pid: str) -> Any:
        return provision_or_none(self.agr, pid) or provision_or_none(self.base, pid)

    def bill_and_keep(self, vnxx: bool) -> Any:
        """The bill-and-keep provision for local (``vnxx=False``) or VNXX traffic."""
        found = [p for a in (self.agr, self.base) if a is not None for p in a.provisions
                 if p.facts.get("regime") == "bill_and_keep"]
        if not found:
            return None
        preferred = [p for p in found if ("vnxx" in p.id) == vnxx]
        return (preferred or found)[0]


def price_usage(
    cells: Iterable[UsageCell],
    period: Period,
    agr: Agreement,
    *,
    biller: str,
    billed: str,
    base: Agreement | None = None,
    notice: MutualCompensation | None = None,
    supplied: Mapping[str, SuppliedRate] | None = None,
    measurement_cite: str | None = None,
) -> list[ChargeLine]:
    """Usage lines for ``period`` (one usage month): traffic ``billed`` originated and ``biller`` terminated.

    ``base`` is the agreement ``agr`` adopts or amends (its bill-and-keep clause counts);
    ``notice`` a compensation notice in force; ``supplied`` the workspace's rates by item;
    ``measurement_cite`` the governing measurement clause (default: :func:`chain_cite` of ``agr``
    and ``base``, borrowing from the built-in library's IDT agreement).
    """
    if measurement_cite is None:
        measurement_cite = chain_cite(agr, base, MEASUREMENT, analogy_source())
    ctx = _Context(agr, base, period, notice if notice and notice.covers(period.first) else None, supplied or {})
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for c in cells:
        if c.orig_carrier != billed or c.term_carrier != biller or c.jurisdiction in NOT_BILLED:
            continue
        t = totals[c.jurisdiction]
        t[0] += int(c.calls)
        t[1] += int(c.duration_ds)
        t[2] += 1
    out = []
    for jurisdiction in sorted(totals):
        calls, ds, cells_n = totals[jurisdiction]
        minutes = billable_minutes(ds)
        rule = _RULES.get(jurisdiction)
        if rule is None:
            continue
        desc, rate, cite, extra = rule(ctx)
        qty = Decimal(minutes)
        amount = to_cents(rate * qty) if isinstance(rate, Decimal) else _ZERO
        out.append(ChargeLine(
            key=f"usage:{month_key(period.first)}:{jurisdiction}", kind="usage",
            description=f"{jurisdiction} traffic {billed} → {biller}, {month_key(period.first)}: {desc}",
            service_period=period.as_tuple(), quantity=qty, unit="MOU", rate=rate, amount=amount,
            cite=f"{cite}; {measurement_cite}",
            inputs={"jurisdiction": jurisdiction, "calls": calls, "duration_ds": ds, "minutes": minutes,
                    "cube_cells": cells_n, "usage_month": month_key(period.first)} | extra))
    return out


# --- the rules, one per jurisdiction -----------------------------------------------------------

Rule = Callable[[_Context], tuple[str, Any, str, dict[str, Any]]]


def _bill_and_keep(ctx: _Context, vnxx: bool = False) -> tuple[str, Any, str, dict[str, Any]]:
    prov = ctx.bill_and_keep(vnxx)
    cite = prov.full_cite if prov else ctx.agr.cite_prefix
    return "bill-and-keep", _ZERO, cite, {"regime": "bill_and_keep"}


def _local(ctx: _Context) -> tuple[str, Any, str, dict[str, Any]]:
    rate = library_rate(ctx.agr, _RECIPROCAL, ctx.period.first)
    if ctx.notice is None or rate is None:
        return _bill_and_keep(ctx)
    notice = {"regime": "mutual_compensation", "study": ctx.notice.study, "regime_since": ctx.notice.since,
              **rate.inputs()}
    cite = f"{rate.cite}; {ctx.notice.cite}"
    if isinstance(rate.value, Decimal):
        return "reciprocal compensation", rate.value, cite, notice
    tbd = ctx.provision(_TBD_RULE)
    tbd_cite = tbd.full_cite if tbd else "TBD"
    interim = ctx.supplied.get("usage.local")
    if interim is not None:
        return (f"reciprocal compensation at the interim price ({interim.reference}), to be trued up",
                interim.rate, f"{cite}; {tbd_cite}", notice | interim.inputs() | {"true_up": tbd_cite})
    return "reciprocal compensation: rate TBD, no interim price set", "TBD", f"{cite}; {tbd_cite}", notice


def _isp_local(ctx: _Context) -> tuple[str, Any, str, dict[str, Any]]:
    rate = library_rate(ctx.agr, _INFO_ACCESS, ctx.period.first)
    if rate is None:
        return _bill_and_keep(ctx)
    return "ISP-bound (Information Access) local traffic", rate.value, rate.cite, rate.inputs()


def _access(jurisdiction: str) -> Rule:
    def rule(ctx: _Context) -> tuple[str, Any, str, dict[str, Any]]:
        prov = ctx.provision(_ACCESS_RULE)
        cite = prov.full_cite if prov else "access tariff (the agreement's own terms are not in the seeds)"
        supplied = ctx.supplied.get(f"usage.{jurisdiction}")
        if supplied is not None:
            return (f"access tariff rate ({supplied.reference})", supplied.rate, f"{cite}; {supplied.reference}",
                    supplied.inputs())
        return "billed under the access tariff (rate not supplied)", "tariff", cite, {}
    return rule


_RULES: dict[str, Rule] = {
    "local": _local,
    "vnxx_local": lambda ctx: _bill_and_keep(ctx, vnxx=True),
    "isp_local": _isp_local,
    **{j: _access(j) for j in ACCESS},
}
