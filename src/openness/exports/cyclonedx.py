"""A manifest and its assessment as a CycloneDX 1.7 ML-BOM (JSON), built with cyclonedx-python-lib.

The model is the BOM's subject (`metadata.component`, type machine-learning-model) with its
`modelCard`; each released or partial component and each dataset is a component with its licenses,
the base model a component the model depends on, and the verdicts properties of the model. Where the
manifest says more than CycloneDX has fields for, `mapping` says which property holds it.

CycloneDX 1.7, not 1.6: its license expressions carry `expressionDetails`, the one place for the URL
of a LicenseRef's text beside a compound expression. The library has no `modelCard` nor component
`data` yet (CycloneDX/cyclonedx-python-lib#912, #913): both are added to its JSON here, and every
export is validated against the official schema in the tests.
"""

from __future__ import annotations

import json
import uuid
import warnings
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from ..licenses import LicenseSyntaxError, parse, symbols, terms_url
from ..manifest import states_license
from ..spec import Definition
from . import mapping

if TYPE_CHECKING:
    from cyclonedx.model import ExternalReference, Property
    from cyclonedx.model.component import Component

    from ..assess import Assessment
    from ..manifest import Manifest

SPEC_VERSION = "1.7"
TOOL_NAME = "openness"


def cyclonedx_json(manifest: Manifest, assessment: Assessment) -> str:
    """The ML-BOM of one valid manifest, as JSON text (keys sorted, two-space indent)."""
    from cyclonedx.model.bom import Bom
    from cyclonedx.output.json import JsonV1Dot7

    data = manifest.data
    urls = manifest.license_urls
    definition = assessment.definition
    model = _model(data, urls, assessment)
    bom = Bom()
    bom.metadata.component = model
    bom.metadata.timestamp = mapping.created()
    bom.metadata.tools.components.add(_tool(mapping.tool_version()))
    bom.properties.update(_bom_properties(data))
    depends: list[Component] = []
    base = data["model"].get("base_model")
    if base is not None:
        base_component = _base_model(base)
        bom.components.add(base_component)
        depends.append(base_component)
    datasets: dict[str, list[str]] = {}  # component id -> its datasets' bom-refs
    for component_id, entry in data["components"].items():
        if entry["availability"] not in mapping.EXPORTED_AVAILABILITY:
            continue
        bom.components.add(_declaration(component_id, entry, urls, definition))
        for index, dataset in enumerate(entry.get("datasets", ()), start=1):
            component = _dataset(component_id, index, dataset, urls)
            bom.components.add(component)
            datasets.setdefault(component_id, []).append(str(component.bom_ref))
    refs = {str(component.bom_ref): component for component in bom.components}
    depends.extend(refs[ref] for ref in datasets.get("training-datasets", ()))
    bom.register_dependency(model, depends)
    for component in bom.components:
        bom.register_dependency(component, ())
    bom.serial_number = uuid.uuid5(uuid.NAMESPACE_URL, _identity(data, bom.metadata.timestamp))
    with warnings.catch_warnings():  # the library's advice (an incomplete graph) is not for users
        warnings.simplefilter("ignore")
        document = json.loads(JsonV1Dot7(bom).output_as_string())
    _add_model_card(document, datasets)
    _add_dataset_data(document)
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def _identity(data: dict[str, Any], timestamp: Any) -> str:
    """What the serial number is derived from: the same manifest at the same time, the same BOM."""
    body = json.dumps(data, sort_keys=True, ensure_ascii=False)
    return f"{mapping.DATA_PREFIX}{timestamp.isoformat()}:{body}"


def _tool(version: str) -> Component:
    from cyclonedx.model.component import Component, ComponentType

    return Component(
        name=TOOL_NAME,
        version=version,
        type=ComponentType.APPLICATION,
        external_references=[_reference("website", "https://modelopenness.org/")],
    )


# --- the model ----------------------------------------------------------------------------------


