"""Crosswalks: the framework files pass their schema and reference checks, the MOF crosswalk maps
every MOF component, and hand-made manifests get the MOF class and OSAID verdict the texts give."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from openness import assess
from openness.api import validate
from openness.crosswalk import FrameworkResult, evaluate, implied_tier
from openness.frameworks import (
    _listing_key,
    check_framework,
    framework_from_data,
    framework_ids,
    framework_path,
    load_framework,
    load_frameworks,
)
from openness.manifest import Manifest
from openness.reader import read, read_text
from openness.render import assessment_json, assessment_markdown, assessment_text
from openness.spec import load_definition

ROOT = Path(__file__).resolve().parents[1]
MOF_COMPONENTS = ROOT / "data" / "mot" / "mof-components.yml"
OPEN = {"license": "Apache-2.0", "availability": "released", "location": "https://example.org/x"}


def manifest(components: dict[str, dict[str, Any]]) -> Manifest:
    """A valid manifest with these components (each defaulting to released under Apache-2.0)."""
    data = {
        "manifest_version": "1.0",
        "model": {"name": "Test model", "producer": "Test lab"},
        "components": {key: {**OPEN, **value} for key, value in components.items()},
    }
    result = validate(read_text(yaml.safe_dump(data, sort_keys=False), "test.yaml"))
    assert result.ok and result.manifest is not None, [str(f) for f in result.findings]
    return result.manifest


def verdicts(item: Manifest) -> dict[str, FrameworkResult]:
    return {framework.id: evaluate(item, framework) for framework in load_frameworks()}


MOF_CLASS_III = {
    "model-architecture": {},
    "final-parameters": {},
    "research-paper": {"license": "CC-BY-4.0"},
    "evaluation-results": {"license": "CC-BY-4.0"},
    "model-card": {"license": "CC-BY-4.0"},
    "data-card": {"license": "CC-BY-4.0"},
}
OSAID_CODE = {
    "training-code": {},
    "data-preprocessing-code": {},
    "evaluation-code": {},
    "supporting-libraries": {},
    "inference-code": {},
}
EVERYTHING = {
    **MOF_CLASS_III,
    **OSAID_CODE,
    "technical-report": {"license": "CC-BY-4.0"},
    "sample-outputs": {"license": "CC-BY-4.0"},
    "evaluation-data": {"license": "CC-BY-4.0"},
    "training-datasets": {"license": "ODC-By-1.0"},
    "intermediate-checkpoints": {},
    "model-metadata": {},
}


@pytest.mark.parametrize("framework_id", framework_ids())
def test_framework_file_passes_its_checks(framework_id: str) -> None:
    assert check_framework(read(framework_path(framework_id))) == []


def test_crosswalks_are_listed_in_the_order_their_files_state() -> None:
    listed = load_frameworks()
    assert [framework.short_title for framework in listed] == [
        "MOF",
        "OSAID",
        "G7",
        "EU AI Act Art. 53(2)",
    ]
    orders = [framework.order for framework in listed]
    assert None not in orders and orders == sorted(orders)
    # A file without an order comes after those with one.
    mof = load_framework("mof-1.0")
    unordered = framework_from_data({**mof.data, "id": "aaa-first-by-id", "order": None})
    assert unordered.order is None
    assert sorted([unordered, mof], key=_listing_key) == [mof, unordered]


def test_there_are_crosswalks_to_mof_and_osaid() -> None:
    assert {"mof-1.0", "osaid-1.0"} <= set(framework_ids())
    mof = load_framework("mof-1.0")
    assert [tier.label for tier in mof.tiers] == ["Class III", "Class II", "Class I"]
    assert mof.cumulative and all(source.startswith("https://") for source in mof.sources)


def test_a_broken_reference_is_reported_where_it_is() -> None:
    text = framework_path("mof-1.0").read_text(encoding="utf-8")
    broken = text.replace("component: model-card", "component: model-kard", 1)
    broken = broken.replace("elements: [datasets]", "elements: [dataset]", 1)
    findings = check_framework(read_text(broken, "broken.yaml"))
    assert [(finding.rule, finding.pointer) for finding in findings] == [
        ("spec-unknown-component", "/elements/4/component"),
        ("spec-unknown-element", "/tiers/2/criteria/1/elements/0"),
        ("spec-unused-element", "/elements/13/id"),
    ]


def test_every_mof_component_maps_to_one_of_ours() -> None:
    mof = load_framework("mof-1.0")
    components = [element.component for element in mof.elements]
    assert len(mof.elements) == 17 and len(set(components)) == 17
    definition = load_definition(mof.definition)
    assert set(components) <= {component.id for component in definition.components}
    listed = read(MOF_COMPONENTS).data["components"]
    assert sorted(element.name for element in mof.elements) == sorted(c["name"] for c in listed)
    for item in listed:  # the class and optionality of each component, as the MOT has them
        element = mof.element_named(item["name"])
        assert element is not None and element.kind == item["content_type"]
        (criterion,) = [
            criterion
            for tier in mof.tiers
            for criterion in tier.criteria
            if criterion.elements[0] == element.id
        ]
        tier = next(tier for tier in mof.tiers if criterion in tier.criteria)
        assert (tier.label, criterion.required) == (
            f"Class {'I' * item['class']}",
            item["required"],
        )


def test_everything_open_is_mof_class_i_and_open_source_ai() -> None:
    result = verdicts(manifest(EVERYTHING))
    assert result["mof-1.0"].verdict == "Class I (Open Science)"
    assert result["osaid-1.0"].conformant and result["mof-1.0"].next_tier is None


def test_class_iii_with_a_research_paper_instead_of_a_technical_report() -> None:
    result = verdicts(manifest(MOF_CLASS_III))
    mof = result["mof-1.0"]
    assert mof.reached is not None and mof.reached.id == "mof-class-iii"  # sample outputs optional
    assert {item.criterion.id for item in mof.missing} == {
        "mof-class-ii-training-code",
        "mof-class-ii-inference-code",
        "mof-class-ii-evaluation-code",
        "mof-class-ii-evaluation-data",
    }
    assert not result["osaid-1.0"].conformant


def test_restricted_weights_or_unlicensed_documents_leave_mof_unclassified() -> None:
    llama = manifest(
        {**MOF_CLASS_III, "final-parameters": {"license": "LicenseRef-Llama-2-Community"}}
    )
    assert verdicts(llama)["mof-1.0"].verdict == "Unclassified"
    card = manifest({**MOF_CLASS_III, "model-card": {"license": "NOASSERTION"}})
    (missing,) = verdicts(card)["mof-1.0"].missing
    assert missing.criterion.id == "mof-class-iii-model-card" and "unknown" in missing.reason
    assert missing.unknown == ("the terms of the model card",)  # not checked: unknown, not "none"


def test_osaid_accepts_data_information_where_mof_class_i_wants_the_data() -> None:
    withheld = {**EVERYTHING, "training-datasets": {"availability": "not-released"}}
    result = verdicts(manifest(withheld))
    assert result["osaid-1.0"].conformant
    assert result["mof-1.0"].verdict == "Class II (Open Tooling)"
    (missing,) = result["mof-1.0"].missing
    assert missing.criterion.id == "mof-class-i-datasets"


def test_osaid_wants_osi_approved_code() -> None:
    result = verdicts(manifest({**EVERYTHING, "training-code": {"license": "CC-BY-4.0"}}))
    assert not result["osaid-1.0"].conformant
    (missing,) = result["osaid-1.0"].missing
    assert missing.criterion.id == "osaid-code-training"
    # The MOT counts any open license, and so do we for the MOF (with a note on the kind).
    assert result["mof-1.0"].verdict == "Class I (Open Science)"


def test_an_open_license_of_another_kind_is_met_with_a_note() -> None:
    mof = verdicts(manifest(MOF_CLASS_III))["mof-1.0"]
    weights = next(
        r for r in mof.results if r.criterion.id == "mof-class-iii-model-parameters-final"
    )
    assert weights.met and weights.notes and "prefers" in weights.notes[0]
    card = next(r for r in mof.results if r.criterion.id == "mof-class-iii-model-card")
    assert card.met and card.notes == ()


def test_levels_imply_tiers_monotonically() -> None:
    definition = load_definition("1.0")
    for framework in load_frameworks():
        assert implied_tier(definition.levels[0], definition, framework) is None
        ranks = [
            getattr(implied_tier(level, definition, framework), "rank", 0)
            for level in definition.levels
        ]
        assert ranks == sorted(ranks)


def test_assess_reports_every_crosswalk_in_every_format(tmp_path: Path) -> None:
    file = tmp_path / "openness.yaml"
    file.write_text(
        yaml.safe_dump(
            {
                "manifest_version": "1.0",
                "model": {"name": "Test model", "producer": "Test lab"},
                "components": {key: {**OPEN, **value} for key, value in EVERYTHING.items()},
            }
        ),
        encoding="utf-8",
    )
    assessment = assess(file)
    # Listed in the order the framework files state, not by id: MOF, OSAID, G7, then the EU verdict.
    assert [result.framework.id for result in assessment.crosswalks] == [
        "mof-1.0",
        "osaid-1.0",
        "g7-ai-openness-2026",
        "eu-ai-act-art-53-2",
    ]
    text = assessment_text(assessment)
    assert "Model Openness Framework 1.0: Class I (Open Science)" in text
    assert "Open Source AI Definition 1.0: Conformant (Open Source AI)" in text
    assert "https://opensource.org/ai/open-source-ai-definition" in assessment_markdown(assessment)
    (data,) = json.loads(assessment_json([assessment]))
    mof = next(item for item in data["crosswalks"] if item["framework"] == "mof-1.0")
    assert mof["tier"]["id"] == "mof-class-i" and mof["conformant"] is True
    assert all(item["source_url"].startswith("https://") for item in mof["criteria"])
