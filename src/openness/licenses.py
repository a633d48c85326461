"""SPDX license expressions: parse them, and judge them against the definition's license categories.

Choice (OR) favours the licensee: a component offered under "MIT OR LicenseRef-X" meets a
requirement if either license does. Conjunction (AND), and several datasets in one component, are
as open as their most restrictive part.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from license_expression import ExpressionError, Licensing

from .spec import License, LicenseRegistry

# SPDX's own words for "no license" (NONE: checked, none granted) and "not stated" (NOASSERTION:
# nobody asserted anything). Neither grants anything, but only the first is a finding.
NO_LICENSE = frozenset({"NONE", "NOASSERTION"})
UNKNOWN = "unknown"  # the state of NOASSERTION terms; not a license category of the definition


@dataclass(frozen=True)
class Term:
    """One license id of an expression, placed in a category of the definition."""

    id: str
    category: str
    entry: License | None  # the registry entry, None when the id is not in the registry
    reviewed: bool  # False when the category is a fallback for an id the registry does not know


@cache
def _licensing() -> Licensing:
    return Licensing()


class LicenseSyntaxError(ValueError):
    pass


@cache
def parse(expression: str) -> Any:
    """The parsed expression. Raises LicenseSyntaxError with the parser's reason."""
    if not expression.strip():
        raise LicenseSyntaxError("empty license expression")
    try:
        parsed = _licensing().parse(expression, validate=False, simple=False)
    except ExpressionError as error:
        raise LicenseSyntaxError(str(error)) from None
    if parsed is None:
        raise LicenseSyntaxError("empty license expression")
    for symbol in symbols(parsed):
        if " " in symbol:
            raise LicenseSyntaxError(f"{symbol!r} is not a license id (ids have no spaces)")
    return parsed


def symbols(parsed: Any) -> Iterator[str]:
    """The license ids of an expression, in order, exceptions (WITH) left out."""
    if hasattr(parsed, "license_symbol"):  # "X WITH exception": the exception only adds permissions
        yield parsed.license_symbol.key
    elif hasattr(parsed, "args") and parsed.args:
        for argument in parsed.args:
            yield from symbols(argument)
    else:
        yield parsed.key


def classify(
    license_id: str, registry: LicenseRegistry, defined: frozenset[str] = frozenset()
) -> Term:
    """The category of one license id. Ids the registry does not know count as restricted.

    NOASSERTION is not a category: it is the unknown state (`UNKNOWN`)."""
    if license_id.upper() == "NOASSERTION":
        return Term("NOASSERTION", UNKNOWN, None, True)
    if license_id.upper() == "NONE":
        return Term("NONE", "none", None, True)
    entry = registry.get(license_id)
    if entry is not None:
        return Term(entry.id, entry.category, entry, True)
    return Term(license_id, "restricted", None, False)


def satisfies(
    parsed: Any, accepted: frozenset[str], registry: LicenseRegistry, *, assume_open: bool = False
) -> bool:
    """Whether the expression grants what a requirement accepts (OR: any branch; AND: all).

    assume_open: count unknown terms and unreviewed licenses as granting what is asked, to tell
    what the verdict would be if they turned out open."""
    if hasattr(parsed, "license_symbol"):
        return _accepts(classify(parsed.license_symbol.key, registry), accepted, assume_open)
    if hasattr(parsed, "args") and parsed.args:
        branches = (
            satisfies(argument, accepted, registry, assume_open=assume_open)
            for argument in parsed.args
        )
        return any(branches) if type(parsed).__name__ == "OR" else all(branches)
    return _accepts(classify(parsed.key, registry), accepted, assume_open)


def _accepts(term: Term, accepted: frozenset[str], assume_open: bool) -> bool:
    if assume_open and (term.category == UNKNOWN or not term.reviewed):
        return True
    return term.category in accepted


def unknown_symbols(parsed: Any, registry: LicenseRegistry) -> list[str]:
    """The ids of an expression whose terms are unknown (NOASSERTION)."""
    return [
        license_id
        for license_id in dict.fromkeys(symbols(parsed))
        if classify(license_id, registry).category == UNKNOWN
    ]


def describe(parsed: Any, registry: LicenseRegistry) -> str:
    """Each license of an expression in words: its category and what restricts it."""
    described = []
    for license_id in dict.fromkeys(symbols(parsed)):
        term = classify(license_id, registry)
        if term.category == UNKNOWN:
            described.append("NOASSERTION: terms unknown, not stated or not checked")
            continue
        restricting = []
        if term.entry is not None:
            restricting = [tag for tag in term.entry.tags if registry.tag(tag).restricts]
        detail = f": {', '.join(restricting)}" if restricting else ""
        unreviewed = ", not in the registry" if not term.reviewed else ""
        described.append(f"{term.id} is {term.category}{detail}{unreviewed}")
    return "; ".join(described)


def combine(expressions: list[str]) -> str:
    """Several licenses that all apply at once, as one expression."""
    unique = list(
        dict.fromkeys(expression.strip() for expression in expressions if expression.strip())
    )
    if len(unique) == 1:
        return unique[0]
    return " AND ".join(
        f"({expression})" if " " in expression else expression for expression in unique
    )
