"""Import the European Open Source AI Index's system files as openness manifests.

The Index (https://osai-index.eu, data under CC-BY 4.0) judges each generative AI system on a dozen
dimensions as open, partial or closed, each with evidence links and notes. This importer maps each
dimension onto the definition's components (DIMENSIONS below: the one place the mapping lives, with
the reason for each line), the classes onto availabilities, and the license names the Index gives
onto SPDX ids or the registry's LicenseRef ids. Where the Index describes a base model and an end
model, it writes two manifests, the end model's pointing to the base's through `model.base_model`.
What it cannot map is reported as a warning at its line in the Index file and kept in notes.

It writes manifest format 1.1, so that it can say what the Index does not: a component the Index
has no criterion for is `availability: unknown` ("not assessed by the source"), never "not
released"; terms it names for no component are unknown (NOASSERTION), never "no license".

Where a component's terms come from, in order (`_Importer.terms_of`):
- the weights: the end model's license (`endmodellicense`); when that says the Index could not tell
  ("Unclear", "Unknown"), the license its Licenses notes name for the weights, or for the whole
  system, or the "community license" they speak of under the system's own name;
- the code: the license the notes name for the code ("Code: MIT", "code and models under Apache 2");
  else, when the Licenses class is open and the notes name exactly one license, that license: the
  Index's open means "fully covered by OSI-approved licenses, including all data sources and training
  pipeline code", so the one license it names covers the code;
- the code beside the weights (architecture, inference code): the code's license, else inherited from
  the release, whose license is the end model's (`release.license`, `terms: inherited`);
- the data: only a license the notes name for the data. A class says which category the Index puts
  the data's licenses in, not which they are.
When the class is open but the notes name no license (or several, or one the registry cannot read),
the terms are unknown, and the notes say that the Index judges them OSI-approved: see `terms_of`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..escaping import one_line
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
from .osai_licenses import read_license_notes

INDEX_URL = "https://osai-index.eu"
MANIFEST_VERSION = "1.1"  # for availability unknown, terms and release.license
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
        "each component's own license instead, read from endmodellicense and these notes (an open "
        "class makes the one license they name the code's too).",
    ),
)

# The inferred components, and why: the Index has no dimension for them, yet the definition's
# open-weights level needs them, and published weights come with the code that defines and runs
# them (in their repository or a public library such as Transformers).
INFERRED_REASON = (
    "The Index does not assess this component; it is read from the weights, which come with the "
    "code that defines and runs them, in their repository or a public library."
)

# The note of a component the Index has no criterion for (evaluation code, sample outputs, ...).
NOT_ASSESSED = (
    "Not assessed by the source: the European Open Source AI Index has no criterion for {title}, "
    "so it says nothing of whether it is released."
)
NOT_ASSESSED_BASE = (
    "Not assessed by the source: the European Open Source AI Index describes this base model only "
    "through its data and weights."
)

AVAILABILITY = {"open": "released", "partial": "partial", "closed": "not-released"}
# Notes by which the Index says that weights are behind a gate: a request, a consent or contact
# form, a login, a license to sign or click through.
_GATED = re.compile(
    r"gated|consent|constent|request(ing)? access|after requesting|behind (a )?(form|login)"
    r"|requires? signing|agree(ing)? to (a |the )?licen[cs]e|contact (information|details)"
    r"|user information|\blog ?in\b",
    re.IGNORECASE,
)
# Notes by which the Index says that the weights are available and marks them partial for something
# else: what is not documented about how they were made.
_UNDOCUMENTED = re.compile(
    r"\bmade available\b.*\bbut no (information|documentation|details)\b", re.IGNORECASE
)

# Base model names that name no model.
_NO_NAME = frozenset({"", "unknown", "n/a", "na", "none", "-", "not applicable"})
# endmodellicense values by which the Index says it could not tell the license: the license notes
# may still name it ("Unclear", with notes on "Meta's bespoke 'community license'").
_UNSTATED = re.compile(r"^(unclear|unknown\b|undisclosed|purposely left ambiguous)")
# endmodellicense values that describe the terms without naming a license: several, or a bespoke
# one. A single license the notes name would be only part of them, so none is read.
_DESCRIBED = re.compile(r"^(various|mixed|custom( license)?)")
# Parts of the license notes that say there is nothing to license ("Code: not released").
_ABSENT = re.compile(
    r"^(not (released|disclosed|specified|available)|unspecified|unknown|none|n/a)\b", re.I
)
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
        licenses = self.entries.get("licenses")
        self.notes = read_license_notes(licenses.notes if licenses else "", self.registry)
        self.licenses_class = licenses.klass if licenses else ""
        self._part_licenses: dict[str, LicenseText | None] = {}
        self.release_license: str | None = None  # the end model's license, for the release
        self.end_license_note = ""  # how the end model's license was read, when not as written

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
                    f"no {dimension.id} block; its components are written as unknown "
                    "(not assessed)",
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

    @property
    def parts(self) -> dict[str, str]:
        """The license notes' "Weights: X. Code: Y. Data: Z." parts, as written ({} for a sentence)."""
        return self.notes.parts

    def license_link(self) -> str | None:
        """Where the Index found the license text: its Licenses evidence, else the end weights."""
        for key in ("licenses", "weights_endmodel"):
            entry = self.entries.get(key)
            if entry is not None and entry.links:
                return entry.links[0]
        return None

    def end_license(self) -> LicenseText | None:
        """The license of the end model's weights: `endmodellicense`, else the license notes'."""
        for key in ("endmodellicense", "endmodel license"):
            text = text_of(self.system.get(key))
            if not text:
                continue
            path: tuple[str | int, ...] = ("system", key)
            lowered = text.lower()
            if _UNSTATED.match(lowered):
                # "Unclear" is the Index saying it could not tell: its license notes may tell.
                named = self.part_license("weights") or self._community_license()
                if named is not None and named.expression not in (None, "NOASSERTION"):
                    self.end_license_note = (
                        f"The Index's end model license reads {text!r}; its license notes name "
                        f"{named.expression}, read as the weights' license."
                    )
                    return named
                if lowered != "unknown":
                    self.warn(
                        path,
                        "import-unmapped-license",
                        f"license {text!r} names no license, nor do the license notes; written "
                        "as NOASSERTION",
                    )
                return LicenseText(text, "NOASSERTION", lowered == "unknown")
            if _DESCRIBED.match(lowered):
                self.warn(
                    path,
                    "import-unmapped-license",
                    f"license {text!r} names no license; written as NOASSERTION",
                )
                return LicenseText(text, "NOASSERTION", False)
            return self.license_at(path, text, self.license_link())
        return self.part_license("weights") or self._community_license()

    def _community_license(self) -> LicenseText | None:
        """The "community license" the notes speak of without naming it, under the system's name:
        "Meta's bespoke 'community license'" of Llama 2 is the Llama 2 Community License."""
        if not self.notes.community_license:
            return None
        for key in ("name", "endmodelname", "basemodelname"):
            name = text_of(self.system.get(key))
            entry = self.registry.by_alias(f"{name} Community License") if name else None
            if entry is not None:
                return LicenseText(f"{self.notes.text} ({name})", entry.id, True)
        return None

    def part_license(self, part: str) -> LicenseText | None:
        """The license the license notes name for a part (weights, code, inference, data), None
        when they name none to read."""
        if part not in self._part_licenses:  # read once: one warning per part, not per component
            self._part_licenses[part] = self._read_part(part)
        return self._part_licenses[part]

    def _read_part(self, part: str) -> LicenseText | None:
        notes = self.notes
        if notes.structured:
            text = notes.parts.get(part, "")
            if not text or _ABSENT.match(text):
                return None
            return self.license_at(("licenses", "notes"), text, None)
        ids = notes.named.get(part, ())
        if ids:
            return LicenseText(notes.text, " AND ".join(ids), True)
        if part == "weights" and len(notes.unattributed) == 1 and not notes.unread:
            return LicenseText(notes.text, notes.unattributed[0], True)
        return None

    def terms_of(self, component: str, dimension: Dimension) -> tuple[LicenseText | None, str]:
        """The terms the Index gives a component of the end model, and how they were read.

        None: no license of its own. The caller writes it as inherited from the release (the code
        beside the weights) or as unknown (NOASSERTION), never as "no license"."""
        if component == "final-parameters":
            return None, ""  # the end model's license, read once by end_license
        if component in dimension.inferred:
            inference = self.part_license("inference") if component == "inference-code" else None
            return inference or self.code_license(), ""
        if dimension.license_part == "code":
            return self.code_license(), self._open_class_note()
        if dimension.license_part:
            return self.part_license(dimension.license_part), ""
        return None, ""

    def code_license(self) -> LicenseText | None:
        """The code's license: named for the code, else the one license of an open class."""
        named = self.part_license("code")
        if named is not None or self.licenses_class != "open":
            return named
        # The Index's open: "the project is fully covered by OSI-approved license, including all
        # data sources and training pipeline code". When its notes name one license, that is the
        # license it found covering the project, code included.
        one = self.notes.one_license()
        return LicenseText(self.notes.text, one, True) if one else None

    def _open_class_note(self) -> str:
        """Why code under an open Licenses class may still have unknown terms."""
        if self.licenses_class != "open" or self.part_license("code") is not None:
            return ""
        if self.code_license() is not None:
            return (
                "The Index's Licenses class is open (the whole system, training code included, "
                "under OSI-approved licenses) and its license notes name one license, read as the "
                "code's."
            )
        # Decision: open, but no license named for the code. The class is a judgement of the
        # licenses' category, not a license: the terms stay unknown (NOASSERTION), so the verdict
        # says they are unknown and which level they would give if open; they are not inherited
        # from the weights' license, since code published elsewhere does not ship under it.
        return (
            "The Index's Licenses class is open (the whole system, training code included, under "
            "OSI-approved licenses) but its notes name no single license for the code; its terms "
            "are unknown until checked where it is published."
        )

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
        states none for it, and a derivative then inherits none. Every other component of the
        definition is unknown: the Index has no criterion for it."""
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
        base = "base" in scope
        components: dict[str, Any] = {}
        for definition_component in self.definition.components:
            component = definition_component.id
            if component in contributions:
                components[component] = self.component(
                    component, contributions[component], final_license, base=base
                )
            else:
                title = definition_component.title.lower()
                note = NOT_ASSESSED_BASE if base else NOT_ASSESSED.format(title=title)
                absent = [
                    dimension.id
                    for dimension in DIMENSIONS
                    if dimension.describes in scope
                    and component in (*dimension.components, *dimension.inferred)
                ]
                if absent:  # a dimension that would speak of it, missing from the file (warned)
                    note = (
                        f"Not assessed by the source: the Index file has no {' or '.join(absent)} "
                        "block."
                    )
                components[component] = {"availability": "unknown", "notes": note}
        return components, [entry.describe() for entry in unmapped]

    def availability(self, entry: _Entry, component: str) -> tuple[str, str]:
        # The weights, and the code the importer reads from them (architecture, inference code).
        weights = entry.dimension.license_part == "weights"
        gate = _GATED.search(entry.notes) if weights else None
        if gate is not None and entry.klass in ("partial", "closed"):
            # The Index marks weights partial or closed when a gate must be passed first (contact
            # details, a login, a license to click through); the definition counts a gated
            # download as a release, judged by its license (see final-parameters).
            return (
                "released",
                f"The Index's {entry.klass} is for a download gate ({_clause(entry.notes, gate)!r}), "
                "which the definition counts as a release under the weights' license.",
            )
        if weights and entry.klass == "partial" and _UNDOCUMENTED.search(entry.notes):
            return (
                "released",
                "The Index's partial is for what is not documented about how the weights were made, "
                "which the definition judges through other components (model card, papers, data "
                "card); its notes say the weights are made available.",
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
                        _stopped(entry.notes),
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
            if base:  # the Index's licenses are the end model's; it states none for its base
                declared["terms"] = "unknown"
            else:
                declared.update(
                    self.terms(component, contributions[0][0].dimension, final_license, notes)
                )
        elif links:
            declared["evidence"] = links[:100]
        declared["notes"] = " ".join(notes)[:5000]
        return declared

    def terms(
        self,
        component: str,
        dimension: Dimension,
        final_license: LicenseText | None,
        notes: list[str],
    ) -> dict[str, Any]:
        """A released component's license or terms state, with how it was read added to notes."""
        read, how = (
            (final_license, "")
            if component == "final-parameters"
            else self.terms_of(component, dimension)
        )
        if read is not None and read.expression and read.expression != "NOASSERTION":
            if how:
                notes.append(how)
            if read.text != read.expression:
                quoted = read.text if len(read.text) <= 200 else read.text[:197] + "..."
                notes.append(f"Index license {quoted!r} read as {read.expression}.")
            return {"license": read.expression}
        if component in dimension.inferred and self.release_license is not None:
            notes.append(
                "No license of its own in the Index: it ships with the weights, under the "
                "release's license (the end model's)."
            )
            return {"terms": "inherited"}
        if how:
            notes.append(how)
        elif dimension.license_part or component in dimension.inferred:
            notes.append("The Index states no license for it; its terms are unknown.")
        return {"license": "NOASSERTION"}

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


