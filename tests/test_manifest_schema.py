"""The manifest schema: published at its $id, strict, documented, and in step with the definition."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from openness import spec, urls
from openness.manifest import manifest_versions, schema_path

FIXTURES = Path(__file__).parent / "fixtures" / "manifest"


def schema(version: str) -> dict[str, Any]:
    return json.loads(schema_path(version).read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def objects(node: Any, path: str = "#") -> list[tuple[str, dict[str, Any]]]:
    found = []
    if isinstance(node, dict):
        if node.get("type") == "object":
            found.append((path, node))
        for key, value in node.items():
            found += objects(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += objects(value, f"{path}/{index}")
    return found


@pytest.mark.parametrize("version", manifest_versions())
def test_schema_id_is_its_published_url(version: str) -> None:
    assert schema(version)["$id"] == urls.schema_url(version)


@pytest.mark.parametrize("version", manifest_versions())
def test_every_object_is_closed_and_every_property_documented(version: str) -> None:
    for path, node in objects(schema(version)):
        assert "additionalProperties" in node, f"{path} leaves additionalProperties open"
        for name, prop in node.get("properties", {}).items():
            assert prop.get("description"), f"{path}/properties/{name} has no description"
            if "$ref" not in prop:
                assert prop.get("examples"), f"{path}/properties/{name} has no examples"


@pytest.mark.parametrize("version", manifest_versions())
def test_enums_match_the_definition(version: str) -> None:
    document = schema(version)
    definition = spec.load_definition(version)  # format N.M goes with definition N.M
    assert set(document["properties"]["components"]["properties"]) == {
        c.id for c in definition.components
    }
    availability = document["$defs"]["component"]["properties"]["availability"]["enum"]
    assert availability == [a.id for a in definition.availability]
    levels = document["properties"]["assessment"]["properties"]["claimed_level"]["enum"]
    assert levels == [level.id for level in definition.levels]
    data_components = {c.id for c in definition.components if c.type == "data"}
    # A component with facts of its own has its own definition, the component's plus those facts.
    own = {"compute-disclosure": "#/$defs/compute_component"} if version != "1.0" else {}
    for component_id, prop in document["properties"]["components"]["properties"].items():
        expected = own.get(
            component_id,
            "#/$defs/data_component" if component_id in data_components else "#/$defs/component",
        )
        assert prop["$ref"] == expected
    for extended in own.values():
        base = document["$defs"]["component"]["properties"]
        assert base.items() <= document["$defs"][extended.rsplit("/", 1)[1]]["properties"].items()


# check-jsonschema reads YAML 1.2, where an unquoted `no` is text; YAML 1.1 readers (PyYAML and
# the many tools built on it) read false, so openness reports the trap and check-jsonschema cannot.
YAML_1_1_ONLY = {"schema-type-boolean-no.yaml"}
CHECK_JSONSCHEMA = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))


@pytest.mark.skipif(
    CHECK_JSONSCHEMA is None, reason="check-jsonschema is not installed beside python"
)
def test_schema_works_with_check_jsonschema() -> None:
    """Editors and other tools read the same schema: valid fixtures pass, schema-level invalid fail."""
    for version in manifest_versions():
        valid = sorted(str(path) for path in (FIXTURES / version / "valid").glob("*.yaml"))
        run = subprocess.run(
            [str(CHECK_JSONSCHEMA), "--schemafile", str(schema_path(version)), *valid],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert run.returncode == 0, run.stdout + run.stderr
        for path in sorted((FIXTURES / version / "invalid").glob("schema-*.yaml")):
            if path.name in YAML_1_1_ONLY:
                continue
            run = subprocess.run(
                [str(CHECK_JSONSCHEMA), "--schemafile", str(schema_path(version)), str(path)],
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
            assert run.returncode == 1, f"check-jsonschema accepted {path.name}"


def test_every_valid_manifest_stays_valid_under_every_later_schema() -> None:
    """Compatibility within a major version: format 1.x reads every manifest of 1.0 to 1.x."""
    from jsonschema import Draft202012Validator

    from openness.reader import read

    versions = manifest_versions()
    for index, version in enumerate(versions):
        manifests = sorted((FIXTURES / version / "valid").glob("*.yaml"))
        if version == "1.0":
            manifests += sorted((Path(__file__).resolve().parents[1] / "manifests").glob("*.yaml"))
        for later in versions[index + 1 :]:
            if later.split(".")[0] != version.split(".")[0]:
                continue
            validator = Draft202012Validator(schema(later))
            for path in manifests:
                errors = list(validator.iter_errors(read(path).data))
                assert not errors, (
                    f"{path.name} is {version} but not valid under {later}: {errors[0].message}"
                )
