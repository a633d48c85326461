"""/<version>/: the whole definition of one version on one page, every item at the anchor of its id."""

from __future__ import annotations

from openness import crosswalk
from openness.frameworks import load_frameworks
from openness.spec import Definition, Item, Level, LicenseRegistry, Requirement
from openness.urls import definition_url
from openness.wording import accepted_words

from .markup import anchored_id, cell, check_unique, heading, prose, table

SECTIONS = {
    "principles": "Principles",
    "freedoms": "Freedoms",
    "availability": "Availability",
    "components": "Components",
    "license-categories": "License categories",
    "terms": "Where terms come from",
    "levels": "Levels",
    "glossary": "Glossary",
    "changes": "Changes in this version",
}


def item_ids(definition: Definition) -> list[str]:
    """Every id of the definition: each is an anchor of its page and part of a permanent URL."""
    groups: list[tuple[Item, ...]] = [
        definition.principles,
        definition.availability,
        definition.freedoms,
        definition.component_types,
        definition.components,
        definition.license_categories,
        definition.terms,
        definition.levels,
        definition.changes,
    ]
    ids = [item.id for group in groups for item in group]
    ids += [requirement.id for level in definition.levels for requirement in level.requirements]
    return ids + [entry.id for entry in definition.glossary]


def citation(definition: Definition) -> str:
    date = definition.release_date or "draft, not released"
    editors = ", ".join(definition.editors)
    return (
        f"{editors}. *{definition.title}*, version {definition.version} ({date}). "
        f"<{definition_url(definition.version)}>"
    )


def bibtex(definition: Definition) -> str:
    fields = {
        "title": definition.title,
        "author": "{" + " and ".join(definition.editors) + "}",
        "version": definition.version,
        "year": (definition.release_date or "")[:4],
        "date": definition.release_date or "",
        "url": definition_url(definition.version),
        "note": "Released" if definition.released else "Draft, not released",
    }
    key = "model-openness-definition-" + definition.version
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items() if value)
    return f"@misc{{{key},\n{body}\n}}"


def render(definition: Definition, licenses: LicenseRegistry | None) -> str:
    check_unique([*SECTIONS, *item_ids(definition)], f"definition {definition.version}")
    parts = [
        f"# {definition.title} {definition.version}\n",
        _status(definition),
        prose(definition.summary) + "\n",
        _cite_box(definition),
        _principles(definition),
        _freedoms(definition),
        _availability(definition),
        _components(definition),
        _license_categories(definition, licenses),
        _terms(definition),
        _levels(definition),
        _glossary(definition),
        _changes(definition),
    ]
    return "\n".join(part for part in parts if part)


def _status(definition: Definition) -> str:
    files = "[definition.json](definition.json)"
    facts = [f"Version **{definition.version}**"]
    if definition.released:
        facts.append(f"released {definition.release_date}")
    facts.append(f"text under {definition.license}")
    banner = ""
    if not definition.released:
        banner = (
            '!!! danger "Draft: not released"\n'
            f"    Version {definition.version} is a draft. Its text and ids may still change: "
            "cite a released version.\n\n"
        )
    return banner + " · ".join(facts) + f" · as data: {files}\n"


def _cite_box(definition: Definition) -> str:
    bib = "\n".join("    " + line for line in bibtex(definition).splitlines())
    return (
        '!!! quote "Cite this version"\n'
        f"    {citation(definition)}\n\n"
        f"    ```bibtex\n{bib}\n    ```\n"
    )


def _prose(item: Item) -> str:
    text = [prose(item.summary) + "\n"]
    if item.rationale:
        text.append(f"*Why:* {prose(item.rationale)}\n")
    text += [f"- Example: {cell(example)}" for example in item.examples]
    if item.examples:
        text.append("")  # the list ends here: what follows is not part of the last example
    if item.sources:
        text.append("Sources: " + ", ".join(f"<{source}>" for source in item.sources) + "\n")
    return "\n".join(text)


