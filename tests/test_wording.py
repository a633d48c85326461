"""Verdicts in plain words: made from the definition's titles and the registry's names, never ids,
and the same sentence in the CLI's text, Markdown and JSON, the site's pages and the profile."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from cli_helpers import run_openness
from site_helpers import built_site

from openness.api import check
from openness.escaping import markdown
from openness.frameworks import load_frameworks
from openness.licenses import Term, combine
from openness.profile import profile_lines
from openness.render import assessment_markdown, assessment_text
from openness.spec import License, load_definition, load_licenses, versions
from openness.wording import accepted_words, plural, term_words

ROOT = Path(__file__).resolve().parents[1]
MANIFESTS = sorted((ROOT / "manifests").glob("*.yaml"))
LLAMA = ROOT / "manifests" / "llama-2-7b.yaml"
LLAMA_WEIGHTS = (
    "the final parameters are under the Llama 2 Community License Agreement, which restricts use "
    "(acceptable use policy, user-count threshold, no training of other models); open weights "
    "needs an open license"
)


def _assessment(path: Path, crosswalks: bool = True):  # type: ignore[no-untyped-def]
    validation, assessment = check(path, crosswalks=crosswalks)
    assert assessment is not None, validation.findings
    return assessment


def _reasons(assessment) -> list[str]:  # type: ignore[no-untyped-def]
    found = [result.reason for result in assessment.results]
    found += [item.reason for crosswalk in assessment.crosswalks for item in crosswalk.results]
    return found


def test_restricted_weights_say_which_license_and_why_in_words() -> None:
    assessment = _assessment(LLAMA)
    weights = next(
        r for r in assessment.results if r.requirement.id == "open-weights-final-parameters"
    )
    assert weights.reason == LLAMA_WEIGHTS


@pytest.mark.parametrize("path", MANIFESTS, ids=lambda path: path.name)
def test_no_sentence_shows_an_id_or_the_old_debug_words(path: Path) -> None:
    assessment = _assessment(path)
    definition = assessment.definition
    ids = {c.id for c in definition.components if "-" in c.id}
    ids |= {level.id for level in definition.levels if "-" in level.id}
    ids |= {category.id for category in definition.license_categories if "-" in category.id}
    for reason in _reasons(assessment):
        words = re.sub(r"https?://\S+", "", reason)  # the clause links may hold ids: they are URLs
        shown = {
            identifier
            for identifier in ids
            if re.search(rf"(?<![\w-]){identifier}(?![\w-])", words)
        }
        assert not shown, (reason, shown)
        assert "NOASSERTION is none" not in reason and "is none" not in reason
        assert not re.search(
            r"\b(parameters|checkpoints|datasets|results|outputs|tools) is\b", reason
        )
        assert "not-released" not in reason and "not-applicable" not in reason


def test_any_license_is_said_so_not_listed_category_by_category() -> None:
    definition = load_definition("1.0")
    every = [category.id for category in definition.license_categories]
    opened = [category.id for category in definition.license_categories if category.open]
    assert accepted_words(definition, every) == "any license"
    assert accepted_words(definition, opened) == "an open license"
    assert accepted_words(definition, [*opened, "restricted"]) == "an open or a restricted license"
    assert accepted_words(definition, ["open-source"]) == "an open source license"
    text = assessment_text(_assessment(ROOT / "manifests" / "gpt-4.yaml"))
    assert "open-source, open-data" not in text


def test_a_component_is_named_with_its_grammatical_number() -> None:
    assert plural("Final parameters") and plural("Supporting libraries and tools")
    assert not plural("Model card") and not plural("Data information (data card)")
    assert not plural("Evaluation data") and not plural("Compute and energy disclosure")
    reasons = _reasons(_assessment(ROOT / "manifests" / "gpt-4.yaml"))
    assert any(reason.startswith("the final parameters are not released") for reason in reasons)


def test_unknown_terms_are_unknown_not_none() -> None:
    reasons = _reasons(_assessment(LLAMA))
    assert any("terms nobody has stated or checked (unknown)" in reason for reason in reasons)


def test_licenses_that_apply_together_are_named_once() -> None:
    assert combine(["(Apache-2.0 AND LicenseRef-X) AND Apache-2.0 AND LicenseRef-X"]) == (
        "(Apache-2.0 AND LicenseRef-X) AND Apache-2.0 AND LicenseRef-X"
    )  # one expression is kept as written; joining several de-duplicates:
    assert combine(["Apache-2.0 AND LicenseRef-X", "Apache-2.0", "LicenseRef-X"]) == (
        "Apache-2.0 AND LicenseRef-X"
    )
    assert combine(["MIT OR GPL-2.0-only", "MIT OR GPL-2.0-only"]) == "MIT OR GPL-2.0-only"
    assert combine(["MIT", "CC-BY-4.0"]) == "MIT AND CC-BY-4.0"  # order kept
    assert combine(["MIT", "("]) == "MIT AND ("  # unreadable: left for the check to report
    for path in MANIFESTS:
        for reason in _reasons(_assessment(path, crosswalks=False)):
            assert not re.search(r"\(([^()]+)\) AND \1\b", reason), reason


def test_a_restricted_license_without_tags_is_explained_by_the_registrys_reason() -> None:
    definition, registry = load_definition("1.0"), load_licenses("1.0")
    entry = License(
        "LicenseRef-Y", "Y Terms", "restricted", (), "https://example.org/y", "Forbids X."
    )
    words = term_words(Term("LicenseRef-Y", "restricted", entry, True), definition, registry)
    assert words == "the Y Terms, a restricted license: forbids X"


def test_framework_criteria_link_to_the_frameworks_own_text() -> None:
    for framework in load_frameworks():
        texts = {url for tier in framework.tiers for url in tier.sources} | set(framework.sources)
        result_urls = {
            item.source_url
            for item in _assessment(LLAMA).crosswalks
            if item.framework.id == framework.id
            for item in item.results
        }
        assert result_urls <= texts
        assert not any(url.endswith(".php") for url in result_urls), result_urls


@pytest.mark.parametrize("version", versions())
def test_the_same_sentence_in_text_markdown_json_pages_and_the_profile(version: str) -> None:
    _, assessment = check(LLAMA, definition_version=version)
    assert assessment is not None
    reason = assessment.blocker.reason if assessment.blocker else ""
    assert reason.startswith("the final parameters are under the Llama 2 Community License")
    assert reason in assessment_text(assessment)
    assert markdown(reason) in assessment_markdown(assessment)
    result = run_openness("assess", "--format", "json", "--definition", version, str(LLAMA))
    assert reason in result.stdout
    assert any(reason in line for line in profile_lines(assessment))
    if version == assessment.definition.version and version == "1.0":
        page = (built_site() / "models" / "llama-2-7b" / "index.html").read_text("utf-8")
        assert html.escape(reason, quote=False) in page
