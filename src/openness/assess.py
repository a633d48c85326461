"""Assess a manifest: the level of the definition it reaches, and why, requirement by requirement.

One way down: `requirements` judges one component against one requirement; this module judges every
level with it, adds what a derivative inherits (`derivatives`) and the other frameworks' verdicts
(`crosswalk`); `api` reads, validates and assesses files; the renderers show the result.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from .derivatives import Inherited, base_chain, inherited_terms
from .findings import Finding
from .manifest import Manifest
from .memo import BOUND, Same
from .reader import DEFAULT_MAX_BYTES
from .records import Record
from .spec import (
    Definition,
    Level,
    LicenseRegistry,
    Requirement,
    load_definition,
    load_licenses,
)
from .urls import clause_url

if TYPE_CHECKING:
    from .crosswalk import FrameworkResult
    from .requirements import ComponentState, ManifestTerms


@dataclass(frozen=True, eq=False, repr=False)
class RequirementResult(Record):
    """Whether a manifest meets one requirement of one level, and in words why."""

    level: str
    level_rank: int
    requirement: Requirement
    met: bool
    reason: str
    url: str
    possible: bool = False  # met, or would be if every unknown turned out open
    unknown: tuple[str, ...] = ()  # what the result depends on that nobody has established
    # License and exception ids the registry has not reviewed that this verdict rests on: they count
    # as restricted until reviewed, so the verdict is provisional while this is not empty.
    unreviewed: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False, repr=False)
class Assessment(Record):
    """The level a manifest reaches under one definition, each requirement's result, the next level."""

    file: str
    model: str
    definition: Definition
    level: Level
    next_level: Level | None
    results: tuple[RequirementResult, ...]  # every requirement of every level, lowest level first
    findings: tuple[Finding, ...] = ()  # validation findings, when the manifest was validated first
    crosswalks: tuple[FrameworkResult, ...] = ()  # the verdict of each other framework (MOF, OSAID)
    components: tuple[ComponentState, ...] = ()  # each component of the definition, in its order

    @property
    def missing(self) -> tuple[RequirementResult, ...]:
        """What stands between the manifest and the next level: unmet requirements up to it."""
        if self.next_level is None:
            return ()
        rank = self.next_level.rank
        return tuple(
            result for result in self.results if not result.met and result.level_rank <= rank
        )

    @property
    def blocker(self) -> RequirementResult | None:
        """The first requirement of the next level that keeps the manifest from it: one that would
        stay unmet even if every unknown turned out open, else the first that is unknown."""
        missing = self.missing
        definite = [result for result in missing if not result.possible]
        return next(iter(definite or missing), None)

    @property
    def level_url(self) -> str:
        return clause_url(self.definition.version, self.level.id)

    @property
    def possible_level(self) -> Level:
        """The level the manifest would reach if every unknown turned out open (at least `level`)."""
        return _reached(self.definition, self.results, lambda result: result.possible)

    @property
    def unknown(self) -> tuple[str, ...]:
        """What the verdict on the levels above the one reached depends on, once each."""
        rank = self.possible_level.rank  # once, not once per result
        return tuple(
            dict.fromkeys(
                item
                for result in self.results
                if not result.met and result.level_rank <= rank
                for item in result.unknown
            )
        )


def assess_with_base(
    manifest: Manifest,
    definition_version: str,
    *,
    findings: tuple[Finding, ...] = (),
    max_bytes: int = DEFAULT_MAX_BYTES,
    crosswalks: bool = True,
    root: str | os.PathLike[str] | None = None,
    terms: ManifestTerms | None = None,
) -> Assessment:
    """Read the chain of base manifests a derivative names, then assess it with what it inherits.

    Base manifests are read only inside `root`, by default the manifest's own folder. `terms`:
    the manifest's `requirements.manifest_terms`, when the caller has them (for the crosswalks
    too), so that they are read once."""
    chain, warnings = base_chain(manifest, max_bytes=max_bytes, root=root)
    inherited = inherited_terms(chain, manifest.model.producer)
    return _assessed(
        manifest,
        definition_version,
        inherited,
        crosswalks,
        tuple(dict.fromkeys((*findings, *warnings))),
        terms,
    )


def assess_manifest(
    manifest: Manifest,
    definition_version: str,
    inherited: Mapping[str, Inherited] | None = None,
    *,
    crosswalks: bool = True,
) -> Assessment:
    """The verdict on a valid manifest under one definition version. Pure: same input, same verdict.

    `inherited` holds the terms a derivative's components inherit from its base models."""
    return _assessed(manifest, definition_version, inherited or {}, crosswalks, ())


def _assessed(
    manifest: Manifest,
    definition_version: str,
    inherited: Mapping[str, Inherited],
    crosswalks: bool,
    findings: tuple[Finding, ...],
    terms: ManifestTerms | None = None,
) -> Assessment:
    """`assess_manifest`, with the findings to show beside the verdict (and the manifest's
    `manifest_terms`, when the caller has read them)."""
    if terms is None:
        # Imported here, as in _levels: a validate of a manifest that claims no level judges none,
        # and a cold start then defines none of the judgements' classes (tests/test_cold_start.py).
        from .requirements import manifest_terms

        terms = manifest_terms(manifest)
    definition = load_definition(definition_version)
    results, reached, following, components = _judged_levels(
        Same(definition),
        load_licenses(definition_version),
        terms,
        tuple(manifest.license_urls.items()),
        tuple((component_id, item.license, item.base) for component_id, item in inherited.items()),
    )
    frameworks: tuple[FrameworkResult, ...] = ()
    if crosswalks:  # imported here: `validate` judges the level only, without the frameworks
        from .crosswalk import evaluate_all

        frameworks = evaluate_all(manifest, terms)
    return Assessment(
        manifest.file,
        manifest.model.name,
        definition,
        reached,
        following,
        results,
        findings,
        frameworks,
        components,
    )


