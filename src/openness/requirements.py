"""The requirement check: does one component, as a manifest declares it, meet one requirement?

The definition's levels (`assess`) and the other frameworks' criteria (`crosswalk`) both judge
through `check_requirement`, so a component is read the same way wherever it is judged. What a
component's terms are comes first (`governing_license`): stated on the component, inherited from the
release's license, or unknown; each framework says which of those it accepts (`TermsRule`).

Unknown is its own state, never folded into "no license": an unknown availability or unknown terms
do not meet a requirement (except one that accepts any terms), and the judgement says so and says
whether the requirement would be met if the unknowns turned out open (`Judgement.possible`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .licenses import (
    UNKNOWN,
    LicenseSyntaxError,
    combine,
    describe,
    judge,
    parse,
    satisfies,
    unknown_symbols,
)
from .manifest import NOASSERTION, Declaration
from .spec import Definition, LicenseRegistry, Requirement


@dataclass(frozen=True)
class TermsRule:
    """How a framework reads a component whose terms are not stated on it.

    inherit_unstated: unknown terms count as the release's license (the Model Openness Tool's rule);
    own_license_only: the component's own terms decide, its datasets' terms are only reported."""

    inherit_unstated: bool = False
    own_license_only: bool = False


DEFINITION_RULE = TermsRule()  # the definition's own: inherited only where a manifest declares it


@dataclass(frozen=True)
class Judgement:
    """Whether a component meets a requirement, why in words, and what is not known."""

    met: bool
    reason: str
    possible: bool  # met, or would be met if every unknown (availability, terms) turned out open
    unknown: tuple[str, ...] = ()  # what the verdict depends on that nobody has established
    # The license and exception ids the registry has not reviewed that the verdict rests on; they
    # count as restricted until reviewed.
    unreviewed: tuple[str, ...] = ()
    expression: str = ""  # the license expression judged; empty when no license was judged


def effective_availability(declaration: Declaration) -> str:
    """A released component with a withheld dataset is partial; with an unchecked one, unknown."""
    if declaration.availability != "released":
        return declaration.availability
    states = {dataset.availability for dataset in declaration.datasets}
    if states & {"partial", "not-released"}:
        return "partial"
    if "unknown" in states:
        return "unknown"
    return "released"


def governing_license(
    declaration: Declaration,
    release_license: str | None,
    rule: TermsRule = DEFINITION_RULE,
) -> str:
    """The license expression that governs a component: its own terms and its datasets', at once.

    NOASSERTION stands for terms nobody has stated or checked."""
    inherits = declaration.terms == "inherited" or (
        declaration.terms == "unknown" and rule.inherit_unstated and bool(release_license)
    )
    own: str | None = None
    if inherits:
        own = release_license or NOASSERTION
    elif declaration.terms == "stated":
        own = declaration.license or NOASSERTION
    datasets = (
        []
        if rule.own_license_only
        else [
            dataset.license if dataset.license and dataset.terms_known else NOASSERTION
            for dataset in declaration.datasets
        ]
    )
    # A data component whose own terms are unknown is governed by the terms of the data in it.
    if own is None and not datasets:
        own = NOASSERTION
    return combine([expression for expression in (own, *datasets) if expression])


def any_terms(definition: Definition, accepted: frozenset[str]) -> bool:
    """A requirement that accepts every license category accepts any terms, unknown ones too."""
    return {category.id for category in definition.license_categories} <= accepted


@dataclass(frozen=True)
class _LicenseVerdict:
    parsed: Any
    terms_unknown: bool
    licensed: bool
    unreviewed: tuple[str, ...]
    possible_if_open: bool
    described: str  # the words on its terms, for a manifest that defines no license URLs


@lru_cache(maxsize=4096)  # bounded: memory stays flat over any batch
def _license_verdict(
    expression: str, accepted: frozenset[str], registry: LicenseRegistry
) -> _LicenseVerdict:
    """What an expression grants against the categories a requirement accepts: a pure function
    of the three, and manifests share a few expressions (Apache-2.0, MIT), so it is kept."""
    parsed = parse(expression)
    licensed, unreviewed = judge(parsed, accepted, registry)
    return _LicenseVerdict(
        parsed,
        bool(unknown_symbols(parsed, registry)),
        licensed,
        unreviewed,
        satisfies(parsed, accepted, registry, assume_open=True),
        describe(parsed, registry),
    )


def check_requirement(
    requirement: Requirement,
    declaration: Declaration | None,
    definition: Definition,
    registry: LicenseRegistry,
    *,
    release_license: str | None = None,
    rule: TermsRule = DEFINITION_RULE,
    also_governed_by: str | None = None,
    urls: Mapping[str, str] | None = None,
) -> Judgement:
    """Judge one declaration against one requirement.

    `also_governed_by` is a license that governs the component from elsewhere (a base model's
    terms, which flow down to a derivative's parameters). `urls`: where the licenses the manifest
    defines under `licenses` are published, for the words on one the registry has not reviewed."""
    component = definition.component(requirement.component)
    title = component.title
    if declaration is None:
        return Judgement(False, f"{title} is not declared (counts as not released)", False)
    availability = effective_availability(declaration)
    if availability == "not-applicable":
        if component.not_applicable_allowed:
            return Judgement(True, f"{title} is not applicable to this model", True)
        return Judgement(False, f"{title} cannot be not-applicable", False)
    expression = governing_license(declaration, release_license, rule)
    if also_governed_by:
        expression = combine([expression, also_governed_by])
    accepted = frozenset(requirement.license_categories)
    if any_terms(definition, accepted):
        accepted |= {UNKNOWN}
    try:
        verdict = _license_verdict(expression, accepted, registry)
    except LicenseSyntaxError:
        return Judgement(False, f"{title}: license {expression!r} cannot be read", False)
    unknown = []
    # Under 1.0, which has no "unknown" availability, an unchecked component counts as not released.
    known_availability = "released" if availability == "unknown" else availability
    if availability == "unknown":
        unknown.append(f"whether {title.lower()} is released")
    available = definition.availability_rank(known_availability) >= definition.availability_rank(
        requirement.availability
    )
    terms_unknown = verdict.terms_unknown
    # The terms of a component that is not released decide nothing: they are not an unknown to check.
    if available and UNKNOWN not in accepted and terms_unknown:
        unknown.append(f"the terms of {title.lower()}")
    licensed, unreviewed = verdict.licensed, verdict.unreviewed
    met = availability != "unknown" and available and licensed
    # Counting unknowns as open only widens what is accepted, so whatever is met is possible.
    possible = available and verdict.possible_if_open
    if expression == NOASSERTION:
        terms = "under terms nobody has stated or checked (unknown)"
    else:
        # The manifest's own license URLs change the words only for terms the registry lacks.
        words = describe(verdict.parsed, registry, urls) if urls else verdict.described
        terms = f"under {expression} ({words})"
    if availability == "unknown":
        reason = (
            f"{title}: availability unknown (nobody has checked, or the source does not assess it)"
        )
        if not licensed and not terms_unknown:
            reason += f"; it is {terms}"
    elif not available:
        reason = f"{title} is {availability}; this needs {requirement.availability}"
    elif met:
        reason = f"{title} is {availability} {terms}"
    else:
        wanted = ", ".join(requirement.license_categories)
        reason = f"{title} is {terms}; this needs {wanted}"
    # The license decides only where the availability does not already.
    rests_on = unreviewed if available and availability != "unknown" else ()
    return Judgement(met, reason, possible, tuple(unknown), rests_on, expression)
