"""Findings: what a check says about a file, as data. Renderers turn them into text or JSON."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from .escaping import LINE_LIMIT, one_line, shorten
from .reader import locate
from .records import Record, ordered

if TYPE_CHECKING:
    from .reader import Document, ReadError


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@ordered
@dataclass(frozen=True, eq=False, repr=False)
class Finding(Record):
    """One problem in one file, at a line and column (1-based), under a stable rule id."""

    file: str
    line: int
    column: int
    severity: Severity
    rule: str
    message: str
    pointer: str = ""  # JSON pointer of the offending node, "" for the document itself

    def __str__(self) -> str:
        """One line, always: what the file name and the message quote is escaped (see escaping)."""
        return (
            f"{one_line(self.file)}:{self.line}:{self.column}: {self.severity}: "
            f"{one_line(self.message)} [{self.rule}]"
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "severity": str(self.severity),
            "rule": self.rule,
            "message": shorten(self.message, LINE_LIMIT),
            "pointer": self.pointer,
        }


def unreadable_finding(error: ReadError) -> Finding:
    """The error of an input that could not be read at all, at the place the reader stopped."""
    return Finding(error.file, error.line, error.column, Severity.ERROR, error.rule, error.message)


def has_errors(findings: tuple[Finding, ...] | list[Finding]) -> bool:
    return any(finding.severity is Severity.ERROR for finding in findings)


def reading_order(finding: Finding) -> tuple[int, int, str]:
    """The order findings are shown in: by line, column and rule (a stable sort keeps the checks'
    order among equals)."""
    return finding.line, finding.column, finding.rule


def json_pointer(path: tuple[str | int, ...]) -> str:
    """RFC 6901 pointer for a path of keys and indexes."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


def error_at(document: Document, path: tuple[str | int, ...], rule: str, message: str) -> Finding:
    """An error about the node at path, at that node's line and column."""
    return _at(document, path, Severity.ERROR, rule, message)


def warning_at(document: Document, path: tuple[str | int, ...], rule: str, message: str) -> Finding:
    """A warning about the node at path, at that node's line and column."""
    return _at(document, path, Severity.WARNING, rule, message)


def _at(
    document: Document, path: tuple[str | int, ...], severity: Severity, rule: str, message: str
) -> Finding:
    line, column = document.position(path)
    return Finding(document.file, line, column, severity, rule, message, json_pointer(path))


def path_in(data: Any, pointer: str) -> tuple[str | int, ...]:
    """The path a JSON pointer names in data, down to the deepest node data has: where
    Document.position would place a finding on it (the nearest ancestor of a missing node)."""
    path: list[str | int] = []
    node = data
    for part in pointer.split("/")[1:]:
        part = part.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and part in node:
            path.append(part)
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and str(int(part)) == part:
            if int(part) >= len(node):
                break
            path.append(int(part))
            node = node[int(part)]
        else:
            break
    return tuple(path)


def located(findings: tuple[Finding, ...], document: Document) -> tuple[Finding, ...]:
    """Findings made on a document read without positions (each at 1:1), at the lines and columns
    the positioned reader gives their nodes, sorted as the checks sort them (reading_order). Only
    the nodes named are looked for in the document's text (reader.locate); findings on other
    files (a base manifest) keep theirs."""
    assert not document.positioned and document.text is not None
    paths = [
        path_in(document.data, finding.pointer) if finding.file == document.file else None
        for finding in findings
    ]
    found = locate(document.text, [path for path in paths if path is not None])
    partly_positioned = replace(document, positions=found)
    moved = []
    for finding, path in zip(findings, paths, strict=True):
        if path is not None:
            line, column = partly_positioned.position(path)
            finding = replace(finding, line=line, column=column)
        moved.append(finding)
    return tuple(sorted(moved, key=reading_order))
