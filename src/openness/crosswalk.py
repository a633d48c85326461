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

from .frameworks import Criterion, Element, Framework, Tier, load_frameworks
from .licenses import LicenseSyntaxError, parse, satisfies
from .manifest import Manifest
from .requirements import check_requirement
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
    definition = load_definition(framework.definition)
    results = tuple(
        _judge(manifest, framework, definition, tier, criterion)
        for tier in framework.tiers
        for criterion in tier.criteria
    )
    met = {result.criterion.id for result in results if result.met}
    return FrameworkResult(framework, _reached(framework, met), results)


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


def evaluate_all(manifest: Manifest) -> tuple[FrameworkResult, ...]:
    """The manifest against every crosswalk there is."""
    return tuple(evaluate(manifest, framework) for framework in load_frameworks())


def _judge(
    manifest: Manifest,
    framework: Framework,
    definition: Definition,
    tier: Tier,
    criterion: Criterion,
) -> CriterionResult:
    registry = load_licenses(framework.definition)
    elements = tuple(framework.element(element_id) for element_id in criterion.elements)
    judged = []
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
        rule = framework.rule_for(element)
        judgement = check_requirement(
            requirement,
            declaration,
            definition,
            registry,
            release_license=manifest.release_license,
            rule=rule,
            goal=f"{tier.title} ({framework.short_title} {tier.label})",
        )
        notes = []
        if declaration is not None and judgement.met and judgement.expression:
            expression = judgement.expression
            if declaration.terms == "unknown" and rule.inherit_unstated:
                notes.append(
                    f"{element.name}: no terms stated on it; the {framework.short_title} counts "
                    f"it under the release's license, {expression}"
                )
            if rule.own_license_only and declaration.datasets:
                own = {dataset.license or "NOASSERTION" for dataset in declaration.datasets}
                notes.append(
                    f"{element.name}: judged by the terms it is released under; the datasets "
                    f"in it keep their own ({', '.join(sorted(own))})"
                )
            if set(kind.preferred) != set(kind.accepted):
                try:
                    preferred = satisfies(parse(expression), frozenset(kind.preferred), registry)
                except LicenseSyntaxError:
                    preferred = True  # an unreadable license cannot have met the criterion
                if not preferred:
                    notes.append(
                        f"{element.name}: {expression} is open, but the {framework.short_title} "
                        f"prefers {', '.join(kind.preferred)} licenses for {kind.title.lower()}"
                    )
        judged.append((judgement, notes))
    chosen = [item for item in judged if item[0].met] or judged
    met = chosen[0][0].met
    reason = chosen[0][0].reason if met else "; ".join(item[0].reason for item in judged)
    # The link is to the framework's own text for the tier (the MOF's paper, the OSAID's page); a
    # criterion's sources back its rationale (how the MOT reads the text, say), not the criterion.
    sources = tier.sources or framework.sources
    return CriterionResult(
        tier=tier,
        criterion=criterion,
        met=met,
        reason=reason,
        elements=elements,
        notes=tuple(chosen[0][1]) if met else (),
        source_url=sources[0] if sources else framework.url,
        clause_urls=tuple(
            clause_url(definition.version, element.component) for element in elements
        ),
        possible=any(item[0].possible for item in judged),
        unknown=() if met else tuple(dict.fromkeys(u for item in judged for u in item[0].unknown)),
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
