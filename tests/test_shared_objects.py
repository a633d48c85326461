"""A manifest's declarations and sources, and the verdicts on each component, are kept between the
manifests of a batch (manifest._shared_declaration, validate._declaration_verdicts), keyed on what
they are made from. Kept or made afresh, they are the same: the objects of every manifest equal
those the plain constructors make, and the findings on a file do not depend on the files before."""

from __future__ import annotations

import itertools
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml

import openness
from openness.api import check
from openness.manifest import (
    SHARED_TEXT,
    BaseModel,
    Dataset,
    Declaration,
    Evidence,
    Fact,
    Manifest,
    Model,
    manifest_from_document,
    states_license,
)
from openness.reader import Document, ReadError, read, read_text
from openness.validate import _declaration_verdicts

manifest_module = sys.modules["openness.manifest"]  # openness.manifest may name the API function

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted(
    path
    for folder in ("manifests", "tests/fixtures", "examples")
    for path in (ROOT / folder).rglob("*")
    if path.suffix in (".yaml", ".json")
)


MODEL_FIELDS = ("name", "producer", "version", "release_date", "homepage", "repository")
MODEL_FIELDS += ("description", "type", "parameters", "relation")


def _evidence(items: list[Any]) -> tuple[Evidence, ...]:
    return tuple(
        Evidence(item)
        if isinstance(item, str)
        else Evidence(
            item["url"], item.get("accessed"), item.get("quote"), tuple(item.get("supports", ()))
        )
        for item in items
    )


def _locations(value: str | list[str] | None) -> tuple[str, ...]:
    return () if value is None else (value,) if isinstance(value, str) else tuple(value)


def _fact(entry: dict[str, Any] | None, key: str, detail: str | None = None) -> Fact | None:
    if entry is None:
        return None
    value = entry.get(detail) if detail else None
    return Fact(
        entry[key],
        entry.get("notes", ""),
        _evidence(entry.get("evidence", ())),
        () if value is None else tuple(value) if isinstance(value, list) else (value,),
    )


def reference(document: Document) -> Manifest:
    """The manifest as the plain constructors make it, field by field, nothing kept."""
    data = document.data
    model, release = data["model"], data.get("release", {})
    base = model.get("base_model")
    components = {
        component_id: Declaration(
            component=component_id,
            availability=entry["availability"],
            license=entry.get("license"),
            locations=_locations(entry.get("location")),
            evidence=_evidence(entry.get("evidence", ())),
            notes=entry.get("notes", ""),
            datasets=tuple(
                Dataset(
                    name=dataset["name"],
                    availability=dataset.get("availability"),
                    license=dataset.get("license"),
                    locations=_locations(dataset.get("location")),
                    notes=dataset.get("notes", ""),
                    evidence=_evidence(dataset.get("evidence", ())),
                )
                for dataset in entry.get("datasets", ())
            ),
            terms=entry["terms"]
            if entry.get("terms") is not None
            else "stated"
            if states_license(entry.get("license"))
            else "unknown",
            training_compute=_fact(entry.get("training_compute"), "flop", "basis"),
            withheld=_fact(entry.get("withheld"), "reason"),
        )
        for component_id, entry in data["components"].items()
    }
    distribution, assessment = data.get("distribution", {}), data.get("assessment", {})
    return Manifest(
        file=document.file,
        manifest_version=data["manifest_version"],
        model=Model(
            **{key: model.get(key) for key in MODEL_FIELDS},
            base_model=BaseModel(base["name"], base.get("manifest"), base.get("url"))
            if base
            else None,
        ),
        components=components,
        licenses=dict(data.get("licenses", {})),
        claimed_level=assessment.get("claimed_level"),
        claimed_definition=assessment.get("definition_version"),
        provenance=dict(data.get("provenance", {})),
        document=document,
        release_license=release.get("license"),
        release_evidence=_evidence(release.get("evidence", ())),
        weights_access=_fact(distribution.get("weights_access"), "condition"),
        monetisation=_fact(distribution.get("monetisation"), "monetised", "ways"),
    )


def _documents() -> list[Document]:
    documents = []
    for path in FILES:
        try:
            document = read(str(path))
        except ReadError:
            continue
        validation = openness.validate(document)
        if validation.manifest is not None:
            documents.append(document)
    return documents


DOCUMENTS = _documents()


def test_every_manifest_is_the_one_the_constructors_make() -> None:
    assert len(DOCUMENTS) > 80
    for document in DOCUMENTS * 2:  # the second time, from what the first one kept
        built = manifest_from_document(document)
        assert built == reference(document), document.file
        assert repr(built) == repr(reference(document))  # the same types too (1 is not 1.0)
        # Without its text, nothing of the document is kept or reused.
        afresh = replace(manifest_from_document(replace(document, text=None)), document=document)
        assert afresh == built and repr(afresh) == repr(built)


