"""Our verdicts beside the European Open Source AI Index's, system by system, as data.

Each Index system file is imported (importers.osai_index), its end model assessed with its base
model, and the Index's own openness score computed the Index's way: open = 1, partial = 0.5,
closed = 0, averaged over the dimensions that apply to the system's type (empty ones do not).
The disagreement is the Index's score minus our level's rank, both on a 0-1 scale; our rank is
divided by the rank of the highest level an imported manifest can reach at all, since the Index has
no dimension for what the levels above it require (evaluation code, for one). What the Index does not
assess is imported as unknown, so each row also says which level the system would reach if all of it
turned out open (`possible`).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .api import validate
from .assess import Assessment, RequirementResult, assess_with_base
from .importers.common import ImportRefused
from .importers.osai_index import DIMENSIONS, import_osai_index
from .manifest import Manifest
from .reader import ReadError, read
from .spec import Definition, Level, latest_released, load_definition

POINTS = {"open": 1.0, "partial": 0.5, "closed": 0.0}  # the Index's scoring (README of its data)


@dataclass(frozen=True)
class ComparisonRow:
    """One system: the Index's score and our level, side by side."""

    system: str  # the Index's name for the system
    model: str  # the end model assessed
    producer: str
    file: str  # the Index file's name
    index_score: float  # 0-1
    level: Level  # the level our end model reaches
    our_score: float  # 0-1: the level's rank over the highest rank an import can reach
    why: str  # our side, in one line: the first requirement the end model misses
    definition: str  # the version of the definition the level is of
    closed: tuple[str, ...] = ()  # the Index's dimensions marked closed (their titles)
    possible: Level | None = None  # the level it would reach if every unknown turned out open
    unknown: tuple[str, ...] = ()  # what that depends on: what the Index does not assess, mostly
    # the requirement that keeps it from the next level, as Assessment.blocker; None at the top
    blocker: RequirementResult | None = None

    @property
    def possible_level(self) -> Level:
        return self.possible or self.level

    @property
    def disagreement(self) -> float:
        """Positive: the Index finds the system more open than we do; negative: less."""
        return round(self.index_score - self.our_score, 4)


@dataclass(frozen=True)
class Comparison:
    definition: Definition
    ceiling: Level  # the highest level a manifest imported from the Index can reach
    rows: tuple[ComparisonRow, ...]
    refused: tuple[tuple[str, str], ...] = ()  # (file name, reason) of files not imported

    def most_disagreeing(self, count: int = 15) -> list[ComparisonRow]:
        return sorted(self.rows, key=lambda row: (-abs(row.disagreement), row.system.lower()))[
            :count
        ]


def dimension_types(folder: Path) -> dict[str, frozenset[str]]:
    """Which system types each dimension applies to, from the Index's _parameters.yml."""
    try:
        groups = read(folder / "_parameters.yml").data
    except ReadError:
        groups = None
    types: dict[str, frozenset[str]] = {}
    for group in groups if isinstance(groups, list) else ():
        for parameter in group.get("params", ()) if isinstance(group, dict) else ():
            if isinstance(parameter, dict) and isinstance(parameter.get("ref"), str):
                types[parameter["ref"]] = frozenset(str(t) for t in parameter.get("types") or ())
    return types or {dimension.id: frozenset() for dimension in DIMENSIONS}


def index_score(data: dict[str, Any], types: dict[str, frozenset[str]]) -> float | None:
    """The Index's openness score of one system file, 0-1; None when no dimension is scored."""
    system = data.get("system")
    kind = str(system.get("type") or "") if isinstance(system, dict) else ""
    kinds = {part.strip().lower() for part in kind.split(",") if part.strip()}
    points = []
    for dimension, applies_to in types.items():
        if kinds and applies_to and not kinds & applies_to:
            continue
        block = data.get(dimension)
        klass = str(block.get("class") or "").strip().lower() if isinstance(block, dict) else ""
        if klass in POINTS:
            points.append(POINTS[klass])
    return sum(points) / len(points) if points else None


