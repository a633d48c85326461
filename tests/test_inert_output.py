"""What a stranger's manifest says reaches every output as inert, bounded text.

Hostile strings (terminal escapes, line breaks of every kind, bidi overrides, Markdown and HTML, a
forged finding, a megabyte of text) are placed in each free-text place of a manifest, in its file
name and in a model card, and run through the CLI in-process. Whatever the output kind: a finding is
one line, no control or format character is written raw, Markdown builds no link, image or HTML
from them, the badge is well-formed XML, a starter manifest has exactly the keys it should.
"""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ElementTree
from dataclasses import replace
from pathlib import Path
from typing import Any

import markdown as python_markdown
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import openness
from openness.badge import badge_svg
from openness.cli import main
from openness.escaping import LIMIT, LINE_LIMIT, markdown, one_line, quote, shorten, visible, xml
from openness.spec import latest_released, load_definition
from openness.starter import starter_manifest

ROOT = Path(__file__).resolve().parents[1]
MEGABYTE = 1_000_000  # characters: with the rest of the manifest, under the 1 MiB default limit
FORGED_FINDING = "openness.yaml:1:1: error: forged [schema-type]"
FORGED_LEVEL = (
    "x.yaml: x reaches open-science (Open science) under the Model Openness Definition 1.1"
)

HOSTILE: dict[str, str] = {
    "ansi-csi": "\x1b[31mred\x1b[0m \x1b[2J\x1b[H",
    "osc-8-hyperlink": "\x1b]8;;https://evil.example/\x07click me\x1b]8;;\x07",
    "bel-and-backspace": "bell\x07\x08\x08hidden",
    "nul": "before\x00after",
    "cr": "shown\roverwritten",
    "lf": "first\nsecond",
    "crlf": "first\r\nsecond",
    "nel": "first\x85second",
    "line-separator": "first\u2028second",
    "paragraph-separator": "first\u2029second",
    "c1-csi": "\x9b31mred",
    "right-to-left-override": "abc\u202edcba",
    "isolates": "\u2066isolated\u2069 \u2067rtl\u2069",
    "zero-width-joiner": "zero\u200dwidth\u200bspace",
    "byte-order-mark": "\ufeffbom",
    "lone-surrogate": "broken\ud800half",
    "forged-finding": f"x\n{FORGED_FINDING}",
    "forged-level": f"x\n{FORGED_LEVEL}",
    "markdown-heading": "# Heading\n## Another",
    "markdown-image": "![x](https://evil.example/img.png)",
    "markdown-link": "[click](javascript:alert(1))",
    "markdown-reference": "[click][evil]\n\n[evil]: https://evil.example/",
    "html-img": '<img src=x onerror="alert(1)">',
    "html-script": "<script>alert(1)</script>",
    "markdown-inline": "`code` *em* _em_ ~~strike~~ \\*not\\* $x^2$ @user #1 &amp; &#x3C;",
    "markdown-table": "| a | b |\n|---|---|\n| c | d |",
    "autolink": "<https://evil.example/> <javascript:alert(1)>",
    "megabyte": "a" * MEGABYTE,
    "megabyte-of-escapes": "\x1b" * MEGABYTE,
}
# Rule ids are kebab-case, but a schema keyword keeps its own case: schema-additionalProperties.
FINDING = re.compile(r"^[^\n]+:\d+:\d+: (error|warning): .+ \[[A-Za-z0-9*-]+\]$")
CARD_KEYS = {"manifest_version", "model", "components"}


def valid_manifest() -> dict[str, Any]:
    """A manifest that validates and reaches a level, with every free-text place filled."""
    location = "https://example.org/weights"
    return {
        "manifest_version": "1.1",
        "model": {"name": "Example", "producer": "Example Lab"},
        "components": {
            "final-parameters": {
                "availability": "released",
                "license": "Apache-2.0",
                "location": location,
                "notes": "Weights.",
                "evidence": [{"url": location, "accessed": "2026-01-01", "quote": "Apache 2.0"}],
            },
            "training-code": {
                "availability": "released",
                "license": "LicenseRef-Acme",
                "location": "https://example.org/code",
            },
        },
        "licenses": {"LicenseRef-Acme": {"name": "Acme", "url": "https://acme.example/l"}},
    }


