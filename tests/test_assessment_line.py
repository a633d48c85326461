"""The JSON record of an assessment, joined from cached parts, is the text json.dumps gives of
its dict: for every gallery manifest, with and without ASCII escapes, the first time and when its
parts come from the caches."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from openness.api import assess
from openness.assess import Assessment
from openness.render import assessment_dict, assessment_line

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
