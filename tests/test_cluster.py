"""Beyond one machine: the batch function runs unchanged on a Dask cluster (here a local one, of
worker processes) and gives the records the command line gives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import run_openness

ROOT = Path(__file__).resolve().parents[1]


def test_a_dask_cluster_gives_what_the_command_gives(tmp_path: Path) -> None:
    bag = pytest.importorskip("dask.bag")
    distributed = pytest.importorskip("distributed")
    from openness.batch import Job, check_files

    files = sorted(str(path) for path in (ROOT / "manifests").glob("*.yaml"))
    files += sorted(str(p) for p in (ROOT / "tests" / "fixtures" / "manifest").rglob("*.yaml"))
    job = Job("assess", "jsonl")

    def shard(paths: list[str]) -> list[dict[str, object]]:
        return [outcome.record for outcome in check_files(job, paths)]

    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster),
    ):
        records = bag.from_sequence(files, npartitions=4).map_partitions(shard).compute()
    done = run_openness("assess", "--format", "jsonl", *files, timeout=300)
    assert records == [json.loads(line) for line in done.stdout.splitlines()]
