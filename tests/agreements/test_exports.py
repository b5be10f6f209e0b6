"""The public API of meetpoint.agreements is pinned (httpx's test_exported_members)."""

import meetpoint.agreements as agreements


def test_all_is_pinned_and_importable():
    assert agreements.__all__ == [
        "LIBRARY_DIR", "STATUSES", "TOPICS", "UNITS", "Affiliation", "Agreement", "Carrier", "ChainLink",
        "DatedValue", "Decision", "Exclusion", "Library", "NoValueError", "Parameter", "Provision", "Resolution",
        "load_folder", "load_library", "parse_agreement", "parse_carriers", "parse_decision", "resolve", "validate_files",
    ]
    for name in agreements.__all__:
        assert getattr(agreements, name) is not None
