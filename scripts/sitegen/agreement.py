"""How far the curated gallery agrees with independent assessors, and why it differs where it does.

Three assessors, each compared on what it publishes:
- OSI's validation of the Open Source AI Definition (data/assessors/osi-validation.yaml): conformant
  or not, against our OSAID crosswalk;
- the Model Openness Tool (data/mot/expected-classes.json: the class its own evaluator gives each
  file), against our MOF crosswalk;
- the European Open Source AI Index (data/osai-index/): its judgement of each component it assesses
  (open, partial, closed), as the importer reads it, against our curated availability.

A difference is explained when data/assessors/differences.yaml gives its reason; the figures and
the list are printed by scripts/measure_agreement.py and shown on /crosswalks/ and in the README.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from openness.crosswalk import FrameworkResult

from .gallery import Entry
from .imported import ImportedModel, Record

DATA = Path(__file__).resolve().parents[2] / "data"
ASSESSORS = DATA / "assessors"
MOT_CLASSES = DATA / "mot" / "expected-classes.json"
MOT_TIERS = {0: "unclassified", 1: "mof-class-i", 2: "mof-class-ii", 3: "mof-class-iii"}
TIER_WORDS = {
    "unclassified": "Unclassified",
    "mof-class-i": "Class I",
    "mof-class-ii": "Class II",
    "mof-class-iii": "Class III",
    "conformant": "Open Source AI",
    "not-conformant": "not Open Source AI",
}


@dataclass(frozen=True)
class Comparison:
    """One thing both sides judged: a model's verdict, or one component of it."""

    assessor: str  # osi | mot | osai-index
    model: str  # the curated manifest's slug
    subject: str  # "verdict", or the component id
    ours: str
    theirs: str
    source: str  # where the assessor says so
    reason: str = ""  # why we differ, from differences.yaml; empty when we agree or nobody said

    @property
    def agrees(self) -> bool:
        return self.ours == self.theirs


@dataclass(frozen=True)
class Agreement:
    assessor: str
    title: str
    unit: str  # what one comparison is: "model" or "component"
    comparisons: tuple[Comparison, ...]

    @property
    def agreeing(self) -> int:
        return sum(item.agrees for item in self.comparisons)

    @property
    def differences(self) -> tuple[Comparison, ...]:
        return tuple(item for item in self.comparisons if not item.agrees)

    @property
    def unexplained(self) -> tuple[Comparison, ...]:
        return tuple(item for item in self.differences if not item.reason)

    @property
    def share(self) -> float:
        return self.agreeing / len(self.comparisons) if self.comparisons else 1.0


# libyaml's parser where PyYAML has it: the same data, read many times faster.
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load(name: str) -> Any:
    return yaml.load((ASSESSORS / name).read_text(encoding="utf-8"), Loader=_LOADER)


def recorded_reasons() -> dict[tuple[str, str, str], dict[str, Any]]:
    """(assessor, model, subject) -> the recorded difference, with its reason and sources."""
    return {
        (item["assessor"], item["model"], item.get("component", "verdict")): item
        for item in _load("differences.yaml")["differences"]
    }


def _crosswalk(entry: Entry, framework: str) -> FrameworkResult:
    return next(item for item in entry.assessment.crosswalks if item.framework.id == framework)


def _osi(entries: dict[str, Entry]) -> Agreement:
    data = _load("osi-validation.yaml")
    comparisons = []
    for system in data["systems"]:
        entry = entries.get(system["manifest"])
        if entry is None:
            continue
        ours = "conformant" if _crosswalk(entry, "osaid-1.0").conformant else "not-conformant"
        comparisons.append(
            Comparison("osi", entry.slug, "verdict", ours, system["verdict"], data["url"])
        )
    return Agreement("osi", data["title"], "model", tuple(comparisons))


@dataclass(frozen=True)
class Matches:
    """Which imported records are of which curated manifest, found once for the whole gallery: the
    file data/assessors/matches.yaml names for a slug and source, else the records of the imported
    model the manifest is merged with."""

    explicit: dict[str, dict[str, str]]  # slug -> source id -> file
    by_file: dict[tuple[str, str], list[Record]]  # (source id, file) -> its assessed records
    by_curated: dict[tuple[str, str], list[Record]]  # (source id, slug) -> assessed records

    def of(self, entry: Entry, source: str) -> list[Record]:
        explicit = self.explicit.get(entry.slug, {})
        if source in explicit:
            return self.by_file.get((source, explicit[source]), [])
        return self.by_curated.get((source, entry.slug), [])


