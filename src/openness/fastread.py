r"""A fast way to read the common manifest, without positions, for batches; or no answer at all.

The positioned reader (reader.py) turns each of libyaml's events into Python data in Python: about
1.5 ms for a 13 KB manifest. Here libyaml only checks the syntax, in C (`raw_parse`, no Python
object per event), rapidyaml builds the data and writes it as JSON in C++, and the C JSON decoder
makes the Python data: a fraction of the time (tests/test_fastread.py and `make bench`).

It answers only for a text whose meaning it can vouch for, and gives no answer for anything else,
which the positioned reader then reads (and reports on) as always:

- libyaml, the positioned reader's parser, must accept the text: no syntax it refuses gets in;
- no anchor, alias, tag, directive or document end marker (rapidyaml drops tags and anchors, and
  keeps an alias as the text "*name"), no escape but \\ \" \/ \n \t and \u (no surrogate
  halves), no tab, carriage return, BOM or YAML-only line break;
- at most one document;
- no duplicate key, no nesting deeper than MAX_DEPTH, no more events than MAX_NODES, and as many
  nodes in the data as libyaml made events of the text (a duplicate key leaves one fewer);
- no value whose YAML 1.1 reading could differ from rapidyaml's (YAML 1.2's): no float but
  decimals with a dot and, if any, a signed exponent (`6.3e+22`; not `1e5`), no integer but plain decimals of at most MAX_INTEGER_DIGITS digits, and no string that YAML 1.1
  reads as a bool, a number, a null, `<<` or `=` when unquoted, wherever the source may have it
  unquoted (JSON does not say): `no`, `~`, `1_000`, `0o17` and the like go to the positioned
  reader, a quoted "1.1" does not.

So when it answers, the data is what the positioned reader would have built (tests/test_fastread.py
checks it on every file of the repository and on hostile inputs). Set OPENNESS_FAST_READ=0 to turn
it off.

Where the C reader is built (reader.composer(), _compose.c), read_unpositioned asks it instead: the
positioned reader's own data, built in C, without the positions; rapidyaml and the checks above
then serve only an install without it.
"""

from __future__ import annotations

import json
import math
import os
import re
from functools import cache, lru_cache
from typing import Any

from .pyyaml import CParser, yaml
from .reader import (
    DEFAULT_MAX_BYTES,
    MAX_DEPTH,
    MAX_INTEGER_DIGITS,
    MAX_NODES,
    Document,
    ReadError,
    composed,
    composer,
    decode,
    read_file_bytes,
)

_YAML = "tag:yaml.org,2002:"


def enabled() -> bool:
    """Whether the fast path is on (the default); OPENNESS_FAST_READ=0 turns it off."""
    return os.environ.get("OPENNESS_FAST_READ", "1") != "0"


def worth_it() -> bool:
    """Whether a file is best read without positions first (read_unpositioned), its findings then
    placed (findings.located): only where the C reader (reader.composer) is not built. With it,
    positions cost a few percent of the read (a row of numbers per node, _compose.c), less than
    placing one finding would. Without it, the positioned reader costs several times the fast
    read, and placing a few findings less."""
    return enabled() and composer() is None


# A backslash other than JSON's common escapes (no surrogate halves); characters whose handling
# may differ between parsers; a node property (anchor &name, alias *name, tag !...).
_OTHER_ESCAPE = re.compile(r"\\(?![\"\\/nt]|u(?![dD][89abAB])[0-9a-fA-F]{4})")
# What printable() refuses, and a tab, carriage return, BOM or YAML-only line break, looked for in
# the UTF-8 bytes (a lone surrogate cannot be encoded): a byte below 0x20 but \n, or 0x7f; a C1
# control (U+0080 to U+009F, bytes C2 80 to C2 9F); U+2028, U+2029, U+FEFF, U+FFFE, U+FFFF.
# Substring searches and one translate: a character class over the whole text costs ten times more.
_PLAIN_BYTES = b"\n" + bytes(range(0x20, 0x7F)) + bytes(range(0x80, 0x100))
_C1_CONTROL = re.compile(b"\xc2[\x80-\x9f]")
_ODD_BEYOND_ASCII = ("\u2028", "\u2029", "\ufeff", "\ufffe", "\uffff")
_NAME = re.compile(r"[0-9A-Za-z_-]+")  # libyaml's characters of an anchor's name


def _odd_character(text: str, source: bytes) -> bool:
    """Whether the text (source: its UTF-8) has a character that printable() refuses, a tab, a
    carriage return, a BOM or a YAML-only line break."""
    if source.translate(None, _PLAIN_BYTES):
        return True
    if text.isascii():
        return False
    return _C1_CONTROL.search(source) is not None or any(
        character in text for character in _ODD_BEYOND_ASCII
    )


