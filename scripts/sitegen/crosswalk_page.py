"""/crosswalks/: how the definition's levels read in other frameworks (MOF, OSAID), and where they part.

Everything comes from spec/frameworks/*.yaml through openness.crosswalk, and from the gallery's
assessments; the page states no fact of its own.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from openness import spec
from openness.crosswalk import criterion_covered, implied_tier
from openness.facts import KINDS
from openness.frameworks import Criterion, Framework, Tier
from openness.spec import Definition, Level

from .agreement import Agreement, differences_markdown, summary_markdown
from .clauses import Clauses
from .framework_counts import counts_markdown
from .gallery import Entry
from .markup import (
    anchor,
    anchored_id,
    cell,
    check_unique,
    heading,
    html_block,
    html_code,
    html_table,
    prose,
    table,
    text,
    visible_text,
)

DISAGREEMENTS = "disagreements"
GALLERY = "gallery"
AGREEMENT = "agreement"
LEVELS = "levels"
COUNTS = "counts"


def render(
    frameworks: Sequence[Framework],
    entries: Sequence[Entry],
    agreements: Sequence[Agreement] = (),
) -> str:
    anchors = [LEVELS, DISAGREEMENTS, GALLERY, AGREEMENT, COUNTS]
    for framework in frameworks:
        anchors += [framework.id, *(tier.id for tier in framework.tiers)]
        anchors += [c.id for tier in framework.tiers for c in tier.criteria]
    groups = _by_definition(frameworks)
    anchors += [level.id for definition in groups for level in definition.levels]
    check_unique(anchors, "crosswalks")
    listed = ", ".join(f"[{f.short_title} {f.version}](#{f.id})" for f in frameworks)
    parts = [
        "# Crosswalks to other frameworks\n",
        f"Other frameworks judge the same components of a model: {listed}. Each crosswalk is data "
        "(`spec/frameworks/<id>.yaml`) that maps the framework's elements onto the definition's "
        "components and its license rules onto the definition's license categories. "
        "`openness assess` reports each framework's verdict beside the level, from the same "
        "evidence, and so does every [model page](../models/index.md).\n",
    ]
    for definition, members in groups.items():
        parts += [_levels(definition, members), _disagreements(definition, members)]
    parts.append(
        heading(2, "How many models each framework passes", COUNTS)
        + "The curated gallery, judged by the definition and by each crosswalk from the same "
        "manifests; counted while the site is built.\n\n" + counts_markdown(entries)
    )
    parts.append(_gallery(entries, frozenset(anchors)))
    if agreements:
        parts.append(_agreement(agreements))
    for framework in frameworks:
        parts.append(_framework(framework, spec.load_definition(framework.definition)))
    return "\n".join(parts)


def _by_definition(frameworks: Iterable[Framework]) -> dict[Definition, list[Framework]]:
    groups: dict[str, list[Framework]] = {}
    for framework in frameworks:
        groups.setdefault(framework.definition, []).append(framework)
    return {spec.load_definition(version): members for version, members in groups.items()}


def _clause(definition: Definition, item_id: str) -> str:
    return f"../{definition.version}/index.md#{item_id}"


def _name(framework: Framework) -> str:
    return f"{framework.short_title} {framework.version}"


# --- what each level guarantees ------------------------------------------------------------------


def level_summary(level: Level, definition: Definition, framework: Framework) -> str:
    """One line: the tier reaching `level` guarantees, or that it guarantees none."""
    tier = implied_tier(level, definition, framework)
    return tier.name if tier is not None else "none guaranteed"


def _uncovered(
    level: Level, definition: Definition, framework: Framework
) -> tuple[Tier, list[Criterion]] | None:
    """The first tier above the one `level` guarantees, and its criteria `level` does not ensure."""
    implied = implied_tier(level, definition, framework)
    rank = implied.rank if implied is not None else 0
    for tier in framework.tiers:
        if tier.rank <= rank:
            continue
        missing = [
            criterion
            for lower in framework.tiers_up_to(tier)
            for criterion in lower.criteria
            if criterion.required and not criterion_covered(level, definition, framework, criterion)
        ]
        return tier, missing
    return None


def _levels(definition: Definition, frameworks: Sequence[Framework]) -> str:
    rows = []
    for level in definition.levels:
        cells = []
        for framework in frameworks:
            text = f"**{cell(level_summary(level, definition, framework))}**"
            gap = _uncovered(level, definition, framework)
            if gap is not None:
                tier, missing = gap
                needs = ", ".join(f"[{_criterion_title(framework, c)}](#{c.id})" for c in missing)
                text += f"; [{tier.label}](#{tier.id}) also needs {needs}"
            cells.append(text)
        anchor = f'<span id="{level.id}"></span>'
        rows.append((f"{anchor}[{level.title}]({_clause(definition, level.id)})", *cells))
    headers = (f"Level of definition {definition.version}", *map(_name, frameworks))
    return (
        heading(2, "What each level guarantees", LEVELS)
        + "Reaching a level of the definition guarantees a framework's tier when every criterion "
        "of that tier (and of the tiers below it) is a requirement of the level or of a level "
        "below it, on the same component, at least as available and under licenses the "
        "framework accepts. Each cell names the tier guaranteed and what the next tier asks "
        "beyond the level. A model often reaches more than its level guarantees: see "
        f"[the gallery](#{GALLERY}).\n\n" + table(headers, rows)
    )


def _criterion_title(framework: Framework, criterion: Criterion) -> str:
    names = [framework.element(element).name for element in criterion.elements]
    if criterion.fact is not None:
        names.insert(0, KINDS[criterion.fact.fact].title.capitalize())
    if criterion.otherwise is not None:
        instead = " or ".join(framework.element(e).name for e in criterion.otherwise.elements)
        names.append(f"in its place, {instead}")
    return " or ".join(names)


def _fact_words(criterion: Criterion) -> str:
    """Where a fact criterion reads the manifest, and what meets it."""
    test = criterion.fact
    if test is None:
        return ""
    kind = KINDS[test.fact]
    if test.at_most is not None:
        rule = f"met at or below {test.at_most:.0e}"
    else:
        rule = f"met by {', '.join(test.met) or 'no value'}; failed by {', '.join(test.unmet) or 'no value'}"
    return f"`{kind.field}`: {rule}; not stated, cannot tell"


# --- where the frameworks part -------------------------------------------------------------------


@dataclass(frozen=True)
class Demand:
    """What one side (the definition or a framework) asks of one component, at its lowest tier."""

    where: str  # the level or tier that first asks for it, as Markdown
    categories: frozenset[str] | None  # the strictest license categories asked; None: not required
    text: str


def _terms(categories: Iterable[str], definition: Definition) -> str:
    """License categories in words: "any terms", "open licenses", or the categories' names."""
    wanted = set(categories)
    every = {category.id for category in definition.license_categories}
    open_ones = {category.id for category in definition.license_categories if category.open}
    if wanted == every:
        return "any terms"
    words = ["open licenses"] if open_ones <= wanted else []
    rest = wanted - open_ones if open_ones <= wanted else wanted
    words += [
        category.title.lower().removesuffix(" license") + " licenses"
        for category in definition.license_categories
        if category.id in rest
    ]
    return " or ".join(words)