def test_a_changed_value_builds_its_own_declaration() -> None:
    """Each value an entry has, changed alone, after the entry it changed from was kept."""
    entry: dict[str, Any] = {
        "availability": "released",
        "license": "Apache-2.0",
        "location": ["https://example.org/a"],
        "evidence": [{"url": "https://example.org/e", "accessed": "2024-01-01", "quote": "q"}],
        "notes": "n",
        "datasets": [{"name": "d", "license": "MIT", "location": "https://example.org/d"}],
        "training_compute": {"flop": 1, "basis": "reported"},
        "withheld": {"reason": "legal"},
    }
    changes: list[tuple[tuple[str, ...], Any]] = [
        (("availability",), "partial"),
        (("license",), "MIT"),
        (("license",), None),
        (("terms",), "unknown"),
        (("terms",), "stated"),
        (("location",), "https://example.org/a"),
        (("evidence",), ["https://example.org/e"]),
        (("evidence", 0, "supports"), ["license"]),
        (("evidence", 0, "quote"), "other"),
        (("notes",), "other"),
        (("datasets", 0, "name"), "e"),
        (("datasets", 0, "availability"), "partial"),
        (("datasets", 0, "notes"), "x"),
        (("datasets", 0, "evidence"), ["https://example.org/f"]),
        (("training_compute", "flop"), 1.0),
        (("training_compute", "flop"), True),
        (("training_compute", "basis"), "estimated"),
        (("training_compute", "notes"), "x"),
        (("withheld", "reason"), "technical"),
    ]
    for path, value in changes:
        for first, second in itertools.permutations([entry, _changed(entry, path, value)]):
            for kept in (first, second):
                document = read_text(_text({"compute-disclosure": kept}), "a.yaml")
                built = manifest_from_document(document)
                assert repr(built) == repr(reference(document)), (path, value)


def _changed(entry: dict[str, Any], path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    changed = yaml.safe_load(yaml.safe_dump(entry))
    *parents, last = path
    target = changed
    for part in parents:
        target = target[part]
    if value is None:
        del target[last]
    else:
        target[last] = value
    return changed  # type: ignore[no-any-return]


def _text(components: dict[str, Any], **top: Any) -> str:
    data = {
        "manifest_version": "1.1",
        "model": {"name": "M", "producer": "P"},
        "components": components,
        **top,
    }
    return yaml.safe_dump(data)


def test_a_long_document_keeps_nothing() -> None:
    before = manifest_module._shared_declaration.cache_info().currsize
    notes = "x" * SHARED_TEXT
    entry = {"availability": "released", "license": "MIT", "notes": notes}
    document = read_text(_text({"final-parameters": entry}), "long.yaml")
    built = manifest_from_document(document)
    assert built == reference(document)
    assert manifest_module._shared_declaration.cache_info().currsize == before


def _findings(text: str, version: str | None) -> list[str]:
    validation = openness.validate(read_text(text, "a.yaml"), definition_version=version)
    return [str(finding) for finding in validation.findings]


def _cold(text: str, version: str | None) -> list[str]:
    _declaration_verdicts.cache_clear()
    manifest_module._shared_declaration.cache_clear()
    return _findings(text, version)


VARIANTS = [
    {"availability": "released", "license": "MIT", "location": "https://example.org/a"},
    {"availability": "released", "location": "https://example.org/a"},
    {"availability": "released", "terms": "unknown", "location": "https://example.org/a"},
    {"availability": "released", "license": "NOASSERTION", "location": "https://example.org/a"},
    {"availability": "released", "terms": "stated", "location": "https://example.org/a"},
    {"availability": "released", "terms": "inherited", "location": "https://example.org/a"},
    {"availability": "released", "terms": "unknown", "license": "MIT"},
    {"availability": "released", "license": "MIT"},
    {"availability": "partial", "license": "MIT"},
    {"availability": "released", "datasets": [{"name": "d", "license": "MIT"}]},
    {"availability": "released", "datasets": [{"name": "d", "location": "https://example.org/d"}]},
    {"availability": "not-applicable"},
    {"availability": "not-applicable", "notes": "  "},
    {"availability": "not-applicable", "notes": "none exists"},
    {"availability": "unknown"},
    {"availability": "not-released"},
]


@pytest.mark.parametrize("version", [None, "1.0", "1.1"])
@pytest.mark.parametrize("component", ["final-parameters", "evaluation-code", "training-datasets"])
def test_the_findings_on_a_component_do_not_depend_on_those_before(
    version: str | None, component: str
) -> None:
    """Every variant after every other (kept verdicts) finds what it finds alone (none kept); so
    does each one in an imported manifest and in a release with a license of its own."""
    tops: list[dict[str, Any]] = [
        {},
        {"provenance": {"source": "imported-mot"}},
        {"release": {"license": "Apache-2.0"}},
    ]
    texts = [_text({component: entry}, **top) for top in tops for entry in VARIANTS]
    alone = {text: _cold(text, version) for text in texts}
    assert len({tuple(found) for found in alone.values()}) >= 10  # the variants are judged apart
    # Of two variants whose verdicts a key mixes up, the later one shows it, in one order or the
    # other.
    for text in [*texts, *reversed(texts)]:
        assert _findings(text, version) == alone[text]


def test_the_findings_on_every_file_do_not_depend_on_those_before() -> None:
    paths = [str(path) for path in FILES]
    alone = {}
    for path in paths:
        _declaration_verdicts.cache_clear()
        manifest_module._shared_declaration.cache_clear()
        alone[path] = check(path, levels=False)[0]
    for path in [*paths, *reversed(paths)]:
        assert check(path, levels=False)[0] == alone[path], path


def test_the_kept_objects_are_bounded() -> None:
    for cached in (
        manifest_module._shared_declaration,
        manifest_module._shared_evidence,
        _declaration_verdicts,
    ):
        maxsize = cached.cache_parameters()["maxsize"]
        assert maxsize is not None and maxsize <= 8192
