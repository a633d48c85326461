"""Import a CycloneDX ML-BOM (JSON) as an openness manifest: the reverse of `openness export
--format cyclonedx`, so that export then import gives back the manifest (tests/test_exports.py).

The file is read with the safe reader (its size limit, positions) and validated against the official
CycloneDX schema of its specVersion (shipped with cyclonedx-python-lib) before anything is mapped.
The model is `metadata.component`; a component is one of the definition's when it has the property
`openness:component`, a dataset when it has `openness:dataset-of`. What a BOM from another tool
holds beyond that (components without those properties) is reported as a warning, never guessed.
"""

from __future__ import annotations

import json
import os
import re
from functools import cache
from pathlib import Path
from typing import Any

from ..escaping import one_line, quote
from ..exports import mapping
from ..reader import DEFAULT_MAX_BYTES, Document, read
from .common import Imported, ImportRefused, Reporter, refusal

HEADER = (
    "# Imported from the CycloneDX BOM {name} by `openness import cyclonedx`.\n"
    "# Check it with: openness validate <this file>\n"
)
MANIFEST_VERSION = "1.1"  # when the BOM does not say (a BOM this tool did not write)
SPEC_VERSIONS = ("1.5", "1.6", "1.7")  # the ones with machine-learning-model components
MAX_DEPTH = 64  # as deep as the reader lets a manifest nest
_PLACE = re.compile(r"[0-9]{1,9}")


