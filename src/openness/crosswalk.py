"""Crosswalks: a manifest judged against another openness framework (MOF classes, OSAID 1.0).

The frameworks are data (`openness.frameworks`); each criterion is judged with the same requirement
check the definition's own levels use (`openness.requirements`), under the framework's own reading
of unstated terms. This module imports neither `assess` nor `validate`: data flows one way.

>>> from openness.crosswalk import evaluate
>>> from openness.frameworks import load_framework
>>> result = evaluate(manifest, load_framework("mof-1.0"))   # doctest: +SKIP
>>> result.verdict                                           # doctest: +SKIP
'Class III (Open Model)'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import NamedTuple

from .facts import KINDS, Reading, fact_ids, read_fact
from .frameworks import Criterion, Element, FactTest, Framework, Tier, load_frameworks
from .licenses import LicenseSyntaxError, parse, satisfies
from .manifest import Manifest
from .memo import BOUND, Same
from .requirements import (
    DeclaredTerms,
    Judgement,
    ManifestTerms,
    TermsRule,
    judge_state,
    manifest_terms,
    terms_state,
)
from .spec import Definition, Level, Requirement, load_definition, load_licenses
from .urls import clause_url

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
    possible: bool = False  # met, or would be if every unknown turned out open
    unknown: tuple[str, ...] = ()  # what the result depends on that nobody has established

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
    def undetermined(self) -> bool:
        """No tier reached, one within reach were the unknowns known, and the framework has a
        verdict for that ("cannot tell")."""
        return (
            self.reached is None
            and bool(self.framework.undetermined_title)
            and self.possible_tier is not None
        )

    @property
    def status(self) -> str:
        """met (a tier reached), unmet, or undetermined."""
        if self.reached is not None:
            return "met"
        return "undetermined" if self.undetermined else "unmet"

    @property
    def verdict(self) -> str:
        if self.reached is not None:
            return self.reached.name
        if self.undetermined:
            return self.framework.undetermined_title
        return self.framework.unmet_title

    @property
    def url(self) -> str:
        return self.framework.url

    @property
    def next_tier(self) -> Tier | None:
        rank = self.reached.rank if self.reached is not None else 0
        higher = [tier for tier in self.framework.tiers if tier.rank > rank]
        return higher[0] if higher else None

    # Kept in the instance (cached_property writes around the frozen fields): the verdict's words,
    # its status and what is unknown each ask for it, and the result is immutable.
    @cached_property
    def possible_tier(self) -> Tier | None:
        """The tier the manifest would reach if every unknown turned out open."""
        return _reached(self.framework, {r.criterion.id for r in self.results if r.possible})

    @property
    def unknown(self) -> tuple[str, ...]:
        """What the tier it could reach depends on that nobody has established, once each."""
        possible = self.possible_tier
        tiers = {tier.id for tier in self.framework.tiers_up_to(possible)} if possible else set()
        return tuple(
            dict.fromkeys(
                item
                for result in self.results
                if result.criterion.required and result.tier.id in tiers
                for item in result.unknown
            )
        )

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
    release_license, declared = manifest_terms(manifest)
    inputs = _inputs(framework, dict(declared), release_license, dict(_facts_read(manifest)), {})
    return _evaluated(Same(framework), inputs)


# What a criterion reads of a fact (`facts.Reading` without its kind, which the fact's id names):
# its values, its number, whether it is stated. A plain tuple: part of the keys of `_evaluated`
# and `_criterion_verdict`, which a tuple hashes in C where a Reading's hash walks its kind.
_FactContent = tuple[tuple[str, ...], float | None, bool]


class _Inputs(NamedTuple):
    """All a framework reads of a manifest: the state of each of its elements, by element id, and
    each fact its criteria test, by fact id. The key of `_evaluated`: a named tuple, hashed in C."""

    elements: tuple[tuple[str, _ElementState], ...]
    facts: tuple[tuple[str, _FactContent], ...]


def _inputs(
    framework: Framework,
    declared: dict[str, DeclaredTerms],
    release_license: str | None,
    facts: dict[str, _FactContent],
    states: dict[tuple[str, TermsRule], _ElementState],
) -> _Inputs:
    """What one framework reads of a manifest's declarations (`requirements.read_declaration`, by
    component id) and facts (by fact id). `states`: each component under each rule, read once
    for all the frameworks."""
    elements, fact_ids_read = _reads(Same(framework))
    return _Inputs(
        tuple(
            (element_id, _element_state(declared, component, release_license, rule, states))
            for element_id, component, rule in elements
        ),
        tuple((fact_id, facts[fact_id]) for fact_id in fact_ids_read),
    )


def _facts_read(manifest: Manifest) -> tuple[tuple[str, _FactContent], ...]:
    """Every fact of the release a framework may test (`facts`), read once, by fact id."""
    return tuple(
        (fact_id, (reading.values, reading.number, reading.stated))
        for fact_id in fact_ids()
        for reading in (read_fact(manifest, fact_id),)
    )


@lru_cache(maxsize=64)
def _reads(
    same_framework: Same[Framework],
) -> tuple[tuple[tuple[str, str, TermsRule], ...], tuple[str, ...]]:
    """What a framework reads of a manifest: each element's component under the element's terms
    rule, and the facts its criteria test, once each."""
    framework = same_framework.value
    criteria = [criterion for tier in framework.tiers for criterion in tier.criteria]
    tests = [criterion.fact for criterion in criteria] + [
        criterion.otherwise.test for criterion in criteria if criterion.otherwise is not None
    ]
    return (
        tuple(
            (element.id, element.component, framework.rule_for(element))
            for element in framework.elements
        ),
        tuple(dict.fromkeys(test.fact for test in tests if test is not None)),
    )


# One criterion of a framework and what judging it reads: its tier, the criterion, the ids of the
# elements it may judge (its own, then those that may take their place) and of the facts it tests.
_CriterionReads = tuple[Tier, Criterion, tuple[str, ...], tuple[str, ...]]


@lru_cache(maxsize=64)
def _criteria_reads(same_framework: Same[Framework]) -> tuple[_CriterionReads, ...]:
    """Each criterion of a framework, lowest tier first, with what `_judge` reads of a manifest
    to judge it: the key of its verdict (`_criterion_verdict`)."""
    reads = []
    for tier in same_framework.value.tiers:
        for criterion in tier.criteria:
            elements = list(criterion.elements)
            facts = [criterion.fact.fact] if criterion.fact is not None else []
            if criterion.otherwise is not None:
                elements += criterion.otherwise.elements
                facts.append(criterion.otherwise.test.fact)
            reads.append(
                (tier, criterion, tuple(dict.fromkeys(elements)), tuple(dict.fromkeys(facts)))
            )
    return tuple(reads)


# Fewer than the judgements: a framework's result holds every criterion's.
@lru_cache(maxsize=BOUND // 8)
def _evaluated(same_framework: Same[Framework], inputs: _Inputs) -> FrameworkResult:
    """A framework's verdict on what it reads of a manifest: pure in it, and kept, for manifests
    that declare the same (a registry's copies and versions of one model). Each criterion is
    judged on what it reads alone (`_criterion_verdict`): manifests that differ somewhere share
    the verdicts on the criteria that do not read the difference."""
    framework = same_framework.value
    elements, facts = dict(inputs.elements), dict(inputs.facts)
    results = tuple(
        _criterion_verdict(
            same_framework,
            index,
            tuple([elements[element_id] for element_id in element_ids]),
            tuple([facts[fact_id] for fact_id in fact_ids_read]),
        )
        for index, (_, _, element_ids, fact_ids_read) in enumerate(_criteria_reads(same_framework))
    )
    met = {result.criterion.id for result in results if result.met}
    return FrameworkResult(framework, _reached(framework, met), results)


# A criterion's result per distinct state of what it reads: many fewer than the manifests.
@lru_cache(maxsize=BOUND)
def _criterion_verdict(
    same_framework: Same[Framework],
    index: int,
    states: tuple[_ElementState, ...],
    facts: tuple[_FactContent, ...],
) -> CriterionResult:
    """The verdict on the framework's criterion at `index` (`_criteria_reads`, which names its
    tier) for the states of the elements it reads and the facts it tests, in that order. The
    criterion is judged on a `_Read` of these alone, so the key holds every input: a criterion
    that read anything else would fail to find it. Kept, and the same object for every manifest
    in that state, which `render` encodes once."""
    framework = same_framework.value
    tier, criterion, element_ids, fact_ids_read = _criteria_reads(same_framework)[index]
    read = _Read(
        dict(zip(element_ids, states, strict=True)),
        {
            fact_id: Reading(KINDS[fact_id], *content)
            for fact_id, content in zip(fact_ids_read, facts, strict=True)
        },
    )
    return _judge(read, framework, load_definition(framework.definition), tier, criterion)


@dataclass(frozen=True)
class _Read:
    """What a criterion reads, as mappings for it to look up: element states by element id,
    facts by fact id."""

    elements: dict[str, _ElementState]
    facts: dict[str, Reading]


def _reached(framework: Framework, met: set[str]) -> Tier | None:
    """The highest tier whose required criteria (and, if cumulative, the lower tiers') are met."""
    reached: Tier | None = None
    for tier in framework.tiers:
        if all(
            c.id in met or not c.required
            for lower in framework.tiers_up_to(tier)
            for c in lower.criteria
        ):
            reached = tier
        elif framework.cumulative:
            break
    return reached


def evaluate_all(
    manifest: Manifest, terms: ManifestTerms | None = None
) -> tuple[FrameworkResult, ...]:
    """The manifest against every crosswalk there is. `terms`: its `requirements.manifest_terms`,
    when the caller has read them already (for the levels)."""
    if terms is None:
        terms = manifest_terms(manifest)
    return _verdicts(Same(load_frameworks()), terms, _facts_read(manifest))


# As many as `_evaluated` keeps: an entry holds one of its results per framework.
@lru_cache(maxsize=BOUND // 8)
def _verdicts(
    same_frameworks: Same[tuple[Framework, ...]],
    terms: ManifestTerms,
    facts: tuple[tuple[str, _FactContent], ...],
) -> tuple[FrameworkResult, ...]:
    """Every framework's verdict on what the frameworks read of a manifest: the terms of its
    components (`requirements.manifest_terms`) and the facts of its release (`_facts_read`).
    Computed from the key alone, so the key holds every input; kept, so that a manifest declaring
    what another did (a registry's copies and versions of one model) is judged with one look-up,
    not with one per framework and element."""
    release_license, declared = terms
    by_component = dict(declared)
    by_fact = dict(facts)
    states: dict[tuple[str, TermsRule], _ElementState] = {}
    return tuple(
        _evaluated(
            Same(framework), _inputs(framework, by_component, release_license, by_fact, states)
        )
        for framework in same_frameworks.value
    )


@dataclass(frozen=True)
class _Partial:
    """The judgement of one way to meet a criterion: its elements, or a fact."""

    met: bool
    reason: str
    possible: bool
    unknown: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


def _judge(
    read: _Read,
    framework: Framework,
    definition: Definition,
    tier: Tier,
    criterion: Criterion,
) -> CriterionResult:
    elements = tuple(framework.element(element_id) for element_id in criterion.elements)
    ways: list[_Partial] = []
    if criterion.fact is not None:
        ways.append(_judge_fact(read, criterion.fact))
    if elements:
        ways.append(_judge_elements(read, framework, tier, criterion, elements))
    if criterion.fact is not None and elements:
        ways = [_both(ways[0], ways[1])]
    first = ways[0]
    if not first.met and criterion.otherwise is not None:
        other = criterion.otherwise
        alternative = tuple(framework.element(element_id) for element_id in other.elements)
        fact = _judge_fact(read, other.test)
        instead = _both(fact, _judge_elements(read, framework, tier, criterion, alternative))
        ways.append(
            _Partial(
                instead.met,
                f"{first.reason}; or, in its place: {instead.reason}",
                instead.possible,
                instead.unknown,
                instead.notes,
            )
            if not instead.met
            else instead
        )
        elements += alternative
    chosen = next((way for way in ways if way.met), ways[-1])
    # The link is to the framework's own text for the tier (the MOF's paper, the OSAID's page); a
    # criterion's sources back its rationale (how the MOT reads the text, say), not the criterion.
    sources = tier.sources or framework.sources
    return CriterionResult(
        tier=tier,
        criterion=criterion,
        met=chosen.met,
        reason=chosen.reason,
        elements=elements,
        notes=chosen.notes if chosen.met else (),
        source_url=sources[0] if sources else framework.url,
        clause_urls=tuple(
            clause_url(definition.version, element.component) for element in elements
        ),
        possible=any(way.possible for way in ways),
        unknown=()
        if chosen.met
        else tuple(dict.fromkeys(item for way in ways if way.possible for item in way.unknown)),
    )


def _both(first: _Partial, second: _Partial) -> _Partial:
    """Two conditions that must both hold: the first that fails gives the reason."""
    if first.met and second.met:
        return _Partial(True, f"{first.reason}; {second.reason}", True, (), second.notes)
    failing = first if not first.met else second
    return _Partial(
        False,
        failing.reason,
        first.possible and second.possible,
        tuple(dict.fromkeys((*first.unknown, *second.unknown))),
    )


def _judge_fact(read: _Read, test: FactTest) -> _Partial:
    """A fact of the release against a criterion's test: met, failed, or undetermined."""
    reading = read.facts[test.fact]
    kind = reading.kind
    if not reading.stated:
        missing = f"{kind.title} (not stated: {kind.field})"
        return _Partial(
            False,
            f"cannot tell {kind.title}: the manifest does not say",
            True,
            (missing,),
        )
    if reading.number is not None and test.at_most is not None:
        if reading.number <= test.at_most:
            return _Partial(
                True, f"{kind.title} is {reading.words}, not above {test.at_most:.0e}", True
            )
        return _Partial(False, f"{kind.title} is {reading.words}, above {test.at_most:.0e}", False)
    values = reading.values
    failing = [value for value in values if value in test.unmet]
    if failing:
        return _Partial(False, f"{kind.title}: {', '.join(failing)}", False)
    if values and all(value in test.met for value in values):
        return _Partial(True, f"{kind.title}: {reading.words}", True)
    open_values = [value for value in values if value not in test.met]
    undecided = f"whether {', '.join(open_values)} counts ({kind.title})"
    return _Partial(False, f"cannot tell from {kind.title} ({reading.words})", True, (undecided,))


def _judge_elements(
    read: _Read,
    framework: Framework,
    tier: Tier,
    criterion: Criterion,
    elements: tuple[Element, ...],
) -> _Partial:
    judged = [
        _judge_element(
            Same(framework),
            Same(tier),
            Same(criterion),
            element,
            read.elements[element.id],
        )
        for element in elements
    ]
    chosen = [item for item in judged if item[0].met] or judged
    met = chosen[0][0].met
    reason = chosen[0][0].reason if met else "; ".join(item[0].reason for item in judged)
    return _Partial(
        met,
        reason,
        any(item[0].possible for item in judged),
        () if met else tuple(dict.fromkeys(u for item in judged for u in item[0].unknown)),
        chosen[0][1] if met else (),
    )


class _ElementState(NamedTuple):
    """All the judgement of an element reads of a manifest (`_judge_element`). A named tuple: it is
    part of the key of `_evaluated` and `_judge_element`, hashed and compared for every element of
    every manifest, which a tuple does in C."""

    availability: str | None  # None: the component is not declared
    expression: str  # `requirements.declared_terms` under the framework's rule
    unstated: bool  # its terms are unknown (the framework may count the release's license)
    datasets: tuple[str, ...]  # its datasets' licenses, when the framework reads its own terms only


def _element_state(
    declared: dict[str, DeclaredTerms],
    component: str,
    release_license: str | None,
    rule: TermsRule,
    states: dict[tuple[str, TermsRule], _ElementState],
) -> _ElementState:
    known = states.get((component, rule))
    if known is not None:
        return known
    declaration = declared.get(component)
    availability, expression = terms_state(declaration, release_license, rule)
    if declaration is None:
        state = _ElementState(availability, expression, False, ())
    else:
        _, terms, _, datasets = declaration
        own = {license or "NOASSERTION" for _, license in datasets} if rule.own_license_only else ()
        state = _ElementState(availability, expression, terms == "unknown", tuple(sorted(own)))
    states[component, rule] = state
    return state


@lru_cache(maxsize=BOUND)
def _judge_element(
    same_framework: Same[Framework],
    same_tier: Same[Tier],
    same_criterion: Same[Criterion],
    element: Element,
    state: _ElementState,
) -> tuple[Judgement, tuple[str, ...]]:
    """One element of a criterion judged, with the notes on how: pure in the element's state, which
    manifests share (a few availabilities, a few licenses), so it is kept."""
    framework, tier, criterion = same_framework.value, same_tier.value, same_criterion.value
    definition = load_definition(framework.definition)
    registry = load_licenses(framework.definition)
    kind = framework.kind(element.kind)
    requirement = Requirement(
        id=criterion.id,
        component=element.component,
        availability=criterion.availability,
        license_categories=kind.accepted,
        rationale=criterion.rationale,
        sources=criterion.sources,
        tolerated_restrictions=kind.tolerated,
        uncertain_restrictions=kind.uncertain,
    )
    rule = framework.rule_for(element)
    judgement = judge_state(
        requirement,
        state.availability,
        state.expression,
        definition,
        registry,
        goal=f"{tier.title} ({framework.short_title} {tier.label})",
    )
    notes = []
    if state.availability is not None and judgement.met and judgement.expression:
        expression = judgement.expression
        if state.unstated and rule.inherit_unstated:
            notes.append(
                f"{element.name}: no terms stated on it; the {framework.short_title} counts "
                f"it under the release's license, {expression}"
            )
        if state.datasets:
            notes.append(
                f"{element.name}: judged by the terms it is released under; the datasets "
                f"in it keep their own ({', '.join(state.datasets)})"
            )
        try:
            parsed = parse(expression)
        except LicenseSyntaxError:
            parsed = None  # an unreadable license cannot have met the criterion
        if (
            parsed is not None
            and kind.tolerated
            and not satisfies(parsed, frozenset(kind.accepted), registry)
        ):
            notes.append(
                f"{element.name}: {expression} restricts use, in ways the "
                f"{framework.short_title} tolerates ({', '.join(kind.tolerated)})"
            )
        if (
            parsed is not None
            and set(kind.preferred) != set(kind.accepted)
            and not satisfies(parsed, frozenset(kind.preferred), registry)
        ):
            notes.append(
                f"{element.name}: {expression} is open, but the {framework.short_title} "
                f"prefers {', '.join(kind.preferred)} licenses for {kind.title.lower()}"
            )
    return judgement, tuple(notes)


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
