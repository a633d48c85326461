"""Read YAML or JSON safely into plain data, keeping the line and column of every node.

The reader builds data from the parser's event stream with an explicit stack, so no object is ever
constructed from a tag, nesting depth and alias expansion are bounded, and a hostile file costs at
most its (bounded) size in time and memory. Plain scalars are resolved as YAML 1.1 resolves them, as
other YAML tools do, and their source text is kept so that checks can explain the traps
(`version: 1.10` is the number 1.1, `no` is false).

Where the C module _compose is built, it builds the same data from the same parser's events, and a
row of numbers per node from which the same position tables are looked up (reader.composer(),
composed, _Rows); _Builder reads only the texts it declines.

Positions are those an editor shows: lines end at \n, \r\n or \r (YAML also ends them at U+0085,
U+2028 and U+2029, which editors show inside a line), columns count characters from 1.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from .escaping import one_line, quote
from .pyyaml import yaml
from .records import Record

DEFAULT_MAX_BYTES = 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 200_000  # counting every node an alias expands to
# Far more digits than any count or version needs, and fewer than the 640 of Python's strictest
# limit for writing an integer as text (4300 by default): every number read can be printed.
MAX_INTEGER_DIGITS = 300

Path_ = tuple[str | int, ...]

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_YAML = "tag:yaml.org,2002:"
# Scalars are built only for these tags: anything else (python/object, custom tags) is refused.
_SCALAR_TAGS = {_YAML + name for name in ("str", "int", "float", "bool", "null", "timestamp")}
_ALLOWED_TAGS = _SCALAR_TAGS | {_YAML + "seq", _YAML + "map", "!"}


class ReadError(Exception):
    """The input could not be read as a document (exit code 2); the message names where and why."""

    def __init__(self, file: str, line: int, column: int, message: str, rule: str) -> None:
        super().__init__(message)
        self.file, self.line, self.column, self.message, self.rule = (
            file,
            line,
            column,
            message,
            rule,
        )

    def __str__(self) -> str:
        return f"{one_line(self.file)}:{self.line}:{self.column}: error: {one_line(self.message)} [{self.rule}]"


@dataclass(frozen=True, eq=False, repr=False)
class Document(Record):
    """Plain data read from one file, with the source position of each node."""

    file: str
    data: Any
    positions: Mapping[Path_, tuple[int, int]]  # value node -> (line, column), 1-based
    key_positions: Mapping[Path_, tuple[int, int]]  # mapping key -> (line, column)
    plain_text: Mapping[Path_, str]  # source text of plain scalars that did not resolve to a string
    # The text the data was read from (None for a document built otherwise): a check can rule out
    # a value by a substring test.
    text: str | None = None
    # True when the reader saw every value and none holds PLACEHOLDER_WORD (the C reader says so):
    # the placeholder check has nothing to find, and no search of the text to do.
    no_placeholder_word: bool = field(default=False, compare=False, repr=False)

    def position(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """The position of the node at path, or of its nearest ancestor that has one."""
        found = (self.key_positions if key else self.positions).get(path)
        while found is None and path:
            path = path[:-1]
            found = self.positions.get(path)
        return found or (1, 1)


def read(file: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read one YAML or JSON file. Raises ReadError with a position when it cannot be read."""
    return read_bytes(
        read_file_bytes(file, max_bytes=max_bytes), os.fspath(file), max_bytes=max_bytes
    )


