"""The gallery as data: one row per model, curated and imported, from the assessments the pages show.

The rows are made once per build from the same Assessment objects the model pages render (no second
computation); the matrix on /models/, /models/index.json, /models/index.csv, /models/compare/ and the
search entries of the models are all rendered from them. Their format is
schemas/gallery/1.0/schema.json, published at its $id.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from openness.assess import Assessment
from openness.crosswalk import CriterionResult, FrameworkResult
from openness.escaping import spreadsheet
from openness.licenses import UNKNOWN
from openness.spec import Definition, load_licenses
from openness.states import NOT_DECLARED, ComponentState, component_states
from openness.urls import SITE_URL, clause_url, definition_url, model_url

from .gallery import Entry
from .imported import ImportedModel

SCHEMA_PATH = "schemas/gallery/1.0/schema.json"
SCHEMA_URL = f"{SITE_URL}/{SCHEMA_PATH}"
CURATED = "curated"
IMPORTED = "imported"


@dataclass(frozen=True)
class Row:
    """One model of the gallery as every view of it shows it."""

    id: str  # its page under /models/: `llama-2-7b`, `imported/llama-2-7b`; permanent
    name: str
    producer: str
    type: str
    kind: str  # curated (reviewed by the editors) | imported (not reviewed)
    sources: tuple[str, ...]  # `curated`, or the ids of the corpora it is imported from
    released: str  # the release date a curated manifest gives; the sources' date for imported ones
    claimed: str  # the level the manifest claims, or ""
    assessment: Assessment  # the verdict shown: an imported model's most cautious source's
    states: tuple[ComponentState, ...]  # every component of the definition, in its order

    def state(self, component_id: str) -> ComponentState:
        return next(state for state in self.states if state.component == component_id)


def rows(entries: Sequence[Entry], models: Sequence[ImportedModel] = ()) -> list[Row]:
    """Every model of the gallery, the highest level first, then by name."""
    found = [_curated(entry) for entry in entries] + [_imported(model) for model in models]
    return sorted(found, key=lambda row: (-row.assessment.level.rank, row.name.lower(), row.id))


def _states(assessment: Assessment, manifest: Any) -> tuple[ComponentState, ...]:
    definition = assessment.definition
    return tuple(component_states(manifest, definition, load_licenses(definition.version)))


def _curated(entry: Entry) -> Row:
    model = entry.manifest.model
    return Row(
        entry.slug,
        model.name,
        model.producer,
        model.type or "",
        CURATED,
        (CURATED,),
        model.release_date or "",
        entry.manifest.claimed_level or "",
        entry.assessment,
        _states(entry.assessment, entry.manifest),
    )


def _imported(model: ImportedModel) -> Row:
    lowest = model.lowest
    record = next(record for record in model.assessed if record.assessment is lowest)
    return Row(
        f"imported/{model.slug}",
        model.name,
        model.producer,
        record.manifest.model.type or "",
        IMPORTED,
        tuple(source.id for source in model.sources),
        model.date,
        "",
        lowest,
        _states(lowest, record.manifest),
    )


# --- short reasons, in words ---------------------------------------------------------------------

AVAILABILITY_WORDS = {
    "released": "released",
    "partial": "partly released",
    "not-released": "not released",
    "not-applicable": "not applicable",
    "unknown": "not assessed",
    NOT_DECLARED: "not declared",
}


def state_words(state: ComponentState, definition: Definition) -> str:
    """`released, restricted license`, `not released`, `released, terms unknown`."""
    availability = AVAILABILITY_WORDS.get(state.availability, state.availability)
    if not state.category:
        return availability
    return f"{availability}, {category_words(state.category, definition)}"


def category_words(category: str, definition: Definition) -> str:
    if category == UNKNOWN:
        return "terms unknown"
    known = {item.id: item.title for item in definition.license_categories}
    return known.get(category, category).lower()


def _blocking_words(row: Row, component_id: str, categories: Sequence[str]) -> str:
    """What keeps one component from a requirement: its availability, else its terms."""
    state = row.state(component_id)
    definition = row.assessment.definition
    if state.availability not in ("released",) or not state.category:
        return AVAILABILITY_WORDS.get(state.availability, state.availability)
    if state.category not in categories:
        return category_words(state.category, definition)
    return state_words(state, definition)  # blocked by what it inherits: the page says more


def level_why(row: Row) -> str:
    """Why the model does not reach the next level: `Open weights needs Final parameters:
    restricted license`; empty at the top level."""
    assessment = row.assessment
    blocker, target = assessment.blocker, assessment.next_level
    if blocker is None or target is None:
        return ""
    requirement = blocker.requirement
    title = assessment.definition.component(requirement.component).title
    said = _blocking_words(row, requirement.component, requirement.license_categories)
    return f"{target.title} needs {title}: {said}"


def _first_missing(result: FrameworkResult) -> CriterionResult | None:
    missing = result.missing
    return missing[0] if missing else None


def framework_why(row: Row, result: FrameworkResult) -> str:
    """Why a framework says no: `Class III (Open Model) needs Final parameters: restricted license
    (+4 more)`; empty where it gives the model a tier."""
    first = _first_missing(result)
    if result.reached is not None or first is None:
        return ""
    more = len(result.missing) - 1
    if (
        not first.elements
    ):  # a criterion on a fact of the release (access, compute...), not a component
        reason = first.reason[:1].upper() + first.reason[1:]
        return reason + (f" (+{more} more)" if more else "")
    said = dict.fromkeys(
        _blocking_words(row, element.component, _accepted(result, element.kind))
        for element in first.elements
    )
    definition = row.assessment.definition
    titles = dict.fromkeys(
        definition.component(element.component).title for element in first.elements
    )
    # A framework of one tier (OSAID) has nothing to name; one of several names the tier.
    needs = f"{first.tier.name} needs" if len(result.framework.tiers) > 1 else "Needs"
    return f"{needs} {' or '.join(titles)}: {' / '.join(said)}" + (
        f" (+{more} more)" if more else ""
    )


def _accepted(result: FrameworkResult, kind: str) -> tuple[str, ...]:
    """The license categories a framework accepts for one kind of element (code, data...)."""
    return result.framework.kind(kind).accepted


# --- /models/index.json --------------------------------------------------------------------------


def _framework_data(row: Row, result: FrameworkResult) -> dict[str, Any]:
    first = _first_missing(result)
    return {
        "verdict": result.verdict,
        "tier": result.reached.id if result.reached is not None else None,
        "conformant": result.conformant,
        "why": framework_why(row, result) or None,
        "blocker": None
        if first is None
        else {
            "criterion": first.criterion.id,
            "tier": first.tier.id,
            "title": first.title,
            "reason": first.reason,
            "url": first.source_url,
        },
    }


def _row_data(row: Row) -> dict[str, Any]:
    assessment = row.assessment
    version = assessment.definition.version
    blocker = assessment.blocker
    return {
        "id": row.id,
        "name": row.name,
        "producer": row.producer,
        "type": row.type or None,
        "kind": row.kind,
        "sources": list(row.sources),
        "date": row.released or None,
        "url": model_url(row.id),
        "definition": version,
        "level": {
            "id": assessment.level.id,
            "title": assessment.level.title,
            "rank": assessment.level.rank,
            "possible": assessment.possible_level.id,
            "next": assessment.next_level.id if assessment.next_level else None,
            "why": level_why(row) or None,
            "blocker": None
            if blocker is None
            else {
                "requirement": blocker.requirement.id,
                "component": blocker.requirement.component,
                "reason": blocker.reason,
                "url": clause_url(version, blocker.requirement.id),
            },
        },
        "claimed_level": row.claimed or None,
        "frameworks": {
            result.framework.id: _framework_data(row, result) for result in assessment.crosswalks
        },
        "components": {
            state.component: {
                "availability": state.availability,
                "license": state.license or None,
                "category": state.category or None,
            }
            for state in row.states
        },
    }


def index_data(found: Sequence[Row], definition: Definition) -> dict[str, Any]:
    """The whole gallery as data: the columns (components, levels, frameworks), then each model."""
    frameworks = {
        result.framework.id: result.framework
        for row in found
        for result in row.assessment.crosswalks
    }
    return {
        "$schema": SCHEMA_URL,
        "definition": {"version": definition.version, "url": definition_url(definition.version)},
        "components": [
            {"id": component.id, "title": component.title} for component in definition.components
        ],
        "levels": [
            {"id": level.id, "title": level.title, "rank": level.rank}
            for level in definition.levels
        ],
        "license_categories": [
            {"id": category.id, "title": category.title, "open": category.open}
            for category in definition.license_categories
        ],
        "frameworks": [
            {
                "id": framework.id,
                "title": framework.name,
                "short_title": framework.short_title,
                "url": framework.url,
            }
            for framework in frameworks.values()
        ],
        "models": [_row_data(row) for row in found],
    }


def index_json(found: Sequence[Row], definition: Definition) -> str:
    # Compact: the comparison page loads it whole.
    data = index_data(found, definition)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


# --- /models/index.csv ---------------------------------------------------------------------------


def index_csv(found: Sequence[Row], definition: Definition) -> str:
    """One line per model; a column per framework, and three per component (availability,
    license, category). Text from manifests and corpora is made safe for spreadsheets."""
    frameworks = [result.framework for result in (found[0].assessment.crosswalks if found else ())]
    header = ["id", "name", "producer", "type", "kind", "sources", "date", "url"]
    header += ["level", "level_possible", "level_why", "claimed_level"]
    for framework in frameworks:
        header += [framework.id, f"{framework.id}_why"]
    for component in definition.components:
        header += [f"{component.id}_{part}" for part in ("availability", "license", "category")]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in found:
        data = _row_data(row)
        line = [row.id, row.name, row.producer, row.type, row.kind, " ".join(row.sources)]
        line += [row.released, data["url"], data["level"]["id"], data["level"]["possible"]]
        line += [data["level"]["why"] or "", row.claimed]
        for framework in frameworks:
            said = data["frameworks"].get(framework.id, {})
            line += [said.get("verdict", ""), said.get("why") or ""]
        for component in definition.components:
            state = data["components"][component.id]
            line += [state["availability"], state["license"] or "", state["category"] or ""]
        writer.writerow([spreadsheet(str(value)) for value in line])
    return out.getvalue()
