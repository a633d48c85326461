"""Agreement with independent assessors is measured, every difference is explained, and the README
shows the figures the script computes, not figures typed from memory."""

from __future__ import annotations

import subprocess
import sys
from functools import cache

from site_helpers import ROOT
from sitegen import agreement, gallery, imported


@cache
def agreements() -> tuple[agreement.Agreement, ...]:
    entries = gallery.load(ROOT / "manifests")
    mot, index = imported.default_folders()
    return agreement.measure(entries, imported.load(mot, index, entries).models)


def by_assessor(assessor: str) -> agreement.Agreement:
    return next(item for item in agreements() if item.assessor == assessor)


def test_osaid_crosswalk_reproduces_osis_validation_on_every_system_it_validated() -> None:
    osi = by_assessor("osi")
    assert len(osi.comparisons) == 12, "every system OSI names has its curated manifest"
    assert osi.differences == (), agreement.differences_markdown([osi])


def test_the_systems_osi_blocks_for_their_license_are_blocked_by_their_license() -> None:
    data = agreement._load("osi-validation.yaml")
    entries = {entry.slug: entry for entry in gallery.load(ROOT / "manifests")}
    for system in data["systems"]:
        if not system.get("blocked_by_license"):
            continue
        osaid = next(
            result
            for result in entries[system["manifest"]].assessment.crosswalks
            if result.framework.id == "osaid-1.0"
        )
        blockers = {item.criterion.id for item in osaid.missing}
        assert "osaid-parameters" in blockers, (system["name"], blockers)


def test_every_difference_is_explained() -> None:
    """100% explained: each difference names the fact and its source (data/assessors/differences.yaml)."""
    unexplained = [item for agreement_ in agreements() for item in agreement_.unexplained]
    assert unexplained == [], agreement.differences_markdown(agreements())


def test_the_mot_comparison_covers_the_models_both_assess() -> None:
    mot = by_assessor("mot")
    assert len({item.model for item in mot.comparisons}) >= 15
    assert by_assessor("osai-index").comparisons, "the Index comparison is not empty"


def test_no_recorded_reason_is_stale() -> None:
    assert agreement.stale_reasons(agreements()) == []


def test_readme_shows_the_figures_the_script_computes() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    from measure_agreement import readme_block

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    curated = len(list((ROOT / "manifests").glob("*.yaml")))
    assert readme_block(agreements(), curated) in readme, (
        "README figures are stale: run .venv/bin/python scripts/measure_agreement.py --readme"
    )


def test_the_script_runs() -> None:
    completed = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "measure_agreement.py")],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert "| Assessor |" in completed.stdout, completed.stderr
    assert "Traceback" not in completed.stderr