def _and(names: Sequence[str], conjunction: str = "and") -> str:
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + f" {conjunction} " + names[-1]


def definition_demand(definition: Definition, component: str) -> Demand:
    asks = [
        (level, r)
        for level in definition.levels
        for r in level.requirements
        if r.component == component
    ]
    if not asks:
        return Demand("", None, "not required")
    strictest = frozenset.intersection(*(frozenset(r.license_categories) for _, r in asks))
    text = "; ".join(
        f"[{level.title}]({_clause(definition, r.id)}): {r.availability}, "
        f"{_terms(r.license_categories, definition)}"
        for level, r in asks
    )
    return Demand(asks[0][0].title, strictest, text)


def framework_demand(framework: Framework, definition: Definition, component: str) -> Demand:
    asks = []
    for tier in framework.tiers:
        for criterion in tier.criteria:
            for element_id in criterion.elements:
                element = framework.element(element_id)
                if element.component == component:
                    asks.append((tier, criterion, element))
    required = [ask for ask in asks if ask[1].required]
    if not asks:
        return Demand("", None, "not mapped")
    if not required:
        tier, criterion, element = asks[0]
        return Demand("", None, f"[{element.name}](#{criterion.id}): shown, not required")
    texts = []
    for tier, criterion, element in required:
        alternatives = [framework.element(e).name for e in criterion.elements if e != element.id]
        other = f" (or {', '.join(alternatives)})" if alternatives else ""
        accepted = framework.kind(element.kind).accepted
        texts.append(
            f"[{tier.label}](#{criterion.id}): {criterion.availability}, "
            f"{_terms(accepted, definition)}{other}"
        )
    strictest = frozenset.intersection(
        *(frozenset(framework.kind(element.kind).accepted) for _, _, element in required)
    )
    return Demand(required[0][0].label, strictest, "; ".join(texts))


