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
from typing import Any, NamedTuple

from .licenses import (
    UNKNOWN,
    LicenseSyntaxError,
    combine,
    judge,
    parse,
    satisfies,
    unknown_symbols,
)
from .manifest import NOASSERTION, Declaration, Manifest, states_license
from .memo import BOUND, Same
from .records import Record
from .spec import Definition, LicenseRegistry, Requirement
from .wording import (
    accepted_words,
    availability_words,
    be,
    license_words,
    needed_by,
    subject,
    them,
    they_are,
    wanted_availability,
)


class TermsRule(NamedTuple):
    """How a framework reads a component whose terms are not stated on it.

    inherit_unstated: unknown terms count as the release's license (the Model Openness Tool's rule);
    own_license_only: the component's own terms decide, its datasets' terms are only reported.
    A named tuple: the crosswalks look a component up under its rule for every element of every
    manifest, and a tuple is hashed and compared in C."""

    inherit_unstated: bool = False
    own_license_only: bool = False


DEFINITION_RULE = TermsRule()  # the definition's own: inherited only where a manifest declares it


@dataclass(frozen=True, eq=False, repr=False)
class Judgement(Record):
    """Whether a component meets a requirement, why in words, and what is not known."""

    met: bool
    reason: str
    possible: bool  # met, or would be met if every unknown (availability, terms) turned out open
    unknown: tuple[str, ...] = ()  # what the verdict depends on that nobody has established
    # The license and exception ids the registry has not reviewed that the verdict rests on; they
    # count as restricted until reviewed.
    unreviewed: tuple[str, ...] = ()
    expression: str = ""  # the license expression judged; empty when no license was judged


# All the requirement check and the crosswalks read of one declaration (`read_declaration`): its
# availability, where its terms come from (stated | inherited | unknown), its license, and each
# dataset's availability and license. The judgements are functions of this alone, so it keys what
# is kept of them (`terms_state`, and with `manifest_terms` the levels and crosswalks of a whole
# manifest). A plain tuple: built for every component of every manifest, and a tuple display is
# built, hashed and compared in C, four times faster than a named tuple is made.
DeclaredTerms = tuple[str, str, str | None, tuple[tuple[str | None, str | None], ...]]


def read_declaration(declaration: Declaration) -> DeclaredTerms:
    """What a judgement reads of a declaration, and nothing else (its evidence, notes, locations)."""
    datasets = declaration.datasets
    return (
        declaration.availability,
        declaration.terms,
        declaration.license,
        tuple([(dataset.availability, dataset.license) for dataset in datasets])
        if datasets
        else (),
    )


# What the judgements read of a whole manifest: the release's license, and each declared component.
ManifestTerms = tuple[str | None, tuple[tuple[str, DeclaredTerms], ...]]


def manifest_terms(manifest: Manifest) -> ManifestTerms:
    """What the levels and the crosswalks read of a manifest's components, as one key: manifests
    that declare the same (a registry's copies, forks and versions of one model) share it."""
    return manifest.release_license, tuple(
        [
            (component_id, read_declaration(declaration))
            for component_id, declaration in manifest.components.items()
        ]
    )


def effective_availability(declaration: Declaration) -> str:
    """A released component with a withheld dataset is partial; with an unchecked one, unknown."""
    return _effective_availability(read_declaration(declaration))


def _effective_availability(declared: DeclaredTerms) -> str:
    availability, _, _, datasets = declared
    if availability != "released":
        return availability
    states = {dataset_availability for dataset_availability, _ in datasets}
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
    return _governing_license(read_declaration(declaration), release_license, rule)


def _governing_license(
    declared: DeclaredTerms, release_license: str | None, rule: TermsRule
) -> str:
    _, terms, license, declared_datasets = declared
    inherits = terms == "inherited" or (
        terms == "unknown" and rule.inherit_unstated and bool(release_license)
    )
    own: str | None = None
    if inherits:
        own = release_license or NOASSERTION
    elif terms == "stated":
        own = license or NOASSERTION
    datasets = (
        []
        if rule.own_license_only
        else [
            dataset_license if dataset_license and states_license(dataset_license) else NOASSERTION
            for _, dataset_license in declared_datasets
        ]
    )
    # A data component whose own terms are unknown is governed by the terms of the data in it.
    if own is None and not datasets:
        own = NOASSERTION
    return combine([expression for expression in (own, *datasets) if expression])


@dataclass(frozen=True, eq=False, repr=False)
class ComponentState(Record):
    """One component as the manifest declares it, for pictures and tables: how available it is, the
    terms that govern it, and the weakest license category those terms need to count."""

    component: str  # the component's id
    declared: bool
    availability: str  # effective (a withheld dataset makes it partial); not-released if undeclared
    expression: str = ""  # the governing license expression; empty when no terms apply
    category: str = ""  # a license category id, "unknown", or empty when no terms apply


def component_state(
    component_id: str,
    declaration: Declaration | None,
    definition: Definition,
    registry: LicenseRegistry,
    *,
    release_license: str | None = None,
    also_governed_by: str | None = None,
) -> ComponentState:
    """A component's state under the definition's own reading of terms (`DEFINITION_RULE`)."""
    availability, expression = declared_terms(
        declaration, release_license, also_governed_by=also_governed_by
    )
    return state_of(component_id, availability, expression, definition, registry)


