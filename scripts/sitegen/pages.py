"""Every generated page and file of the site, as (path in the site's source, content) pairs."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openness import changes, spec
from openness.frameworks import load_frameworks
from openness.reader import resource_root
from openness.urls import definition_url

from . import (
    agreement,
    catalog,
    changes_page,
    crosswalk_page,
    definition_page,
    gallery,
    gallery_data,
    imported,
    imported_pages,
    latest,
    licenses_page,
    matrix,
    osai_comparison,
    rules_page,
    schema_reference,
    translated,
)


@dataclass(frozen=True)
class Generated:
    """One page or file. Pages (.md) are rendered by mkdocs; other files are published as they are."""

    path: str  # relative to the docs folder, as if it were there: 1.0/index.md -> /1.0/
    content: str | None = None
    source: Path | None = None  # a file published byte for byte
    nav: str | None = None  # the `generated:` section of mkdocs.yml's nav that lists it
    title: str = ""


def generate(
    manifests: Path, corpora: tuple[Path | None, Path | None] | None = None
) -> list[Generated]:
    """The whole generated site: definitions, data exports, schemas, licenses, changes, gallery.

    corpora: the MOT and Index folders the imported gallery comes from (default: the snapshots in
    data/, or $OPENNESS_MOT_DIR and $OPENNESS_OSAI_INDEX_DIR)."""
    entries = gallery.load(manifests)
    mot, index = corpora or imported.default_folders()
    imports = imported.load(mot, index, entries)
    definitions = _definitions()
    return [
        *definitions,
        *_latest(definitions, spec.latest_released()),
        *(Generated(path, page) for path, page, _ in translated.definition_pages()),
        *_changes(),
        *_schemas(),
        Generated("licenses/index.md", _licenses_page()),
        *_gallery(entries, imports.models),
        Generated(
            "crosswalks/index.md",
            crosswalk_page.render(
                load_frameworks(), entries, agreement.measure(entries, imports.models)
            ),
        ),
        Generated("tools/rules/index.md", rules_page.render(), nav="tools", title="Rule ids"),
        *_osai_comparison(imports, index),
    ]


def _osai_comparison(imports: imported.Imports, index: Path | None) -> list[Generated]:
    """/compare/osai-index/, from the Index snapshot in data/osai-index (CC-BY 4.0)."""
    text = osai_comparison.page(imports, index)
    return (
        []
        if text is None
        else [Generated(osai_comparison.PAGE_PATH, text, title=osai_comparison.TITLE)]
    )


def _definitions() -> list[Generated]:
    files = []
    latest = spec.latest_released()
    for version in spec.versions():
        definition = spec.load_definition(version)
        registry = _registry(version)
        suffix = " (latest)" if version == latest else "" if definition.released else " (draft)"
        page = definition_page.render(definition, registry)
        files.append(
            Generated(f"{version}/index.md", page, nav="definition", title=version + suffix)
        )
        files.append(Generated(f"{version}/definition.json", _json(definition.data)))
        if registry is not None:
            files.append(Generated(f"{version}/licenses.json", _json(registry.data)))
    return files


def _registry(version: str) -> spec.LicenseRegistry | None:
    """A version's license registry, if it has its own file yet (a new draft may not)."""
    return spec.load_licenses(version) if spec.licenses_path(version).is_file() else None


def _changes() -> list[Generated]:
    found = [item for item in map(changes.changes_to, spec.versions()) if item is not None]
    pairs = [(item.old.version, item.new.version) for item in found]
    index = changes_page.index(pairs)
    files = [Generated("changes/index.md", index, nav="changes", title="All changes")]
    for item in found:
        page, version = changes_page.render(item), item.new.version
        files.append(
            Generated(
                f"changes/{version}/index.md",
                page,
                nav="changes",
                title=f"In {spec.version_label(version)}",
            )
        )
    return files


