"""Findings: what a check says about a file, as data. Renderers turn them into text or JSON."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from .escaping import LINE_LIMIT, one_line, shorten
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
