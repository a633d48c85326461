"""Exit code 3 means a bug: no input a user can give reaches it. Each case here once did, and ends
now in exit code 1 or 2 with one clear line: a finding `file:line:col: error: ... [rule]` about a
file's content, or `openness: error: ...` about the command line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from cli_helpers import run_main

FINDING = re.compile(r"^.+:\d+:\d+: (error|warning): .+ \[[a-z0-9*-]+\]$")


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
