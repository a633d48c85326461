"""/crosswalks/: every framework, tier, criterion and level at its anchor; disagreements computed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from site_helpers import ROOT, built_site
from sitegen import crosswalk_page, gallery

from openness import crosswalk, spec
from openness.frameworks import load_frameworks


@pytest.fixture(scope="module")
def page() -> str:
    return (built_site() / "crosswalks/index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def entries() -> list[gallery.Entry]:
    return gallery.load(ROOT / "manifests")


def _text(html: str) -> str:
    return " ".join(re.sub("<[^>]+>", " ", html).split())


def test_every_framework_tier_criterion_and_level_has_its_anchor(page: str) -> None:
    ids = set(re.findall(r'id="([^"]+)"', page))
    for framework in load_frameworks():
        assert framework.id in ids
        for tier in framework.tiers:
            assert tier.id in ids
            assert {criterion.id for criterion in tier.criteria} <= ids
        definition = spec.load_definition(framework.definition)
        assert {level.id for level in definition.levels} <= ids
        assert framework.url in page and all(source in page for source in framework.sources)


def test_levels_say_what_they_guarantee(page: str) -> None:
    text = _text(page)
    for framework in load_frameworks():
        definition = spec.load_definition(framework.definition)
        for level in definition.levels:
            tier = crosswalk.implied_tier(level, definition, framework)
            assert (tier.name if tier else "none guaranteed") in text


def test_the_known_disagreements_are_said_plainly(page: str) -> None:
    text = _text(page)
    # OSAID asks for data information, not the data; MOF Class I wants the datasets. The frameworks
    # are named in their listing order (MOF, OSAID, G7, EU).
    assert (
        "Training datasets : Required by Definition 1.0, MOF 1.0 and G7 2026, not by "
        "OSAID 1.0 or EU AI Act Art. 53(2) 2024/1689." in text
    )
    # MOF wants open licenses on documents; the definition accepts any terms for them.
    assert (
        "Model card : Required by Definition 1.0, MOF 1.0 and EU AI Act Art. 53(2) 2024/1689, "
        "not by OSAID 1.0 or G7 2026. Licenses: any terms for Definition 1.0 and "
        "EU AI Act Art. 53(2) 2024/1689; open licenses for MOF 1.0." in text
    )


def test_definition_pages_carry_a_crosswalk_line() -> None:
    for version in spec.versions():
        html = (built_site() / version / "index.html").read_text(encoding="utf-8")
        mapped = [f for f in load_frameworks() if f.definition == version]
        lines = re.findall(r"Crosswalk:</em>(.*?)</p>", html)
        if mapped:
            assert len(lines) == len(spec.load_definition(version).levels)
            assert all("../crosswalks/#" in line for line in lines)
        else:
            assert not lines


def test_gallery_partings_come_from_the_results(entries: list[gallery.Entry], page: str) -> None:
    listed = {entry.slug for entry in entries if crosswalk_page.partings(entry)}
    assert listed, "no gallery model where the verdicts part: the table would be empty"
    section = page.split('id="gallery"', 1)[1].split("<h2", 1)[0]  # the partings table only
    for entry in entries:
        shown = f'href="../models/{entry.slug}/"' in section
        assert shown is (entry.slug in listed), entry.slug
    # Each side held back: its blockers are exactly what its own verdict says it misses.
    sides_held = [s.name for entry in entries for s, _ in crosswalk_page.partings(entry)]
    assert "MOF 1.0" in sides_held
    for entry in entries:
        for stricter, _ in crosswalk_page.partings(entry):
            if stricter.name != "MOF 1.0":
                continue
            result = next(r for r in entry.assessment.crosswalks if r.framework.id == "mof-1.0")
            assert [b.reason for b in stricter.blockers] == [r.reason for r in result.missing]


def test_a_side_at_the_top_or_blocked_by_shared_reasons_is_not_listed(
    entries: list[gallery.Entry],
) -> None:
    for entry in entries:
        for stricter, others in crosswalk_page.partings(entry):
            assert stricter.blockers
            for other in others:
                for blocker in stricter.blockers:
                    assert not set(blocker.components) & other.rejected


def test_the_page_builds_without_a_gallery(tmp_path: Path) -> None:
    page = crosswalk_page.render(load_frameworks(), [])
    assert "No gallery model shows such a difference." in page


def test_a_partings_link_to_a_missing_anchor_fails_the_page(
    entries: list[gallery.Entry], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The partings table is finished HTML, which mkdocs does not check: its links are checked
    as it is written, as mkdocs checks a Markdown link's anchor."""
    parted = [entry for entry in entries if crosswalk_page.partings(entry)]
    criteria = [
        blocker.id
        for entry in parted
        for side, _ in crosswalk_page.partings(entry)
        for blocker in side.blockers
        if blocker.id not in {r.requirement.id for r in entry.assessment.results}
    ]
    assert criteria, "no parting blocked by a framework's criterion: nothing to link on the page"
    with pytest.raises(ValueError, match=f"#{re.escape(criteria[0])}"):
        crosswalk_page._gallery(parted, frozenset(criteria[1:]) - {criteria[0]})
