"""SPDX license expressions: parse them, and judge them against the definition's license categories.

Choice (OR) favours the licensee: a component offered under "MIT OR LicenseRef-X" meets a
requirement if either license does. Conjunction (AND), and several datasets in one component, are
as open as their most restrictive part.

An exception (`X WITH E`) is judged by the registry: one that only adds permissions leaves X its
category, one that restricts use makes the term restricted at best. A license or an exception the
registry has not reviewed counts as restricted, the lower bound of a stated grant, and every
sentence that rests on it says so, with where to read its terms.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from .memo import BOUND
from .records import Record
from .spec import (
    License,
    LicenseAddition,
    LicenseRegistry,
    licenses_path,
    load_licenses,
    spdx_entry,
    spdx_exception,
    versions,
)

if TYPE_CHECKING:
    from license_expression import Licensing

# SPDX's own words for "no license" (NONE: checked, none granted) and "not stated" (NOASSERTION:
# nobody asserted anything). Neither grants anything, but only the first is a finding.
NO_LICENSE = frozenset({"NONE", "NOASSERTION"})
UNKNOWN = "unknown"  # the state of NOASSERTION terms; not a license category of the definition

# What an addition that restricts, or an unreviewed id, does to a term: at best restricted. The
# categories below restricted grant less already, and unknown terms stay unknown.
RESTRICTED = "restricted"
_NOT_RAISED_TO_RESTRICTED = frozenset({"proprietary", "none", UNKNOWN})


@dataclass(frozen=True, eq=False, repr=False)
class Term(Record):
    """One license of an expression (with its exception, if any), placed in a category."""

    id: str  # the license id as the registry or SPDX spells it, or "<license> WITH <exception>"
    category: str
    entry: License | None  # the license's registry entry, None when the id is not in the registry
    reviewed: bool  # False when the category rests on an id the registry has not reviewed
    exception: str | None = None  # the exception or addition after WITH
    addition: LicenseAddition | None = None  # the registry's judgement of that exception
    unreviewed: tuple[str, ...] = ()  # the ids the registry has not reviewed, license first
    base: Term | None = None  # for "X WITH E": the term of X alone


@cache
def _licensing() -> Licensing:
    from license_expression import Licensing

    return Licensing()


class LicenseId:
    """One license id, read without the parser: what `leaves` and `leaf_ids` see of it is what they
    see of the parser's LicenseSymbol for the same text (tests/test_licenses_fast.py)."""

    __slots__ = ("key",)

    def __init__(self, key: str) -> None:
        self.key = key

    def __repr__(self) -> str:
        return f"LicenseId({self.key!r})"


class Flat:
    """Ids joined by one operator, all AND or all OR, read without the parser (as LicenseId)."""

    __slots__ = ("args", "choice")

    def __init__(self, args: tuple[LicenseId, ...], choice: bool) -> None:
        self.args = args
        self.choice = choice

    def __repr__(self) -> str:
        return f"Flat({self.args!r}, choice={self.choice})"


# Most expressions are one id, or a few joined by AND (a component and its datasets): those are
# read here, because importing license-expression (with the logging it loads) costs a one-file run
# more than its checks. An id: letters, digits, dots and hyphens, nothing the parser would read
# otherwise (no space, parenthesis, "+" or ":"), and not an operator; operators in capitals only.
_ONE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9.-]*")
_OPERATORS = frozenset({"and", "or", "with"})


def _read_flat(expression: str) -> LicenseId | Flat | None:
    """The expression read without the parser, or None when it is not that simple."""
    words = expression.split(" ")
    if len(words) % 2 == 0:  # an id, then an operator and an id, and so on
        return None
    ids = words[::2]
    if not all(_ONE_ID.fullmatch(word) and word.lower() not in _OPERATORS for word in ids):
        return None
    if len(ids) == 1:
        return LicenseId(ids[0])
    operators = set(words[1::2])
    if operators not in ({"AND"}, {"OR"}):
        return None
    return Flat(tuple(LicenseId(word) for word in ids), operators == {"OR"})


def _is_choice(parsed: Any) -> bool:
    """Whether an AND or OR node is OR (a choice), whoever read it."""
    return parsed.choice if isinstance(parsed, Flat) else type(parsed).__name__ == "OR"


class LicenseSyntaxError(ValueError):
    pass


# Far deeper than any license needs, and shallow enough for every walk of the tree to recurse.
MAX_NESTING = 32


