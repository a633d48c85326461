"""Other openness frameworks (the MOF's classes, OSI's OSAID 1.0) as data: spec/frameworks/<id>.yaml.

Each file maps the framework's elements onto the definition's components, its license rules onto the
definition's license categories, and says how the framework reads terms a component does not state
(`terms`). This module loads those files (one cached call each) and checks them; `crosswalk` judges
manifests against them.

>>> from openness.frameworks import load_framework
>>> [tier.label for tier in load_framework("mof-1.0").tiers]
['Class III', 'Class II', 'Class I']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any, TypeVar

from .facts import KINDS
from .findings import Finding, error_at
from .reader import Document
from .requirements import TermsRule
from .spec import _load_yaml, load_definition, load_licenses, spec_dir, spec_schema, versions

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
    # Restriction tags of the registry: a restricted license whose every restricting tag is
    # tolerated meets the kind; one with an uncertain tag (and no worse) leaves it undetermined.
    tolerated: tuple[str, ...] = ()
    uncertain: tuple[str, ...] = ()


@dataclass(frozen=True)
class Element:
    """One component as the framework names it, mapped onto a component of the definition."""

    id: str
    name: str
    component: str
    kind: str
    summary: str
    aliases: tuple[str, ...] = ()
    # combined: the component's terms and every dataset's decide (the definition's weakest term);
    # component: only the terms the component is released under, its datasets' are reported.
    datasets: str = "combined"


@dataclass(frozen=True)
class TermsReading:
    """How the framework reads a component whose terms are not stated on it, and where it says so."""

    unstated: str  # inherit-release | unknown
    summary: str
    quote: str = ""
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class FactTest:
    """A test on one fact of the release (`openness.facts`): met by some values, failed by others;
    any other value, or the fact left out, leaves the criterion undetermined."""

    fact: str
    met: tuple[str, ...] = ()
    unmet: tuple[str, ...] = ()
    at_most: float | None = None  # a numeric fact: met at or below it, failed above it


@dataclass(frozen=True)
class Otherwise:
    """A second way to meet a criterion: a fact that allows it, with elements in its place."""

    test: FactTest
    elements: tuple[str, ...]
    rationale: str = ""


@dataclass(frozen=True)
class Criterion:
    """Met when any one of its elements is released (at least) under an accepted license, or,
    for a fact criterion, when the fact passes its test."""

    id: str
    elements: tuple[str, ...]
    availability: str = "released"
    required: bool = True  # False: an optional element, shown but never deciding
    rationale: str = ""
    sources: tuple[str, ...] = ()
    quote: str = ""  # the framework's own words for the criterion
    fact: FactTest | None = None
    otherwise: Otherwise | None = None
    cites: str = ""  # the article, recital or paragraph the criterion comes from
    unsourced: str = ""  # when no source could be quoted: what was searched


@dataclass(frozen=True)
class Difference:
    """Where a framework and the definition part, and why, in the crosswalk's words."""

    id: str
    title: str
    summary: str


@dataclass(frozen=True)
class Obligation:
    """What stays owed whatever the verdict (the EU AI Act's training-content summary...)."""

    id: str
    title: str
    summary: str
    cites: str
    quote: str
    sources: tuple[str, ...]


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
    terms: TermsReading = TermsReading("unknown", "Terms not stated are unknown.")
    # The verdict when no tier is reached but one could be, were the unknowns known ("cannot tell");
    # empty: the framework has none, and the unmet title stands, with what is unknown beside it.
    undetermined_title: str = ""
    undetermined_summary: str = ""
    disclaimer: str = ""  # said once in every output that shows the verdict
    obligations: tuple[Obligation, ...] = ()
    differences: tuple[Difference, ...] = ()  # where it parts from the definition, and why
    order: int | None = None  # where it is listed among the crosswalks; None: after those with one
    data: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def rule_for(self, element: Element) -> TermsRule:
        """The terms rule the requirement check applies to one element of this framework."""
        return TermsRule(
            inherit_unstated=self.terms.unstated == "inherit-release",
            own_license_only=element.datasets == "component",
        )

    @property
    def name(self) -> str:
        return f"{self.title} {self.version}"

    def element(self, element_id: str) -> Element:
        try:
            return self._elements_by_id[element_id]
        except KeyError:
            raise KeyError(element_id) from None

    def kind(self, kind_id: str) -> LicenseKind:
        try:
            return self._kinds_by_id[kind_id]
        except KeyError:
            raise KeyError(kind_id) from None

    # Looked up for every element of every criterion a batch judges afresh: each index is built on
    # first use and kept in the instance (cached_property writes around the frozen fields), as
    # spec.Definition keeps its own. Built in reverse, so that the first of a repeated id wins, as in _by_id.
    @cached_property
    def _elements_by_id(self) -> dict[str, Element]:
        return {element.id: element for element in reversed(self.elements)}

    @cached_property
    def _kinds_by_id(self) -> dict[str, LicenseKind]:
        return {kind.id: kind for kind in reversed(self.license_kinds)}

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
    return list(_framework_ids())


@cache
def _framework_ids() -> tuple[str, ...]:
    # Asked for each manifest assessed (crosswalk.evaluate_all): the folder is listed once.
    return tuple(sorted(path.stem for path in frameworks_dir().glob("*.yaml")))