def state_of(
    component_id: str,
    availability: str | None,
    expression: str,
    definition: Definition,
    registry: LicenseRegistry,
) -> ComponentState:
    """The state of a component from what `declared_terms` reads of its declaration."""
    if availability is None:
        return ComponentState(component_id, False, "not-released")
    if availability in ("not-applicable", "not-released"):
        return ComponentState(component_id, True, availability)
    return ComponentState(
        component_id,
        True,
        availability,
        expression,
        license_standing(expression, definition, registry),
    )


def license_standing(expression: str, definition: Definition, registry: LicenseRegistry) -> str:
    """The weakest license category an expression needs to count (categories in the definition's
    order, the open ones first), "unknown" when terms nobody has stated decide whether it is open,
    and "restricted" for an expression that cannot be read (it grants nothing known to be open).
    The one reading of a component's terms for every view: the profile, the matrix, the index."""
    return _standing(expression, Same(definition), registry)


@lru_cache(maxsize=BOUND)  # pure, and registries repeat a few expressions
def _standing(expression: str, same_definition: Same[Definition], registry: LicenseRegistry) -> str:
    definition = same_definition.value
    try:
        parsed = parse(expression)
    except LicenseSyntaxError:
        return "restricted"
    accepted: set[str] = set()
    for category in definition.license_categories:
        accepted.add(category.id)
        if judge(parsed, frozenset(accepted), registry)[0]:
            return category.id
        if satisfies(parsed, frozenset(accepted), registry, assume_open=True):
            # Met only if the unknown terms turn out this open: unknown while that could make it
            # open; past the open categories, the best it can be (`X-NC AND NOASSERTION` is at
            # best restricted, whatever the unknown terms say).
            return UNKNOWN if category.open else category.id
    return UNKNOWN


def any_terms(definition: Definition, accepted: frozenset[str]) -> bool:
    """A requirement that accepts every license category accepts any terms, unknown ones too."""
    return {category.id for category in definition.license_categories} <= accepted


@dataclass(frozen=True, eq=False, repr=False)
class _LicenseVerdict(Record):
    """What a declaration's license grants under one requirement, and under which assumptions."""

    parsed: Any
    terms_unknown: bool
    licensed: bool  # granted, the tolerated restrictions counted as accepted
    unreviewed: tuple[str, ...]
    possible_if_open: bool  # granted if unknown terms were open and uncertain restrictions counted
    licensed_if_widened: bool  # granted only if the uncertain restrictions are counted


@lru_cache(maxsize=4096)  # bounded: memory stays flat over any batch
def _license_verdict(
    expression: str,
    accepted: frozenset[str],
    registry: LicenseRegistry,
    tolerated: frozenset[str] = frozenset(),
    widened: frozenset[str] = frozenset(),
) -> _LicenseVerdict:
    """What an expression grants against the categories a requirement accepts: a pure function
    of its arguments, and manifests share a few expressions (Apache-2.0, MIT), so it is kept.
    `tolerated`: restriction tags a framework accepts; `widened`: those plus the ones it may."""
    parsed = parse(expression)
    licensed, unreviewed = judge(parsed, accepted, registry, tolerated)
    return _LicenseVerdict(
        parsed,
        bool(unknown_symbols(parsed, registry)),
        licensed,
        unreviewed,
        satisfies(parsed, accepted, registry, assume_open=True, tolerated=widened),
        not licensed and widened != tolerated and judge(parsed, accepted, registry, widened)[0],
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
    goal: str = "",
) -> Judgement:
    """Judge one declaration against one requirement.

    `also_governed_by` is a license that governs the component from elsewhere (a base model's
    terms, which flow down to a derivative's parameters). `urls`: where the licenses the manifest
    defines under `licenses` are published, for the words on one the registry has not reviewed;
    `goal`: the title of what needs the requirement met (a level, a framework's class), for the
    sentence that says why."""
    availability, expression = declared_terms(declaration, release_license, rule, also_governed_by)
    return judge_state(requirement, availability, expression, definition, registry, urls, goal)


def judge_state(
    requirement: Requirement,
    availability: str | None,
    expression: str,
    definition: Definition,
    registry: LicenseRegistry,
    urls: Mapping[str, str] | None = None,
    goal: str = "",
) -> Judgement:
    """Judge a component in the state `declared_terms` reads of its declaration."""
    urls_key = tuple(urls.items()) if urls else ()
    needs = (
        requirement.component,
        requirement.availability,
        requirement.license_categories,
        requirement.tolerated_restrictions,
        requirement.uncertain_restrictions,
    )
    return _judged(needs, availability, expression, Same(definition), registry, urls_key, goal)


# What `_judged` reads of a requirement: its component, the availability it wants, the license
# categories it accepts, the restrictions it tolerates and those it may. Not its id, rationale or
# sources: a level's requirement and a framework's criterion that need the same share a verdict,
# and a tuple of strings is hashed in C where a requirement's hash walks all its text.
_Needs = tuple[str, str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]


