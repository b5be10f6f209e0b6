"""Workspace change documents (``kind: decision``): strict loading, merging, provenance.

Interim §5 ¶4: "If, upon arbitration or negotiation of a final agreement, it is determined that no
rate should apply for connections when Socket leases transport from a third party ... any such
charges that were paid by Socket under this Interim Arrangement will be subject to refund. If ... a
different rate should apply ..., such rate shall apply on a going forward basis only."
IDT Art. III §47: a TBD price later established by the Commission is trued up.
"""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from meetpoint.agreements import Decision, load_library, parse_decision, validate_files
from meetpoint.agreements.loader import load_folder, LIBRARY_DIR
from meetpoint.errors import AgreementParseError

HERE = Path(__file__).parent
INVALID = HERE / "invalid" / "decisions"
FIXTURES = HERE / "fixtures"

DS1 = "transport_rates.channel_termination.ds1_channel_termination"  # Socket provides the transport
DS3 = "transport_rates.channel_termination.ds3_channel_termination"
DS1_TP = "transport_rates.channel_termination.ds1_third_party"  # a third party does (¶4 governs changes)
DS3_TP = "transport_rates.channel_termination.ds3_third_party"
INTERIM = "socket-spectra-interim-2005"

# file stem -> (YAML path the error must name, words the problem must contain)
EXPECTED = {
    "prospective-backdated": ("values.2005-10-17.change", ["prospective change cannot start (2005-10-17)",
                                                           "decided (2006-09-01)", "act retroactively"]),
    "missing-change": ("values.2005-10-17.change", ["missing required field 'change'"]),
    "initial-change": ("values.2005-10-17.change", ["'prospective' or 'retroactive'", "'initial'"]),
    "float-value": ("values.2005-10-17.value", ["YAML float", '"0.0"']),
    "not-a-number": ("values.2005-10-17.value", ["'none' is not a decimal number", "USD/month"]),
    "before-first-start": ("values.2005-01-01", ["no value before 2005-10-17"]),
    "bad-date-key": ("values", ["'17-10-2005'", "ISO date YYYY-MM-DD"]),
    "unsorted-values": ("values", ["out of order"]),
    "unknown-field": ("values.2005-10-17.cites", ["unknown field 'cites'", "did you mean 'cite'"]),
    "unknown-parameter": ("parameter", ["no parameter 'transport_rates.channel_termination.ds2_channel_termination'",
                                        DS1]),
    "unknown-agreement": ("agreement", ["unknown agreement 'socket-spectra-final-2007'"]),
    "missing-cite": ("cite", ["missing required field 'cite'"]),
    "retroactive-different-rate": ("values.2005-10-17.change", [
        "transport_rates.channel_termination.ds1_third_party is governed by Interim Arrangement §5 ¶4",
        "a different rate (12.00)", "going forward basis only", "must be 'prospective'",
        "only a decision that no rate applies (0.00 or null) may be retroactive"]),
}


