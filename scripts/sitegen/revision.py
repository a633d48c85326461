"""The revision the docs' snippets pin: this repository's commit, until a release tag exists.

No release has been tagged yet, so `rev: v0.1.0` (pre-commit) or `@v0.1.0` (the GitHub Action)
would name nothing. A full commit id works in both today; a release tag replaces it once one is
made. Without git (a tarball), `main` still resolves, if not immutably.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

FALLBACK = "main"


@cache
def commit(root: Path) -> str:
    """The full id of the commit checked out in root, or FALLBACK when there is none to read."""
    git = shutil.which("git")
    if git is None:
        return FALLBACK
    done = subprocess.run(
        [git, "-C", str(root), "rev-parse", "--verify", "HEAD^{commit}"],
        capture_output=True,
        text=True,
        check=False,
    )
    found = done.stdout.strip()
    return found if done.returncode == 0 and re.fullmatch(r"[0-9a-f]{40}", found) else FALLBACK
