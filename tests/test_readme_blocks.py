"""The README's generated blocks: scripts/readme_blocks.py, and every script's --readme path.

Each script's --readme runs here on a copy of README.md: the cheap ones (measure_agreement,
measure_frameworks) measure for real, and regenerating their blocks must give back README.md
byte for byte; the slow ones run main() with their measurements replaced by fixed figures, so
what is checked is the writing: the block replaced, every byte outside it kept, a second run a
no-op, and broken markers refused before anything is measured.
"""

from __future__ import annotations

import importlib.util
import os
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import readme_blocks  # noqa: E402

DOCUMENT = "# Title\r\n\r\nbefore é\n<!-- x:start -->\nold\n<!-- x:end -->\nafter, no final newline"


def load(path: Path) -> ModuleType:
    """A fresh copy of the script at path, under a name of its own (the tests may patch it)."""
    name = f"readme_blocks_test_{path.parent.name}_{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def block_of(document: str, name: str) -> str:
    start, end = readme_blocks.markers(name)
    return start + document.split(start, 1)[1].split(end, 1)[0] + end


def outside(document: str, name: str) -> tuple[str, str]:
    start, end = readme_blocks.markers(name)
    return document.split(start, 1)[0], document.split(end, 1)[1]


# --- the helper ---------------------------------------------------------------------------------


def test_render_puts_each_marker_on_a_line_of_its_own() -> None:
    assert readme_blocks.render("x", "a\nb") == "<!-- x:start -->\na\nb\n<!-- x:end -->"
    assert readme_blocks.render("x", "a\nb\n") == "<!-- x:start -->\na\nb\n<!-- x:end -->"
    assert readme_blocks.render("x", "") == "<!-- x:start -->\n<!-- x:end -->"


def test_a_name_that_is_not_kebab_case_is_refused() -> None:
    for name in ("", "X", "a b", "a.*", "a:start"):
        with pytest.raises(ValueError, match="not a block name"):
            readme_blocks.markers(name)