def in_text_places(payload: str) -> dict[str, Any]:
    """The payload where free text is allowed: the name, notes, an evidence quote, a license URL."""
    data = valid_manifest()
    data["model"]["name"] = payload
    weights = data["components"]["final-parameters"]
    weights["notes"] = payload
    weights["evidence"][0]["quote"] = payload
    # A URL has no white space (the schema's pattern, an ECMA-262 \s: Python's, and U+FEFF too),
    # but may hold any other character.
    spaceless = "".join(payload.split()).replace("\ufeff", "")
    data["licenses"]["LicenseRef-Acme"]["url"] = "https://acme.example/" + spaceless
    return data


def in_checked_places(payload: str) -> dict[str, Any]:
    """The payload where a check quotes it back: a key, a license expression, a location."""
    data = valid_manifest()
    data[payload] = 1
    weights = data["components"]["final-parameters"]
    weights["license"] = payload
    weights["location"] = "https://example.org/" + payload
    return data


def write(folder: Path, data: dict[str, Any], name: str = "openness.json") -> Path:
    path = folder / name
    path.write_text(json.dumps(data), encoding="utf-8")  # ASCII: every character as an escape
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_inert_lines(text: str, bound: int) -> None:
    """No character is written raw that is not printable; each line is bounded."""
    for line in text.split("\n"):
        assert line.isprintable(), ascii(line[:300])
        assert len(line) <= bound, (len(line), line[:300])


def assert_findings_are_lines(text: str, expected: int) -> None:
    lines = [line for line in text.split("\n") if line]
    assert len(lines) == expected, lines
    for line in lines:
        assert FINDING.match(line), line[:300]


def line_bound(folder: Path) -> int:
    """Lines are cut at LINE_LIMIT characters, and an escape (\\x1b) is four; the folder of the
    test's files is in file names, which may be quoted twice."""
    return 4 * LINE_LIMIT + 2 * len(str(folder)) + 100


@pytest.fixture(params=sorted(HOSTILE))
def payload(request: pytest.FixtureRequest) -> str:
    return HOSTILE[request.param]


