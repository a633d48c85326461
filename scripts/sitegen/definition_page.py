"""/<version>/: the whole definition of one version on one page, every item at the anchor of its id."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

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


def _english(phrase: str) -> str:
    return phrase


@dataclass(frozen=True)
class Reading:
    """In which language a page reads the definition, and where it sits: the English page by default.
    A translated page words its headings and labels with `say`, links the English clause of each item
    (`english`: the path of the English page from it) and reaches the rest of the site through `up`."""

    say: Callable[[str], str] = _english
    english: str | None = None  # None: this is the English page
    up: str = "../"  # from the page's folder to the site's root
    data: str = ""  # from the page's folder to the folder of definition.json
    cite: list[str] = field(default_factory=list)  # lines the cite box adds (a translation's URL)


ENGLISH = Reading()


def item_ids(definition: Definition) -> list[str]:
    """Every id of the definition: each is an anchor of its page and part of a permanent URL."""
    ids = [item.id for group in definition.item_groups() for item in group]
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


def render(
    definition: Definition, licenses: LicenseRegistry | None, reading: Reading = ENGLISH
) -> str:
    """The page of one version; with a translated definition and its Reading, the translated page."""
    check_unique([*SECTIONS, *item_ids(definition)], f"definition {definition.version}")
    say = reading.say
    parts = [
        f"# {say(definition.title)} {definition.version}\n",
        _status(definition, reading),
        prose(say(definition.summary)) + "\n",
        _cite_box(definition, reading),
        _principles(definition, reading),
        _freedoms(definition, reading),
        _availability(definition, reading),
        _components(definition, reading),
        _license_categories(definition, licenses, reading),
        _terms(definition, reading),
        _levels(definition, reading),
        _glossary(definition, reading),
        _changes(definition, reading),
    ]
    return "\n".join(part for part in parts if part)


def _status(definition: Definition, reading: Reading) -> str:
    say = reading.say
    files = f"[definition.json]({reading.data}definition.json)"
    facts = [say("Version **{version}**").format(version=definition.version)]
    if definition.released:
        facts.append(say("released {date}").format(date=definition.release_date))
    facts.append(say("text under {license}").format(license=definition.license))
    banner = ""
    if reading.english is not None:
        banner = (
            f'!!! info "{say("The English text is normative")}"\n'
            "    "
            + say(
                "This is a translation. Where it and the [English text]({english}) differ, the English wins."
            ).format(english=reading.english)
            + "\n\n"
        )
    if not definition.released:
        banner += (
            f'!!! danger "{say("Draft: not released")}"\n'
            "    "
            + say(
                "Version {version} is a draft. Its text and ids may still change: cite a released version."
            ).format(version=definition.version)
            + "\n\n"
        )
    return banner + " · ".join(facts) + " · " + say("as data: {files}").format(files=files) + "\n"


def _cite_box(definition: Definition, reading: Reading) -> str:
    bib = "\n".join("    " + line for line in bibtex(definition).splitlines())
    extra = "".join(f"    {line}\n\n" for line in reading.cite)
    return (
        f'!!! quote "{reading.say("Cite this version")}"\n'
        f"    {citation(definition)}\n\n"
        f"{extra}"
        f"    ```bibtex\n{bib}\n    ```\n"
    )


def _heading(level: int, item: Item, reading: Reading) -> str:
    """An item's heading; on a translated page, with a link to the English clause it translates."""
    text = heading(level, item.title, item.id)
    if reading.english is None:
        return text
    return (
        text
        + f"[{reading.say('English')}]({reading.english}#{item.id}){{ .english-clause hreflang=en }}\n"
    )


def _prose(item: Item, reading: Reading = ENGLISH) -> str:
    say = reading.say
    text = [prose(item.summary) + "\n"]
    if item.rationale:
        text.append(f"*{say('Why:')}* {prose(item.rationale)}\n")
    text += [f"- {say('Example:')} {cell(example)}" for example in item.examples]
    if item.examples:
        text.append("")  # the list ends here: what follows is not part of the last example
    if item.sources:
        text.append(
            say("Sources:") + " " + ", ".join(f"<{source}>" for source in item.sources) + "\n"
        )
    return "\n".join(text)