def _difference(definition: Definition, sides: Sequence[tuple[str, Demand]]) -> str:
    """In words, how the sides' demands on one component differ; empty when they agree."""
    if len({demand.categories for _, demand in sides}) == 1:
        return ""
    asking = [name for name, demand in sides if demand.categories is not None]
    silent = [name for name, demand in sides if demand.categories is None]
    phrases = []
    if silent:
        phrases.append(f"Required by {_and(asking)}, not by {_and(silent, 'or')}.")
    terms: dict[str, list[str]] = {}
    for name, demand in sides:
        if demand.categories is not None:
            terms.setdefault(_terms(demand.categories, definition), []).append(name)
    if len(terms) > 1:
        phrases.append(
            "Licenses: "
            + "; ".join(f"{text} for {_and(names)}" for text, names in terms.items())
            + "."
        )
    return " ".join(phrases)


def _disagreements(definition: Definition, frameworks: Sequence[Framework]) -> str:
    ours = f"Definition {definition.version}"
    rows, plain = [], []
    for component in definition.components:
        sides = [(ours, definition_demand(definition, component.id))]
        sides += [(_name(f), framework_demand(f, definition, component.id)) for f in frameworks]
        difference = _difference(definition, sides)
        link = f"[{component.title}]({_clause(definition, component.id)})"
        rows.append((link, *(demand.text for _, demand in sides), difference or "agree"))
        if difference:
            plain.append(f"- **{component.title}**: {difference}")
    readings = [f"- **{_name(f)}**: {prose(' '.join(f.reading.split()))}" for f in frameworks]
    headers = ("Component", ours, *map(_name, frameworks), "Where they differ")
    return (
        heading(2, "Where the frameworks part", DISAGREEMENTS)
        + "Each side's demand on each component: the levels or tiers that ask for it, how "
        "available it must be, and under which licenses (the strictest demand decides). "
        "They differ on these components:\n\n"
        + "\n".join(plain)
        + "\n\nHow each crosswalk reads its framework:\n\n"
        + "\n".join(readings)
        + "\n\n"
        + table(headers, rows)
    )


# --- the gallery: where verdicts part on real models ----------------------------------------------


@dataclass(frozen=True)
class Blocker:
    """Something one side holds against a model on its way to that side's next tier or level."""

    id: str
    components: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class Side:
    name: str
    verdict: str
    blockers: tuple[Blocker, ...]  # empty when the model is at the top
    rejected: frozenset[str]  # components this side holds against the model, at any tier or level