def declared_terms(
    declaration: Declaration | None,
    release_license: str | None,
    rule: TermsRule = DEFINITION_RULE,
    also_governed_by: str | None = None,
) -> tuple[str | None, str]:
    """All a judgement reads of a declaration: its effective availability (None when it is not
    declared) and the license expression that governs it ("" when not applicable: none is read)."""
    if declaration is None:
        return None, ""
    return terms_state(read_declaration(declaration), release_license, rule, also_governed_by)


@lru_cache(maxsize=BOUND)  # pure, and manifests declare a few states (Apache-2.0, released)
def terms_state(
    declared: DeclaredTerms | None,
    release_license: str | None,
    rule: TermsRule = DEFINITION_RULE,
    also_governed_by: str | None = None,
) -> tuple[str | None, str]:
    """`declared_terms` of what `read_declaration` read (None: the component is not declared)."""
    if declared is None:
        return None, ""
    availability = _effective_availability(declared)
    if availability == "not-applicable":
        return availability, ""
    expression = _governing_license(declared, release_license, rule)
    if also_governed_by:
        expression = combine([expression, also_governed_by])
    return availability, expression


@lru_cache(maxsize=BOUND)
def _terms_words(
    expression: str,
    same_definition: Same[Definition],
    registry: LicenseRegistry,
    urls: tuple[tuple[str, str], ...],
) -> str:
    """A readable expression's terms in words (`wording.license_words`): the same for every
    requirement and framework that judges it, which `_judged` keys apart by their goal, so kept
    on its own."""
    return license_words(parse(expression), expression, same_definition.value, registry, dict(urls))


@lru_cache(maxsize=BOUND)
def _judged(
    needs: _Needs,
    availability: str | None,
    expression: str,
    same_definition: Same[Definition],
    registry: LicenseRegistry,
    urls: tuple[tuple[str, str], ...],
    goal: str,
) -> Judgement:
    """The judgement of a component in one state (`declared_terms`) against what a requirement
    needs: a pure function of its arguments, and manifests share states (a few availabilities, a
    few licenses), so it is kept."""
    definition = same_definition.value
    component_id, wanted_availability_id, categories, tolerated_tags, uncertain_tags = needs
    component = definition.component(component_id)
    title = component.title
    the, are = subject(title), be(title)
    needed = needed_by(goal)
    if availability is None:
        return Judgement(
            False,
            f"{the} {are} not declared, which counts as not released; {needed} "
            + wanted_availability(definition, title, wanted_availability_id),
            False,
        )
    if availability == "not-applicable":
        if component.not_applicable_allowed:
            return Judgement(True, f"{the} {are} not applicable to this model", True)
        return Judgement(
            False, f"{the} cannot be not applicable; {needed} {them(title)} released", False
        )
    accepted = frozenset(categories)
    if any_terms(definition, accepted):
        accepted |= {UNKNOWN}
    tolerated = frozenset(tolerated_tags)
    widened = tolerated | frozenset(uncertain_tags)
    try:
        verdict = _license_verdict(expression, accepted, registry, tolerated, widened)
    except LicenseSyntaxError:
        return Judgement(False, f"the license of {the}, {expression!r}, cannot be read", False)
    unknown = []
    # Under 1.0, which has no "unknown" availability, an unchecked component counts as not released.
    known_availability = "released" if availability == "unknown" else availability
    if availability == "unknown":
        unknown.append(f"whether {the} {are} released")
    available = definition.availability_rank(known_availability) >= definition.availability_rank(
        wanted_availability_id
    )
    terms_unknown = verdict.terms_unknown
    # The terms of a component that is not released decide nothing: they are not an unknown to check.
    if available and UNKNOWN not in accepted and terms_unknown:
        unknown.append(f"the terms of {the}")
    licensed, unreviewed = verdict.licensed, verdict.unreviewed
    met = availability != "unknown" and available and licensed
    # Counting unknowns as open only widens what is accepted, so whatever is met is possible.
    possible = available and verdict.possible_if_open
    if available and not licensed and verdict.licensed_if_widened:
        uncertain = ", ".join(uncertain_tags)
        unknown.append(f"whether the restrictions ({uncertain}) of the terms of {the} count")
    terms = _terms_words(expression, same_definition, registry, urls)
    if availability == "unknown":
        reason = (
            f"whether {the} {are} released is unknown (nobody has checked, or the source does "
            "not assess it)"
        )
        if not licensed and not terms_unknown:
            reason += f"; {they_are(title)} {terms}"
    elif not available:
        reason = (
            f"{the} {are} {availability_words(definition, availability)}; {needed} "
            + wanted_availability(definition, title, wanted_availability_id)
        )
    elif met:
        reason = f"{the} {are} {availability_words(definition, availability)} {terms}"
    else:
        wanted = accepted_words(definition, categories)
        reason = f"{the} {are} {terms}; {needed} {wanted}"
    # The license decides only where the availability does not already.
    rests_on = unreviewed if available and availability != "unknown" else ()
    return Judgement(met, reason, possible, tuple(unknown), rests_on, expression)