def test_replace_keeps_every_byte_outside_the_block_and_is_idempotent(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_bytes(DOCUMENT.encode("utf-8"))
    readme_blocks.replace_block(readme, "x", "new \\1 figures")  # a backslash is no escape
    once = readme.read_bytes()
    assert once == DOCUMENT.replace("old\n", "new \\1 figures\n").encode("utf-8")
    readme_blocks.replace_block(readme, "x", "new \\1 figures")
    assert readme.read_bytes() == once


def test_an_unchanged_block_is_not_rewritten(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_bytes(DOCUMENT.encode("utf-8"))
    os.utime(readme, (1_000_000, 1_000_000))
    readme_blocks.replace_block(readme, "x", "old")
    assert readme.stat().st_mtime == 1_000_000


def test_the_file_keeps_its_mode_and_a_symlink_stays_one(tmp_path: Path) -> None:
    target = tmp_path / "real.md"
    target.write_bytes(DOCUMENT.encode("utf-8"))
    target.chmod(0o640)
    link = tmp_path / "README.md"
    link.symlink_to(target)
    readme_blocks.replace_block(link, "x", "new")
    assert link.is_symlink() and "new" in target.read_text(encoding="utf-8")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(path.name for path in tmp_path.iterdir()) == ["README.md", "real.md"]


BROKEN = {
    "no start marker": "a\n<!-- x:end -->\n",
    "no end marker": "a\n<!-- x:start -->\nold\nthe rest of the README\n",
    "no markers": "a\nb\n",
    "two start markers": "<!-- x:start -->\n<!-- x:start -->\nold\n<!-- x:end -->\n",
    "two blocks": "<!-- x:start -->\n<!-- x:end -->\n<!-- x:start -->\n<!-- x:end -->\n",
    "out of order": "a\n<!-- x:end -->\nold\n<!-- x:start -->\nb\n",
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_markers_exit_with_one_line_and_write_nothing(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = tmp_path / "README.md"
    readme.write_bytes(BROKEN[case].encode("utf-8"))
    for call in (readme_blocks.check_block, lambda p, n: readme_blocks.replace_block(p, n, "new")):
        with pytest.raises(SystemExit) as raised:
            call(readme, "x")
        assert raised.value.code == readme_blocks.EXIT_CODE
        error = capsys.readouterr().err
        assert error.count("\n") == 1 and error.startswith(f"{readme}: cannot write the x block: ")
        assert readme.read_bytes() == BROKEN[case].encode("utf-8")
    assert [path.name for path in tmp_path.iterdir()] == ["README.md"]


def test_a_missing_or_undecodable_readme_is_one_line_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "latin1.md").write_bytes(b"<!-- x:start -->\n\xe9\n<!-- x:end -->\n")
    for name in ("absent.md", "latin1.md"):
        with pytest.raises(SystemExit) as raised:
            readme_blocks.replace_block(tmp_path / name, "x", "new")
        assert raised.value.code == readme_blocks.EXIT_CODE
        assert capsys.readouterr().err.count("\n") == 1


def test_a_failed_write_leaves_the_readme_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = tmp_path / "README.md"
    readme.write_bytes(DOCUMENT.encode("utf-8"))

    def full_disk(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(readme_blocks.os, "replace", full_disk)
    with pytest.raises(SystemExit):
        readme_blocks.replace_block(readme, "x", "new")
    assert "No space left on device" in capsys.readouterr().err
    assert readme.read_bytes() == DOCUMENT.encode("utf-8")
    assert [path.name for path in tmp_path.iterdir()] == ["README.md"]


def test_no_traceback_from_a_script_run(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("no markers\n", encoding="utf-8")
    completed = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; sys.path.insert(0, sys.argv[1]); import readme_blocks, pathlib; "
            "readme_blocks.replace_block(pathlib.Path(sys.argv[2]), 'bench', 'x')",
            str(ROOT / "scripts"),
            str(readme),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert completed.returncode == readme_blocks.EXIT_CODE
    assert (
        completed.stderr
        == f"{readme}: cannot write the bench block: no <!-- bench:start --> marker\n"
    )


# --- every script's --readme path ----------------------------------------------------------------


def copy_of_readme(tmp_path: Path) -> Path:
    copy = tmp_path / "README.md"
    copy.write_bytes((ROOT / "README.md").read_bytes())
    return copy


def run_main(module: ModuleType, argv: list[str], mp: pytest.MonkeyPatch) -> object:
    mp.setattr(sys, "argv", [f"{module.__name__}.py", *argv])
    return module.main()


def fixed_machine(mp: pytest.MonkeyPatch) -> None:
    mp.setattr(os, "getloadavg", lambda: (0.5, 0.25, 0.125))
    mp.setattr(os, "cpu_count", lambda: 2)


def prepare_site(module: ModuleType, readme: Path, mp: pytest.MonkeyPatch) -> list[str]:
    """measure_site.main() --readme, each build taking a fixed time."""
    fixed_machine(mp)
    mp.setattr(module, "README", readme)
    mp.setattr(module, "copies", lambda folder, count: folder)
    builds = iter([(5.0, 4.0), (12.0, 10.0), (13.0, 11.0), (5.5, 4.5)])
    mp.setattr(module, "build", lambda site, manifests, corpora=None: next(builds))
    pages = {"full": (40, 160), "large": (1000, 160)}
    mp.setattr(module, "model_pages", lambda site: pages[site.name])
    mp.setattr(module, "import_seconds", lambda: (1.5, 300, 160))
    mp.setattr(module, "page_weight", lambda site, page: (204_800, 40_960, ["a.css", "b.js"]))
    mp.setattr(module, "search_weight", lambda site: 102_400)
    return ["--readme", "--runs", "2"]


def prepare_gallery(module: ModuleType, readme: Path, mp: pytest.MonkeyPatch) -> list[str]:
    """measure_gallery.main() --readme, with a browser that answers fixed timings."""
    fixed_machine(mp)
    mp.setattr(module, "README", readme)
    mp.setattr(module, "copies", lambda folder, count: folder)
    mp.setattr(module, "build", lambda site, manifests: (1.0, 1.0))
    mp.setattr(module, "page_weight", lambda site, page: (307_200, 51_200, []))

    @contextmanager
    def serve(site: Path) -> Iterator[str]:
        yield "http://127.0.0.1:1"

    visits = iter([(300.0, 450.0), (250.0, 400.0), (350.0, 500.0)])
    mp.setattr(module, "serve", serve)
    mp.setattr(module, "visit", lambda page, url: module.Visit(*next(visits), 1160))
    page = SimpleNamespace(close=lambda: None)
    browser = SimpleNamespace(new_page=lambda **options: page, close=lambda: None)
    playwright = SimpleNamespace(chromium=SimpleNamespace(launch=lambda **options: browser))

    @contextmanager
    def sync_playwright() -> Iterator[SimpleNamespace]:
        yield playwright

    mp.setitem(sys.modules, "playwright.sync_api", SimpleNamespace(sync_playwright=sync_playwright))
    return ["--readme", "--models", "1000", "--runs", "3"]


def prepare_bench(module: ModuleType, readme: Path, mp: pytest.MonkeyPatch) -> list[str]:
    """benchmarks/run.py main() --readme, every tool's runs fixed."""
    mp.setattr(module, "README", readme)
    mp.setattr(module, "WORK", readme.parent / "work")
    mp.setattr(module, "NODE", readme.parent / "work" / "node")
    samples = [Path("gallery-model.yaml"), Path("other.yaml")]
    mp.setattr(module, "sample_manifests", lambda: samples)
    mp.setattr(module, "json_copy", lambda path: path)
    mp.setattr(module, "install_ajv", lambda: Path("/nonexistent/ajv"))
    mp.setattr(module, "install_peers", lambda: Path("/nonexistent/peers"))
    mp.setattr(module, "make_batch", lambda count: Path(f"/nonexistent/batch-{count}"))
    mp.setattr(module, "hyperfine_cold", lambda commands, repeat: "hyperfine: fixed.")
    mp.setattr(module, "own_peak_mib", lambda: 30.0)
    mp.setattr(module.os, "cpu_count", lambda: 2)

    def alternate(tools: Any, case: str, target: Path, size: int, repeat: int) -> None:
        for number, tool in enumerate(tools, start=1):
            if tool.command(target, size) is not None:
                tool.runs[case] = [
                    (number * size * 0.001 * (1 + 0.1 * run), 30_000 + number * 1_000 + size)
                    for run in range(repeat)
                ]

    mp.setattr(module, "alternate", alternate)
    return ["--readme", "--sizes", "1000,10000", "--repeat", "3", "--batch-repeat", "2"]


def prepare_hub(module: ModuleType, readme: Path, mp: pytest.MonkeyPatch) -> list[str]:
    """benchmarks/hub_run.py main() --readme, every round's time fixed."""
    fixed_machine(mp)
    mp.setattr(module, "README", readme)
    mp.setattr(module, "sample_cards", lambda folder: [])
    rounds = iter(
        [
            [0.001, 0.002, 0.003],  # converting
            [0.002, 0.002, 0.004],  # assessing
            [0.3, 0.4],  # init, cold
            [0.3, 0.2],  # assess, cold
        ]
    )
    mp.setattr(module, "per_file", lambda step, files, count: next(rounds))
    return ["--readme", "--cards", "3600000"]


Prepare = Callable[[ModuleType, Path, pytest.MonkeyPatch], list[str]]
SLOW: dict[str, tuple[str, str, Prepare, str]] = {
    # script: (path, block, its stubs and arguments, a figure the fixed runs put in the block)
    "measure_site": (
        "scripts/measure_site.py",
        "site-figures",
        prepare_site,
        "| 12.5 s (12.0-13.0 s",
    ),
    "measure_gallery": (
        "scripts/measure_gallery.py",
        "gallery-figures",
        prepare_gallery,
        "| parsed (DOMContentLoaded), median of 3 | 300 ms |",
    ),
    "run": ("benchmarks/run.py", "bench", prepare_bench, "hyperfine: fixed."),
    "hub_run": ("benchmarks/hub_run.py", "hub", prepare_hub, "| 2.00 ms (1.00-3.00) |"),
}


@pytest.mark.parametrize("script", sorted(SLOW))
def test_a_slow_scripts_readme_path_writes_its_block_and_nothing_else(
    script: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, name, prepare, figure = SLOW[script]
    readme = copy_of_readme(tmp_path)
    original = readme.read_text(encoding="utf-8")
    module = load(ROOT / path)
    run_main(module, prepare(module, readme, monkeypatch), monkeypatch)
    written = readme.read_text(encoding="utf-8")
    assert figure in block_of(written, name), block_of(written, name)
    assert outside(written, name) == outside(original, name)
    assert block_of(written, name).startswith(readme_blocks.markers(name)[0] + "\n")
    assert block_of(written, name).endswith("\n" + readme_blocks.markers(name)[1])
    with monkeypatch.context() as again:  # the same figures once more: the same bytes
        module = load(ROOT / path)
        run_main(module, prepare(module, readme, again), again)
    assert readme.read_text(encoding="utf-8") == written


@pytest.mark.parametrize("script", sorted(SLOW))
def test_a_slow_script_refuses_broken_markers_before_it_measures(
    script: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, name, prepare, _ = SLOW[script]
    readme = copy_of_readme(tmp_path)
    start, _ = readme_blocks.markers(name)
    broken = readme.read_text(encoding="utf-8").replace(start, "")
    readme.write_text(broken, encoding="utf-8")
    module = load(ROOT / path)

    def measured(*args: object, **options: object) -> None:
        raise AssertionError("measured, though the README cannot take the figures")

    measuring = {
        "measure_site": "build",
        "measure_gallery": "build",
        "run": "install_ajv",
        "hub_run": "sample_cards",
    }[script]
    arguments = prepare(module, readme, monkeypatch)
    monkeypatch.setattr(module, measuring, measured)
    with pytest.raises(SystemExit) as raised:
        run_main(module, arguments, monkeypatch)
    assert raised.value.code == readme_blocks.EXIT_CODE
    assert readme.read_text(encoding="utf-8") == broken


CHEAP = {
    "measure_agreement": ("scripts/measure_agreement.py", "agreement"),
    "measure_frameworks": ("scripts/measure_frameworks.py", "frameworks"),
}


@pytest.mark.parametrize("script", sorted(CHEAP))
def test_a_cheap_scripts_readme_path_gives_back_the_readme(
    script: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README is up to date (test_agreement.py, test_g7_and_eu.py): a stale block regenerated
    on a copy gives README.md back, byte for byte."""
    path, name = CHEAP[script]
    readme = copy_of_readme(tmp_path)
    readme.write_bytes(
        readme_blocks.replace_text(readme.read_text(encoding="utf-8"), name, "stale").encode()
    )
    module = load(ROOT / path)
    monkeypatch.setattr(module, "README", readme)
    run_main(module, ["--readme"], monkeypatch)
    assert readme.read_bytes() == (ROOT / "README.md").read_bytes()


@pytest.mark.parametrize("script", sorted(CHEAP))
def test_a_cheap_script_refuses_broken_markers(
    script: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, name = CHEAP[script]
    readme = copy_of_readme(tmp_path)
    _, end = readme_blocks.markers(name)
    broken = readme.read_text(encoding="utf-8").replace(end, "")  # once, the tail was lost
    readme.write_text(broken, encoding="utf-8")
    module = load(ROOT / path)
    monkeypatch.setattr(module, "README", readme)
    with pytest.raises(SystemExit) as raised:
        run_main(module, ["--readme"], monkeypatch)
    assert raised.value.code == readme_blocks.EXIT_CODE
    assert readme.read_text(encoding="utf-8") == broken
