"""No data lost: writes are atomic, never replace a file without --force, never follow a link and
never land on an input; every refusal is exit 2 with one line (issue 12)."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest
from cli_helpers import run_openness

from openness.output import WriteRefused, write_file

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / "manifests" / "olmo-7b.yaml"
MOT_FILE = ROOT / "data" / "mot" / "models" / "Amber.yml"


@pytest.fixture
def manifest(tmp_path: Path) -> Path:
    path = tmp_path / "openness.yaml"
    shutil.copy(MANIFEST, path)
    return path


def refused(completed: object, words: str) -> None:
    assert completed.returncode == 2, completed  # type: ignore[attr-defined]
    lines = completed.stderr.strip().splitlines()  # type: ignore[attr-defined]
    assert len(lines) == 1 and words in lines[0] and "Traceback" not in lines[0], lines


def test_badge_does_not_replace_a_file_without_force(manifest: Path, tmp_path: Path) -> None:
    badge = tmp_path / "badge.svg"
    badge.write_text("mine", encoding="utf-8")
    refused(run_openness("badge", str(manifest), "-o", str(badge)), "use --force")
    assert badge.read_text(encoding="utf-8") == "mine"
    assert run_openness("badge", str(manifest), "-o", str(badge), "--force").returncode == 0
    assert badge.read_text(encoding="utf-8").startswith("<svg")


def test_badge_never_writes_over_its_input(manifest: Path) -> None:
    before = manifest.read_bytes()
    refused(run_openness("badge", str(manifest), "-o", str(manifest), "--force"), "input")
    assert manifest.read_bytes() == before


@pytest.mark.parametrize("where", ["folder", "missing-folder", "link"])
def test_badge_refuses_a_folder_a_missing_folder_and_a_link(
    manifest: Path, tmp_path: Path, where: str
) -> None:
    kept = tmp_path / "kept.txt"
    kept.write_text("keep", encoding="utf-8")
    target = {
        "folder": tmp_path,
        "missing-folder": tmp_path / "nowhere" / "badge.svg",
        "link": tmp_path / "badge.svg",
    }[where]
    if where == "link":
        target.symlink_to(kept)
    refused(run_openness("badge", str(manifest), "-o", str(target), "--force"), str(target))
    assert kept.read_text(encoding="utf-8") == "keep"


def test_init_refuses_a_dangling_link(tmp_path: Path) -> None:
    link = tmp_path / "openness.yaml"
    link.symlink_to(tmp_path / "elsewhere.yaml")
    refused(run_openness("init", str(link), "--name", "M", "--producer", "P"), "exists")
    assert not (tmp_path / "elsewhere.yaml").exists()


def test_import_refuses_two_inputs_that_would_write_one_file(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    shutil.copy(MOT_FILE, first / "Amber.yml")
    shutil.copy(MOT_FILE, second / "Amber.yml")
    out = tmp_path / "out"
    completed = run_openness(
        "import", "mot", str(first / "Amber.yml"), str(second / "Amber.yml"), "-o", str(out)
    )
    assert completed.returncode == 2 and "already written from" in completed.stderr
    assert len(list(out.glob("*.yaml"))) == 1


def test_import_into_a_file_is_refused(tmp_path: Path) -> None:
    file = tmp_path / "not-a-folder"
    file.write_text("x", encoding="utf-8")
    refused(run_openness("import", "mot", str(MOT_FILE), "-o", str(file)), "not a folder")
    assert file.read_text(encoding="utf-8") == "x"


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")

    def full_disk(*_: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(WriteRefused, match="nothing was changed"):
        write_file(target, "new", force=True)
    assert target.read_text(encoding="utf-8") == "old"
    assert [path.name for path in tmp_path.iterdir()] == ["out.txt"]


def test_a_new_file_is_written_whole(tmp_path: Path) -> None:
    target = tmp_path / "new.txt"
    write_file(target, "text")
    assert target.read_text(encoding="utf-8") == "text"
    with pytest.raises(WriteRefused, match="exists"):
        write_file(target, "again")
