"""What the CycloneDX and SPDX 3 exports and the CycloneDX import share: where each manifest field
goes, the names of the properties that carry what those formats have no field for, and the table of
both that the site shows (docs/tools.md).

Everything the manifest holds has a place in the CycloneDX export: a native field where CycloneDX
has one, else a property named `openness:manifest:<field>` whose value is the field's value as JSON
(so `openness import cyclonedx` gives back the manifest it was made from). Properties named
`openness:<name>` without `manifest:` are read by people and tools (the verdicts, a component's id
and availability) and are plain text.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ..spec import Definition, load_definition, versions

PREFIX = "openness:"
DATA_PREFIX = "openness:manifest:"  # + a manifest field; the value is JSON

# Plain-text properties of components.
COMPONENT = "openness:component"  # the definition's component id
AVAILABILITY = "openness:availability"
TERMS = "openness:terms"
DATASET_OF = "openness:dataset-of"  # the component id a dataset belongs to
DATASET_INDEX = "openness:dataset-index"  # its place in that component's list, from 1

# Plain-text properties of the model: the verdicts of the assessment.
DEFINITION = "openness:definition"
LEVEL = "openness:level"
LEVEL_URL = "openness:level-url"
POSSIBLE_LEVEL = "openness:possible-level"
FRAMEWORK = "openness:framework:"  # + framework id: its verdict; + ":conformant": true or false

# bom-refs (CycloneDX) and the local part of spdxIds (SPDX 3).
MODEL_REF = "model"
BASE_MODEL_REF = "base-model"


def component_ref(component: str) -> str:
    return f"component:{component}"


def dataset_ref(component: str, index: int) -> str:
    return f"dataset:{component}:{index}"


# The fields each format holds natively; every other field of the section goes to a property.
MODEL_NATIVE = frozenset(
    {"name", "version", "producer", "description", "homepage", "repository", "base_model"}
)
BASE_MODEL_NATIVE = frozenset({"name", "url"})
RELEASE_NATIVE = frozenset({"license"})
DECLARATION_NATIVE = frozenset(
    {"availability", "terms", "license", "location", "notes", "datasets"}
)
DATASET_NATIVE = frozenset({"name", "availability", "license", "location", "notes"})
# Declarations exported as components of their own; the others are carried whole in a property of
# the model: a bill of materials lists what a release contains.
EXPORTED_AVAILABILITY = frozenset({"released", "partial"})


@dataclass(frozen=True)
class Kind:
    """How a component type of the definition is written in each format."""

    cyclonedx_type: str  # component type
    cyclonedx_reference: str  # external reference type of its locations
    spdx_purpose: str  # software_primaryPurpose


# By the definition's component types (spec/definition/*.yaml, component_types).
KINDS = {
    "code": Kind("application", "distribution", "source"),
    "data": Kind("data", "distribution", "data"),
    "parameters": Kind("machine-learning-model", "distribution", "model"),
    "documentation": Kind("data", "documentation", "documentation"),
}
DEFAULT_KIND = Kind("data", "other", "other")


def component_info(definition: Definition, component_id: str) -> tuple[str, Kind]:
    """A component's title and kind, from the assessment's definition or a later one that has it
    (a 1.1 manifest assessed under 1.0 may declare a component 1.0 lacks)."""
    for candidate in (definition, *(load_definition(v) for v in reversed(versions()))):
        if any(component.id == component_id for component in candidate.components):
            component = candidate.component(component_id)
            return component.title, KINDS.get(component.type, DEFAULT_KIND)
    return component_id, DEFAULT_KIND


def locations(value: str | list[str] | None) -> list[str]:
    """A location field as a list."""
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def data_property(field: str, value: Any) -> tuple[str, str]:
    """A field with no native place: its name and its value as JSON (keys in their order)."""
    return DATA_PREFIX + field, json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def tool_version() -> str:
    """This tool's version, as installed (the package's __init__ is the top layer: not imported)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("openness")
    except PackageNotFoundError:
        return "unknown"


def created() -> datetime:
    """When an export is made: SOURCE_DATE_EPOCH when set (reproducible builds), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(min(int(epoch), 253402300799), tz=UTC)
    return datetime.now(tz=UTC).replace(microsecond=0)


# --- URLs: what CycloneDX's library makes of them, and back ---------------------------------------

# The characters cyclonedx-python-lib's XsUri escapes (its __SPEC_REPLACEMENTS), in its order.
_ESCAPES = (
    (" ", "%20"),
    ('"', "%22"),
    ("'", "%27"),
    ("[", "%5B"),
    ("]", "%5D"),
    ("<", "%3C"),
    (">", "%3E"),
    ("{", "%7B"),
    ("}", "%7D"),
)


def safe_uri(url: str) -> str:
    """A URL the library accepts: a lone % escaped, and every # after the first (it refuses both)."""
    out = []
    for at, character in enumerate(url):
        if character == "%" and not _hex_pair(url[at + 1 : at + 3]):
            out.append("%25")
        else:
            out.append(character)
    text = "".join(out)
    head, hash_mark, tail = text.partition("#")
    return head + hash_mark + tail.replace("#", "%23")