def _principles(definition: Definition, reading: Reading) -> str:
    if not definition.principles:
        return ""
    parts = [heading(2, reading.say(SECTIONS["principles"]), "principles")]
    for item in definition.principles:
        parts += [_heading(3, item, reading), _prose(item, reading)]
    return "\n".join(parts)


def _freedoms(definition: Definition, reading: Reading) -> str:
    say = reading.say
    parts = [heading(2, say(SECTIONS["freedoms"]), "freedoms")]
    for freedom in definition.freedoms:
        enabled_by = [c for c in definition.components if freedom.id in c.enables]
        parts += [_heading(3, freedom, reading), _prose(freedom, reading)]
        parts.append(
            say("Made real by:")
            + " "
            + ", ".join(f"[{c.title}](#{c.id})" for c in enabled_by)
            + "\n"
        )
    return "\n".join(parts)


def _availability(definition: Definition, reading: Reading) -> str:
    say = reading.say
    rows = [(anchored_id(a.id), a.title, cell(a.summary)) for a in definition.availability]
    intro = say("What a manifest says of each component, from most to least available.") + "\n"
    return (
        heading(2, say(SECTIONS["availability"]), "availability")
        + intro
        + "\n"
        + table((say("Id"), say("Availability"), say("Meaning")), rows)
    )


def _components(definition: Definition, reading: Reading) -> str:
    say = reading.say
    types = {kind.id: kind for kind in definition.component_types}
    freedom_titles = {freedom.id: freedom.title for freedom in definition.freedoms}
    parts = [heading(2, say(SECTIONS["components"]), "components")]
    rows = [(anchored_id(kind.id), kind.title, cell(kind.summary)) for kind in types.values()]
    parts.append(
        say("Each component has a type:")
        + "\n\n"
        + table((say("Id"), say("Type"), say("Meaning")), rows)
    )
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
            f"- {say('Type:')} [{kind.title}](#{kind.id})",
            f"- {say('Enables:')} {freedoms}",
            f"- {say('Released means:')} {cell(component.release_means)}",
            f"- {say('Not applicable:')} "
            + say("allowed" if component.not_applicable_allowed else "not allowed"),
            f"- {say('Required from:')} " + (", ".join(required) or say("no level")),
        ]
        parts += [
            _heading(3, component, reading),
            _prose(component, reading),
            "\n".join(facts) + "\n",
        ]
    return "\n".join(parts)


def _license_categories(
    definition: Definition, licenses: LicenseRegistry | None, reading: Reading
) -> str:
    say = reading.say
    parts = [heading(2, say(SECTIONS["license-categories"]), "license-categories")]
    if licenses is not None:
        parts.append(
            say(
                "Each license of the registry ([licenses.json]({file})) has one category. "
                "An OSI-approved license on the SPDX list that the registry does not name is open source."
            ).format(file=reading.data + "licenses.json")
            + "\n"
        )
    for category in definition.license_categories:
        facts = [
            f"- {say('Open:')} {say('yes' if category.open else 'no')}",
            f"- {say('Rule:')} {cell(category.rule)}",
        ]
        if licenses is not None:
            members = [
                f"`{entry.id}`" for entry in licenses.licenses if entry.category == category.id
            ]
            facts.append(
                f"- {say('In the registry:')} " + (", ".join(members) or say("none listed"))
            )
        parts += [
            _heading(3, category, reading),
            _prose(category, reading),
            "\n".join(facts) + "\n",
        ]
    if licenses is not None and licenses.exceptions:
        parts.append(_exceptions(licenses, reading))
    return "\n".join(parts)


_COUNTS_AS = {
    "stated-license": "by the license stated for the component",
    "release-license": "by the release's license",
    "unknown": "as unknown: it meets only a requirement that accepts any terms",
}


