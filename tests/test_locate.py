"""Positions without the positioned reader: reader.locate gives the nodes it is asked for the line
and column read_text gives them, and findings.located moves the findings of a document read
without positions to those places, on every file of the repository, on traps and mutations of
real files, and on generated documents."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
import yaml
from fuzz_inputs import INDEX_FILES, MANIFESTS, MOT_FILES, fuzz_settings, mutated
from hypothesis import given
from hypothesis import strategies as st
from test_fastread import FILES, ROOT, TRAPS

from openness import fastread
from openness.findings import Finding, Severity, json_pointer, located, path_in
from openness.reader import Document, ReadError, decode, locate, read, read_text


def assert_located(document: Document, seed: int = 0) -> None:
    """Every node at once, the deepest alone, and a few alone: the walk skips and stops early."""
    table = dict(document.positions)
    assert document.text is not None
    assert locate(document.text, table) == table
    if not table:
        return
    paths = sorted(table, key=repr)
    chosen = random.Random(seed).sample(paths, min(5, len(paths)))
    for path in [max(paths, key=len), *chosen]:
        found = locate(document.text, [path])
        assert found[path] == table[path], path
        assert all(found[path[:end]] == table[path[:end]] for end in range(len(path)))


@pytest.mark.parametrize("path", FILES, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_file_of_the_repository_is_located_alike(path: Path) -> None:
    try:
        document = read(str(path))
    except ReadError:
        return
    assert_located(document)


@pytest.mark.parametrize("text", TRAPS)
def test_traps_are_located_alike(text: str) -> None:
    """Aliases, CRLF and U+2028 line breaks, joined surrogate escapes, flow and block styles."""
    try:
        document = read_text(text)
    except ReadError:
        return
    assert_located(document)


@fuzz_settings(200)
@given(mutated(MANIFESTS + MOT_FILES + INDEX_FILES), st.integers(0, 1000))
def test_mutations_of_real_files_are_located_alike(raw: bytes, seed: int) -> None:
    try:
        document = read_text(decode(raw, "x.yaml"))
    except ReadError:
        return
    assert_located(document, seed)


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30),
    st.sampled_from(["no", "1.10", "TODO: x", "a: b", "- x", "#", "'", '"', "\\", "\n\n x"]),
)
DATA = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.text(max_size=8), children, max_size=4),
    ),
    max_leaves=40,
)


@fuzz_settings(300)
@given(
    DATA,
    st.sampled_from([None, True, False]),
    st.integers(1, 8),
    st.sampled_from([None, "'", '"', "|", ">"]),
    st.booleans(),
    st.integers(0, 1000),
)
def test_generated_documents_are_located_alike(
    data: Any, flow: bool | None, indent: int, style: str | None, as_json: bool, seed: int
) -> None:
    if as_json:
        text = json.dumps(data, indent=indent if flow else None)
    else:
        text = yaml.safe_dump(
            data, default_flow_style=flow, indent=max(indent, 2), default_style=style, width=20
        )
    try:
        document = read_text(text)
    except ReadError:
        return
    assert_located(document, seed)


@pytest.mark.parametrize(
    ("pointer", "path"),
    [
        ("", ()),
        ("/a/0/b", ("a", 0, "b")),
        ("/a/1", ("a",)),  # no such index: its nearest node, as Document.position has it
        ("/a/01", ("a",)),
        ("/a/x", ("a",)),
        ("/c~1d/e~0f", ("c/d", "e~f")),
        ("/missing/deeper", ()),
        ("/n/0", ("n",)),  # a scalar has no children
    ],
)
def test_a_pointer_names_its_path_in_the_data(pointer: str, path: tuple[Any, ...]) -> None:
    data = {"a": [{"b": 1}], "c/d": {"e~f": 2}, "n": 3}
    assert path_in(data, pointer) == path
    assert path_in(data, json_pointer(path)) == path


def test_findings_move_to_the_positioned_readers_places_in_its_order() -> None:
    path = ROOT / "manifests" / "olmo-7b.yaml"
    positioned = read(str(path))
    unpositioned = fastread.read_unpositioned(str(path))
    assert unpositioned is not None
    places = [("components", "model-architecture", "license"), ("manifest_version",), ()]
    places += [("model", "no-such-key"), ("components", "training-code")]

    def findings(document: Document) -> list[Finding]:
        made = [
            Finding(
                document.file,
                *document.position(place),
                Severity.WARNING,
                f"rule-{index % 2}",
                "m",
                json_pointer(place),
            )
            for index, place in enumerate(places)
        ]
        return sorted(made, key=lambda finding: (finding.line, finding.column, finding.rule))

    elsewhere = Finding("base.yaml", 7, 3, Severity.WARNING, "rule-0", "m", "/manifest_version")
    moved = located((elsewhere, *findings(unpositioned)), unpositioned)
    assert moved == tuple(
        sorted(
            [elsewhere, *findings(positioned)],
            key=lambda finding: (finding.line, finding.column, finding.rule),
        )
    )
    assert all(finding.line > 1 for finding in moved if finding.pointer)
