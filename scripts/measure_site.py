"""Measure the site: full build time, and the gzip-transferred weight of one definition page.

    .venv/bin/python scripts/measure_site.py [--models N] [--no-imports]

The site is built as `mkdocs build --strict` builds it: the curated gallery and the imported one
(the MOT corpus and the OSAI Index in data/, imported in memory; the target is the full site, about
500 model pages, in under 30 s on 2 cores). It also times the import alone, in this process. With
--models N the curated gallery is built from N copies of the curated manifests; with --no-imports
the imported gallery is left out (both corpora pointed at an empty folder), to see what it costs.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_ASSET = re.compile(r'<(?:script[^>]*\ssrc|link[^>]*rel="stylesheet"[^>]*\shref)="([^"]+)"')


def build(site: Path, manifests: Path | None, corpora: Path | None = None) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if manifests is not None:
        env["OPENNESS_MANIFESTS_DIR"] = str(manifests)
    if corpora is not None:  # an empty folder: nothing to import, no comparison page
        env["OPENNESS_MOT_DIR"] = env["OPENNESS_OSAI_INDEX_DIR"] = str(corpora)
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "--quiet",
        "--site-dir",
        str(site),
    ]
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, check=True)
    return time.perf_counter() - start


def copies(folder: Path, count: int) -> Path:
    """count manifests, cycling through the curated ones under new names."""
    sources = sorted((ROOT / "manifests").glob("*.yaml"))
    for number, source in zip(range(count), itertools.cycle(sources), strict=False):
        shutil.copyfile(source, folder / f"{source.stem}-{number}.yaml")
    return folder


def import_seconds() -> tuple[float, int, int]:
    """The import and merge of both corpora alone, in this process: (seconds, records, models)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from sitegen import gallery, imported

    start = time.perf_counter()
    curated = gallery.load(ROOT / "manifests")
    imports = imported.load(*imported.default_folders(), curated)
    return time.perf_counter() - start, len(imports.records), len(imports.models)


def page_weight(site: Path, page: str) -> tuple[int, int, list[str]]:
    """Bytes of the page and the CSS and JS it loads: raw, and gzip-compressed (level 6)."""
    html_path = site / page / "index.html"
    text = html_path.read_text(encoding="utf-8")
    files = [html_path] + [(html_path.parent / ref).resolve() for ref in _ASSET.findall(text)]
    raw = sum(len(path.read_bytes()) for path in files)
    compressed = sum(len(gzip.compress(path.read_bytes(), 6)) for path in files)
    return raw, compressed, [path.relative_to(site).as_posix() for path in files]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=int, help="build the gallery from N manifest copies")
    parser.add_argument("--page", default="1.0", help="the page to weigh (default: 1.0)")
    parser.add_argument("--no-imports", action="store_true", help="leave the imported gallery out")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        manifests = None
        if arguments.models:
            (folder / "manifests").mkdir()
            manifests = copies(folder / "manifests", arguments.models)
        empty = None
        if arguments.no_imports:
            empty = folder / "no-corpora"
            empty.mkdir()
        seconds = build(folder / "site", manifests, empty)
        models = folder / "site" / "models"
        curated = len(list(models.glob("*/index.html")))
        imported = len(list(models.glob("imported/*/index.html")))
        print(
            f"build: {seconds:.1f} s ({curated + imported} model pages: {curated} curated, "
            f"{imported} imported; {os.cpu_count()} CPUs)"
        )
        if not arguments.no_imports:
            spent, records, entries = import_seconds()
            print(
                f"  of which importing {records} corpus records into {entries} models: {spent:.1f} s"
            )
        raw, compressed, files = page_weight(folder / "site", arguments.page)
        print(f"/{arguments.page}/: {compressed / 1024:.1f} KiB gzip ({raw / 1024:.1f} KiB raw)")
        print("  " + ", ".join(files))
        site = folder / "site"
        search = [*(site / "assets").rglob("search.*.js"), site / "search" / "search_index.json"]
        size = sum(len(gzip.compress(path.read_bytes(), 6)) for path in search)
        print(f"then the search worker and index, fetched after load: {size / 1024:.1f} KiB gzip")


if __name__ == "__main__":
    main()
