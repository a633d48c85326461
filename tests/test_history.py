"""Immutability enforced from the repository's history, not trusted to review: a released file keeps
the content it had when it was locked, a lock line once committed is never changed, and a URL once
promised in tests/published-urls.txt is never dropped. Editing a file together with its line in the
same commit is exactly what these tests catch."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
LOCK = "spec/RELEASED.sha256"
URLS = "tests/published-urls.txt"
# Lock lines withdrawn before the version was first published, each with the commit that says so.
# Nothing may join this list once a version is public: that is a new version, not an edit.
WITHDRAWN = {
    "bd6c76a0818cbc12cae8824d5bfa55ca38727fc0a1610e5db649b62501fa90c4  spec/definition/1.0.yaml": (
        "b544ffa: 1.0 corrected before first publication (gated weights, open science summary)"
    ),
}


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip())
    return done.stdout


def _history_available(root: Path) -> str | None:
    """Why the history cannot be read here, or None when it can."""
    if shutil.which("git") is None:
        return "git is not installed"
    try:
        if _git(root, "rev-parse", "--is-shallow-repository").strip() == "true":
            return "a shallow clone: the history is cut (fetch it with git fetch --unshallow)"
    except RuntimeError as error:
        return f"not a git repository ({error})"
    return None


@pytest.fixture(scope="module")
def history() -> Path:
    reason = _history_available(ROOT)
    if reason is not None:
        if os.environ.get("OPENNESS_REQUIRE_HISTORY") == "1":
            pytest.fail(f"the history is required (OPENNESS_REQUIRE_HISTORY=1): {reason}")
        pytest.skip(reason)
    return ROOT


def lines_ever_added(root: Path, path: str) -> list[tuple[str, str]]:
    """Every line any commit added to path, with the commit that added it, oldest first."""
    log = _git(root, "log", "--reverse", "-p", "--no-renames", "--format=commit %H", "--", path)
    added, commit = [], ""
    for line in log.splitlines():
        if line.startswith("commit "):
            commit = line.removeprefix("commit ")
        elif line.startswith("+") and not line.startswith("+++"):
            added.append((line[1:], commit))
    return added


def lock_violations(root: Path) -> list[str]:
    """What breaks the lock: a released file whose lock line changed, or whose content differs
    from the content it had at the commit that locked it."""
    current = (root / LOCK).read_text(encoding="utf-8").splitlines()
    first_lock: dict[str, tuple[str, str]] = {}  # path -> (line, commit that locked it)
    problems = []
    for line, commit in [*lines_ever_added(root, LOCK), *((line, "") for line in current)]:
        if not line.strip() or line in WITHDRAWN:
            continue
        digest, path = line.split("  ", 1)
        if path not in first_lock:
            first_lock[path] = (line, commit)
        elif first_lock[path][0] != line:
            problems.append(
                f"{path}: its lock line changed from {first_lock[path][0]!r} to {line!r}"
            )
    for path, (line, commit) in first_lock.items():
        if line not in current:
            problems.append(f"{path}: its lock line {line!r} is gone from {LOCK}")
        digest = line.split("  ", 1)[0]
        file = root / path
        if not file.is_file() or hashlib.sha256(file.read_bytes()).hexdigest() != digest:
            problems.append(f"{path}: differs from the content it was released with")
        if commit:
            released = subprocess.run(
                ["git", "-C", str(root), "show", f"{commit}:{path}"],
                capture_output=True,
                check=False,
            ).stdout
            if hashlib.sha256(released).hexdigest() != digest:
                problems.append(f"{path}: at {commit[:7]}, which locked it, it had other content")
    return problems


def dropped_urls(root: Path) -> list[str]:
    current = set((root / URLS).read_text(encoding="utf-8").splitlines())
    ever = [line for line, _ in lines_ever_added(root, URLS) if line and not line.startswith("#")]
    return sorted({line for line in ever if line not in current})


def test_released_files_keep_the_content_they_were_released_with(history: Path) -> None:
    assert lock_violations(history) == []


def test_no_published_url_is_ever_dropped(history: Path) -> None:
    assert dropped_urls(history) == []


def test_withdrawn_lock_lines_are_in_the_history(history: Path) -> None:
    """The exceptions are real: each withdrawn line was committed, then replaced."""
    ever = {line for line, _ in lines_ever_added(history, LOCK)}
    assert set(WITHDRAWN) <= ever


@pytest.fixture
def clone(history: Path, tmp_path: Path) -> Path:
    target = tmp_path / "clone"
    _git(history, "clone", "-q", "--no-hardlinks", str(history), str(target))
    _git(target, "config", "user.email", "test@example.org")
    _git(target, "config", "user.name", "test")
    return target


def _commit(root: Path, message: str) -> None:
    _git(root, "commit", "-qam", message)


def test_editing_a_released_file_with_its_lock_line_is_caught(clone: Path) -> None:
    released = clone / "spec" / "definition" / "1.0.yaml"
    released.write_text(released.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    lock = clone / LOCK
    digest = hashlib.sha256(released.read_bytes()).hexdigest()
    lock.write_text(
        "".join(
            f"{digest}  spec/definition/1.0.yaml\n"
            if line.endswith(" spec/definition/1.0.yaml")
            else line + "\n"
            for line in lock.read_text(encoding="utf-8").splitlines()
        ),
        encoding="utf-8",
    )
    assert lock_violations(clone) != [], "caught before it is committed"
    _commit(clone, "edit 1.0 and its lock line together")
    assert any("lock line changed" in problem for problem in lock_violations(clone))


def test_dropping_a_published_url_with_its_line_is_caught(clone: Path) -> None:
    urls = clone / URLS
    lines = urls.read_text(encoding="utf-8").splitlines()
    victim = next(line for line in lines if line.startswith("/models/"))
    urls.write_text("\n".join(line for line in lines if line != victim) + "\n", encoding="utf-8")
    _commit(clone, "drop a page and its line")
    assert dropped_urls(clone) == [victim]


def test_the_site_is_deployed_only_after_the_tests_passed_on_the_same_commit() -> None:
    workflows = ROOT / ".github" / "workflows"
    tests = yaml.safe_load((workflows / "test.yml").read_text(encoding="utf-8"))
    pages = yaml.safe_load((workflows / "pages.yml").read_text(encoding="utf-8"))
    triggers = pages[True] if True in pages else pages["on"]  # YAML 1.1 reads `on` as true
    assert set(triggers) == {"workflow_run"}, "no push trigger: only a finished test run deploys"
    run = triggers["workflow_run"]
    assert run["workflows"] == [tests["name"]] and run["types"] == ["completed"]
    assert run["branches"] == ["main"]
    build = pages["jobs"]["build"]
    assert "github.event.workflow_run.conclusion == 'success'" in build["if"]
    checkout = next(step for step in build["steps"] if "actions/checkout" in step.get("uses", ""))
    assert checkout["with"]["ref"] == "${{ github.event.workflow_run.head_sha }}"


def test_the_test_workflow_reads_the_whole_history() -> None:
    tests = yaml.safe_load(
        (ROOT / ".github" / "workflows" / "test.yml").read_text(encoding="utf-8")
    )
    steps = tests["jobs"]["test"]["steps"]
    checkout = next(step for step in steps if "actions/checkout" in step.get("uses", ""))
    assert checkout["with"]["fetch-depth"] == 0
    assert tests["jobs"]["test"]["env"]["OPENNESS_REQUIRE_HISTORY"] == "1"
