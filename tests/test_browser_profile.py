"""The openness profile in Debian's headless Chromium, on a phone: the picture is above the fold on
a curated and an imported model page, the page does not scroll sideways, and the picture's text is
legible in the light and the dark palette. Skipped as tests/test_browser.py is."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from site_helpers import built_site
from test_browser import browser, server  # noqa: F401 (fixtures shared with the browser tests)

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _imported_page() -> str:
    """An imported model page of the built site (the corpora are vendored: there are hundreds)."""
    pages = sorted((built_site() / "models" / "imported").glob("*/index.html"))
    assert pages, "no imported model page was built"
    return f"/models/imported/{pages[0].parent.name}/"


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:  # noqa: F811
    context = browser.new_context(color_scheme="light", viewport=PHONE)
    page = context.new_page()
    yield page
    context.close()


def _luminance(rgb: str) -> float:
    values = [int(part) / 255 for part in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]
    linear = [v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in values]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(first: str, second: str) -> float:
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


_COLOURS = """svg => {
  const fill = el => getComputedStyle(el).fill;
  const texts = [...svg.querySelectorAll('text')].filter(t => !t.classList.contains('op-letter'));
  return {background: fill(svg.querySelector('.op-bg')), texts: [...new Set(texts.map(fill))]};
}"""


@pytest.mark.parametrize("kind", ["curated", "imported"])
def test_the_profile_is_above_the_fold_on_a_phone_without_sideways_scroll(
    phone: Any,
    server: str,  # noqa: F811
    kind: str,
) -> None:
    path = "/models/llama-2-7b/" if kind == "curated" else _imported_page()
    phone.goto(server + path)
    picture = phone.locator("svg.openness-profile").first
    assert picture.is_visible()
    box = picture.bounding_box()
    assert box is not None
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], (
        box
    )  # all of it, unscrolled
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    for scheme in ("default", "slate"):
        if scheme == "slate":
            phone.locator("[title='Switch to dark mode']").first.click()
        assert phone.locator("body").get_attribute("data-md-color-scheme") == scheme
        colours = picture.evaluate(_COLOURS)
        for fill in colours["texts"]:
            assert _contrast(fill, colours["background"]) >= 4.5, (scheme, fill, colours)
        if scheme == "default":
            light = colours["background"]
        else:
            assert colours["background"] != light  # the dark palette, not the light one on dark