def _principles(definition: Definition) -> str:
    if not definition.principles:
        return ""
    parts = [heading(2, SECTIONS["principles"], "principles")]
    for item in definition.principles:
        parts += [heading(3, item.title, item.id), _prose(item)]
    return "\n".join(parts)


def _freedoms(definition: Definition) -> str:
    parts = [heading(2, SECTIONS["freedoms"], "freedoms")]
    for freedom in definition.freedoms:
        enabled_by = [c for c in definition.components if freedom.id in c.enables]
        parts += [heading(3, freedom.title, freedom.id), _prose(freedom)]
        parts.append(
            "Made real by: " + ", ".join(f"[{c.title}](#{c.id})" for c in enabled_by) + "\n"
        )
    return "\n".join(parts)


def _availability(definition: Definition) -> str:
    rows = [(anchored_id(a.id), a.title, cell(a.summary)) for a in definition.availability]
    intro = "What a manifest says of each component, from most to least available.\n"
    return (
        heading(2, SECTIONS["availability"], "availability")
        + intro
        + "\n"
        + table(("Id", "Availability", "Meaning"), rows)
    )


def _components(definition: Definition) -> str:
    types = {kind.id: kind for kind in definition.component_types}
    freedom_titles = {freedom.id: freedom.title for freedom in definition.freedoms}
    parts = [heading(2, SECTIONS["components"], "components")]
    rows = [(anchored_id(kind.id), kind.title, cell(kind.summary)) for kind in types.values()]
    parts.append("Each component has a type:\n\n" + table(("Id", "Type", "Meaning"), rows))
    for component in definition.components:
        required = [
            f"[{level.title}](#{requirement.id})"
            for level in definition.levels
            for requirement in level.requirements
            if requirement.component == component.id
        ]
        kind = types[component.type]
        freedoms = ", ".join(f"[{freedom_titles[f]}](#{f})" for f in component.enables)
        facts = [
            f"- Type: [{kind.title}](#{kind.id})",
            f"- Enables: {freedoms}",
            f"- Released means: {cell(component.release_means)}",
            "- Not applicable: "
            + ("allowed" if component.not_applicable_allowed else "not allowed"),
            "- Required from: " + (", ".join(required) or "no level"),
        ]
        parts += [
            heading(3, component.title, component.id),
            _prose(component),
            "\n".join(facts) + "\n",
        ]
    return "\n".join(parts)


def _license_categories(definition: Definition, licenses: LicenseRegistry | None) -> str:
    parts = [heading(2, SECTIONS["license-categories"], "license-categories")]
    if licenses is not None:
        parts.append(
            "Each license of the registry ([licenses.json](licenses.json)) has one category. "
            "An OSI-approved license on the SPDX list that the registry does not name is open source.\n"
        )
    for category in definition.license_categories:
        facts = [f"- Open: {'yes' if category.open else 'no'}", f"- Rule: {cell(category.rule)}"]
        if licenses is not None:
            members = [
                f"`{entry.id}`" for entry in licenses.licenses if entry.category == category.id
            ]
            facts.append("- In the registry: " + (", ".join(members) or "none listed"))
        parts += [
            heading(3, category.title, category.id),
            _prose(category),
            "\n".join(facts) + "\n",
        ]
    if licenses is not None and licenses.exceptions:
        parts.append(_exceptions(licenses))
    return "\n".join(parts)


_COUNTS_AS = {
    "stated-license": "by the license stated for the component",
    "release-license": "by the release's license",
    "unknown": "as unknown: it meets only a requirement that accepts any terms",
}


