"""Exit code 3 means a bug: no input a user can give reaches it. Each case here once did, and ends
now in exit code 1 or 2 with one clear line: a finding `file:line:col: error: ... [rule]` about a
file's content, or `openness: error: ...` about the command line."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import run_main

# Rule ids are kebab-case, but schema-* ids carry the JSON Schema keyword (schema-maxLength).
FINDING = re.compile(r"^.+:\d+:\d+: (error|warning): .+ \[[a-zA-Z0-9*-]+\]$")


def manifest(license: str) -> str:
    return (
        'manifest_version: "1.0"\n'
        "model: {name: x, producer: y}\n"
        "components:\n"
        f"  final-parameters: {{availability: released, location: 'https://x.org', license: '{license}'}}\n"
    )


def assert_clear(code: int, out: str, err: str, expected: int, rule: str | None = None) -> None:
    """The exit code expected, no traceback, and the rule named on a finding line."""
    assert code == expected, (code, out, err)
    assert "Traceback" not in out + err and "internal error" not in out + err
    if rule is not None:
        lines = [line for line in (out + err).splitlines() if line.endswith(f"[{rule}]")]
        assert lines and all(FINDING.match(line) for line in lines), out + err


@pytest.mark.parametrize(
    "expression",
    [
        "()",
        "MIT OR ()",
        "(OR MIT)",
        "AND",
        "MIT AND",
        "((MIT)",
        "MIT WITH",
        "WITH X",
        "MIT OR (AND)",
    ],
)
def test_malformed_license_expressions_are_syntax_errors(expression: str, tmp_path: Path) -> None:
    path = tmp_path / "openness.yaml"
    path.write_text(manifest(expression), encoding="utf-8")
    for command in (["validate"], ["assess"], ["badge"]):
        assert_clear(*run_main(*command, str(path)), 1, "license-syntax")


def test_license_expressions_nested_too_deep_are_syntax_errors() -> None:
    from openness.licenses import MAX_NESTING, LicenseSyntaxError, parse

    deep = "".join(f"L{i} {'AND' if i % 2 else 'OR'} (" for i in range(MAX_NESTING)) + "MIT"
    with pytest.raises(LicenseSyntaxError, match="nested"):
        parse(deep + ")" * MAX_NESTING)
    assert parse("MIT OR (Apache-2.0 AND (BSD-3-Clause WITH LLVM-exception))") is not None


HUGE = "9" * 5000
HUGE_NUMBERS = {
    "typed-field": f'manifest_version: "1.0"\nmodel: {{name: x, producer: {HUGE}}}\ncomponents: {{}}\n',
    "manifest-version": f"manifest_version: {HUGE}\n",
    "hexadecimal": "manifest_version: 0x" + "f" * 5000 + "\n",
    "sexagesimal": "manifest_version: " + ":".join(["59"] * 3000) + "\n",
    "top-level": f"{HUGE}\n",
    "json-list": f"[{HUGE}, 1]\n",
}


@pytest.mark.parametrize("name", sorted(HUGE_NUMBERS))
def test_numbers_too_long_to_print_are_refused_where_they_stand(name: str, tmp_path: Path) -> None:
    path = tmp_path / "openness.yaml"
    path.write_text(HUGE_NUMBERS[name], encoding="utf-8")
    for command in (["validate"], ["validate", "--format", "json"], ["assess"], ["badge"]):
        code, out, err = run_main(*command, str(path))
        assert_clear(code, out, err, 2)
        assert "yaml-number-too-long" in out + err
    code, out, err = run_main("import", "mot", str(path))
    assert_clear(code, out, err, 2, "yaml-number-too-long")
    code, out, err = run_main("import", "osai-index", str(path))
    assert_clear(code, out, err, 2, "yaml-number-too-long")


@pytest.mark.parametrize("day", ["2024-02-30", "2023-02-29", "2024-13-01", "2024-00-10"])
def test_impossible_dates_are_errors(day: str, tmp_path: Path) -> None:
    path = tmp_path / "openness.yaml"
    path.write_text(
        f'manifest_version: "1.0"\nmodel: {{name: x, producer: y, release_date: "{day}"}}\n'
        "components: {}\n",
        encoding="utf-8",
    )
    code, out, err = run_main("validate", str(path))
    assert_clear(code, out, err, 1, "date-invalid")
    assert f"{path}:2:" in out


CARD_FIELDS = [
    "base_model_relation",
    "base_model",
    "license",
    "license_name",
    "license_link",
    "datasets",
    "tags",
    "model_name",
    "model-index",
]
WRONG_TYPES = ["[a, b]", "{a: 1}", "5", "null", "true", "[{a: 1}]", "''"]


@pytest.mark.parametrize("field", CARD_FIELDS)
def test_model_card_fields_of_any_type_are_mapped_or_reported(field: str, tmp_path: Path) -> None:
    card = tmp_path / "README.md"
    for value in WRONG_TYPES:
        other = "license: other\n" if field.startswith("license_") else ""
        card.write_text(f"---\n{other}{field}: {value}\n---\n# A model\n", encoding="utf-8")
        target = tmp_path / "openness.yaml"
        code, out, err = run_main("init", str(target), "--force", "--from-model-card", str(card))
        assert_clear(code, out, err, 0)
        assert target.is_file()


@pytest.mark.parametrize("front_matter", [f"name: {HUGE}", "license: 0x" + "f" * 400])
def test_model_card_numbers_too_long_are_refused(front_matter: str, tmp_path: Path) -> None:
    card = tmp_path / "README.md"
    card.write_text(f"---\n{front_matter}\n---\n", encoding="utf-8")
    code, out, err = run_main("init", str(tmp_path / "o.yaml"), "--from-model-card", str(card))
    assert_clear(code, out, err, 2, "yaml-number-too-long")
    assert f"{card}:2:" in err


def test_model_card_that_is_not_a_file(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for card in (tmp_path, fifo, tmp_path / "missing.md"):
        code, out, err = run_main("init", str(tmp_path / "o.yaml"), "--from-model-card", str(card))
        assert_clear(code, out, err, 2, "input-unreadable")


ROOT = Path(__file__).resolve().parents[1]
VALID = ROOT / "tests" / "fixtures" / "manifest" / "1.0" / "valid"


def _shell(command: str, *args: str) -> subprocess.CompletedProcess[str]:
    """`openness` run by a shell, for redirections Python cannot set up (`<&-`, `>&-`)."""
    script = f'exec "$0" -m openness {command}'
    return subprocess.run(
        ["sh", "-c", script, sys.executable, *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_standard_input_closed_is_unreadable() -> None:
    done = _shell("validate - <&-")
    assert done.returncode == 2, done
    assert done.stdout.strip() == "<stdin>:1:1: error: standard input is closed [input-unreadable]"
    code, out, err = run_main("validate", "-", stdin=None)
    assert_clear(code, out, err, 2, "input-unreadable")


def test_standard_input_that_cannot_be_read_is_unreadable() -> None:
    """Python itself refuses to start on a directory as standard input; a read can still fail."""

    class Directory(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, buffer: Any) -> int:
            raise IsADirectoryError(21, "Is a directory")

    stdin = io.TextIOWrapper(io.BufferedReader(Directory()))
    code, out, err = run_main("validate", "-", stdin=stdin)
    assert_clear(code, out, err, 2, "input-unreadable")
    assert "Is a directory" in out


@pytest.mark.parametrize("value", ["99999999999999999999", "-1", "0", "abc", "1e3", "9" * 5000])
def test_max_bytes_out_of_bounds_is_a_usage_error(value: str) -> None:
    code, out, err = run_main("validate", "--max-bytes", value, str(VALID / "minimal.yaml"))
    assert_clear(code, out, err, 2)
    assert "error: argument --max-bytes: " in err


def test_init_with_no_terminal_and_standard_input_closed(tmp_path: Path) -> None:
    done = _shell('init "$1" <&-', str(tmp_path / "o.yaml"))
    assert done.returncode == 0, done
    assert (tmp_path / "o.yaml").is_file()


def test_a_closed_or_full_standard_output_is_one_line(tmp_path: Path) -> None:
    manifest = str(sorted(VALID.glob("*.yaml"))[0])
    # A closed output is nothing to report for validate and assess (their answer is the exit code,
    # as with >/dev/null); it is for the commands whose output is the product.
    for redirection, commands in (
        (">&-", ["badge"]),
        (">/dev/full", ["badge", "assess"]),
    ):
        for command in commands:
            done = _shell(f'{command} "$1" {redirection}', manifest)
            assert done.returncode == 2, (command, redirection, done)
            assert done.stderr.startswith("openness: error: cannot write the output: "), done
            assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr


MOT_TOO_LONG = """\
release:
  name: Example
  producer: Example Lab
  version: "{version}"
  components: []
