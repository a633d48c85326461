"""Running the command line as a user does: a separate process, `python -m openness`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


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


def run_main(*args: str, stdin: bytes = b"") -> tuple[int, str, str]:
    """The exit code, standard output and standard error of `openness.cli.main`, run in this
    process: fast enough to run thousands of times."""
    import io
    from contextlib import redirect_stderr, redirect_stdout
    from unittest import mock

    from openness.cli import main

    out, err = io.StringIO(), io.StringIO()
    with (
        mock.patch.object(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")),
        redirect_stdout(out),
        redirect_stderr(err),
    ):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()
