"""Build the site once for the site and browser tests, and read which URLs it publishes."""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PUBLISHED_URLS = ROOT / "tests" / "published-urls.txt"
# The theme's own files, the search index and the sitemap are not URLs the project promises.
_NOT_PROMISED = {
    "assets",
    "search",
    "stylesheets",
    "javascripts",
    "404.html",
    "sitemap.xml",
    "sitemap.xml.gz",
}

sys.path.insert(0, str(ROOT / "scripts"))  # the tests also call the generators (sitegen) directly


def build_site(
    destination: Path,
    manifests: Path | None = None,
    *,
    mot: Path | None = None,
    osai_index: Path | None = None,
) -> Path:
    """`mkdocs build --strict`, exactly as a person would run it, into destination; the gallery
    from other manifests, and the imported gallery from other corpora, when given."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if manifests is not None:
        env["OPENNESS_MANIFESTS_DIR"] = str(manifests)
    if mot is not None:
        env["OPENNESS_MOT_DIR"] = str(mot)
    if osai_index is not None:
        env["OPENNESS_OSAI_INDEX_DIR"] = str(osai_index)
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(destination)]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr}"
    return destination


@cache
def built_site() -> Path:
    """The site of this repository, built once per test session and removed at exit."""
    folder = Path(tempfile.mkdtemp(prefix="openness-site-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return build_site(folder / "site")


def published_urls() -> list[str]:
    lines = PUBLISHED_URLS.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def file_of(site: Path, url: str) -> Path:
    """The built file a URL path is served from: /1.0/ -> 1.0/index.html."""
    relative = url.lstrip("/")
    return site / (relative + "index.html" if url.endswith("/") else relative)


def site_urls(site: Path) -> set[str]:
    """Every page and data file the built site publishes, as URL paths."""
    urls = set()
    for path in site.rglob("*"):
        relative = path.relative_to(site)
        if path.is_dir() or relative.parts[0] in _NOT_PROMISED:
            continue
        if path.name == "index.html":
            parent = relative.parent.as_posix()
            urls.add("/" if parent == "." else f"/{parent}/")
        elif path.suffix in (".json", ".yaml", ".html", ".csv"):
            urls.add("/" + relative.as_posix())
    return urls