def _clause(text: str, match: re.Match[str]) -> str:
    """The clause of a text in which a match is (between stops, semicolons and commas)."""
    bounds = [0, *(m.end() for m in re.finditer(r"[.;,]\s+", text)), len(text) + 2]
    start = max(bound for bound in bounds if bound <= match.start())
    end = min(bound for bound in bounds if bound > match.start())
    return text[start:end].strip(" .;,")


def _stopped(text: str) -> str:
    """A note that ends a sentence, so that the next one does not run on from it."""
    return text if not text or text[-1] in ".!?\"')" else text + "."


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
    release = _release(importer, final_license)
    importer.release_license = release["license"] if release else None
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
    if importer.end_license_note:
        notes.append(importer.end_license_note)
    if unmapped:
        notes.append("Index dimensions with no component: " + "; ".join(unmapped) + ".")
    weights = importer.parts.get("weights")
    if (
        weights
        and final_license is not None
        and license_id(weights, importer.registry) not in (None, final_license.expression)
    ):
        notes.append(f"The Index's license notes name the weights' license {weights!r}.")
    named = " AND ".join(importer.notes.named.get("weights", ()))
    if named and final_license is not None and named != final_license.expression:
        notes.append(f"The Index's license notes name {named} for the weights.")
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
    end = _imported(document, importer, model, components, notes, when, f"{stem}.yaml", release)
    if base_name is None:
        return (end,)
    importer.findings.clear()
    importer.licenses = {}
    importer.release_license = None  # the Index states no license for the base model
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