def test_every_invalid_decision_fixture_has_an_expectation():
    assert sorted(p.stem for p in INVALID.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_invalid_decision_gives_a_precise_error(stem):
    file = INVALID / f"{stem}.yaml"
    [(_, err)] = validate_files([file])
    assert isinstance(err, AgreementParseError), f"{stem} was accepted"
    path, words = EXPECTED[stem]
    assert (err.file, err.path) == (str(file), path)
    assert str(err).startswith(f"{file}: at {path}: ")
    for w in words:
        assert w in str(err), (w, str(err))


def test_valid_decisions_validate_without_touching_the_cached_library():
    files = sorted((FIXTURES / "decisions").glob("*.yaml"))
    assert [e for _, e in validate_files(files) if e] == []
    assert load_library().agreement(INTERIM).value(DS1_TP, on=dt.date(2006, 1, 1)) == Decimal("24.50")


def test_a_workspace_folder_applies_its_decisions_with_provenance(tmp_path):
    ws_agreements = tmp_path / "agreements"
    shutil.copytree(FIXTURES / "decisions", ws_agreements / "decisions")
    lib = load_library(extra=[ws_agreements])
    agr = lib.agreement(INTERIM)

    # retroactive: 0.00 from the start, replacing the initial $24.50; the replaced entry is kept
    entry = agr.parameter(DS1_TP).entry_at(dt.date(2006, 1, 1))
    assert (entry.value, entry.since, entry.change, entry.decided) == (Decimal("0.00"), dt.date(2005, 10, 17),
                                                                       "retroactive", dt.date(2006, 9, 1))
    assert entry.cite == "Fixture Arbitration Order (Interim Arrangement §5 ¶4: refund)"
    assert entry.decision.endswith("arbitration-no-rate.yaml")
    [(old, by)] = agr.parameter(DS1_TP).superseded
    assert (old.value, old.change, by) == (Decimal("24.50"), "initial", entry.decision)
    # ¶4 reaches connections over third-party transport only: Socket's own transport keeps $24.50
    assert agr.value(DS1, on=dt.date(2006, 1, 1)) == Decimal("24.50") and agr.parameter(DS1).superseded == []

    # prospective: $257.83 until 30 Sep 2006, $200.00 from 1 Oct 2006
    ds3 = agr.parameter(DS3_TP)
    assert ds3.value_at(dt.date(2006, 9, 30)) == Decimal("257.83")
    assert ds3.entry_at(dt.date(2006, 10, 1)).change == "prospective"
    assert ds3.value_at(dt.date(2006, 10, 1)) == Decimal("200.00")

    # §47: the Commission's price replaces TBD from the agreement's start; the decision says what it replaced
    idt = lib.agreement("centurytel-idt-2006")
    assert idt.value("compensation.reciprocal_rates.local_traffic", on=dt.date(2006, 5, 1)) == Decimal("0.0007")
    [commission] = lib.decisions_for("centurytel-idt-2006")
    assert isinstance(commission, Decision) and commission.name == "commission-price"
    assert commission.replaced(dt.date(2006, 3, 31)).value == "TBD"

    # the built-in library is untouched
    assert load_library().agreement(INTERIM).value(DS1_TP, on=dt.date(2006, 1, 1)) == Decimal("24.50")


def test_a_new_decision_file_reloads_the_library(tmp_path):
    folder = tmp_path / "agreements"
    (folder / "decisions").mkdir(parents=True)
    assert load_library(extra=[folder]).agreement(INTERIM).value(DS1_TP, on=dt.date(2006, 1, 1)) == Decimal("24.50")
    shutil.copy(FIXTURES / "decisions" / "arbitration-no-rate.yaml", folder / "decisions")
    assert load_library(extra=[folder]).agreement(INTERIM).value(DS1_TP, on=dt.date(2006, 1, 1)) == Decimal("0.00")


def test_a_later_decision_replaces_an_earlier_one_on_the_same_date(tmp_path):
    folder = tmp_path / "agreements" / "decisions"
    folder.mkdir(parents=True)
    for name, decided, value in (("first", "2006-09-01", "10.00"), ("rehearing", "2006-12-01", "12.00")):
        (folder / f"{name}.yaml").write_text(
            f"kind: decision\nagreement: {INTERIM}\nparameter: {DS1}\ndecided: {decided}\ncite: Order {name}\n"
            f"values:\n  2006-10-01: {{value: \"{value}\", change: retroactive}}\n", encoding="utf-8")
    lib = load_folder(LIBRARY_DIR, [folder.parent])
    entry = lib.agreement(INTERIM).parameter(DS1).entry_at(dt.date(2006, 10, 1))
    assert (entry.value, entry.cite) == (Decimal("12.00"), "Order rehearing")
    assert [d.name for d in lib.decisions] == ["first", "rehearing"]


def test_two_decisions_of_the_same_day_on_the_same_date_conflict():
    with pytest.raises(AgreementParseError) as info:
        load_folder(LIBRARY_DIR, [FIXTURES / "decisions-conflict"])
    err = info.value
    assert err.file.endswith("order-b.yaml") and err.path == "values.2006-10-01"
    assert "order-a.yaml" in err.problem and "decided the same day" in err.problem


def test_a_decision_may_also_sit_at_the_top_of_the_agreements_folder(tmp_path):
    shutil.copy(FIXTURES / "decisions" / "different-rate.yaml", tmp_path / "different-rate.yaml")
    lib = load_library(extra=[tmp_path])
    assert lib.agreement(INTERIM).value(DS3_TP, on=dt.date(2007, 1, 1)) == Decimal("200.00")


def test_parse_decision_alone_checks_the_shape_only():
    dec = parse_decision(FIXTURES / "decisions" / "arbitration-no-rate.yaml")
    assert (dec.agreement, dec.parameter, dec.decided) == (INTERIM, DS1_TP, dt.date(2006, 9, 1))
    assert dec.values[dt.date(2005, 10, 17)].change == "retroactive"


def write_decision(folder, name, parameter, values, decided="2006-09-01"):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.yaml").write_text(
        f"kind: decision\nagreement: {INTERIM}\nparameter: {parameter}\ndecided: {decided}\n"
        f"cite: Order {name}\nvalues:\n{values}", encoding="utf-8")


