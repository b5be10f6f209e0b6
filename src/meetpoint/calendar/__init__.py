"""Deadlines: business days, section 252 windows, agreement deadlines and notice receipt.

Statutory day counts live in :mod:`meetpoint.calendar.statute` with their cites; agreement day
counts come from the agreement library and are passed in as keyword arguments. Each result is a
frozen dataclass that records its inputs, the rule and the cite. See ``docs/deadlines.md``.
"""

from __future__ import annotations

from meetpoint.calendar.business_days import (
    BUSINESS_DAY_CITE,
    HOLIDAY_CALENDAR,
    add_business_days,
    business_days_between,
    holiday_name,
    is_business_day,
    next_business_day,
)
from meetpoint.calendar.contract_deadlines import (
    OrderAcceptance,
    SubsequentLawDeadlines,
    TrueUpDeadline,
    order_acceptance,
    subsequent_law,
    tbd_trueup,
)
from meetpoint.calendar.notices import DeliveryMethod, NoticeReceipt, notice_received
from meetpoint.calendar.section252 import Section252Windows, section252_windows
from meetpoint.calendar.statute import StatutoryPeriod

__all__ = [
    "BUSINESS_DAY_CITE",
    "HOLIDAY_CALENDAR",
    "DeliveryMethod",
    "NoticeReceipt",
    "OrderAcceptance",
    "Section252Windows",
    "StatutoryPeriod",
    "SubsequentLawDeadlines",
    "TrueUpDeadline",
    "add_business_days",
    "business_days_between",
    "holiday_name",
    "is_business_day",
    "next_business_day",
    "notice_received",
    "order_acceptance",
    "section252_windows",
    "subsequent_law",
    "tbd_trueup",
]
