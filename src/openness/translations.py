"""Translations of the definition: data beside the normative English, never a change to it.

spec/translations/<language>/<version>.yaml holds, for every item id of a definition version, the
translation of its prose (title, summary, rationale and the like) and the hash of the English text
it translates: when the English changes, the entry is stale until a translator looks at it again.
A version's file may be `based_on` an earlier one: an entry of the earlier file still counts when
the English it translated is the same in both versions, so nothing is translated twice.

zh-Hant is not written by hand: it is made from zh-Hans with OpenCC (`s2twp`, Taiwan phrases), then
the few corrections of spec/translations/zh-Hant/overrides.yaml.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from .pyyaml import yaml
from .spec import Definition, Level, load_definition, spec_dir
from .urls import SITE_URL

# What a translation translates, per kind of item; every other field (ids, license names, SPDX ids,
# component ids, examples, sources) stays as the English has it.
ITEM_FIELDS = ("title", "summary", "rationale", "release_means", "rule")
REQUIREMENT_FIELDS = ("rationale",)
GLOSSARY_FIELDS = ("term", "definition")


@dataclass(frozen=True)
class Language:
    code: str  # a BCP 47 tag: the URL prefix, the `lang` attribute and the CLI's --lang
    name: str  # in the language itself, for the language switch
    generated_from: str | None = None  # written by hand when None
    opencc_config: str | None = None


LANGUAGES: tuple[Language, ...] = (
    Language("zh-Hans", "简体中文"),
    Language("zh-Hant", "繁體中文", generated_from="zh-Hans", opencc_config="s2twp"),
)
ENGLISH = Language("en", "English")


def language(code: str) -> Language:
    for candidate in LANGUAGES:
        if candidate.code == code:
            return candidate
    raise KeyError(code)


def codes() -> list[str]:
    return [candidate.code for candidate in LANGUAGES]


def translations_dir() -> Path:
    return spec_dir() / "translations"


def clause_url(code: str, version: str, item_id: str) -> str:
    """The translated clause's permanent URL: the same anchor as the English one."""
    return f"{SITE_URL}/{code}/{version}/#{item_id}"


def definition_url(code: str, version: str) -> str:
    return f"{SITE_URL}/{code}/{version}/"


# --- the English a translation translates ---------------------------------------------------------


def english_texts(definition: Definition) -> dict[str, dict[str, str]]:
    """Every item id of the definition, with the English text of each field a translation covers."""
    texts: dict[str, dict[str, str]] = {}
    for group in definition.item_groups():
        for item in group:
            texts[item.id] = _fields(item, ITEM_FIELDS)
            if isinstance(item, Level):
                for requirement in item.requirements:
                    texts[requirement.id] = _fields(requirement, REQUIREMENT_FIELDS)
    for entry in definition.glossary:
        texts[entry.id] = _fields(entry, GLOSSARY_FIELDS)
    return texts


def _fields(item: object, names: tuple[str, ...]) -> dict[str, str]:
    return {name: str(getattr(item, name)) for name in names if getattr(item, name, "")}


