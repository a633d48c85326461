"""The site's base URL, in one place, and every URL the project publishes built from it."""

from __future__ import annotations

SITE_URL = "https://modelopenness.org"


def definition_url(version: str) -> str:
    return f"{SITE_URL}/{version}/"


def clause_url(version: str, item_id: str) -> str:
    """The permanent URL of one clause (component, level, requirement, category...) of a version."""
    return f"{SITE_URL}/{version}/#{item_id}"


def schema_url(manifest_version: str) -> str:
    return f"{SITE_URL}/schemas/manifest/{manifest_version}/schema.json"


def model_url(slug: str) -> str:
    return f"{SITE_URL}/models/{slug}/"


def changes_url(version: str) -> str:
    return f"{SITE_URL}/changes/{version}/"
