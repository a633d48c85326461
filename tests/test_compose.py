"""The C reader (_compose) builds exactly the tables the positioned reader's _Builder builds, or
declines: on every file of the repository, on hand-made traps, on hostile mutations of real files;
and it keeps no memory from one text to the next."""

from __future__ import annotations

import os
import resource
from pathlib import Path
from typing import Any

import pytest
import yaml
from fuzz_inputs import INDEX_FILES, MANIFESTS, MOT_FILES, fuzz_settings, mutated
from hypothesis import given
from hypothesis import strategies as st
from reading_inputs import FILES, TRAPS, typed

from openness import reader
from openness.reader import MAX_DEPTH, Document, ReadError, decode, read_file_bytes

ROOT = Path(__file__).resolve().parents[1]


def test_it_is_built_and_bound_to_pyyaml_s_libyaml() -> None:
    if os.environ.get("OPENNESS_C_READER") == "0":
        pytest.skip("OPENNESS_C_READER=0: the slow reader is meant")
    assert reader.composer() is not None, (
        "the C reader is not built: install gcc, python3-dev and libyaml-dev (Debian) and run "
        "`make` again, or set OPENNESS_C_READER=0 to test the slow reader"
    )
    from openness._compose import bind

    assert bind(yaml._yaml.__file__) == yaml._yaml.get_version_string()  # type: ignore[attr-defined]


needs_it = pytest.mark.skipif(reader.composer() is None, reason="the C reader is not built")


def built(text: str) -> Document | ReadError:
    """What _Builder makes of a text (read_text with the C reader out of the way)."""
    saved = reader.composer
    reader.composer = lambda: None  # type: ignore[assignment]
    try:
        return reader.read_text(text, "x.yaml")
    except ReadError as error:
        return error
    finally:
        reader.composer = saved  # type: ignore[assignment]


def tables(document: Document) -> tuple[Any, ...]:
    return (
        typed(document.data),
        dict(document.positions),
        dict(document.key_positions),
        dict(document.plain_text),
        document.text,
    )


def assert_same(text: str) -> bool:
    """When the C reader answers, _Builder builds the same four tables; True if it answered."""
    text = text.removeprefix("\ufeff")  # as read_text does first
    composed = reader.composed(text, "x.yaml")
    if composed is None:
        return False
    reference = built(text)
    assert not isinstance(reference, ReadError), (text[:300], reference)
    assert tables(composed) == tables(reference), text[:300]
    held = any(
        isinstance(value, str) and reader.PLACEHOLDER_WORD in value
        for _, value in reader.walk(composed.data)
    )
    assert composed.no_placeholder_word is not held, text[:300]  # the values, not the keys
    return True


