"""/<language>/<version>/: the definition in another language, with the anchors of /<version>/.

The English page stays normative: every translated page says so and links, item by item, the English
clause it translates. The hand-written translated pages (docs/zh-Hans/) are generated for the
languages made from them (zh-Hant, with OpenCC); the language switch and the `hreflang` alternates of
every page that has a translation come from the same list of files.
"""

from __future__ import annotations

import html
import re
from collections.abc import Container, Iterator
from pathlib import Path

from mkdocs.utils import get_relative_url

from openness import spec, translations
from openness.spec import Definition
from openness.translations import ENGLISH, Language, Translation

from .definition_page import Reading, render
from .markup import heading, table


def definition_pages() -> Iterator[tuple[str, str, str]]:
    """(path, content, language) of every translated definition page."""
    for spoken in translations.LANGUAGES:
        for version in spec.versions():
            if translations.available(spoken.code, version):
                yield (
                    f"{spoken.code}/{version}/index.md",
                    definition_page(spoken, version),
                    spoken.code,
                )


def definition_page(spoken: Language, version: str) -> str:
    translation = translations.load_translation(spoken.code, version)
    definition = spec.load_definition(version)
    registry = spec.load_licenses(version) if spec.licenses_path(version).is_file() else None
    say = translation.phrase
    reading = Reading(
        say=say,
        english=f"../../{version}/index.md",
        up="../../",
        data=f"../../{version}/",
        cite=_citation(definition, spoken, translation),
    )
    page = render(translations.translate(definition, translation), registry, reading)
    return page + "\n" + _terminology(translation, definition)


def _citation(definition: Definition, spoken: Language, translation: Translation) -> list[str]:
    """The translation cited in its own language, after the English citation of the normative text."""
    say = translation.phrase
    date = definition.release_date or say("draft, not released")
    cited = say("{editors}. *{title}* ({english}), version {version} ({date}), {language}. <{url}>")
    return [
        cited.format(
            editors=say(", ".join(definition.editors)),
            title=say(definition.title),
            english=definition.title,
            version=definition.version,
            date=date,
            language=spoken.name,
            url=translations.definition_url(spoken.code, definition.version),
        )
    ]


def _terminology(translation: Translation, definition: Definition) -> str:
    """The translation's chosen terms and why, at the end of the page (#terminology)."""
    if not translation.terminology:
        return ""
    say = translation.phrase
    rows = [
        (
            html.escape(term["english"]),
            html.escape(term["chosen"]),
            html.escape("、".join(term.get("avoided", ()))),
            " ".join(html.escape(term["reason"]).split()),
        )
        for term in translation.terminology
    ]
    headers = (say("English term"), say("Chosen"), say("Not used"), say("Reason"))
    intro = say(
        "The terms this translation uses, and why. License names, SPDX ids and component ids are not translated."
    )
    return heading(2, say("Chosen terms"), "terminology") + intro + "\n\n" + table(headers, rows)


def converted_docs(docs: Path) -> Iterator[tuple[str, str]]:
    """(path, content) of each hand-written page of a generated language, converted from its source."""
    for spoken in translations.LANGUAGES:
        if spoken.generated_from is None:
            continue
        convert = translations.converter(spoken)
        folder = docs / spoken.generated_from
        for path in sorted(folder.rglob("*.md")) if folder.is_dir() else ():
            relative = path.relative_to(folder).as_posix()
            # The source page names its own language (in URLs, in `--lang zh-Hans`): this one's.
            text = convert(path.read_text(encoding="utf-8"))
            yield f"{spoken.code}/{relative}", text.replace(spoken.generated_from, spoken.code)


# --- which pages translate which -------------------------------------------------------------------


def english_path(src_uri: str) -> tuple[str, str]:
    """(the English page's path, the language code) of a page of the site's source."""
    first, _, rest = src_uri.partition("/")
    if first in translations.codes() and rest:
        return rest, first
    return src_uri, ENGLISH.code


def alternates(src_uri: str, present: Container[str]) -> list[tuple[Language, str]]:
    """Every language this page exists in, the English first, with the path of each; [] when the
    page has no translation."""
    english, _ = english_path(src_uri)
    found = [(ENGLISH, english)] if english in present else []
    for spoken in translations.LANGUAGES:
        if f"{spoken.code}/{english}" in present:
            found.append((spoken, f"{spoken.code}/{english}"))
    return found if len(found) > 1 else []


def switch(current: str, here_url: str, versions: list[tuple[Language, str]]) -> str:
    """The language switch: a link to each other language of the page; the page's script carries
    the anchor over, so that /zh-Hans/1.0/#open-weights leads to /zh-Hant/1.0/#open-weights."""
    links = []
    for spoken, url in versions:
        name = html.escape(spoken.name)
        if spoken.code == current:
            links.append(f'<strong lang="{spoken.code}" aria-current="page">{name}</strong>')
        else:
            href = html.escape(get_relative_url(url, here_url), quote=True)
            links.append(
                f'<a href="{href}" hreflang="{spoken.code}" lang="{spoken.code}" '
                f'data-keep-anchor="">{name}</a>'
            )
    phrases = {} if current == ENGLISH.code else translations.load_phrases(current)
    label = html.escape(phrases.get("Language", "Language"), quote=True)
    return f'<nav class="language-switch" aria-label="{label}">' + " · ".join(links) + "</nav>\n"


_LOC = re.compile(r"<loc>([^<]*)</loc>")
_XHTML = 'xmlns:xhtml="http://www.w3.org/1999/xhtml"'


def with_alternates(sitemap: str) -> str:
    """mkdocs' sitemap with an `xhtml:link rel="alternate" hreflang` for each language of each page
    that has a translation (the form search engines and the theme's language selector read)."""
    locations = _LOC.findall(sitemap)
    prefix = next((url for url in locations if url.count("/") == 3), "")  # the site's root URL
    pages = {url.removeprefix(prefix) + "index.md" for url in locations}

    def alternate_links(match: re.Match[str]) -> str:
        path = match.group(1).removeprefix(prefix)
        found = alternates(path + "index.md", pages)
        links = "".join(
            f'\n         <xhtml:link rel="alternate" hreflang="{spoken.code}" '
            f'href="{html.escape(prefix + other.removesuffix("index.md"), quote=True)}"/>'
            for spoken, other in found
        )
        return match.group(0) + links

    text = _LOC.sub(alternate_links, sitemap)
    if _XHTML not in text:
        text = text.replace("<urlset ", f"<urlset {_XHTML} ", 1)
    return text
