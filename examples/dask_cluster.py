"""Validate or assess a hub's manifests on a Dask cluster: one JSON Lines file per shard.

    python examples/dask_cluster.py assess manifests/ --output results/
    python examples/dask_cluster.py validate /shared/cards --scheduler tcp://10.0.0.1:8786 --output results/

Without --scheduler it starts a local cluster (one worker process per core). The records are those
of `openness validate|assess --format jsonl`, in input order: shard 000000.jsonl holds the first
--shard-size files, and `cat results/*.jsonl` is what the command would print. Every worker needs
`openness` installed and the files on a file system it shares with this driver (or give
`openness.check_shard` `(name, text)` pairs instead of paths).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from functools import partial
from operator import attrgetter

import dask.bag
from distributed import Client, LocalCluster

import openness


def records(job: openness.Job, sources: Sequence[str], shard_size: int = 256) -> dask.bag.Bag:
    """One JSON line per file, in input order; each shard of paths is one task on one worker."""
    shards = dask.bag.from_sequence(sources, partition_size=shard_size)
    outcomes = shards.map_partitions(partial(openness.check_shard, job))
    return outcomes.map(attrgetter("record")).map(partial(json.dumps, ensure_ascii=False))


def write(job: openness.Job, sources: Sequence[str], output: str, shard_size: int = 256) -> None:
    """Each shard's records written by the worker that checked it: nothing gathers them all."""
    records(job, sources, shard_size).to_textfiles(
        f"{output}/*.jsonl", name_function="{:06d}".format, encoding="utf-8", last_endline=True
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("validate", "assess"))
    parser.add_argument("folders", nargs="+", help="folders of manifests, walked as the CLI does")
    parser.add_argument("--output", required=True, help="the folder for the shards' .jsonl files")
    parser.add_argument("--scheduler", help="the address of a running scheduler")
    parser.add_argument("--shard-size", type=int, default=256)
    args = parser.parse_args(argv)
    sources = [path for folder in args.folders for path in openness.manifests_in(folder)]
    job = openness.Job(args.command, "jsonl")
    cluster = None if args.scheduler else LocalCluster(processes=True, dashboard_address=None)
    with Client(args.scheduler or cluster):
        write(job, sources, args.output, args.shard_size)
    if cluster is not None:
        cluster.close()
    print(f"{len(sources)} manifest(s) checked; records in {args.output}/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