"""


def test_import_never_writes_a_manifest_its_validator_rejects(tmp_path: Path) -> None:
    source = tmp_path / "Example.yml"
    source.write_text(MOT_TOO_LONG.format(version="v" * 300), encoding="utf-8")
    code, out, err = run_main("import", "mot", str(source))
    assert_clear(code, out, err, 1, "schema-maxLength")
    assert out == "" and "not written" in err
    code, out, err = run_main("import", "mot", str(source), "-o", str(tmp_path / "out"))
    assert_clear(code, out, err, 1, "schema-maxLength")
    assert list((tmp_path / "out").iterdir()) == []
    source.write_text(MOT_TOO_LONG.format(version="1.0"), encoding="utf-8")
    code, out, err = run_main("import", "mot", str(source), "-o", str(tmp_path / "out"))
    assert_clear(code, out, err, 0)
    assert [path.name for path in (tmp_path / "out").iterdir()] == ["Example.yaml"]


def test_index_import_never_writes_a_manifest_its_validator_rejects(tmp_path: Path) -> None:
    source = tmp_path / "system.yaml"
    source.write_text(
        "system: {name: Example, endmodellicense: " + "L" * 2000 + "}\norg: {name: Lab}\n"
        "licenses: {class: open, link: 'https://example.org', notes: x}\n",
        encoding="utf-8",
    )
    code, out, err = run_main("import", "osai-index", str(source), "-o", str(tmp_path / "out"))
    assert_clear(code, out, err, 1, "schema-maxLength")
    assert list((tmp_path / "out").iterdir()) == []


def test_output_names_too_long_are_refused(tmp_path: Path) -> None:
    """Found by the fuzz tests: `init` asked Path.exists(), which raises on a name too long."""
    long_name = str(tmp_path / ("a" * 300))
    manifest = str(VALID / "minimal.yaml")
    for command in (
        ["init", long_name + ".yaml"],
        ["badge", manifest, "-o", long_name + ".svg"],
        [
            "import",
            "mot",
            str(ROOT / "tests" / "fixtures" / "docs" / "Example-7B.yml"),
            "-o",
            long_name,
        ],
    ):
        code, out, err = run_main(*command)
        assert_clear(code, out, err, 2)
        assert "File name too long" in err, err


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_an_output_encoding_without_the_characters_escapes_them(
    encoding: str, tmp_path: Path
) -> None:
    """Found by hand: an emoji in a manifest, printed where the output encoding is ASCII."""
    import json
    import os

    path = tmp_path / "openness.yaml"
    path.write_text(
        'manifest_version: "1.0"\nmodel: {name: "Ämber 😀", producer: y}\ncomponents: {"😀": 1}\n',
        encoding="utf-8",
    )
    valid = tmp_path / "valid.yaml"
    valid.write_text(path.read_text(encoding="utf-8").replace('{"😀": 1}', "{}"), encoding="utf-8")
    environment = {**os.environ, "PYTHONIOENCODING": encoding}
    for args in (
        ["validate", str(path)],
        ["validate", "--format", "json", str(path)],
        ["assess", str(valid)],
        ["assess", "--format", "json", str(valid)],
        ["assess", "--format", "markdown", str(valid)],
        ["badge", str(valid)],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "openness", *args],
            capture_output=True,
            env=environment,
            timeout=60,
            check=False,
        )
        assert done.returncode in (0, 1), (args, done.stderr)
        assert b"internal error" not in done.stderr and b"Traceback" not in done.stderr
        if "json" in args:
            assert "😀" in json.dumps(json.loads(done.stdout), ensure_ascii=False)
