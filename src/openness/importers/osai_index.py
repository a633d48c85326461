"""Import the European Open Source AI Index's system files as openness manifests.

The Index (https://osai-index.eu, data under CC-BY 4.0) judges each generative AI system on a dozen
dimensions as open, partial or closed, each with evidence links and notes. This importer maps each
dimension onto the definition's components (DIMENSIONS below: the one place the mapping lives, with
the reason for each line), the classes onto availabilities, and the license names the Index gives
onto SPDX ids or the registry's LicenseRef ids. Where the Index describes a base model and an end
model, it writes two manifests, the end model's pointing to the base's through `model.base_model`.
What it cannot map is reported as a warning at its line in the Index file and kept in notes.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..reader import DEFAULT_MAX_BYTES, Document, read
from ..spec import Definition, latest_released, load_definition, load_licenses
from .common import (
    URL,
    Imported,
    ImportRefused,
    LicenseText,
    Reporter,
    license_id,
    refusal,
    text_of,
    url_of,
)

INDEX_URL = "https://osai-index.eu"
MANIFEST_VERSION = "1.0"
LICENSE_PREFIX = "LicenseRef-OSAI-"
ATTRIBUTION = "data CC-BY 4.0, European Open Source AI Index"
HEADER = (
    "# Imported from the European Open Source AI Index file {name} by `openness import osai-index`.\n"
    "# Index data CC-BY 4.0, https://osai-index.eu. The notes keep what could not be mapped.\n"
)


@dataclass(frozen=True)
class Dimension:
    """One of the Index's dimensions, and the components of the definition it speaks about."""

    id: str  # the Index's key
    title: str  # the Index's name for it (_parameters.yml)
    describes: str  # "base" model, "end" model, or the whole "system" (written to the end model)
    # () when the definition has no counterpart: reported as a warning, kept in notes
    components: tuple[str, ...]
    reason: str
    license_part: str | None = None  # the part of the Index's license notes that licenses it
    inferred: tuple[str, ...] = ()  # components the Index does not assess, read from this dimension


DIMENSIONS: tuple[Dimension, ...] = (
    Dimension(
        "datasources_basemodel",
        "Base Model Data",
        "base",
        ("training-datasets",),
        "The data the base model was trained on: the base model's training datasets.",
        "data",
    ),
    Dimension(
        "datasources_endmodel",
        "End User Model Data",
        "end",
        ("training-datasets",),
        "The data the end model was trained (fine-tuned, aligned) on: its training datasets.",
        "data",
    ),
    Dimension(
        "weights_basemodel",
        "Base Model Weights",
        "base",
        ("final-parameters",),
        "Whether the base model's weights are freely available: its final parameters.",
        "weights",
        ("model-architecture", "inference-code"),
    ),
    Dimension(
        "weights_endmodel",
        "End User Model Weights",
        "end",
        ("final-parameters",),
        "Whether the end model's weights are freely available: its final parameters.",
        "weights",
        ("model-architecture", "inference-code"),
    ),
    Dimension(
        "trainingcode",
        "Training Code",
        "system",
        ("training-code", "data-preprocessing-code"),
        "The Index asks for the source code of data processing, training and tuning: our training "
        "code and data preprocessing code together.",
        "code",
    ),
    Dimension(
        "code",
        "Code Documentation",
        "system",
        (),
        "How well the training code is documented; the definition (like the MOF) judges whether "
        "code is published, not how it is documented.",
    ),
    Dimension(
        "hardware_architecture",
        "Hardware Architecture",
        "system",
        (),
        "The hardware used for training; no component of the definition records it.",
    ),
    Dimension(
        "preprint",
        "Preprint",
        "system",
        ("research-paper", "technical-report"),
        "An archived preprint detailing the system: openly readable, so a research paper, and "
        "written by the producer about how the model was built, so a technical report.",
    ),
    Dimension(
        "paper",
        "Paper",
        "system",
        ("research-paper",),
        "A peer-reviewed paper: a research paper (either a preprint or a paper releases it).",
    ),
    Dimension(
        "modelcard",
        "Modelcard",
        "system",
        ("model-card",),
        "A model card in a standard format (architecture, training, evaluation): the model card.",
    ),
    Dimension(
        "datasheet",
        "Datasheet",
        "system",
        ("data-card",),
        "A datasheet for the training data (Gebru et al.): the data card.",
    ),
    Dimension(
        "licenses",
        "Licenses",
        "system",
        (),
        "A judgement of the whole system's licenses against OSI approval; the definition judges "
        "each component's own license instead (read from endmodellicense and these notes).",
    ),
)