@needs_it
@pytest.mark.parametrize("path", FILES, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_file_reads_the_same(path: Path) -> None:
    assert_same(decode(read_file_bytes(path)))


@needs_it
def test_it_answers_for_nearly_every_file() -> None:
    answered = sum(assert_same(decode(read_file_bytes(path))) for path in FILES)
    assert answered >= 0.95 * len(FILES)


@pytest.mark.parametrize("marks", [0, 1, 2])
@pytest.mark.parametrize(
    "text", ["a: 1\nb: [x, y]\n", "a: \u00e9t\u00e9\n", '{"a": "\\ud83d\\ude00"}\n']
)
def test_bytes_read_as_their_text_whatever_the_byte_order_marks(marks: int, text: str) -> None:
    """read_bytes hands the C reader the bytes it decoded (not the text encoded again): the same
    document as read_text of the decoded text, with none, one or two byte order marks."""
    raw = b"\xef\xbb\xbf" * marks + text.encode("utf-8")
    assert tables(reader.read_bytes(raw, "x.yaml")) == tables(
        reader.read_text(decode(raw), "x.yaml")
    )
    assert tables(reader.read_bytes(raw, "x.yaml")) == tables(built(text))


@needs_it
@pytest.mark.parametrize(
    ("text", "held"),
    [
        ("a: TODO\n", True),
        ("TODO: x\n", False),  # a key
        ("a: [1, {b: 'x TODO'}]\n", True),
        ('a: "\\x54ODO"\n', True),  # as the value reads, escapes done
        ("a: TO\n  DO\n", False),  # folded: "TO DO"
        ("a: 1\n", False),
    ],
)
def test_it_says_whether_a_value_holds_the_placeholder_word(text: str, held: bool) -> None:
    composed = reader.composed(text, "x.yaml")
    assert composed is not None and composed.no_placeholder_word is not held
    assert_same(text)


@needs_it
def test_short_texts_kept_between_texts_are_never_mistaken() -> None:
    """The C reader keeps short texts it made (a slot per hash of their bytes): more distinct
    texts than slots, colliding and replacing one another, texts one byte apart, of every length
    up to and past the kept ones, and non-ASCII, still read as the Python reader reads them."""
    words = [f"k{index:x}" for index in range(10_000)]
    words += ["a" * length for length in range(1, 60)] + [
        "\u00e9" * length for length in range(1, 30)
    ]
    for start in range(0, len(words), 2_000):
        chunk = words[start : start + 2_000]
        text = "".join(f"{word}: {word[::-1]}x\n" for word in chunk)
        assert assert_same(text)
        assert assert_same(text.replace("x\n", "y\n"))  # the same keys again, other values


MORE_TRAPS = [
    "a: 1\n...\n",
    "--- !!map\na: 1\n",
    "%TAG ! tag:example.com,2000:\n---\na: 1\n",
    "%YAML 1.1\n--- a\n",
    "a: &anchor\n  b: 1\n",
    "- &x a\n- *x\n",
    "? a\n: b\n",
    "? a\n",
    "a:\n  - b\n  -\n  - c: d\n    e: f\n",
    "{a: [1, {b: c}], d: e}\n",
    "'a': 1\n\"a\": 2\n",
    "a: 1\n'a': 2\n",
    "a: 12:30:45\nb: 0b1010\nc: +12\nd: -0\ne: 1,000\nf: 6.3e+22\ng: .NaN\n",
    "a: yes\nb: On\nc: OFF\nd: n\ne: y\nf: NO\n",
    "a: 2001-12-14t21:59:43.10-05:00\n",
    "a: \x00\n",
    "a: \x07\n",
    "a: \x85b\n",
    "a: b\u2029c\n",
    "\ufeffa: 1\n",
    "a: 1\n\ufeff",
    "a: 'x\n\n  y'\n",
    "- [a, b]: c\n",
    "a: [b, {c, d}]\n",
    "a: {? b}\n",
    "[a, ? b : c]\n",
    "a: -\n",
    "- - - - -\n",
    "a:\n\tb: c\n",
    "\t\n",
    "a: b # c\n  d: e\n",
    "key with spaces: value with: colon\n",
    "\u00e9t\u00e9: \u00e0 \U0001f600\n",
    "a: 1\n" * 3,
    "a: " + "x" * 100_000 + "\n",
    "a:\n" + "".join(f"  k{index}: {index}\n" for index in range(2000)),
    "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1),
    "[" * MAX_DEPTH + "]" * MAX_DEPTH,
    "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1),
    "[" * 2000 + "]" * 2000,
]


@needs_it
@pytest.mark.parametrize("text", TRAPS + MORE_TRAPS)
def test_traps_are_read_the_same_or_declined(text: str) -> None:
    assert_same(text)


@needs_it
@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "a: 1\na: 2\n",
        "? [a]\n: b\n",
        "---\na: 1\n---\nb: 2\n",
        "",
        "# only a comment\n",
        "a: [b, c\n",
        "a: 9" + "9" * 400 + "\n",
        "a: 0x" + "f" * 300 + "\n",  # a number resolve() refuses (too large to print)
        "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1),
        '{"a": "\\ud83d\\ude00"}',  # escapes _Builder joins
        "a: b\u2028c\n",  # lines YAML counts otherwise than an editor
    ],
)
def test_it_declines_what_it_must(text: str) -> None:
    assert reader.composed(text, "x.yaml") is None


@needs_it
def test_a_node_budget_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "[" + ", ".join(["1"] * 50) + "]\n"
    assert reader.composed(text, "x.yaml") is not None
    monkeypatch.setattr(reader, "MAX_NODES", 50)  # the list and its 50 items: 51 nodes
    assert reader.composed(text, "x.yaml") is None
    monkeypatch.setattr(reader, "MAX_NODES", 51)
    assert reader.composed(text, "x.yaml") is not None


SEEDS = MANIFESTS + MOT_FILES[:40] + INDEX_FILES[:40]


