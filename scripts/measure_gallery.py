"""Measure /models/ with a gallery of N curated models in Debian's headless Chromium.

    .venv/bin/python scripts/measure_gallery.py [--models N] [--runs R] [--readme]

Builds the site with N copies of the curated manifests (default 1000) besides the imported gallery,
serves it on 127.0.0.1 and opens /models/ R times (default 3): the page weight (the HTML and the
CSS and JS it loads, raw and gzip-compressed), the time until the browser has parsed the page
(DOMContentLoaded) and the time until the matrix's filters and sorting are ready (matrix.js marks
the table data-ready): the time to interactive. Each time is the median of the runs; the machine is
shared, so its load average is said too. --readme rewrites the figures in README.md between the
gallery-figures markers. tests/test_browser.py measures the same with the same functions.
"""

from __future__ import annotations

import argparse
import functools
import os
import statistics
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import readme_blocks
from measure_site import build, copies, page_weight

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
BLOCK = "gallery-figures"
CHROMIUM = "/usr/bin/chromium"


@dataclass(frozen=True)
class Visit:
    parsed_ms: float  # DOMContentLoaded, from the start of navigation
    interactive_ms: float  # the matrix's controls ready
    rows: int


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """The built site over HTTP on 127.0.0.1, on a free port, in a thread."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def visit(page: Any, url: str) -> Visit:
    """Open /models/ once in a fresh page and time it with the browser's own clock."""
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector("table.om-matrix[data-ready]", timeout=60_000)
    parsed = page.evaluate("performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd")
    ready = page.evaluate("performance.now()")
    rows = page.locator("table.om-matrix tbody tr").count()
    return Visit(float(parsed), float(ready), int(rows))


def readme_text(models: int, rows: int, weight: tuple[int, int], visits: list[Visit]) -> str:
    """What README.md holds between the gallery-figures markers."""
    raw, compressed = weight
    parsed = statistics.median(v.parsed_ms for v in visits)
    ready = statistics.median(v.interactive_ms for v in visits)
    return (
        "| measure (`scripts/measure_gallery.py --readme`) | result |\n"
        "|---|---|\n"
        f"| `/models/` with {models} curated models and the imported gallery: rows of the matrix | "
        f"{rows} |\n"
        f"| its weight: HTML, CSS and JS, gzip (uncompressed) | {compressed / 1024:.0f} KiB "
        f"({raw / 1024:.0f} KiB) |\n"
        f"| parsed (DOMContentLoaded), median of {len(visits)} | {parsed:.0f} ms |\n"
        f"| filters and sorting ready (time to interactive), median of {len(visits)} | "
        f"{ready:.0f} ms |\n"
        f"| load average (1 min) of the shared machine, {os.cpu_count()} CPUs | "
        f"{os.getloadavg()[0]:.1f} |\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=int, default=1000, help="curated models (default 1000)")
    parser.add_argument("--runs", type=int, default=3, help="visits of the page (default 3)")
    parser.add_argument("--readme", action="store_true", help="rewrite the figures in README.md")
    arguments = parser.parse_args()
    if arguments.readme:  # before the build and the visits, not after them
        readme_blocks.check_block(README, BLOCK)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        (folder / "manifests").mkdir()
        manifests = copies(folder / "manifests", arguments.models)
        site = folder / "site"
        build(site, manifests)
        raw, compressed, _ = page_weight(site, "models")
        with serve(site) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--headless", "--no-sandbox"]
            )
            visits = []
            for _ in range(arguments.runs):
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                visits.append(visit(page, base + "/models/"))
                page.close()
            browser.close()
    rows = visits[0].rows
    text = readme_text(arguments.models, rows, (raw, compressed), visits)
    print(readme_blocks.render(BLOCK, text))
    if arguments.readme:
        readme_blocks.replace_block(README, BLOCK, text)


if __name__ == "__main__":
    main()
