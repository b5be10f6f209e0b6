"""When a notice counts as received.

IDT Art. III §31: "Any notice ... shall be deemed to have been received on the date of service if
served personally, on the date receipt is acknowledged in writing by the recipient if delivered by
regular U.S. mail, or on the date stated on the receipt if delivered by certified or registered
mail or by a courier service that obtains a written receipt. Any notice shall be delivered using one
of the alternatives mentioned in this section ... Although E-mail will not be used to provide
notice, the Parties provide their E-mail addresses below to facilitate informal communications."
"""

from __future__ import annotations

import datetime as dt

import pytest

from meetpoint.calendar import DeliveryMethod, notice_received
from meetpoint.errors import DeadlineError

D = dt.date
SENT = D(2006, 1, 3)


def test_personal_service_received_on_the_date_of_service() -> None:
    r = notice_received("personal", sent=SENT)
    assert r.received == SENT
    assert "date of service" in r.rule and r.cite == "IDT Art. III §31"


def test_regular_mail_received_when_acknowledged_in_writing() -> None:
    r = notice_received("regular_mail", sent=SENT, acknowledged=D(2006, 1, 9))
    assert r.received == D(2006, 1, 9)
    assert r.method is DeliveryMethod.REGULAR_MAIL


def test_regular_mail_without_acknowledgment_is_not_yet_received() -> None:
    with pytest.raises(DeadlineError, match="not yet received"):
        notice_received("regular_mail", sent=SENT)


@pytest.mark.parametrize("method", ["certified_mail", "registered_mail", "courier"])
def test_receipt_methods_received_on_the_date_stated_on_the_receipt(method: str) -> None:
    # A Saturday receipt stays a Saturday: §31 names the date on the receipt, not a business day.
    r = notice_received(method, sent=SENT, receipt=D(2006, 1, 7))
    assert r.received == D(2006, 1, 7)
    with pytest.raises(DeadlineError, match="receipt"):
        notice_received(method, sent=SENT)


def test_email_is_not_a_notice_method() -> None:
    with pytest.raises(DeadlineError, match="E-mail will not be used to provide notice"):
        notice_received("email", sent=SENT)
    with pytest.raises(DeadlineError, match="E-mail will not be used"):
        notice_received("E-mail", sent=SENT)


def test_other_methods_are_refused() -> None:
    with pytest.raises(DeadlineError, match="one of the alternatives"):
        notice_received("fax", sent=SENT)


def test_dates_that_do_not_fit_are_refused() -> None:
    with pytest.raises(DeadlineError, match="before the sent date"):
        notice_received("courier", sent=SENT, receipt=D(2006, 1, 2))
    with pytest.raises(DeadlineError, match="does not apply"):
        notice_received("personal", sent=SENT, receipt=D(2006, 1, 4))
    with pytest.raises(DeadlineError, match="does not apply"):
        notice_received("regular_mail", sent=SENT, receipt=D(2006, 1, 4))


def test_method_spelling_is_forgiving() -> None:
    assert notice_received("Certified-Mail", sent=SENT, receipt=SENT).method is DeliveryMethod.CERTIFIED_MAIL
