"""Strict loading: one broken file per error in ``invalid/``, each message naming file, path and field."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meetpoint.agreements import NoValueError, Parameter, load_library, parse_agreement, validate_files
from meetpoint.agreements.loader import LIBRARY_DIR, load_folder
from meetpoint.errors import AgreementParseError, UnknownAgreementError

HERE = Path(__file__).parent
INVALID = HERE / "invalid"
FIXTURES = HERE / "fixtures"

# file stem -> (YAML path the error must name, words the problem must contain)
EXPECTED = {
    "duplicate-key": ("title", ["duplicate key 'title'", "line 3", "line 2"]),
    "unknown-field": ("provisions[0].cites", ["unknown field 'cites'", "did you mean 'cite'"]),
    "bad-date-key": ("provisions[0].params.rate.values", ["'17-10-2005'", "ISO date YYYY-MM-DD"]),
    "number-without-cite": ("provisions[0].params.rate.cite", ["missing required field 'cite'", "number without a cite"]),
    "number-in-facts": ("provisions[0].facts", ["fact 'trunks'", "number without a cite"]),
    "float-money": ("provisions[0].params.rate.values.2005-10-17.value", ["YAML float", '"1.00"']),
    "unknown-topic": ("provisions[0].topic", ["unknown topic 'rates'", "transport_rates"]),
    "unknown-unit": ("provisions[0].params.rate.unit", ["unknown unit 'dollars'", "USD/month"]),
    "unknown-carrier": ("pairs[0][1]", ["unknown carrier 'verizon'"]),
    "unsorted-series": ("provisions[0].params.rate.values", ["out of order", "2005-10-17 comes after 2006-01-01"]),
    "duplicate-provision-id": ("provisions[1].id", ["'transport_rates.fixture' is already used at provisions[0]"]),
    "unknown-agreement": ("amends.agreement", ["unknown agreement 'no-such-agreement'"]),
    "unknown-override": ("provisions[0].overrides[0]", ["has no provision 'no.such_provision'"]),
    "first-entry-not-initial": ("provisions[0].params.rate.values.2005-10-17.change", ["must be 'initial'"]),
    "tariff-without-name": ("provisions[0].params.rate.values.2005-10-17.value", ["'tariff' field"]),
    "bad-comparison": ("provisions[0].params.rate.comparison", ["'>='", "'=>'"]),
    "no-effective-date": ("effective", ["needs 'effective'", "effective_note"]),
    "not-yaml": ("", ["not valid YAML", "line 3"]),
    "id-mismatch": ("id", ["'another-id'", "file name"]),
    "unknown-governed-parameter": ("provisions[1].facts.governs_parameters[1]",
                                   ["no parameter 'transport_rates.fixture.third_party_rate'"]),
}


def test_every_invalid_fixture_has_an_expectation():
    assert sorted(p.stem for p in INVALID.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_invalid_file_gives_a_precise_error(stem):
    file = INVALID / f"{stem}.yaml"
    [(name, err)] = validate_files([file])
    assert isinstance(err, AgreementParseError), f"{stem} was accepted"
    path, words = EXPECTED[stem]
    assert err.file == str(file)
    assert err.path == path
    message = str(err)
    assert message.startswith(f"{file}: at {path or '<root>'}: ")
    for w in words:
        assert w in message, (w, message)


def test_the_minimal_valid_fixture_is_accepted():
    assert validate_files([FIXTURES / "valid-minimal.yaml"]) == [(str(FIXTURES / "valid-minimal.yaml"), None)]


def test_every_library_file_validates():
    files = sorted(LIBRARY_DIR.glob("*.yaml"))
    assert {f.stem for f in files} >= {
        "carriers", "socket-spectra-interim-2005", "socket-centurytel-amendment-2005",
        "att-gte-adopted-tk-2002-1085", "centurytel-idt-2006", "centurytel-socket-ica"}
    assert [e for _, e in validate_files(files) if e] == []


def test_a_parse_error_is_an_agreement_error_with_fields():
    with pytest.raises(AgreementParseError) as info:
        parse_agreement(INVALID / "unknown-topic.yaml")
    assert (info.value.path, "unknown topic" in info.value.problem) == ("provisions[0].topic", True)


def test_library_is_cached_and_extra_files_are_added():
    assert load_library() is load_library()
    lib = load_library(extra=[FIXTURES / "valid-minimal.yaml"])
    assert lib.agreement("valid-minimal").value("transport_rates.fixture.rate", on=dt.date(2006, 1, 1)) == Decimal("1.00")
    with pytest.raises(UnknownAgreementError):
        load_library().agreement("valid-minimal")


def test_a_file_may_not_redefine_a_library_agreement(tmp_path):
    src = (LIBRARY_DIR / "centurytel-idt-2006.yaml").read_text()
    (tmp_path / "centurytel-idt-2006.yaml").write_text(src)
    with pytest.raises(AgreementParseError, match="also defined in"):
        load_folder(LIBRARY_DIR, extra=[tmp_path])


# ----------------------------------------------------------------------------- dated series


def _param(values: dict) -> Parameter:
    return Parameter.model_validate({
        "description": "d", "unit": "USD/month", "cite": "Fixture §1", "text": "t", "values": values})


def test_a_dated_null_ends_a_value_and_lookups_before_the_start_fail():
    p = _param({"2005-10-17": {"value": "24.50", "change": "initial"},
                "2006-06-01": {"value": "30.00", "change": "retroactive", "cite": "Arbitration order"},
                "2007-01-01": None})
    assert p.entry_at(dt.date(2005, 10, 16)) is None
    assert p.value_at(dt.date(2005, 10, 17)) == Decimal("24.50")
    e = p.entry_at(dt.date(2006, 12, 31))
    assert (e.value, e.since, e.until, e.change, e.cite) == (Decimal("30.00"), dt.date(2006, 6, 1),
                                                             dt.date(2007, 1, 1), "retroactive", "Arbitration order")
    assert p.entry_at(dt.date(2007, 1, 1)) is None
    with pytest.raises(NoValueError, match="dated null"):
        p.value_at(dt.date(2008, 1, 1))
    with pytest.raises(NoValueError, match="starts on 2005-10-17"):
        p.value_at(dt.date(2005, 1, 1))


def test_special_values_tbd_and_tariff():
    p = Parameter.model_validate({"description": "d", "unit": "per_tariff", "cite": "App. A §B", "text": "t",
                                  "tariff": "switched access tariff",
                                  "values": {"2006-03-31": {"value": "tariff", "change": "initial"},
                                             "2007-01-01": {"value": "TBD", "change": "prospective"}}})
    assert p.value_at(dt.date(2006, 4, 1)) == "tariff"
    assert p.value_at(dt.date(2007, 4, 1)) == "TBD"


@given(
    starts=st.lists(st.dates(min_value=dt.date(1996, 2, 8), max_value=dt.date(2030, 12, 31)),
                    min_size=1, max_size=8, unique=True).map(sorted),
    probe=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2035, 1, 1)),
)
def test_lookup_returns_the_latest_start_on_or_before_the_date(starts, probe):
    values = {d.isoformat(): {"value": f"{i}.00", "change": "initial" if i == 0 else "prospective"}
              for i, d in enumerate(starts)}
    p = _param(values)
    earlier = [d for d in starts if d <= probe]
    e = p.entry_at(probe)
    if not earlier:
        assert e is None
    else:
        assert e.since == max(earlier)
        assert e.value == Decimal(f"{starts.index(max(earlier))}.00")
        later = [d for d in starts if d > probe]
        assert e.until == (min(later) if later else None)
