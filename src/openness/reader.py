"""Read YAML or JSON safely into plain data, keeping the line and column of every node.

The reader builds data from the parser's event stream with an explicit stack, so no object is ever
constructed from a tag, nesting depth and alias expansion are bounded, and a hostile file costs at
most its (bounded) size in time and memory. Plain scalars are resolved as YAML 1.1 resolves them, as
other YAML tools do, and their source text is kept so that checks can explain the traps
(`version: 1.10` is the number 1.1, `no` is false).
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .escaping import one_line, quote

DEFAULT_MAX_BYTES = 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 200_000  # counting every node an alias expands to

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


@dataclass(frozen=True)
class Document:
    """Plain data read from one file, with the source position of each node."""

    file: str
    data: Any
    positions: Mapping[Path_, tuple[int, int]]  # value node -> (line, column), 1-based
    key_positions: Mapping[Path_, tuple[int, int]]  # mapping key -> (line, column)
    plain_text: Mapping[Path_, str]  # source text of plain scalars that did not resolve to a string

    def position(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """The position of the node at path, or of its nearest ancestor that has one."""
        table = self.key_positions if key else self.positions
        if path in table:
            return table[path]
        while path:
            path = path[:-1]
            if path in self.positions:
                return self.positions[path]
        return (1, 1)


def read(file: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read one YAML or JSON file. Raises ReadError with a position when it cannot be read."""
    name = os.fspath(file)
    try:
        # Non-blocking, so that a FIFO or a device cannot hold the process before it is refused.
        descriptor = os.open(name, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except IsADirectoryError:
        raise ReadError(name, 1, 1, "is a directory, not a file", "input-unreadable") from None
    except ValueError:  # a NUL byte in the path
        raise ReadError(name, 1, 1, "the path contains a NUL byte", "input-unreadable") from None
    except OSError as error:
        raise ReadError(name, 1, 1, f"cannot read: {error.strerror}", "input-unreadable") from None
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
            raw = stream.read(max_bytes + 1)
        except OSError as error:
            message = f"cannot read: {error.strerror}"
            raise ReadError(name, 1, 1, message, "input-unreadable") from None
    if len(raw) > max_bytes:  # a pipe or a file that grew: the size seen before is not trusted
        raise ReadError(name, 1, 1, _too_large(len(raw), max_bytes), "input-too-large")
    return read_bytes(raw, name, max_bytes=max_bytes)


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
    if len(raw) > max_bytes:
        raise ReadError(name, 1, 1, _too_large(len(raw), max_bytes), "input-too-large")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, column = _line_column(raw, error.start)
        message = f"not UTF-8 text (byte 0x{raw[error.start]:02x})"
        raise ReadError(name, line, column, message, "input-encoding") from None
    return read_text(text, name)


def read_text(text: str, name: str = "<input>") -> Document:
    nul = text.find("\x00")
    if nul >= 0:
        line, column = _line_column(text.encode(), len(text[:nul].encode()))
        raise ReadError(name, line, column, "binary data (NUL byte), not YAML", "input-encoding")
    builder = _Builder(name)
    text = _join_surrogate_escapes(text)
    try:
        for event in yaml.parse(text, Loader=_Loader):
            builder.feed(event)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = error.problem or error.context or "invalid YAML"
        raise ReadError(name, line, column, f"invalid YAML: {problem}", "yaml-syntax") from None
    except (
        yaml.reader.ReaderError
    ) as error:  # a character YAML forbids, such as a control character
        before = text[: error.position]
        line, column = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
        character = error.character if isinstance(error.character, str) else chr(error.character)
        message = f"invalid YAML: character U+{ord(character):04X} is not allowed ({error.reason})"
        raise ReadError(name, line, column, message, "yaml-syntax") from None
    except yaml.YAMLError as error:
        first_line = str(error).splitlines()[0] if str(error) else "invalid YAML"
        raise ReadError(name, 1, 1, f"invalid YAML: {first_line}", "yaml-syntax") from None
    except RecursionError:
        raise ReadError(name, 1, 1, "nesting too deep", "yaml-depth") from None
    return builder.document()


# JSON writes a character outside the Basic Multilingual Plane as two escaped surrogates
# ("\\ud83d\\ude00"); YAML reads each escape alone and refuses a lone surrogate. Joined first, a
# JSON manifest reads the same through the YAML parser as through a JSON one.
_SURROGATE_PAIR = re.compile(r"(\\+)u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})")


def _join_surrogate_escapes(text: str) -> str:
    """Only in JSON documents, where a backslash can only stand inside a double-quoted string."""
    if "\\u" not in text or not text.lstrip().startswith(("{", "[")):
        return text

    def join(match: re.Match[str]) -> str:
        slashes, high, low = match.group(1), int(match.group(2), 16), int(match.group(3), 16)
        if len(slashes) % 2 == 0:  # an escaped backslash followed by the letter u: not an escape
            return match.group(0)
        code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
        return f"{slashes[:-1]}\\U{code:08X}"

    return _SURROGATE_PAIR.sub(join, text)


def _too_large(size: int, max_bytes: int) -> str:
    return f"file is {size} bytes, over the limit of {max_bytes} bytes (--max-bytes)"


def _line_column(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line_start = before.rfind(b"\n") + 1
    return before.count(b"\n") + 1, len(before[line_start:].decode("utf-8", "replace")) + 1


@dataclass
class _Frame:
    value: dict[str, Any] | list[Any]
    path: Path_
    anchor: str | None
    nodes: int = 1
    pending_key: str | None = None  # a mapping waiting for the value of this key
    key_seen: dict[str, int] | None = None  # key -> line, to report duplicates


class _Builder:
    """Turns parser events into plain data and position tables."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}  # anchor -> (value, node count)
        self.total_nodes = 0
        self.documents = 0
        self.root: Any = None
        self.positions: dict[Path_, tuple[int, int]] = {}
        self.key_positions: dict[Path_, tuple[int, int]] = {}
        self.plain_text: dict[Path_, str] = {}

    def document(self) -> Document:
        if self.documents == 0:
            raise ReadError(self.name, 1, 1, "empty document", "input-empty")
        return Document(self.name, self.root, self.positions, self.key_positions, self.plain_text)

    def error(self, mark: Any, message: str, rule: str) -> ReadError:
        return ReadError(self.name, mark.line + 1, mark.column + 1, message, rule)

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
        self.add(value, event.start_mark, nodes)

    # --- helpers --------------------------------------------------------------------------------

    def check_tag(self, event: Any, tag: str | None) -> None:
        if tag is not None and tag not in _ALLOWED_TAGS:
            raise self.error(event.start_mark, f"tag {tag} is not allowed", "yaml-tag")

    def resolve(self, event: Any) -> Any:
        if event.tag in (None, "!"):
            tag = _RESOLVER.resolve(yaml.ScalarNode, event.value, event.implicit)  # type: ignore[no-untyped-call]
        else:
            tag = event.tag
        if tag == _YAML + "timestamp" or tag == _YAML + "str":
            return event.value  # dates stay text, as JSON Schema's "format: date" expects
        node = yaml.ScalarNode(tag, event.value)
        try:
            return _CONSTRUCTOR.construct_object(node)
        except (yaml.constructor.ConstructorError, ValueError, OverflowError):
            raise self.error(
                event.start_mark, f"{quote(event.value)} is not a valid {tag}", "yaml-tag"
            ) from None

    def key(self, event: Any) -> None:
        frame = self.stack[-1]
        assert frame.key_seen is not None
        key = event.value  # keys are always text: `1.10:` is the key "1.10"
        line = event.start_mark.line + 1
        if key in frame.key_seen:
            message = f"duplicate key {quote(key)} (first at line {frame.key_seen[key]})"
            raise self.error(event.start_mark, message, "yaml-duplicate-key")
        frame.key_seen[key] = line
        frame.pending_key = key
        self.key_positions[(*frame.path, key)] = (line, event.start_mark.column + 1)

    def add(self, value: Any, mark: Any, nodes: int) -> Path_:
        self.total_nodes += max(nodes, 1)
        if self.total_nodes > MAX_NODES:
            message = f"more than {MAX_NODES} nodes once aliases are expanded"
            raise self.error(mark, message, "yaml-alias-expansion")
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
        self.positions[path] = (mark.line + 1, mark.column + 1)
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
