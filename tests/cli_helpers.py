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
