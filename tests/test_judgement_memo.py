"""The judgements kept between manifests of a batch (the levels for one set of component states, the
findings on one license expression) are keyed on what they read, so two manifests that differ in
anything a verdict reads get their own verdicts, and the file and model shown are each one's own."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

import openness
from openness.api import check
from openness.assess import _levels
from openness.reader import read_text
from openness.validate import _expression_verdicts

ROOT = Path(__file__).resolve().parents[1]
OPEN = {"availability": "released", "license": "Apache-2.0", "location": "https://example.org/x"}


def manifest(name: str, components: dict[str, Any], **top: Any) -> str:
    data = {
        "manifest_version": "1.1",
        "model": {"name": name, "producer": "Test lab"},
        "components": components,
        **top,
    }
    return yaml.safe_dump(data)


def test_the_same_states_give_the_same_levels_under_each_file_and_name() -> None:
    components = {"final-parameters": OPEN, "model-architecture": OPEN}
    first = openness.assess(read_text(manifest("First", components), "a.yaml"), "1.0")
    second = openness.assess(read_text(manifest("Second", components), "b.yaml"), "1.0")
    assert (first.file, first.model) == ("a.yaml", "First")
    assert (second.file, second.model) == ("b.yaml", "Second")
    assert first.results == second.results and first.level == second.level
    _levels.cache_clear()  # computed afresh, the verdict is the one kept
    again = openness.assess(read_text(manifest("Second", components), "b.yaml"), "1.0")
    assert again.results == second.results and again.components == second.components


def test_a_different_state_gets_its_own_levels() -> None:
    released = {"final-parameters": OPEN, "model-architecture": OPEN}
    closed = {"final-parameters": {"availability": "not-released"}, "model-architecture": OPEN}
    first = openness.assess(read_text(manifest("Released", released), "a.yaml"), "1.0")
    second = openness.assess(read_text(manifest("Closed", closed), "a.yaml"), "1.0")
    assert first.level.rank > second.level.rank
    assert first.results != second.results


def test_a_license_defined_in_one_manifest_is_not_defined_in_the_next() -> None:
    used = {"final-parameters": {**OPEN, "license": "LicenseRef-Ours"}}
    defined = {"LicenseRef-Ours": {"name": "Ours", "url": "https://example.org/ours"}}
    with_it = openness.validate(read_text(manifest("A", used, licenses=defined), "a.yaml"))
    without = openness.validate(read_text(manifest("B", used), "b.yaml"))
    assert "licenseref-undefined" not in {finding.rule for finding in with_it.findings}
    undefined = [f for f in without.findings if f.rule == "licenseref-undefined"]
    assert [(f.file, f.pointer) for f in undefined] == [
        ("b.yaml", "/components/final-parameters/license")
    ]
    # The same expression in the same document places its findings at each place it stands.
    both = {"final-parameters": used["final-parameters"], "training-code": used["final-parameters"]}
    twice = openness.validate(read_text(manifest("C", both), "c.yaml"))
    assert sorted(f.pointer for f in twice.findings if f.rule == "licenseref-undefined") == [
        "/components/final-parameters/license",
        "/components/training-code/license",
    ]


def test_the_caches_are_bounded() -> None:
    for cached in (_levels, _expression_verdicts):
        maxsize = cached.cache_parameters()["maxsize"]
        assert maxsize is not None and maxsize <= 8192


MANIFESTS = sorted(
    path
    for folder in ("manifests", "tests/fixtures")
    for path in (ROOT / folder).rglob("*")
    if path.suffix in (".yaml", ".json")
)


def test_validation_without_the_levels_finds_what_it_finds_with_them() -> None:
    """`validate` judges the levels only to check a claimed level; the findings are the same."""
    assert len(MANIFESTS) > 50
    unclaimed = 0
    for path in MANIFESTS:
        with_levels = check(str(path))[0]
        alone, none = check(str(path), levels=False)
        assert none is None
        assert alone == with_levels, path
        unclaimed += with_levels.manifest is not None and with_levels.manifest.claimed_level is None
    assert unclaimed  # some manifests claim no level: the path without the levels is taken


def test_a_claimed_level_is_still_checked_without_the_levels() -> None:
    components = {"final-parameters": {"availability": "not-released"}}
    text = manifest("Claims", components, assessment={"claimed_level": "open-weights"})
    validation = openness.validate(read_text(text, "a.yaml"))
    assert [finding.rule for finding in validation.findings if finding.rule == "claimed-level"]
