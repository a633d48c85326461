"""The spec cache is a speed-up, never a source of truth: an entry that does not match its hash is
rebuilt, and a folder others may write is not used."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

MANIFEST = Path(__file__).parent.parent / "manifests" / "gpt-4.yaml"


def _assess(cache: Path) -> dict[str, object]:
    """The verdict of a fresh process using this cache folder."""
    environment = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    environment.pop("OPENNESS_NO_CACHE", None)
    done = subprocess.run(
        [sys.executable, "-m", "openness", "assess", "--format", "json", str(MANIFEST)],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    return json.loads(done.stdout)[0]["level"]  # type: ignore[no-any-return]


def _entries(cache: Path) -> list[Path]:
    return sorted((cache / "openness").glob("*.json"))


def _open_everything(entry: Path) -> None:
    """A forged entry: the definition's levels require nothing, so every model is open science."""
    head, _, body = entry.read_bytes().partition(b"\n")
    data = json.loads(body)
    for level in data.get("levels", []):
        level["requirements"] = []
    entry.write_bytes(head + b"\n" + json.dumps(data).encode())


@pytest.fixture
def honest(tmp_path: Path) -> tuple[Path, dict[str, object]]:
    verdict = _assess(tmp_path)
    assert _entries(tmp_path), "the first run fills the cache"
    return tmp_path, verdict


def test_the_cache_gives_the_verdict_the_spec_gives(honest: tuple[Path, dict[str, object]]) -> None:
    cache, verdict = honest
    assert _assess(cache) == verdict
    environment_free = _assess(cache / "elsewhere")
    assert environment_free == verdict


def test_a_forged_entry_is_not_believed(honest: tuple[Path, dict[str, object]]) -> None:
    cache, verdict = honest
    for entry in _entries(cache):
        _open_everything(entry)
    assert verdict["id"] != "open-science"
    assert _assess(cache) == verdict


@pytest.mark.parametrize("content", [b"{}", b"", b"\x00" * 10, b"not json", b"[]"])
def test_a_broken_entry_is_rebuilt(honest: tuple[Path, dict[str, object]], content: bytes) -> None:
    cache, verdict = honest
    entries = _entries(cache)
    for entry in entries:
        entry.write_bytes(content)
    assert _assess(cache) == verdict
    assert all(entry.read_bytes() != content for entry in entries), "written anew"


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_folder_others_can_write_is_not_used(honest: tuple[Path, dict[str, object]]) -> None:
    cache, verdict = honest
    folder = cache / "openness"
    for entry in _entries(cache):
        _open_everything(entry)
        # A forger who can write the folder can also fix the head line; this one did.
        head, _, body = entry.read_bytes().partition(b"\n")
        from openness.spec import _cache_head

        source = head.split()[1].decode()
        entry.write_bytes(_cache_head(source, body) + b"\n" + body)
    folder.chmod(0o777)
    assert _assess(cache) == verdict
    folder.chmod(0o700)
    believed = _assess(cache)  # the same entries in a private folder are believed: the check
    assert believed["id"] == "open-science"  # above is meaningful (the trust boundary is the user)


def test_a_link_in_the_cache_is_not_followed(honest: tuple[Path, dict[str, object]]) -> None:
    cache, verdict = honest
    for entry in _entries(cache):
        elsewhere = cache / f"{entry.name}.target"
        entry.rename(elsewhere)
        _open_everything(elsewhere)
        entry.symlink_to(elsewhere)
    assert _assess(cache) == verdict
