"""The bills of materials: every gallery manifest exported as CycloneDX 1.7 and SPDX 3.0.1, each
validated offline against the official schema (CycloneDX's, shipped with cyclonedx-python-lib, with
its validator; SPDX's, vendored in data/spdx-3.0.1), and the CycloneDX export read back into the
manifest it was made from, losing nothing the manifest format holds."""

from __future__ import annotations

import json
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
import yaml
from cli_helpers import run_main
from fuzz_inputs import FINDING, LOOKS_LIKE_FINDING, MANIFESTS, fuzz_settings, mutated
from hypothesis import given
from hypothesis import strategies as st

from openness.api import check
from openness.exports import mapping
from openness.exports.cyclonedx import cyclonedx_json
from openness.exports.spdx3 import spdx3_json
from openness.importers.cyclonedx import import_cyclonedx

ROOT = Path(__file__).resolve().parents[1]
GALLERY = sorted((ROOT / "manifests").glob("*.yaml"))
SPDX_SCHEMA = ROOT / "data" / "spdx-3.0.1" / "spdx-json-schema.json"


@cache
def library_validator() -> Any:
    """cyclonedx-python-lib's own validator: the reference, a few seconds a BOM on this machine."""
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    return JsonStrictValidator(SchemaVersion.V1_7)


@cache
def cyclonedx_validator() -> Any:
    """The same official schema files the library ships (strict, formats asserted), compiled once
    and resolved from its folder, never the network: fast enough for every gallery manifest."""
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.schema._res import BOM_JSON_STRICT

    path = Path(BOM_JSON_STRICT[SchemaVersion.V1_7])

    def retrieve(uri: str) -> Any:
        local = path.parent / uri.rsplit("/", 1)[-1]
        if not local.is_file():
            raise ValueError(f"{uri}: not shipped with the library")
        return json.loads(local.read_text(encoding="utf-8"))

    schema = json.loads(path.read_text(encoding="utf-8"))
    return jsonschema_rs.Draft7Validator(schema, validate_formats=True, retriever=retrieve)


@cache
def spdx_validator() -> Any:
    schema = json.loads(SPDX_SCHEMA.read_text(encoding="utf-8"))
    return jsonschema_rs.Draft202012Validator(schema, validate_formats=True)


def exported(path: Path) -> tuple[Any, str, str]:
    validation, assessment = check(path, crosswalks=True)
    assert assessment is not None and validation.manifest is not None, validation.findings
    manifest = validation.manifest
    return manifest, cyclonedx_json(manifest, assessment), spdx3_json(manifest, assessment)


def cyclonedx_errors(text: str) -> list[str]:
    return [error.message for error in cyclonedx_validator().iter_errors(json.loads(text))]


def library_errors(text: str) -> list[str]:
    errors = library_validator().validate_str(text, all_errors=True)
    return [str(error.data.message) for error in errors or ()]


def spdx_errors(text: str) -> list[str]:
    return [error.message for error in spdx_validator().iter_errors(json.loads(text))]


@pytest.mark.parametrize("path", GALLERY, ids=lambda path: path.stem)
def test_gallery_exports_validate_and_round_trip(path: Path, tmp_path: Path) -> None:
    manifest, bom, spdx = exported(path)
    assert cyclonedx_errors(bom) == []
    assert spdx_errors(spdx) == []
    target = tmp_path / "bom.json"
    target.write_text(bom, encoding="utf-8")
    imported = import_cyclonedx(target)
    assert imported.findings == ()
    assert imported.manifest == manifest.data


