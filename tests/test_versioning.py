"""Versions people cite never change under them: released files are locked by hash, releasing a draft
is one command, and a verdict under 1.0 stays the same whatever later versions add."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import openness
from openness import spec
from openness.reader import read

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "spec" / "RELEASED.sha256"
PINNED = Path(__file__).parent / "fixtures" / "assessments"
# Manifests whose full verdict under each released version is pinned, requirement by requirement.
PINNED_MANIFESTS = sorted(
    (ROOT / "tests" / "fixtures" / "manifest" / "1.0" / "valid").glob("*.yaml")
) + [
    ROOT / "manifests" / name
    for name in ("llama-2-7b.yaml", "mistral-7b.yaml", "olmo-2-7b.yaml", "pythia-6.9b.yaml")
]


def locked() -> dict[str, str]:
    entries = {}
    for line in LOCK.read_text().splitlines():
        digest, path = line.split("  ", 1)
        entries[path] = digest
    return entries


def test_released_files_are_unchanged() -> None:
    for path, digest in locked().items():
        actual = hashlib.sha256((ROOT / path).read_bytes()).hexdigest()
        assert actual == digest, (
            f"{path} is released and must never change; write a new version instead"
        )


def test_every_released_version_is_locked_and_no_draft_is() -> None:
    entries = locked()
    for version in spec.versions():
        files = [
            f"spec/definition/{version}.yaml",
            f"spec/licenses/{version}.yaml",
            f"schemas/manifest/{version}/schema.json",
        ]
        if spec.load_definition(version).released:
            assert all(path in entries for path in files), f"{version} is released but not locked"
        else:
            assert not any(path in entries for path in files), f"{version} is a draft but locked"


def test_latest_is_a_released_version() -> None:
    latest = spec.latest_released()
    assert spec.load_definition(latest).released
    drafts = [version for version in spec.versions() if not spec.load_definition(version).released]
    assert latest not in drafts


def test_release_command_releases_a_draft(tmp_path: Path) -> None:
    drafts = [version for version in spec.versions() if not spec.load_definition(version).released]
    if not drafts:
        pytest.skip("no draft version to release")
    draft = drafts[0]
    for folder in ("spec", "schemas"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.copy(ROOT / "CITATION.cff", tmp_path / "CITATION.cff")
    command = [
        sys.executable,
        str(ROOT / "scripts" / "release.py"),
        draft,
        "--root",
        str(tmp_path),
        "--date",
        "2027-01-15",
    ]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert completed.returncode == 0, completed.stderr
    document = read(tmp_path / "spec" / "definition" / f"{draft}.yaml", max_bytes=16 * 1024 * 1024)
    assert document.data["status"] == "released" and document.data["release_date"] == "2027-01-15"
    assert spec.check_definition(document) == []
    lines = (tmp_path / "spec" / "RELEASED.sha256").read_text().splitlines()
    assert len(lines) == len(LOCK.read_text().splitlines()) + 3
    for line in lines:
        digest, path = line.split("  ", 1)
        assert hashlib.sha256((tmp_path / path).read_bytes()).hexdigest() == digest
    citation = (tmp_path / "CITATION.cff").read_text()
    assert f'version: "{draft}"' in citation and 'date-released: "2027-01-15"' in citation
    again = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert again.returncode != 0 and "is not a draft" in again.stderr


def verdict(path: Path, version: str) -> dict[str, Any]:
    """What a released version promises never to change: the level, and each requirement met or not.

    The sentences that explain a result are presentation and may improve (they once said
    "NOASSERTION is none"); they are not pinned."""
    assessment = openness.assess(path, version)
    return {
        "level": assessment.level.id,
        "requirements": [
            {"id": result.requirement.id, "met": result.met} for result in assessment.results
        ],
    }


@pytest.mark.parametrize("version", spec.released_versions())
@pytest.mark.parametrize("path", PINNED_MANIFESTS, ids=lambda path: path.stem)
def test_verdicts_under_a_released_version_never_change(path: Path, version: str) -> None:
    pinned = PINNED / version / f"{path.stem}.json"
    if (
        os.environ.get("OPENNESS_PIN_VERDICTS") == "1" and not pinned.exists()
    ):  # to pin a new release once
        pinned.parent.mkdir(parents=True, exist_ok=True)
        pinned.write_text(json.dumps(verdict(path, version), indent=2) + "\n")
    assert pinned.is_file(), f"no pinned verdict {pinned}; pin it with OPENNESS_PIN_VERDICTS=1"
    assert verdict(path, version) == json.loads(pinned.read_text())


def test_diff_command_lists_the_changes_of_each_version() -> None:
    from openness.changes import changes_to

    for version in spec.versions():
        changes = changes_to(version)
        if changes is None:
            continue
        completed = subprocess.run(
            [
                sys.executable,
                "-m",
                "openness",
                "diff",
                changes.old.version,
                version,
                "--format",
                "json",
            ],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        payload = json.loads(completed.stdout)
        assert [item["id"] for item in payload["items"]] == [item.id for item in changes.items]
        assert payload["items"], f"{version} changes nothing from {changes.old.version}"
        noted = {item for note in changes.notes for item in note.items}
        for item in changes.items:
            assert item.id in noted, (
                f"{version}: {item.id} changed without a rationale under changes"
            )


def test_citation_names_the_newest_released_version() -> None:
    """CITATION.cff is updated by the release command; this keeps it from drifting by hand."""
    import yaml

    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    latest = spec.load_definition(spec.latest_released())
    assert (citation["version"], citation["date-released"]) == (latest.version, latest.release_date)
