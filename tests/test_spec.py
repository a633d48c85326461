"""The definition's own files: every released and draft spec file passes its schema and the
cross-reference checks, and each broken spec fixture fails with exactly the rule it names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from openness import spec
from openness.reader import read

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "spec"
SPEC_READ_LIMIT = 16 * 1024 * 1024


def expectation(path: Path) -> tuple[str, str]:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    rule, pointer = first[2:].split(":", 1)[0].split()
    return rule, "" if pointer == "/" else pointer


def minimal_definition() -> spec.Definition:
    return spec.definition_from_data(read(FIXTURES / "definition" / "valid" / "minimal.yaml").data)


@pytest.mark.parametrize("version", spec.versions())
def test_definition_file_passes_its_checks(version: str) -> None:
    document = read(spec.definition_path(version), max_bytes=SPEC_READ_LIMIT)
    assert spec.check_definition(document) == []


@pytest.mark.parametrize("version", spec.versions())
def test_license_registry_passes_its_checks(version: str) -> None:
    document = read(spec.licenses_path(version), max_bytes=SPEC_READ_LIMIT)
    assert spec.check_licenses(document, spec.load_definition(version)) == []


def test_every_spec_file_has_a_registry_and_matching_versions() -> None:
    for version in spec.versions():
        definition = spec.load_definition(version)
        registry = spec.load_licenses(version)
        assert definition.version == version and registry.definition == version


@pytest.mark.parametrize(
    "path", sorted(FIXTURES.glob("*/valid/*.yaml")), ids=lambda path: path.name
)
def test_valid_spec_fixture(path: Path) -> None:
    document = read(path)
    if path.parent.parent.name == "definition":
        assert spec.check_definition(document) == []
    else:
        assert spec.check_licenses(document, minimal_definition()) == []


@pytest.mark.parametrize(
    "path",
    sorted(FIXTURES.glob("*/invalid/*.yaml")),
    ids=lambda path: f"{path.parent.parent.name}/{path.name}",
)
def test_invalid_spec_fixture(path: Path) -> None:
    rule, pointer = expectation(path)
    assert path.stem.startswith(rule)
    document = read(path)
    if path.parent.parent.name == "definition":
        findings = spec.check_definition(document)
    else:
        findings = spec.check_licenses(document, minimal_definition())
    assert [(finding.rule, finding.pointer) for finding in findings] == [(rule, pointer)], findings


def test_levels_are_cumulative_and_ordered() -> None:
    definition = spec.load_definition(spec.latest_released())
    ranks = [level.rank for level in definition.levels]
    assert ranks == sorted(ranks) and definition.levels[0].requirements == ()
    assert {level.id for level in definition.levels} >= {
        "closed",
        "weights-available",
        "open-weights",
    }


def test_restricted_weights_are_named_below_open_weights() -> None:
    definition = spec.load_definition("1.0")
    available, open_weights = (
        definition.level("weights-available"),
        definition.level("open-weights"),
    )
    assert available.rank < open_weights.rank
    (weights,) = [r for r in available.requirements if r.component == "final-parameters"]
    assert "restricted" in weights.license_categories
    (open_params,) = [r for r in open_weights.requirements if r.component == "final-parameters"]
    assert "restricted" not in open_params.license_categories


def test_definition_covers_every_mof_component() -> None:
    """At least the 17 components of the Model Openness Framework, so the crosswalk is complete."""
    mof_file = ROOT / "data" / "mot" / "mof-components.yml"
    mof = read(mof_file).data["components"]
    assert len(spec.load_definition("1.0").components) >= len(mof) == 17


def test_registry_takes_osi_flags_from_spdx_data() -> None:
    registry = spec.load_licenses("1.0")
    apache = registry.get("apache-2.0")
    assert apache is not None and apache.osi_approved and apache.category == "open-source"
    # An OSI-approved id that the registry does not list is open source by rule.
    zero_bsd = registry.get("0BSD")
    assert zero_bsd is not None and zero_bsd.category == "open-source"
    assert registry.get("LicenseRef-Does-Not-Exist") is None
    llama = registry.get("LicenseRef-Llama-2-Community")
    assert llama is not None and llama.category == "restricted"


def test_spec_schemas_are_canonical_and_valid() -> None:
    from jsonschema import Draft202012Validator

    for path in sorted((ROOT / "schemas").rglob("*.json")):
        text = path.read_text(encoding="utf-8")
        schema = json.loads(text)
        Draft202012Validator.check_schema(schema)
        assert text == json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n", (
            f"{path} is not in canonical form (sorted keys, 2-space indent)"
        )