def _refused(text: str, source: bytes) -> tuple[bool, set[str]]:
    """Whether the text (source: its UTF-8) has what this module does not vouch for: a tag or
    anchor where a node may start (rapidyaml drops both), a directive or document end marker at
    the start of a line, an escape it may read otherwise, a tab, carriage return, BOM or YAML-only
    line break. And the aliases there may be (*name where a node may start, or in a quoted
    text): rapidyaml keeps an alias as the text "*name", which tells them apart."""
    aliases: set[str] = set()
    if _odd_character(text, source):
        return True, aliases
    # Escaped backslashes first, so that the second of a pair is not read as an escape of its own.
    if "\\" in text and _OTHER_ESCAPE.search(text.replace("\\\\", "")):
        return True, aliases
    # `"%" in text` first: a search for one character is memchr, for two or more ten times slower.
    if text.startswith(("%", "...")) or ("%" in text and "\n%" in text) or "\n..." in text:
        return True, aliases
    for indicator in "&*!":  # each found by a substring search: they are rare
        at = text.find(indicator)
        while at != -1:
            if not at or text[at - 1] in " \n[{,:":  # else inside a plain scalar: Tom&Jerry, a*b
                if indicator == "!":
                    return True, aliases
                name = _NAME.match(text, at + 1)
                if name is not None:  # else "* item", "& co": no property (libyaml wants a name)
                    if indicator == "&":
                        return True, aliases
                    aliases.add(name.group())
            at = text.find(indicator, at + 1)
    return False, aliases


def _ambiguous_alternatives() -> str:
    """What YAML 1.1 reads as something else than text when it is written unquoted, as one
    regular expression built from PyYAML's own resolvers (all but str and timestamp: dates stay
    text either way)."""
    patterns = {
        regexp.pattern.strip().removeprefix("^").removesuffix("$")
        for resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.values()
        for tag, regexp in resolvers
        if tag not in (_YAML + "str", _YAML + "timestamp")
    }
    return "|".join(f"(?:{pattern})" for pattern in sorted(patterns))


# A quick no for most strings of the JSON, before the resolvers' patterns are tried: each of them
# starts with one of these characters (or is empty, `""`); those that start with a letter are the
# words of bool and null, five letters at most; and none has a `-` right after a digit (a sign
# comes first, or after the e of an exponent), so a date (2026-12-01, dozens a manifest) is none.
# tests/test_fastread.py checks that the strings found are the same with it and without it.
_AMBIGUOUS_FIRST = r"(?=[-+.~<=!&*\"]|[yYnNtTfFoO][^\"]{0,4}\"|[0-9](?![0-9]{3}-))"


@cache
def _ambiguous_string() -> re.Pattern[str]:
    """A JSON string that YAML 1.1 reads as something else when it is written unquoted."""
    return re.compile(f'"{_AMBIGUOUS_FIRST}(?:{_ambiguous_alternatives()})"', re.X)


def _plain_somewhere(text: str, value: str) -> bool:
    """Whether a value could stand somewhere in the source as a whole plain scalar: after a `:`, a
    flow indicator, or the indentation (and block indicators) of a line; before the end of the
    line, a comment, a `:` or a flow indicator. Written "1.1" (quoted) it is text in both
    readings; written 1.1 (plain), a number in YAML 1.1. Anything that looks like one counts, in a
    comment or in prose: then no answer."""
    ending = _ending_with(value)
    found = ending.search(text)
    while found is not None:
        start = found.start()
        before = start
        while before and text[before - 1] == " ":
            before -= 1
        if not before or text[before - 1] in "\n:,[{":
            return True
        # "- 1.1" or "? 1.1": an indicator and a space, at the start of the text or of a line, or
        # after another indicator (text[-1:0] is "", which `in` finds in any text).
        indicator = before - 1
        if text[indicator] in "-?" and before < start and text[indicator - 1 : indicator] in "\n ":
            return True
        found = ending.search(text, start + 1)  # from the next character: overlaps count too
    return False


@lru_cache(maxsize=256)  # a few values (versions, small numbers) in most manifests
def _ending_with(value: str) -> re.Pattern[str]:
    """The value where a plain scalar could end after it: before spaces, then the end of the text
    or of the line, a comment, a `:` or a flow indicator. A pattern that starts with a literal is
    searched for in a third of the time str.find takes for a needle of a few characters."""
    return re.compile(re.escape(value) + r"(?= *(?:[\n#,\]}:]|\Z))")


class _Refused(Exception):
    """The text is not one this module vouches for."""


def _integer(text: str) -> int:
    # JSON allows -0 and plain decimals only; YAML 1.1 reads those the same, up to the length limit.
    if len(text.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise _Refused("long number")
    return int(text)


# A float that YAML 1.1 and JSON read alike: a dot with digits on both sides and, if any, a signed
# exponent (YAML 1.1 reads `1e5` and `1.5e5` as strings, JSON as numbers).
_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]*)\.[0-9]+(?:[eE][-+][0-9]{1,3})?")
# rapidyaml writes a plain `-.5` as -0.5, which YAML 1.1 reads as the string "-.5": a source with
# a sign before a dot and a digit anywhere gets no answer when it has floats. The dot first, then
# the sign behind it: a pattern that starts with a literal is searched for quickly.
_SIGNED_DOT = re.compile(r"\.(?<=[-+]\.)[0-9]")


