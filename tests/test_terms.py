"""Unknown is its own state: terms stated, inherited or unknown, availability unknown, and each
framework reading unstated terms by its own rule."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

import openness
from openness.assess import Assessment
from openness.reader import read_text
from openness.render import assessment_dict, assessment_markdown, assessment_text

ROOT = Path(__file__).resolve().parents[1]
OPEN = {"availability": "released", "license": "Apache-2.0", "location": "https://example.org/x"}
# Everything open source AI asks for (1.0 and 1.1) and OSAID's code, released under Apache-2.0.
OPEN_SOURCE_AI = (
    "supporting-libraries",
    "final-parameters",
    "model-architecture",
    "inference-code",
    "model-card",
    "training-code",
    "data-preprocessing-code",
    "evaluation-code",
    "data-card",
)


def assess(components: dict[str, dict[str, Any]], version: str = "1.0", **top: Any) -> Assessment:
    data = {
        "manifest_version": "1.1",
        "model": {"name": "Test model", "producer": "Test lab"},
        "components": {key: dict(OPEN) for key in OPEN_SOURCE_AI},
        **top,
    }
    for key, value in components.items():
        data["components"][key] = value
    return openness.assess(read_text(yaml.safe_dump(data), "test.yaml"), version)


def result(assessment: Assessment, requirement: str) -> Any:
    return next(item for item in assessment.results if item.requirement.id == requirement)


def crosswalk(assessment: Assessment, framework: str) -> Any:
    return next(item for item in assessment.crosswalks if item.framework.id == framework)


def criterion(assessment: Assessment, framework: str, criterion_id: str) -> Any:
    return next(
        item
        for item in crosswalk(assessment, framework).results
        if item.criterion.id == criterion_id
    )


def test_the_baseline_reaches_open_source_ai() -> None:
    assert assess({}).level.id == "open-source-ai"


@pytest.mark.parametrize("version", ["1.0", "1.1"])
def test_unknown_terms_are_not_met_and_not_called_no_license(version: str) -> None:
    unknown = {"availability": "released", "license": "NOASSERTION", "location": "https://e.org"}
    assessment = assess({"training-code": unknown}, version)
    training = result(assessment, "open-source-ai-training-code")
    assert not training.met and training.possible
    assert training.unknown == ("the terms of the training code",)
    assert "unknown" in training.reason and "is none" not in training.reason
    assert assessment.level.id == "open-weights"
    assert assessment.possible_level.id == "open-source-ai"
    text = assessment_text(assessment)
    assert (
        "Unknown: the terms of the training code" in text and "would reach open-source-ai" in text
    )
    data = assessment_dict(assessment)
    assert data["possible_level"]["id"] == "open-source-ai"
    assert data["unknown"] == ["the terms of the training code"]
    assert "the terms of the training code" in assessment_markdown(assessment)


def test_a_license_left_out_is_unknown_too() -> None:
    assessment = assess(
        {"training-code": {"availability": "released", "location": "https://e.org"}}
    )
    assert result(assessment, "open-source-ai-training-code").unknown == (
        "the terms of the training code",
    )


def test_none_is_a_finding_not_an_unknown() -> None:
    none = {"availability": "released", "license": "NONE", "location": "https://e.org"}
    assessment = assess({"training-code": none})
    training = result(assessment, "open-source-ai-training-code")
    assert not training.met and not training.possible and training.unknown == ()
    assert assessment.possible_level.id == "open-weights"


def test_unknown_terms_meet_a_requirement_that_accepts_any_terms() -> None:
    card = {"availability": "released", "license": "NOASSERTION", "location": "https://e.org"}
    assert result(assess({"model-card": card}), "open-weights-model-card").met


@pytest.mark.parametrize("version", ["1.0", "1.1"])
def test_unknown_availability_is_not_met_but_possible(version: str) -> None:
    assessment = assess({"evaluation-code": {"availability": "unknown"}}, version)
    evaluation = result(assessment, "open-source-ai-evaluation-code")
    assert not evaluation.met and evaluation.possible
    assert "whether the evaluation code is released is unknown" in evaluation.reason
    assert "whether the evaluation code is released" in evaluation.unknown
    assert assessment.possible_level.id == "open-source-ai"


def test_inherited_terms_count_under_the_release_license() -> None:
    inherited = {"availability": "released", "terms": "inherited", "location": "https://e.org"}
    release = {"license": "Apache-2.0"}
    assessment = assess({"training-code": inherited}, release=release)
    assert result(assessment, "open-source-ai-training-code").met
    restricted = assess({"final-parameters": {**inherited}}, release={"license": "CC-BY-NC-4.0"})
    assert not result(restricted, "open-weights-final-parameters").met


def test_mof_inherits_unstated_terms_from_the_release_as_the_mot_does() -> None:
    unstated = {"availability": "released", "license": "NOASSERTION", "location": "https://e.org"}
    assessment = assess({"training-code": unstated}, release={"license": "Apache-2.0"})
    mof = criterion(assessment, "mof-1.0", "mof-class-ii-training-code")
    assert mof.met and any("release's license" in note for note in mof.notes)
    osaid = criterion(assessment, "osaid-1.0", "osaid-code-training")
    assert not osaid.met and osaid.possible and osaid.unknown == ("the terms of the training code",)
    assert crosswalk(assessment, "osaid-1.0").possible_tier is not None


def test_osaid_data_information_may_be_in_the_paper() -> None:
    withheld = {"availability": "not-released"}
    paper = {"availability": "released", "license": "CC-BY-4.0", "location": "https://e.org"}
    assessment = assess({"data-card": withheld, "research-paper": paper})
    assert criterion(assessment, "osaid-1.0", "osaid-data-information").met
    nothing = assess({"data-card": withheld})
    assert not criterion(nothing, "osaid-1.0", "osaid-data-information").met


def test_mof_evaluation_data_is_judged_by_its_own_terms() -> None:
    benchmarks = {
        "availability": "released",
        "license": "CC-BY-4.0",
        "location": "https://e.org",
        "datasets": [
            {"name": "An open benchmark", "license": "MIT"},
            {"name": "A non-commercial benchmark", "license": "CC-BY-NC-4.0"},
        ],
    }
    assessment = assess({"evaluation-data": benchmarks})
    mof = criterion(assessment, "mof-1.0", "mof-class-ii-evaluation-data")
    assert mof.met and any("CC-BY-NC-4.0" in note for note in mof.notes)
    # The definition's own rule: evaluation data under any terms, for its own reason.
    assert result(assessment, "open-science-evaluation-data").met


def test_mof_training_datasets_are_as_open_as_their_most_restrictive_dataset() -> None:
    data = {
        "availability": "released",
        "license": "CC-BY-4.0",
        "location": "https://e.org",
        "datasets": [{"name": "Books under copyright", "license": "NONE"}],
    }
    assessment = assess({"training-datasets": data})
    assert not criterion(assessment, "mof-1.0", "mof-class-i-datasets").met


@pytest.mark.parametrize("path", sorted((ROOT / "manifests").glob("*.yaml")), ids=lambda p: p.stem)
def test_no_output_shows_not_checked_as_no_license(path: Path) -> None:
    assessment = openness.assess(path)
    for text in (assessment_text(assessment), assessment_markdown(assessment)):
        assert "NOASSERTION is none" not in text
        assert "NOASSERTION (NOASSERTION is" not in text


def test_a_model_page_says_unknown_inherited_and_where_each_fact_comes_from(tmp_path: Path) -> None:
    from site_helpers import ROOT as SITE_ROOT  # puts scripts/ on the path
    from sitegen import gallery

    fixture = (
        SITE_ROOT / "tests" / "fixtures" / "manifest" / "1.1" / "valid" / "terms-and-evidence.yaml"
    )
    (tmp_path / "example.yaml").write_bytes(fixture.read_bytes())
    (entry,) = gallery.load(tmp_path)
    page = gallery.model_page(entry)
    assert "unknown (not stated, or not checked)" in page
    assert "Apache-2.0 (inherited from the release)" in page
    assert "The release as a whole is under <code>Apache-2.0</code>" in page
    assert "(read 2026-12-01): “License: Apache 2.0”" in page
    components = page.split("## Components", 1)[1].split("## Evidence", 1)[0]
    assert "NOASSERTION" not in components


def test_the_terms_of_a_withheld_component_are_not_an_unknown() -> None:
    withheld = {"availability": "not-released", "license": "NOASSERTION"}
    training = result(assess({"training-code": withheld}), "open-source-ai-training-code")
    assert not training.met and not training.possible and training.unknown == ()
