"""The README's Dask example, run on a local cluster of two worker processes: its records are the
CLI's, file for file and in order, for validate and for assess, valid and invalid manifests alike."""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from cli_helpers import run_openness

import openness

distributed = pytest.importorskip("distributed")

ROOT = Path(__file__).resolve().parents[1]
FILES = [
    str(path)
    for path in (
        *sorted((ROOT / "manifests").glob("*.yaml")),
        *sorted((ROOT / "tests" / "fixtures" / "manifest").glob("*/*/*.yaml")),
    )
]


def _example() -> ModuleType:
    path = ROOT / "examples" / "dask_cluster.py"
    spec = importlib.util.spec_from_file_location("dask_cluster", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    with distributed.Client(cluster) as connected:
        yield connected
    cluster.close()


def _cli_records(command: str) -> list[Any]:
    completed = run_openness(command, "--format", "jsonl", "-j", "1", *FILES, timeout=120)
    # The fixtures include invalid files (1) and files that cannot be read as YAML at all (2).
    assert completed.returncode == 2, completed.stderr
    return [json.loads(line) for line in completed.stdout.splitlines()]


@pytest.mark.parametrize("command", ["validate", "assess"])
def test_the_cluster_gets_the_records_of_the_cli(client: Any, command: str) -> None:
    example = _example()
    job = openness.Job(command, "jsonl")
    lines = example.records(job, FILES, shard_size=16).compute()
    records = [json.loads(line) for line in lines]
    expected = _cli_records(command)
    assert len(records) == len(FILES) > 80
    assert any(not record["valid"] for record in records)
    assert any(record["valid"] for record in records)
    assert any(record["findings"] and record["valid"] for record in records)  # warnings too
    assert records == expected


def test_each_shard_is_written_by_its_worker_in_order(client: Any, tmp_path: Path) -> None:
    example = _example()
    example.write(openness.Job("assess", "jsonl"), FILES, str(tmp_path), shard_size=16)
    shards = sorted(tmp_path.glob("*.jsonl"))
    assert len(shards) == -(-len(FILES) // 16)
    lines = [line for shard in shards for line in shard.read_text("utf-8").splitlines()]
    assert [json.loads(line) for line in lines] == _cli_records("assess")


def test_a_shard_of_texts_is_checked_like_files() -> None:
    job = openness.Job("validate", "jsonl")
    texts = [(path, Path(path).read_bytes()) for path in FILES[:5]]
    broken = [("broken.yaml", b"\xff"), ("empty.yaml", "")]
    by_path = [outcome.record for outcome in openness.check_shard(job, FILES[:5])]
    by_text = openness.check_shard(job, [*texts, *broken])
    assert [outcome.record for outcome in by_text[:5]] == by_path
    assert [outcome.readable for outcome in by_text[5:]] == [False, False]
    assert by_text[5].record["findings"][0]["rule"] == "input-encoding"


def test_the_readme_shows_the_example_as_it_is() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Beyond one machine") :]
    shown = section[section.index("```python\n") + len("```python\n") :]
    shown = shown[: shown.index("```")]
    assert "check_shard" in shown
    assert shown in (ROOT / "examples" / "dask_cluster.py").read_text(encoding="utf-8")
