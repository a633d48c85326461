"""A manifest and its assessment as SPDX 3.0.1 JSON-LD with the AI and Dataset profiles, built with
spdx-python-model (SPDX's own bindings, generated from the model).

The model is an `ai_AIPackage`, the document's root; each released or partial component is a
`software_Package` (a `dataset_DatasetPackage` for data) that the model contains; each dataset a
`dataset_DatasetPackage` the model is `trainedOn` or `testedOn`; the base model an `ai_AIPackage`
that is `ancestorOf` the model; licenses `hasDeclaredLicense` relationships to license expressions
(with `customIdToUri` for LicenseRef ids); the verdicts annotations. An export, not an exchange
format: `openness import cyclonedx` reads CycloneDX back, and SPDX 3 is not read (see mapping.ROWS).
"""

from __future__ import annotations

import io
import json
import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from ..licenses import LicenseSyntaxError, parse, symbols, terms_url
from ..manifest import states_license
from ..spec import Definition
from . import mapping

if TYPE_CHECKING:
    from ..assess import Assessment
    from ..manifest import Manifest

SPEC_VERSION = "3.0.1"
# Which relationship ties a data component's datasets to the model.
_DATASET_RELATIONS = {"training-datasets": "trainedOn", "evaluation-data": "testedOn"}


def spdx3_json(manifest: Manifest, assessment: Assessment) -> str:
    """The SPDX 3.0.1 document of one valid manifest, as JSON-LD text."""
    return _Builder(manifest, assessment).json()