def _release(importer: _Importer, final_license: LicenseText | None) -> dict[str, Any] | None:
    """The release's license: the end model's, which the Index gives as the license "that applies
    to enduser interaction with the model". None when it states none to read."""
    if final_license is None or final_license.expression in (None, "NOASSERTION"):
        return None
    release: dict[str, Any] = {"license": final_license.expression}
    link = importer.license_link()
    if link is not None:
        release["evidence"] = [link]
    release["notes"] = (
        "The end model's license as the Index gives it; the code the Index reads from the weights "
        "(architecture, inference code) inherits it where the Index names no code license."
    )
    return release


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
    release: dict[str, Any] | None = None,
) -> Imported:
    manifest: dict[str, Any] = {"manifest_version": MANIFEST_VERSION, "model": model}
    if release is not None:
        manifest["release"] = release
    manifest["components"] = components
    if importer.licenses:
        manifest["licenses"] = dict(importer.licenses)
    manifest["provenance"] = {
        "source": "imported-osai-index",
        "url": INDEX_URL,
        "date": checked,
        "notes": " ".join([ATTRIBUTION + ".", *notes])[:5000],
    }
    header = HEADER.format(name=one_line(Path(document.file).name))  # a comment: one line
    return Imported(document.file, manifest, tuple(importer.findings), header=header, name=name)
