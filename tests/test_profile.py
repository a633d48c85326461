"""The openness profile: a well-formed, accessible SVG of an assessment, the same from the CLI as on
the site's model pages, and inert whatever the manifest says."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from cli_helpers import run_main, run_openness
from site_helpers import built_site

from openness.api import check
from openness.profile import groups, profile_lines, profile_svg
from openness.spec import load_definition, versions

ROOT = Path(__file__).resolve().parents[1]
MANIFESTS = sorted((ROOT / "manifests").glob("*.yaml"))
FIXTURES = sorted((ROOT / "tests" / "fixtures" / "manifest").glob("*/valid/*.yaml"))
SVG = "{http://www.w3.org/2000/svg}"


def _assessment(path: Path):  # type: ignore[no-untyped-def]
    validation, assessment = check(path)
    assert assessment is not None, validation.findings
    return assessment


def _components(root: ElementTree.Element) -> list[ElementTree.Element]:
    return [g for g in root.iter(f"{SVG}g") if g.get("class") == "op-component"]


@pytest.mark.parametrize("path", [*MANIFESTS, *FIXTURES], ids=lambda path: path.name)
def test_the_picture_is_well_formed_with_one_element_per_component(path: Path) -> None:
    assessment = _assessment(path)
    root = ElementTree.fromstring(profile_svg(assessment))
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    shown = [g.get("data-component") for g in _components(root)]
    assert sorted(shown) == sorted(c.id for c in assessment.definition.components)
    assert len(shown) == len(set(shown))
    # No script, no link, no external reference: a picture a model card can carry anywhere.
    tags = {element.tag.removeprefix(SVG) for element in root.iter()}
    assert tags <= {"svg", "title", "desc", "style", "rect", "text", "g"}
    assert "href" not in profile_svg(assessment) and "url(" not in profile_svg(assessment)


@pytest.mark.parametrize("path", MANIFESTS[:12], ids=lambda path: path.name)
def test_the_text_alternative_names_every_component_and_its_state(path: Path) -> None:
    assessment = _assessment(path)
    root = ElementTree.fromstring(profile_svg(assessment))
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and title.text and assessment.level.title in title.text
    assert desc is not None and desc.text
    lines = profile_lines(assessment)
    for component in assessment.definition.components:
        assert f"{component.title}: " in desc.text, component.id
        assert any(f"{component.title}: " in line for line in lines), component.id
    for element in _components(root):
        tip = element.find(f"{SVG}title")
        assert tip is not None and tip.text and ": " in tip.text  # "<title>: <state>"
    if assessment.next_level is not None:
        assert f"Next level: {assessment.next_level.title}" in desc.text
        blocker = assessment.blocker
        assert blocker is not None and blocker.reason in desc.text


def test_colour_is_never_the_only_signal() -> None:
    """Every state has its letter in its box and its words on its row, and the legend has both."""
    assessment = _assessment(ROOT / "manifests" / "llama-2-7b.yaml")
    root = ElementTree.fromstring(profile_svg(assessment))
    for element in _components(root):
        texts = ["".join(t.itertext()) for t in element.iter(f"{SVG}text")]
        letter, words = next(t for t in texts if t != "!"), texts[-1]
        assert letter in {"O", "R", "P", "N", "?", "\u2013", "/"} and len(words) > 3
    legend = "".join(root.itertext())
    for words in ("open license", "restricted license", "not released", "partially released"):
        assert words in legend
    restricted = next(e for e in _components(root) if e.get("data-component") == "final-parameters")
    assert "restricted" in "".join(restricted.itertext())
    assert "!" in ["".join(t.itertext()) for t in restricted.iter(f"{SVG}text")]  # blocks the next


@pytest.mark.parametrize("version", versions())
def test_components_are_grouped_by_the_freedoms_they_serve(version: str) -> None:
    definition = load_definition(version)
    found = groups(definition)
    listed = [component.id for _, components in found for component in components]
    assert sorted(listed) == sorted(c.id for c in definition.components)
    first_title, first = found[0]
    assert first_title == "Serves use, study, modify and share"
    assert [c.id for c in first] == ["final-parameters"]
    for title, components in found:
        names = {f.title.lower() for f in definition.freedoms if f.title.lower() in title}
        for component in components:
            assert {f.lower() for f in component.enables} == names, (title, component.id)


def test_the_dark_palette_follows_the_reader_and_the_site_toggle() -> None:
    svg = profile_svg(_assessment(ROOT / "manifests" / "olmo-7b.yaml"))
    assert "@media (prefers-color-scheme:dark)" in svg
    assert "[data-md-color-scheme=slate] svg.openness-profile" in svg


HOSTILE = """\
manifest_version: "1.0"
model:
  name: "<script>alert(1)</script> & \\u202eevil\\u202c ]]> <!-- x"
  producer: "</svg><img src=x onerror=alert(1)>"
