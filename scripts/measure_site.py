"""Measure the site: the full build, the cost of one more model page, and what a page weighs.

    .venv/bin/python scripts/measure_site.py [--models N] [--runs R] [--no-imports] [--readme]

The site is built as `mkdocs build --strict` builds it: the curated gallery and the imported one
(the MOT corpus and the OSAI Index in data/, imported in memory). Then it is built again with a
gallery of N copies of the curated manifests (default 1000), and the cost of a model page is the
slope between the two builds: the extra time over the extra model pages. The two builds alternate,
R times each (default 3), and each figure is the median, with the fastest and slowest run, since
other processes on the machine slow some runs down; the CPU time the build itself used (user and
system, its median) says how much of a slow run was waiting for the processor. The import alone is timed in this process.
With --no-imports the imported gallery is left out (both corpora pointed at an empty folder), to see
what it costs; --readme rewrites the figures in README.md, between the site-figures markers.

Targets (2 cores): the full site in 6 s, a gallery of 1000 curated models in 15 s, 8 ms per model
page, and /1.0/ under 150 KB with gzip.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # imported by tests and measure_gallery
import readme_blocks

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
BLOCK = "site-figures"
_ASSET = re.compile(r'<(?:script[^>]*\ssrc|link[^>]*rel="stylesheet"[^>]*\shref)="([^"]+)"')


@dataclass(frozen=True)
class Build:
    """The runs of one build, and what it made."""

    seconds: tuple[float, ...]
    cpu: tuple[float, ...]  # user and system time of each run
    curated: int
    imported: int

    @property
    def pages(self) -> int:
        return self.curated + self.imported

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    def shown(self) -> str:
        """`4.1 s (3.9-4.6 s, 3 runs; CPU 3.8 s)`"""
        low, high = min(self.seconds), max(self.seconds)
        return (
            f"{self.median:.1f} s ({low:.1f}-{high:.1f} s, {len(self.seconds)} runs; "
            f"CPU {statistics.median(self.cpu):.1f} s)"
        )


def build(site: Path, manifests: Path | None, corpora: Path | None = None) -> tuple[float, float]:
    """(wall-clock seconds, CPU seconds) of one `mkdocs build --strict`."""
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
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, check=True)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return seconds, cpu


def model_pages(site: Path) -> tuple[int, int]:
    """(curated, imported) model pages of a built site."""
    models = site / "models"
    # A curated model's page has its manifest beside it (/models/compare/ is no model page).
    curated = len(list(models.glob("*/openness.yaml")))
    return curated, len(list(models.glob("imported/*/index.html")))


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


def search_weight(site: Path) -> int:
    search = [*(site / "assets").rglob("search.*.js"), site / "search" / "search_index.json"]
    return sum(len(gzip.compress(path.read_bytes(), 6)) for path in search)


def readme_text(
    full: Build,
    large: Build,
    per_page: float,
    weight: tuple[int, int],
    search: int,
    loads: tuple[float, ...],
) -> str:
    """What README.md holds between the site-figures markers."""
    compressed, raw = weight
    return (
        "| measure | result |\n"
        "|---|---|\n"
        f"| the machine: {os.cpu_count()} CPUs; load average (1 min) after each build | "
        f"{min(loads):.1f}-{max(loads):.1f} |\n"
        f"| full `mkdocs build --strict`: {full.curated} curated and {full.imported} imported model "
        f"pages ({full.pages} in all) | {full.shown()} (target: 6 s) |\n"
        f"| the same with a gallery of {large.curated} curated models (`--models {large.curated}`, "
        f"{large.pages} model pages) | {large.shown()} (target: 15 s) |\n"
        f"| one more model page: the slope between the two builds | {per_page * 1000:.1f} ms "
        "(target: 8 ms) |\n"
        f"| `/1.0/` transferred with gzip: HTML, CSS and JS it loads | {compressed / 1024:.0f} KiB "
        f"({raw / 1024:.0f} KiB uncompressed) |\n"
        f"| then the search worker and index, fetched after the page loads | {search / 1024:.0f} KiB |\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=int, default=1000, help="the large gallery's size")
    parser.add_argument("--runs", type=int, default=3, help="builds of each size (default 3)")
    parser.add_argument("--page", default="1.0", help="the page to weigh (default: 1.0)")
    parser.add_argument("--no-imports", action="store_true", help="leave the imported gallery out")
    parser.add_argument("--readme", action="store_true", help="rewrite the figures in README.md")
    arguments = parser.parse_args()
    if arguments.readme:  # before the builds, not after them
        if arguments.no_imports or arguments.page != "1.0":
            raise SystemExit("--readme measures the site as it is: no --no-imports, --page")
        readme_blocks.check_block(README, BLOCK)
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        (folder / "manifests").mkdir()
        manifests = copies(folder / "manifests", arguments.models)
        empty = None
        if arguments.no_imports:
            empty = folder / "no-corpora"
            empty.mkdir()
        runs: dict[str, list[tuple[float, float]]] = {"full": [], "large": []}
        loads = []  # other processes share the machine: how busy it was
        for run in range(arguments.runs):  # alternate: a slow spell of the machine hits both
            order = ("full", "large") if run % 2 == 0 else ("large", "full")
            for name in order:
                gallery = manifests if name == "large" else None
                runs[name].append(build(folder / name, gallery, empty))
                loads.append(os.getloadavg()[0])
        full, large = (
            Build(
                tuple(wall for wall, _ in runs[name]),
                tuple(cpu for _, cpu in runs[name]),
                *model_pages(folder / name),
            )
            for name in ("full", "large")
        )
        if large.pages <= full.pages:
            raise SystemExit(f"--models {arguments.models}: no more model pages than the site has")
        per_page = (large.median - full.median) / (large.pages - full.pages)
        print(
            f"full site: {full.shown()}: {full.pages} model pages ({full.curated} curated, "
            f"{full.imported} imported; {os.cpu_count()} CPUs)"
        )
        print(f"with {large.curated} curated models: {large.shown()}: {large.pages} model pages")
        print(f"one more model page: {per_page * 1000:.1f} ms")
        print(f"load average after each build: {', '.join(f'{load:.1f}' for load in loads)}")
        if not arguments.no_imports:
            spent, records, entries = import_seconds()
            print(
                f"  importing {records} corpus records into {entries} models: {spent:.1f} s"
                " (in this process)"
            )
        raw, compressed, files = page_weight(folder / "full", arguments.page)
        print(f"/{arguments.page}/: {compressed / 1024:.1f} KiB gzip ({raw / 1024:.1f} KiB raw)")
        print("  " + ", ".join(files))
        search = search_weight(folder / "full")
        print(f"then the search worker and index, fetched after load: {search / 1024:.1f} KiB gzip")
        if arguments.readme:
            text = readme_text(full, large, per_page, (compressed, raw), search, tuple(loads))
            readme_blocks.replace_block(README, BLOCK, text)


if __name__ == "__main__":
    main()
