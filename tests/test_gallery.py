"""The gallery of real models: every manifest is valid and sourced, and its verdict is pinned."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import openness

ROOT = Path(__file__).resolve().parents[1]
MANIFESTS = sorted((ROOT / "manifests").glob("*.yaml"))
PINNED: dict[str, str] = yaml.safe_load((Path(__file__).parent / "gallery-levels.yaml").read_text())


def test_gallery_covers_the_ladder() -> None:
    assert len(MANIFESTS) >= 30
    levels = {level.id for level in openness.load_definition("1.0").levels}
    assert set(PINNED.values()) == levels, "the gallery has models at every level"
    assert sorted(PINNED) == sorted(path.stem for path in MANIFESTS), (
        "pin every manifest, and only those"
    )


# Under definition 1.0, a format-1.1 component (compute-disclosure) is not assessed, and says so;
# written in format 1.1 while it is a draft, every manifest says that too.
NOT_ASSESSED_UNDER_1_0 = {"component-not-in-definition", "draft-version"}
DRAFT_REGISTRY = openness.load_licenses("1.1")


def expected(finding: openness.Finding) -> bool:
    """Warnings that state a fact about the released definition, not a fault of the manifest: a
    1.1 component 1.0 does not assess, a license that only the 1.1 draft registry has reviewed."""
    if finding.rule in NOT_ASSESSED_UNDER_1_0:
        return True
    reviewed_in_draft = {entry.id for entry in DRAFT_REGISTRY.licenses}
    return finding.rule == "license-unreviewed" and finding.message.split()[0] in reviewed_in_draft


@pytest.mark.parametrize("path", MANIFESTS, ids=lambda path: path.stem)
def test_gallery_manifest_is_valid_sourced_and_pinned(path: Path) -> None:
    result = openness.validate(path)
    findings = [f for f in result.findings if not expected(f)]
    assert result.ok and findings == [], "\n".join(map(str, result.findings))
    manifest = result.manifest
    assert manifest is not None and manifest.provenance.get("source") == "curated"
    definition = openness.load_definition("1.1" if manifest.manifest_version == "1.1" else "1.0")
    assert set(manifest.components) == {component.id for component in definition.components}
    for declaration in manifest.components.values():
        if declaration.availability in ("released", "partial"):
            assert declaration.evidence or declaration.locations, declaration.component
    assert openness.assess(path, "1.0").level.id == PINNED[path.stem]


def test_the_gallery_is_written_in_format_1_1() -> None:
    """Format 1.1 is the one that can say where terms come from and quote its sources."""
    older = [
        p.name for p in MANIFESTS if yaml.safe_load(p.read_text())["manifest_version"] != "1.1"
    ]
    assert older == []


@pytest.mark.parametrize("path", MANIFESTS, ids=lambda path: path.stem)
def test_every_fact_is_quoted_and_dated(path: Path) -> None:
    """Provenance is the answer to wrong listings: each released or partial component, and the
    release's license, cite a source with the date it was read and the words that support it."""
    manifest = openness.load(path)
    cited = {"release": manifest.release_evidence} if manifest.release_license else {}
    for declaration in manifest.components.values():
        if declaration.availability in ("released", "partial"):
            cited[declaration.component] = declaration.evidence
    for place, evidence in cited.items():
        quoted = [item for item in evidence if item.accessed and item.quote]
        assert quoted, f"{path.name}: {place} has no evidence with a date and a quote"
    for declaration in manifest.components.values():
        if declaration.terms == "unknown" and declaration.availability in ("released", "partial"):
            assert declaration.notes.strip(), (
                f"{path.name}: {declaration.component} has unknown terms; its notes say what to check"
            )
