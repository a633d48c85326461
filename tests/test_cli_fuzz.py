"""Property tests of the command line: whatever the files, the arguments and standard input hold,
every command that reads input ends in exit code 0, 1 or 2 with findings or a usage error, never
in 3 (an internal error) or a traceback.

`make test` runs a few examples of each; `make fuzz` runs thousands (OPENNESS_FUZZ_EXAMPLES).
"""

from __future__ import annotations

import contextlib
import json
import tempfile
from pathlib import Path

from cli_helpers import run_main
from fuzz_inputs import (
    FINDING,
    INDEX_FILES,
    LOOKS_LIKE_FINDING,
    MANIFESTS,
    MODEL_CARDS,
    MOT_FILES,
    TOKENS,
    fuzz_settings,
    model_card,
    mutated,
)
from hypothesis import given
from hypothesis import strategies as st

from openness.spec import versions

SETTINGS = fuzz_settings(10)
definitions = st.sampled_from([[], *(["--definition", version] for version in versions())])


def check(
    code: int, out: str, err: str, *, json_out: bool = False, json_lines: bool = False
) -> None:
    """Exit code 0, 1 or 2; no traceback; every line that starts like a finding is one."""
    assert code in (0, 1, 2), (code, out[-2000:], err[-2000:])
    assert "Traceback" not in out + err and "internal error" not in err, err[-2000:]
    for line in err.splitlines():
        if LOOKS_LIKE_FINDING.match(line):
            assert FINDING.match(line), line
    if json_out:
        json.loads(out)
    if json_lines:
        assert all(isinstance(json.loads(line), dict) for line in out.splitlines())


def run_in(
    folder: Path, files: dict[str, bytes], *args: str, stdin: bytes = b""
) -> tuple[int, str, str]:
    """The command run in folder (its working directory too), with files written there first."""
    for name, content in files.items():
        (folder / name).write_bytes(content)
    with contextlib.chdir(folder):
        return run_main(*args, stdin=stdin)


@SETTINGS
@given(
    content=mutated(MANIFESTS),
    options=st.sampled_from(
        [[], ["--format", "json"], ["--format", "jsonl"], ["-q"], ["--max-bytes", "2000"]]
    ),
    definition=definitions,
    from_stdin=st.booleans(),
)
def test_validate(
    content: bytes, options: list[str], definition: list[str], from_stdin: bool
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "openness.yaml"
        source = "-" if from_stdin else str(path)
        code, out, err = run_in(
            Path(folder),
            {"openness.yaml": content},
            "validate",
            *options,
            *definition,
            source,
            stdin=content,
        )
    check(code, out, err, json_out=options == ["--format", "json"], json_lines="jsonl" in options)
    if not any(option.startswith("json") for option in options):
        for line in out.splitlines():
            assert FINDING.match(line), line


@SETTINGS
@given(
    content=mutated(MANIFESTS),
    output=st.sampled_from(["text", "json", "jsonl", "markdown"]),
    level=st.sampled_from([[], ["--min-level", "open-weights"], ["--min-level", "x"]]),
    definition=definitions,
)
def test_assess(content: bytes, output: str, level: list[str], definition: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "openness.yaml"
        code, out, err = run_in(
            Path(folder),
            {"openness.yaml": content},
            "assess",
            "--format",
            output,
            *level,
            *definition,
            str(path),
        )
    if level == ["--min-level", "x"]:  # a usage error, found before any file is read
        assert code == 2 and out == "" and "unknown level" in err
        return
    check(code, out, err, json_out=output == "json", json_lines=output == "jsonl")


@SETTINGS
@given(content=mutated(MANIFESTS), to_file=st.booleans(), definition=definitions)
def test_badge(content: bytes, to_file: bool, definition: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "openness.yaml"
        output = ["-o", str(Path(folder) / "badge.svg")] if to_file else []
        code, out, err = run_in(
            Path(folder), {"openness.yaml": content}, "badge", *definition, str(path), *output
        )
    check(code, out, err)
    if code == 0 and not to_file:
        assert out.startswith("<svg")


@SETTINGS
@given(front_matter=mutated([card[4 : card.index(b"\n---\n")] for card in MODEL_CARDS] + MANIFESTS))
def test_init_from_model_card(front_matter: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "openness.yaml"
        code, out, err = run_in(
            Path(folder),
            {"README.md": model_card(front_matter)},
            "init",
            str(target),
            "--from-model-card",
            str(Path(folder) / "README.md"),
        )
        check(code, out, err)
        if code == 0:
            assert target.is_file()


@SETTINGS
@given(content=mutated(MOT_FILES), to_folder=st.booleans())
def test_import_mot(content: bytes, to_folder: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        output = ["-o", str(Path(folder) / "out")] if to_folder else []
        code, out, err = run_in(
            Path(folder),
            {"model.yml": content},
            "import",
            "mot",
            str(Path(folder) / "model.yml"),
            *output,
        )
        check(code, out, err)
        written = sorted((Path(folder) / "out").glob("*.yaml")) if to_folder else []
        for path in written:  # never a manifest its own validator rejects
            assert run_main("validate", "-q", str(path))[0] == 0, path.read_text()
    if code == 0 and not to_folder:
        assert run_main("validate", "-q", "-", stdin=out.encode())[0] == 0, out


@SETTINGS
@given(content=mutated(INDEX_FILES), to_folder=st.booleans())
def test_import_osai_index(content: bytes, to_folder: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        output = ["-o", str(Path(folder) / "out")] if to_folder else []
        code, out, err = run_in(
            Path(folder),
            {"system.yaml": content},
            "import",
            "osai-index",
            "--date",
            "2026-01-01",
            str(Path(folder) / "system.yaml"),
            *output,
        )
        check(code, out, err)
        written = sorted((Path(folder) / "out").glob("*.yaml")) if to_folder else []
        for path in written:
            assert run_main("validate", "-q", str(path))[0] == 0, path.read_text()


arguments = st.sampled_from([*versions(), "", "0", "9.9", "1.0 ", "--format", "json", "x" * 300])


@SETTINGS
@given(
    old=arguments,
    new=arguments,
    output=st.sampled_from([[], ["--format", "json"], ["--format", "x"]]),
)
def test_diff(old: str, new: str, output: list[str]) -> None:
    code, out, err = run_main("diff", *output, old, new)
    check(code, out, err, json_out=code == 0 and "json" in output)


# Any argument where one is expected: numbers too large, options without values, paths to nowhere.
words = st.sampled_from(
    [
        "--max-bytes",
        "99999999999999999999",
        "-1",
        "0",
        "abc",
        "--definition",
        "1.0",
        "--root",
        "/",
        "--format",
        "json",
        "-o",
        "-",
        "--min-level",
        "--date",
        "2024-02-30",
        "--force",
        "",
        "/nonexistent/x.yaml",
        "a" * 300,
        *TOKENS[:20],
    ]
)


@SETTINGS
@given(
    command=st.sampled_from(
        [
            ["validate"],
            ["assess"],
            ["badge"],
            ["init"],
            ["import", "mot"],
            ["import", "osai-index"],
            ["import", "cyclonedx"],
            ["export", "--format", "cyclonedx"],
            ["export", "--format", "spdx3"],
            ["diff"],
        ]
    ),
    argv=st.lists(words, max_size=6),
)
def test_any_arguments(command: list[str], argv: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        argv = [argument.replace("/nonexistent", folder) for argument in argv]
        files = {"openness.yaml": MANIFESTS[0]}
        code, out, err = run_in(Path(folder), files, *command, *argv, "openness.yaml")
    check(code, out, err)