def test_the_validators_reject_a_broken_export() -> None:
    _, bom, spdx = exported(ROOT / "manifests" / "olmo-2-7b.yaml")
    assert library_errors(bom) == []
    document = json.loads(bom)
    document["metadata"]["component"]["modelCard"]["modelParameters"]["unknown"] = 1
    assert cyclonedx_errors(json.dumps(document))
    assert library_errors(json.dumps(document))
    document = json.loads(bom)
    document["components"][0]["externalReferences"][0]["url"] = "https://example.org/a b%"
    assert cyclonedx_errors(json.dumps(document))
    graph = json.loads(spdx)
    for element in graph["@graph"]:
        if element["type"] == "dataset_DatasetPackage":
            del element["dataset_datasetType"]
            break
    assert spdx_errors(json.dumps(graph))


def test_the_bom_says_what_tools_read() -> None:
    _, bom, spdx = exported(ROOT / "manifests" / "olmo-2-7b.yaml")
    document = json.loads(bom)
    model = document["metadata"]["component"]
    assert model["type"] == "machine-learning-model"
    assert model["modelCard"]["modelParameters"]["datasets"]
    properties = {item["name"]: item["value"] for item in model["properties"]}
    assert properties[mapping.LEVEL] and properties[mapping.DEFINITION]
    assert any(name.startswith(mapping.FRAMEWORK + "mof-") for name in properties)
    kinds = {component["type"] for component in document["components"]}
    assert {"data", "application"} <= kinds
    datasets = [c for c in document["components"] if c["bom-ref"].startswith("dataset:")]
    assert datasets and all(c["data"][0]["type"] == "dataset" for c in datasets)
    types = {element["type"] for element in json.loads(spdx)["@graph"]}
    assert {"ai_AIPackage", "dataset_DatasetPackage", "Relationship"} <= types
    relations = {
        element["relationshipType"]
        for element in json.loads(spdx)["@graph"]
        if element["type"] == "Relationship"
    }
    assert {"trainedOn", "hasDeclaredLicense", "contains"} <= relations


def test_a_derivative_depends_on_its_base_model() -> None:
    _, bom, spdx = exported(ROOT / "manifests" / "deepseek-r1.yaml")
    document = json.loads(bom)
    depends = {item["ref"]: item.get("dependsOn", []) for item in document["dependencies"]}
    assert mapping.BASE_MODEL_REF in depends[mapping.MODEL_REF]
    relations = [e for e in json.loads(spdx)["@graph"] if e["type"] == "Relationship"]
    assert any(r["relationshipType"] == "ancestorOf" for r in relations)


def test_a_license_ref_carries_its_text_url() -> None:
    _, bom, spdx = exported(ROOT / "manifests" / "gemma-2-9b.yaml")
    details = [
        detail
        for component in [json.loads(bom)["metadata"]["component"], *json.loads(bom)["components"]]
        for choice in component.get("licenses", ())
        for detail in choice.get("expressionDetails", ())
    ]
    assert details and all(detail["url"].startswith("https://") for detail in details)
    assert "simplelicensing_customIdToUri" in spdx


