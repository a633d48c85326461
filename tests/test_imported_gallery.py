"""The imported gallery: the MOT corpus and the OSAI Index in /models/, merged by name and producer."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from site_helpers import ROOT, build_site, built_site
from sitegen import gallery, gallery_data, imported, imported_pages, matrix

SCRIPT = '<script>alert("corpus")</script>'
DATA = ROOT / "data"


@pytest.fixture(scope="module")
def imports() -> imported.Imports:
    curated = gallery.load(ROOT / "manifests")
    return imported.load(DATA / "mot" / "models", DATA / "osai-index", curated)


@pytest.fixture(scope="module")
def site() -> Path:
    return built_site()


# --- the merge rule ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (("Llama-2-7B", "Meta"), ("llama 2 7b", "Meta")),  # case and punctuation
        (("OLMo-7B-hf", "Allen Institute for AI"), ("OLMo-7B", "Allen Institute for AI")),  # -hf
        (("Meta-Llama-3-8B", "Meta"), ("Llama-3-8B", "Meta")),  # the producer's own prefix
        (("DeepSeek-R1", "DeepSeek AI"), ("DeepSeek-R1", "DeepSeek")),  # producer suffix
        (("Stable LM", "StabilityAI"), ("Stable-LM", "Stability AI")),
        (
            ("Falcon-180B", "Technology Innovation Institute (TII)"),  # the first producer's word
            ("Falcon-180B", "Technology Innovation Institute, LightOn"),
        ),
    ],
)
def test_same_model(first: tuple[str, str], second: tuple[str, str]) -> None:
    assert imported.model_key(*first) == imported.model_key(*second)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (("Llama-3-8B", "Meta"), ("Llama-3-8B-Instruct", "Meta")),  # instruct: other parameters
        (("Command-R", "Cohere"), ("Command-R+", "Cohere")),  # + is part of the name
        (("Qwen1.5-7B", "Alibaba"), ("Qwen15-7B", "Alibaba")),
        (("Zephyr", "HuggingFace"), ("Zephyr", "Stability AI")),  # one name, two producers
        (("Mistral-7B", "Mistral AI"), ("7B", "Mistral AI")),  # a prefix is only dropped for a name
    ],
)
def test_other_models(first: tuple[str, str], second: tuple[str, str]) -> None:
    assert imported.model_key(*first) != imported.model_key(*second)


def test_slugs_are_unique_stable_and_independent_of_order(imports: imported.Imports) -> None:
    slugs = [model.slug for model in imports.models]
    assert len(slugs) == len(set(slugs))
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9-]*", slug) for slug in slugs)
    records = [record for model in imports.models for record in model.records]
    again = imported.merge(records[::-1])
    assert sorted(model.slug for model in again) == sorted(slugs)


def test_one_name_two_producers_get_the_producer_in_their_urls(
    imports: imported.Imports,
) -> None:
    record = imports.models[0].records[0]
    other = record.manifest.model.__class__(name=record.manifest.model.name, producer="Elsewhere")
    twin = imported.Record(
        record.source,
        "twin.yml",
        record.manifest.__class__(**{**record.manifest.__dict__, "model": other}),
        record.assessment,
        record.date,
    )
    slugs = sorted(model.slug for model in imported.merge([record, twin]))
    assert len(slugs) == 2 and any(slug.endswith("-elsewhere") for slug in slugs), slugs


# --- the corpora, imported -----------------------------------------------------------------------


def test_the_gallery_covers_both_sources_and_more_than_either(
    imports: imported.Imports,
) -> None:
    models = imports.models
    from_mot = [m for m in models if imported.MOT in m.sources]
    from_index = [m for m in models if any(r.source is imported.INDEX for r in m.assessed)]
    assert len(from_mot) > 250 and len(from_index) > 180
    assert len(models) > max(len(from_mot), len(from_index))
    both = [m for m in models if imported.INDEX in m.sources and imported.MOT in m.sources]
    assert len(both) >= 20
    # only the Index's template gives no page
    assert [name for name, _ in imports.refused] == ["osai-index/a_submission_template.yaml"]


def test_an_overlapping_model_is_one_entry_with_both_sources(imports: imported.Imports) -> None:
    by_slug = {model.slug: model for model in imports.models}
    crystal = by_slug["crystalchat"]
    assert [(r.source.id, r.file, r.role) for r in crystal.records] == [
        ("mot", "CrystalChat.yml", "assessed"),
        ("osai-index", "Crystal.yaml", "assessed"),
    ]
    pythia = by_slug["pythia-12b"]  # the Index describes it as the base of Dolly and Open Assistant
    assert {(r.source.id, r.file, r.role) for r in pythia.records} == {
        ("mot", "Pythia-12B.yml", "assessed"),
        ("osai-index", "Open-Assistant.yaml", "base"),
        ("osai-index", "dolly.yaml", "base"),
    }
    assert [e.slug for e in by_slug["olmo-7b"].curated] == ["olmo-7b"]


def test_the_site_shows_an_overlap_once_with_both_sources(site: Path) -> None:
    index = (site / "models" / "index.html").read_text(encoding="utf-8")
    assert index.count('href="imported/crystalchat/"') == 1
    assert index.index('id="imported"') > index.index('href="olmo-7b/"'), "curated first"
    page = (site / "models" / "imported" / "crystalchat" / "index.html").read_text(encoding="utf-8")
    text = re.sub(r"\s+", " ", re.sub("<[^>]+>", "", page))
    assert "Imported from the Model Openness Tool on 2025-05-16 and from the European Open " in text
    assert "not reviewed by the editors" in text
    assert "github.com/lfai/model_openness_tool/blob/8b5d30e/models/CrystalChat.yml" in page
    assert (
        "github.com/Language-Technology-Assessment/main-database/blob/5a388e8/Crystal.yaml" in page
    )
    assert text.count("this model reaches") == 2  # one verdict per source
    pythia = (site / "models/imported/pythia-12b/index.html").read_text(encoding="utf-8")
    assert "as the base of Dolly" in pythia and "dolly.yaml" in pythia


def test_curated_and_imported_pages_link_both_ways(site: Path) -> None:
    curated = (site / "models" / "olmo-7b" / "index.html").read_text(encoding="utf-8")
    assert 'href="../imported/olmo-7b/"' in curated
    page = (site / "models" / "imported" / "olmo-7b" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../olmo-7b/"' in page


def test_imported_pages_stay_out_of_the_search_index_but_for_one_line(site: Path) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    imported_entries = [e for e in index["docs"] if e["location"].startswith("models/imported/")]
    pages = list((site / "models" / "imported").glob("*/index.html"))
    assert len(imported_entries) == len(pages), "one entry per imported page, no section of it"
    assert all("#" not in e["location"] and len(e["text"]) < 300 for e in imported_entries)
    assert not any("Imported assessments" in e["title"] for e in index["docs"])


# --- corpora are untrusted -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_corpora(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Temporary copies of a few corpus files, with markup in their names, notes and licenses."""
    mot = tmp_path_factory.mktemp("mot")
    index = tmp_path_factory.mktemp("osai-index")
    for name in ("CrystalChat.yml", "Pythia-12B.yml"):
        shutil.copyfile(DATA / "mot" / "models" / name, mot / name)
    for name in ("Crystal.yaml", "dolly.yaml", "_parameters.yml"):
        shutil.copyfile(DATA / "osai-index" / name, index / name)
    data = yaml.safe_load((mot / "CrystalChat.yml").read_text(encoding="utf-8"))
    data["release"]["name"] = f"CrystalChat {SCRIPT}"
    data["release"]["producer"] = "LLM360 <img src=x onerror=alert(2)>"
    data["release"]["components"][0]["license"] = SCRIPT
    data["release"]["components"][0]["component_path"] = "javascript:alert(3)"
    (mot / "CrystalChat.yml").write_text(yaml.safe_dump(data), encoding="utf-8")
    data = yaml.safe_load((index / "Crystal.yaml").read_text(encoding="utf-8"))
    data["system"]["endmodelname"] = f"CrystalChat {SCRIPT}"
    data["org"]["name"] = "LLM360 <img src=x onerror=alert(2)>"
    data["trainingcode"]["notes"] = f"{SCRIPT} | a | b |"
    (index / "Crystal.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    return mot, index


def test_corpus_text_is_escaped(
    tmp_path_factory: pytest.TempPathFactory, hostile_corpora: tuple[Path, Path]
) -> None:
    mot, index = hostile_corpora
    site = build_site(tmp_path_factory.mktemp("site") / "site", mot=mot, osai_index=index)
    pages = sorted((site / "models" / "imported").glob("*/index.html"))
    # CrystalChat (both sources, merged), Dolly, and Pythia-12B with what the Index says of it
    assert len(pages) == 3, pages
    hostile = next(page for page in pages if "script" in page.parent.name)
    for path in (hostile, site / "models" / "index.html"):
        text = path.read_text(encoding="utf-8")
        assert "<script>alert" not in text and "<img src=x" not in text, path
        assert "&lt;script&gt;alert(" in text, path
        assert 'href="javascript:' not in text, path
    text = hostile.read_text(encoding="utf-8")
    assert "<title>CrystalChat &lt;script&gt;" in text
    assert text.count("this model reaches") == 2, "the two hostile records still merge"


def test_what_a_source_does_not_assess_is_unknown_on_the_page_with_the_possible_level(
    imports: imported.Imports,
) -> None:
    by_slug = {model.slug: model for model in imports.models}
    page = imported_pages.model_page(by_slug["apertus-70b-instruct-2509"])
    rows = page.split("## Components", 1)[1].split("## Evidence", 1)[0].split("<tr>")
    row = next(row for row in rows if '#evaluation-code"' in row)
    assert "<td>unknown (not assessed by the source)</td>" in row
    assert "not-released" not in row and "no license" not in row
    assessment = page.split("## Assessment", 1)[1].split("## Components", 1)[0]
    assert 'reaches <strong><a href="../../../1.0/#open-weights">Open weights</a>' in assessment
    possible = '<strong><a href="../../../1.0/#open-source-ai">Open source AI</a></strong>'
    assert f"it would reach {possible}" in assessment
    training = next(row for row in rows if '#training-code"' in row)
    assert "released; Apache-2.0;" in training
    card = next(row for row in rows if '#model-card"' in row)
    assert "terms unknown" in card and "NOASSERTION" not in card
    found = gallery_data.rows((), imports.models)
    table = matrix.matrix(found, found[0].assessment.definition)
    listed = next(
        row for row in table.split("<tr ") if 'href="imported/apertus-70b-instruct-2509/"' in row
    )
    assert '(possibly <a href="../1.0/#open-source-ai">Open source AI</a>)' in listed
    assert '<td class="a-u">?</td>' in listed  # evaluation code


def test_the_readme_site_figures_count_the_pages_the_site_has(imports: imported.Imports) -> None:
    """The timings cannot be checked here; what was timed can: re-measure when the gallery grows."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- site-figures:start -->", 1)[1].split("<!-- site-figures:end -->")[0]
    curated = len(list((ROOT / "manifests").glob("*.yaml")))
    said = f"{curated} curated and {len(imports.models)} imported model pages"
    assert said in block, (
        "README site figures are stale: run .venv/bin/python scripts/measure_site.py --readme"
    )
