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


@pytest.mark.parametrize("path", MANIFESTS, ids=lambda path: path.stem)
def test_gallery_manifest_is_valid_sourced_and_pinned(path: Path) -> None:
    result = openness.validate(path)
    assert result.ok and result.findings == (), "\n".join(map(str, result.findings))
    manifest = result.manifest
    assert manifest is not None and manifest.provenance.get("source") == "curated"
    definition = openness.load_definition("1.0")
    assert set(manifest.components) == {component.id for component in definition.components}
    for declaration in manifest.components.values():
        if declaration.availability in ("released", "partial"):
            assert declaration.evidence or declaration.locations, declaration.component
    assert openness.assess(path, "1.0").level.id == PINNED[path.stem]
