"""Release a draft version of the definition: `make release VERSION=1.1`.

Flips the definition's status to released, sets today's date, drops "(draft)" from the titles, checks
the files, and adds their hashes to spec/RELEASED.sha256. From then on a test fails if any of them
changes: a released version is never edited, the next one is a new file.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def released_files(root: Path, version: str) -> list[Path]:
    return [
        root / "spec" / "definition" / f"{version}.yaml",
        root / "spec" / "licenses" / f"{version}.yaml",
        root / "schemas" / "manifest" / version / "schema.json",
    ]


def sha256_line(root: Path, path: Path) -> str:
    return f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.relative_to(root).as_posix()}\n"


def _replace_line(text: str, pattern: str, replacement: str) -> str:
    """The first whole line matching pattern, replaced: the files keep their comments and layout."""
    return re.sub(pattern, replacement, text, count=1, flags=re.MULTILINE)


def release(root: Path, version: str, today: datetime.date) -> list[Path]:
    files = released_files(root, version)
    missing = [str(path.relative_to(root)) for path in files if not path.is_file()]
    if missing:
        raise SystemExit(f"release: error: {version} lacks {', '.join(missing)}")
    definition = files[0]
    text = definition.read_text(encoding="utf-8")
    if not re.search(r"^status: draft$", text, flags=re.MULTILINE):
        raise SystemExit(f"release: error: {definition.relative_to(root)} is not a draft")
    text = _replace_line(
        text, r"^status: draft$", f'status: released\nrelease_date: "{today.isoformat()}"'
    )
    definition.write_text(text.replace(" (draft)", "", 1), encoding="utf-8")
    for path in files[1:]:
        path.write_text(path.read_text(encoding="utf-8").replace(" (draft)", ""), encoding="utf-8")
    citation = root / "CITATION.cff"  # the project cites its newest released definition
    if citation.is_file():
        text = citation.read_text(encoding="utf-8")
        text = _replace_line(text, r'^version: ".*"$', f'version: "{version}"')
        text = _replace_line(
            text, r'^date-released: ".*"$', f'date-released: "{today.isoformat()}"'
        )
        citation.write_text(text, encoding="utf-8")
    lock = root / "spec" / "RELEASED.sha256"
    with open(lock, "a", encoding="utf-8") as stream:
        for path in files:
            stream.write(sha256_line(root, path))
    return files


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("version", help="the draft version to release, e.g. 1.1")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    parser.add_argument(
        "--date",
        type=datetime.date.fromisoformat,
        default=datetime.date.today(),
        help="release date (default: today)",
    )
    args = parser.parse_args()
    if not re.fullmatch(r"[0-9]+\.[0-9]+", args.version or ""):
        raise SystemExit("release: usage: make release VERSION=<major.minor>")
    files = release(args.root, args.version, args.date)
    print(
        f"released {args.version}: "
        + ", ".join(str(path.relative_to(args.root)) for path in files),
        file=sys.stderr,
    )
    print("next: make test, update the changelog, commit, tag", file=sys.stderr)


if __name__ == "__main__":
    main()