def _depth(value: Any) -> int:
    """How deep a decoded JSON value nests (iteratively: a hostile value is not a recursion)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > MAX_DEPTH:
            break
        children = (
            item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        )
        stack.extend((child, depth + 1) for child in children)
    return deepest


def import_cyclonedx(
    file: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Imported:
    """The manifest one BOM describes. Raises ReadError (unreadable) or ImportRefused (not a
    CycloneDX BOM of a supported version, or invalid against its schema, or no model in it)."""
    document = read(file, max_bytes=max_bytes)
    _check(document)
    reader = _Reader(document)
    manifest = reader.manifest()
    name = Path(os.fspath(file)).name
    return Imported(
        document.file,
        manifest,
        tuple(reader.findings),
        header=HEADER.format(name=one_line(name)),
        name=output_name(manifest),
    )


def output_name(manifest: dict[str, Any]) -> str:
    """The manifest's file name: the model's name as a slug, with .yaml."""
    slug = re.sub(r"[^a-z0-9.]+", "-", str(manifest.get("model", {}).get("name", "")).lower())
    return (slug.strip("-.")[:80] or "model") + ".yaml"


# --- is it a BOM --------------------------------------------------------------------------------


def _check(document: Document) -> None:
    data = document.data
    if not isinstance(data, dict) or data.get("bomFormat") != "CycloneDX":
        raise ImportRefused(
            refusal(
                document,
                "import-not-cyclonedx",
                'not a CycloneDX BOM (no "bomFormat": "CycloneDX")',
            )
        )
    version = data.get("specVersion")
    if version not in SPEC_VERSIONS:
        message = (
            f"CycloneDX specVersion {quote(version)} is not read (read: {', '.join(SPEC_VERSIONS)})"
        )
        raise ImportRefused(refusal(document, "import-not-cyclonedx", message, ("specVersion",)))
    error = _schema_error(data, version)
    if error is not None:
        path = tuple(error.instance_path)
        where = "/".join(str(part) for part in path) or "the document"
        message = f"not valid CycloneDX {version} at {where}: {quote(error.message)}"
        raise ImportRefused(refusal(document, "import-invalid-cyclonedx", message, path))
    component = data.get("metadata", {}).get("component")
    if not isinstance(component, dict):
        message = "the BOM describes no model (no metadata.component)"
        raise ImportRefused(refusal(document, "import-no-model", message, ("metadata",)))


def _schema_error(data: dict[str, Any], version: str) -> Any:
    """The first error of the BOM against the official schema of its version, or None."""
    return next(iter(schema_validator(version).iter_errors(data)), None)


@cache
def schema_validator(version: str) -> Any:
    """The official CycloneDX JSON schema of a version, as cyclonedx-python-lib ships it, compiled
    once with formats asserted; its references are resolved from the library's folder, never the
    network. (The library's own validator, used in the tests, takes seconds a file.)"""
    import jsonschema_rs
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.schema._res import BOM_JSON

    location = BOM_JSON[SchemaVersion.from_version(version)]
    if location is None:  # not for the versions read (SPEC_VERSIONS): each has a JSON schema
        raise ValueError(f"cyclonedx-python-lib ships no JSON schema of CycloneDX {version}")
    path = Path(location)

    def retrieve(uri: str) -> Any:
        local = path.parent / uri.rsplit("/", 1)[-1]
        if not local.is_file():
            raise ValueError(f"{uri}: not shipped with cyclonedx-python-lib")
        return json.loads(local.read_text(encoding="utf-8"))

    schema = json.loads(path.read_text(encoding="utf-8"))
    return jsonschema_rs.Draft7Validator(schema, validate_formats=True, retriever=retrieve)


# --- the BOM, read back -----------------------------------------------------------------------------


def _properties(item: dict[str, Any]) -> list[tuple[str, str]]:
    return [(entry["name"], entry.get("value", "")) for entry in item.get("properties", ())]


def _references(item: dict[str, Any], kind: str | None = None) -> list[str]:
    return [
        mapping.unescaped(reference["url"])
        for reference in item.get("externalReferences", ())
        if kind is None or reference["type"] == kind
    ]


def _expression(item: dict[str, Any]) -> str | None:
    """The license of a component: its expression, or its one license's id or name."""
    licenses = item.get("licenses", ())
    expressions = [choice["expression"] for choice in licenses if "expression" in choice]
    if expressions:
        return str(expressions[0])
    ids = [choice["license"].get("id") or choice["license"].get("name") for choice in licenses]
    return " AND ".join(str(value) for value in ids if value) or None


class _Reader(Reporter):
    def __init__(self, document: Document) -> None:
        from ..spec import latest_released, load_licenses

        super().__init__(document, load_licenses(latest_released()), "LicenseRef-")
        self.data: dict[str, Any] = document.data

    def _json(self, path: tuple[str | int, ...], name: str, value: str) -> tuple[bool, Any]:
        try:
            decoded = json.loads(value)
        except (ValueError, RecursionError):
            self.warn(
                path, "import-unmapped-property", f"property {quote(name)} is not JSON; not mapped"
            )
            return False, None
        if _depth(decoded) > MAX_DEPTH:
            message = f"property {quote(name)} nests deeper than {MAX_DEPTH}; not mapped"
            self.warn(path, "import-unmapped-property", message)
            return False, None
        return True, decoded

    def _data_fields(self, item: dict[str, Any], path: tuple[str | int, ...]) -> dict[str, Any]:
        """The `openness:manifest:<field>` properties of an item, decoded."""
        fields = {}
        for index, (name, value) in enumerate(_properties(item)):
            if name.startswith(mapping.DATA_PREFIX):
                ok, decoded = self._json((*path, "properties", index, "value"), name, value)
                if ok:
                    fields[name.removeprefix(mapping.DATA_PREFIX)] = decoded
        return fields

    def manifest(self) -> dict[str, Any]:
        bom = self._data_fields(self.data, ())
        manifest: dict[str, Any] = {"manifest_version": MANIFEST_VERSION, **bom}
        model_item = self.data["metadata"]["component"]
        fields = self._data_fields(model_item, ("metadata", "component"))
        model = self._model(model_item, fields)
        release = {
            key.removeprefix("release."): v
            for key, v in fields.items()
            if key.startswith("release.")
        }
        expression = _expression(model_item)
        if expression is not None and "license" not in release:
            release["license"] = expression
        components: dict[str, Any] = {
            key.removeprefix("components."): value
            for key, value in fields.items()
            if key.startswith("components.")
        }
        datasets: dict[str, list[tuple[int, dict[str, Any]]]] = {}
        for index, item in enumerate(self.data.get("components", ())):
            path: tuple[str | int, ...] = ("components", index)
            properties = dict(_properties(item))
            if item.get("bom-ref") == mapping.BASE_MODEL_REF:
                model["base_model"] = self._base_model(item, path)
            elif mapping.COMPONENT in properties:
                components[properties[mapping.COMPONENT]] = self._declaration(item, path)
            elif mapping.DATASET_OF in properties:
                place = properties.get(mapping.DATASET_INDEX, "")
                order = int(place) if _PLACE.fullmatch(place) else len(datasets) + 1
                datasets.setdefault(properties[mapping.DATASET_OF], []).append(
                    (order, self._dataset(item, path))
                )
            else:
                message = (
                    f"component {quote(item.get('name', ''))} is not one of the definition's "
                    f"(no {mapping.COMPONENT} property); not mapped"
                )
                self.warn(path, "import-unmapped-component", message)
        for component_id, items in datasets.items():
            if isinstance(components.get(component_id), dict):
                components[component_id]["datasets"] = [
                    item for _, item in sorted(items, key=lambda pair: pair[0])
                ]
            else:
                self.warn(
                    (),
                    "import-unmapped-component",
                    f"datasets of {quote(component_id)}, a component the BOM does not list; not mapped",
                )
        manifest["model"] = model
        if release:
            manifest["release"] = release
        manifest["components"] = components
        return _in_order(manifest)

    def _model(self, item: dict[str, Any], fields: dict[str, Any]) -> dict[str, Any]:
        producer = (item.get("manufacturer") or item.get("supplier") or {}).get("name")
        model: dict[str, Any] = {"name": item["name"]}
        if producer is not None:
            model["producer"] = producer
        for field in ("version", "description"):
            if field in item:
                model[field] = item[field]
        for field, kind in (("homepage", "website"), ("repository", "vcs")):
            urls = _references(item, kind)
            if urls:
                model[field] = urls[0]
        for key, value in fields.items():
            if key.startswith("model."):
                model[key.removeprefix("model.")] = value
        return model

    def _base_model(self, item: dict[str, Any], path: tuple[str | int, ...]) -> dict[str, Any]:
        base: dict[str, Any] = {"name": item["name"]}
        urls = _references(item, "distribution")
        if urls:
            base["url"] = urls[0]
        base.update(self._data_fields(item, path))
        return base

    def _common(self, item: dict[str, Any], path: tuple[str | int, ...]) -> dict[str, Any]:
        entry: dict[str, Any] = {}
        properties = dict(_properties(item))
        if mapping.AVAILABILITY in properties:
            entry["availability"] = properties[mapping.AVAILABILITY]
        if mapping.TERMS in properties:
            entry["terms"] = properties[mapping.TERMS]
        expression = _expression(item)
        if expression is not None:
            entry["license"] = expression
        urls = _references(item)
        if urls:
            entry["location"] = urls[0] if len(urls) == 1 else urls
        if "description" in item:
            entry["notes"] = item["description"]
        entry.update(self._data_fields(item, path))
        return entry

    def _declaration(self, item: dict[str, Any], path: tuple[str | int, ...]) -> dict[str, Any]:
        return self._common(item, path)

    def _dataset(self, item: dict[str, Any], path: tuple[str | int, ...]) -> dict[str, Any]:
        return {"name": item["name"], **self._common(item, path)}


# The order the gallery's manifests write their keys in; keys not named here follow, as they came.
_ORDER: dict[str, tuple[str, ...]] = {
    "": (
        "$schema",
        "manifest_version",
        "model",
        "release",
        "components",
        "licenses",
        "assessment",
        "provenance",
    ),
    "model": (
        "name",
        "version",
        "producer",
        "release_date",
        "homepage",
        "repository",
        "description",
        "type",
        "parameters",
        "base_model",
        "relation",
    ),
    "model.base_model": ("name", "manifest", "url"),
    "release": ("license", "evidence", "notes"),
    "entry": ("availability", "terms", "license", "location", "evidence", "notes", "datasets"),
    "dataset": ("name", "availability", "license", "location", "evidence", "notes"),
    "provenance": ("source", "url", "author", "date", "notes"),
}


def _ordered(value: dict[str, Any], order: tuple[str, ...]) -> dict[str, Any]:
    keys = [key for key in order if key in value] + [key for key in value if key not in order]
    return {key: value[key] for key in keys}


def _in_order(manifest: dict[str, Any]) -> dict[str, Any]:
    """The manifest's keys in the gallery's order, and its components in the definition's."""
    from ..spec import load_definition, versions

    manifest = _ordered(manifest, _ORDER[""])
    for section in ("model", "release", "provenance"):
        if isinstance(manifest.get(section), dict):
            manifest[section] = _ordered(manifest[section], _ORDER[section])
    base = manifest["model"].get("base_model")
    if isinstance(base, dict):
        manifest["model"]["base_model"] = _ordered(base, _ORDER["model.base_model"])
    known = [component.id for component in load_definition(versions()[-1]).components]
    components = manifest["components"]
    ids = [i for i in known if i in components] + [i for i in components if i not in known]
    ordered = {}
    for component_id in ids:
        entry = components[component_id]
        if isinstance(entry, dict):
            entry = _ordered(entry, _ORDER["entry"])
            if isinstance(entry.get("datasets"), list):
                entry["datasets"] = [
                    _ordered(item, _ORDER["dataset"]) if isinstance(item, dict) else item
                    for item in entry["datasets"]
                ]
        ordered[component_id] = entry
    manifest["components"] = ordered
    return manifest