def _model(data: dict[str, Any], urls: dict[str, str], assessment: Assessment) -> Component:
    from cyclonedx.model.component import Component, ComponentType
    from cyclonedx.model.contact import OrganizationalEntity

    model = data["model"]
    release = data.get("release", {})
    references = []
    properties = list(_verdicts(assessment))
    for field, kind in (("homepage", "website"), ("repository", "vcs")):
        if field in model:
            references.append(_reference(kind, model[field]))
            properties.extend(_exact_urls(f"model.{field}", [model[field]], model[field]))
    properties.extend(_rest(model, mapping.MODEL_NATIVE, "model."))
    properties.extend(_rest(release, mapping.RELEASE_NATIVE, "release."))
    properties.extend(_unstated("release.license", release.get("license")))
    for component_id, entry in data["components"].items():
        if entry["availability"] not in mapping.EXPORTED_AVAILABILITY:
            properties.append(
                _property(*mapping.data_property(f"components.{component_id}", entry))
            )
    return Component(
        name=model["name"],
        version=model.get("version"),
        type=ComponentType.MACHINE_LEARNING_MODEL,
        bom_ref=mapping.MODEL_REF,
        manufacturer=OrganizationalEntity(name=model["producer"]),
        description=model.get("description"),
        licenses=_licenses(release.get("license"), urls),
        external_references=references,
        properties=properties,
    )


def _verdicts(assessment: Assessment) -> Iterator[Property]:
    """Our level and each framework's verdict, for people and tools."""
    from ..urls import clause_url

    yield _property(mapping.DEFINITION, assessment.definition.version)
    yield _property(mapping.LEVEL, assessment.level.id)
    yield _property(
        mapping.LEVEL_URL, clause_url(assessment.definition.version, assessment.level.id)
    )
    yield _property(mapping.POSSIBLE_LEVEL, assessment.possible_level.id)
    for result in assessment.crosswalks:
        name = mapping.FRAMEWORK + result.framework.id
        yield _property(name, result.verdict)
        yield _property(f"{name}:conformant", "true" if result.conformant else "false")


def _base_model(base: dict[str, Any]) -> Component:
    from cyclonedx.model.component import Component, ComponentType

    url = base.get("url")
    return Component(
        name=base["name"],
        type=ComponentType.MACHINE_LEARNING_MODEL,
        bom_ref=mapping.BASE_MODEL_REF,
        external_references=[_reference("distribution", url)] if url else [],
        properties=[
            *_rest(base, mapping.BASE_MODEL_NATIVE, ""),
            *(_exact_urls("url", [url], url) if url else ()),
        ],
    )


# --- components and datasets ----------------------------------------------------------------------


def _declaration(
    component_id: str, entry: dict[str, Any], urls: dict[str, str], definition: Definition
) -> Component:
    from cyclonedx.model.component import Component, ComponentType

    title, kind = mapping.component_info(definition, component_id)
    locations = mapping.locations(entry.get("location"))
    properties = [
        _property(mapping.COMPONENT, component_id),
        _property(mapping.AVAILABILITY, entry["availability"]),
        *_exact_urls("location", locations, entry.get("location")),
        *_rest(entry, mapping.DECLARATION_NATIVE, ""),
        *_unstated("license", entry.get("license")),
    ]
    if "terms" in entry:
        properties.append(_property(mapping.TERMS, entry["terms"]))
    return Component(
        name=title,
        type=ComponentType(kind.cyclonedx_type),
        bom_ref=mapping.component_ref(component_id),
        description=entry.get("notes") or None,
        licenses=_licenses(entry.get("license"), urls),
        external_references=[_reference(kind.cyclonedx_reference, url) for url in locations],
        properties=properties,
    )


