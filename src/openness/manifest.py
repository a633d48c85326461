"""The model openness manifest (openness.yaml) as typed, immutable objects.

Objects are built only from data that passed the manifest schema, so every field has its type.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from .reader import Document, resource_root
from .records import Record

# SPDX's word for "no assertion made": the terms are not stated, or nobody checked them.
NOASSERTION = "NOASSERTION"


def states_license(expression: str | None) -> bool:
    """Whether a license field states terms: given, and not NOASSERTION."""
    return expression is not None and expression.strip().upper() != NOASSERTION


@dataclass(frozen=True, eq=False, repr=False)
class Evidence(Record):
    """A public source for a declaration: where, when it was read, and the words that support it."""

    url: str
    accessed: str | None = None
    quote: str | None = None
    supports: tuple[str, ...] = ()  # availability, license, location; empty: all of them


@dataclass(frozen=True, eq=False, repr=False)
class Dataset(Record):
    """One dataset of a data component: its availability, license, locations and sources."""

    name: str
    availability: str | None
    license: str | None
    locations: tuple[str, ...]
    notes: str = ""
    evidence: tuple[Evidence, ...] = ()

    @property
    def terms_known(self) -> bool:
        return states_license(self.license)


@dataclass(frozen=True, eq=False, repr=False)
class Fact(Record):
    """One fact a manifest states about the release (format 1.1, optional), with its sources.

    `value` is a string (an enum value), a tuple of them, a bool or a number, as the schema says."""

    value: Any
    notes: str = ""
    evidence: tuple[Evidence, ...] = ()
    detail: tuple[Any, ...] = ()  # e.g. the ways a monetised release is monetised


@dataclass(frozen=True, eq=False, repr=False)
class Declaration(Record):
    """What a manifest says of one component of the definition."""

    component: str
    availability: str
    license: str | None
    locations: tuple[str, ...]
    evidence: tuple[Evidence, ...] = ()
    notes: str = ""
    datasets: tuple[Dataset, ...] = ()
    terms: str = "stated"  # stated | inherited | unknown: where the license comes from
    training_compute: Fact | None = (
        None  # compute-disclosure: FLOP, with basis (reported/estimated)
    )
    withheld: Fact | None = None  # a data component: why its data is withheld (legal, technical...)

    @property
    def evidence_urls(self) -> tuple[str, ...]:
        return tuple(item.url for item in self.evidence)


@dataclass(frozen=True, eq=False, repr=False)
class BaseModel(Record):
    """The model a derivative is built on, by name, and where its manifest or page is."""

    name: str
    manifest: str | None = None
    url: str | None = None


@dataclass(frozen=True, eq=False, repr=False)
class Model(Record):
    """What a manifest says of the model itself: name, producer, release, links."""

    name: str
    producer: str
    version: str | None = None
    release_date: str | None = None
    homepage: str | None = None
    repository: str | None = None
    description: str | None = None
    type: str | None = None
    parameters: str | None = None
    base_model: BaseModel | None = None
    relation: str | None = None


@dataclass(frozen=True, eq=False, repr=False)
class Manifest(Record):
    """One manifest that passed its schema: the model, each component's declaration, the terms."""

    file: str
    manifest_version: str
    model: Model
    components: dict[str, Declaration]
    licenses: dict[str, dict[str, str]]  # LicenseRef id -> {name, url, notes}
    claimed_level: str | None
    claimed_definition: str | None
    provenance: dict[str, str]
    document: Document
    release_license: str | None = None  # the license stated for the release as a whole (format 1.1)
    release_evidence: tuple[Evidence, ...] = ()
    weights_access: Fact | None = None  # distribution.weights_access.condition (format 1.1)
    monetisation: Fact | None = None  # distribution.monetisation: monetised, with its ways

    @property
    def license_urls(self) -> dict[str, str]:
        """The ids the manifest defines under `licenses`, with the URL of each one's text."""
        return {license_id: entry["url"] for license_id, entry in self.licenses.items()}

    @property
    def data(self) -> dict[str, Any]:
        return self.document.data  # type: ignore[no-any-return]


def manifest_versions() -> list[str]:
    """Every manifest format version there is a schema for."""
    return list(_manifest_versions())