def sides(entry: Entry) -> list[Side]:
    """The definition's and each framework's view of one gallery model."""
    assessment = entry.assessment
    found = [
        Side(
            f"Definition {assessment.definition.version}",
            assessment.level.title,
            tuple(
                Blocker(r.requirement.id, (r.requirement.component,), r.reason)
                for r in assessment.missing
            ),
            frozenset(r.requirement.component for r in assessment.results if not r.met),
        )
    ]
    for result in assessment.crosswalks:
        found.append(
            Side(
                _name(result.framework),
                result.verdict,
                tuple(
                    Blocker(r.criterion.id, tuple(e.component for e in r.elements), r.reason)
                    for r in result.missing
                ),
                frozenset(
                    element.component
                    for r in result.results
                    if r.criterion.required and not r.met
                    for element in r.elements
                ),
            )
        )
    return found


def partings(entry: Entry) -> list[tuple[Side, list[Side]]]:
    """Each side held back only by what other sides accept: (the stricter side, the others)."""
    views = sides(entry)
    found = []
    for side in views:
        if not side.blockers:
            continue
        laxer = [
            other
            for other in views
            if other is not side
            and all(not set(b.components) & other.rejected for b in side.blockers)
        ]
        if laxer:
            found.append((side, laxer))
    return found


def _gallery(entries: Sequence[Entry], anchors: Collection[str]) -> str:
    """The partings table, one row per model that shows one: finished HTML (markup.html_block), as
    Markdown would make it, since it grows with the gallery. `anchors`: this page's own ids, which
    a blocker that is a criterion links to."""
    rows = []
    clauses: dict[str, Clauses] = {}
    for entry in sorted(entries, key=lambda e: e.manifest.model.name.lower()):
        found = partings(entry)
        if not found:
            continue
        definition = entry.assessment.definition
        if definition.version not in clauses:
            clauses[definition.version] = Clauses.of(definition, depth=1)
        views = sides(entry)
        why = "<br>".join(
            f"<strong>{text(side.name)}</strong> holds it back where "
            f"{text(_and([o.name for o in others]))} "
            f"{'does' if len(others) == 1 else 'do'} not: "
            + "; ".join(
                f"{_blocker_link(entry, b, clauses[definition.version], anchors)} "
                + visible_text(b.reason)
                for b in side.blockers
            )
            for side, others in found
        )
        rows.append(
            (
                anchor(f"../models/{entry.slug}/", visible_text(entry.manifest.model.name)),
                *(text(view.verdict) for view in views),
                why,
            )
        )
    headers = ("Model", *(view.name for view in sides(entries[0])), "Why") if entries else ()
    intro = (
        heading(2, "Where the verdicts part on real models", GALLERY)
        + "The gallery models where one verdict is held back only by components another accepts: "
        "everything standing between the model and that side's next level or tier is accepted by "
        "the other side. The reasons are the assessments' own.\n\n"
    )
    if not rows:
        return intro + "No gallery model shows such a difference.\n"
    return intro + html_block(html_table([text(header) for header in headers], rows))


def _blocker_link(
    entry: Entry, blocker: Blocker, clauses: Clauses, anchors: Collection[str]
) -> str:
    """A requirement's clause on the definition page, or a criterion's row on this page: each
    checked to exist, as mkdocs checks the anchor of a Markdown link."""
    label = html_code(blocker.id)
    if blocker.id in {r.requirement.id for r in entry.assessment.results}:
        return clauses.link(blocker.id, label)
    if blocker.id not in anchors:
        raise ValueError(f"crosswalks: a link to #{blocker.id}, which the page does not have")
    return anchor(f"#{blocker.id}", label)


# --- each framework ------------------------------------------------------------------------------


def _agreement(agreements: Sequence[Agreement]) -> str:
    return (
        heading(2, "Agreement with independent assessors", AGREEMENT)
        + "The curated gallery's verdicts beside those of assessors who judged the same models: "
        "OSI's validation of its definition against our OSAID crosswalk, the class the Model "
        "Openness Tool's evaluator gives against our MOF crosswalk, and the Index's class of each "
        "component against our declaration. Each difference has its reason, from "
        "`data/assessors/differences.yaml`; `scripts/measure_agreement.py` prints the same figures.\n\n"
        + summary_markdown(agreements)
        + "\n"
        + differences_markdown(agreements, "../models/")
    )


