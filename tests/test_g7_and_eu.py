"""The G7 labels and the EU AI Act Art. 53(2) exemption, judged from hand-made manifests (format 1.1)
at their edges and from gallery manifests: absent facts cannot tell, systemic-risk compute and
monetisation are not exempt, RAIL-style use restrictions are judged as the guidelines allow."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from openness.api import check, validate
from openness.crosswalk import FrameworkResult, evaluate
from openness.frameworks import load_framework
from openness.manifest import Manifest
from openness.reader import read_text
from openness.render import assessment_json, assessment_markdown, assessment_text

ROOT = Path(__file__).resolve().parents[1]
OPEN = {"license": "Apache-2.0", "availability": "released", "location": "https://example.org/x"}
EU = "eu-ai-act-art-53-2"
G7 = "g7-ai-openness-2026"
FREE = {"weights_access": {"condition": "none"}, "monetisation": {"monetised": False}}
SMALL = {"training_compute": {"flop": 1.0e23, "basis": "reported"}}
RELEASE = {
    "model-architecture": {},
    "final-parameters": {},
    "inference-code": {},
    "model-card": {"license": "CC-BY-4.0"},
    "compute-disclosure": {"license": "CC-BY-4.0", **SMALL},
}


def manifest(
    components: dict[str, dict[str, Any]],
    distribution: dict[str, Any] | None = None,
    raw: dict[str, dict[str, Any]] | None = None,
) -> Manifest:
    """A valid manifest: `components` default to released under Apache-2.0, `raw` ones do not."""
    data: dict[str, Any] = {
        "manifest_version": "1.1",
        "model": {"name": "Test model", "producer": "Test lab"},
        "components": {key: {**OPEN, **value} for key, value in components.items()} | (raw or {}),
    }
    if distribution is not None:
        data["distribution"] = distribution
    result = validate(read_text(yaml.safe_dump(data, sort_keys=False), "test.yaml"))
    assert result.ok and result.manifest is not None, [str(f) for f in result.findings]
    return result.manifest


def verdict(item: Manifest, framework_id: str) -> FrameworkResult:
    return evaluate(item, load_framework(framework_id))


def test_an_open_free_small_model_is_likely_exempt_and_open_weights() -> None:
    item = manifest(RELEASE, FREE)
    eu = verdict(item, EU)
    assert (eu.status, eu.verdict) == ("met", "Likely exempt (Art. 53(2) exemption)")
    assert verdict(item, G7).reached is not None
    assert verdict(item, G7).reached.label == "Open Weights"  # type: ignore[union-attr]


def test_absent_facts_cannot_tell_and_say_which_field() -> None:
    components = {key: value for key, value in RELEASE.items() if key != "compute-disclosure"}
    eu = verdict(manifest(components), EU)
    assert (eu.status, eu.verdict) == ("undetermined", "Cannot tell")
    assert any("distribution.monetisation" in item for item in eu.unknown)
    assert any("training_compute" in item for item in eu.unknown)
    g7 = verdict(manifest(components), G7)
    assert g7.verdict == "Cannot tell" and g7.possible_tier is not None


def test_systemic_risk_compute_is_not_exempt() -> None:
    big = {
        **RELEASE,
        "compute-disclosure": {"training_compute": {"flop": 3.8e25, "basis": "estimated"}},
    }
    eu = verdict(manifest(big, FREE), EU)
    assert (eu.status, eu.verdict) == ("unmet", "Not exempt")
    failed = [item.criterion.id for item in eu.results if not item.met]
    assert failed == ["eu-no-systemic-risk"]
    assert "above 1e+25" in eu.results[-1].reason


def test_exactly_the_threshold_is_not_above_it() -> None:
    edge = {
        **RELEASE,
        "compute-disclosure": {"training_compute": {"flop": 1.0e25, "basis": "reported"}},
    }
    assert verdict(manifest(edge, FREE), EU).status == "met"


@pytest.mark.parametrize("ways", [["price"], ["paid-services"], ["personal-data"]])
def test_monetised_is_not_exempt(ways: list[str]) -> None:
    sold = {**FREE, "monetisation": {"monetised": True, "ways": ways}}
    eu = verdict(manifest(RELEASE, sold), EU)
    assert eu.status == "unmet"
    assert [item.criterion.id for item in eu.results if not item.met] == ["eu-not-monetised"]


def test_weights_for_a_price_fail_both() -> None:
    paid = {**FREE, "weights_access": {"condition": "payment"}}
    item = manifest(RELEASE, paid)
    assert verdict(item, EU).status == "unmet"
    assert verdict(item, G7).status == "unmet"


def test_a_contact_details_gate_meets_g7_but_the_eu_verdict_cannot_tell() -> None:
    gated = {**FREE, "weights_access": {"condition": "contact-details"}}
    item = manifest(RELEASE, gated)
    assert verdict(item, G7).reached is not None
    eu = verdict(item, EU)
    assert eu.status == "undetermined"
    assert any("contact-details" in item for item in eu.unknown)


def test_rail_use_restrictions_are_tolerated_by_the_guidelines_not_by_the_definition() -> None:
    rail = {**RELEASE, "final-parameters": {"license": "LicenseRef-BigScience-OpenRAIL-M"}}
    item = manifest(rail, FREE)
    eu = verdict(item, EU)
    assert eu.status == "met"
    licence = next(r for r in eu.results if r.criterion.id == "eu-free-and-open-source-licence")
    assert any("tolerates (field-of-use)" in note for note in licence.notes)
    g7 = verdict(item, G7)  # the G7's Open Source license: RAIL weights are Weights Available
    assert g7.reached is not None and g7.reached.label == "Weights Available"


@pytest.mark.parametrize(
    ("license_id", "status"),
    [
        ("LicenseRef-Llama-3.1-Community", "unmet"),  # user threshold
        ("CC-BY-NC-4.0", "unmet"),  # non-commercial
        ("LicenseRef-Gemma-Terms-of-Use", "undetermined"),  # an acceptable use policy only
    ],
)
def test_other_restrictions(license_id: str, status: str) -> None:
    item = manifest({**RELEASE, "final-parameters": {"license": license_id}}, FREE)
    assert verdict(item, EU).status == status


def test_g7_open_source_ai_accepts_withheld_data_only_where_impossible() -> None:
    base = {
        **RELEASE,
        "training-code": {},
        "data-card": {"license": "CC-BY-4.0"},
    }

    def label(withheld: dict[str, Any] | None) -> FrameworkResult:
        entry: dict[str, Any] = {"availability": "not-released"}
        if withheld is not None:
            entry["withheld"] = withheld
        return verdict(manifest(base, FREE, {"training-datasets": entry}), G7)

    assert label({"reason": "legal"}).reached.label == "Open Source AI"  # type: ignore[union-attr]
    assert label({"reason": "other"}).reached.label == "Open Weights"  # type: ignore[union-attr]
    unsaid = label(None)
    assert unsaid.reached.label == "Open Weights"  # type: ignore[union-attr]
    assert unsaid.possible_tier is not None and unsaid.possible_tier.label == "Open Source AI"
    opened = {**base, "training-datasets": {"license": "ODC-By-1.0"}}
    top = verdict(manifest(opened, FREE), G7).reached
    assert top is not None and top.label == "Open Source AI with Open Data"


def test_outputs_say_not_legal_advice_once_and_list_the_obligations() -> None:
    path = str(ROOT / "manifests" / "pythia-6.9b.yaml")
    _, assessment = check(path, crosswalks=True)
    assert assessment is not None
    for text in (assessment_text(assessment), assessment_markdown(assessment)):
        assert text.count("Not legal advice") == 1
        assert "Public summary of the training content" in text
        assert "Copyright policy" in text
    data = json.loads(assessment_json([assessment]))[0]
    eu = next(item for item in data["crosswalks"] if item["framework"] == EU)
    assert eu["disclaimer"].startswith("Not legal advice")
    assert [item["id"] for item in eu["obligations"]] == [
        "eu-training-content-summary",
        "eu-copyright-policy",
    ]
    assert eu["status"] in {"met", "unmet", "undetermined"}


@pytest.mark.parametrize(
    ("slug", "g7", "eu"),
    [
        ("gpt-4", "No G7 label", "Not exempt"),
        ("llama-3.1-8b", "Weights Available (Weights Available AI)", "Not exempt"),
        # Every fact stated: free, unmonetised weights, under 10^25 FLOP, the data released.
        (
            "olmo-2-7b",
            "Open Source AI with Open Data (Open Source AI with Open Data)",
            "Likely exempt (Art. 53(2) exemption)",
        ),
        # Ungated and open, but whether it is monetised is not stated.
        ("mistral-7b", "Open Weights (Open Weights AI)", "Cannot tell"),
        # Neither the access condition nor the compute is stated.
        ("crystalcoder", "Cannot tell", "Cannot tell"),
    ],
)
def test_gallery_verdicts(slug: str, g7: str | None, eu: str) -> None:
    _, assessment = check(str(ROOT / "manifests" / f"{slug}.yaml"), crosswalks=True)
    assert assessment is not None
    found = {result.framework.id: result.verdict for result in assessment.crosswalks}
    assert found[EU] == eu
    if g7 is not None:
        assert found[G7] == g7


def test_the_readme_counts_are_generated_from_the_gallery() -> None:
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    from measure_frameworks import readme_block
    from sitegen import gallery

    block = readme_block(list(gallery.load(ROOT / "manifests")))
    assert block in (ROOT / "README.md").read_text(encoding="utf-8"), (
        "README framework counts are stale: run .venv/bin/python scripts/measure_frameworks.py --readme"
    )
