"""Batches beyond one machine: one shard of paths or texts in, its outcomes out, in order.

`check_shard` is what a task of a distributed engine runs (a partition of a `dask.bag`, say): a
plain function of the module, so any worker that has `openness` installed can unpickle it, with no
state of its own, so a shard checked twice (a retried task) gives the same outcomes. A path is read
by the worker; a text is a `(name, text)` pair, for workers that share no file system with the
driver. Whatever a text holds, its outcome is a finding, never an exception.
"""

from __future__ import annotations

from collections.abc import Iterable

from .batch import Job, Outcome, Source, check_files, unreadable
from .reader import ReadError, read_bytes, read_text

Text = tuple[str, str | bytes]  # (the name findings give it, its text or its bytes)


def check_shard(job: Job, shard: Iterable[str | Text]) -> list[Outcome]:
    """Each item's outcome, in order: exactly what `openness validate` or `assess` computes for it."""
    return check_files(job, [_source(job, item) for item in shard])


def _source(job: Job, item: str | Text) -> Source:
    if isinstance(item, str):
        return item
    name, text = item
    try:
        if isinstance(text, bytes):
            return read_bytes(text, name, max_bytes=job.max_bytes)
        return read_text(text, name)
    except ReadError as error:
        return unreadable(job, error)
