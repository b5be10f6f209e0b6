"""Usage lines from the cube: bill-and-keep, mutual compensation, TBD (Art. III §47), ISP-bound, access."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meetpoint.settlement._library import SuppliedRate
from meetpoint.settlement.periods import month_period
from meetpoint.settlement.usage import MutualCompensation, UsageCell, price_usage

D = dt.date
MARCH = month_period("2006-05")  # IDT is effective 31 Mar 2006; May is a whole month under it
IDT = "centurytel-idt-2006"


def cell(j, ds, calls=1, orig="idt", term="centurytel", pair=("IDTXMTAA", "CTLXMTBB")):
    return UsageCell("2006-05", orig, term, pair[0], pair[1], "direct", j, calls, ds)


@pytest.fixture
def idt(lib):
    return lib.agreement(IDT)


def price(agr, cells, **kw):
    return {x.inputs["jurisdiction"]: x for x in price_usage(cells, MARCH, agr, biller="centurytel", billed="idt", **kw)}


def test_bill_and_keep_shows_the_minutes_and_zero(idt):
    # Art. IV §3.2.2: "the Parties agree to use a Bill-and-Keep Arrangement with respect to
    # termination of Local Traffic only." §2.4.2: "not ... rounded upward on a per-call basis ...
    # any remaining fraction shall be rounded up" — 20.1 s + 20.1 s + 20.1 s = 60.3 s → 2 minutes.
    lines = price(idt, [cell("local", 402, 2, pair=("A0000000", "B0000000")), cell("local", 201)])
    line = lines["local"]
    assert (line.quantity, line.rate, line.amount) == (Decimal(2), Decimal("0.00"), Decimal("0.00"))
    assert line.inputs["calls"] == 3 and line.inputs["duration_ds"] == 603 and line.inputs["regime"] == "bill_and_keep"
    assert "Art. IV §3.2.2" in line.cite and "§2.4" in line.cite
    assert line.key == "usage:2006-05:local"


def test_only_traffic_the_billed_carrier_originated(idt):
    lines = price(idt, [cell("local", 6000, orig="centurytel", term="idt")])
    assert lines == {}


NOTICE = MutualCompensation(D(2006, 5, 1), "study-2006-05-01", "CenturyTel/IDT ICA Art. IV §3.2.2")


def test_mutual_compensation_with_tbd_rate_and_no_interim_price_is_flagged(idt):
    # App. A §A: "Local Traffic excluding Local Traffic that is also Information Access Traffic (If
    # invoked pursuant to Article IV, Section 3.2.2) TBD".
    line = price(idt, [cell("local", 6000)], notice=NOTICE)["local"]
    assert (line.rate, line.amount, line.priced) == ("TBD", Decimal("0.00"), False)
    assert "Art. III §47" in line.cite and line.inputs["regime"] == "mutual_compensation"


def test_tbd_rate_takes_the_interim_price_of_the_nearest_analogous_item(idt):
    # Art. III §47: "an interim price shall be set for such item that is equal to the price for the
    # nearest analogous item for which a price has been established ... any underpayment shall be
    # paid, and any overpayment shall be refunded within 45 Business Days".
    interim = SuppliedRate(IDT, "usage.local", Decimal("0.0035"), "MOU", "interim",
                           "nearest analogous: end office termination, illustrative")
    line = price(idt, [cell("local", 600 * 1000 + 1)], notice=NOTICE, supplied={"usage.local": interim})["local"]
    assert line.quantity == 1001 and line.amount == Decimal("3.50")  # 1001 × 0.0035 = 3.5035
    assert line.inputs["basis"] == "interim" and "§47" in line.inputs["true_up"]


def test_notice_takes_effect_for_whole_months(idt):
    late = MutualCompensation(D(2006, 5, 2), "study", "Art. IV §3.2.2")
    assert price(idt, [cell("local", 6000)], notice=late)["local"].inputs["regime"] == "bill_and_keep"


def test_isp_bound_local_at_zero(idt):
    # App. A §A: "Local Traffic that is also Information Access Traffic $0.00" — even once mutual
    # compensation has started.
    line = price(idt, [cell("isp_local", 36000)], notice=NOTICE)["isp_local"]
    assert (line.quantity, line.rate, line.amount) == (60, Decimal("0.00"), Decimal("0.00"))
    assert line.cite.startswith("CenturyTel/IDT ICA App. A §A")


def test_access_tariff_lines(idt):
    # Art. IV §3.2.1: "Charges for the transport and termination of optional EAS, intraLATA toll and
    # interexchange traffic shall be in accordance with the Parties' respective ... access tariffs".
    toll = SuppliedRate(IDT, "usage.intralata_toll", Decimal("0.045"), "MOU", "tariff", "CenturyTel access tariff §6 (illustrative)")
    lines = price(idt, [cell("optional_eas", 600), cell("intralata_toll", 6000), cell("interlata", 60)],
                  supplied={"usage.intralata_toll": toll})
    assert lines["optional_eas"].rate == "tariff" and not lines["optional_eas"].priced
    assert lines["intralata_toll"].amount == Decimal("0.45")
    assert all("Art. IV §3.2.1" in x.cite for x in lines.values())


def test_transit_cmrs_and_unrated_get_no_line(idt):
    assert price(idt, [cell(j, 600) for j in ("transit", "cmrs", "isp_nonlocal", "unrated")]) == {}


def test_socket_vnxx_and_local_are_bill_and_keep(lib):
    # Interim §6: "they will not seek reciprocal compensation ... for traffic ... terminated to VNXX
    # Numbers, but rather will treat such traffic on a "bill and keep" basis."
    agr = lib.agreement("socket-spectra-interim-2005")
    base = lib.agreement(agr.base)
    cells = [UsageCell("2006-03", "socket", "spectra", "A", "B", "direct", j, 1, 6000) for j in ("local", "vnxx_local", "isp_local")]
    lines = {x.inputs["jurisdiction"]: x for x in price_usage(cells, month_period("2006-03"), agr, biller="spectra", billed="socket", base=base)}
    assert lines["vnxx_local"].cite.startswith("Interim Arrangement §6")
    assert lines["local"].cite.startswith("AT&T/GTE Agreement")
    assert all(x.amount == 0 and x.quantity == 10 for x in lines.values())


@given(durations=st.lists(st.integers(0, 10**7), min_size=1, max_size=30), seed=st.integers(0, 10**6))
def test_minutes_round_the_billed_total_once_and_ignore_row_order(lib, durations, seed):
    idt = lib.agreement(IDT)
    cells = [cell("local", d, pair=(f"A{i:07d}", "B0000000")) for i, d in enumerate(durations)]
    shuffled = cells[:]
    random.Random(seed).shuffle(shuffled)
    a = price_usage(cells, MARCH, idt, biller="centurytel", billed="idt")
    b = price_usage(shuffled, MARCH, idt, biller="centurytel", billed="idt")
    assert a == b and a[0].quantity == -(-sum(durations) // 600)
