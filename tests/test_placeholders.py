"""The placeholder check skips its walk of the data only when no value can start with TODO: the C
reader found the word in no value, or the text has no TODO and no escape that writes a letter or
joins two lines. Every way YAML and JSON
have to write such a value keeps one of them in the text, and the check finds the same with the
shortcut as without it, on every file of the repository, on mutations and on generated texts."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from fuzz_inputs import MANIFESTS, fuzz_settings, mutated
from hypothesis import given
from hypothesis import strategies as st
from reading_inputs import FILES, ROOT

from openness.reader import Document, ReadError, decode, read, read_text
from openness.validate import placeholder_findings

WAYS = [
    "a: TODO\n",
    "a: TODO x\n",
    "a: 'TODO'\n",
    'a: "TODO"\n',
    'a: "  TODO x"\n',
    'a: "\\tTODO"\n',
    "a: |\n  TODO\n",
    "a: >\n  TODO\n  x\n",
    "- TODO\n",
    "{a: [TODO]}\n",
    'a: "\\x54ODO"\n',
    'a: "\\x54\\x4f\\x44\\x4F"\n',
    'a: "\\u0054ODO"\n',
    'a: "\\U00000054ODO"\n',
    'a: "TO\\\n  DO"\n',  # an escaped line break joins the lines with nothing between
    'a: "TO\\\r\n  DO"\n',
    'a: "TO\\\u2028DO"\n',
    'a: "\\\n  TODO"\n',
    '{"a": "\\u0054ODO"}',
    '{"a": "\\u0054\\u004f\\u0044\\u004f"}',
]
NOT_PLACEHOLDERS = ["a: TO\n  DO\n", "a: 'TO\n  DO'\n", "a: >\n  TO\n  DO\n", 'a: "TO\\ DO"\n']


def findings_both_ways(text: str) -> list[str] | None:
    """The placeholder findings with the text's shortcut; the same as those of the walk alone."""
    try:
        document = read_text(text, "x.yaml")
    except ReadError:
        return None
    return same_both_ways(document)


def same_both_ways(document: Document) -> list[str]:
    """The findings with the shortcuts (the C reader's word search, the text's substring test)
    are those of the walk alone."""
    found = [str(finding) for finding in placeholder_findings(document)]
    walked = replace(document, text=None, no_placeholder_word=False)
    assert found == [str(finding) for finding in placeholder_findings(walked)]
    return found


@pytest.mark.parametrize("text", WAYS)
def test_every_way_to_write_a_placeholder_is_found(text: str) -> None:
    assert findings_both_ways(text), text


@pytest.mark.parametrize("text", NOT_PLACEHOLDERS)
def test_folded_lines_keep_a_space_between(text: str) -> None:
    assert findings_both_ways(text) == []


@pytest.mark.parametrize("path", FILES, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_file_is_checked_alike(path: Path) -> None:
    try:
        document = read(str(path))
    except ReadError:
        return
    same_both_ways(document)


@fuzz_settings(200)
@given(mutated(MANIFESTS))
def test_mutations_are_checked_alike(raw: bytes) -> None:
    try:
        findings_both_ways(decode(raw, "x.yaml"))
    except ReadError:
        return


LETTERS = {"T": ["T", "\\x54", "\\u0054", "\\U00000054"], "O": ["O", "\\x4f", "\\u004F"]}
LETTERS["D"] = ["D", "\\x44", "\\u0044"]


@fuzz_settings(300)
@given(
    st.text(" \t", max_size=2),
    st.text(max_size=20),
    st.sampled_from([None, "'", '"', "|", ">"]),
    st.integers(5, 40),
    st.booleans(),
    st.lists(st.integers(0, 3), min_size=4, max_size=4),
)
def test_generated_placeholders_are_found(
    space: str, rest: str, style: str | None, width: int, as_json: bool, spelling: list[int]
) -> None:
    """Dumped in every style, folded at any width (double quotes then escape line breaks), as
    JSON, and with its letters written as escapes."""
    value = f"{space}TODO {rest}"
    if as_json:
        text = json.dumps({"a": [value]})
    else:
        text = yaml.safe_dump({"a": [value]}, default_style=style, width=width)
    found = findings_both_ways(text)
    assert found is None or len(found) == 1, text
    escaped = "".join(
        LETTERS[letter][choice % len(LETTERS[letter])]
        for letter, choice in zip("TODO", spelling, strict=True)
    )
    assert findings_both_ways(f'a: "{escaped}"\n'), escaped
    findings_both_ways(f'a: "{escaped}{rest[:1]}"\n')  # TODO0 is none: alike either way