# The inferred components, and why: the Index has no dimension for them, yet the definition's
# open-weights level needs them, and published weights come with the code that defines and runs
# them (in their repository or a public library such as Transformers).
INFERRED_REASON = (
    "The Index does not assess this component; it is read from the weights, which come with the "
    "code that defines and runs them, in their repository or a public library."
)

AVAILABILITY = {"open": "released", "partial": "partial", "closed": "not-released"}
# Notes by which the Index says that weights are behind a gate (request, consent form, gated repo).
_GATED = re.compile(
    r"gated|consent|constent|request(ing)? access|after requesting|behind (a )?(form|login)"
    r"|requires signing",
    re.IGNORECASE,
)

# Base model names that name no model.
_NO_NAME = frozenset({"", "unknown", "n/a", "na", "none", "-", "not applicable"})
# endmodellicense values that describe the terms without naming a license.
_VAGUE = re.compile(
    r"^(unclear|various|mixed|custom( license)?|purposely left ambiguous|unknown\b)"
)
# Parts of the license notes that say there is nothing to license ("Code: not released").
_ABSENT = re.compile(
    r"^(not (released|disclosed|specified|available)|unspecified|unknown|none|n/a)\b", re.I
)
_PARTS = re.compile(r"\b(Weights|Code|Data)\s*:\s*", re.IGNORECASE)
_RELATIONS = (("distill", "distillation"), ("merge", "merge"), ("gguf", "quantization"))
_HUB = re.compile(r"^https?://huggingface\.co/([A-Za-z0-9][A-Za-z0-9._-]*)/[^/\s]+")


class OsaiImportError(ImportRefused):
    """The file is not an Index system file (no `system` mapping, or no name); findings say where."""


@dataclass(frozen=True)
class _Entry:
    """One dimension of the file, read."""

    dimension: Dimension
    path: tuple[str | int, ...]
    klass: str  # open, partial, closed, "" (empty: not applicable), or what the file says
    links: tuple[str, ...]
    notes: str

    def describe(self) -> str:
        said = f"{self.dimension.title}: {self.klass or 'empty'}"
        return f"{said} ({self.notes})" if self.notes else said