@cache
def load_framework(framework_id: str) -> Framework:
    """One crosswalk, e.g. load_framework("mof-1.0"). Raises KeyError for an unknown id."""
    path = framework_path(framework_id)
    if not path.is_file():
        raise KeyError(framework_id)
    return framework_from_data(_load_yaml(path))


@cache
def load_frameworks() -> tuple[Framework, ...]:
    """Every crosswalk, in the order its files state (`order`), then by id."""
    loaded = (load_framework(framework_id) for framework_id in framework_ids())
    return tuple(sorted(loaded, key=_listing_key))


def _listing_key(framework: Framework) -> tuple[bool, int, str]:
    return (framework.order is None, framework.order or 0, framework.id)


def clear_caches() -> None:
    """Forget every crosswalk file read so far, for a long-lived process (mkdocs serve)."""
    for cached in (_framework_ids, load_framework, load_frameworks, _name_index):
        cached.cache_clear()


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
                tolerated=_tuple(kind, "tolerated"),
                uncertain=_tuple(kind, "uncertain"),
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
                datasets=element.get("datasets", "combined"),
            )
            for element in data["elements"]
        ),
        terms=TermsReading(
            unstated=data["terms"]["unstated"],
            summary=data["terms"]["summary"],
            quote=data["terms"].get("quote", ""),
            sources=_tuple(data["terms"], "sources"),
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
                        elements=_tuple(criterion, "elements"),
                        availability=criterion.get("availability", "released"),
                        required=criterion.get("required", True),
                        rationale=criterion.get("rationale", ""),
                        quote=criterion.get("quote", ""),
                        sources=_tuple(criterion, "sources"),
                        fact=_fact_test(criterion.get("fact")),
                        otherwise=_otherwise(criterion.get("otherwise")),
                        cites=criterion.get("cites", ""),
                        unsourced=criterion.get("unsourced", ""),
                    )
                    for criterion in tier["criteria"]
                ),
            )
            for tier in tiers
        ),
        undetermined_title=data.get("undetermined", {}).get("title", ""),
        undetermined_summary=data.get("undetermined", {}).get("summary", ""),
        disclaimer=data.get("disclaimer", ""),
        obligations=tuple(
            Obligation(
                id=item["id"],
                title=item["title"],
                summary=item["summary"],
                cites=item["cites"],
                quote=item["quote"],
                sources=tuple(item["sources"]),
            )
            for item in data.get("obligations", ())
        ),
        differences=tuple(
            Difference(item["id"], item["title"], item["summary"])
            for item in data.get("differences", ())
        ),
        order=data.get("order"),
        data=data,
    )


def _fact_test(data: dict[str, Any] | None) -> FactTest | None:
    if data is None:
        return None
    at_most = data.get("at_most")
    return FactTest(
        fact=data["id"],
        met=_tuple(data, "met"),
        unmet=_tuple(data, "unmet"),
        at_most=float(at_most) if at_most is not None else None,
    )


def _otherwise(data: dict[str, Any] | None) -> Otherwise | None:
    if data is None:
        return None
    test = _fact_test(data["fact"])
    assert test is not None
    return Otherwise(test, tuple(data["elements"]), data.get("rationale", ""))


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
        registry = load_licenses(data["definition"])
        for key in ("tolerated", "uncertain"):
            for number, tag in enumerate(kind.get(key, ())):
                if tag not in {item.id for item in registry.restriction_tags}:
                    message = (
                        f"restriction tag {tag!r} is not in license registry {registry.version}"
                    )
                    problem(("license_kinds", index, key, number), "spec-unknown-tag", message)
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
            places = [((*at, "elements"), criterion.get("elements", ()))]
            if "otherwise" in criterion:
                places.append(((*at, "otherwise", "elements"), criterion["otherwise"]["elements"]))
            for where, listed in places:
                for position, element_id in enumerate(listed):
                    used.add(element_id)
                    if element_id not in elements:
                        message = f"element {element_id!r} is not defined under elements"
                        problem((*where, position), "spec-unknown-element", message)
            tests = [((*at, "fact"), criterion.get("fact"))]
            if "otherwise" in criterion:
                tests.append(((*at, "otherwise", "fact"), criterion["otherwise"]["fact"]))
            for where, test in tests:
                if test is not None:
                    _check_fact_test(test, where, problem)
            wanted = criterion.get("availability", "released")
            if wanted not in availability:
                message = f"availability {wanted!r} is not in definition {definition.version}"
                problem((*at, "availability"), "spec-unknown-availability", message)
    for index, element in enumerate(data["elements"]):
        if element["id"] not in used:
            message = f"element {element['id']!r} is in no criterion"
            problem(("elements", index, "id"), "spec-unused-element", message)
    return findings


def _check_fact_test(
    test: dict[str, Any], at: tuple[str | int, ...], problem: Callable[..., None]
) -> None:
    kind = KINDS.get(test["id"])
    if kind is None:
        problem(
            (*at, "id"), "spec-unknown-fact", f"fact {test['id']!r} is not one of {sorted(KINDS)}"
        )
    elif kind.numeric != ("at_most" in test):
        wanted = "at_most" if kind.numeric else "met or unmet values, not at_most"
        problem(at, "spec-fact-test", f"fact {test['id']!r} is tested with {wanted}")
