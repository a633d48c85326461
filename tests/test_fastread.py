"""The fast read (fastread) answers only with the data the positioned reader builds, and the batch
gives the same outcome with it as without it: on every file of the repository, on hand-made traps
and on hostile mutations of real files."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from fuzz_inputs import INDEX_FILES, MANIFESTS, MOT_FILES, fuzz_settings, mutated
from hypothesis import given
from hypothesis import strategies as st

from openness import fastread
from openness.batch import Job, check_one
from openness.reader import MAX_DEPTH, ReadError, decode, read, read_text

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted(
    path
    for folder in ("data", "manifests", "tests/fixtures")
    for path in (ROOT / folder).rglob("*")
    if path.is_file() and path.suffix in (".yaml", ".yml", ".json")
)
MANIFEST_FILES = [
    path for path in FILES if path.is_relative_to(ROOT / "manifests") or "fixtures" in path.parts
]


def typed(data: Any) -> str:
    """The data with its types: 1, 1.0 and true differ (== says they are equal)."""
    return json.dumps(data, default=repr)


def positioned(text: str) -> str | ReadError:
    try:
        return typed(read_text(text, "x.yaml").data)
    except ReadError as error:
        return error


def assert_same_data(text: str) -> bool:
    """When the fast read answers, the positioned reader reads the same data; True if it answered."""
    vouched, data = fastread.read_data(text)
    if vouched:
        assert positioned(text) == typed(data), text[:300]
    return vouched


@pytest.mark.parametrize("path", FILES, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_file_reads_the_same(path: Path) -> None:
    document = fastread.read_unpositioned(str(path))
    if document is None:
        return
    assert not document.positioned
    assert typed(document.data) == typed(read(str(path)).data)


def test_it_answers_for_most_files() -> None:
    """A fast path that always says no would pass the test above: most manifests are read by it."""
    answered = sum(fastread.read_unpositioned(str(path)) is not None for path in MANIFEST_FILES)
    assert answered > 0.8 * len(MANIFEST_FILES)


JOBS = [
    Job(quiet=True),
    Job(),
    Job(format="jsonl"),
    Job(format="jsonl", quiet=True),  # the record has the warnings the text leaves out
    Job(quiet=True, strict=True),
    Job("assess", format="jsonl"),
    Job("assess"),
    Job("assess", definition="1.1", strict=True),
]


@pytest.mark.parametrize("job", JOBS, ids=lambda job: f"{job.command}-{job.format}-{job.quiet}")
def test_the_outcome_is_the_same_with_it_and_without_it(job: Job) -> None:
    for path in MANIFEST_FILES:
        assert check_one(job, str(path)) == check_one(job, str(path), fast=False), path


def test_a_switch_turns_it_off(monkeypatch: pytest.MonkeyPatch) -> None:
    path = str(ROOT / "manifests" / "olmo-7b.yaml")
    monkeypatch.setenv("OPENNESS_FAST_READ", "0")
    assert not fastread.enabled()

    def refuse(*_: Any, **__: Any) -> None:
        raise AssertionError("the fast read was used")

    monkeypatch.setattr("openness.batch.read_unpositioned", refuse)
    # A job that shows no finding of a valid manifest reads without positions.
    quiet = Job(quiet=True)
    check_one(quiet, path)
    monkeypatch.setenv("OPENNESS_FAST_READ", "1")
    with pytest.raises(AssertionError):
        check_one(quiet, path)


DEEP_FLOW = "a: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n"
DEEP_BLOCK = "".join(" " * level + f"k{level}:\n" for level in range(MAX_DEPTH + 1)) + "\n"
# What YAML 1.1 (the positioned reader) and rapidyaml (YAML 1.2) could read differently, what the
# positioned reader refuses, and what rapidyaml would quietly drop.
TRAPS = [
    "a: no\n",
    "a: ~\n",
    "a: Yes\n",
    "a: 1.10\n",
    "a: 017\n",
    "a: 0o17\n",
    "a: 0x1F\n",
    "a: 1_000\n",
    "a: 1:20\n",
    "a: 1e3\n",
    "a: .inf\n",
    "a: -.5\n",
    "a: =\n",
    "a: <<\n",
    "<<: {b: 1}\n",
    "a: &x 1\nb: *x\n",
    "a: &x {c: 1}\nb: *x\n",
    "*x : 1\n",
    "a: [*x]\n",
    "a: !!str 1\n",
    "a: !!int '1'\n",
    "a: ! 1\n",
    "a: !!python/object:os.system x\n",
    "%YAML 1.1\n---\na: 1\n",
    "---\na: 1\n---\nb: 2\n",
    "a: 1\n...\n",
    "a: 1\na: 2\n",
    "1: a\n'1': b\n",
    "? [a]\n: b\n",
    "[a]: b\n",
    "{a: 1}: b\n",
    "a: 9" + "9" * 400 + "\n",
    "a: " + "9" * 300 + "\n",
    "a: -" + "9" * 300 + "\n",
    'a: "\\x41\\N\\_\\L\\e"\n',
    'a: "\\ud83d\\ude00"\n',
    '{"a": "\\ud83d\\ude00"}',
    'a: "\\u00e9 \\t \\n \\" \\\\ \\/"\n',
    "a: b\\nc\n",
    "a: 'b\\c'\n",
    "a:\tb\n",
    "a: b\r\nc: d\r\n",
    "a: b\u2028c\n",
    "a: \ufeffb\n",
    "",
    "# only a comment\n",
    "~\n",
    "a\n",
    "[1, 2]\n",
    "a: |\n  x\n  y\n",
    "a: |-\n  1.1\n",
    "a: |+\n  x\n\n\nb: 1\n",
    "a: >\n  x\n   y\n\n  z\n",
    "a: >2-\n   x\n",
    'a: "x\n  y\n\n  z"\n',
    "a: x\n  y\n\n  z\n",
    "a: 'it''s'\n",
    "a: ''\nb: \"\"\nc:\n",
    "- a\n- - b\n  - c\n-\n",
    "{a: 1, b: [x, y], c: {d: null}}",
    "a: true\nb: false\nc: null\nd: True\ne: NULL\n",
    "a: '1.1'\nb: \"1.1\"\n",
    "a: 2024-02-30\nb: 2024-01-01 10:00:00\n",
    "a: x # 1.1\nb: - 1.1\n",
    "a: Tom & Jerry\nb: a*b\nc: wow!\nd: * list\n",
    "null",  # a document that is no container (found by the hypothesis test)
    "1\n",
    "a: b: c\n",
    "a: [b, c\n",
    DEEP_FLOW,
    DEEP_BLOCK,
]


@pytest.mark.parametrize("text", TRAPS)
def test_traps_are_read_the_same_or_left_to_the_positioned_reader(text: str) -> None:
    assert_same_data(text)


@pytest.mark.parametrize(
    "text",
    [
        "a: no\n",
        "a: -.5\n",
        "a: 1e3\n",
        "a: 1.5e3\n",
        "a: 017\n",
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "a: 1\na: 2\n",
        # a duplicate key where the JSON has a backslash, deep down, or in a list's mapping
        'a: "x\\"y"\na: 1\n',
        "b:\n  c: 1\n  c: 2\n",
        'l:\n- {k: "\\u00e9", k: 2}\n',
        # a float beside a sign before a dot (rapidyaml reads -.5 as -0.5, YAML 1.1 as text)
        "a: [0.5, -.5]\n",
        "a: 1.5\nb: +.5\n",
    ],
)
def test_what_could_read_otherwise_is_refused(text: str) -> None:
    assert fastread.read_data(text) == (False, None)


@pytest.mark.parametrize("text", ["flop: 6.3e+22\n", "a: 1.10\n", "a: [0.5, -1.5e-3]\n"])
def test_floats_both_readings_agree_on_are_answered(text: str) -> None:
    """A training compute in FLOP is a float: YAML 1.1 and JSON read `6.3e+22` alike."""
    assert fastread.read_data(text)[0]
    assert_same_data(text)


def test_the_quick_no_before_the_resolvers_finds_what_they_find() -> None:
    """The prefilter of the ambiguous strings (fastread._AMBIGUOUS_FIRST) leaves out none that the
    resolvers' patterns alone find: on the JSON of every file, and on words near the traps."""
    alone = re.compile(f'"(?:{fastread._ambiguous_alternatives()})"', re.X)
    texts = [fastread._as_json(path.read_bytes())[0] or "" for path in FILES]
    words = ["yes", "No", "TRUE", "off", "null", "~", "<<", "=", "!", "&", "*", "", "1", "-1.5"]
    words += [
        "1_000",
        "0o17",
        "017",
        "0x1F",
        "0b11",
        "1:20",
        "1:20.5",
        "-.5",
        ".inf",
        ".NaN",
        "1e5",
    ]
    words += ["2024-01-01", "1234-5", "12-3", "+1", "-0", "nothing", "yess", "trueish", "Off-"]
    texts += [json.dumps({a + b: b + a}) for a in words for b in ("", *words)]
    found = 0
    for text in texts:
        assert fastread._ambiguous_string().findall(text) == alone.findall(text), text[:200]
        found += bool(alone.findall(text))
    assert found > len(words)  # the patterns do find strings in them


