"""A verdict in plain words, made from the definition's titles and the license registry's names.

Every sentence that says why a component meets a requirement or not is made here, once, and every
output (text, Markdown, JSON, the site's pages, the profile picture) shows that same sentence:

    the final parameters are under the Llama 2 Community License Agreement, which restricts use
    (acceptable use policy, user-count threshold, no training of other models); open weights needs
    an open license

Ids never appear in a sentence, only titles; a license is named by the registry's name, and why it
restricts comes from the registry's restriction tags (or its reason, where it has no tag). License
expressions come from manifests: they are returned as they are, and each renderer escapes them.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from functools import lru_cache
from typing import Any

from .licenses import RESTRICTED, UNKNOWN, Term, describe_term, terms
from .spec import Definition, LicenseRegistry

# What a sentence says of terms nobody has stated or checked, and of terms checked and found absent.
UNKNOWN_TERMS = "terms nobody has stated or checked (unknown)"
NO_LICENSE = "no license (checked: none granted)"


def plural(title: str) -> bool:
    """Whether a component's title names several things ("Final parameters", "Training datasets"),
    read from its last word before any parenthesis: the titles are English, and the definition's
    data has no grammatical number (released versions are never edited to add one)."""
    words = title.split("(")[0].split()
    last = words[-1].lower() if words else ""
    return last.endswith("s") and not last.endswith("ss")


def subject(title: str) -> str:
    """A component as the subject of a sentence: 'the final parameters'."""
    return f"the {_lower_first(title)}"


def be(title: str) -> str:
    return "are" if plural(title) else "is"


def them(title: str) -> str:
    return "them" if plural(title) else "it"


def they_are(title: str) -> str:
    return "they are" if plural(title) else "it is"


# Bounded: the titles of the definition and the registry, said in every sentence judged afresh.
@lru_cache(maxsize=1024)
def _lower_first(text: str) -> str:
    """The first letter in lower case, unless the first word is an acronym or a name (OLMo, MOF)."""
    first = text.split(" ", 1)[0]
    if len(first) > 1 and any(character.isupper() for character in first[1:]):
        return text
    return text[:1].lower() + text[1:]


def article(noun: str) -> str:
    """'an open license', 'a restricted license'; 'proprietary terms' and 'no license' take none."""
    if plural(noun) or noun.lower().startswith("no "):
        return noun
    return ("an " if noun[:1].lower() in "aeiou" else "a ") + noun


def category_words(definition: Definition, category_id: str) -> str:
    """A license category as its title says it, in lower case: 'open source license'."""
    if category_id == UNKNOWN:
        return "unknown terms"
    return _lower_first(definition.category(category_id).title)


def accepted_words(definition: Definition, accepted: Collection[str]) -> str:
    """What a requirement accepts, in words: 'any license', 'an open license', 'an open source
    license', never the list of every category's id."""
    wanted = set(accepted)
    everything = {category.id for category in definition.license_categories}
    open_ids = {category.id for category in definition.license_categories if category.open}
    if everything <= wanted:
        return "any license"
    if wanted == open_ids:
        return "an open license"
    if wanted == open_ids | {RESTRICTED}:
        return "an open or a restricted license"
    named = [category.id for category in definition.license_categories if category.id in wanted]
    return " or ".join(article(category_words(definition, item)) for item in named)


def availability_words(definition: Definition, availability_id: str) -> str:
    """An availability as its title says it, in lower case: 'partially released'."""
    for item in definition.availability:
        if item.id == availability_id:
            return _lower_first(item.title)
    return availability_id


def wanted_availability(definition: Definition, title: str, availability_id: str) -> str:
    """What a requirement needs of a component's availability: 'them released', 'it at least
    partially released'."""
    words = availability_words(definition, availability_id)
    highest = max(item.rank for item in definition.availability)
    at_least = "" if definition.availability_rank(availability_id) >= highest else "at least "
    return f"{them(title)} {at_least}{words}"


def _restrictions(tags: tuple[str, ...], registry: LicenseRegistry) -> list[str]:
    return [_lower_first(registry.tag(tag).title) for tag in tags if registry.tag(tag).restricts]


def term_words(
    term: Term,
    definition: Definition,
    registry: LicenseRegistry,
    urls: Mapping[str, str] | None = None,
) -> str:
    """One license of an expression in words: its name, its category and what restricts it."""
    if term.category == UNKNOWN and term.base is None:
        return UNKNOWN_TERMS
    if term.id == "NONE":
        return NO_LICENSE
    if term.base is not None or not term.reviewed or term.entry is None:
        # An exception, or an id the registry has not reviewed: the registry's own account.
        return describe_term(term, registry, urls)
    name = f"the {term.entry.name}"
    category = term.category
    if category == RESTRICTED:
        restrictions = _restrictions(term.entry.tags, registry)
        if restrictions:
            return f"{name}, which restricts use ({', '.join(restrictions)})"
        reason = term.entry.reason.strip().rstrip(".")
        return f"{name}, a restricted license" + (f": {_lower_first(reason)}" if reason else "")
    return f"{name}, {article(category_words(definition, category))}"


def license_words(
    parsed: Any,
    expression: str,
    definition: Definition,
    registry: LicenseRegistry,
    urls: Mapping[str, str] | None = None,
) -> str:
    """'under the Apache License 2.0, an open source license', or for several licenses at once,
    'under A AND B (the first in words; the second in words)'."""
    found = terms(parsed, registry)
    if len(found) == 1:
        words = term_words(found[0], definition, registry, urls)
        return f"with {words}" if words == NO_LICENSE else f"under {words}"
    said = "; ".join(term_words(term, definition, registry, urls) for term in found)
    return f"under {expression} ({said})"


def needed_by(goal: str) -> str:
    """Who needs it: 'open weights needs', or 'this needs' when the caller names no goal."""
    return f"{goal} needs" if goal else "this needs"


def level_goal(title: str) -> str:
    """A level of the definition as the subject of 'needs': 'open weights'."""
    return _lower_first(title)