@lru_cache(maxsize=BOUND)  # bounded: a batch of strangers' files may hold any number of texts
def parse(expression: str) -> Any:
    """The parsed expression. Raises LicenseSyntaxError with the parser's reason.

    Every expression the tool reads goes through here, and whatever the text, the only exception
    is LicenseSyntaxError: the parser fails on some malformed input with an IndexError or an
    AssertionError (`()`, `(OR MIT)`), so its result is checked for the shape the rest relies on."""
    if not expression.strip():
        raise LicenseSyntaxError("empty license expression")
    flat = _read_flat(expression)
    if flat is not None:
        return flat
    from license_expression import ExpressionError

    try:
        parsed = _licensing().parse(expression, validate=False, simple=False)
    except ExpressionError as error:
        raise LicenseSyntaxError(str(error)) from None
    except (IndexError, AssertionError, TypeError, ValueError, AttributeError, RecursionError):
        raise LicenseSyntaxError("operators or parentheses without a license") from None
    if parsed is None:
        raise LicenseSyntaxError("empty license expression")
    _check_shape(parsed)
    for symbol in symbols(parsed):
        if " " in symbol:
            raise LicenseSyntaxError(f"{symbol!r} is not a license id (ids have no spaces)")
    return parsed


def _check_shape(parsed: Any) -> None:
    """Licenses (each WITH at most one exception) joined by AND and OR, nested at most MAX_NESTING
    deep. Walked without recursion, so that a deep tree is refused, not a crash."""
    from license_expression import AND, OR, LicenseSymbol, LicenseWithExceptionSymbol

    stack = [(parsed, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_NESTING:
            raise LicenseSyntaxError(f"nested more than {MAX_NESTING} levels deep")
        if isinstance(node, LicenseWithExceptionSymbol):
            if not isinstance(node.license_symbol.key, str) or not isinstance(
                node.exception_symbol.key, str
            ):
                raise LicenseSyntaxError("WITH needs a license before it and an exception after")
        elif isinstance(node, LicenseSymbol):
            if not isinstance(node.key, str):
                raise LicenseSyntaxError("a license id is text")
        elif isinstance(node, AND | OR) and len(node.args) >= 2:
            stack.extend((argument, depth + 1) for argument in node.args)
        else:
            raise LicenseSyntaxError("operators or parentheses without a license")


def is_leaf(parsed: Any) -> bool:
    """A license, or a license WITH an exception: no AND or OR below it."""
    return hasattr(parsed, "license_symbol") or not getattr(parsed, "args", None)


def leaves(parsed: Any) -> Iterator[Any]:
    """The terms of an expression, in order: each a license, or a license WITH an exception."""
    if is_leaf(parsed):
        yield parsed
    else:
        for argument in parsed.args:
            yield from leaves(argument)


def leaf_ids(leaf: Any) -> tuple[str, str | None]:
    """The license id of one term, and its exception id (None without WITH), as written."""
    if hasattr(leaf, "license_symbol"):
        return leaf.license_symbol.key, leaf.exception_symbol.key
    return leaf.key, None


def symbols(parsed: Any) -> Iterator[str]:
    """The license ids of an expression, in order, exceptions (WITH) left out."""
    for leaf in leaves(parsed):
        yield leaf_ids(leaf)[0]


def exceptions(parsed: Any) -> Iterator[str]:
    """The exception ids of an expression (what follows each WITH), in order."""
    for leaf in leaves(parsed):
        exception = leaf_ids(leaf)[1]
        if exception is not None:
            yield exception


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
    listed = spdx_entry(license_id)
    spelled = str(listed.id) if listed is not None else license_id
    return Term(spelled, RESTRICTED, None, False, unreviewed=(spelled,))


def classify_with(license_id: str, exception_id: str, registry: LicenseRegistry) -> Term:
    """The category of "license WITH exception": the license's, lowered to restricted at best when
    the exception restricts use or the registry has not reviewed it (weakest term wins)."""
    base = classify(license_id, registry)
    addition = registry.exception(exception_id)
    listed = spdx_exception(exception_id)
    exception = addition.id if addition else str(listed.id) if listed else exception_id
    unreviewed = base.unreviewed + (() if addition is not None else (exception,))
    category = base.category
    if (addition is None or addition.restricts) and category not in _NOT_RAISED_TO_RESTRICTED:
        category = RESTRICTED
    return Term(
        f"{base.id} WITH {exception}",
        category,
        base.entry,
        not unreviewed,
        exception,
        addition,
        unreviewed,
        base,
    )


def classify_leaf(leaf: Any, registry: LicenseRegistry) -> Term:
    license_id, exception_id = leaf_ids(leaf)
    if exception_id is None:
        return classify(license_id, registry)
    return classify_with(license_id, exception_id, registry)


def terms(parsed: Any, registry: LicenseRegistry) -> list[Term]:
    """Each distinct term of an expression, classified, in order."""
    found: dict[str, Term] = {}
    for leaf in leaves(parsed):
        term = classify_leaf(leaf, registry)
        found.setdefault(term.id, term)
    return list(found.values())


def tolerated_term(term: Term, tolerated: frozenset[str], registry: LicenseRegistry) -> bool:
    """Whether a restricted license restricts only in ways a framework tolerates (its every
    restricting tag listed). Unreviewed ids and exceptions are never tolerated: nobody has said
    how they restrict."""
    if not tolerated or term.category != RESTRICTED or term.entry is None or term.exception:
        return False
    restricting = _restricting(term.entry.tags, registry)
    return bool(restricting) and set(restricting) <= tolerated


def judge(
    parsed: Any,
    accepted: frozenset[str],
    registry: LicenseRegistry,
    tolerated: frozenset[str] = frozenset(),
) -> tuple[bool, tuple[str, ...]]:
    """Whether the expression grants what a requirement accepts (OR: any branch; AND: all), and
    the unreviewed ids that verdict rests on: those whose review could change it. `tolerated`:
    restriction tags under which a restricted license counts as accepted (`tolerated_term`)."""
    if is_leaf(parsed):
        term = classify_leaf(parsed, registry)
        ok = term.category in accepted or tolerated_term(term, tolerated, registry)
        return ok, term.unreviewed
    branches = [judge(argument, accepted, registry, tolerated) for argument in parsed.args]
    choice = _is_choice(parsed)
    met = any(ok for ok, _ in branches) if choice else all(ok for ok, _ in branches)
    # A choice that is met rests on its met branches; a conjunction that fails, on its failing
    # ones. One such branch that is fully reviewed settles the verdict by itself.
    settling = [ids for ok, ids in branches if ok == met]
    if (choice == met) and any(not ids for ids in settling):
        return met, ()
    deciding = settling if choice == met else [ids for _, ids in branches]
    return met, tuple(dict.fromkeys(identifier for ids in deciding for identifier in ids))


def satisfies(
    parsed: Any,
    accepted: frozenset[str],
    registry: LicenseRegistry,
    *,
    assume_open: bool = False,
    tolerated: frozenset[str] = frozenset(),
) -> bool:
    """Whether the expression grants what a requirement accepts (OR: any branch; AND: all).

    assume_open: count unknown terms and unreviewed licenses as granting what is asked, to tell
    what the verdict would be if they turned out open."""
    if not assume_open:
        return judge(parsed, accepted, registry, tolerated)[0]
    if is_leaf(parsed):
        term = classify_leaf(parsed, registry)
        return (
            term.category == UNKNOWN
            or not term.reviewed
            or term.category in accepted
            or tolerated_term(term, tolerated, registry)
        )
    branches = (
        satisfies(argument, accepted, registry, assume_open=True, tolerated=tolerated)
        for argument in parsed.args
    )
    return any(branches) if _is_choice(parsed) else all(branches)


def unknown_symbols(parsed: Any, registry: LicenseRegistry) -> list[str]:
    """The ids of an expression whose terms are unknown (NOASSERTION)."""
    return [
        license_id
        for license_id in dict.fromkeys(symbols(parsed))
        if classify(license_id, registry).category == UNKNOWN
    ]


# --- the words of a verdict ----------------------------------------------------------------------


def terms_url(identifier: str, urls: Mapping[str, str]) -> str | None:
    """Where to read the text of a license or exception: the manifest's URL, else SPDX's page,
    else the URL another version's registry gives (a later draft may list what this one lacks)."""
    if identifier in urls:
        return urls[identifier]
    if spdx_entry(identifier) is not None or spdx_exception(identifier) is not None:
        return f"https://spdx.org/licenses/{identifier}.html"
    for version in reversed(versions()):
        if not licenses_path(version).is_file():
            continue
        registry = load_licenses(version)
        listed = registry.exception(identifier) or (
            registry.get(identifier) if registry.lists(identifier) else None
        )
        if listed is not None:
            return listed.url
    return None


def _where(identifier: str, urls: Mapping[str, str]) -> str:
    url = terms_url(identifier, urls)
    return url if url else f"the URL the manifest gives for {identifier} under licenses"


def unreviewed_note(identifier: str, registry: LicenseRegistry, urls: Mapping[str, str]) -> str:
    """The sentence for a license the registry has not reviewed."""
    return (
        f"{identifier} is not reviewed by the registry of definition {registry.definition}: "
        f"counted as {RESTRICTED} until it is reviewed; read its terms at {_where(identifier, urls)}"
    )


def _restricting(tags: tuple[str, ...], registry: LicenseRegistry) -> list[str]:
    return [tag for tag in tags if registry.tag(tag).restricts]


def _addition_words(addition: LicenseAddition, registry: LicenseRegistry) -> str:
    if addition.restricts:
        return f"{addition.id} restricts use: {', '.join(_restricting(addition.tags, registry))}"
    return f"{addition.id} only adds permissions"


def describe_term(
    term: Term, registry: LicenseRegistry, urls: Mapping[str, str] | None = None
) -> str:
    """One term in words: its category and why; an unreviewed id says so, and where to read it.

    `urls` maps the ids a manifest defines under `licenses` to the URL of their text."""
    urls = urls or {}
    if term.category == UNKNOWN and term.base is None:
        return "NOASSERTION: terms unknown, not stated or not checked"
    restricting = _restricting(term.entry.tags, registry) if term.entry else []
    if term.base is None:
        if not term.reviewed:
            return unreviewed_note(term.id, registry, urls)
        return f"{term.id} is {term.category}" + (
            f": {', '.join(restricting)}" if restricting else ""
        )
    base, addition = term.base, term.addition
    if term.reviewed and addition is not None:  # reviewed: the registry judged the exception
        restricting += [
            tag for tag in _restricting(addition.tags, registry) if tag not in restricting
        ]
        effect = "restricts use" if addition.restricts else "only adds permissions"
        return (
            f"{term.id} is {term.category}"
            + (f": {', '.join(restricting)}" if restricting else "")
            + f" ({addition.id} {effect})"
        )
    known = [describe_term(base, registry, urls)] if base.reviewed else []
    if addition is not None:
        known.append(_addition_words(addition, registry))
    names = " and ".join(
        f"the exception {identifier}" if identifier == term.exception else identifier
        for identifier in term.unreviewed
    )
    one = len(term.unreviewed) == 1
    return (
        (f"{', '.join(known)}, but " if known else "")
        + f"{names} {'is' if one else 'are'} not reviewed by the registry of definition "
        f"{registry.definition}: {term.id} counts as {term.category} until "
        f"{'it is' if one else 'they are'} reviewed; read {'its' if one else 'their'} terms at "
        + " and ".join(_where(identifier, urls) for identifier in term.unreviewed)
    )


def describe(parsed: Any, registry: LicenseRegistry, urls: Mapping[str, str] | None = None) -> str:
    """Each term of an expression in words, joined by semicolons: its category and what restricts it."""
    return "; ".join(describe_term(term, registry, urls) for term in terms(parsed, registry))


def combine(expressions: list[str]) -> str:
    """Several licenses that all apply at once, as one expression, each license once:
    `Apache-2.0 AND X` and `Apache-2.0` make `Apache-2.0 AND X`, not a repetition. The
    de-duplication is license-expression's (nested ANDs flattened, repeated terms dropped, order
    kept); an expression it cannot read is joined as written, for the check to report."""
    unique = list(
        dict.fromkeys(expression.strip() for expression in expressions if expression.strip())
    )
    if len(unique) == 1:
        return unique[0]
    ids = _ids_all_joined_by_and(unique)
    if ids is not None:  # what the de-duplication makes of ids joined by AND: each once, in order
        return " AND ".join(dict.fromkeys(ids))
    joined = " AND ".join(
        f"({expression})" if " " in expression else expression for expression in unique
    )
    return _deduplicated(joined)


def _ids_all_joined_by_and(expressions: list[str]) -> list[str] | None:
    """The ids of expressions that are each one id or ids joined by AND, read without the parser
    (a one-file run would import license-expression for this alone); else None."""
    ids: list[str] = []
    for expression in expressions:
        flat = _read_flat(expression)
        if isinstance(flat, LicenseId):
            ids.append(flat.key)
        elif isinstance(flat, Flat) and not flat.choice:
            ids.extend(argument.key for argument in flat.args)
        else:
            return None
    return ids


@lru_cache(maxsize=BOUND)
def _deduplicated(joined: str) -> str:
    from license_expression import ExpressionError  # imported when a combination is asked for

    try:
        parse(joined)  # the shape checks first: dedup is only asked of what parses
        return str(_licensing().dedup(str(_licensing().parse(joined, simple=False).flatten())))
    except (LicenseSyntaxError, ExpressionError):
        return joined
