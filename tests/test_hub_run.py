"""benchmarks/hub_run.py: the README's hub-wide figures are derived from the run, and describe it."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def _hub_run() -> ModuleType:
    spec = importlib.util.spec_from_file_location("hub_run", ROOT / "benchmarks" / "hub_run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_projection_follows_from_the_per_card_medians() -> None:
    text = _hub_run().report(
        cards=3,
        projected=3_600_000,
        load=0.4,
        valid=2,
        converting=[0.001, 0.003, 0.002],  # median 2 ms
        assessing=[0.002, 0.002, 0.004],  # median 2 ms (rounds pair up: 3, 5, 6 ms in all)
        cold=[0.500, 0.500, 0.500],
    )
    # both steps: median of the round sums (3, 5, 6 ms) = 5 ms; 3.6 million cards = 5 core-hours
    assert "| **both, in one process (a cluster worker)** | 5.00 ms (3.00-6.00) | 5.0 h |" in text
    assert "about 5.0 core-hours" in text and "some 9 minutes on 32 cores" in text
    assert "costs 100 times more" in text and "a quiet machine" in text
    assert "2 of 3 starter manifests are valid" in text


def test_the_readme_hub_figures_are_the_scripts_output_for_this_gallery() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- hub:start -->", 1)[1].split("<!-- hub:end -->")[0]
    curated = len(list((ROOT / "manifests").glob("*.yaml")))
    assert f"per card ({curated} sample cards)" in block, (
        "README hub figures are stale: run .venv/bin/python benchmarks/hub_run.py --readme"
    )
    assert "core-hours" in block and "`python benchmarks/hub_run.py` on" in block