@needs_it
@fuzz_settings(300)
@given(mutated(SEEDS), st.sampled_from([None, *TRAPS, *MORE_TRAPS[:-4]]))
def test_mutated_files_are_read_the_same_or_declined(raw: bytes, trap: str | None) -> None:
    try:
        text = decode(raw, "x.yaml")
    except ReadError:
        return  # both readers decode with the same code
    if trap is not None:  # a trap inside a real file, after its first line
        text = text.replace("\n", "\n" + trap, 1) if "\n" in text else text + trap
    assert_same(text)


def _peak_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


@needs_it
def test_no_memory_is_kept_from_one_text_to_the_next() -> None:
    """Each way out (an answer, and a decline at each kind of node) frees what it built: reading
    the same texts many times over does not grow the process."""
    manifest = decode(read_file_bytes(ROOT / "manifests" / "olmo-7b.yaml"))
    cut = manifest.splitlines(keepends=True)
    texts = [
        manifest,
        manifest + "model: again\n",  # a duplicate key at the end
        "".join(cut[: len(cut) // 2]) + "  &x bad\n",  # an anchor half-way
        manifest + "extra: *x\n",  # an alias
        manifest + "more: [a, b\n",  # a syntax error at the end
        manifest + "a: 0x" + "f" * 300 + "\n",  # resolve() refuses a value
        "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1),
    ]

    def read_all(times: int) -> None:
        for _ in range(times):
            for text in texts:
                reader.composed(text, "x.yaml")

    read_all(50)
    before = _peak_kib()
    read_all(500)
    assert _peak_kib() - before < 4096, "memory grows with every text read"


def probes(document: Document) -> list[reader.Path_]:
    """Every path of a document, and paths beside them that name no node: a key or an index too
    many, an index out of range or negative, a key of the wrong type, a bool for an index."""
    found: list[reader.Path_] = []
    for path, _ in reader.walk(document.data):
        found.append(path)
        found.extend([(*path, "absent"), (*path, 0), (*path, 10**6), (*path, -1), (*path, True)])
        if path:
            found.append((*path[:-1], str(path[-1]) if isinstance(path[-1], int) else 0))
    return found


@needs_it
@pytest.mark.parametrize("path", FILES[::7], ids=lambda path: str(path.relative_to(ROOT)))
def test_lookups_find_what_the_positioned_reader_s_tables_hold(path: Path) -> None:
    """The rows answer a lookup as _Builder's dicts do, for paths of nodes and paths of none; and
    Document.position gives the same position, a key's or its nearest ancestor's."""
    text = decode(read_file_bytes(path))
    document = reader.composed(text, "x.yaml")
    if document is None:
        return
    reference = built(text)
    assert isinstance(reference, Document)
    for probe in probes(reference):
        for mine, theirs in [
            (document.positions, reference.positions),
            (document.key_positions, reference.key_positions),
            (document.plain_text, reference.plain_text),
        ]:
            assert (probe in mine) == (probe in theirs), probe
            assert mine.get(probe) == theirs.get(probe), probe
        for key in (False, True):
            assert document.position(probe, key=key) == reference.position(probe, key=key)


@needs_it
def test_a_document_travels_to_another_process_with_its_positions() -> None:
    """Batches send documents to worker processes: pickled, the rows answer as before."""
    import pickle

    text = decode(read_file_bytes(ROOT / "manifests" / "olmo-7b.yaml"))
    document = reader.composed(text, "x.yaml")
    assert document is not None
    again = pickle.loads(pickle.dumps(document))
    assert tables(again) == tables(document)
    assert repr(again.positions) == repr(dict(document.positions))


@needs_it
def test_data_changed_after_reading_is_not_misplaced() -> None:
    """A container given or taken a child since it was read has no rows below it: lookups under it
    fall back to it, and none fails."""
    document = reader.composed("a:\n  b: 1\n  c: [x, y]\nd: 2\n", "x.yaml")
    assert document is not None
    assert document.position(("a", "c", 1)) == (3, 10)
    document.data["a"]["c"].append("z")
    document.data["a"]["e"] = 3
    assert document.position(("a", "c", 1)) == (2, 3)  # "a" has a child more: its own position
    assert document.position(("d",)) == (4, 4)
    del document.data["a"]
    assert document.position(("d",)) == (1, 1)
    assert document.position(("a", "b")) == (1, 1)
