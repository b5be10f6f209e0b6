"""``meetpoint deadlines ...`` through the real entry point."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from meetpoint.cli.main import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["deadlines", *args])
    return result.exit_code, result.stdout, result.stderr


def run_json(*args: str) -> dict:
    code, out, err = run(*args, "--json")
    assert code == 0, err or out
    return json.loads(out)


# Socket's letter of 9 Aug 2005: "the window for filing for arbitrations ... is December 22, 2005
# through January 16, 2006 with an agreement to be in place by May 6, 2006."
def test_section252_seed_letter() -> None:
    data = run_json("section252", "--requested", "2005-08-09")
    assert data["window_opens"] == "2005-12-22"
    assert data["window_closes"] == "2006-01-16"
    assert data["resolution_due"] == "2006-05-06"


# "any dispute would need to be submitted to the Commission between August 4, 2005 and August 29,
# 2005" (request of 22 Mar 2005)
def test_section252_march_request() -> None:
    data = run_json("section252", "--requested", "2005-03-22")
    assert (data["window_opens"], data["window_closes"]) == ("2005-08-04", "2005-08-29")


def test_section252_readable_output() -> None:
    code, out, _ = run("section252", "--requested", "2005-08-09")
    assert code == 0
    assert "2005-12-22" in out and "2006-05-06" in out and "252(b)(4)(C)" in out


def test_business_days() -> None:
    assert run_json("business-days", "--from", "2005-11-23", "--add", "1")["date"] == "2005-11-25"
    assert run_json("business-days", "--from", "2006-01-03", "--add", "-1")["date"] == "2005-12-30"
    code, out, _ = run("business-days", "--from", "2005-11-23", "--add", "1")
    assert code == 0 and "2005-11-25" in out


def test_bad_date_is_a_usage_error() -> None:
    code, _, err = run("business-days", "--from", "2005-13-01", "--add", "1")
    assert code == 2 and "YYYY-MM-DD" in err


def test_notice_methods() -> None:
    assert run_json("notice", "--method", "personal", "--sent", "2006-01-03")["received"] == "2006-01-03"
    assert run_json(
        "notice", "--method", "regular_mail", "--sent", "2006-01-03", "--acknowledged", "2006-01-09"
    )["received"] == "2006-01-09"
    for method in ("certified_mail", "courier"):
        data = run_json("notice", "--method", method, "--sent", "2006-01-03", "--receipt", "2006-01-05")
        assert data["received"] == "2006-01-05" and data["method"] == method


def test_notice_not_yet_received_and_email_are_clear_errors() -> None:
    code, _, err = run("notice", "--method", "regular_mail", "--sent", "2006-01-03")
    assert code == 1 and "not yet received" in err
    code, _, err = run("notice", "--method", "email", "--sent", "2006-01-03")
    assert code == 1 and "E-mail will not be used to provide notice" in err


def test_agreement_counts_given_explicitly() -> None:
    data = run_json("tbd-trueup", "--price-set", "2006-03-01", "--business-days", "45")
    assert data["due"] == "2006-05-03" and "--business-days" in data["cite"]
    data = run_json(
        "subsequent-law", "--changed", "2006-12-01", "--begin-within", "20", "--fail-within", "40"
    )
    assert (data["negotiate_by"], data["dispute_resolution_from"]) == ("2007-01-02", "2007-03-02")
    data = run_json("order-acceptance", "--effective", "2006-11-20", "--business-days", "10")
    assert data["first_order_date"] == "2006-12-06"
    data = run_json(
        "order-acceptance", "--effective", "2006-11-20", "--business-days", "10",
        "--profile", "2006-12-09",
    )
    assert (data["first_order_date"], data["governed_by"]) == ("2006-12-11", "clec_profile")


def test_a_workspace_decision_changes_the_count_the_command_reads(tmp_path, monkeypatch) -> None:
    """Art. III §47's 45 Business Days is a library value; a workspace decision document that
    changes it (prospectively, from its decision date) is honoured when the command runs inside
    that workspace, and the cite says where the new count came from."""
    from meetpoint.store import Workspace

    Workspace.init(tmp_path / "ws").close()
    (tmp_path / "ws" / "agreements" / "decisions").mkdir(parents=True, exist_ok=True)
    (tmp_path / "ws" / "agreements" / "decisions" / "tbd-days.yaml").write_text(
        "kind: decision\n"
        "agreement: centurytel-idt-2006\n"
        "parameter: pricing.tbd_prices.true_up_days\n"
        "decided: 2007-01-02\n"
        'cite: "Illustrative amendment"\n'
        "values:\n"
        "  2007-01-02: {value: 30, change: prospective}\n"
    )
    monkeypatch.setenv("MEETPOINT_WORKSPACE", str(tmp_path / "ws"))
    assert run_json("tbd-trueup", "--price-set", "2006-05-01")["business_days"] == 45
    after = run_json("tbd-trueup", "--price-set", "2007-02-01")
    assert after["business_days"] == 30 and "Illustrative amendment" in after["cite"]
    monkeypatch.delenv("MEETPOINT_WORKSPACE")
    assert run_json("tbd-trueup", "--price-set", "2007-02-01")["business_days"] == 45


# The counts from the built-in library (centurytel-idt-2006), with the cite of the dated entry.
def test_agreement_counts_from_the_library() -> None:
    data = run_json("tbd-trueup", "--price-set", "2006-05-01")
    assert data["business_days"] == 45 and "§47" in data["cite"]
    data = run_json("subsequent-law", "--changed", "2006-12-01")
    assert (data["begin_within"], data["fail_within"]) == (20, 40) and "§42" in data["cite"]
    assert (data["negotiate_by"], data["dispute_resolution_from"]) == ("2007-01-02", "2007-03-02")
    data = run_json("order-acceptance", "--effective", "2006-11-20", "--agreement", "centurytel-idt-2006")
    assert data["business_days"] == 10 and "§36" in data["cite"]
    assert data["first_order_date"] == "2006-12-06"


def test_library_count_before_the_agreement_starts_is_a_clear_error() -> None:
    code, _, err = run("tbd-trueup", "--price-set", "2005-01-03")
    assert code == 1 and "no value" in err and "--business-days" in err