def _covered() -> set[str]:
    """The components the Index speaks about, directly or through the importer's inferences."""
    return {
        component
        for dimension in DIMENSIONS
        for component in (*dimension.components, *dimension.inferred)
    }


def not_assessed(definition: Definition) -> list[str]:
    """The components of a definition the Index has no dimension for: imported as unknown."""
    covered = _covered()
    return [component.id for component in definition.components if component.id not in covered]


def reachable_level(definition: Definition) -> Level:
    """The highest level whose requirements (and those below) name only components the Index
    speaks about, directly or through the importer's inferences."""
    covered = _covered()
    reachable = definition.levels[0]
    for level in definition.levels:
        if all(requirement.component in covered for requirement in level.requirements):
            reachable = level
        else:
            break
    return reachable


def compare_index(
    folder: str | os.PathLike[str], definition_version: str | None = None
) -> Comparison:
    """Import every system file of an Index folder and put its score beside our level."""
    folder = Path(folder)
    definition = load_definition(definition_version or latest_released())
    ceiling = reachable_level(definition)
    types = dimension_types(folder)
    rows: list[ComparisonRow] = []
    refused: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="openness-osai-") as scratch:
        for file in sorted(folder.glob("*.yaml")):
            try:
                manifests = import_osai_index(file, definition_version=definition.version)
            except (ReadError, ImportRefused) as error:
                refused.append((file.name, _reason(error)))
                continue
            for imported in manifests:
                (Path(scratch) / imported.name).write_text(imported.yaml(), encoding="utf-8")
            data = read(file).data
            score = index_score(data, types)
            if score is None:
                refused.append((file.name, "no score"))
                continue
            validation = validate(Path(scratch) / manifests[0].name)
            if validation.manifest is None or not validation.ok:
                refused.append((file.name, "no valid manifest"))
                continue
            assessment = assess_with_base(validation.manifest, definition.version)
            rows.append(
                comparison_row(file.name, data, validation.manifest, assessment, score, ceiling)
            )
    return Comparison(definition, ceiling, tuple(rows), tuple(refused))


def comparison_row(
    file: str,
    data: Mapping[str, Any],
    manifest: Manifest,
    assessment: Assessment,
    score: float,
    ceiling: Level,
) -> ComparisonRow:
    """One system's row: the Index's score of its file (index_score of its data) beside the level
    the end model imported from it reaches (its manifest and assessment)."""
    blocker = assessment.blocker
    why = blocker.reason if blocker else f"reaches {assessment.level.title}"
    if assessment.level.rank >= ceiling.rank:
        why = f"{ceiling.title} is the highest level the Index's dimensions can show; next: {why}"
    closed = tuple(
        dimension.title
        for dimension in DIMENSIONS
        if isinstance(data.get(dimension.id), dict) and data[dimension.id].get("class") == "closed"
    )
    our_score = min(assessment.level.rank, ceiling.rank) / ceiling.rank if ceiling.rank else 0.0
    if our_score > score and closed:  # we find it more open: what the Index holds against it
        why = (
            f"reaches {assessment.level.title} on its weights, their license and its model "
            f"card; the Index marks closed: {', '.join(closed)}"
        )
    model = manifest.model
    return ComparisonRow(
        system=str(data["system"]["name"]).strip(),
        model=model.name,
        producer=model.producer,
        file=file,
        index_score=round(score, 4),
        level=assessment.level,
        our_score=round(our_score, 4),
        why=why,
        definition=assessment.definition.version,
        closed=closed,
        possible=assessment.possible_level,
        unknown=assessment.unknown,
        blocker=blocker,
    )


def _reason(error: Exception) -> str:
    findings = getattr(error, "findings", ())
    return findings[0].message if findings else getattr(error, "message", str(error))
