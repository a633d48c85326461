"""Assess a manifest: the level of the definition it reaches, and why, requirement by requirement."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .findings import Finding
from .licenses import LicenseSyntaxError, classify, combine, parse, satisfies, symbols
from .manifest import Declaration, Manifest
from .reader import DEFAULT_MAX_BYTES, Document
from .spec import (
    Definition,
    Level,
    LicenseRegistry,
    Requirement,
    choose_version,
    load_definition,
    load_licenses,
)
from .urls import clause_url

if TYPE_CHECKING:
    from .crosswalk import FrameworkResult
    from .derivatives import Inherited


@dataclass(frozen=True)
class RequirementResult:
    """Whether a manifest meets one requirement of one level, and in words why."""

    level: str
    level_rank: int
    requirement: Requirement
    met: bool
    reason: str
    url: str


@dataclass(frozen=True)
class Assessment:
    file: str
    model: str
    definition: Definition
    level: Level
    next_level: Level | None
    results: tuple[RequirementResult, ...]  # every requirement of every level, lowest level first
    findings: tuple[Finding, ...] = ()  # validation findings, when the manifest was validated first
    crosswalks: tuple[FrameworkResult, ...] = ()  # the verdict of each other framework (MOF, OSAID)

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
    def level_url(self) -> str:
        return clause_url(self.definition.version, self.level.id)


class AssessError(Exception):
    """The manifest could not be assessed (unreadable or invalid); the findings say why."""

    def __init__(self, findings: tuple[Finding, ...]) -> None:
        super().__init__("\n".join(str(finding) for finding in findings))
        self.findings = findings


def assess(
    source: str | os.PathLike[str] | Document | Manifest,
    definition_version: str | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Assessment:
    """Validate, then assess one manifest. Raises AssessError when the manifest is not valid."""
    from .validate import validate

    if isinstance(source, Manifest):
        version = choose_version(definition_version, source.claimed_definition)
        return assess_with_base(source, version, max_bytes=max_bytes)
    validation = validate(source, definition_version=definition_version, max_bytes=max_bytes)
    if validation.manifest is None or not validation.ok:
        raise AssessError(validation.findings)
    return assess_with_base(
        validation.manifest,
        choose_version(definition_version, validation.manifest.claimed_definition),
        findings=validation.findings,
        max_bytes=max_bytes,
    )


def assess_with_base(
    manifest: Manifest,
    definition_version: str,
    *,
    findings: tuple[Finding, ...] = (),
    max_bytes: int = DEFAULT_MAX_BYTES,
    crosswalks: bool = True,
) -> Assessment:
    """Read the chain of base manifests a derivative names, then assess it with what it inherits."""
    from .derivatives import base_chain, inherited_terms

    chain, warnings = base_chain(manifest, max_bytes=max_bytes)
    inherited = inherited_terms(chain, manifest.model.producer)
    assessment = assess_manifest(manifest, definition_version, inherited, crosswalks=crosswalks)
    return replace(assessment, findings=tuple(dict.fromkeys((*findings, *warnings))))


def assess_manifest(
    manifest: Manifest,
    definition_version: str,
    inherited: Mapping[str, Inherited] | None = None,
    *,
    crosswalks: bool = True,
) -> Assessment:
    """The verdict on a valid manifest under one definition version. Pure: same input, same verdict.

    `inherited` holds the terms a derivative's components inherit from its base models."""
    definition = load_definition(definition_version)
    registry = load_licenses(definition_version)
    results = []
    for level in definition.levels:
        for requirement in level.requirements:
            declaration = manifest.components.get(requirement.component)
            inheritance = (inherited or {}).get(requirement.component)
            if declaration is not None and inheritance is not None:
                own = [declaration.license] if declaration.license else []
                declaration = replace(declaration, license=combine([*own, inheritance.license]))
            met, reason = check_requirement(requirement, declaration, definition, registry)
            if declaration is not None and inheritance is not None:
                reason += (
                    f"; {inheritance.license} is inherited from the base model {inheritance.base} "
                    f"({clause_url(definition.version, _derivative_clause(definition))})"
                )
            results.append(
                RequirementResult(
                    level.id,
                    level.rank,
                    requirement,
                    met,
                    reason,
                    clause_url(definition.version, requirement.id),
                )
            )
    reached = definition.levels[0]
    for level in definition.levels:  # cumulative: a level counts only if every level below it does
        if all(result.met for result in results if result.level_rank <= level.rank):
            reached = level
        else:
            break
    higher = [level for level in definition.levels if level.rank > reached.rank]
    return Assessment(
        manifest.file,
        manifest.model.name,
        definition,
        reached,
        higher[0] if higher else None,
        tuple(results),
        crosswalks=_crosswalks(manifest) if crosswalks else (),
    )


def _crosswalks(manifest: Manifest) -> tuple[FrameworkResult, ...]:
    from .crosswalk import evaluate_all  # crosswalk judges with check_requirement, defined below

    return evaluate_all(manifest)


def _derivative_clause(definition: Definition) -> str:
    """The clause that makes terms flow down: its own principle since 1.1, weakest-term-wins before."""
    ids = {principle.id for principle in definition.principles}
    return (
        "derivatives-inherit-terms" if "derivatives-inherit-terms" in ids else "weakest-term-wins"
    )


def component_license(declaration: Declaration) -> str | None:
    """The license expression that governs a component: its own, and every dataset's, all at once."""
    expressions = [declaration.license] if declaration.license else []
    expressions += [dataset.license for dataset in declaration.datasets if dataset.license]
    return combine(expressions) if expressions else None


def effective_availability(declaration: Declaration) -> str:
    """A component declared released with a withheld dataset is only partly released."""
    if declaration.availability == "released" and any(
        dataset.availability in ("partial", "not-released") for dataset in declaration.datasets
    ):
        return "partial"
    return declaration.availability


def check_requirement(
    requirement: Requirement,
    declaration: Declaration | None,
    definition: Definition,
    registry: LicenseRegistry,
) -> tuple[bool, str]:
    component = definition.component(requirement.component)
    if declaration is None:
        return False, f"{component.title} is not declared (counts as not released)"
    availability = effective_availability(declaration)
    if availability == "not-applicable":
        if component.not_applicable_allowed:
            return True, f"{component.title} is not applicable to this model"
        return False, f"{component.title} cannot be not-applicable"
    if definition.availability_rank(availability) < definition.availability_rank(
        requirement.availability
    ):
        return False, f"{component.title} is {availability}; this needs {requirement.availability}"
    expression = component_license(declaration) or "NONE"
    try:
        parsed = parse(expression)
    except LicenseSyntaxError:
        return False, f"{component.title}: license {expression!r} cannot be read"
    accepted = frozenset(requirement.license_categories)
    if satisfies(parsed, accepted, registry):
        return (
            True,
            f"{component.title} is {availability} under {expression} ({_categories(parsed, registry)})",
        )
    wanted = ", ".join(requirement.license_categories)
    return (
        False,
        f"{component.title} is under {expression} ({_categories(parsed, registry)}); this needs {wanted}",
    )


def _categories(parsed: object, registry: LicenseRegistry) -> str:
    described = []
    for license_id in dict.fromkeys(symbols(parsed)):
        term = classify(license_id, registry)
        restricting = []
        if term.entry is not None:
            restricting = [tag for tag in term.entry.tags if registry.tag(tag).restricts]
        detail = f": {', '.join(restricting)}" if restricting else ""
        unreviewed = ", not in the registry" if not term.reviewed else ""
        described.append(f"{term.id} is {term.category}{detail}{unreviewed}")
    return "; ".join(described)
