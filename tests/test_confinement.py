"""A manifest from a stranger reaches only files inside its own folder (or a root the caller names),
opens only regular files, and never makes the tool quote a file it could not use (issue 12)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from cli_helpers import run_openness

import openness

SECRET = "root:x:0:0:TOP-SECRET-LINE"


def derivative(folder: Path, base: str, name: str = "derivative.yaml") -> Path:
    path = folder / name
    path.write_text(
        'manifest_version: "1.1"\n'
        "model:\n"
        "  name: Derivative\n"
        "  producer: Someone\n"
        f"  base_model: {{name: Base, manifest: {base!r}}}\n"
        "components: {}\n",
        encoding="utf-8",
    )
    return path


def base_warnings(path: Path, **options: object) -> list[openness.Finding]:
    result = openness.validate(path, **options)  # type: ignore[arg-type]
    return [f for f in result.findings if f.rule.startswith("base-manifest")]


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir()
    path = outside / "secret.env"
    path.write_text(f"{SECRET}\n", encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    inside = tmp_path / "inside"
    inside.mkdir()
    return inside


def test_an_absolute_base_path_is_not_read(folder: Path, secret: Path) -> None:
    (warning,) = base_warnings(derivative(folder, str(secret)))
    assert "outside" in warning.message and SECRET not in warning.message


def test_a_parent_path_is_not_read(folder: Path, secret: Path) -> None:
    (warning,) = base_warnings(derivative(folder, "../outside/secret.env"))
    assert "outside" in warning.message and SECRET not in warning.message


def test_a_link_out_of_the_folder_is_not_followed(folder: Path, secret: Path) -> None:
    (folder / "base.yaml").symlink_to(secret)
    (warning,) = base_warnings(derivative(folder, "base.yaml"))
    assert "outside" in warning.message and SECRET not in warning.message


def test_a_file_inside_that_is_not_a_manifest_is_not_quoted(folder: Path) -> None:
    (folder / "notes.yaml").write_text(f"- {SECRET}\n", encoding="utf-8")
    (warning,) = base_warnings(derivative(folder, "notes.yaml"))
    assert "not a valid manifest (manifest-type" in warning.message
    assert SECRET not in warning.message


def test_the_caller_may_name_a_wider_root(tmp_path: Path, folder: Path) -> None:
    bases = tmp_path / "bases"
    bases.mkdir()
    (bases / "base.yaml").write_text(
        'manifest_version: "1.0"\nmodel: {name: Base, producer: Other}\n'
        "components:\n  final-parameters: {availability: released, license: CC-BY-NC-4.0,"
        " location: 'https://example.org/w'}\n",
        encoding="utf-8",
    )
    path = derivative(folder, "../bases/base.yaml")
    assert base_warnings(path)  # refused by default
    assert base_warnings(path, root=tmp_path) == []
    completed = run_openness("assess", "--root", str(tmp_path), str(path))
    assert completed.returncode == 0 and "base-manifest-unread" not in completed.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_is_refused_at_once_not_waited_on(folder: Path) -> None:
    os.mkfifo(folder / "base.yaml")
    (warning,) = base_warnings(derivative(folder, "base.yaml"))  # returns: nothing blocks
    assert "input-unreadable" in warning.message
    completed = run_openness("validate", str(folder / "base.yaml"))
    assert completed.returncode == 2 and "not a regular file (a FIFO)" in completed.stdout


@pytest.mark.parametrize("reference", ["base\x00.yaml", "loop.yaml"])
def test_nul_bytes_and_link_loops_are_warnings_not_crashes(folder: Path, reference: str) -> None:
    (folder / "loop.yaml").symlink_to(folder / "loop.yaml")
    path = folder / "derivative.yaml"
    path.write_text(
        'manifest_version: "1.1"\nmodel:\n  name: D\n  producer: S\n'
        f'  base_model: {{name: B, manifest: "{reference.replace(chr(0), chr(92) + "0")}"}}\n'
        "components: {}\n",
        encoding="utf-8",
    )
    (warning,) = base_warnings(path)
    assert warning.rule == "base-manifest-unread" and "\x00" not in warning.message
    completed = run_openness("validate", str(path))
    assert completed.returncode == 0 and "Traceback" not in completed.stderr + completed.stdout