def matches(models: Sequence[ImportedModel]) -> Matches:
    by_file: dict[tuple[str, str], list[Record]] = {}
    by_curated: dict[tuple[str, str], list[Record]] = {}
    for model in models:
        slugs = dict.fromkeys(entry.slug for entry in model.curated)
        for record in model.assessed:
            by_file.setdefault((record.source.id, record.file), []).append(record)
            for slug in slugs:
                by_curated.setdefault((record.source.id, slug), []).append(record)
    return Matches(_load("matches.yaml")["matches"], by_file, by_curated)


def _mot(entries: dict[str, Entry], found: Matches) -> Agreement:
    classes = json.loads(MOT_CLASSES.read_text(encoding="utf-8"))
    comparisons = []
    for entry in entries.values():
        for record in found.of(entry, "mot"):
            reached = _crosswalk(entry, "mof-1.0").reached
            ours = reached.id if reached is not None else "unclassified"
            theirs = MOT_TIERS[classes[record.file]["class"]]
            comparisons.append(
                Comparison("mot", entry.slug, "verdict", ours, theirs, record.original)
            )
    return Agreement(
        "mot", "Model Openness Tool (its evaluator's class)", "model", tuple(comparisons)
    )


def _index(entries: dict[str, Entry], found: Matches) -> Agreement:
    comparisons = []
    for entry in entries.values():
        for record in found.of(entry, "osai-index"):
            for component, theirs in record.manifest.components.items():
                ours = entry.manifest.components.get(component)
                if theirs.availability not in ("released", "partial", "not-released"):
                    continue  # not assessed by the Index: nothing to agree with
                if ours is None or ours.availability in ("not-applicable", "unknown"):
                    continue
                comparisons.append(
                    Comparison(
                        "osai-index",
                        entry.slug,
                        component,
                        ours.availability,
                        theirs.availability,
                        record.original,
                    )
                )
    title = "European Open Source AI Index (its class of each component)"
    return Agreement("osai-index", title, "component", tuple(comparisons))


def measure(entries: Iterable[Entry], models: Sequence[ImportedModel]) -> tuple[Agreement, ...]:
    """Every comparison with every assessor, each difference with its recorded reason, if any."""
    by_slug = {entry.slug: entry for entry in entries}
    reasons = recorded_reasons()
    found = matches(models)
    explained = []
    for agreement in (_osi(by_slug), _mot(by_slug, found), _index(by_slug, found)):
        items = []
        for item in agreement.comparisons:
            recorded = reasons.get((item.assessor, item.model, item.subject))
            reason = recorded["reason"] if recorded is not None and not item.agrees else ""
            items.append(
                Comparison(
                    item.assessor,
                    item.model,
                    item.subject,
                    item.ours,
                    item.theirs,
                    item.source,
                    " ".join(reason.split()),
                )
            )
        explained.append(
            Agreement(agreement.assessor, agreement.title, agreement.unit, tuple(items))
        )
    return tuple(explained)


def stale_reasons(agreements: Sequence[Agreement]) -> list[tuple[str, str, str]]:
    """Recorded differences that no longer differ, or name a model or component no longer compared."""
    current = {
        (item.assessor, item.model, item.subject)
        for agreement in agreements
        for item in agreement.differences
    }
    return sorted(key for key in recorded_reasons() if key not in current)


def _words(value: str) -> str:
    return TIER_WORDS.get(value, value)


def summary_markdown(agreements: Sequence[Agreement]) -> str:
    """The figures: one row per assessor."""
    rows = [
        "| Assessor | Compared | Agree | Differences | Explained |",
        "|---|---|---|---|---|",
    ]
    for item in agreements:
        explained = len(item.differences) - len(item.unexplained)
        rows.append(
            f"| {item.title} | {len(item.comparisons)} {item.unit}s | "
            f"{item.agreeing} ({item.share:.0%}) | {len(item.differences)} | {explained} |"
        )
    return "\n".join(rows) + "\n"


def differences_markdown(agreements: Sequence[Agreement], link: str = "") -> str:
    """Every difference, with our side, theirs and the reason (or 'not yet explained')."""
    rows = ["| Model | Assessor | What | Ours | Theirs | Why |", "|---|---|---|---|---|---|"]
    for agreement in agreements:
        for item in agreement.differences:
            model = f"[{item.model}]({link}{item.model}/index.md)" if link else item.model
            why = item.reason.replace("|", "\\|") or "**not yet explained**"
            rows.append(
                f"| {model} | [{agreement.assessor}]({item.source}) | {item.subject} | "
                f"{_words(item.ours)} | {_words(item.theirs)} | {why} |"
            )
    return "\n".join(rows) + "\n"