def _float(text: str, seen: list[str]) -> float:
    seen.append(text)
    if len(text) > 32 or not _FLOAT.fullmatch(text):
        raise _Refused("float")
    value = float(text)
    if not math.isfinite(value):
        raise _Refused("float")
    return value


def _refuse(text: str) -> Any:
    raise _Refused(text)


def _shape(data: Any) -> tuple[int, int]:
    """How deep lists and mappings nest, and how many events libyaml's parser makes of the text
    the data was read from, when each key and each value of the data stands for one node of the
    text: a start and an end event per list and mapping, one per key and other value, and the
    stream's and the document's start and end. A duplicate key, or any node that rapidyaml read
    otherwise, makes the counts differ."""
    level = [data] if type(data) is dict or type(data) is list else []  # `null` is no container
    depth, events = 0, 5  # the stream's and document's start and end, and the root
    while level:
        depth += 1
        events += len(level)  # each list's and mapping's end event (its start: as a node)
        for node in level:
            events += 2 * len(node) if type(node) is dict else len(node)
        level = [
            child
            for node in level
            for child in (node.values() if type(node) is dict else node)
            if type(child) is dict or type(child) is list
        ]
    return depth, events


@cache
def _null_device() -> int:
    return os.open(os.devnull, os.O_WRONLY)


def _as_json(source: bytes) -> tuple[str | None, bool]:
    """rapidyaml's JSON for a YAML text (None: empty, or rapidyaml refuses it), and whether it is
    a stream (the text starts with ---), written [document]. rapidyaml writes why it refuses a
    text to the standard error file, with pieces of the text: that goes to the null device."""
    import ryml  # type: ignore[import-untyped]

    try:
        saved: int | None = os.dup(2)
    except OSError:  # no standard error: nothing to keep quiet
        saved = None
    try:
        if saved is not None:
            os.dup2(_null_device(), 2)
        tree = ryml.parse_in_arena(source)
        root = tree.root_id()
        stream = tree.is_stream(root)
        if stream and tree.num_children(root) != 1:
            return None, stream  # more than one document
        # Into a buffer of ours: emit_json's own (malloc'd) buffer is never freed, which grows a
        # process by the size of every file it reads.
        room = bytearray(4 * len(source) + 256)
        failed, size = ryml.emit_json_to_substr(tree, root, room)
        if failed:  # more room than that: the size is known now
            room = bytearray(size)
            failed, size = ryml.emit_json_to_substr(tree, root, room)
        return (None if failed or not size else room[:size].decode("utf-8")), stream
    except Exception:
        return None, False
    finally:
        if saved is not None:
            os.dup2(saved, 2)
            os.close(saved)


def read_data(text: str) -> tuple[bool, Any]:
    """(True, data) when this module vouches for the text, else (False, None): read it with the
    positioned reader. Never raises for any text."""
    try:
        source = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate, which YAML refuses
        return False, None
    refused, aliases = _refused(text, source)
    if refused:
        return False, None
    try:
        # The UTF-8 bytes, which libyaml reads as they are (a text would be encoded once more); it
        # takes them for UTF-8, as there is no byte order mark (_odd_character).
        events = CParser(source).raw_parse()
    except Exception:  # the positioned reader says what is wrong, and where
        return False, None
    if events > MAX_NODES:
        return False, None
    written, stream = _as_json(source)
    if not written:
        return False, None  # an empty document
    if any(f'"*{alias}"' in written for alias in aliases):
        return False, None  # an alias, or a text that is exactly one: the positioned reader says
    for ambiguous in set(_ambiguous_string().findall(written)):
        if ambiguous != '""' and _plain_somewhere(text, ambiguous[1:-1]):
            return False, None
    floats: list[str] = []
    try:
        data = json.loads(
            written,
            parse_int=_integer,
            parse_float=lambda token: _float(token, floats),
            parse_constant=_refuse,
        )
    except (_Refused, ValueError, RecursionError):
        return False, None
    if floats and _SIGNED_DOT.search(text):
        return False, None
    # libyaml's events and the data's nodes, counted alike: a duplicate key (the JSON decoder
    # keeps the last) or a node rapidyaml read otherwise leaves fewer nodes than events.
    depth, nodes = _shape(data[0] if stream and type(data) is list and len(data) == 1 else data)
    if depth > MAX_DEPTH or nodes != events:
        return False, None
    if stream:
        if not isinstance(data, list) or len(data) != 1:
            return False, None
        data = data[0]
    return True, data


def read_unpositioned(file: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document | None:
    """The file's data without positions (Document.positioned is False) but with its text, where
    reader.locate finds the positions of the nodes a finding names; or None: read it with the
    positioned reader, which also reports every file that cannot be read."""
    try:
        text = decode(read_file_bytes(file, max_bytes=max_bytes), file, max_bytes=max_bytes)
    except ReadError:
        return None
    if composer() is not None:  # the positioned reader's own tables, built in C: its data alone
        return composed(text.removeprefix("\ufeff"), file, positioned=False)
    vouched, data = read_data(text)
    if not vouched:
        return None
    return Document(file, data, {}, {}, {}, positioned=False, text=text)
