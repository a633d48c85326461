"""Facts for the hand-written pages (mkdocs-macros), taken from the spec so none is written twice.

Only pages with `render_macros: true` in their front matter are templates (see mkdocs.yml).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import yaml
from sitegen.catalog import FILE_MATCH, catalog
from sitegen.revision import commit

import openness
from openness import escaping, spec, translations
from openness.urls import SITE_URL, definition_url

ROOT = Path(__file__).resolve().parents[1]


def variables() -> dict[str, Any]:
    """Every variable the pages may use (the snippet tests render tools.md with these too)."""
    latest = spec.latest_released()
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    repository = str(citation["repository-code"])
    return {
        "site_url": SITE_URL,
        "latest": latest,
        "latest_url": definition_url(latest),
        "versions": spec.versions(),
        "version_labels": {version: spec.version_label(version) for version in spec.versions()},
        "tool_version": openness.__version__,
        "package": tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["name"],
        "tool_rev": commit(ROOT),  # what snippets pin until a release is tagged (sitegen/revision)
        "repository": repository,
        "action": repository.removeprefix("https://github.com/"),
        "schema_url": catalog()["schemas"][0]["url"],
        "file_match": list(FILE_MATCH),
        "quote_limit": escaping.LIMIT,
        "export_mapping_table": export_mapping_table(),
    }


def export_mapping_table() -> str:
    """Where each manifest field goes in CycloneDX and in SPDX 3 (openness.exports.mapping)."""
    from openness.exports.mapping import ROWS

    def cell(text: str) -> str:
        return text.replace("|", "\\|")

    rows = [
        f"| `{cell(row.manifest)}` | {cell(row.cyclonedx)} | {cell(row.spdx)} |" for row in ROWS
    ]
    return "\n".join(["| Manifest field | CycloneDX 1.7 | SPDX 3.0.1 |", "|---|---|---|", *rows])


def define_env(env: Any) -> None:
    env.variables.update(variables())
    latest = env.variables["latest"]

    @env.macro  # type: ignore[misc]
    def levels_table() -> str:
        """The levels of the latest released version, lowest first, linked to their clauses; on a
        translated page (zh-Hans/index.md), in its language."""
        definition = spec.load_definition(latest)
        headers = ("Level", "What it means")
        code = env.page.file.src_uri.partition("/")[0] if env.page is not None else ""
        if code in translations.codes() and translations.available(code, latest):
            translation = translations.load_translation(code, latest)
            definition = translations.translate(definition, translation)
            headers = (translation.phrase("Level"), translation.phrase("What it means"))
        rows = [
            f"| [{level.title}]({latest}/index.md#{level.id}) | {' '.join(level.summary.split())} |"
            for level in definition.levels
        ]
        return "\n".join([f"| {headers[0]} | {headers[1]} |", "|---|---|", *rows])
