"""The README's generated blocks: what lies between `<!-- NAME:start -->` and `<!-- NAME:end -->`.

Six scripts (scripts/measure_*.py, benchmarks/run.py, benchmarks/hub_run.py) write their figures
into README.md between such markers; they all go through replace_block, so every one of them
refuses a README whose markers are missing, repeated or out of order (instead of appending the
block or dropping the README's tail), keeps every byte outside the block (line endings included),
and never leaves a half-written README behind (the new text goes to a temporary file that
replaces the old one). benchmarks/ reaches this module by putting scripts/ on sys.path.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from pathlib import Path
from typing import NoReturn

NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
EXIT_CODE = 2  # not 1: measure_agreement.py exits 1 for an unexplained difference


class BlockError(Exception):
    """The markers of a block cannot say where it is: nothing was written."""


def markers(name: str) -> tuple[str, str]:
    """The start and end markers of the block called name (kebab-case, as in README.md)."""
    if not NAME.fullmatch(name):
        raise ValueError(f"not a block name: {name!r}")
    return f"<!-- {name}:start -->", f"<!-- {name}:end -->"


def render(name: str, text: str) -> str:
    """The whole block, markers included: each marker on a line of its own, text between them
    (given a final newline if it has none, so the end marker starts a line)."""
    start, end = markers(name)
    if text and not text.endswith("\n"):
        text += "\n"
    return f"{start}\n{text}{end}"


def locate(document: str, name: str) -> tuple[int, int]:
    """Where the block starts (its start marker) and ends (after its end marker) in document.

    Each marker must occur exactly once, the start before the end: a marker quoted elsewhere
    in the README counts too, since guessing which one is meant could overwrite prose."""
    start, end = markers(name)
    for marker in (start, end):
        count = document.count(marker)
        if count == 0:
            raise BlockError(f"no {marker} marker")
        if count > 1:
            raise BlockError(f"{marker} occurs {count} times, not once")
    begin, finish = document.index(start), document.index(end)
    if finish < begin:
        raise BlockError(f"{end} comes before {start}")
    return begin, finish + len(end)


def replace_text(document: str, name: str, text: str) -> str:
    """document with its block called name replaced by text; BlockError if it has no such block."""
    begin, finish = locate(document, name)
    return document[:begin] + render(name, text) + document[finish:]


def _read(path: Path) -> str:
    # Bytes, not read_text: universal newlines would turn a CRLF README into an LF one.
    return path.read_bytes().decode("utf-8")


def _fail(path: Path, name: str, reason: object) -> NoReturn:
    print(f"{path}: cannot write the {name} block: {reason}", file=sys.stderr)
    raise SystemExit(EXIT_CODE)


def check_block(path: Path, name: str) -> None:
    """Exit with one line on stderr unless path has exactly one block called name.

    The slow measurements call this before they start, not after an hour of runs."""
    try:
        locate(_read(path), name)
    except (OSError, UnicodeError, BlockError) as error:
        _fail(path, name, error)


def replace_block(path: Path, name: str, text: str) -> None:
    """Write text between path's markers of the block called name, atomically; exit with one
    line on stderr (and nothing written) when the markers cannot say where the block is."""
    target = path.resolve()  # a symlinked README stays a symlink: its target is replaced
    try:
        document = _read(target)
        updated = replace_text(document, name, text)
    except (OSError, UnicodeError, BlockError) as error:
        _fail(path, name, error)
    if updated == document:
        return  # the figures are already there: the file keeps its time stamp
    try:
        _write_atomically(target, updated.encode("utf-8"))
    except OSError as error:
        _fail(path, name, error)


def _write_atomically(target: Path, data: bytes) -> None:
    """Replace target with data in one rename: a crash or a full disk leaves the old file whole."""
    mode = target.stat().st_mode & 0o7777
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)  # mkstemp makes it 0600; the README keeps its own mode
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
