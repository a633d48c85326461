"""The JSON record of an assessment, joined from cached parts, is the text json.dumps gives of
its dict: for every gallery manifest, with and without ASCII escapes, the first time and when its
parts come from the caches."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from openness.api import assess, validate
from openness.assess import Assessment
from openness.findings import Finding
from openness.memo import Same
from openness.render import assessment_dict, assessment_line

render = sys.modules["openness.render"]

ROOT = Path(__file__).resolve().parents[1]
GALLERY = sorted((ROOT / "manifests").glob("*.yaml"))


def expected(assessment: Assessment, ensure_ascii: bool) -> str:
    return json.dumps({"valid": True, **assessment_dict(assessment)}, ensure_ascii=ensure_ascii)


@pytest.mark.parametrize("ensure_ascii", [False, True])
def test_the_line_is_the_dict_dumped(ensure_ascii: bool) -> None:
    for path in GALLERY:
        assessment = assess(str(path))
        for _ in range(2):  # the second time, every part is cached
            assert assessment_line(assessment, ensure_ascii=ensure_ascii) == expected(
                assessment, ensure_ascii
            ), path.name


@pytest.mark.parametrize("ensure_ascii", [False, True])
def test_copies_under_other_names_get_records_of_their_own(
    tmp_path: Path, ensure_ascii: bool
) -> None:
    lines = GALLERY[0].read_text(encoding="utf-8").splitlines()
    at = next(index for index, line in enumerate(lines) if line.startswith("  name:"))
    records = set()
    for index, name in enumerate(("Première copie", "第二份")):
        lines[at] = f'  name: "{name}"'
        copy = tmp_path / f"copy{index}.yaml"
        copy.write_text("\n".join(lines) + "\n", encoding="utf-8")
        assessment = assess(str(copy))
        assert assessment.model == name
        record = assessment_line(assessment, ensure_ascii=ensure_ascii)
        assert record == expected(assessment, ensure_ascii)
        assert ("\\u" in record) is ensure_ascii
        records.add(record)
    assert len(records) == 2


def _clear_render_caches() -> None:
    for cached in (render._crosswalks_json, render._crosswalk_json, render._criterion_json):
        cached.cache_clear()


def test_a_criterion_json_that_forgot_its_result_would_be_caught(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The check above can fail: with a criterion's JSON kept on the criterion's id alone (its
    result left out), a manifest that meets a criterion another did not gets the other's JSON."""
    kept: dict[tuple[str, bool], str] = {}
    encoded = render._criterion_json

    def forgetful(same_item: Same[Any], ensure_ascii: bool) -> str:
        key = (same_item.value.criterion.id, ensure_ascii)
        if key not in kept:
            kept[key] = encoded(same_item, ensure_ascii)
        return kept[key]

    _clear_render_caches()
    monkeypatch.setattr(render, "_criterion_json", forgetful)
    assessments = [assess(str(path)) for path in GALLERY]
    wrong = [a.file for a in assessments if assessment_line(a) != expected(a, False)]
    assert wrong  # the forgetful cache's wrong answers
    monkeypatch.undo()
    _clear_render_caches()
    assert all(assessment_line(a) == expected(a, False) for a in assessments)


FINDINGS = sorted(
    path
    for folder in ("manifests", "tests/fixtures")
    for path in (ROOT / folder).rglob("*")
    if path.suffix in (".yaml", ".json")
)


def _findings() -> list[Finding]:
    found = [finding for path in FINDINGS for finding in validate(str(path)).findings]
    # The same places and rules under other files, and another message at the same place.
    found += [replace(finding, file=f"copy of {finding.file} «ü»") for finding in found]
    found += [replace(finding, message=finding.message + " (again)") for finding in found]
    return found


@pytest.mark.parametrize("ensure_ascii", [False, True])
def test_a_finding_json_is_its_dict_dumped(ensure_ascii: bool) -> None:
    found = _findings()
    assert len({finding.rule for finding in found}) > 20  # many kinds of finding
    for finding in found:
        assert render._finding_json(finding, ensure_ascii) == json.dumps(
            finding.as_dict(), ensure_ascii=ensure_ascii
        ), finding


def test_a_finding_json_that_forgot_its_message_would_be_caught(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The check above can fail: with a finding's JSON kept on its line, column and rule alone,
    a finding with another message at the same place gets the first one's."""
    kept: dict[tuple[Any, ...], str] = {}
    encoded = render._placed_json

    def forgetful(place: tuple[Any, ...], ensure_ascii: bool) -> str:
        key = (place[:2], place[3], ensure_ascii)
        if key not in kept:
            kept[key] = encoded(place, ensure_ascii)
        return kept[key]

    monkeypatch.setattr(render, "_placed_json", forgetful)
    wrong = [f for f in _findings() if render._finding_json(f, False) != json.dumps(f.as_dict())]
    assert wrong
