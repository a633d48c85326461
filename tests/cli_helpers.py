"""Running the command line as a user does: a separate process, `python -m openness`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import IO


def run_openness(
    *args: str, cwd: Path | None = None, stdin: str | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """The exit code and output of one `openness` command; standard input is empty unless given."""
    return subprocess.run(
        [sys.executable, "-m", "openness", *args],
        cwd=cwd,
        input=stdin if stdin is not None else "",
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def run_main(*args: str, stdin: bytes | IO[str] | None = b"") -> tuple[int, str, str]:
    """The exit code, standard output and standard error of `openness.cli.main`, run in this
    process: fast enough to run thousands of times. Standard input holds the bytes given, or is
    the stream given, or is closed (None); argparse's exit on a usage error is its exit code."""
    import io
    from contextlib import redirect_stderr, redirect_stdout
    from unittest import mock

    from openness.cli import main

    if isinstance(stdin, bytes):
        stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with mock.patch.object(sys, "stdin", stdin), redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exited:
            code = exited.code if isinstance(exited.code, int) else 2
    return code, out.getvalue(), err.getvalue()