def plain_somewhere(text: str, value: str) -> bool:
    """fastread._plain_somewhere as it was written first: every occurrence, found by str.find."""
    start = text.find(value)
    while start != -1:
        after = start + len(value)
        while text[after : after + 1] == " ":
            after += 1
        if text[after : after + 1] in ("", "\n", "#", ",", "]", "}", ":"):
            before = start
            while before and text[before - 1] == " ":
                before -= 1
            if not before or text[before - 1] in "\n:,[{":
                return True
            indicator = before - 1
            if (
                text[indicator] in "-?"
                and before < start
                and text[indicator - 1 : indicator] in "\n "
            ):
                return True
        start = text.find(value, start + 1)
    return False


@fuzz_settings(2000)
@given(
    st.text(alphabet="1:.- ?\n#,[]{}ab", max_size=40),
    st.sampled_from(["1", "1.1", "1:1", "1 1", "-1", "a", ".", ":"]),
)
def test_a_plain_value_is_found_where_it_was_found(text: str, value: str) -> None:
    assert fastread._plain_somewhere(text, value) == plain_somewhere(text, value)


@pytest.mark.parametrize(
    ("text", "value", "plain"),
    [("a1:1:1\n", "1:1", True), ("a: '1.1'\n", "1.1", False), ("- 1.1 # x\n", "1.1", True)],
)
def test_a_plain_value_overlapping_another_is_found(text: str, value: str, plain: bool) -> None:
    """The second 1:1 of a1:1:1 starts inside the first, after a `:`: a plain scalar there."""
    assert plain_somewhere(text, value) is plain
    assert fastread._plain_somewhere(text, value) is plain