def _schemas() -> list[Generated]:
    """Every schema at the path of its $id, byte for byte, and a reference page per manifest schema."""
    root = resource_root()
    files = []
    for path in sorted((root / "schemas").rglob("*.json")):
        files.append(Generated(path.relative_to(root).as_posix(), source=path))
        if path.name == "schema.json" and path.parent.parent.name == "manifest":
            schema = json.loads(path.read_text(encoding="utf-8"))
            page = path.parent.relative_to(root).as_posix() + "/index.md"
            title = f"Manifest {spec.version_label(path.parent.name)}"
            files.append(
                Generated(
                    page,
                    schema_reference.render(schema, path.parent.name),
                    nav="schemas",
                    title=title,
                )
            )
    files.append(Generated("schemas/catalog.json", catalog.render()))
    return files


def _gallery(
    entries: list[gallery.Entry], models: Sequence[imported.ImportedModel] = ()
) -> list[Generated]:
    """/models/, a page per manifest and the manifest itself beside its page, then a page per
    imported model (/models/imported/<slug>/), linked both ways with curated manifests of it."""
    if any(entry.slug == "imported" for entry in entries):
        raise gallery.GalleryError(
            "manifests/imported.yaml: models/imported/ holds the imported pages"
        )
    found = gallery_data.rows(entries, models)
    definition = spec.load_definition(spec.latest_released())
    note = imported_pages.index(models) if models else ""
    files = [
        Generated("models/index.md", matrix.index_page(found, definition, note)),
        Generated("models/index.json", gallery_data.index_json(found, definition)),
        Generated("models/index.csv", gallery_data.index_csv(found, definition)),
        Generated("models/compare/index.md", matrix.compare_page()),
    ]
    lineage = gallery.family(entries)
    twins: dict[str, list[tuple[str, str]]] = {}
    for model in models:
        for entry in model.curated:
            twins.setdefault(entry.slug, []).append((model.name, model.slug))
    for entry in entries:
        page = gallery.model_page(entry, lineage, twins.get(entry.slug, ()))
        files.append(Generated(f"models/{entry.slug}/index.md", page))
        files.append(Generated(f"models/{entry.slug}/openness.yaml", source=entry.source))
    names = _pages_by_name(entries, models)
    for model in models:
        files.append(
            Generated(imported_pages.page_path(model), imported_pages.model_page(model, names))
        )
    return files


def _pages_by_name(
    entries: Sequence[gallery.Entry], models: Sequence[imported.ImportedModel]
) -> dict[str, str]:
    """Normalised model name -> the one page about it (curated first), to link base models."""
    found: dict[str, set[str]] = {}
    for entry in entries:
        model = entry.manifest.model
        for form in imported.name_forms(model.name, model.producer):
            found.setdefault(form, set()).add(f"models/{entry.slug}/")
    for item in models:
        if item.curated:
            continue
        for record in item.assessed:
            model = record.manifest.model
            for form in imported.name_forms(model.name, model.producer):
                found.setdefault(form, set()).add(f"{imported_pages.PREFIX}/{item.slug}/")
    return {key: next(iter(paths)) for key, paths in found.items() if len(paths) == 1}


def licenses_version() -> str:
    """The version whose registry /licenses/ shows: the newest released, else the newest."""
    released = spec.released_versions()
    return released[-1] if released else spec.versions()[-1]


def _licenses_page() -> str:
    version = licenses_version()
    return licenses_page.render(spec.load_licenses(version), spec.load_definition(version))


def _latest(definitions: list[Generated], version: str) -> list[Generated]:
    """/latest/<path>: every page and data file of the newest release, fragment kept."""
    files = []
    for item in definitions:
        if not item.path.startswith(f"{version}/"):
            continue
        found = latest.page_target(item.path, version)
        if found is None:
            inside = item.path.removeprefix(f"{version}/")
            files.append(Generated(f"latest/{inside}", item.content, item.source))
        else:
            path, target = found
            canonical = definition_url(version) + target.rsplit(f"{version}/", 1)[1]
            files.append(Generated(path, latest.redirect(target, version, canonical)))
    return files


def _json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