class _Builder:
    def __init__(self, manifest: Manifest, assessment: Assessment) -> None:
        from spdx_python_model import v3_0_1 as spdx

        self.spdx = spdx
        self.data = manifest.data
        self.urls = manifest.license_urls
        self.assessment = assessment
        when = mapping.created()
        body = json.dumps(self.data, sort_keys=True, ensure_ascii=False)
        self.namespace = f"urn:openness:{uuid.uuid5(uuid.NAMESPACE_URL, when.isoformat() + body)}:"
        self.counts: dict[str, int] = {}
        self.elements: list[Any] = []
        self.info = spdx.CreationInfo(specVersion=SPEC_VERSION, created=when)
        tool = self._add(spdx.Tool, "tool", name=f"openness {mapping.tool_version()}")
        producer = self._add(spdx.Organization, "producer", name=self.data["model"]["producer"])
        self.info.createdBy = [producer]
        self.info.createdUsing = [tool]
        self.producer = producer

    def _id(self, local: str) -> str:
        return self.namespace + local

    def _next(self, kind: str) -> str:
        self.counts[kind] = self.counts.get(kind, 0) + 1
        return f"{kind}:{self.counts[kind]}"

    def _add(self, cls: Any, local: str, **fields: Any) -> Any:
        element = cls(
            spdxId=self._id(local),
            creationInfo=self.info,
            **{key: value for key, value in fields.items() if value not in (None, "", [])},
        )
        self.elements.append(element)
        return element

    def _relate(self, source: Any, kind: str, targets: list[Any]) -> None:
        if targets:
            relation = getattr(self.spdx.RelationshipType, kind)
            self._add(
                self.spdx.Relationship,
                self._next("relationship"),
                from_=source,
                to=targets,
                relationshipType=relation,
            )

    def _license(self, element: Any, expression: str | None) -> None:
        if expression is None or not states_license(expression):
            return
        try:
            identifiers = sorted(set(symbols(parse(expression))))
        except LicenseSyntaxError:
            identifiers = []
        custom = []
        for identifier in identifiers:
            url = terms_url(identifier, self.urls) if identifier.startswith("LicenseRef-") else None
            if url:
                custom.append(self.spdx.DictionaryEntry(key=identifier, value=url))
        license_element = self._add(
            self.spdx.simplelicensing_LicenseExpression,
            self._next("license"),
            simplelicensing_licenseExpression=expression,
            simplelicensing_customIdToUri=custom,
        )
        self._relate(element, "hasDeclaredLicense", [license_element])

    def json(self) -> str:
        spdx = self.spdx
        model = self._model()
        base = self.data["model"].get("base_model")
        if base is not None:
            base_element = self._add(
                spdx.ai_AIPackage,
                mapping.BASE_MODEL_REF,
                name=base["name"],
                software_downloadLocation=base.get("url"),
                software_primaryPurpose=spdx.software_SoftwarePurpose.model,
            )
            self._relate(base_element, "ancestorOf", [model])
        parts = []
        definition = self.assessment.definition
        for component_id, entry in self.data["components"].items():
            if entry["availability"] not in mapping.EXPORTED_AVAILABILITY:
                continue
            part = self._declaration(component_id, entry, definition)
            parts.append(part)
            datasets = [
                self._dataset(component_id, index, dataset)
                for index, dataset in enumerate(entry.get("datasets", ()), start=1)
            ]
            self._relate(part, "contains", datasets)
            self._relate(model, _DATASET_RELATIONS.get(component_id, "hasDataFile"), datasets)
        self._relate(model, "contains", parts)
        self._verdicts(model)
        document = spdx.SpdxDocument(
            spdxId=self._id("document"),
            creationInfo=self.info,
            name=f"{self.data['model']['name']}: model openness manifest",
            rootElement=[model],
            element=list(self.elements),
            profileConformance=[
                spdx.ProfileIdentifierType.core,
                spdx.ProfileIdentifierType.software,
                spdx.ProfileIdentifierType.simpleLicensing,
                spdx.ProfileIdentifierType.ai,
                spdx.ProfileIdentifierType.dataset,
            ],
        )
        objects = spdx.SHACLObjectSet([document, *self.elements])
        stream = io.BytesIO()
        spdx.JSONLDSerializer().write(objects, stream, indent=2)
        return stream.getvalue().decode("utf-8") + "\n"

    def _model(self) -> Any:
        spdx = self.spdx
        model = self.data["model"]
        weights = self.data["components"].get("final-parameters", {})
        download = None
        if weights.get("availability") in mapping.EXPORTED_AVAILABILITY:
            download = next(iter(mapping.locations(weights.get("location"))), None)
        about = [
            f"{field}: {model[field]}"
            for field in ("type", "parameters", "relation")
            if field in model
        ]
        element = self._add(
            spdx.ai_AIPackage,
            mapping.MODEL_REF,
            name=model["name"],
            software_packageVersion=model.get("version"),
            suppliedBy=self.producer,
            description=model.get("description"),
            comment="; ".join(about) or None,
            software_homePage=model.get("homepage"),
            software_sourceInfo=f"source repository: {model['repository']}"
            if "repository" in model
            else None,
            software_downloadLocation=download,
            software_primaryPurpose=spdx.software_SoftwarePurpose.model,
            releaseTime=_day(model.get("release_date")),
        )
        self._license(element, self.data.get("release", {}).get("license"))
        return element

    def _declaration(self, component_id: str, entry: dict[str, Any], definition: Definition) -> Any:
        spdx = self.spdx
        title, kind = mapping.component_info(definition, component_id)
        locations = mapping.locations(entry.get("location"))
        is_data = kind.cyclonedx_type == "data" and kind.spdx_purpose == "data"
        fields: dict[str, Any] = {
            "name": title,
            "comment": f"{mapping.COMPONENT}: {component_id}; "
            f"{mapping.AVAILABILITY}: {entry['availability']}",
            "description": entry.get("notes"),
            "software_downloadLocation": locations[0] if locations else None,
            "software_primaryPurpose": getattr(spdx.software_SoftwarePurpose, kind.spdx_purpose),
            "externalRef": self._other_locations(locations[1:]),
        }
        if is_data:
            fields["dataset_datasetType"] = [spdx.dataset_DatasetType.noAssertion]
        cls = spdx.dataset_DatasetPackage if is_data else spdx.software_Package
        element = self._add(cls, mapping.component_ref(component_id), **fields)
        self._license(element, entry.get("license"))
        return element

    def _dataset(self, component_id: str, index: int, dataset: dict[str, Any]) -> Any:
        spdx = self.spdx
        locations = mapping.locations(dataset.get("location"))
        availability = dataset.get("availability")
        element = self._add(
            spdx.dataset_DatasetPackage,
            mapping.dataset_ref(component_id, index),
            name=dataset["name"],
            comment=f"{mapping.AVAILABILITY}: {availability}" if availability else None,
            description=dataset.get("notes"),
            software_downloadLocation=locations[0] if locations else None,
            software_primaryPurpose=spdx.software_SoftwarePurpose.data,
            dataset_datasetType=[spdx.dataset_DatasetType.noAssertion],
            externalRef=self._other_locations(locations[1:]),
        )
        self._license(element, dataset.get("license"))
        return element

    def _other_locations(self, locations: list[str]) -> list[Any]:
        if not locations:
            return []
        kind = self.spdx.ExternalRefType.altDownloadLocation
        return [self.spdx.ExternalRef(externalRefType=kind, locator=locations)]

    def _verdicts(self, model: Any) -> None:
        """Our level and each framework's verdict, one review annotation each."""
        from ..urls import clause_url

        assessment = self.assessment
        version = assessment.definition.version
        statements = [
            f"{mapping.LEVEL}: {assessment.level.id} under definition {version} "
            f"({clause_url(version, assessment.level.id)})",
            f"{mapping.POSSIBLE_LEVEL}: {assessment.possible_level.id}",
            *(
                f"{mapping.FRAMEWORK}{result.framework.id}: {result.verdict} ({result.url})"
                for result in assessment.crosswalks
            ),
        ]
        for statement in statements:
            self._add(
                self.spdx.Annotation,
                self._next("annotation"),
                subject=model,
                annotationType=self.spdx.AnnotationType.review,
                statement=statement,
            )


def _day(text: str | None) -> datetime | None:
    """A release date as the start of that day, UTC (SPDX's times are date-times)."""
    if not text:
        return None
    try:
        return datetime.fromisoformat(text).replace(tzinfo=UTC)
    except ValueError:
        return None
