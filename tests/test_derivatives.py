"""Derivatives: a base model's terms flow down the chain of fine-tunes and quantizations."""

from __future__ import annotations

from pathlib import Path

import openness
from openness import urls

FIXTURES = Path(__file__).parent / "fixtures" / "derivatives"


def test_fine_tune_inherits_restricted_terms() -> None:
    assessment = openness.assess(FIXTURES / "fine-tune.yaml", "1.0")
    assert assessment.level.id == "weights-available"
    (weights,) = [
        r for r in assessment.missing if r.requirement.id == "open-weights-final-parameters"
    ]
    assert (
        "LicenseRef-Llama-2-Community is inherited from the base model Restricted Base 7B"
        in weights.reason
    )
    assert urls.clause_url("1.0", "weakest-term-wins") in weights.reason


def test_terms_flow_down_the_whole_chain() -> None:
    assessment = openness.assess(FIXTURES / "quantization-of-fine-tune.yaml", "1.0")
    assert assessment.level.id == "weights-available"
    reasons = " ".join(result.reason for result in assessment.results)
    assert "LicenseRef-Llama-2-Community" in reasons


def test_the_1_1_draft_names_its_own_clause() -> None:
    assessment = openness.assess(FIXTURES / "fine-tune.yaml", "1.1")
    assert urls.clause_url("1.1", "derivatives-inherit-terms") in " ".join(
        r.reason for r in assessment.results
    )


def test_without_its_base_the_same_release_would_look_open(tmp_path: Path) -> None:
    alone = tmp_path / "alone.yaml"
    text = (FIXTURES / "fine-tune.yaml").read_text()
    alone.write_text(
        text.replace(
            "  base_model: {name: Restricted Base 7B, manifest: base-restricted.yaml}\n  relation: fine-tune\n",
            "",
        )
    )
    assert openness.assess(alone, "1.0").level.id == "open-weights"


def test_a_claim_above_the_inherited_terms_is_an_error(tmp_path: Path) -> None:
    claim = tmp_path / "fine-tune.yaml"
    claim.write_text(
        (FIXTURES / "fine-tune.yaml").read_text() + "assessment: {claimed_level: open-weights}\n"
    )
    (tmp_path / "base-restricted.yaml").write_text((FIXTURES / "base-restricted.yaml").read_text())
    result = openness.validate(claim)
    assert [finding.rule for finding in result.findings] == ["claimed-level"]


def test_unreadable_bases_are_reported_not_fetched() -> None:
    remote = openness.validate(FIXTURES / "base-by-url.yaml")
    assert remote.ok and [finding.rule for finding in remote.findings] == ["base-manifest-unread"]
    assert "not fetched" in remote.findings[0].message
    cycle = openness.validate(FIXTURES / "cycle-a.yaml")
    assert [finding.rule for finding in cycle.findings] == ["base-manifest-cycle"]


def test_a_licensor_may_release_its_own_derivative_under_other_terms(tmp_path: Path) -> None:
    """DeepSeek-R1 (MIT) from DeepSeek-V3-Base (DeepSeek license): the licensor is not bound."""
    (tmp_path / "base-restricted.yaml").write_text(
        (FIXTURES / "base-restricted.yaml")
        .read_text()
        .replace("producer: Example Lab", "producer: Example  lab")
    )
    own = tmp_path / "own.yaml"
    own.write_text(
        (FIXTURES / "fine-tune.yaml")
        .read_text()
        .replace("producer: Example Fine-Tuners", "producer: Example Lab")
    )
    assessment = openness.assess(own, "1.0")
    assert assessment.level.id == "open-weights"
    assert "inherited" not in " ".join(result.reason for result in assessment.results)
