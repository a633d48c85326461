"""The built site in Chromium at a laptop's and a phone's width: pages fit, tables fit, /latest/ keeps
the fragment. Same browser, server and skip rules as tests/test_browser.py."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import test_browser

from openness import spec

pytestmark = pytest.mark.browser
browser, server = test_browser.browser, test_browser.server  # the same Chromium and site server
LATEST = spec.latest_released()

# One page of every kind the site has. Deliberately wide matrices (class om-matrix) are exempt.
PAGE_KINDS = {
    "home": "/",
    "definition version": "/1.0/",
    "license registry": "/licenses/",
    "curated model": "/models/llama-2-7b/",
    "imported model": "/models/imported/mixtral-8x22b-v0-1/",
    "crosswalks": "/crosswalks/",
    "compare": "/compare/osai-index/",
    "changes": "/changes/1.1/",
    "rules": "/tools/rules/",
    "schema reference": "/schemas/manifest/1.0/",
    "faq": "/faq/",
}
LAPTOP, PHONE = 1280, 390

# What does not fit: the page wider than the window; at a laptop's width, a table that needs its
# own scroll bar (its last columns hidden); at any width, a cell whose content spills out of it.
_MISFITS = """() => {
  const exempt = (element) => element.closest('.om-matrix') !== null;
  const describe = (element) => element.textContent.trim().replace(/\\s+/g, ' ').slice(0, 80);
  const scrolling = [...document.querySelectorAll('.md-typeset__scrollwrap, .md-typeset table')]
    .filter((element) => !exempt(element) && element.scrollWidth > element.clientWidth + 1)
    .map((element) => `${element.scrollWidth} > ${element.clientWidth} px: ${describe(element)}`);
  const clipped = [...document.querySelectorAll('.md-typeset td, .md-typeset th')]
    .filter((cell) => !exempt(cell) && cell.scrollWidth > cell.clientWidth + 1)
    .map(describe);
  return {
    page: [document.documentElement.scrollWidth, window.innerWidth],
    scrolling, clipped,
    tables: document.querySelectorAll('.md-typeset table').length,
  };
}"""


@pytest.fixture(params=[LAPTOP, PHONE], ids=["1280px", "390px"])
def sized_page(request: pytest.FixtureRequest, browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": request.param, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("path", PAGE_KINDS.values(), ids=PAGE_KINDS.keys())
def test_page_and_its_tables_fit(sized_page: Any, server: str, path: str) -> None:
    response = sized_page.goto(server + path)
    assert response is not None and response.ok, path
    found = sized_page.evaluate(_MISFITS)
    width, window = found["page"]
    assert width <= window, f"{path} scrolls sideways: {width} px wide in a {window} px window"
    assert not found["clipped"], f"{path}: cell content spills out of its cell: {found['clipped']}"
    if window == LAPTOP:
        assert not found["scrolling"], f"{path}: tables wider than the page: {found['scrolling']}"


def test_model_page_notes_are_in_view_at_laptop_width(browser: Any, server: str) -> None:
    """The Components table's last column (the notes) starts and ends inside the window."""
    context = browser.new_context(viewport={"width": LAPTOP, "height": 900})
    page = context.new_page()
    page.goto(server + PAGE_KINDS["curated model"])
    table = page.locator("#components ~ .md-typeset__scrollwrap").first
    heading = table.locator("th").last
    assert heading.inner_text().strip() == "Notes"
    box = heading.bounding_box()
    assert box is not None and box["x"] + box["width"] <= LAPTOP
    context.close()


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/latest/#open-weights", f"/{LATEST}/#open-weights"),
        ("/latest/?from=citation#training-code", f"/{LATEST}/?from=citation#training-code"),
        ("/latest/", f"/{LATEST}/"),
    ],
)
def test_latest_keeps_the_fragment(
    browser: Any,
    server: str,
    path: str,
    expected: str,
) -> None:
    context = browser.new_context(viewport={"width": LAPTOP, "height": 900})
    page = context.new_page()
    page.goto(server + path)
    page.wait_for_url(server + expected)
    fragment = expected.partition("#")[2]
    if fragment:
        page.wait_for_function("window.scrollY > 0")
        box = page.locator(f"#{fragment}").bounding_box()
        assert box is not None and 0 <= box["y"] < 900
    context.close()
