"""Many manifests at once: the one function that a CLI run, a process pool and a cluster all call.

`check_one(job, source)` is pure and picklable: it reads one file and returns its `Outcome`, the
JSON record and the rendered text, so results can be computed in any process and written in input
order. `check_files` is the same over a list (one shard, for a Dask bag); `run` spreads a stream of
files over local processes with a bounded window, so memory stays flat whatever the batch size.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING, Any, Literal

from .api import check
from .escaping import one_line
from .findings import Severity, unreadable_finding
from .reader import DEFAULT_MAX_BYTES, Document, ReadError
from .render import assessment_dict, assessment_markdown, assessment_text, findings_text

if TYPE_CHECKING:
    from concurrent.futures import Future

# What a folder given as input contributes: its manifests, in every subfolder but hidden ones.
MANIFEST_SUFFIXES = (".yaml", ".yml", ".json")
CHUNK = 32  # files a worker takes at once: few enough to keep order cheap, many to amortise


@dataclass(frozen=True)
class Job:
    """What to do with each file: the command's options, nothing that depends on the file."""

    command: Literal["validate", "assess"] = "validate"
    format: str = "text"  # text, json, jsonl (both commands); markdown (assess)
    definition: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    root: str | None = None
    quiet: bool = False  # validate: errors only
    min_level: str | None = None  # assess: the level below which a manifest fails
    strict: bool = False  # a warning fails the manifest too (exit code 1)
    language: str | None = None  # assess, text: the verdict in a translation (zh-Hans, zh-Hant)


@dataclass(frozen=True)
class Outcome:
    """One file's result: what the exit code needs, the JSON record, and the text to show."""

    file: str
    readable: bool
    valid: bool
    below_min_level: bool
    record: dict[str, Any]  # the JSON form (a validation, or an assessment of a valid manifest)
    out: str = ""  # for standard output ("" when there is nothing to show)
    err: str = ""  # for standard error
    warned: bool = False  # valid, with warnings: it fails under --strict


def check_one(job: Job, source: str | Document) -> Outcome:
    """Validate (and, for assess, assess) one manifest and render it as the job says."""
    validation, assessment = check(
        source,
        definition_version=job.definition,
        max_bytes=job.max_bytes,
        root=job.root,
        crosswalks=job.command == "assess",
    )
    findings = [finding.as_dict() for finding in validation.findings]
    record: dict[str, Any] = {"file": validation.file, "valid": validation.ok, "findings": findings}
    warned = validation.ok and any(f.severity is Severity.WARNING for f in validation.findings)
    if job.command == "validate":
        # --strict --quiet still shows the warnings that fail the run
        shown = [
            f
            for f in validation.findings
            if not job.quiet or job.strict or f.severity is Severity.ERROR
        ]
        out = findings_text(shown) if shown and job.format == "text" else ""
        return Outcome(
            validation.file, validation.readable, validation.ok, False, record, out, warned=warned
        )
    if assessment is None:
        return Outcome(
            validation.file,
            validation.readable,
            False,
            False,
            record,
            err=findings_text(validation.findings),
        )
    record = {"valid": True, **assessment_dict(assessment)}
    warnings = [f for f in validation.findings if f.severity is Severity.WARNING]
    err = findings_text(warnings) if warnings and job.format == "text" else ""
    out = ""
    if job.format == "text" and job.language is not None:
        from .render_translated import assessment_text as translated_text

        out = translated_text(assessment, job.language)
    elif job.format in ("text", "markdown"):
        render = assessment_markdown if job.format == "markdown" else assessment_text
        out = render(assessment)
    below = False
    if job.min_level is not None:
        try:
            wanted = assessment.definition.level(job.min_level)
        except KeyError:
            wanted = None
        if wanted is None or assessment.level.rank < wanted.rank:
            below = True
            reason = (
                f"reaches {assessment.level.id}"
                if wanted is not None
                else f"definition {assessment.definition.label} has no such level"
            )
            line = one_line(f"{assessment.file}: below --min-level {job.min_level}: {reason}")
            err = f"{err}\n{line}" if err else line
    return Outcome(validation.file, True, True, below, record, out, err, warned)


def unreadable(job: Job, error: ReadError) -> Outcome:
    """The outcome of an input that could not be read at all (standard input closed, say)."""
    finding = unreadable_finding(error)
    record = {"file": error.file, "valid": False, "findings": [finding.as_dict()]}
    text = findings_text([finding])
    if job.command == "validate":
        return Outcome(
            error.file, False, False, False, record, out=text if job.format == "text" else ""
        )
    return Outcome(error.file, False, False, False, record, err=text)


Source = str | Document | Outcome  # a path, a text already read, or an outcome already known


def check_files(job: Job, sources: Iterable[Source]) -> list[Outcome]:
    """One shard of a batch, in order: what a worker process or a Dask task runs."""
    return [source if isinstance(source, Outcome) else check_one(job, source) for source in sources]


def run(job: Job, sources: Iterable[Source], jobs: int = 1) -> Iterator[Outcome]:
    """Every file's outcome, in input order, as soon as it and all before it are done.

    With jobs > 1 the files are checked in that many processes, CHUNK at a time, with at most
    two chunks per process in flight: the input is read lazily and memory does not grow with it."""
    files = iter(sources)
    if jobs <= 1:
        for source in files:
            yield source if isinstance(source, Outcome) else check_one(job, source)
        return
    # Imported here: multiprocessing costs a one-file run more than the file itself.
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        window: deque[Future[list[Outcome]]] = deque()
        while True:
            while len(window) < 2 * jobs:
                chunk = list(islice(files, CHUNK))
                if not chunk:
                    break
                window.append(pool.submit(check_files, job, chunk))
            if not window:
                return
            yield from window.popleft().result()


def default_jobs() -> int:
    """Every core this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def manifests_in(folder: str) -> Iterator[str]:
    """The manifest files under a folder, sorted, in every subfolder but hidden ones; links to
    folders are not followed, so a link cannot lead the walk out of the folder or round in a loop."""
    for parent, folders, files in os.walk(folder, followlinks=False):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in sorted(files):
            if name.endswith(MANIFEST_SUFFIXES) and not name.startswith("."):
                yield os.path.join(parent, name)