def slug(text: str) -> str:
    """A file name stem for a system: lower case, letters, digits and hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "system"


class _Importer(Reporter):
    def __init__(self, document: Document, definition: Definition) -> None:
        super().__init__(document, load_licenses(definition.version), LICENSE_PREFIX)
        self.definition = definition
        self.data: dict[str, Any] = document.data
        self.system: dict[str, Any] = document.data["system"]
        self.entries = self._entries()
        self.parts = self._license_parts()
        self._part_licenses: dict[str, LicenseText | None] = {}

    # --- reading ----------------------------------------------------------------------------

    def _entries(self) -> dict[str, _Entry]:
        entries = {}
        for dimension in DIMENSIONS:
            block = self.data.get(dimension.id)
            path: tuple[str | int, ...] = (dimension.id,)
            if not isinstance(block, dict):
                self.warn(
                    path,
                    "import-missing-dimension",
                    f"no {dimension.id} block; its components are left out (undeclared)",
                )
                continue
            klass = block.get("class")
            text = text_of(klass).lower() if klass is not None else ""
            if klass is not None and text not in AVAILABILITY and text != "":
                self.warn(
                    (*path, "class"),
                    "import-unknown-class",
                    f"class {klass!r} is not open, partial or closed; read as closed",
                )
            entries[dimension.id] = _Entry(
                dimension, path, text, self._links(block.get("link"), path), _notes(block)
            )
        return entries

    def _links(self, value: Any, path: tuple[str | int, ...]) -> tuple[str, ...]:
        values = value if isinstance(value, list) else [value] if value is not None else []
        links = []
        for index, item in enumerate(values):
            text = text_of(item)
            if URL.match(text):
                links.append(text)
            elif text:
                at = (*path, "link", index) if isinstance(value, list) else (*path, "link")
                self.warn(
                    at, "import-location-not-url", f"link {text!r} is not a URL; kept in notes"
                )
        return tuple(dict.fromkeys(links))

    def _license_parts(self) -> dict[str, str]:
        """The Index's license notes, "Weights: X. Code: Y. Data: Z.", as {weights: X, ...}."""
        entry = self.entries.get("licenses")
        if entry is None:
            return {}
        pieces = _PARTS.split(entry.notes)
        return {
            pieces[index].lower(): pieces[index + 1].strip().rstrip(".").strip()
            for index in range(1, len(pieces) - 1, 2)
        }

    def license_link(self) -> str | None:
        """Where the Index found the license text: its Licenses evidence, else the end weights."""
        for key in ("licenses", "weights_endmodel"):
            entry = self.entries.get(key)
            if entry is not None and entry.links:
                return entry.links[0]
        return None

    def end_license(self) -> LicenseText | None:
        """The license of the end model's weights: `endmodellicense`, else the notes' Weights part."""
        for key in ("endmodellicense", "endmodel license"):
            text = text_of(self.system.get(key))
            if text:
                path: tuple[str | int, ...] = ("system", key)
                if _VAGUE.match(text.lower()) and text.lower() not in ("unknown",):
                    self.warn(
                        path,
                        "import-unmapped-license",
                        f"license {text!r} names no license; written as NOASSERTION",
                    )
                    return LicenseText(text, "NOASSERTION", False)
                return self.license_at(path, text, self.license_link())
        return self.part_license("weights")

    def part_license(self, part: str) -> LicenseText | None:
        """The license a part of the license notes names, None when it names none to read."""
        if part not in self._part_licenses:  # read once: one warning per part, not per component
            text = self.parts.get(part, "")
            self._part_licenses[part] = (
                None
                if not text or _ABSENT.match(text)
                else self.license_at(("licenses", "notes"), text, None)
            )
        return self._part_licenses[part]

    # --- writing ----------------------------------------------------------------------------

    def names(self) -> tuple[str, str | None]:
        """The end model's name, and the base model's when the Index names a distinct one."""
        system_name = text_of(self.system.get("name"))
        end = text_of(self.system.get("endmodelname")) or system_name
        base = text_of(self.system.get("basemodelname"))
        if base.lower() in _NO_NAME or _same(base, end):
            return end, None
        return end, base

    def components(
        self, scope: tuple[str, ...], final_license: LicenseText | None
    ) -> tuple[dict[str, Any], list[str]]:
        """The components the dimensions in scope speak about, and the dimensions with none.

        final_license: the weights' license. A base model's components carry no license: the Index
        states none for it, and a derivative then inherits none."""
        # component -> what each dimension says of it: (entry, availability, note)
        contributions: dict[str, list[tuple[_Entry, str, str]]] = {}
        unmapped = []
        for entry in self.entries.values():
            dimension = entry.dimension
            if dimension.describes not in scope:
                continue
            if not dimension.components:
                unmapped.append(entry)
                continue
            for component in dimension.components:
                availability, note = self.availability(entry, component)
                contributions.setdefault(component, []).append((entry, availability, note))
            for component in dimension.inferred:
                availability, note = self.availability(entry, component)
                reason = INFERRED_REASON
                inferred = _Entry(dimension, entry.path, entry.klass, entry.links, "")
                contributions.setdefault(component, []).append(
                    (inferred, availability, " ".join(filter(None, [reason, note])))
                )
        components: dict[str, Any] = {}
        order = [component.id for component in self.definition.components]
        for component in sorted(contributions, key=order.index):
            components[component] = self.component(
                component, contributions[component], final_license, base="base" in scope
            )
        return components, [entry.describe() for entry in unmapped]

    def availability(self, entry: _Entry, component: str) -> tuple[str, str]:
        if (
            entry.klass in ("partial", "closed")
            and component == "final-parameters"
            and _GATED.search(entry.notes)
        ):
            # The Index marks weights partial or closed when a gate or a license must be accepted
            # first; the definition counts that as a release, judged by its license instead.
            return (
                "released",
                f"The Index's {entry.klass} is for a download gate or a license to sign, which the "
                "definition counts as a release under that license.",
            )
        if entry.klass in AVAILABILITY:
            return AVAILABILITY[entry.klass], ""
        if entry.klass:  # a class the Index does not define (warned when read)
            return "not-released", f"The Index's class {entry.klass!r} is read as closed."
        if self.definition.component(component).not_applicable_allowed:
            return (
                "not-applicable",
                f"The Index leaves {entry.dimension.title} empty: not applicable.",
            )
        return (
            "not-released",
            f"The Index left {entry.dimension.title} empty (not applicable to this system); "
            f"the definition does not allow not-applicable for {component}.",
        )

    def component(
        self,
        component: str,
        contributions: list[tuple[_Entry, str, str]],
        final_license: LicenseText | None,
        *,
        base: bool,
    ) -> dict[str, Any]:
        rank = self.definition.availability_rank
        # Two dimensions can speak of one component (a preprint or a paper): either releases it.
        availability = max((item[1] for item in contributions), key=rank)
        links = list(dict.fromkeys(link for entry, _, _ in contributions for link in entry.links))
        notes = [
            " ".join(
                filter(
                    None,
                    [
                        f"Index {entry.dimension.title}: {entry.klass or 'empty'}.",
                        entry.notes,
                        note,
                    ],
                )
            )
            for entry, _, note in contributions
        ]
        declared: dict[str, Any] = {"availability": availability}
        if availability in ("released", "partial"):
            if not links:
                fallback = url_of(self.system.get("link"))
                if fallback is not None:
                    links = [fallback]
                    notes.append("The Index gives no link for it; location is the system's link.")
                elif availability == "released":
                    first = contributions[0][0]
                    self.warn(first.path, "import-no-location", f"{component}: no link for it")
            if links:
                declared["location"] = links[0] if len(links) == 1 else links[:100]
            read = (
                None
                if base  # the Index's licenses are the end model's
                else self.license_of(component, contributions[0][0].dimension, final_license)
            )
            if read is not None and read.expression:
                declared["license"] = read.expression
                if read.text != read.expression:
                    notes.append(f"Index license {read.text!r} read as {read.expression}.")
            elif not base:  # a base model's missing terms are said once, in its provenance
                declared["license"] = "NOASSERTION"
                if contributions[0][0].dimension.license_part:
                    notes.append("The Index states no license for it.")
        elif links:
            declared["evidence"] = links[:100]
        declared["notes"] = " ".join(notes)[:5000]
        return declared

    def license_of(
        self, component: str, dimension: Dimension, final_license: LicenseText | None
    ) -> LicenseText | None:
        if component == "final-parameters":
            return final_license
        if component in dimension.inferred:  # the code beside the weights: the code's, else theirs
            return self.part_license("code") or final_license
        return self.part_license(dimension.license_part) if dimension.license_part else None

    def model(self, name: str) -> dict[str, Any]:
        org = self.data.get("org")
        producer = text_of(org.get("name")) if isinstance(org, dict) else ""
        if not producer:
            self.warn(("org", "name"), "import-missing-field", "no org name; written as unknown")
            producer = "unknown"
        model: dict[str, Any] = {"name": name[:200], "producer": producer[:300]}
        homepage = url_of(self.system.get("link"))
        if homepage:
            model["homepage"] = homepage
        kind = text_of(self.system.get("type"))
        if kind:
            model["type"] = kind[:100]
        return model

    def base_model(self, name: str) -> dict[str, Any]:
        """The base model's manifest data: what the Index's base-model dimensions say of it."""
        entry = self.entries.get("weights_basemodel")
        hub = _HUB.match(entry.links[0]) if entry is not None and entry.links else None
        return {"name": name[:200], "producer": hub.group(1) if hub else "unknown"}


