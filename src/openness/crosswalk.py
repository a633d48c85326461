"""Crosswalks to other openness frameworks (the MOF's classes, OSI's OSAID 1.0), read from data.

spec/frameworks/<id>.yaml maps each framework's elements onto the definition's components and its
license rules onto the definition's license categories. This module loads those files (one cached
call each), checks them, and judges a manifest against them with the same requirement check the
definition's own levels use.

>>> from openness.crosswalk import evaluate, frameworks, load_framework
>>> mof = load_framework("mof-1.0")
>>> [tier.label for tier in mof.tiers]
['Class III', 'Class II', 'Class I']
>>> result = evaluate(manifest, mof)   # doctest: +SKIP
>>> result.verdict                      # doctest: +SKIP
'Class III (Open Model)'
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from .assess import check_requirement, component_license
from .findings import Finding, error_at
from .licenses import LicenseSyntaxError, parse, satisfies
from .manifest import Manifest
from .reader import Document
from .spec import (
    Definition,
    Level,
    Requirement,
    _load_yaml,
    load_definition,
    load_licenses,
    spec_dir,
    spec_schema,
    versions,
)
from .urls import clause_url

_T = TypeVar("_T")


@dataclass(frozen=True)
class LicenseKind:
    """A kind of content the framework licenses in its own way (code, data, documentation...)."""

    id: str
    title: str
    accepted: tuple[str, ...]  # license categories of the definition that meet the framework
    preferred: tuple[str, ...]  # the accepted ones the framework recommends for this kind
    summary: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Element:
    """One component as the framework names it, mapped onto a component of the definition."""

    id: str
    name: str
    component: str
    kind: str
    summary: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Criterion:
    """Met when any one of its elements is released (at least) under an accepted license."""

    id: str
    elements: tuple[str, ...]
    availability: str = "released"
    required: bool = True  # False: an optional element, shown but never deciding
    rationale: str = ""
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Tier:
    """A class of the framework (MOF Class III...) or its single verdict (OSAID's Open Source AI)."""

    id: str
    rank: int
    label: str
    title: str
    summary: str
    criteria: tuple[Criterion, ...]
    sources: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return f"{self.label} ({self.title})"


@dataclass(frozen=True)
class Framework:
    id: str
    definition: str  # the definition version whose component ids and categories the file uses
    title: str
    short_title: str
    version: str
    publisher: str
    url: str
    cumulative: bool
    summary: str
    reading: str
    sources: tuple[str, ...]
    unmet_title: str
    unmet_summary: str
    license_kinds: tuple[LicenseKind, ...]
    elements: tuple[Element, ...]
    tiers: tuple[Tier, ...]  # lowest rank first
    data: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def name(self) -> str:
        return f"{self.title} {self.version}"

    def element(self, element_id: str) -> Element:
        return _by_id(self.elements, element_id)

    def kind(self, kind_id: str) -> LicenseKind:
        return _by_id(self.license_kinds, kind_id)

    def tier(self, tier_id: str) -> Tier:
        return _by_id(self.tiers, tier_id)

    def element_named(self, name: str) -> Element | None:
        """The element with this name or alias (case and spacing ignored), as importers need."""
        return _name_index(self).get(_normal(name))

    def tiers_up_to(self, tier: Tier) -> Iterator[Tier]:
        """The tiers a verdict of `tier` needs: all lower ones too when the framework is cumulative."""
        for other in self.tiers:
            if other.rank == tier.rank or (self.cumulative and other.rank < tier.rank):
                yield other


def _by_id(items: Iterable[_T], item_id: str) -> _T:
    for item in items:
        if getattr(item, "id", None) == item_id:
            return item
    raise KeyError(item_id)


def _normal(name: str) -> str:
    return " ".join(name.lower().split())


@cache
def _name_index(framework: Framework) -> dict[str, Element]:
    return {
        _normal(name): element
        for element in framework.elements
        for name in (element.name, *element.aliases)
    }


# --- files ----------------------------------------------------------------------------------------


def frameworks_dir() -> Path:
    return spec_dir() / "frameworks"


def framework_path(framework_id: str) -> Path:
    return frameworks_dir() / f"{framework_id}.yaml"


def framework_ids() -> list[str]:
    """Every crosswalk present, by id (the file name)."""
    return sorted(path.stem for path in frameworks_dir().glob("*.yaml"))


@cache
def load_framework(framework_id: str) -> Framework:
    """One crosswalk, e.g. load_framework("mof-1.0"). Raises KeyError for an unknown id."""
    path = framework_path(framework_id)
    if not path.is_file():
        raise KeyError(framework_id)
    return framework_from_data(_load_yaml(path))


def frameworks() -> tuple[Framework, ...]:
    """Every crosswalk, in id order."""
    return tuple(load_framework(framework_id) for framework_id in framework_ids())


def _tuple(data: dict[str, Any], key: str) -> tuple[Any, ...]:
    return tuple(data.get(key, ()))


def framework_from_data(data: dict[str, Any]) -> Framework:
    tiers = sorted(data["tiers"], key=lambda tier: tier["rank"])
    return Framework(
        id=data["id"],
        definition=data["definition"],
        title=data["title"],
        short_title=data["short_title"],
        version=data["version"],
        publisher=data["publisher"],
        url=data["url"],
        cumulative=data["cumulative"],
        summary=data["summary"],
        reading=data["reading"],
        sources=tuple(data["sources"]),
        unmet_title=data["unmet"]["title"],
        unmet_summary=data["unmet"]["summary"],
        license_kinds=tuple(
            LicenseKind(
                id=kind["id"],
                title=kind["title"],
                accepted=tuple(kind["accepted"]),
                preferred=tuple(kind["preferred"]),
                summary=kind["summary"],
                sources=_tuple(kind, "sources"),
            )
            for kind in data["license_kinds"]
        ),
        elements=tuple(
            Element(
                id=element["id"],
                name=element["name"],
                component=element["component"],
                kind=element["kind"],
                summary=element["summary"],
                aliases=_tuple(element, "aliases"),
            )
            for element in data["elements"]
        ),
        tiers=tuple(
            Tier(
                id=tier["id"],
                rank=tier["rank"],
                label=tier["label"],
                title=tier["title"],
                summary=tier["summary"],
                sources=_tuple(tier, "sources"),
                criteria=tuple(
                    Criterion(
                        id=criterion["id"],
                        elements=tuple(criterion["elements"]),
                        availability=criterion.get("availability", "released"),
                        required=criterion.get("required", True),
                        rationale=criterion.get("rationale", ""),
                        sources=_tuple(criterion, "sources"),
                    )
                    for criterion in tier["criteria"]
                ),
            )
            for tier in tiers
        ),
        data=data,
    )


# --- checks of the framework files ----------------------------------------------------------------


def check_framework(document: Document) -> list[Finding]:
    """Schema, then what a schema cannot say: ids unique, every reference resolves."""
    from .schemas import schema_findings

    findings = schema_findings(spec_schema("framework"), document)
    if findings:
        return findings
    data = document.data

    def problem(path: tuple[str | int, ...], rule: str, message: str) -> None:
        findings.append(error_at(document, path, rule, message))

    if data["definition"] not in versions():
        problem(("definition",), "spec-unknown-definition", f"no definition {data['definition']}")
        return findings
    definition = load_definition(data["definition"])
    components = {component.id for component in definition.components}
    categories = {category.id for category in definition.license_categories}
    availability = {item.id for item in definition.availability}
    kinds = {kind["id"] for kind in data["license_kinds"]}
    elements = {element["id"] for element in data["elements"]}
    seen: dict[str, str] = {}
    for section in ("license_kinds", "elements", "tiers"):
        for index, item in enumerate(data[section]):
            places: list[tuple[tuple[str | int, ...], str]] = [((section, index), item["id"])]
            for number, criterion in enumerate(item.get("criteria", ())):
                places.append(((section, index, "criteria", number), criterion["id"]))
            for place, item_id in places:
                # kinds and elements have their own namespaces; tiers and criteria are page anchors
                key = f"{section}:{item_id}"
                if key in seen:
                    problem((*place, "id"), "spec-duplicate-id", f"id {item_id!r} is used twice")
                seen[key] = item_id
    for index, kind in enumerate(data["license_kinds"]):
        for key in ("accepted", "preferred"):
            for number, category in enumerate(kind[key]):
                if category not in categories:
                    message = (
                        f"license category {category!r} is not in definition {definition.version}"
                    )
                    problem(("license_kinds", index, key, number), "spec-unknown-category", message)
        extra = sorted(set(kind["preferred"]) - set(kind["accepted"]))
        if extra:
            message = f"preferred categories {extra} are not accepted"
            problem(("license_kinds", index, "preferred"), "spec-preferred-not-accepted", message)
    names: dict[str, str] = {}
    for index, element in enumerate(data["elements"]):
        if element["component"] not in components:
            message = (
                f"component {element['component']!r} is not in definition {definition.version}"
            )
            problem(("elements", index, "component"), "spec-unknown-component", message)
        if element["kind"] not in kinds:
            message = f"license kind {element['kind']!r} is not one of {sorted(kinds)}"
            problem(("elements", index, "kind"), "spec-unknown-kind", message)
        for name in (element["name"], *element.get("aliases", ())):
            if _normal(name) in names and names[_normal(name)] != element["id"]:
                message = f"name {name!r} also names element {names[_normal(name)]}"
                problem(("elements", index, "name"), "spec-duplicate-name", message)
            names[_normal(name)] = element["id"]
    used: set[str] = set()
    ranks: set[int] = set()
    for index, tier in enumerate(data["tiers"]):
        if tier["rank"] in ranks:
            problem(("tiers", index, "rank"), "spec-level-rank", f"rank {tier['rank']} used twice")
        ranks.add(tier["rank"])
        for number, criterion in enumerate(tier["criteria"]):
            at: tuple[str | int, ...] = ("tiers", index, "criteria", number)
            for position, element_id in enumerate(criterion["elements"]):
                used.add(element_id)
                if element_id not in elements:
                    message = f"element {element_id!r} is not defined under elements"
                    problem((*at, "elements", position), "spec-unknown-element", message)
            wanted = criterion.get("availability", "released")
            if wanted not in availability:
                message = f"availability {wanted!r} is not in definition {definition.version}"
                problem((*at, "availability"), "spec-unknown-availability", message)
    for index, element in enumerate(data["elements"]):
        if element["id"] not in used:
            message = f"element {element['id']!r} is in no criterion"
            problem(("elements", index, "id"), "spec-unused-element", message)
    return findings


# --- judging a manifest ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionResult:
    """Whether a manifest meets one criterion of one tier, why, and where both sides say so."""

    tier: Tier
    criterion: Criterion
    met: bool
    reason: str
    elements: tuple[Element, ...]
    notes: tuple[str, ...]  # e.g. an open license that is not of the kind the framework prefers
    source_url: str  # the framework's text for this criterion
    clause_urls: tuple[str, ...]  # the definition's clause for each mapped component

    @property
    def title(self) -> str:
        return " or ".join(element.name for element in self.elements)


@dataclass(frozen=True)
class FrameworkResult:
    framework: Framework
    reached: Tier | None  # None: no tier (MOF "Unclassified", OSAID "Not Open Source AI")
    results: tuple[CriterionResult, ...]  # every criterion of every tier, lowest tier first

    @property
    def conformant(self) -> bool:
        return self.reached is not None

    @property
    def verdict(self) -> str:
        return self.reached.name if self.reached is not None else self.framework.unmet_title

    @property
    def url(self) -> str:
        return self.framework.url

    @property
    def next_tier(self) -> Tier | None:
        rank = self.reached.rank if self.reached is not None else 0
        higher = [tier for tier in self.framework.tiers if tier.rank > rank]
        return higher[0] if higher else None

    @property
    def missing(self) -> tuple[CriterionResult, ...]:
        """Required criteria not met that stand between the manifest and the next tier."""
        target = self.next_tier
        if target is None:
            return ()
        tiers = {tier.id for tier in self.framework.tiers_up_to(target)}
        return tuple(
            result
            for result in self.results
            if result.criterion.required and not result.met and result.tier.id in tiers
        )


def evaluate(manifest: Manifest, framework: Framework) -> FrameworkResult:
    """The tier of one framework a valid manifest reaches, criterion by criterion. Pure."""
    definition = load_definition(framework.definition)
    results = tuple(
        _judge(manifest, framework, definition, tier, criterion)
        for tier in framework.tiers
        for criterion in tier.criteria
    )
    met = {result.criterion.id for result in results if result.met or not result.criterion.required}
    reached: Tier | None = None
    for tier in framework.tiers:
        if all(c.id in met for lower in framework.tiers_up_to(tier) for c in lower.criteria):
            reached = tier
        elif framework.cumulative:
            break
    return FrameworkResult(framework, reached, results)


def evaluate_all(manifest: Manifest) -> tuple[FrameworkResult, ...]:
    """The manifest against every crosswalk there is."""
    return tuple(evaluate(manifest, framework) for framework in frameworks())


def _judge(
    manifest: Manifest,
    framework: Framework,
    definition: Definition,
    tier: Tier,
    criterion: Criterion,
) -> CriterionResult:
    registry = load_licenses(framework.definition)
    elements = tuple(framework.element(element_id) for element_id in criterion.elements)
    verdicts: list[tuple[bool, str, list[str]]] = []
    for element in elements:
        kind = framework.kind(element.kind)
        requirement = Requirement(
            id=criterion.id,
            component=element.component,
            availability=criterion.availability,
            license_categories=kind.accepted,
            rationale=criterion.rationale,
            sources=criterion.sources,
        )
        declaration = manifest.components.get(element.component)
        met, reason = check_requirement(requirement, declaration, definition, registry)
        notes = []
        expression = component_license(declaration) if declaration is not None else None
        if met and expression and set(kind.preferred) != set(kind.accepted):
            try:
                preferred = satisfies(parse(expression), frozenset(kind.preferred), registry)
            except LicenseSyntaxError:
                preferred = True  # an unreadable license cannot have met the criterion
            if not preferred:
                notes.append(
                    f"{element.name}: {expression} is open, but the {framework.short_title} "
                    f"prefers {', '.join(kind.preferred)} licenses for {kind.title.lower()}"
                )
        verdicts.append((met, reason, notes))
    chosen = [verdict for verdict in verdicts if verdict[0]] or verdicts
    met = chosen[0][0]
    reason = chosen[0][1] if met else "; ".join(verdict[1] for verdict in verdicts)
    sources = criterion.sources or tier.sources or framework.sources
    return CriterionResult(
        tier=tier,
        criterion=criterion,
        met=met,
        reason=reason,
        elements=elements,
        notes=tuple(chosen[0][2]) if met else (),
        source_url=sources[0] if sources else framework.url,
        clause_urls=tuple(
            clause_url(definition.version, element.component) for element in elements
        ),
    )


# --- the definition's levels seen through a framework (for the site) -----------------------------


def criterion_covered(
    level: Level, definition: Definition, framework: Framework, criterion: Criterion
) -> bool:
    """Whether every manifest reaching `level` is sure to meet `criterion` of the framework."""
    for element_id in criterion.elements:
        element = framework.element(element_id)
        accepted = set(framework.kind(element.kind).accepted)
        wanted = definition.availability_rank(criterion.availability)
        for _, requirement in definition.requirements_up_to(level):
            if (
                requirement.component == element.component
                and definition.availability_rank(requirement.availability) >= wanted
                and set(requirement.license_categories) <= accepted
            ):
                return True
    return False


def implied_tier(level: Level, definition: Definition, framework: Framework) -> Tier | None:
    """The highest tier that reaching `level` guarantees, or None when it guarantees none."""
    implied: Tier | None = None
    for tier in framework.tiers:
        if all(
            criterion_covered(level, definition, framework, criterion)
            for lower in framework.tiers_up_to(tier)
            for criterion in lower.criteria
            if criterion.required
        ):
            implied = tier
        elif framework.cumulative:
            break
    return implied
