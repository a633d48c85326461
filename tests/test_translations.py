"""Translations of the definition: complete, current, generated where they are generated, and shown.

The staleness tests list every entry whose English changed since it was translated and every id
without a translation: both lists must be empty for every language and version.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
import yaml
from cli_helpers import run_main
from site_helpers import ROOT, built_site

from openness import spec, translations
from openness.translations import (
    TranslationError,
    english_texts,
    load_translation,
    overrides,
    source_hash,
    status,
)

PAIRS = [(code, version) for code in translations.codes() for version in spec.versions()]
HANS = ROOT / "spec" / "translations" / "zh-Hans"


@pytest.mark.parametrize(("code", "version"), PAIRS)
def test_every_item_is_translated_and_current(code: str, version: str) -> None:
    state = status(code, version)
    assert not state.missing, f"{code} {version}: ids without a translation: {state.missing}"
    assert not state.stale, (
        f"{code} {version}: the English changed since these were translated: {state.stale} "
        "(scripts/translation.py skeleton prints their new hash and English)"
    )
    assert not state.unknown, (
        f"{code} {version}: translated ids the definition lacks: {state.unknown}"
    )


def test_a_changed_english_makes_its_entry_stale() -> None:
    definition = spec.load_definition("1.0")
    texts = english_texts(definition)["open-weights"]
    changed = {**texts, "summary": texts["summary"] + " And more."}
    assert source_hash(changed) != source_hash(texts)
    assert source_hash({**texts, "summary": "  " + texts["summary"]}) == source_hash(texts)
    entry = load_translation("zh-Hans", "1.0").entries["open-weights"]
    assert entry.source == source_hash(texts)


def test_the_draft_reuses_unchanged_entries_and_only_those() -> None:
    """1.1 is based on 1.0: its own file holds only the entries whose English differs."""
    own = yaml.safe_load((HANS / "1.1.yaml").read_text(encoding="utf-8"))["entries"]
    old, new = (english_texts(spec.load_definition(v)) for v in ("1.0", "1.1"))
    for item_id in own:
        assert item_id not in old or old[item_id] != new[item_id], f"{item_id} is written twice"


def test_only_zh_hans_is_written_by_hand() -> None:
    """zh-Hant is generated at build time, not committed twice."""
    hant = ROOT / "spec" / "translations" / "zh-Hant"
    assert sorted(path.name for path in hant.iterdir()) == ["overrides.yaml"]
    assert not (ROOT / "docs" / "zh-Hant").exists()


def test_zh_hant_is_opencc_s2twp_with_the_overrides() -> None:
    hans = load_translation("zh-Hans", "1.0").entries["training-datasets"].texts
    hant = load_translation("zh-Hant", "1.0").entries["training-datasets"].texts
    assert hans["title"] == "训练数据集"
    assert hant["title"] == "訓練資料集"
    assert (
        load_translation("zh-Hant", "1.0").entries["final-parameters"].texts["title"] == "最終參數"
    )
    assert load_translation("zh-Hant", "1.0").entries["open-source"].texts["title"] == "開源授權"


def test_each_override_still_corrects_something() -> None:
    """An override that OpenCC's output no longer contains is dead: remove it."""
    import opencc

    engine = opencc.OpenCC("s2twp")
    text = "\n".join(
        value
        for version in spec.versions()
        for entry in load_translation("zh-Hans", version).entries.values()
        for value in entry.texts.values()
    )
    text += "\n" + "\n".join(translations.load_phrases("zh-Hans").values())
    text += "\n" + "\n".join(
        path.read_text(encoding="utf-8") for path in (ROOT / "docs" / "zh-Hans").glob("*.md")
    )
    converted = engine.convert(text)
    for fix in overrides("zh-Hant"):
        assert fix.wrong in converted, f"override {fix.wrong} -> {fix.right} matches nothing"
        converted = converted.replace(fix.wrong, fix.right)


