"""The model openness manifest (openness.yaml) as typed, immutable objects.

Objects are built only from data that passed the manifest schema, so every field has its type.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
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


def _evidence(items: list[Any]) -> tuple[Evidence, ...]:
    return tuple(
        Evidence(item)
        if isinstance(item, str)
        else Evidence(
            item["url"], item.get("accessed"), item.get("quote"), tuple(item.get("supports", ()))
        )
        for item in items
    )


def _fact(entry: dict[str, Any] | None, key: str, detail: str | None = None) -> Fact | None:
    if entry is None:
        return None
    return Fact(
        entry[key],
        entry.get("notes", ""),
        _evidence(entry.get("evidence", ())),
        _detail(entry.get(detail)) if detail else (),
    )


def _detail(value: Any) -> tuple[Any, ...]:
    if value is None:
        return ()
    return tuple(value) if isinstance(value, list) else (value,)


def terms_state(entry: dict[str, Any]) -> str:
    """Where a component's terms come from: as declared, else stated when a license is given."""
    declared = entry.get("terms")
    if declared is not None:
        return str(declared)
    return "stated" if states_license(entry.get("license")) else "unknown"


def manifest_from_document(document: Document) -> Manifest:
    data = document.data
    model = data["model"]
    base = model.get("base_model")
    release = data.get("release", {})
    components = {}
    for component_id, entry in data["components"].items():
        components[component_id] = Declaration(
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
            terms=terms_state(entry),
            training_compute=_fact(entry.get("training_compute"), "flop", "basis"),
            withheld=_fact(entry.get("withheld"), "reason"),
        )
    assessment = data.get("assessment", {})
    distribution = data.get("distribution", {})
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
        release_evidence=_evidence(release.get("evidence", ())),
        weights_access=_fact(distribution.get("weights_access"), "condition"),
        monetisation=_fact(distribution.get("monetisation"), "monetised", "ways"),
    )