def read_file_bytes(file: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of one regular file of at most max_bytes. Raises ReadError (input-unreadable,
    input-too-large) for anything else: a missing file, a directory, a FIFO, a device."""
    name = os.fspath(file)
    try:
        # Non-blocking, so that a FIFO or a device cannot hold the process before it is refused.
        descriptor = os.open(name, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except IsADirectoryError:
        raise ReadError(name, 1, 1, "is a directory, not a file", "input-unreadable") from None
    except ValueError:  # a NUL byte in the path
        raise ReadError(name, 1, 1, "the path contains a NUL byte", "input-unreadable") from None
    except OSError as error:
        raise ReadError(name, 1, 1, f"cannot read: {_why(error)}", "input-unreadable") from None
    status = os.fstat(descriptor)
    if not stat.S_ISREG(status.st_mode):
        os.close(descriptor)
        if stat.S_ISDIR(status.st_mode):
            raise ReadError(name, 1, 1, "is a directory, not a file", "input-unreadable")
        message = f"is not a regular file ({_file_kind(status.st_mode)}); only files are read"
        raise ReadError(name, 1, 1, message, "input-unreadable")
    with os.fdopen(descriptor, "rb") as stream:
        if status.st_size > max_bytes:
            raise ReadError(name, 1, 1, _too_large(status.st_size, max_bytes), "input-too-large")
        try:
            # As much as the size says and one byte more: a buffer of max_bytes for every file
            # costs more than reading it. A file that grew since is read on, up to the limit.
            raw = stream.read(status.st_size + 1)
            if len(raw) > status.st_size:
                raw += stream.read(max_bytes + 1 - len(raw))
        except OSError as error:
            message = f"cannot read: {_why(error)}"
            raise ReadError(name, 1, 1, message, "input-unreadable") from None
    if len(raw) > max_bytes:  # a pipe or a file that grew: the size seen before is not trusted
        raise ReadError(name, 1, 1, _too_large(len(raw), max_bytes), "input-too-large")
    return raw


def _why(error: OSError) -> str:
    return error.strerror or type(error).__name__


def _file_kind(mode: int) -> str:
    for test, kind in (
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return kind
    return "not a regular file"


def read_bytes(
    raw: bytes, name: str = "<input>", *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Document:
    text = decode(raw, name, max_bytes=max_bytes)
    if text.startswith("\ufeff"):  # a second byte order mark, which read_text removes too
        return read_text(text, name)
    return _read(text, name, raw.removeprefix(codecs.BOM_UTF8))  # the text's own UTF-8


def decode(raw: bytes, name: str = "<input>", *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The text of a file's bytes: UTF-8, without a byte order mark, within the size limit."""
    if len(raw) > max_bytes:
        raise ReadError(name, 1, 1, _too_large(len(raw), max_bytes), "input-too-large")
    body = raw.removeprefix(codecs.BOM_UTF8)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        before = body[: error.start].decode("utf-8", "replace")
        line, column = _Lines(before).position(len(before))
        message = f"not UTF-8 text (byte 0x{body[error.start]:02x})"
        raise ReadError(name, line, column, message, "input-encoding") from None


# The characters YAML refuses: control characters, lone surrogates, U+FFFE and U+FFFF.
_NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def printable(text: str) -> bool:
    """Whether a text has only the characters YAML allows (read_text says where it has not)."""
    return _NOT_PRINTABLE.search(text) is None


def read_text(text: str, name: str = "<input>") -> Document:
    return _read(text.removeprefix("\ufeff"), name)


def _read(text: str, name: str, source: bytes | None = None) -> Document:
    """The document of a text; `source`, when given, is its UTF-8 (the bytes it was decoded from),
    so that the C reader does not encode it again."""
    # libyaml's reader refuses the characters _NOT_PRINTABLE finds (the same set, YAML 1.1's
    # printable characters): a text _compose composes has none, and the search below is spared.
    document = composed(text, name, source)
    if document is not None:
        return document
    refused = _NOT_PRINTABLE.search(text)
    if refused is not None:
        line, column = _Lines(text).position(refused.start())
        character = ord(refused.group())
        if character == 0:
            message = "binary data (NUL byte), not YAML"
            raise ReadError(name, line, column, message, "input-encoding")
        message = f"invalid YAML: character U+{character:04X} is not allowed ({_kind(character)})"
        raise ReadError(name, line, column, message, "yaml-syntax")
    parsed, joined = _join_surrogate_escapes(text)
    remap = bool(joined) or _has_yaml_only_break(text)
    builder = _Builder(name, _Lines(text) if remap else None, joined)
    try:
        for event in yaml.parse(parsed, Loader=_Loader):
            builder.feed(event)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = builder.position(mark) if mark else (1, 1)
        problem = error.problem or error.context or "invalid YAML"
        tab = _tab_before(text, line, column) if mark else None
        if tab is not None:
            message = (
                f"invalid YAML: a tab at line {line}, column {tab}: YAML indents with spaces "
                "only; replace the tab with spaces"
            )
            raise ReadError(name, line, tab, message, "yaml-syntax") from None
        raise ReadError(name, line, column, f"invalid YAML: {problem}", "yaml-syntax") from None
    except yaml.reader.ReaderError as error:  # refused above already; this is the parser's word
        message = f"invalid YAML: {error.reason}"
        raise ReadError(name, 1, 1, message, "yaml-syntax") from None
    except yaml.YAMLError as error:
        first_line = str(error).splitlines()[0] if str(error) else "invalid YAML"
        raise ReadError(name, 1, 1, f"invalid YAML: {first_line}", "yaml-syntax") from None
    except RecursionError:
        raise ReadError(name, 1, 1, "nesting too deep", "yaml-depth") from None
    return builder.document(text)


def composed(text: str, name: str, source: bytes | None = None) -> Document | None:
    """The document read_text builds, made by the C module _compose from the same parser's
    events. None where it declines the text (or is not built, or OPENNESS_C_READER=0), and for a
    text _Builder reads otherwise than its parser does (joined escapes) or where it counts lines
    otherwise (a YAML-only line break): _Builder then reads it."""
    compose = composer()
    if compose is None or _join_surrogate_escapes(text)[1] or _has_yaml_only_break(text):
        return None
    if source is None:
        try:
            source = text.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate, which YAML refuses
            return None
    tables = compose(source, _plain_value, _FIRST_CHARACTERS, MAX_DEPTH, MAX_NODES, _WORD)
    if tables is None:
        return None
    data, rows, plain_text, word_found = tables
    nodes = _Rows(data, rows, plain_text)
    return Document(
        name,
        data,
        _Table(nodes, nodes.position),
        _Table(nodes, nodes.key_position),
        _Table(nodes, nodes.plain_text),
        text=text,
        no_placeholder_word=not word_found,
    )


# The word a placeholder value starts with (validate.placeholder_findings: the starter of `openness
# init` writes them). The C reader looks for it in every value it builds, as a value reads, escapes
# done: a search of the text for it costs 9 to 20 us for a 14 KB manifest.
PLACEHOLDER_WORD = "TODO"
_WORD = PLACEHOLDER_WORD.encode("utf-8")


class _Rows:
    """Where each node of a document's data is in its text, as the C reader records it: a row of
    numbers per node in document order (_compose.c, ROW), and the source text of plain scalars that
    are not text by row. A path's row is found from the data itself: a mapping's entries and a
    list's items are in document order, each child's subtree a known number of rows after the
    previous one. Building a path and two dict entries for every node cost a third of the read;
    this costs a few microseconds a lookup, which is made only where a finding is shown.

    It describes the data as read (Document's data is not to be changed): a container that no
    longer has as many children as it was read with has no rows below it."""

    __slots__ = ("data", "numbers", "plain", "rows")

    # The numbers of a row, as _compose.c writes them.
    LINE, COLUMN, KEY_LINE, KEY_COLUMN, SIZE, CHILDREN, ROW = range(7)

    def __init__(self, data: Any, rows: bytes, plain: dict[int, str]) -> None:
        self.data, self.rows, self.plain = data, rows, plain
        self.numbers = memoryview(rows).cast("I")

    def __reduce__(self) -> tuple[Any, ...]:  # a memoryview cannot be pickled; its bytes can
        return (_Rows, (self.data, self.rows, self.plain))

    def row(self, path: Path_) -> int | None:
        """The row of the node at path, or None if there is none."""
        numbers, row, node, width = self.numbers, 0, self.data, self.ROW
        for part in path:
            if type(node) is dict:
                if len(node) != numbers[row * width + self.CHILDREN] or part not in node:
                    return None
                row += 1
                for key in node:
                    if key == part:
                        break
                    row += numbers[row * width + self.SIZE]
                node = node[part]
            elif type(node) is list:
                if len(node) != numbers[row * width + self.CHILDREN]:
                    return None
                if not isinstance(part, int) or not 0 <= part < len(node):
                    return None
                row += 1
                for _ in range(part):
                    row += numbers[row * width + self.SIZE]
                node = node[part]
            else:
                return None
        return row

    def position(self, row: int) -> tuple[int, int]:
        start = row * self.ROW
        return self.numbers[start + self.LINE], self.numbers[start + self.COLUMN]

    def key_position(self, row: int) -> tuple[int, int] | None:
        start = row * self.ROW
        line = self.numbers[start + self.KEY_LINE]
        return (line, self.numbers[start + self.KEY_COLUMN]) if line else None

    def plain_text(self, row: int) -> str | None:
        return self.plain.get(row)

    def paths(self) -> Iterator[tuple[Path_, int]]:
        """Every node's path and row, in document order."""
        numbers, width = self.numbers, self.ROW

        def visit(node: Any, path: Path_, row: int) -> Iterator[tuple[Path_, int]]:
            yield path, row
            if type(node) is dict:
                children: Iterable[tuple[str | int, Any]] = node.items()
            elif type(node) is list:
                children = enumerate(node)
            else:
                return
            row += 1
            for part, child in children:
                yield from visit(child, (*path, part), row)
                row += numbers[row * width + self.SIZE]

        return visit(self.data, (), 0)


class _Table(Mapping[Path_, Any]):
    """One of a document's tables (positions, key positions, plain text) looked up in its rows."""

    __slots__ = ("_entry", "_nodes")

    def __init__(self, nodes: _Rows, entry: Callable[[int], Any]) -> None:
        self._nodes, self._entry = nodes, entry  # entry: a row's value, None where it has none

    def get(self, path: Path_, default: Any = None) -> Any:
        row = self._nodes.row(path)
        found = None if row is None else self._entry(row)
        return default if found is None else found

    def __getitem__(self, path: Path_) -> Any:
        found = self.get(path)
        if found is None:
            raise KeyError(path)
        return found

    def __iter__(self) -> Iterator[Path_]:
        return (path for path, row in self._nodes.paths() if self._entry(row) is not None)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __repr__(self) -> str:
        return repr(dict(self))


# The characters a pattern of PyYAML's implicit resolvers can start with: a plain scalar that
# starts otherwise (and is not empty) is text, as the resolver looks no further.
_FIRST_CHARACTERS = "".join(sorted(key for key in _RESOLVER.yaml_implicit_resolvers if key))


@cache
def composer() -> Callable[..., Any] | None:
    """_compose.compose bound to the libyaml of PyYAML's CParser, or None: the module is not
    built, PyYAML has no libyaml of its own, or OPENNESS_C_READER=0."""
    if os.environ.get("OPENNESS_C_READER", "1") == "0":
        return None
    try:
        from yaml import _yaml

        from ._compose import bind, compose

        bind(_yaml.__file__)
    except (ImportError, OSError, AttributeError):
        return None
    return compose


def _tab_before(text: str, line: int, column: int) -> int | None:
    """The column of the tab the parser stopped at, or of one in the whitespace before it: the
    parser's own words ("found character that cannot start any token") never say tab."""
    lines = _LINE_BREAK.split(text)
    if not 1 <= line <= len(lines):
        return None
    source = lines[line - 1]
    if column <= len(source) and source[column - 1] == "\t":
        return column
    before = source[: column - 1]
    if before.strip(" \t") == "" and "\t" in before:  # a tab in the indentation
        return before.index("\t") + 1
    return None


def _kind(character: int) -> str:
    if character < 0x20 or 0x7F <= character < 0xA0:
        return "a control character"
    if 0xD800 <= character < 0xE000:
        return "half of a surrogate pair"
    return "YAML does not allow it"


# Line breaks for YAML but not for an editor.
_YAML_ONLY_BREAKS = ("\x85", "\u2028", "\u2029")


def _has_yaml_only_break(text: str) -> bool:
    """Whether YAML counts lines in the text otherwise than an editor. A substring search per
    break, under a microsecond for a 20 KB manifest: a regular expression with a character class
    tests each character in turn (over 100 us), on each read."""
    return any(character in text for character in _YAML_ONLY_BREAKS)


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class _Lines:
    """Where the lines of a text start, to turn a character offset into an editor's position."""

    def __init__(self, text: str) -> None:
        self.starts = [0, *(match.end() for match in _LINE_BREAK.finditer(text))]

    def position(self, offset: int) -> tuple[int, int]:
        """Line and column, 1-based, of the character at offset."""
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


# JSON writes a character outside the Basic Multilingual Plane as two escaped surrogates
# ("\\ud83d\\ude00"); YAML reads each escape alone and refuses a lone surrogate. Joined first, a
# JSON manifest reads the same through the YAML parser as through a JSON one.
_SURROGATE_PAIR = re.compile(r"(\\+)u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})")


def _join_surrogate_escapes(text: str) -> tuple[str, list[int]]:
    """The text to parse, and where in it each joined escape ends (each is 2 characters shorter
    than the pair it replaces). Only in JSON documents, where a backslash can only stand inside a
    double-quoted string. The JSON test first: it looks at the first characters, where a search
    for the two characters of an escape reads the whole text (some 15 us for a 20 KB manifest)."""
    if not text.lstrip().startswith(("{", "[")) or "\\u" not in text:
        return text, []
    ends: list[int] = []
    pieces: list[str] = []
    length = last = 0
    for match in _SURROGATE_PAIR.finditer(text):
        slashes, high, low = match.group(1), int(match.group(2), 16), int(match.group(3), 16)
        if len(slashes) % 2 == 0:  # an escaped backslash followed by the letter u: not an escape
            continue
        code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
        piece = text[last : match.start()] + f"{slashes[:-1]}\\U{code:08X}"
        pieces.append(piece)
        length += len(piece)
        ends.append(length)
        last = match.end()
    return "".join(pieces) + text[last:], ends


_INTEGER_LIMIT = 10**MAX_INTEGER_DIGITS


class _Unbuildable(Exception):
    """A scalar whose value cannot be built: why (the message and rule of a ReadError)."""

    def __init__(self, message: str, rule: str) -> None:
        super().__init__(message)
        self.message, self.rule = message, rule


def _scalar_value(tag: str, text: str) -> Any:
    """The value of a scalar of an allowed tag, written as text. Raises _Unbuildable."""
    if tag == _YAML + "timestamp" or tag == _YAML + "str":
        return text  # dates stay text, as JSON Schema's "format: date" expects
    # Counted before it is built: a long integer costs time to build and cannot be printed.
    if tag == _YAML + "int" and len(text.lstrip("+-").replace("_", "")) > MAX_INTEGER_DIGITS:
        raise _Unbuildable(_too_long(text), "yaml-number-too-long")
    node = yaml.ScalarNode(tag, text)
    try:
        value = _CONSTRUCTOR.construct_object(node)
    except (yaml.constructor.ConstructorError, ValueError, OverflowError):
        raise _Unbuildable(f"{quote(text)} is not a valid {tag}", "yaml-tag") from None
    if isinstance(value, int) and abs(value) >= _INTEGER_LIMIT:  # 0x..., 0b..., 1:20:30
        raise _Unbuildable(_too_long(text), "yaml-number-too-long")
    return value


@lru_cache(maxsize=4096)  # the same words, dates and numbers recur, within a file and across
def _plain_value(text: str) -> Any:
    """The value of a plain scalar without a tag, as _Builder.resolve gives it (for _compose)."""
    tag = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    return _scalar_value(tag, text)


def _too_long(text: str) -> str:
    return (
        f"a number of more than {MAX_INTEGER_DIGITS} digits ({text[:20]}...); "
        "quote it if it is meant as text"
    )


def _too_large(size: int, max_bytes: int) -> str:
    return f"file is {size} bytes, over the limit of {max_bytes} bytes (--max-bytes)"


class _Frame:
    """A mapping or list being built from the parser's events, with what its checks need. A
    plain class, not a dataclass: nothing compares or shows one, and a dataclass's methods are
    compiled at every start (see records.py)."""

    __slots__ = ("anchor", "key_seen", "nodes", "path", "pending_key", "value")

    def __init__(self, value: dict[str, Any] | list[Any], path: Path_, anchor: str | None) -> None:
        self.value = value
        self.path = path
        self.anchor = anchor
        self.nodes = 1
        self.pending_key: str | None = None  # a mapping waiting for the value of this key
        self.key_seen: dict[str, int] | None = None  # key -> line, to report duplicates


class _Builder:
    """Turns parser events into plain data and position tables.

    `lines` is given when the parser's own line numbers differ from an editor's (a text with
    U+2028 in it) or its offsets from the text's (surrogate escapes joined at `joined`)."""

    def __init__(self, name: str, lines: _Lines | None = None, joined: list[int] | None = None):
        self.name = name
        self.lines = lines
        self.joined = joined or []
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}  # anchor -> (value, node count)
        self.total_nodes = 0
        self.expanded_nodes = 0  # of those, the nodes aliases stand for
        self.documents = 0
        self.root: Any = None
        self.positions: dict[Path_, tuple[int, int]] = {}
        self.key_positions: dict[Path_, tuple[int, int]] = {}
        self.plain_text: dict[Path_, str] = {}

    def document(self, text: str) -> Document:
        if self.documents == 0:
            raise ReadError(self.name, 1, 1, "empty document", "input-empty")
        return Document(
            self.name, self.root, self.positions, self.key_positions, self.plain_text, text=text
        )

    def position(self, mark: Any) -> tuple[int, int]:
        """The line and column of a parser mark, as an editor shows them."""
        if self.lines is None:
            return mark.line + 1, mark.column + 1
        offset = mark.index + 2 * bisect_right(self.joined, mark.index)
        return self.lines.position(offset)

    def error(self, mark: Any, message: str, rule: str) -> ReadError:
        return ReadError(self.name, *self.position(mark), message, rule)

    def feed(self, event: yaml.Event) -> None:
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise self.error(
                    event.start_mark, "more than one YAML document", "yaml-multiple-documents"
                )
        elif isinstance(event, yaml.ScalarEvent):
            self.scalar(event)
        elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            self.start(event)
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            self.end()
        elif isinstance(event, yaml.AliasEvent):
            self.alias(event)

    # --- node kinds -------------------------------------------------------------------------

    def scalar(self, event: yaml.ScalarEvent) -> None:
        self.check_tag(event, event.tag)
        if (
            self.stack
            and self.stack[-1].pending_key is None
            and isinstance(self.stack[-1].value, dict)
        ):
            self.key(event)
            return
        value = self.resolve(event)
        path = self.add(value, event.start_mark, 1)
        if event.anchor:
            self.anchors[event.anchor] = (value, 1)
        if event.implicit[0] and not isinstance(value, str):
            self.plain_text[path] = event.value

    def start(self, event: yaml.MappingStartEvent | yaml.SequenceStartEvent) -> None:
        self.check_tag(event, event.tag)
        if (
            self.stack
            and self.stack[-1].pending_key is None
            and isinstance(self.stack[-1].value, dict)
        ):
            raise self.error(
                event.start_mark, "a mapping key must be a plain value", "yaml-complex-key"
            )
        if len(self.stack) >= MAX_DEPTH:
            raise self.error(
                event.start_mark, f"nesting deeper than {MAX_DEPTH} levels", "yaml-depth"
            )
        container: dict[str, Any] | list[Any] = (
            {} if isinstance(event, yaml.MappingStartEvent) else []
        )
        path = self.add(container, event.start_mark, 0)
        frame = _Frame(container, path, event.anchor)
        if isinstance(container, dict):
            frame.key_seen = {}
        self.stack.append(frame)

    def end(self) -> None:
        frame = self.stack.pop()
        if frame.anchor:
            self.anchors[frame.anchor] = (frame.value, frame.nodes)
        if self.stack:
            self.stack[-1].nodes += frame.nodes

    def alias(self, event: yaml.AliasEvent) -> None:
        if event.anchor not in self.anchors:
            raise self.error(event.start_mark, f"unknown alias *{event.anchor}", "yaml-alias")
        if (
            self.stack
            and self.stack[-1].pending_key is None
            and isinstance(self.stack[-1].value, dict)
        ):
            raise self.error(
                event.start_mark, "an alias cannot be a mapping key", "yaml-complex-key"
            )
        value, nodes = self.anchors[event.anchor]
        # The value is shared, not copied: memory stays small, but every later walk of the data
        # pays for each expansion, so expansions count against the node budget.
        self.add(value, event.start_mark, nodes, alias=True)

    # --- helpers --------------------------------------------------------------------------------

    def check_tag(self, event: Any, tag: str | None) -> None:
        if tag is not None and tag not in _ALLOWED_TAGS:
            raise self.error(event.start_mark, f"tag {tag} is not allowed", "yaml-tag")

    def resolve(self, event: Any) -> Any:
        if event.tag in (None, "!"):
            tag = _RESOLVER.resolve(yaml.ScalarNode, event.value, event.implicit)  # type: ignore[no-untyped-call]
        else:
            tag = event.tag
        try:
            return _scalar_value(tag, event.value)
        except _Unbuildable as error:
            raise self.error(event.start_mark, error.message, error.rule) from None

    def key(self, event: Any) -> None:
        frame = self.stack[-1]
        assert frame.key_seen is not None
        key = event.value  # keys are always text: `1.10:` is the key "1.10"
        line, column = self.position(event.start_mark)
        if key in frame.key_seen:
            message = f"duplicate key {quote(key)} (first at line {frame.key_seen[key]})"
            raise self.error(event.start_mark, message, "yaml-duplicate-key")
        frame.key_seen[key] = line
        frame.pending_key = key
        self.key_positions[(*frame.path, key)] = (line, column)

    def add(self, value: Any, mark: Any, nodes: int, *, alias: bool = False) -> Path_:
        self.total_nodes += max(nodes, 1)
        self.expanded_nodes += max(nodes, 1) if alias else 0
        if self.total_nodes > MAX_NODES:
            if self.expanded_nodes:
                message = (
                    f"more than {MAX_NODES} nodes once aliases are expanded "
                    f"({self.expanded_nodes} of them from aliases)"
                )
                raise self.error(mark, message, "yaml-alias-expansion")
            message = (
                f"more than {MAX_NODES} values, lists and mappings; a manifest needs far fewer"
            )
            raise self.error(mark, message, "yaml-too-many-nodes")
        if not self.stack:
            path: Path_ = ()
            self.root = value
        else:
            frame = self.stack[-1]
            frame.nodes += nodes
            if isinstance(frame.value, dict):
                assert frame.pending_key is not None
                path = (*frame.path, frame.pending_key)
                frame.value[frame.pending_key] = value
                frame.pending_key = None
            else:
                path = (*frame.path, len(frame.value))
                frame.value.append(value)
        self.positions[path] = self.position(mark)
        return path


def walk(data: Any, path: Path_ = ()) -> Iterator[tuple[Path_, Any]]:
    """Every node of plain data with its path, parents first."""
    yield path, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from walk(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from walk(value, (*path, index))


def resource_root() -> Path:
    """Where spec/ and schemas/ are: inside the installed wheel, or the repository root."""
    packaged = Path(__file__).parent / "_data"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[2]
