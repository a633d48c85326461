"""benchmarks/: the README's figures are derived from the runs (run.py's targets, hub_run.py's
projection), and describe what was run."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_the_projection_follows_from_the_per_card_medians() -> None:
    text = _script("hub_run").report(
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
    assert "about 5.0 core-hours" in text and "some 9.4 minutes on 32 cores" in text
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


def test_the_targets_are_ratios_of_the_same_run() -> None:
    run = _script("run")
    tools = [
        run.Tool(name, lambda target, size: None)
        for name in ("openness validate", "openness assess", "ajv-cli 5", "check-jsonschema")
    ]
    validate, assess, ajv, check_jsonschema = tools
    validate.runs = {"cold": [(0.10, 0), (0.12, 0), (0.5, 0)], "batch-10000": [(2.0, 0)] * 3}
    assess.runs = {"cold": [(0.2, 0)], "batch-10000": [(2.4, 0), (2.5, 0), (9.0, 0)]}
    ajv.runs = {"cold": [(0.3, 0)], "batch-10000": [(3.2, 0), (3.0, 0), (2.9, 0)]}
    check_jsonschema.runs = {"cold": [(0.40, 0), (0.30, 0), (0.35, 0)]}
    said = run.targets(tools, [1000, 10000])
    # medians: validate 2.0 s, ajv 3.0 s -> 1.5x (met); assess 2.5 s -> 0.8x (met);
    # cold 0.12 s against 0.35 s -> 0.34x (not met)
    assert "ajv-cli's at 10,000 files: 1.50x (target >= 1.5x, met)" in said
    assert "validate's at 10,000 files: 0.80x (target >= 0.8x, met)" in said
    assert "check-jsonschema's: 0.34x (target <= 0.3x, not met)" in said