@pytest.mark.parametrize("place", [in_text_places, in_checked_places])
def test_validate_and_assess_are_inert(
    place: Any, payload: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(write(tmp_path, place(payload)))
    bound = line_bound(tmp_path)
    result = openness.validate(path)
    if place is in_text_places and len(payload) <= LIMIT and "\ud800" not in payload:
        assert result.ok, result.findings  # so that the assessment's outputs are tested too

    _, out, err = run(capsys, "validate", path)
    assert_inert_lines(out + err, bound)
    assert_findings_are_lines(out, len(result.findings))

    _, out, _ = run(capsys, "validate", "--format", "json", path)
    (entry,) = json.loads(out)
    for finding in entry["findings"]:
        assert len(finding["message"]) <= bound

    _, out, err = run(capsys, "assess", path)
    assert_inert_lines(out + err, bound)
    if result.ok:
        headers = [line for line in out.split("\n") if line and not line.startswith(" ")]
        assert len(headers) == 1 and headers[0].startswith(f"{path}: "), headers
        assert_findings_are_lines(err, len(result.findings))
    else:
        assert out.strip() == "" and err.strip()
        assert_findings_are_lines(err, len(result.findings))

    _, out, _ = run(capsys, "assess", "--format", "json", path)
    for assessment in json.loads(out):  # JSON is data: the name whole, as the manifest wrote it
        assert assessment["model"] == place(payload)["model"]["name"]

    _, out, _ = run(capsys, "assess", "--format", "markdown", path)
    assert_inert_markdown(out, bound)


def assert_inert_markdown(text: str, bound: int) -> None:
    """Rendered, the Markdown makes no element of the payload's; raw, it holds no HTML of it."""
    assert_inert_lines(text, bound)
    rendered = python_markdown.markdown(text, extensions=["tables"])
    for tag in ("<img", "<script", "<h1", "<h2", "<em>", "<code>", "<del", "<sup"):
        assert tag not in rendered, tag
    for target in re.findall(r'href="([^"]*)"', rendered):
        assert target.startswith("https://") and "evil" not in target, target
    assert "<" not in text.replace("<br>", "")  # the only tag the renderer writes


def test_badge_is_well_formed_xml(
    payload: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = valid_manifest()
    data["model"]["name"] = shorten(payload, 150)  # within the schema's limit: a badge is made
    path = str(write(tmp_path, data))
    if not openness.validate(path).ok:  # the reader refuses a lone surrogate
        pytest.skip("not a valid manifest")
    code, out, _ = run(capsys, "badge", path)
    assert code == 0
    root = ElementTree.fromstring(out)
    (title,) = [element for element in root.iter() if element.tag.endswith("title")]
    assert title.text is not None and title.text.startswith(visible(shorten(payload, 150)))
    assert all(character.isprintable() for character in "".join(root.itertext()))


def test_a_megabyte_name_makes_a_small_badge(tmp_path: Path) -> None:
    assessment = openness.assess(write(tmp_path, valid_manifest()))
    svg = badge_svg(replace(assessment, model="\x1b<&>" * MEGABYTE))
    assert len(svg) < 4096
    ElementTree.fromstring(svg)


def test_hostile_file_names(
    payload: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name = payload[:100] + ".json"
    try:
        path = write(tmp_path, valid_manifest(), name)
    except (OSError, ValueError, UnicodeEncodeError):
        pytest.skip("the file system refuses this name")
    if path.parent != tmp_path:
        pytest.skip("a name with a slash is a path")
    bound = line_bound(tmp_path)
    result = openness.validate(str(path))
    _, out, err = run(capsys, "validate", str(path))
    assert_inert_lines(out + err, bound)
    assert_findings_are_lines(out, len(result.findings))
    _, out, err = run(capsys, "assess", str(path))
    assert_inert_lines(out + err, bound)
    assert len([line for line in out.split("\n") if line and not line.startswith(" ")]) == 1
    _, out, _ = run(capsys, "assess", "--format", "markdown", str(path))
    assert_inert_markdown(out, bound)
    # Below --min-level: the message names the file, on one line.
    code, _, err = run(capsys, "assess", "--min-level", "open-science", str(path))
    assert code == 1
    assert_inert_lines(err, bound)


def test_a_megabyte_in_every_place_gives_short_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = "a" * MEGABYTE
    checked = in_checked_places(big)
    del checked[big]  # YAML's simple keys stop at 1024 characters: a long key is an explicit one
    key = tmp_path / "key.yaml"
    key.write_text(f"? {big}\n: 1\n" + yaml.safe_dump(valid_manifest()), encoding="utf-8")
    paths = [write(tmp_path, in_text_places(big), "text.json"), write(tmp_path, checked), key]
    for path in map(str, paths):
        code, out, err = run(capsys, "validate", "--max-bytes", str(8 * MEGABYTE), path)
        assert code == 1
        lines = out.strip().split("\n")
        assert all(len(line) < 1024 + len(path) for line in lines), [len(x) for x in lines]
        assert "(1,000,000 characters)" in out or "(1,000,020 characters)" in out, out
        assert len(out + err) < 16 * 1024


def test_import_keeps_a_hostile_file_name_in_its_comment(
    payload: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = (ROOT / "tests" / "fixtures" / "docs" / "Example 1B.yaml").read_bytes()
    path = tmp_path / (payload[:100] + ".yaml")
    try:
        path.write_bytes(source)
    except (OSError, ValueError, UnicodeEncodeError):
        pytest.skip("the file system refuses this name")
    code, out, err = run(capsys, "import", "osai-index", "--date", "2026-01-01", str(path))
    assert code == 0, err
    assert_inert_lines(err, line_bound(tmp_path))
    header = [line for line in out.split("\n") if line.startswith("#")]
    assert len(header) == 2 and all(line.isprintable() for line in header), header
    plain = tmp_path / "plain.yaml"
    plain.write_bytes(source)
    _, expected, _ = run(capsys, "import", "osai-index", "--date", "2026-01-01", str(plain))
    assert set(yaml.safe_load(out)) == set(yaml.safe_load(expected))


# --- openness init: a hostile model card ----------------------------------------------------------


def hostile_card(payload: str) -> str:
    payload = payload[:100_000]  # seven times, escaped: within the 4 MiB a card is read to
    front = {
        "license": "other",
        "license_name": f"{payload}\nmanifest_version: '9'\ninjected: true",
        "license_link": f"\u2028injected: 1\r{payload}",
        "model_name": f'{payload}"\n  producer: evil',
        "base_model": f"org/base{payload}\nx: 1",
        "base_model_relation": f"finetune\n{payload}",
        "datasets": [f"org/data\r\nkey: {payload}", payload],
    }
    return "---\n" + yaml.safe_dump(front, allow_unicode=False) + "---\n# A card\n"


def test_init_from_a_hostile_model_card(
    payload: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    card = tmp_path / "README.md"
    card.write_text(hostile_card(payload), encoding="utf-8")
    target = tmp_path / "openness.yaml"
    code, out, err = run(capsys, "init", str(target), "--from-model-card", str(card))
    if code == 2:  # the card's own YAML refused (a lone surrogate): one inert line, nothing written
        assert_inert_lines(err, line_bound(tmp_path))
        assert not target.exists()
        return
    assert code == 0, err
    assert_inert_lines(out + err, line_bound(tmp_path))
    text = target.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert set(data) == CARD_KEYS
    assert set(data["model"]) == {"name", "producer", "base_model", "relation"}
    front = yaml.safe_load(hostile_card(payload).split("---\n")[1])
    assert front["license_name"] in text or "\n" in front["license_name"]  # a comment, escaped
    assert data["model"]["name"] == front["model_name"]
    assert data["model"]["producer"].startswith("TODO")
    assert data["model"]["base_model"]["name"] == front["base_model"]
    datasets = data["components"]["training-datasets"]["datasets"]
    assert [item["name"] for item in datasets] == front["datasets"]
    assert set(data["components"]) == {c.id for c in load_definition(latest_released()).components}
    for line in text.split("\n"):  # values are kept whole, as data; what a comment says is cut
        assert line.isprintable(), ascii(line[:300])
        if line.lstrip().startswith("#") or "  # " in line:
            assert len(line) <= line_bound(tmp_path), ascii(line[:300])


# --- the escapers themselves, for any text ----------------------------------------------------


ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=300)
LIMITS = st.integers(min_value=1, max_value=400)
# Markdown that is only literal text: escaped punctuation, the five entities, other characters.
LITERAL_MARKDOWN = re.compile(r"(?:\\[!-/:-@\[-`{-~]|&(?:amp|lt|gt|quot|#x27);|[^!-/:-@\[-`{-~])*")


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT, LIMITS)
def test_one_line_is_printable_and_bounded(text: str, limit: int) -> None:
    shown = one_line(text, limit)
    assert shown.isprintable() and len(shown.splitlines()) <= 1
    # Each character kept is at most ten of an escape (\U0010ffff); the cut says the size.
    assert len(shown) <= 10 * limit + len(f"… ({len(text):,} characters)")
    if len(text) <= limit and text.isprintable():
        assert shown == text


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_markdown_is_literal_text(text: str) -> None:
    escaped = markdown(text)
    assert LITERAL_MARKDOWN.fullmatch(escaped), escaped
    unescaped = html.unescape(re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", escaped))
    assert unescaped == one_line(text)


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_xml_is_well_formed(text: str) -> None:
    element = ElementTree.fromstring(f'<t a="{xml(text)}">{xml(text)}</t>')
    assert (element.text or "") == element.get("a") == one_line(text)


@settings(max_examples=200, deadline=None)
@given(ANY_TEXT.filter(bool))
def test_starter_values_round_trip(text: str) -> None:
    definition = load_definition(latest_released())
    data = yaml.safe_load(starter_manifest(definition, name=text, producer=text, url=text))
    assert set(data) == CARD_KEYS
    # YAML has no lone surrogates (argv can give one): they are written as U+FFFD.
    expected = re.sub("[\ud800-\udfff]", "\ufffd", text)
    assert data["model"] == {"name": expected, "producer": expected}
    assert data["components"]["final-parameters"]["location"] == expected


def test_quote_says_the_size() -> None:
    assert quote("abc") == "'abc'"
    assert quote("a" * 1_048_576) == f"'{'a' * LIMIT}…' (1,048,576 characters)"
    assert quote("\x1b" * 3) == "'\\x1b\\x1b\\x1b'"
    assert shorten("a" * 5, 3) == "aaa… (5 characters)"


def test_escapes_are_shown_as_repr_shows_them() -> None:
    assert one_line("a\nb\r\x1b[31m\u2028\u202e\x85\ud800\t") == (
        "a\\nb\\r\\x1b[31m\\u2028\\u202e\\x85\\ud800\\t"
    )
    assert one_line("Grüße — 模型 😀") == "Grüße — 模型 😀"  # printable text is left alone
