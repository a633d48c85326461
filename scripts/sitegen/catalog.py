"""/schemas/catalog.json: a SchemaStore-style catalog, so editors find the manifest's schema by name.

Format: https://json.schemastore.org/schema-catalog.json. The URLs come from openness.urls, the
versions from the schema files, the name and description from the newest released schema.
"""

from __future__ import annotations

import json
from typing import Any

from openness import spec
from openness.manifest import manifest_versions, schema_path
from openness.urls import schema_url

CATALOG_SCHEMA = "https://json.schemastore.org/schema-catalog.json"
# The names editors match, the same files the pre-commit hook checks (a test keeps them in step).
FILE_MATCH = (
    "openness.yaml",
    "openness.yml",
    "openness.json",
    "*.openness.yaml",
    "*.openness.yml",
    "*.openness.json",
)


def released_manifest_versions() -> list[str]:
    """Manifest formats whose definition version is released: a draft's schema may still change."""
    released = set(spec.released_versions())
    return [version for version in manifest_versions() if version in released]


def catalog() -> dict[str, Any]:
    versions = released_manifest_versions()
    newest = versions[-1]
    schema = json.loads(schema_path(newest).read_text(encoding="utf-8"))
    return {
        "$schema": CATALOG_SCHEMA,
        "version": 1,
        "schemas": [
            {
                "name": schema["title"].removesuffix(f" {newest}"),
                "description": schema["description"].split(". ")[0].rstrip(".") + ".",
                "fileMatch": list(FILE_MATCH),
                "url": schema_url(newest),
                "versions": {version: schema_url(version) for version in versions},
            }
        ],
    }


def render() -> str:
    return json.dumps(catalog(), indent=2, ensure_ascii=False) + "\n"