def source_hash(texts: Mapping[str, str]) -> str:
    """The hash an entry records of the English it translates: its fields, whitespace folded."""
    folded = {name: " ".join(value.split()) for name, value in sorted(texts.items())}
    canonical = json.dumps(folded, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


# Chinese puts no space between words: the line breaks of a folded YAML scalar (`>-`) between two
# CJK characters or punctuation marks are dropped, not read as spaces.
_CJK = "\u2e80-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\u201c\u201d"
_FOLDED_BREAK = re.compile(f"(?<=[{_CJK}]) +(?=[{_CJK}])")


def unfold(text: str) -> str:
    """Text of a translation file as it is meant to be read: no space between two CJK characters."""
    return _FOLDED_BREAK.sub("", text)


# --- translation files -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    id: str
    source: str  # source_hash() of the English it translates
    texts: Mapping[str, str]


@dataclass(frozen=True)
class Translation:
    language: str
    version: str
    entries: Mapping[str, Entry]  # the file's own, merged over those of the file it is based on
    terminology: tuple[Mapping[str, str], ...] = ()
    phrases: Mapping[str, str] = field(default_factory=dict)

    def phrase(self, english: str) -> str:
        """A phrase of the pages or the CLI in this language; the English one if untranslated."""
        return self.phrases.get(english, english)

    def current(self, definition: Definition) -> dict[str, Mapping[str, str]]:
        """The entries that translate this definition's English as it is now, by item id."""
        english = english_texts(definition)
        return {
            item_id: entry.texts
            for item_id, entry in self.entries.items()
            if item_id in english and entry.source == source_hash(english[item_id])
        }


class TranslationError(ValueError):
    """A translation file that cannot be used; the message names the file and the field."""


def translation_path(code: str, version: str) -> Path:
    return translations_dir() / code / f"{version}.yaml"


def available(code: str, version: str) -> bool:
    source = language(code).generated_from or code
    return translation_path(source, version).is_file()


@cache
def load_translation(code: str, version: str) -> Translation:
    """A language's translation of one definition version (generated ones converted here)."""
    spoken = language(code)
    if spoken.generated_from is not None:
        return _converted(load_translation(spoken.generated_from, version), spoken)
    data = _read(translation_path(code, version))
    entries: dict[str, Entry] = {}
    terminology: tuple[Mapping[str, str], ...] = ()
    base = data.get("based_on")
    if base is not None:
        inherited = load_translation(code, base)
        entries.update(inherited.entries)
        terminology = inherited.terminology
    for item_id, value in data.get("entries", {}).items():
        texts = {name: unfold(text) for name, text in value.items() if name != "source"}
        entries[item_id] = Entry(item_id, value["source"], texts)
    if "terminology" in data:
        terminology = tuple(
            {key: unfold(value) if isinstance(value, str) else value for key, value in term.items()}
            for term in data["terminology"]
        )
    return Translation(code, version, entries, terminology, load_phrases(code))


@cache
def load_phrases(code: str) -> Mapping[str, str]:
    """The pages' and the CLI's own words (headings, labels), English phrase -> translation."""
    spoken = language(code)
    if spoken.generated_from is not None:
        convert = converter(spoken)
        return {
            english: convert(text) for english, text in load_phrases(spoken.generated_from).items()
        }
    path = translations_dir() / code / "phrases.yaml"
    return dict(_read(path)["phrases"]) if path.is_file() else {}


def _read(path: Path) -> dict[str, Any]:
    """A translation file, checked against its schema: a clear message naming the file and field."""
    from .reader import ReadError, read
    from .spec import compiled_spec_schema

    try:
        document = read(path)
    except ReadError as error:  # the reader's own errors name file, line and column
        raise TranslationError(str(error)) from error
    name = "translation-phrases" if path.name == "phrases.yaml" else "translation"
    # The compiled validator says yes or no (the translation schemas have no `format`, and their
    # patterns read the same in both engines: tests/test_translations.py checks both); only a
    # file it rejects pays for jsonschema's import, to be told where and why.
    if not compiled_spec_schema(name).is_valid(document.data):
        from .schemas import compiled_findings, schema_findings
        from .spec import spec_schema

        findings = schema_findings(spec_schema(name), document) or compiled_findings(
            compiled_spec_schema(name), document
        )
        raise TranslationError(str(findings[0]))
    data: dict[str, Any] = document.data
    return data


# --- zh-Hant, generated -------------------------------------------------------------------------


@dataclass(frozen=True)
class Override:
    wrong: str  # what OpenCC writes
    right: str  # what a Taiwanese reader expects
    reason: str


@cache
def overrides(code: str) -> tuple[Override, ...]:
    path = translations_dir() / code / "overrides.yaml"
    if not path.is_file():
        return ()
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return tuple(
        Override(item["wrong"], item["right"], item["reason"]) for item in data["overrides"]
    )


@cache
def _opencc(config: str) -> Any:
    import opencc  # loaded only for a generated language

    return opencc.OpenCC(config)


def converter(spoken: Language) -> Any:
    """The function that turns text of the language it is generated from into this one."""
    assert spoken.opencc_config is not None
    engine = _opencc(spoken.opencc_config)
    fixes = overrides(spoken.code)

    def convert(text: str) -> str:
        converted: str = engine.convert(text)
        for fix in fixes:
            converted = converted.replace(fix.wrong, fix.right)
        return converted

    return convert


def _converted(source: Translation, spoken: Language) -> Translation:
    convert = converter(spoken)
    entries = {
        item_id: Entry(item_id, entry.source, {k: convert(v) for k, v in entry.texts.items()})
        for item_id, entry in source.entries.items()
    }
    terminology = tuple(
        {
            key: convert(value) if key in ("chosen", "reason") else value
            for key, value in term.items()
        }
        for term in source.terminology
    )
    return Translation(spoken.code, source.version, entries, terminology, load_phrases(spoken.code))


# --- what needs a translator -----------------------------------------------------------------------


@dataclass(frozen=True)
class Status:
    missing: tuple[str, ...]  # ids of the definition without a translation
    stale: tuple[str, ...]  # ids whose English changed since it was translated
    unknown: tuple[str, ...]  # translated ids the definition does not have

    @property
    def complete(self) -> bool:
        return not (self.missing or self.stale or self.unknown)


def status(code: str, version: str) -> Status:
    definition = load_definition(version)
    translation = load_translation(code, version)
    english = english_texts(definition)
    missing, stale = [], []
    for item_id, texts in english.items():
        entry = translation.entries.get(item_id)
        if entry is None:
            missing.append(item_id)
        elif entry.source != source_hash(texts) or set(entry.texts) != set(texts):
            stale.append(item_id)
    own = _read(translation_path(language(code).generated_from or code, version))
    unknown = [item_id for item_id in own.get("entries", {}) if item_id not in english]
    return Status(tuple(missing), tuple(stale), tuple(unknown))


def skeleton(code: str, version: str) -> Iterator[str]:
    """YAML stubs for the entries a translator must write or review, each with its hash and English."""
    state = status(code, version)
    english = english_texts(load_definition(version))
    for item_id in (*state.missing, *state.stale):
        yield f"  {item_id}:\n    source: {source_hash(english[item_id])}\n"
        for name, text in english[item_id].items():
            yield f"    # {name}: {' '.join(text.split())}\n    {name}: \n"


# --- the definition, read in another language ---------------------------------------------------


def translate(definition: Definition, translation: Translation) -> Definition:
    """The definition with the prose of every current entry in the translation's language; ids,
    ranks, requirements' components and categories, examples and sources stay as they are. An item
    without a current translation keeps its English (the pages mark the file incomplete in a test)."""
    texts = translation.current(definition)

    def item(value: Any) -> Any:
        found = texts.get(value.id)
        if not found:
            return value
        return replace(value, **{name: found[name] for name in found if hasattr(value, name)})

    def level(value: Level) -> Level:
        translated: Level = item(value)
        return replace(translated, requirements=tuple(map(item, value.requirements)))

    return replace(
        definition,
        principles=tuple(map(item, definition.principles)),
        availability=tuple(map(item, definition.availability)),
        freedoms=tuple(map(item, definition.freedoms)),
        component_types=tuple(map(item, definition.component_types)),
        components=tuple(map(item, definition.components)),
        license_categories=tuple(map(item, definition.license_categories)),
        terms=tuple(map(item, definition.terms)),
        levels=tuple(map(level, definition.levels)),
        changes=tuple(map(item, definition.changes)),
        glossary=tuple(map(item, definition.glossary)),
    )