def _terms(definition: Definition, reading: Reading) -> str:
    if not definition.terms:
        return ""
    say = reading.say
    parts = [
        heading(2, say(SECTIONS["terms"]), "terms"),
        say(
            "A manifest says, for each component, where its terms come from. "
            "The state decides how a requirement judges the component."
        )
        + "\n",
    ]
    for state in definition.terms:
        facts = [
            f"- {say('Rule:')} {cell(state.rule)}",
            f"- {say('Counts:')} {say(_COUNTS_AS[state.counts_as])}",
        ]
        parts += [_heading(3, state, reading), _prose(state, reading), "\n".join(facts) + "\n"]
    return "\n".join(parts)


def _exceptions(licenses: LicenseRegistry, reading: Reading) -> str:
    """How `X WITH E` counts under this version, from the registry's exceptions section (since 1.1;
    the released 1.0 page stays as it was)."""
    keep = [f"`{entry.id}`" for entry in licenses.exceptions if not entry.restricts]
    lower = [f"`{entry.id}`" for entry in licenses.exceptions if entry.restricts]
    say = reading.say
    return (
        say(
            "A license with an exception (SPDX `WITH`) is never more open than the license alone. "
            "Exceptions that only add permissions keep the license's category: {keep}. "
            "Additions that restrict use make it restricted: {lower}. Any other "
            "exception counts as restricted until the registry reviews it, and each verdict that rests on "
            "one says so."
        ).format(keep=", ".join(keep) or say("none"), lower=", ".join(lower) or say("none"))
        + "\n"
    )


def _levels(definition: Definition, reading: Reading) -> str:
    say = reading.say
    parts = [
        heading(2, say(SECTIONS["levels"]), "levels"),
        say(
            "Levels are cumulative: a model reaches a level when it meets that level's requirements "
            "and those of every level below it."
        )
        + "\n",
    ]
    below = None
    for level in definition.levels:
        parts += [_heading(3, level, reading), _prose(level, reading)]
        if below is not None:
            parts.append(
                say("Includes every requirement of {level}.").format(
                    level=f"[{below.title}](#{below.id})"
                )
                + "\n"
            )
        if level.requirements:
            parts.append(_requirements(definition, level.requirements, reading))
        parts.append(_crosswalk(definition, level, reading))
        below = level
    return "\n".join(parts)


def _crosswalk(definition: Definition, level: Level, reading: Reading) -> str:
    """What reaching the level guarantees in the frameworks mapped onto this version, if any."""
    mapped = [f for f in load_frameworks() if f.definition == definition.version]
    if not mapped:
        return ""
    implied = [(f, crosswalk.implied_tier(level, definition, f)) for f in mapped]
    say = reading.say
    guaranteed = "; ".join(
        f"{f.short_title} {f.version}, {tier.name if tier else say('none')}" for f, tier in implied
    )
    why = f"{reading.up}crosswalks/index.md#{level.id}"
    return (
        say(
            "*Crosswalk:* what this level alone guarantees in other frameworks: {guaranteed} ([why]({why}))."
        ).format(guaranteed=guaranteed, why=why)
        + "\n"
    )


def _requirements(
    definition: Definition, requirements: tuple[Requirement, ...], reading: Reading
) -> str:
    say = reading.say
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
    return table(tuple(map(say, headers)), rows)


def _glossary(definition: Definition, reading: Reading) -> str:
    say = reading.say
    rows = [(anchored_id(e.id), e.term, cell(e.definition)) for e in definition.glossary]
    return (
        heading(2, say(SECTIONS["glossary"]), "glossary")
        + "\n"
        + table((say("Id"), say("Term"), say("Meaning")), rows)
    )


def _changes(definition: Definition, reading: Reading) -> str:
    if not definition.changes:
        return ""
    say = reading.say
    parts = [heading(2, say(SECTIONS["changes"]), "changes")]
    present = set(item_ids(definition))  # a change may name an item this version removed
    for change in definition.changes:
        affected = ", ".join(f"[`{i}`](#{i})" if i in present else f"`{i}`" for i in change.items)
        parts += [_heading(3, change, reading), _prose(change, reading)]
        if affected:
            parts.append(say("Affects:") + f" {affected}\n")
    return "\n".join(parts)