def _notes(block: dict[str, Any]) -> str:
    value = block.get("notes")
    return " ".join(str(value).split()) if value not in (None, "") else ""


def _same(first: str, second: str) -> bool:
    return slug(first) == slug(second)


def _relation(base: str, end: str) -> str:
    lowered = end.lower()
    for word, relation in _RELATIONS:
        if word in lowered and word not in base.lower():
            return relation
    return "fine-tune"


def import_osai_index(
    source: str | os.PathLike[str] | Document,
    *,
    definition_version: str | None = None,
    checked: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> tuple[Imported, ...]:
    """One Index system file as manifests: the end model's first, then its base model's if the
    Index names a distinct one. `checked` is the provenance date (default: today).
    Raises ReadError (unreadable) or OsaiImportError (not a system file)."""
    document = source if isinstance(source, Document) else read(source, max_bytes=max_bytes)
    data = document.data
    if not isinstance(data, dict) or not isinstance(data.get("system"), dict):
        raise OsaiImportError(
            refusal(
                document,
                "import-not-osai-index",
                "not a European Open Source AI Index system file: no `system` mapping",
            )
        )
    if not text_of(data["system"].get("name")):
        raise OsaiImportError(
            refusal(
                document,
                "import-not-osai-index",
                "system.name is empty: a template or an unfinished entry, not a system",
                ("system", "name"),
            )
        )
    definition = load_definition(definition_version or latest_released())
    importer = _Importer(document, definition)
    stem = slug(Path(document.file).stem)
    end_name, base_name = importer.names()
    when = checked or date.today().isoformat()
    about = _about(importer)
    final_license = importer.end_license()
    components, unmapped = importer.components(("end", "system"), final_license)
    for entry in importer.entries.values():
        if not entry.dimension.components:
            importer.warn(
                entry.path,
                "import-unmapped-dimension",
                f"{entry.dimension.title} ({entry.klass or 'empty'}) has no counterpart among the "
                "definition's components; kept in provenance notes",
            )
    notes = [*about]
    if unmapped:
        notes.append("Index dimensions with no component: " + "; ".join(unmapped) + ".")
    weights = importer.parts.get("weights")
    if (
        weights
        and final_license is not None
        and license_id(weights, importer.registry) not in (None, final_license.expression)
    ):
        notes.append(f"The Index's license notes name the weights' license {weights!r}.")
    model = importer.model(end_name)
    base_file = f"{stem}.base.yaml"
    if base_name is None:
        ignored = [
            importer.entries[key].describe()
            for key in ("datasources_basemodel", "weights_basemodel")
            if key in importer.entries
        ]
        if ignored:
            notes.append(
                "No distinct base model, so the end model's dimensions are used; the Index's "
                "base-model dimensions read: " + "; ".join(ignored) + "."
            )
    else:
        reference: dict[str, Any] = {"name": base_name[:200], "manifest": base_file}
        base_weights = importer.entries.get("weights_basemodel")
        if base_weights is not None and len(base_weights.links) == 1:
            reference["url"] = base_weights.links[0]
        model["base_model"] = reference
        model["relation"] = _relation(base_name, end_name)
        notes.append(
            f"The Index names the base model {base_name!r} (manifest {base_file}); relation "
            f"{model['relation']} is read from the two names."
        )
    end = _imported(document, importer, model, components, notes, when, f"{stem}.yaml")
    if base_name is None:
        return (end,)
    importer.findings.clear()
    importer.licenses = {}
    base_components, _ = importer.components(("base",), None)
    base_model = importer.base_model(base_name)
    base_notes = [
        about[0],
        f"The Index describes {base_name!r}, the base model of {end_name!r}, only through its "
        f"base-model data and weights dimensions; the rest of its assessment is of the end model "
        f"({stem}.yaml). It states no license for the base model.",
        "The Index does not say who produced the base model."
        if base_model["producer"] == "unknown"
        else "Producer: the Hugging Face account that publishes the base weights the Index links.",
    ]
    base = _imported(document, importer, base_model, base_components, base_notes, when, base_file)
    return (end, base)


def _about(importer: _Importer) -> list[str]:
    """What the Index says of the system as a whole, for the provenance notes."""
    system = importer.system
    about = [
        f"Imported from the Index file {Path(importer.document.file).name} "
        f"({text_of(system.get('name'))})."
    ]
    released = text_of(str(system.get("releasedate") or ""))
    if released:
        about.append(f"Released {released} (per the Index).")
    for label, block in (("System", system), ("Organisation", importer.data.get("org"))):
        if isinstance(block, dict) and _notes(block):
            about.append(f"{label} notes: {_notes(block)}")
    return about


def _imported(
    document: Document,
    importer: _Importer,
    model: dict[str, Any],
    components: dict[str, Any],
    notes: list[str],
    checked: str,
    name: str,
) -> Imported:
    manifest: dict[str, Any] = {"manifest_version": MANIFEST_VERSION, "model": model}
    manifest["components"] = components
    if importer.licenses:
        manifest["licenses"] = dict(importer.licenses)
    manifest["provenance"] = {
        "source": "imported-osai-index",
        "url": INDEX_URL,
        "date": checked,
        "notes": " ".join([ATTRIBUTION + ".", *notes])[:5000],
    }
    header = HEADER.format(name=Path(document.file).name)
    return Imported(document.file, manifest, tuple(importer.findings), header=header, name=name)
