"""When a notice counts as received (IDT Art. III §31).

IDT Art. III §31: "Any notice to a Party required or permitted under this Agreement shall be in
writing and shall be deemed to have been received on the date of service if served personally, on
the date receipt is acknowledged in writing by the recipient if delivered by regular U.S. mail, or
on the date stated on the receipt if delivered by certified or registered mail or by a courier
service that obtains a written receipt. Any notice shall be delivered using one of the alternatives
mentioned in this section ... Although E-mail will not be used to provide notice, the Parties
provide their E-mail addresses below to facilitate informal communications."

A notice by regular mail that the recipient has not acknowledged in writing has not been received
at all: :func:`notice_received` raises :class:`~meetpoint.errors.DeadlineError` rather than guess a
delivery date.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from meetpoint.calendar.business_days import _check
from meetpoint.errors import DeadlineError

NOTICE_CITE = "IDT Art. III §31"


class DeliveryMethod(str, enum.Enum):
    """The delivery alternatives §31 allows."""

    PERSONAL = "personal"
    REGULAR_MAIL = "regular_mail"
    CERTIFIED_MAIL = "certified_mail"
    REGISTERED_MAIL = "registered_mail"
    COURIER = "courier"


#: Which date makes the notice received, per method: (the argument that holds it, the clause's words).
RULES: dict[DeliveryMethod, tuple[str, str]] = {
    DeliveryMethod.PERSONAL: ("sent", "on the date of service if served personally"),
    DeliveryMethod.REGULAR_MAIL: (
        "acknowledged",
        "on the date receipt is acknowledged in writing by the recipient if delivered by regular "
        "U.S. mail",
    ),
    DeliveryMethod.CERTIFIED_MAIL: (
        "receipt",
        "on the date stated on the receipt if delivered by certified or registered mail",
    ),
    DeliveryMethod.REGISTERED_MAIL: (
        "receipt",
        "on the date stated on the receipt if delivered by certified or registered mail",
    ),
    DeliveryMethod.COURIER: (
        "receipt",
        "on the date stated on the receipt if delivered ... by a courier service that obtains a "
        "written receipt",
    ),
}

#: The clause's own words for refusing e-mail.
EMAIL_REFUSAL = (
    "Although E-mail will not be used to provide notice, the Parties provide their E-mail "
    "addresses below to facilitate informal communications."
)


@dataclass(frozen=True)
class NoticeReceipt:
    """The date a notice is deemed received, and why."""

    method: DeliveryMethod
    sent: dt.date
    acknowledged: dt.date | None
    receipt: dt.date | None
    received: dt.date
    rule: str
    cite: str


def _method(method: DeliveryMethod | str) -> DeliveryMethod:
    if isinstance(method, DeliveryMethod):
        return method
    key = str(method).strip().lower().replace("-", "_").replace(" ", "_")
    if key in ("email", "e_mail"):
        raise DeadlineError(
            f'e-mail is not a notice method under {NOTICE_CITE}: "{EMAIL_REFUSAL}"'
        )
    try:
        return DeliveryMethod(key)
    except ValueError:
        allowed = ", ".join(m.value for m in DeliveryMethod)
        raise DeadlineError(
            f"{method!r} is not a notice method under {NOTICE_CITE} (\"Any notice shall be "
            f"delivered using one of the alternatives mentioned in this section\"): use one of "
            f"{allowed}"
        ) from None


def notice_received(
    method: DeliveryMethod | str,
    *,
    sent: dt.date,
    acknowledged: dt.date | None = None,
    receipt: dt.date | None = None,
    cite: str = NOTICE_CITE,
) -> NoticeReceipt:
    """The date a notice delivered by ``method`` is deemed received.

    Parameters
    ----------
    method
        ``personal``, ``regular_mail``, ``certified_mail``, ``registered_mail`` or ``courier``.
        ``email`` (and anything else) is refused with the clause's reason.
    sent
        The date the notice was sent; for personal service, the date of service.
    acknowledged
        Regular mail only: the date the recipient acknowledged receipt in writing.
    receipt
        Certified/registered mail or courier only: the date stated on the written receipt.

    Raises
    ------
    DeadlineError
        A regular-mail notice without a written acknowledgment (not yet received), a
        certified/registered/courier notice without its receipt date, a date given that the
        method does not use, a date before ``sent``, or a method §31 does not allow.
    """
    m = _method(method)
    _check(sent, "sent")
    needed, words = RULES[m]
    given = {"acknowledged": acknowledged, "receipt": receipt}
    for name, value in given.items():
        if value is None:
            continue
        _check(value, name)
        if name != needed:
            raise DeadlineError(
                f"{name} does not apply to a notice by {m.value}: under {NOTICE_CITE} it is "
                f"deemed received {words}"
            )
        if value < sent:
            raise DeadlineError(
                f"{name} date {value.isoformat()} is before the sent date {sent.isoformat()}"
            )
    if needed == "sent":
        received = sent
    else:
        value = given[needed]
        if value is None:
            if m is DeliveryMethod.REGULAR_MAIL:
                raise DeadlineError(
                    f"a notice by regular U.S. mail sent {sent.isoformat()} is not yet received: "
                    f"under {NOTICE_CITE} it is deemed received {words}; give the date of that "
                    "written acknowledgment"
                )
            raise DeadlineError(
                f"a notice by {m.value} is deemed received {words} ({NOTICE_CITE}); give the date "
                "stated on the receipt"
            )
        received = value
    return NoticeReceipt(
        method=m,
        sent=sent,
        acknowledged=acknowledged,
        receipt=receipt,
        received=received,
        rule=f"deemed received {words}",
        cite=cite,
    )


__all__ = ["EMAIL_REFUSAL", "NOTICE_CITE", "DeliveryMethod", "NoticeReceipt", "RULES", "notice_received"]
