"""The schema's verdict is the schema's: patterns are ECMA-262 regular expressions, and a manifest
the compiled validator rejects is never valid, even where the explaining validator sees it otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import openness
from openness.manifest import detailed_validator, fast_validator
from openness.reader import read_text
from openness.schemas import compiled_findings

VALID = (
    Path(__file__).parent / "fixtures" / "manifest" / "1.1" / "valid" / "terms-and-evidence.yaml"
)


def _with_location(location: str) -> str:
    data = yaml.safe_load(VALID.read_text(encoding="utf-8"))
    component = next(iter(data["components"].values()))
    component["location"] = location
    return yaml.safe_dump(data, allow_unicode=True)


@pytest.mark.parametrize(
    "location",
    [
        "https://example.org/weights\n",  # Python's $ matches before it, ECMA-262's does not
        "https://example.org/\u00a0weights",  # ECMA-262's \s has NBSP; Python's does too
        "https://example.org/\ufeffweights",  # ECMA-262's \s has U+FEFF; Python's does not
    ],
)
def test_a_location_the_schema_forbids_is_an_error(location: str) -> None:
    result = openness.validate(read_text(_with_location(location), "m.yaml"))
    assert not result.ok
    assert any(finding.rule == "schema-pattern" for finding in result.findings)


def test_the_explaining_validator_reads_patterns_as_ecma_262() -> None:
    instance = yaml.safe_load(_with_location("https://example.org/weights\n"))
    assert not fast_validator("1.1").is_valid(instance)
    assert not detailed_validator("1.1").is_valid(instance)


def test_a_rejection_the_explainer_cannot_explain_still_names_the_path() -> None:
    document = read_text(_with_location("https://example.org/weights\n"), "m.yaml")
    findings = compiled_findings(fast_validator("1.1"), document)
    assert findings and all(finding.severity == "error" for finding in findings)
    assert any(
        finding.pointer == "/components/final-parameters/location"
        and finding.rule.startswith("schema-")
        for finding in findings
    )
    assert all(finding.line > 1 for finding in findings)


def test_a_valid_manifest_has_no_compiled_findings_to_fall_back_on() -> None:
    assert openness.validate(VALID).ok


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["location", "release_date", "manifest_version"]),
    st.sampled_from(["https://example.org/", "2024-01-01", "1.1"]),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=6),
)
def test_both_validators_read_every_pattern_alike(field: str, valid: str, tail: str) -> None:
    """Differential: whatever a URL, a date or a version ends with, the two validators agree."""
    data = yaml.safe_load(VALID.read_text(encoding="utf-8"))
    if field == "location":
        next(iter(data["components"].values()))["location"] = valid + tail
    elif field == "release_date":
        data["model"]["release_date"] = valid + tail
    else:
        data["manifest_version"] = valid + tail
    assert fast_validator("1.1").is_valid(data) == detailed_validator("1.1").is_valid(data)