def _dataset(component_id: str, index: int, dataset: dict[str, Any], urls: dict[str, str]) -> Any:
    from cyclonedx.model.component import Component, ComponentType

    locations = mapping.locations(dataset.get("location"))
    properties = [
        _property(mapping.DATASET_OF, component_id),
        _property(mapping.DATASET_INDEX, str(index)),
        *_exact_urls("location", locations, dataset.get("location")),
        *_rest(dataset, mapping.DATASET_NATIVE, ""),
        *_unstated("license", dataset.get("license")),
    ]
    if "availability" in dataset:
        properties.append(_property(mapping.AVAILABILITY, dataset["availability"]))
    return Component(
        name=dataset["name"],
        type=ComponentType.DATA,
        bom_ref=mapping.dataset_ref(component_id, index),
        description=dataset.get("notes") or None,
        licenses=_licenses(dataset.get("license"), urls),
        external_references=[_reference("distribution", url) for url in locations],
        properties=properties,
    )


# --- fields ----------------------------------------------------------------------------------------


def _licenses(expression: str | None, urls: dict[str, str]) -> list[Any]:
    """One license expression, with the text URL of each LicenseRef in it (expressionDetails).

    NOASSERTION (not stated) writes no license: CycloneDX says nothing where nothing is known."""
    from cyclonedx.model import XsUri
    from cyclonedx.model.license import LicenseExpression, LicenseExpressionDetails

    if expression is None or not states_license(expression):
        return []
    details = []
    try:
        identifiers = sorted(set(symbols(parse(expression))))
    except LicenseSyntaxError:  # the validator reports it; the expression is kept as written
        identifiers = []
    for identifier in identifiers:
        if not identifier.startswith("LicenseRef-"):
            continue
        url = terms_url(identifier, urls)
        details.append(
            LicenseExpressionDetails(identifier, url=XsUri(mapping.safe_uri(url)) if url else None)
        )
    return [LicenseExpression(expression, details=details)]


def _unstated(field: str, expression: str | None) -> Iterable[Property]:
    """A license field that states no terms (NOASSERTION), which writes no license, kept as written."""
    if expression is None or states_license(expression):
        return ()
    return (_property(*mapping.data_property(field, expression)),)


def _exact_urls(field: str, urls: list[str], value: Any) -> Iterable[Property]:
    """The field as written, when the external references would not give it back: a URL the
    library escapes, or several in an order other than the one it sorts them in."""
    written = sorted(mapping.escaped(url) for url in urls)
    back = [mapping.unescaped(url) for url in written]
    if back == urls and (isinstance(value, str) or len(urls) > 1 or value is None):
        return ()
    return (_property(*mapping.data_property(field, value)),)


def _rest(section: dict[str, Any], native: frozenset[str], prefix: str) -> Iterator[Property]:
    """Every field of a section with no native place, as a property holding its JSON."""
    for field, value in section.items():
        if field not in native:
            yield _property(*mapping.data_property(prefix + field, value))


def _bom_properties(data: dict[str, Any]) -> Iterator[Property]:
    """The manifest's own fields (format version, provenance, claim, LicenseRefs) on the BOM."""
    for field, value in data.items():
        if field not in {"model", "release", "components"}:
            yield _property(*mapping.data_property(field, value))


def _property(name: str, value: str) -> Property:
    from cyclonedx.model import Property

    return Property(name=name, value=value)


def _reference(kind: str, url: str) -> ExternalReference:
    from cyclonedx.model import ExternalReference, ExternalReferenceType, XsUri

    return ExternalReference(type=ExternalReferenceType(kind), url=XsUri(mapping.safe_uri(url)))


# --- what the library does not write yet -----------------------------------------------------------


def _add_model_card(document: dict[str, Any], datasets: dict[str, list[str]]) -> None:
    """The model's modelCard: the datasets it was trained on, by reference."""
    training = [{"ref": ref} for ref in datasets.get("training-datasets", ())]
    card: dict[str, Any] = {"bom-ref": "model-card"}
    if training:
        card["modelParameters"] = {"datasets": training}
    document["metadata"]["component"]["modelCard"] = card


def _add_dataset_data(document: dict[str, Any]) -> None:
    """Each dataset component says it is a dataset (`data`, type dataset)."""
    for component in document.get("components", ()):
        if component.get("bom-ref", "").startswith("dataset:"):
            component["data"] = [{"type": "dataset", "name": component["name"]}]