def test_exports_are_reproducible(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    first = exported(ROOT / "manifests" / "phi-2.yaml")[1:]
    assert first == exported(ROOT / "manifests" / "phi-2.yaml")[1:]
    assert json.loads(first[0])["metadata"]["timestamp"].startswith("2026-01-01")


# A manifest with what the library would change: escaped and refused URL characters, locations in
# an order it would sort, a one-item location list, NOASSERTION, a field no format has a place for.
AWKWARD = """\
manifest_version: "1.1"
model:
  name: Awkward [model]
  producer: Someone
  homepage: https://example.org/a%zz#b#c
  repository: https://example.org/{repo}
release:
  license: NOASSERTION
components:
  final-parameters:
    availability: released
    license: Apache-2.0
    location:
      - https://example.org/z
      - https://example.org/a%20b
  training-code:
    availability: released
    terms: unknown
    location: [https://example.org/only]
  training-datasets:
    availability: partial
    license: CC-BY-4.0
    datasets:
      - name: second
        location: https://example.org/d2
      - name: first
        license: NOASSERTION
  model-card:
    availability: not-released
    notes: Not published.
"""


def test_round_trip_keeps_what_the_library_would_change(tmp_path: Path) -> None:
    source = tmp_path / "openness.yaml"
    source.write_text(AWKWARD, encoding="utf-8")
    validation, assessment = check(source, crosswalks=True)
    assert validation.manifest is not None and assessment is not None, validation.findings
    bom = cyclonedx_json(validation.manifest, assessment)
    assert cyclonedx_errors(bom) == []
    assert library_errors(bom) == []
    assert spdx_errors(spdx3_json(validation.manifest, assessment)) == []
    (tmp_path / "bom.json").write_text(bom, encoding="utf-8")
    assert import_cyclonedx(tmp_path / "bom.json").manifest == yaml.safe_load(AWKWARD)


def test_the_mapping_table_names_every_native_field() -> None:
    text = " ".join(row.manifest for row in mapping.ROWS)
    fields = (
        mapping.MODEL_NATIVE
        | mapping.RELEASE_NATIVE
        | mapping.DECLARATION_NATIVE
        | mapping.DATASET_NATIVE
    )
    assert [field for field in sorted(fields) if field not in text] == []


# --- the commands --------------------------------------------------------------------------------


def test_export_then_import_on_the_command_line(tmp_path: Path) -> None:
    source = ROOT / "manifests" / "olmo-2-7b.yaml"
    bom = tmp_path / "olmo.cdx.json"
    assert run_main("export", "--format", "cyclonedx", str(source), "-o", str(bom))[0] == 0
    code, _, err = run_main("export", "--format", "cyclonedx", str(source), "-o", str(bom))
    assert code == 2 and "exists; use --force" in err
    code, out, err = run_main("import", "cyclonedx", str(bom))
    assert code == 0, err
    assert yaml.safe_load(out) == yaml.safe_load(source.read_text(encoding="utf-8"))
    code, out, _ = run_main("export", "--format", "spdx3", str(source))
    assert code == 0 and spdx_errors(out) == []


def test_export_of_an_invalid_or_unreadable_manifest(tmp_path: Path) -> None:
    invalid = tmp_path / "invalid.yaml"
    invalid.write_text('manifest_version: "1.1"\nmodel: {name: x}\ncomponents: {}\n')
    code, out, err = run_main("export", "--format", "cyclonedx", str(invalid))
    assert code == 1 and out == "" and "error:" in err
    code, out, err = run_main("export", "--format", "spdx3", str(tmp_path / "missing.yaml"))
    assert code == 2 and out == "" and len(err.splitlines()) == 1


@pytest.mark.parametrize(
    ("content", "rule"),
    [
        (b'{"bomFormat": "CycloneDX", "specVersion": "1.7",', "yaml-syntax"),
        (b"\xff\xfe not text", "input-encoding"),
        (b'{"bomFormat": "SPDX"}', "import-not-cyclonedx"),
        (b'{"bomFormat": "CycloneDX", "specVersion": "1.2"}', "import-not-cyclonedx"),
        (
            b'{"bomFormat": "CycloneDX", "specVersion": "1.7", "components": [{}]}',
            "import-invalid-cyclonedx",
        ),
        (b'{"bomFormat": "CycloneDX", "specVersion": "1.7"}', "import-no-model"),
        (b"[" * 100_000, "yaml-syntax"),
        (b'{"a": "' + b"x" * 2_000_000 + b'"}', "input-too-large"),
    ],
    ids=[
        "truncated",
        "not-utf8",
        "not-cyclonedx",
        "old-version",
        "schema",
        "no-model",
        "deep",
        "huge",
    ],
)
def test_import_of_a_broken_bom_is_one_line(tmp_path: Path, content: bytes, rule: str) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(content)
    code, out, err = run_main("import", "cyclonedx", str(path))
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1 and err.rstrip().endswith(f"[{rule}]"), err


def test_import_never_writes_a_manifest_that_does_not_validate(tmp_path: Path) -> None:
    bom = {
        "bomFormat": "CycloneDX",
        "specVersion": "1.7",
        "metadata": {
            "component": {
                "type": "machine-learning-model",
                "name": "No producer",
                "properties": [{"name": mapping.DATA_PREFIX + "model.type", "value": "{not json"}],
            }
        },
        "components": [{"type": "library", "name": "left out"}],
    }
    path = tmp_path / "bom.json"
    path.write_text(json.dumps(bom), encoding="utf-8")
    code, out, err = run_main("import", "cyclonedx", str(path), "-o", str(tmp_path / "out"))
    assert code == 1 and out == ""
    assert "not JSON" in err and "not mapped" in err and "not written" in err
    assert not list((tmp_path / "out").iterdir())


# --- hostile input: whatever the manifest or the BOM holds, an answer, never a traceback ---------

SETTINGS = fuzz_settings(10)


@SETTINGS
@given(content=mutated(MANIFESTS), kind=st.sampled_from(["cyclonedx", "spdx3"]))
def test_export_of_any_manifest(content: bytes, kind: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "openness.yaml"
        path.write_bytes(content)
        code, out, err = run_main("export", "--format", kind, str(path))
        check_output(code, out, err)
        if code == 0:
            errors = cyclonedx_errors(out) if kind == "cyclonedx" else spdx_errors(out)
            assert errors == [], errors[:3]


@SETTINGS
@given(manifest=st.sampled_from(GALLERY[:12]), data=st.data())
def test_import_of_any_bom(manifest: Path, data: st.DataObject) -> None:
    bom = exported(manifest)[1]
    content = data.draw(mutated([bom.encode("utf-8")]))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bom.json"
        path.write_bytes(content)
        check_output(*run_main("import", "cyclonedx", str(path)))


def check_output(code: int, out: str, err: str) -> None:
    assert code in (0, 1, 2), (code, err[-2000:])
    assert "Traceback" not in out + err and "internal error" not in err, err[-2000:]
    for line in err.splitlines():
        if LOOKS_LIKE_FINDING.match(line):
            assert FINDING.match(line), line


def test_export_never_writes_over_its_input_or_through_a_link(tmp_path: Path) -> None:
    manifest = tmp_path / "openness.yaml"
    manifest.write_bytes((ROOT / "manifests" / "phi-2.yaml").read_bytes())
    code, _, err = run_main(
        "export", "--format", "spdx3", str(manifest), "-o", str(manifest), "--force"
    )
    assert code == 2 and "input" in err
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "elsewhere.json")
    code, _, err = run_main(
        "export", "--format", "cyclonedx", str(manifest), "-o", str(link), "--force"
    )
    assert code == 2 and "symbolic link" in err and not (tmp_path / "elsewhere.json").exists()


@pytest.mark.parametrize(
    ("name", "value"),
    [
        (mapping.DATA_PREFIX + "model.type", "[" * 50_000),
        (mapping.DATA_PREFIX + "model.type", "[" * 100 + "]" * 100),
        (mapping.DATA_PREFIX + "components.training-datasets", "5"),
        (mapping.DATASET_INDEX, "9" * 5000),
        (mapping.DATASET_INDEX, "\u00b2"),
    ],
    ids=["unclosed", "deep", "not-an-entry", "huge-index", "superscript-index"],
)
def test_import_of_hostile_properties(tmp_path: Path, name: str, value: str) -> None:
    document = json.loads(exported(ROOT / "manifests" / "olmo-2-7b.yaml")[1])
    dataset = next(c for c in document["components"] if c["bom-ref"].startswith("dataset:"))
    dataset["properties"].append({"name": name, "value": value})
    document["metadata"]["component"]["properties"].append({"name": name, "value": value})
    path = tmp_path / "bom.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    check_output(*run_main("import", "cyclonedx", str(path)))
