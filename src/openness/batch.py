"""Many manifests at once: the one function that a CLI run, a process pool and a cluster all call.

`check_one(job, source)` is pure and picklable: it reads one file and returns its `Outcome`, the
JSON record and the rendered text, so results can be computed in any process and written in input
order. `check_files` is the same over a list (one shard, for a Dask bag); `run` spreads a stream of
files over local processes with a bounded window, so memory stays flat whatever the batch size, and
`Output` writes the outcomes as a command shows them. When `run` is given the Output, each worker
process writes its own chunk's text when its turn comes (`_Turns`), so that an assessment's tens of
kilobytes of JSON go once to standard output, not through a pipe to this process first.
"""

from __future__ import annotations

import contextlib
import gc
import io
import json
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import islice
from typing import TYPE_CHECKING, Any, Literal

from .api import check
from .escaping import escape_what_the_output_cannot_encode, one_line
from .findings import Severity, unreadable_finding
from .reader import DEFAULT_MAX_BYTES, Document, ReadError
from .render import assessment_line, assessment_markdown, assessment_text, findings_text

if TYPE_CHECKING:
    from concurrent.futures import Future

# What a folder given as input contributes: its manifests, in every subfolder but hidden ones.
MANIFEST_SUFFIXES = (".yaml", ".yml", ".json")
CHUNK = 32  # files a worker takes at once: few enough to keep order cheap, many to amortise
# A run in one process settles (_settle) once this many files are read: by then what any file
# loads (definitions, schemas, license lists) is loaded.
SETTLE_AFTER = 16


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
    ascii: bool = False  # JSON records with every character outside ASCII escaped


@dataclass(frozen=True)
class Outcome:
    """One file's result: what the exit code needs, and the text to show, already rendered, so
    that little travels back from a worker process."""

    file: str
    readable: bool
    valid: bool
    below_min_level: bool
    line: str = ""  # the JSON record on one line, for json and jsonl jobs ("" for the others)
    out: str = ""  # for standard output ("" when there is nothing to show)
    err: str = ""  # for standard error
    warned: bool = False  # valid, with warnings: it fails under --strict

    @property
    def record(self) -> dict[str, Any]:
        """The JSON form (a validation, or an assessment of a valid manifest); {} for text jobs."""
        return json.loads(self.line) if self.line else {}

    def written(self) -> Outcome:
        """The outcome once its texts are written: what the exit code needs, without them."""
        return replace(self, line="", out="", err="")


def check_one(job: Job, source: str | Document) -> Outcome:
    """Validate (and, for assess, assess) one manifest and render it as the job says."""
    validation, assessment = check(
        source,
        definition_version=job.definition,
        max_bytes=job.max_bytes,
        root=job.root,
        crosswalks=job.command == "assess",
        levels=job.command == "assess",
    )
    as_json = job.format in ("json", "jsonl")
    warned = validation.ok and any(f.severity is Severity.WARNING for f in validation.findings)
    if job.command == "validate":
        shown = [
            f
            for f in validation.findings
            if not job.quiet or job.strict or f.severity is Severity.ERROR
        ]
        out = findings_text(shown) if shown and job.format == "text" else ""
        line = _line(job, validation_record(validation)) if as_json else ""
        return Outcome(
            validation.file, validation.readable, validation.ok, False, line, out, warned=warned
        )
    if assessment is None:
        return Outcome(
            validation.file,
            validation.readable,
            False,
            False,
            _line(job, validation_record(validation)) if as_json else "",
            err=findings_text(validation.findings),
        )
    line = assessment_line(assessment, ensure_ascii=job.ascii) if as_json else ""
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
            below_line = one_line(f"{assessment.file}: below --min-level {job.min_level}: {reason}")
            err = f"{err}\n{below_line}" if err else below_line
    return Outcome(validation.file, True, True, below, line, out, err, warned)