def _framework(framework: Framework, definition: Definition) -> str:
    sources = ", ".join(f"<{source}>" for source in framework.sources)
    parts = [
        heading(2, f"{framework.title} {framework.version}", framework.id),
        f"By {framework.publisher}: <{framework.url}>. {prose(' '.join(framework.summary.split()))}\n",
        f"*How the crosswalk reads it:* {prose(' '.join(framework.reading.split()))}\n",
        f"*Below every tier:* **{framework.unmet_title}**: "
        f"{prose(' '.join(framework.unmet_summary.split()))}\n",
        f"*Terms not stated on a component:* {prose(' '.join(framework.terms.summary.split()))}"
        + (
            f" The framework's words: “{cell(framework.terms.quote)}”"
            if framework.terms.quote
            else ""
        )
        + " Sources: "
        + ", ".join(f"<{source}>" for source in framework.terms.sources)
        + "\n",
        f"Sources: {sources}\n",
    ]
    if framework.undetermined_title:
        parts.append(
            f"*When it cannot tell:* **{framework.undetermined_title}**: "
            f"{prose(' '.join(framework.undetermined_summary.split()))}\n"
        )
    if framework.disclaimer:
        parts.append(f"**{prose(' '.join(framework.disclaimer.split()))}**\n")
    if framework.obligations:
        parts.append(
            "*Owed whatever the verdict:*\n\n"
            + "\n".join(
                f"- **{cell(item.title)}** ({cell(item.cites)}): {prose(' '.join(item.summary.split()))} "
                f"“{cell(' '.join(item.quote.split()))}” <{item.sources[0]}>"
                for item in framework.obligations
            )
            + "\n"
        )
    if framework.differences:
        parts.append(
            f"*Where the {framework.short_title} and the definition part, and why:*\n\n"
            + "\n".join(
                f"- **{cell(item.title)}**: {prose(' '.join(item.summary.split()))}"
                for item in framework.differences
            )
            + "\n"
        )
    kinds = [
        (
            kind.title,
            _terms(kind.accepted, definition),
            _terms(kind.preferred, definition),
            cell(kind.summary),
        )
        for kind in framework.license_kinds
    ]
    parts.append(table(("Licenses for", "Accepted", "Preferred", "What the framework says"), kinds))
    for tier in framework.tiers:
        parts += [heading(3, tier.name, tier.id), prose(" ".join(tier.summary.split())) + "\n"]
        if tier.sources:
            parts.append("Sources: " + ", ".join(f"<{s}>" for s in tier.sources) + "\n")
        rows = []
        for criterion in tier.criteria:
            listed = criterion.elements + (
                criterion.otherwise.elements if criterion.otherwise is not None else ()
            )
            components = ", ".join(
                [_fact_words(criterion)] * (criterion.fact is not None)
                + [
                    f"[{definition.component(framework.element(e).component).title}]"
                    f"({_clause(definition, framework.element(e).component)})"
                    for e in listed
                ]
            )
            ensured = [
                level.title
                for level in definition.levels
                if criterion_covered(level, definition, framework, criterion)
            ]
            rows.append(
                (
                    anchored_id(criterion.id),
                    _criterion_title(framework, criterion),
                    components,
                    "required" if criterion.required else "optional",
                    ensured[0] if ensured else "no level",
                    cell(
                        " ".join(
                            part
                            for part in (
                                f"{criterion.cites}." if criterion.cites else "",
                                criterion.rationale,
                                f"“{' '.join(criterion.quote.split())}”" if criterion.quote else "",
                                f"Not quoted: {criterion.unsourced}" if criterion.unsourced else "",
                            )
                            if part
                        )
                    ),
                )
            )
        headers = ("Criterion", "Element", "Component", "Status", "Ensured from level", "Note")
        parts.append(table(headers, rows))
    return "\n".join(parts)