def test_a_plain_value_is_found_in_the_files_as_it_was() -> None:
    for path in FILES:
        text = path.read_text(encoding="utf-8")
        for value in ("1.1", "1.0", "3", "1", "no", "2", "0.5"):
            assert fastread._plain_somewhere(text, value) == plain_somewhere(text, value), path


def test_deep_nesting_is_refused_quietly(capfd: pytest.CaptureFixture[str]) -> None:
    """rapidyaml refuses it too, and writes why to the standard error file: not through us."""
    assert fastread.read_data(DEEP_FLOW)[0] is False
    assert fastread.read_data(DEEP_BLOCK)[0] is False
    assert capfd.readouterr().err == ""
    deepest = "a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n"  # 64 with the mapping
    assert not isinstance(positioned(deepest), ReadError)
    assert_same_data(deepest)


def test_common_text_is_answered() -> None:
    """Quoted versions, prose with & and *, comments: what manifests have, read fast."""
    for text in [
        'a: "1.1"\nb: Tom & Jerry\n# 1.1\nc: [x, "no"]\n',
        "---\na: 1\n",
        'a: 50% of it\nb: "\\"quoted\\""\nc: {d: [1, 2.5, e]}\n',
    ]:
        assert assert_same_data(text), text


@fuzz_settings(300)
@given(mutated(MANIFESTS + MOT_FILES + INDEX_FILES), st.sampled_from([None, *TRAPS[:30]]))
def test_hostile_mutations_are_read_the_same(raw: bytes, trap: str | None) -> None:
    try:
        text = decode(raw, "x.yaml")
    except ReadError:
        return  # both readers decode with the same code
    if trap is not None:
        text = text.replace("\n", "\n" + trap, 1) if "\n" in text else text + trap
    assert_same_data(text)


def test_reading_does_not_grow_the_process() -> None:
    """rapidyaml's own JSON buffers are never freed: a leak of every file's size, if used."""
    import resource

    path = str(max((ROOT / "manifests").glob("*.yaml"), key=lambda path: path.stat().st_size))
    fastread.read_unpositioned(path)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for _ in range(3000):
        assert fastread.read_unpositioned(path) is not None
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kib < 8 * 1024, f"{grown_kib} KiB more after 3000 reads"


# What printable() refuses, a tab, a carriage return, a BOM or a YAML-only line break: the
# character class that fastread's search of the UTF-8 bytes must match exactly.
ODD_CHARACTER = re.compile(
    "[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)


def test_odd_characters_are_found_as_the_character_class_finds_them() -> None:
    for code in range(0x110000):
        if 0xD800 <= code < 0xE000:
            continue  # no UTF-8 for them: below
        for text in (f"a: b{chr(code)}\n", f"\u00e9{chr(code)}"):
            found = fastread._odd_character(text, text.encode("utf-8"))
            assert found == bool(ODD_CHARACTER.search(text)), hex(code)
    assert fastread.read_data("a: \ud800\n") == (False, None)
    assert fastread.read_data("a: \udfff\u00e9\n") == (False, None)


def test_check_file_judges_as_check_does() -> None:
    """api.check_file (the site's gallery reads with it) reads fast, yet gives check()'s findings,
    at the same lines, and the same assessment."""
    from openness.api import check, check_file
    from openness.render import assessment_dict

    fast_read = 0
    for path in MANIFEST_FILES:
        fast_read += fastread.read_unpositioned(str(path)) is not None
        validation, assessment = check_file(path, crosswalks=True)
        expected, expected_assessment = check(path, crosswalks=True)
        assert validation.findings == expected.findings, path
        assert (validation.ok, validation.readable) == (expected.ok, expected.readable), path
        assert (assessment is None) == (expected_assessment is None), path
        if assessment is not None and expected_assessment is not None:
            assert assessment_dict(assessment) == assessment_dict(expected_assessment), path
    assert fast_read > 0.8 * len(MANIFEST_FILES)  # the fast read was taken, mostly