@cache
def _manifest_versions() -> tuple[str, ...]:
    # Asked for each manifest of a batch: the folder is listed once per process.
    folder = resource_root() / "schemas" / "manifest"
    return tuple(sorted(path.parent.name for path in folder.glob("*/schema.json")))


def schema_path(manifest_version: str) -> Path:
    return resource_root() / "schemas" / "manifest" / manifest_version / "schema.json"


@cache
def schema(manifest_version: str) -> dict[str, Any]:
    return json.loads(schema_path(manifest_version).read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@cache
def fast_validator(manifest_version: str) -> Any:
    """One compiled validator per format version, reused for every file: it only says yes or no."""
    import jsonschema_rs

    return jsonschema_rs.Draft202012Validator(schema(manifest_version))


@cache
def detailed_validator(manifest_version: str) -> Any:
    """The reference validator, for the errors of a file the fast one rejected (imported only then),
    with patterns read as ECMA-262 ones, as the compiled validator reads them."""
    from .schemas import EcmaValidator

    return EcmaValidator(schema(manifest_version))


@cache
def formats_validator(manifest_version: str) -> Any:
    """The fast validator asserting `format` too: whether the dates are days of the calendar."""
    import jsonschema_rs

    return jsonschema_rs.Draft202012Validator(schema(manifest_version), validate_formats=True)


@cache
def date_validator(manifest_version: str) -> Any:
    """The reference validator asserting `format: date` alone (a day of the calendar, YYYY-MM-DD),
    for the errors of a file whose dates the fast one rejected. JSON Schema makes `format` an
    annotation only, so the schema check passes 2024-02-30; the schema still says which fields
    are dates, in one place."""
    from datetime import date

    from jsonschema import Draft202012Validator, FormatChecker

    def is_date(value: object) -> bool:
        return not isinstance(value, str) or bool(date.fromisoformat(value))

    checker = FormatChecker(formats=())
    checker.checks("date", raises=ValueError)(is_date)
    return Draft202012Validator(schema(manifest_version), format_checker=checker)


def _locations(value: str | list[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


# The objects of a manifest are built from keys: tuples of the plain values they are made from,
# every one of them, so that two equal keys build equal objects. The components of a manifest and
# the manifests of a batch (copies, siblings, one producer's models) repeat most declarations and
# sources word for word, and a frozen dataclass costs about 0.3 us a field to make: each distinct
# declaration and list of sources is built once and shared (the objects are immutable).
#
# A key holds the strings of its entry, so a kept entry costs memory: entries are kept only from
# documents of at most SHARED_TEXT characters (typical manifests are 10 to 20 KB), at most SHARED
# of each kind; those of a longer document are built afresh.
SHARED = 2048
SHARED_TEXT = 32 * 1024

# One evidence item as the schema lets it be written: its URL alone, or (url, accessed, quote,
# supports), every one a string (or None when left out).
_EvidenceKey = str | tuple[str, str | None, str | None, tuple[str, ...]]
_EvidenceOf = Callable[[tuple[_EvidenceKey, ...]], tuple[Evidence, ...]]


def _evidence_key(items: list[Any] | None) -> tuple[_EvidenceKey, ...]:
    if not items:
        return ()
    return tuple(
        [
            item
            if isinstance(item, str)
            else (
                item["url"],
                item.get("accessed"),
                item.get("quote"),
                tuple(item.get("supports", ())),
            )
            for item in items
        ]
    )


def _evidence_from(key: tuple[_EvidenceKey, ...]) -> tuple[Evidence, ...]:
    return tuple(Evidence(item) if isinstance(item, str) else Evidence(*item) for item in key)


_shared_evidence = lru_cache(maxsize=SHARED)(_evidence_from)


def _fact_key(
    entry: dict[str, Any] | None, key: str, detail: str | None = None
) -> tuple[Any, ...] | None:
    """The key of a Fact: its value with the value's type (True, 1 and 1.0 are equal keys, and not
    the same fact), notes, evidence and detail."""
    if entry is None:
        return None
    value = entry[key]
    return (
        type(value),
        value,
        entry.get("notes", ""),
        _evidence_key(entry.get("evidence")),
        _detail(entry.get(detail)) if detail else (),
    )


def _fact_from(key: tuple[Any, ...] | None, evidence_of: _EvidenceOf) -> Fact | None:
    if key is None:
        return None
    _, value, notes, evidence, detail = key
    return Fact(value, notes, evidence_of(evidence) if evidence else (), detail)


def _detail(value: Any) -> tuple[Any, ...]:
    if value is None:
        return ()
    return tuple(value) if isinstance(value, list) else (value,)


def terms_state(entry: dict[str, Any]) -> str:
    """Where a component's terms come from: as declared, else stated when a license is given."""
    return _terms_state(entry.get("terms"), entry.get("license"))


def _terms_state(declared: str | None, license: str | None) -> str:
    if declared is not None:
        return str(declared)
    return "stated" if states_license(license) else "unknown"


def _declaration_key(component_id: str, entry: dict[str, Any]) -> tuple[Any, ...]:
    """Every value of a component's entry that its Declaration is built from, as written."""
    datasets = entry.get("datasets")
    return (
        component_id,
        entry["availability"],
        entry.get("license"),
        entry.get("terms"),
        _locations(entry.get("location")),
        _evidence_key(entry.get("evidence")),
        entry.get("notes", ""),
        tuple(
            [
                (
                    dataset["name"],
                    dataset.get("availability"),
                    dataset.get("license"),
                    _locations(dataset.get("location")),
                    dataset.get("notes", ""),
                    _evidence_key(dataset.get("evidence")),
                )
                for dataset in datasets
            ]
        )
        if datasets
        else (),
        _fact_key(entry.get("training_compute"), "flop", "basis"),
        _fact_key(entry.get("withheld"), "reason"),
    )


def _declaration_from(
    key: tuple[Any, ...], evidence_of: _EvidenceOf = _evidence_from
) -> Declaration:
    component, availability, license, terms, locations, evidence, notes = key[:7]
    datasets, training_compute, withheld = key[7:]
    return Declaration(
        component=component,
        availability=availability,
        license=license,
        locations=locations,
        evidence=evidence_of(evidence) if evidence else (),
        notes=notes,
        datasets=tuple(
            Dataset(
                name,
                availability,
                license,
                locations,
                notes,
                evidence_of(evidence) if evidence else (),
            )
            for name, availability, license, locations, notes, evidence in datasets
        ),
        terms=_terms_state(terms, license),
        training_compute=_fact_from(training_compute, evidence_of),
        withheld=_fact_from(withheld, evidence_of),
    )


@lru_cache(maxsize=SHARED)
def _shared_declaration(key: tuple[Any, ...]) -> Declaration:
    return _declaration_from(key, _shared_evidence)


def manifest_from_document(document: Document) -> Manifest:
    data = document.data
    model = data["model"]
    base = model.get("base_model")
    release = data.get("release", {})
    shared = document.text is not None and len(document.text) <= SHARED_TEXT
    declaration_of = _shared_declaration if shared else _declaration_from
    evidence_of = _shared_evidence if shared else _evidence_from
    components = {
        component_id: declaration_of(_declaration_key(component_id, entry))
        for component_id, entry in data["components"].items()
    }
    assessment = data.get("assessment", {})
    distribution = data.get("distribution", {})
    release_evidence = _evidence_key(release.get("evidence"))
    return Manifest(
        file=document.file,
        manifest_version=data["manifest_version"],
        model=Model(
            name=model["name"],
            producer=model["producer"],
            version=model.get("version"),
            release_date=model.get("release_date"),
            homepage=model.get("homepage"),
            repository=model.get("repository"),
            description=model.get("description"),
            type=model.get("type"),
            parameters=model.get("parameters"),
            base_model=BaseModel(base["name"], base.get("manifest"), base.get("url"))
            if base
            else None,
            relation=model.get("relation"),
        ),
        components=components,
        licenses=dict(data.get("licenses", {})),
        claimed_level=assessment.get("claimed_level"),
        claimed_definition=assessment.get("definition_version"),
        provenance=dict(data.get("provenance", {})),
        document=document,
        release_license=release.get("license"),
        release_evidence=evidence_of(release_evidence) if release_evidence else (),
        weights_access=_fact_from(
            _fact_key(distribution.get("weights_access"), "condition"), evidence_of
        ),
        monetisation=_fact_from(
            _fact_key(distribution.get("monetisation"), "monetised", "ways"), evidence_of
        ),
    )
