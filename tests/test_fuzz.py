"""Property tests: whatever bytes or data a manifest holds, reading, validating and assessing it
returns findings or a verdict; it never raises."""

from __future__ import annotations

import json
import os
from typing import Any

from fuzz_inputs import (
    INDEX_FILES,
    MANIFESTS,
    MODEL_CARDS,
    MOT_FILES,
    fuzz_settings,
    model_card,
    mutated,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import openness
from openness.findings import Severity
from openness.importers.common import ImportRefused
from openness.importers.mot import import_mot
from openness.importers.osai_index import import_osai_index
from openness.licenses import LicenseSyntaxError, describe, parse, satisfies
from openness.reader import ReadError, read_bytes, read_text
from openness.spec import load_definition, load_licenses
from openness.starter import read_model_card, starter_manifest

DEFINITION = load_definition("1.0")
REGISTRY = load_licenses("1.0")
COMPONENTS = [component.id for component in DEFINITION.components]
LICENSES = [
    "MIT",
    "Apache-2.0",
    "LicenseRef-Llama-2-Community",
    "NONE",
    "MIT OR",
    "(",
    "CC-BY-4.0 AND ODC-By-1.0",
    "x y",
    "",
]
SETTINGS = settings(
    max_examples=int(os.environ.get("OPENNESS_FUZZ_EXAMPLES", "200")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
# A real file is larger, and slower to check, than a generated one: fewer examples by default.
LONG_SETTINGS = fuzz_settings(20)

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30)
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)


def check(document: Any) -> None:
    result = openness.validate(document)
    assert isinstance(result, openness.Validation)
    for finding in result.findings:
        assert finding.line >= 1 and finding.column >= 1 and finding.rule
    if result.ok:
        assessment = openness.assess(result.manifest)  # type: ignore[arg-type]
        assert assessment.level.id in {level.id for level in DEFINITION.levels}


@SETTINGS
@given(st.binary(max_size=400))
def test_any_bytes(raw: bytes) -> None:
    try:
        document = read_bytes(raw, "fuzz.yaml")
    except ReadError as error:
        assert error.line >= 1 and "\n" not in error.message
        return
    check(document)


YAML_TOKENS = [*"ab:-[]{},'\"&*!#|>? \n\t1.0", "no", "~", "&a ", "*a", "!!str ", "---\n"]


@SETTINGS
@given(st.lists(st.sampled_from(YAML_TOKENS), max_size=80).map("".join))
def test_yaml_shaped_text(text: str) -> None:
    try:
        document = read_text(text, "fuzz.yaml")
    except ReadError as error:
        assert "\n" not in error.message
        return
    check(document)


components = st.dictionaries(
    st.sampled_from([*COMPONENTS, "training-data"]),
    st.fixed_dictionaries(
        {
            "availability": st.sampled_from(
                ["released", "partial", "not-released", "not-applicable", "public"]
            )
        },
        optional={
            "license": st.sampled_from(LICENSES) | values,
            "location": st.sampled_from(["https://example.org/x", "./x", ""]) | values,
            "notes": st.text(max_size=20),
            "datasets": st.lists(
                st.fixed_dictionaries(
                    {"name": st.text(max_size=8)}, optional={"license": st.sampled_from(LICENSES)}
                ),
                max_size=3,
            ),
        },
    ),
    max_size=6,
)
manifests = st.fixed_dictionaries(
    {
        "manifest_version": st.sampled_from(["1.0", "1.1", 1.0, "9"]),
        "components": components | values,
    },
    optional={
        "model": st.fixed_dictionaries(
            {"name": st.text(max_size=10), "producer": st.text(max_size=10)}
        )
        | values,
        "assessment": st.fixed_dictionaries(
            {},
            optional={
                "claimed_level": st.sampled_from(["closed", "open-science", "x"]),
                "definition_version": st.sampled_from(["1.0", "1.1", "2.0"]),
            },
        ),
        "licenses": st.dictionaries(st.sampled_from(["LicenseRef-A", "B"]), values, max_size=2),
    },
)


@SETTINGS
@given(manifests)
def test_manifest_shaped_data(data: dict[str, Any]) -> None:
    check(read_text(json.dumps(data), "fuzz.json"))


# --- real files, mutated: the fixtures, the gallery, the MOT and Index corpora, model cards -----


@LONG_SETTINGS
@given(mutated(MANIFESTS))
def test_mutated_manifests(raw: bytes) -> None:
    try:
        document = read_bytes(raw, "fuzz.yaml")
    except ReadError as error:
        assert error.line >= 1 and error.column >= 1 and "\n" not in error.message
        return
    check(document)


@LONG_SETTINGS
@given(mutated(MOT_FILES))
def test_mutated_mot_files(raw: bytes) -> None:
    try:
        imported = import_mot(read_bytes(raw, "fuzz.yml"))
    except (ReadError, ImportRefused):
        return
    assert all(finding.severity is Severity.WARNING for finding in imported.findings)
    read_text(imported.yaml(), "imported.yaml")  # what it writes reads back


@LONG_SETTINGS
@given(mutated(INDEX_FILES))
def test_mutated_index_files(raw: bytes) -> None:
    try:
        manifests = import_osai_index(read_bytes(raw, "fuzz.yaml"), checked="2026-01-01")
    except (ReadError, ImportRefused):
        return
    for imported in manifests:
        read_text(imported.yaml(), imported.name)


@LONG_SETTINGS
@given(mutated([card[4 : card.index(b"\n---\n")] for card in MODEL_CARDS]))
def test_mutated_model_cards(front_matter: bytes) -> None:
    text = model_card(front_matter).decode("utf-8", "replace")
    try:
        card = read_model_card(text, "README.md", REGISTRY)
    except ReadError:
        return
    assert all(isinstance(item, str) for item in (*card.datasets, *card.base_models))
    assert isinstance(starter_manifest(DEFINITION, card=card), str)


expression_tokens = st.sampled_from(
    [
        "MIT",
        "Apache-2.0",
        "LicenseRef-X",
        "LLVM-exception",
        "AND",
        "OR",
        "WITH",
        "and",
        "(",
        ")",
        "+",
        " ",
        ",",
    ]
)


@SETTINGS
@given(st.lists(expression_tokens, max_size=20).map(" ".join) | st.text(max_size=40))
def test_license_expressions_parse_or_are_syntax_errors(expression: str) -> None:
    """Only LicenseSyntaxError, whatever the text; what parses can be judged and described."""
    try:
        parsed = parse(expression)
    except LicenseSyntaxError:
        return
    describe(parsed, REGISTRY)
    satisfies(parsed, frozenset({"open"}), REGISTRY, assume_open=True)