def test_no_rate_on_third_party_transport_may_be_retroactive_as_zero_or_null(tmp_path):
    """Interim §5 ¶4: "it is determined that no rate should apply ... any such charges that were paid
    by Socket under this Interim Arrangement will be subject to refund." A dated null says "no rate"
    as well as 0.00 does."""
    folder = tmp_path / "agreements" / "decisions"
    write_decision(folder, "no-rate-null", DS3_TP, "  2005-10-17: {value: null, change: retroactive}\n")
    lib = load_folder(LIBRARY_DIR, [folder.parent])
    entry = lib.agreement(INTERIM).parameter(DS3_TP).dated_at(dt.date(2006, 1, 1))
    assert (entry.value, entry.since, entry.change, entry.cite) == (None, dt.date(2005, 10, 17), "retroactive",
                                                                   "Order no-rate-null")
    assert lib.agreement(INTERIM).parameter(DS3_TP).entry_at(dt.date(2006, 1, 1)) is None
    assert lib.agreement(INTERIM).value(DS3, on=dt.date(2006, 1, 1)) == Decimal("257.83")


def test_a_different_third_party_rate_going_forward_is_accepted(tmp_path):
    """"such rate shall apply on a going forward basis only": prospective, from the decision on."""
    folder = tmp_path / "agreements" / "decisions"
    write_decision(folder, "final", DS1_TP, "  2006-09-01: {value: \"12.00\", change: prospective}\n")
    agr = load_folder(LIBRARY_DIR, [folder.parent]).agreement(INTERIM)
    assert agr.value(DS1_TP, on=dt.date(2006, 8, 31)) == Decimal("24.50")
    assert agr.value(DS1_TP, on=dt.date(2006, 9, 1)) == Decimal("12.00")


@pytest.mark.parametrize("agreement", [INTERIM, "socket-centurytel-amendment-2005"])
def test_the_refund_clause_names_the_parameters_it_governs(agreement):
    """Both Socket instruments: ¶4 governs exactly the third-party-transport channel terminations."""
    prov = load_library().agreement(agreement).provision("transport_rates.arbitration_true_up")
    assert prov.facts["governs_parameters"] == [DS1_TP, DS3_TP]
    assert (prov.facts["if_no_rate"], prov.facts["if_different_rate"]) == ("retroactive", "prospective")


def test_the_amendment_refuses_a_retroactive_different_rate_too(tmp_path):
    folder = tmp_path / "agreements" / "decisions"
    (folder).mkdir(parents=True)
    (folder / "backdated.yaml").write_text(
        "kind: decision\nagreement: socket-centurytel-amendment-2005\n"
        f"parameter: {DS3_TP}\ndecided: 2006-09-01\ncite: Order\n"
        "values:\n  2006-01-01: {value: \"300.00\", change: retroactive}\n", encoding="utf-8")
    with pytest.raises(AgreementParseError) as info:
        load_folder(LIBRARY_DIR, [folder.parent])
    err = info.value
    assert err.file.endswith("backdated.yaml") and err.path == "values.2006-01-01.change"
    assert "Amendment §3 ¶4" in err.problem and "going forward basis only" in err.problem