components:
  final-parameters: {availability: released, license: "LicenseRef-<b>x</b>", location: https://example.org/w}
  model-card: {availability: released, license: CC-BY-4.0, location: https://example.org/card}
licenses:
  "LicenseRef-<b>x</b>": {name: "<i>terms</i>", url: https://example.org/terms}
"""


def test_hostile_names_stay_inert(tmp_path: Path) -> None:
    path = tmp_path / "openness.yaml"
    path.write_text(HOSTILE, encoding="utf-8")
    validation, assessment = check(path)
    if assessment is None:  # the license id is refused: the name alone must still be inert
        path.write_text(HOSTILE.replace("LicenseRef-<b>x</b>", "LicenseRef-x"), encoding="utf-8")
        validation, assessment = check(path)
    assert assessment is not None, validation.findings
    svg = profile_svg(assessment)
    root = ElementTree.fromstring(svg)  # well-formed: nothing closed or opened early
    tags = {element.tag.removeprefix(SVG) for element in root.iter()}
    assert tags <= {"svg", "title", "desc", "style", "rect", "text", "g"}
    assert "<script" not in svg and "<img" not in svg and "\u202e" not in svg
    assert "<script>alert(1)</script>" in "".join(root.itertext())  # shown as text, as written
    assert "\\u202e" in svg  # a bidi override is shown as its escape, never applied


def test_the_cli_writes_the_profile_to_a_file_and_refuses_to_replace_it(tmp_path: Path) -> None:
    manifest = ROOT / "manifests" / "llama-2-7b.yaml"
    target = tmp_path / "profile.svg"
    code, _, err = run_main("badge", "--profile", str(manifest), "-o", str(target))
    assert code == 0, err
    assert target.read_text(encoding="utf-8") == profile_svg(_assessment(manifest))
    code, _, err = run_main("badge", "--profile", str(manifest), "-o", str(target))
    assert code == 2 and "exists" in err


def _page_picture(page: Path) -> str:
    found = re.search(
        r"<svg [^>]*class=\"openness-profile\".*?</svg>", page.read_text("utf-8"), re.S
    )
    assert found, f"no openness profile on {page}"
    return found.group(0)


@pytest.mark.parametrize("slug", ["llama-2-7b", "olmo-7b", "gpt-4"])
def test_the_cli_profile_is_the_pages_picture_byte_for_byte(slug: str) -> None:
    result = run_openness("badge", "--profile", str(ROOT / "manifests" / f"{slug}.yaml"))
    assert result.returncode == 0, result.stderr
    assert result.stdout == _page_picture(built_site() / "models" / slug / "index.html") + "\n"


def test_every_model_page_has_the_picture_at_the_top() -> None:
    site = built_site()
    pages = [
        # A curated model's page has its manifest beside it (/models/compare/ is no model page).
        *(page.parent / "index.html" for page in (site / "models").glob("*/openness.yaml")),
        *(site / "models/imported").glob("*/index.html"),
    ]
    assert len(pages) > len(MANIFESTS)
    for page in pages:
        if page.parent.name == "imported":
            continue
        html = page.read_text("utf-8")
        heading, picture = html.find("<h1"), html.find('class="openness-profile"')
        assert 0 < heading < picture, page
        # Nothing but the heading before it: the first thing a reader sees under the title.
        assert html.find("<table", heading) > picture and html.find("<ul", heading) > picture, page
        assert "The profile in words" in html