def completed(
    assessment: Assessment,
    findings: tuple[Finding, ...],
    crosswalks: tuple[FrameworkResult, ...] | None = None,
) -> Assessment:
    """The assessment with these findings (and these frameworks' verdicts, when given): what
    dataclasses.replace makes, built field by field, as replace costs a batch several times as
    much for each file it assesses."""
    return Assessment(
        assessment.file,
        assessment.model,
        assessment.definition,
        assessment.level,
        assessment.next_level,
        assessment.results,
        findings,
        assessment.crosswalks if crosswalks is None else crosswalks,
        assessment.components,
    )


# Entries of _levels: each holds a result per requirement (their reasons are the judgements'
# own strings, shared), so fewer than the judgement caches keep.
LEVELS_BOUND = BOUND // 16

_Levels = tuple[tuple[RequirementResult, ...], Level, Level | None, "tuple[ComponentState, ...]"]


@lru_cache(maxsize=LEVELS_BOUND)
def _judged_levels(
    same_definition: Same[Definition],
    registry: LicenseRegistry,
    terms: ManifestTerms,
    urls: tuple[tuple[str, str], ...],
    inherited: tuple[tuple[str, str, str], ...],
) -> _Levels:
    """Every level judged for what a manifest declares of its components (`manifest_terms`):
    `_levels` of their states. Computed from the key alone, so the key holds every input; kept,
    so that a manifest declaring what another did costs one look-up. What a derivative inherits
    governs only the components it declares."""
    from .requirements import DEFINITION_RULE, terms_state

    definition = same_definition.value
    release_license, declared = terms
    by_component = dict(declared)
    governed = {component_id: license for component_id, license, _ in inherited}
    states = tuple(
        terms_state(
            by_component.get(component.id),
            release_license,
            DEFINITION_RULE,
            governed.get(component.id) if component.id in by_component else None,
        )
        for component in definition.components
    )
    return _levels(same_definition, registry, states, urls, inherited)


@lru_cache(maxsize=LEVELS_BOUND)
def _levels(
    same_definition: Same[Definition],
    registry: LicenseRegistry,
    states: tuple[tuple[str | None, str], ...],
    urls: tuple[tuple[str, str], ...],
    inherited: tuple[tuple[str, str, str], ...],
) -> _Levels:
    """Every level judged for one set of component states (`declared_terms`, in the definition's
    order of components): the results, the level reached, the next one, and each component's
    state. A pure function of what it reads, and manifests share sets of states (a registry's
    copies, forks and versions of one model), so it is kept; the manifest's file and name are not
    part of it, and the caller adds them."""
    from .requirements import judge_state, state_of
    from .wording import level_goal

    definition = same_definition.value
    by_component = {
        component.id: state for component, state in zip(definition.components, states, strict=True)
    }
    defined = dict(urls)
    inheritances = {component: (license, base) for component, license, base in inherited}
    results = []
    for level in definition.levels:
        goal = level_goal(level.title)
        for requirement in level.requirements:
            availability, expression = by_component[requirement.component]
            judgement = judge_state(
                requirement, availability, expression, definition, registry, defined, goal
            )
            reason = judgement.reason
            inheritance = inheritances.get(requirement.component)
            if inheritance is not None and availability is not None:
                reason += (
                    f"; {inheritance[0]} is inherited from the base model {inheritance[1]} "
                    f"({clause_url(definition.version, _derivative_clause(definition))})"
                )
            results.append(
                RequirementResult(
                    level.id,
                    level.rank,
                    requirement,
                    judgement.met,
                    reason,
                    clause_url(definition.version, requirement.id),
                    judgement.possible,
                    judgement.unknown,
                    judgement.unreviewed,
                )
            )
    reached = _reached(definition, results, lambda result: result.met)
    higher = [level for level in definition.levels if level.rank > reached.rank]
    components = tuple(
        state_of(component.id, *by_component[component.id], definition, registry)
        for component in definition.components
    )
    return tuple(results), reached, higher[0] if higher else None, components


def _reached(
    definition: Definition,
    results: Sequence[RequirementResult],
    passed: Callable[[RequirementResult], bool],
) -> Level:
    """Levels are cumulative: the highest level whose requirements, and all below, passed."""
    reached = definition.levels[0]
    for level in definition.levels:
        if all(passed(result) for result in results if result.level_rank <= level.rank):
            reached = level
        else:
            break
    return reached


def _derivative_clause(definition: Definition) -> str:
    """The clause that makes terms flow down: its own principle since 1.1, weakest-term-wins before."""
    ids = {principle.id for principle in definition.principles}
    return (
        "derivatives-inherit-terms" if "derivatives-inherit-terms" in ids else "weakest-term-wins"
    )
