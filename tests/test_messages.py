"""Messages for humans: one fixture per common mistake, each message naming the cause and the fix.

Each file in fixtures/mistakes/ starts with what it gets wrong and what the message must say:

    # mistake: what a publisher did
    # rule: the rule id of the finding
    # says: key words of the cause; separated by semicolons
    # fix: the words of the fix ({released} is the newest released manifest format)

The test asserts the words, not only the rule id: a message that keeps its rule but loses its
explanation fails.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from cli_helpers import run_openness

import openness
from openness.findings import Finding
from openness.validate import latest_released_format

MISTAKES = sorted((Path(__file__).parent / "fixtures" / "mistakes").glob("*.yaml"))
# What a regular expression looks like in a message: anchors, classes, escapes.
REGEX = re.compile(r"\^|\[\^|\\s|\\d|\]\+|\$'|\$\"|\(\?")


def expectations(path: Path) -> dict[str, str]:
    header: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("# "):
            break
        key, _, value = line[2:].partition(": ")
        header[key] = value.replace("{released}", latest_released_format())
    assert {"mistake", "rule", "says", "fix"} <= set(header), f"{path.name}: incomplete header"
    return header


def the_finding(path: Path, rule: str) -> Finding:
    found = [finding for finding in openness.validate(path).findings if finding.rule == rule]
    assert len(found) == 1, f"{path.name}: expected one {rule} finding, got {found}"
    return found[0]


def test_there_is_a_fixture_per_common_mistake() -> None:
    names = " ".join(path.stem for path in MISTAKES)
    for mistake in ("boolean", "tab", "url", "license", "component", "number-trap", "placeholder"):
        assert mistake in names


@pytest.mark.parametrize("path", MISTAKES, ids=lambda path: path.stem)
def test_the_message_names_the_cause_and_the_fix(path: Path) -> None:
    header = expectations(path)
    if header["rule"] == "draft-version" and openness.load_definition("1.1").released:
        pytest.skip("1.1 is released: this fixture needs the next draft")
    finding = the_finding(path, header["rule"])
    for words in header["says"].split("; "):
        assert words in finding.message, f"{path.name}: {words!r} not in {finding.message!r}"
    assert header["fix"] in finding.message, f"{path.name}: no fix in {finding.message!r}"
    assert not REGEX.search(finding.message), f"{path.name}: a regex in {finding.message!r}"


@pytest.mark.parametrize("path", MISTAKES, ids=lambda path: path.stem)
def test_the_mistake_is_reported_once(path: Path) -> None:
    """One mistake, one error: a misspelt key is not also a missing one."""
    errors = [
        finding for finding in openness.validate(path).findings if finding.severity == "error"
    ]
    assert len(errors) <= 1, errors


def test_the_messages_are_the_same_in_format_1_1(tmp_path: Path) -> None:
    for name in ("boolean-availability-yes", "url-without-scheme", "license-misspelled-llama-2"):
        source = Path(__file__).parent / "fixtures" / "mistakes" / f"{name}.yaml"
        header = expectations(source)
        target = tmp_path / source.name
        target.write_text(source.read_text().replace('"1.0"', '"1.1"', 1))
        finding = the_finding(target, header["rule"])
        assert header["fix"] in finding.message


def test_a_misspelt_choice_is_refused_in_one_line_before_any_file_is_read(tmp_path: Path) -> None:
    manifest = Path(__file__).parent / "fixtures" / "manifest" / "1.0" / "valid"
    for args, hint in (
        (["assess", "--min-level", "open-sciense"], "did you mean open-science?"),
        (["assess", "--format", "markdwn"], "did you mean markdown?"),
        (["validate", "--format", "jsn"], "did you mean json?"),
        (["valdate"], "did you mean validate?"),
        (["import", "mott"], "did you mean mot?"),
    ):
        done = run_openness(*args, str(manifest), cwd=tmp_path)
        assert done.returncode == 2, done
        assert done.stdout == "" and done.stderr.count("\n") == 1, done.stderr
        assert hint in done.stderr and "usage:" not in done.stderr