def _hex_pair(text: str) -> bool:
    return len(text) == 2 and all(character in "0123456789abcdefABCDEF" for character in text)


def escaped(url: str) -> str:
    """The URL as the library writes it."""
    text = safe_uri(url)
    for character, escape in _ESCAPES:
        text = text.replace(character, escape)
    return text


def unescaped(url: str) -> str:
    """The library's escapes undone (a URL that had them before is kept exactly in a property)."""
    for character, escape in _ESCAPES:
        url = url.replace(escape, character)
    return url


# --- the table on the site -------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    manifest: str
    cyclonedx: str
    spdx: str


ROWS = (
    Row("model.name", "metadata.component.name", "ai_AIPackage name"),
    Row("model.version", "metadata.component.version", "software_packageVersion"),
    Row("model.producer", "metadata.component.manufacturer.name", "suppliedBy (an Organization)"),
    Row("model.description", "metadata.component.description", "description"),
    Row("model.homepage", "externalReferences, type website", "software_homePage"),
    Row(
        "model.repository",
        "externalReferences, type vcs",
        "software_sourceInfo (the repository's URL)",
    ),
    Row("model.release_date", f"property {DATA_PREFIX}model.release_date", "releaseTime"),
    Row(
        "model.base_model",
        f"component {BASE_MODEL_REF} (machine-learning-model); the model dependsOn it",
        "ai_AIPackage; relationship ancestorOf from it to the model",
    ),
    Row(
        "model.base_model.url",
        "its externalReferences, type distribution",
        "software_downloadLocation",
    ),
    Row(
        "model.type, .parameters, .relation, …",
        f"property {DATA_PREFIX}model.<field>",
        "comment (as text)",
    ),
    Row(
        "release.license",
        "metadata.component.licenses: expression, expressionDetails (LicenseRef URLs)",
        "relationship hasDeclaredLicense to a simplelicensing_LicenseExpression "
        "(customIdToUri for LicenseRef ids)",
    ),
    Row("release.evidence, .notes", f"property {DATA_PREFIX}release.<field>", "not exported"),
    Row(
        "components.<id> (released, partial)",
        f"component {component_ref('<id>')}, type by component type "
        "(code: application, data: data, parameters: machine-learning-model, "
        f"documentation: data); property {COMPONENT}",
        "software_Package (primaryPurpose by component type) or dataset_DatasetPackage; "
        "relationship contains from the model",
    ),
    Row(
        "components.<id> (not-released, not-applicable)",
        f"property {DATA_PREFIX}components.<id> of the model (the whole entry)",
        "not exported",
    ),
    Row("….availability", f"property {AVAILABILITY}", "comment (as text)"),
    Row("….terms", f"property {TERMS}", "not exported"),
    Row(
        "….license",
        "licenses: expression, expressionDetails",
        "relationship hasDeclaredLicense (NOASSERTION: none)",
    ),
    Row(
        "….location",
        "externalReferences (distribution; documentation for documents)",
        "software_downloadLocation (the first), software_homePage",
    ),
    Row("….notes", "description", "description"),
    Row("….evidence", f"property {DATA_PREFIX}evidence", "not exported"),
    Row(
        "….datasets[n]",
        f"component {dataset_ref('<id>', 1)} (type data, data[].type dataset), properties "
        f"{DATASET_OF}, {DATASET_INDEX}; the model's modelCard.modelParameters.datasets",
        "dataset_DatasetPackage; relationship trainedOn (training) or testedOn (evaluation) "
        "from the model",
    ),
    Row(
        "licenses.<LicenseRef>",
        f"property {DATA_PREFIX}licenses; its URL in each expressionDetails",
        "customIdToUri of each license expression",
    ),
    Row(
        "manifest_version, provenance, assessment",
        f"properties {DATA_PREFIX}<field> of the BOM",
        "not exported",
    ),
    Row(
        "(assessment) level, definition, each framework's verdict",
        f"properties {LEVEL}, {DEFINITION}, {LEVEL_URL}, {POSSIBLE_LEVEL}, {FRAMEWORK}<id>, "
        f"{FRAMEWORK}<id>:conformant of the model",
        "Annotation (statement) on the ai_AIPackage",
    ),
)
