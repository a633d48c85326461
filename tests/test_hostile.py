"""Hostile input never crashes the tool: a one-line error naming file, line and rule, exit code 2
(or 1 for a document that reads but is not a manifest), bounded time and memory."""

from __future__ import annotations

import resource
import time
from pathlib import Path

import pytest
from cli_helpers import run_openness

import openness
from openness.reader import ReadError, read_text

BOMB = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{name}: &{name} [{','.join(['*' + previous] * 9)}]\n"
    for previous, name in zip("abcdefghi", "bcdefghij", strict=True)
)


def _many_keys(count: int) -> bytes:
    return b'manifest_version: "1.0"\n' + b"".join(b"k%d: %d\n" % (i, i) for i in range(count))


# A hang or an exponential blow-up, not speed: speed is measured by `make bench`, on any machine.
NO_HANG_SECONDS = 5.0

CASES: dict[str, tuple[bytes, int, str]] = {
    # name: (content, exit code, rule)
    "billion-laughs": (BOMB.encode(), 2, "yaml-alias-expansion"),
    "deep-flow-nesting": (b"[" * 10_000 + b"]" * 10_000, 2, "yaml-"),
    "deep-block-nesting": (
        "".join(" " * i + "-\n" for i in range(1_000)).encode(),
        2,
        "yaml-depth",
    ),
    "deep-mapping-nesting": (
        "".join(" " * i + f"k{i}:\n" for i in range(1_000)).encode(),
        2,
        "yaml-depth",
    ),
    "binary": (bytes(range(256)) * 4, 2, "input-encoding"),
    "invalid-utf8": (b'manifest_version: "1.0"\nmodel:\n  name: \xff\xfe\n', 2, "input-encoding"),
    "duplicate-keys": (
        b'manifest_version: "1.0"\nmanifest_version: "1.0"\n',
        2,
        "yaml-duplicate-key",
    ),
    "python-object-tag": (b"model: !!python/object/apply:os.system [echo pwned]\n", 2, "yaml-tag"),
    "float-version": (
        b"manifest_version: 1.10\nmodel: {name: x, producer: y}\ncomponents: {}\n",
        1,
        "manifest-version",
    ),
    "no-as-false": (
        b'manifest_version: "1.0"\nmodel: {name: no, producer: y}\ncomponents: {}\n',
        1,
        "schema-type",
    ),
    "top-level-list": (b"- a\n- b\n", 2, "manifest-type"),
    "top-level-scalar": (b"just text\n", 2, "manifest-type"),
    "empty": (b"", 2, "input-empty"),
    "multiple-documents": (b"a: 1\n---\nb: 2\n", 2, "yaml-multiple-documents"),
    "huge-key-count": (_many_keys(60_000), 1, "schema-"),
    "too-many-plain-nodes": (b"[" + b"1," * 300_000 + b"1]\n", 2, "yaml-too-many-nodes"),
    "huge-integer": (
        b'manifest_version: "1.0"\nmodel: {name: ' + b"9" * 5000 + b"}\n",
        2,
        "yaml-number",
    ),
    "huge-hex-integer": (b"manifest_version: 0x" + b"f" * 5000 + b"\n", 2, "yaml-number"),
    "control-characters": (b"a: \x07\x08\n", 2, "yaml-syntax"),
    "unknown-alias": (b"a: *nothing\n", 2, "yaml-"),
    "complex-key": (b"? [a, b]\n: c\n", 2, "yaml-complex-key"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_input_gives_one_clear_line(name: str, tmp_path: Path) -> None:
    content, code, rule = CASES[name]
    path = tmp_path / f"{name}.yaml"
    path.write_bytes(content)
    before = time.process_time()
    result = openness.validate(path)
    assert time.process_time() - before < NO_HANG_SECONDS, "hostile input must not hang the tool"
    errors = [finding for finding in result.findings if finding.severity == "error"]
    assert errors and errors[0].rule.startswith(rule), result.findings
    assert errors[0].file == str(path)
    completed = run_openness("validate", str(path))
    assert completed.returncode == code, completed
    assert "Traceback" not in completed.stderr + completed.stdout
    first = (completed.stdout or completed.stderr).splitlines()[0]
    assert first.startswith(f"{path}:") and f"[{errors[0].rule}]" in first


def test_reading_time_grows_linearly_with_input(tmp_path: Path) -> None:
    """Four times the keys take about four times as long (quadratic work would take sixteen)."""

    def cost(count: int) -> float:
        path = tmp_path / f"keys-{count}.yaml"
        path.write_bytes(_many_keys(count))
        started = time.process_time()
        openness.validate(path)
        return time.process_time() - started

    cost(1_000)  # warm up: imports and compiled validators are not part of the growth
    small = min(cost(15_000) for _ in range(3))
    large = min(cost(60_000) for _ in range(3))
    assert large < 8 * small + 0.05, (small, large)


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as stream:
        stream.write(b"a: " + b"x" * (50 * 1024 * 1024) + b"\n")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.process_time()
    result = openness.validate(path)
    assert time.process_time() - started < 1.0
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 20 * 1024  # KiB: not read
    assert [finding.rule for finding in result.findings] == ["input-too-large"]
    assert not result.readable


def test_size_limit_is_configurable(tmp_path: Path) -> None:
    path = tmp_path / "small.yaml"
    path.write_text('manifest_version: "1.0"\nmodel: {name: x, producer: y}\ncomponents: {}\n')
    assert openness.validate(path, max_bytes=10).findings[0].rule == "input-too-large"
    assert openness.validate(path).ok
    completed = run_openness("validate", "--max-bytes", "10", str(path))
    assert completed.returncode == 2 and "[input-too-large]" in completed.stdout


def test_missing_file_and_directory(tmp_path: Path) -> None:
    for path, words in ((tmp_path / "nope.yaml", "cannot read"), (tmp_path, "is a directory")):
        completed = run_openness("validate", str(path))
        assert completed.returncode == 2 and words in completed.stdout
        assert "Traceback" not in completed.stderr


def test_json_manifests_read_as_json_does(tmp_path: Path) -> None:
    """JSON escapes astral characters as surrogate pairs, which YAML alone would refuse."""
    import json

    data = {
        "manifest_version": "1.0",
        "model": {"name": "Emoji \U0001f600 model", "producer": 'Lab \\ud83d "quoted"'},
        "components": {},
    }
    path = tmp_path / "openness.json"
    path.write_text(json.dumps(data))  # ensure_ascii: \ud83d\ude00
    assert "\\ud83d\\ude00" in path.read_text()
    result = openness.validate(path)
    assert result.ok and result.manifest is not None
    assert result.manifest.data == data


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_positions_are_an_editors_after_a_yaml_only_line_break(separator: str) -> None:
    """YAML ends a line at U+0085, U+2028 and U+2029; editors show them inside the line."""
    text = f'manifest_version: "1.0"\nmodel: {{name: "a{separator}b", producer: y}}\ncomponents:\n  nope: 1\n'
    result = openness.validate(read_text(text, "m.yaml"))
    (finding,) = result.findings
    assert (finding.line, finding.column, finding.rule) == (4, 3, "schema-additionalProperties")


def test_a_control_character_is_reported_at_its_column_in_characters() -> None:
    with pytest.raises(ReadError) as raised:
        read_text("a: 1\nname: ééé\U0001f600\x07\n", "m.yaml")
    assert (raised.value.line, raised.value.column) == (2, 11)
    assert "U+0007" in raised.value.message


def test_json_positions_count_the_escapes_as_written() -> None:
    """Two escaped surrogates are joined before parsing; the columns after them stay the file's."""
    document = read_text('{"a": "\\ud83d\\ude00", "b": 1}', "m.json")
    assert document.data == {"a": "\U0001f600", "b": 1}
    assert document.positions[("b",)] == (1, 28)


@pytest.mark.parametrize("repeated", ["MIT and ", "Apache 2 ", "Modified MIT, ", "("])
def test_long_license_texts_import_in_linear_time(repeated: str) -> None:
    """A long free-text license in an Index or MOT file: each mention was read against the whole
    text before it, quadratic time (100 KB took minutes)."""
    from openness.importers.mot import import_mot
    from openness.importers.osai_index import import_osai_index

    text = (repeated * (100_000 // len(repeated))).replace('"', "")
    before = time.process_time()
    index = f'system: {{name: x, endmodellicense: "{text}"}}\nlicenses: {{class: open, notes: "{text}"}}\n'
    import_osai_index(read_text(index, "index.yaml"), checked="2026-01-01")
    mot = f'release: {{name: x, producer: y, components: [{{name: "Model architecture", license: "{text}"}}]}}\n'
    import_mot(read_text(mot, "mot.yml"))
    assert time.process_time() - before < NO_HANG_SECONDS


def test_a_byte_order_mark_inside_the_text_reads_as_libyaml_reads_it() -> None:
    document = read_text("a: b\ufeffc\nx: [1, 2]\n", "m.yaml")
    assert document.data == {"a": "b\ufeffc", "x": [1, 2]}
    assert document.positions[("x", 1)] == (2, 8)
