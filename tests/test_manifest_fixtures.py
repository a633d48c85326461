"""The fixtures are the contract: every valid manifest passes clean, every invalid one breaks
exactly the rule its first comment names, at the JSON pointer it names."""

from __future__ import annotations

from pathlib import Path

import pytest

import openness
from openness.findings import Severity

FIXTURES = Path(__file__).parent / "fixtures" / "manifest"
VALID = sorted(FIXTURES.glob("*/valid/*.yaml"))
INVALID = sorted(FIXTURES.glob("*/invalid/*.yaml"))


def expectation(path: Path) -> tuple[str, str]:
    """'# <rule-id> <pointer>: why' on the first line."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# "), f"{path.name}: first line must be '# <rule> <pointer>: why'"
    rule, pointer = first[2:].split(":", 1)[0].split()
    return rule, "" if pointer == "/" else pointer


def test_fixture_folders_are_not_empty() -> None:
    assert len(VALID) >= 2 and len(INVALID) >= 20


@pytest.mark.parametrize("path", VALID, ids=lambda path: f"{path.parent.parent.name}/{path.name}")
def test_valid_fixture(path: Path) -> None:
    result = openness.validate(path)
    assert result.ok, "\n".join(str(finding) for finding in result.findings)
    # Clean but for the one warning every manifest of a draft format carries, while it is one.
    draft = not openness.load_definition(path.parent.parent.name).released
    assert [finding.rule for finding in result.findings] == (["draft-version"] if draft else [])


@pytest.mark.parametrize("path", INVALID, ids=lambda path: f"{path.parent.parent.name}/{path.name}")
def test_invalid_fixture(path: Path) -> None:
    rule, pointer = expectation(path)
    assert path.stem.startswith(rule), f"{path.name}: the file name starts with its rule id"
    result = openness.validate(path)
    errors = [finding for finding in result.findings if finding.severity is Severity.ERROR]
    assert [(finding.rule, finding.pointer) for finding in errors] == [(rule, pointer)], errors
    assert errors[0].file == str(path) and errors[0].line >= 1 and errors[0].column >= 1