def _terms(definition: Definition) -> str:
    if not definition.terms:
        return ""
    parts = [
        heading(2, SECTIONS["terms"], "terms"),
        "A manifest says, for each component, where its terms come from. "
        "The state decides how a requirement judges the component.\n",
    ]
    for state in definition.terms:
        facts = [f"- Rule: {cell(state.rule)}", f"- Counts: {_COUNTS_AS[state.counts_as]}"]
        parts += [heading(3, state.title, state.id), _prose(state), "\n".join(facts) + "\n"]
    return "\n".join(parts)


def _exceptions(licenses: LicenseRegistry) -> str:
    """How `X WITH E` counts under this version, from the registry's exceptions section (since 1.1;
    the released 1.0 page stays as it was)."""
    keep = [f"`{entry.id}`" for entry in licenses.exceptions if not entry.restricts]
    lower = [f"`{entry.id}`" for entry in licenses.exceptions if entry.restricts]
    return (
        "A license with an exception (SPDX `WITH`) is never more open than the license alone. "
        f"Exceptions that only add permissions keep the license's category: {', '.join(keep) or 'none'}. "
        f"Additions that restrict use make it restricted: {', '.join(lower) or 'none'}. Any other "
        "exception counts as restricted until the registry reviews it, and each verdict that rests on "
        "one says so.\n"
    )


def _levels(definition: Definition) -> str:
    parts = [
        heading(2, SECTIONS["levels"], "levels"),
        "Levels are cumulative: a model reaches a level when it meets that level's requirements "
        "and those of every level below it.\n",
    ]
    below = None
    for level in definition.levels:
        parts += [heading(3, level.title, level.id), _prose(level)]
        if below is not None:
            parts.append(f"Includes every requirement of [{below.title}](#{below.id}).\n")
        if level.requirements:
            parts.append(_requirements(definition, level.requirements))
        parts.append(_crosswalk(definition, level))
        below = level
    return "\n".join(parts)


def _crosswalk(definition: Definition, level: Level) -> str:
    """What reaching the level guarantees in the frameworks mapped onto this version, if any."""
    mapped = [f for f in load_frameworks() if f.definition == definition.version]
    if not mapped:
        return ""
    implied = [(f, crosswalk.implied_tier(level, definition, f)) for f in mapped]
    guaranteed = "; ".join(
        f"{f.short_title} {f.version}, {tier.name if tier else 'none'}" for f, tier in implied
    )
    why = f"../crosswalks/index.md#{level.id}"
    return f"*Crosswalk:* what this level alone guarantees in other frameworks: {guaranteed} ([why]({why})).\n"


def _requirements(definition: Definition, requirements: tuple[Requirement, ...]) -> str:
    rows = []
    for requirement in requirements:
        component = definition.component(requirement.component)
        categories = ", ".join(f"[{c}](#{c})" for c in requirement.license_categories)
        if accepted_words(definition, requirement.license_categories) == "any license":
            categories = "[any license](#license-categories)"  # not the list of every category
        availability = f"[{requirement.availability}](#{requirement.availability})"
        rows.append(
            (
                anchored_id(requirement.id),
                f"[{component.title}](#{component.id})",
                availability,
                categories,
                cell(requirement.rationale),
            )
        )
    headers = ("Requirement", "Component", "At least", "License categories", "Why")
    return table(headers, rows)


def _glossary(definition: Definition) -> str:
    rows = [(anchored_id(e.id), e.term, cell(e.definition)) for e in definition.glossary]
    return (
        heading(2, SECTIONS["glossary"], "glossary") + "\n" + table(("Id", "Term", "Meaning"), rows)
    )


def _changes(definition: Definition) -> str:
    if not definition.changes:
        return ""
    parts = [heading(2, SECTIONS["changes"], "changes")]
    present = set(item_ids(definition))  # a change may name an item this version removed
    for change in definition.changes:
        affected = ", ".join(f"[`{i}`](#{i})" if i in present else f"`{i}`" for i in change.items)
        parts += [heading(3, change.title, change.id), _prose(change)]
        if affected:
            parts.append(f"Affects: {affected}\n")
    return "\n".join(parts)