def validation_record(validation: Any) -> dict[str, Any]:
    """The JSON form of a validation: the file, whether it is valid, and every finding."""
    findings = [finding.as_dict() for finding in validation.findings]
    return {"file": validation.file, "valid": validation.ok, "findings": findings}


def _line(job: Job, record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=job.ascii)  # no indent: the C encoder


def unreadable(job: Job, error: ReadError) -> Outcome:
    """The outcome of an input that could not be read at all (standard input closed, say)."""
    finding = unreadable_finding(error)
    record = {"file": error.file, "valid": False, "findings": [finding.as_dict()]}
    line = _line(job, record) if job.format in ("json", "jsonl") else ""
    text = findings_text([finding])
    if job.command == "validate":
        return Outcome(
            error.file, False, False, False, line, out=text if job.format == "text" else ""
        )
    return Outcome(error.file, False, False, False, line, err=text)


Source = str | Document | Outcome  # a path, a text already read, or an outcome already known


class Output:
    """A batch's standard output and standard error, as the command shows them: each outcome's
    texts in input order, with what a format puts around and between them (a JSON array's
    brackets and commas, a blank line between two assessments). It writes to the process's own
    sys.stdout and sys.stderr, so a worker process writes to the streams it inherited."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.shown = 0  # items written to standard output (a separator goes between two)

    def write(self, outcome: Outcome) -> None:
        if outcome.err:
            print(outcome.err, file=sys.stderr)
        job = self.job
        if job.format == "jsonl":
            print(outcome.line)
        elif job.format == "json":
            if job.command == "assess" and not outcome.valid:
                return  # an array of assessments: the findings went to standard error
            opening = "[\n" if self.shown == 0 else ",\n"
            sys.stdout.write(opening + outcome.line)
            self.shown += 1
        elif outcome.out:
            separator = "\n" if job.command == "assess" and self.shown else ""
            print(separator + outcome.out)
            self.shown += 1

    def close(self) -> None:
        if self.job.format == "json":
            print("[]" if self.shown == 0 else "\n]")


def check_files(job: Job, sources: Iterable[Source]) -> list[Outcome]:
    """One shard of a batch, in order: what a worker process or a Dask task runs."""
    outcomes = [
        source if isinstance(source, Outcome) else check_one(job, source) for source in sources
    ]
    _settle()
    return outcomes


def _settle() -> None:
    """Once the definitions, schemas and license lists are loaded, the garbage collector stops
    walking them: they live as long as the process, and a full collection over them on every few
    files made the cost of a file grow with what the process had loaded."""
    global _settled
    if not _settled:
        gc.collect()
        gc.freeze()
        _settled = True


_settled = False  # per process: a worker forked after the parent settled starts settled


def run(
    job: Job, sources: Iterable[Source], jobs: int = 1, output: Output | None = None
) -> Iterator[Outcome]:
    """Every file's outcome, in input order, as soon as it and all before it are done; with an
    Output, written by then (its texts may be dropped once they are: Outcome.written).

    With jobs > 1 the files are checked in that many processes, CHUNK at a time, with at most
    two chunks per process in flight: the input is read lazily and memory does not grow with it.
    The workers write their chunks themselves, in turn, when standard output and standard error
    are the process's descriptors 1 and 2 (not, say, a test's buffer in memory): then only what
    the exit code needs comes back to this process."""
    files = iter(sources)
    if jobs <= 1:
        for index, source in enumerate(files):
            if index == SETTLE_AFTER:
                _settle()
            yield _checked_here(job, source, output)
        return
    # The first file is checked here, so that the definitions, schemas, license lists and the fast
    # reader are loaded once, before the workers are forked, and shared with them.
    for source in islice(files, 1):
        yield _checked_here(job, source, output)
    _settle()
    # Imported here: multiprocessing costs a one-file run more than the file itself.
    from concurrent.futures import ProcessPoolExecutor

    turns = _Turns(output.shown) if output is not None and _workers_can_write() else None
    if turns is not None:
        sys.stdout.flush()  # before the workers write after it (and before they are forked)
        sys.stderr.flush()
    with ProcessPoolExecutor(
        max_workers=jobs, initializer=_start_worker, initargs=(job, turns)
    ) as pool:
        window: deque[Future[list[Outcome]]] = deque()
        index = 0  # of the next chunk
        while True:
            while len(window) < 2 * jobs:
                chunk = list(islice(files, CHUNK))
                if not chunk:
                    break
                if turns is None:
                    window.append(pool.submit(check_files, job, chunk))
                else:
                    window.append(pool.submit(_check_and_write, job, chunk, index))
                index += 1
            if not window:
                break
            for outcome in window.popleft().result():
                if output is not None and turns is None:
                    output.write(outcome)
                yield outcome
    if output is not None and turns is not None:
        output.shown = turns.shown.value


def _checked_here(job: Job, source: Source, output: Output | None) -> Outcome:
    """One file checked in this process (or an outcome already known), written if there is an
    Output."""
    outcome = source if isinstance(source, Outcome) else check_one(job, source)
    if output is not None:
        output.write(outcome)
    return outcome


def _workers_can_write() -> bool:
    """Whether standard output and standard error are this process's descriptors 1 and 2, which
    a worker process has too, however it was started (forked, its copies of these streams; spawned,
    streams of its own on the same descriptors). Not for streams in memory (a test's), closed ones,
    or files opened in their place (a spawned worker would not write to them)."""
    try:
        return sys.stdout.fileno() == 1 and sys.stderr.fileno() == 2
    except (AttributeError, ValueError, io.UnsupportedOperation):  # None, closed, in memory
        return False


class _Turns:
    """Whose turn it is to write, shared by the worker processes of a run: the chunk numbered
    `next` writes next, and `shown` items were shown on standard output before it. A chunk's
    worker waits for its turn, writes, and passes the turn on, so the output is in input order.
    No turn can wait on a later one: the workers take the chunks in order, so the chunk whose
    turn it is has been taken, and is being checked or is written. A chunk that fails (its check
    or its writing) stops the turns in its own turn: the run ends with its error, as a run in one
    process ends at the file that failed, and no chunk after it writes or waits."""

    STOPPED = -1

    def __init__(self, shown: int) -> None:
        import multiprocessing  # here: a one-file run does not need it

        self.changed = multiprocessing.Condition()
        self.next = multiprocessing.RawValue("q", 0)
        self.shown = multiprocessing.RawValue("q", shown)

    def take(self, index: int) -> int | None:
        """Wait for chunk `index`'s turn; the items shown before it, or None once the turns are
        stopped. A worker whose run has ended (the process that started it is gone) stops
        waiting, and stops."""

        def ready() -> bool:
            return self.next.value in (index, self.STOPPED)

        with self.changed:
            while not self.changed.wait_for(ready, timeout=1.0):
                if os.getppid() != _parent:
                    os._exit(1)
            return None if self.next.value == self.STOPPED else int(self.shown.value)

    def give(self, index: int, shown: int) -> None:
        """The next chunk's turn, with the items shown so far."""
        with self.changed:
            self.shown.value = shown
            self.next.value = index + 1
            self.changed.notify_all()

    def stop(self) -> None:
        """No turn for any chunk after this one (called in this chunk's turn)."""
        with self.changed:
            self.next.value = self.STOPPED
            self.changed.notify_all()


_turns: _Turns | None = None  # in a worker process: the run's turns (None: the run writes)
_output: Output | None = None
_parent = 0  # in a worker process: the process that started it


def _start_worker(job: Job, turns: _Turns | None) -> None:
    """A worker process's own state: forked, it has the run's streams as the command set them;
    started afresh (the spawn and forkserver ways, Python 3.14's default), it sets them so too."""
    global _turns, _output, _parent
    _turns, _output, _parent = turns, Output(job), os.getppid()
    escape_what_the_output_cannot_encode()


def _check_and_write(job: Job, sources: list[Source], index: int) -> list[Outcome]:
    """check_files, then the chunk's texts written in its turn: outcomes without their texts."""
    assert _turns is not None and _output is not None
    try:
        outcomes = check_files(job, sources)
    except Exception:
        _turns.take(index)  # what comes before this chunk is written first
        _turns.stop()
        raise
    shown = _turns.take(index)
    if shown is None:
        return []  # an earlier chunk failed: the run ends there, and never reads this
    _output.shown = shown
    try:
        for outcome in outcomes:
            _output.write(outcome)
        sys.stdout.flush()
        sys.stderr.flush()
    except BaseException as error:
        if isinstance(error, OSError):  # the reader has gone, the disk is full
            silence_stdout()
        _turns.stop()
        raise
    _turns.give(index, _output.shown)
    return [outcome.written() for outcome in outcomes]


def silence_stdout() -> None:
    """Point standard output at /dev/null, so that Python's flush at exit does not fail again."""
    # Not a file descriptor (tests capture output in memory), or none at all: nothing to do.
    with contextlib.suppress(OSError, AttributeError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def default_jobs() -> int:
    """Every core this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def manifests_in(
    folder: str, *, unlistable: Callable[[str, OSError], object] | None = None
) -> Iterator[str]:
    """The manifest files under a folder, sorted, in every subfolder but hidden ones: a folder's
    files first, then its subfolders, each in the same way. Links to folders are not followed, so a
    link cannot lead the walk out of the folder or round in a loop. A folder that cannot be listed
    is passed to `unlistable` with the error, once, before the walk goes on (by default it is passed
    over, as os.walk does). However many files a folder holds, at most LISTING_WINDOW of its names
    are held at once (_in_order), so memory does not grow with the batch."""
    failed: list[OSError] = []
    for name in _in_order(folder, _is_manifest, failed):
        yield os.path.join(folder, name)
    if not failed:
        for name in _in_order(folder, _is_folder, failed):
            yield from manifests_in(os.path.join(folder, name), unlistable=unlistable)
    if failed and unlistable is not None:
        unlistable(folder, failed[0])


# Names of one folder held at once while it is listed in order (at most twice as many while a
# window fills): a folder of more entries is read again for each next window. Sorting all the names
# at once would hold about 65 bytes a name; a pass costs about 1.5 us an entry.
LISTING_WINDOW = 16384


def _is_manifest(entry: os.DirEntry[str]) -> bool:
    return (
        entry.name.endswith(MANIFEST_SUFFIXES)
        and not entry.name.startswith(".")
        and not entry.is_dir()  # a link to a folder is neither a file nor walked
    )


def _is_folder(entry: os.DirEntry[str]) -> bool:
    return not entry.name.startswith(".") and entry.is_dir(follow_symlinks=False)


def _in_order(
    folder: str, wanted: Callable[[os.DirEntry[str]], bool], failed: list[OSError]
) -> Iterator[str]:
    """The wanted entries' names in sorted order, a window at a time: each pass over the folder
    keeps the LISTING_WINDOW smallest names after the last one given. A pass that cannot list the
    folder ends the listing, its error appended to `failed`."""
    after: str | None = None
    while True:
        window: list[str] = []
        dropped = False  # names left for a later pass
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    if (after is None or entry.name > after) and wanted(entry):
                        window.append(entry.name)
                        if len(window) == 2 * LISTING_WINDOW:
                            window.sort()
                            del window[LISTING_WINDOW:]
                            dropped = True
        except OSError as error:
            failed.append(error)
            return
        window.sort()
        dropped = dropped or len(window) > LISTING_WINDOW
        del window[LISTING_WINDOW:]
        yield from window
        if not dropped:
            return
        after = window[LISTING_WINDOW - 1]