def test_ids_license_names_and_spdx_ids_stay_untranslated() -> None:
    english = spec.load_definition("1.0")
    translated = translations.translate(english, load_translation("zh-Hans", "1.0"))
    assert [c.id for c in translated.components] == [c.id for c in english.components]
    for level, original in zip(translated.levels, english.levels, strict=True):
        for requirement, source in zip(level.requirements, original.requirements, strict=True):
            assert (requirement.component, requirement.license_categories) == (
                source.component,
                source.license_categories,
            )
    text = load_translation("zh-Hans", "1.0").entries["weakest-term-wins"].texts["summary"]
    assert "`OR`" in text and "`AND`" in text


def test_no_space_between_chinese_characters_from_folded_lines() -> None:
    for entry in load_translation("zh-Hans", "1.0").entries.values():
        for value in entry.texts.values():
            assert not re.search(r"[\u4e00-\u9fff，。、；：] [\u4e00-\u9fff，。、；：]", value), (
                value
            )


def test_a_broken_translation_file_names_file_and_field(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "spec" / "translations" / "zh-Hans"
    folder.mkdir(parents=True)
    (folder / "1.0.yaml").write_text(
        "spec: model-openness-definition-translation\nlanguage: zh-Hans\nversion: '1.0'\n"
        "entries:\n  open-weights:\n    source: not-a-hash\n    title: 开放权重\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(
        translations, "translations_dir", lambda: tmp_path / "spec" / "translations"
    )
    load_translation.cache_clear()
    try:
        with pytest.raises(TranslationError, match=r"1\.0\.yaml:6:.*source"):
            load_translation("zh-Hans", "1.0")
    finally:
        load_translation.cache_clear()


@pytest.mark.parametrize("page", sorted(p.name for p in (ROOT / "docs" / "zh-Hans").glob("*.md")))
def test_translated_pages_translate_the_english_as_it_is(page: str) -> None:
    text = (ROOT / "docs" / "zh-Hans" / page).read_text(encoding="utf-8")
    meta = yaml.safe_load(text.split("---")[1])
    english = (ROOT / "docs" / meta["translation_of"]).read_bytes()
    assert meta["source"] == hashlib.sha256(english).hexdigest()[:16], (
        f"docs/{meta['translation_of']} changed since docs/zh-Hans/{page} translated it"
    )


# --- the tool ---------------------------------------------------------------------------------


def test_assess_in_chinese_names_the_unmet_requirements_and_translated_clauses() -> None:
    code, out, _ = run_main(
        "assess", "--lang", "zh-Hans", str(ROOT / "manifests" / "llama-2-7b.yaml")
    )
    assert code == 0
    assert "权重可用（受限）" in out and "未满足“开放权重”的要求" in out
    assert "https://modelopenness.org/zh-Hans/1.0/#open-weights-final-parameters" in out
    assert "英文原文（规范文本）：https://modelopenness.org/1.0/#weights-available" in out
    code, out, _ = run_main(
        "assess", "--lang", "zh-Hant", str(ROOT / "manifests" / "llama-2-7b.yaml")
    )
    assert code == 0 and "開放權重" in out and "/zh-Hant/1.0/#" in out


def test_assess_lang_is_for_text_output_only() -> None:
    code, out, err = run_main(
        "assess", "--lang", "zh-Hans", "--format", "json", str(ROOT / "manifests" / "olmo-7b.yaml")
    )
    assert code == 2 and out == ""
    assert "--lang applies to --format text" in err
    code, _, err = run_main("assess", "--lang", "fr", str(ROOT / "manifests" / "olmo-7b.yaml"))
    assert code == 2 and "unknown value" in err and "zh-Hans" in err


# --- the pages --------------------------------------------------------------------------------


def _ids(page: str) -> set[str]:
    return set(re.findall(r'id="([^"]+)"', page))


@pytest.mark.parametrize(("code", "version"), PAIRS)
def test_translated_page_has_every_anchor_of_the_english(code: str, version: str) -> None:
    site = built_site()
    english = (site / version / "index.html").read_text(encoding="utf-8")
    translated = (site / code / version / "index.html").read_text(encoding="utf-8")
    from sitegen.definition_page import item_ids

    clauses = set(item_ids(spec.load_definition(version)))
    assert clauses <= _ids(english) and clauses <= _ids(translated)
    assert f'<html lang="{code}"' in translated
    assert translated.count('class="english-clause"') >= len(
        spec.load_definition(version).components
    )
    assert "hreflang" in translated  # the language switch


def test_sitemap_lists_each_translation_as_an_alternate() -> None:
    sitemap = (built_site() / "sitemap.xml").read_text(encoding="utf-8")
    for code in ("en", "zh-Hans", "zh-Hant"):
        assert f'hreflang="{code}"' in sitemap
    assert 'href="https://modelopenness.org/zh-Hant/1.0/"' in sitemap


def test_generated_pages_name_their_own_language() -> None:
    home = (built_site() / "zh-Hant" / "index.html").read_text(encoding="utf-8")
    assert "https://modelopenness.org/zh-Hant/1.0/#training-code" in home
    assert "--lang zh-Hant" in home and "zh-Hans/1.0/#" not in home


# --- the compiled validator's verdict on translation files is the explaining validator's ---------

_TRANSLATION_FILES = sorted(
    path
    for path in (ROOT / "spec" / "translations").rglob("*.yaml")
    if path.name != "overrides.yaml"
)


def _schema_name(path: Path) -> str:
    return "translation-phrases" if path.name == "phrases.yaml" else "translation"


def _broken_variants(data: dict[str, object]) -> list[dict[str, object]]:
    """One broken rule each, where the two validators could read a keyword differently: ECMA-262's
    $ matches no trailing newline (Python's re does), a key outside patternProperties, an empty
    text, a missing key, a wrong const."""
    variants: list[dict[str, object]] = [
        {**data, "language": data["language"] + "\n"},  # type: ignore[operator]
        {**data, "language": "ZH"},
        {**data, "spec": "something-else"},
        {key: value for key, value in data.items() if key != "language"},
        {**data, "unknown": 1},
    ]
    if "version" in data:
        variants.append({**data, "version": "1.0\n"})
        variants.append({**data, "entries": {"Not_An_Id": {"source": "0" * 16}}})
        variants.append({**data, "entries": {"open-weights": {"source": "0" * 16 + "\n"}}})
        variants.append({**data, "entries": {"open-weights": {"source": "0" * 16, "title": ""}}})
    else:
        variants.append({**data, "phrases": {"Level": ""}})
    return variants


@pytest.mark.parametrize("path", _TRANSLATION_FILES, ids=lambda path: path.name)
def test_the_compiled_translation_verdict_is_the_explaining_one(path: Path) -> None:
    from openness.reader import Document, read
    from openness.schemas import schema_findings

    name = _schema_name(path)
    compiled, explaining = spec.compiled_spec_schema(name), spec.spec_schema(name)
    document = read(path)
    assert compiled.is_valid(document.data)
    assert schema_findings(explaining, document) == []
    for data in _broken_variants(document.data):
        broken = Document(str(path), data, {}, {}, {})
        assert not compiled.is_valid(data), data
        assert schema_findings(explaining, broken), data


def test_the_translation_schemas_assert_no_format() -> None:
    """`format` is where the two validators differ (jsonschema's URI grammar is not
    jsonschema_rs's): translations._read takes the compiled validator's yes only without it."""
    for name in ("translation", "translation-phrases"):
        text = (ROOT / "schemas" / "spec" / f"{name}.schema.json").read_text(encoding="utf-8")
        assert '"format"' not in text, name


def test_reading_translations_does_not_import_jsonschema() -> None:
    """The site reads every translation; jsonschema's import (a second, its format extra builds
    grammars) is for a file that is broken."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from openness import spec, translations\n"
        "for code in translations.codes():\n"
        "    translations.load_phrases(code)\n"
        "    for version in spec.versions():\n"
        "        translations.load_translation(code, version)\n"
        "print(sorted(name for name in sys.modules if name.split('.')[0] == 'jsonschema'))\n"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert found.stdout.strip() == "[]"
