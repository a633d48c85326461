"""A license expression that is one id, or ids joined by one operator, is read without
license-expression's parser: whatever the text, the result is what the parser makes of it (the
same terms, joined the same way, or the same refusal)."""

from __future__ import annotations

import os
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openness import licenses
from openness.licenses import (
    Flat,
    LicenseId,
    LicenseSyntaxError,
    _is_choice,
    is_leaf,
    leaf_ids,
)
from openness.spec import load_licenses, versions

EXAMPLES = int(os.environ.get("OPENNESS_FUZZ_EXAMPLES", "300"))


def by_the_parser(expression: str) -> object:
    """The ids `parse` reads with license-expression's parser, term by term; None if refused."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(licenses, "_ONE_ID", re.compile(r"(?!)"))  # matches nothing
        return by_the_tool(expression)


def shape(parsed: object) -> object:
    """The tree as data: a term's ids, or (OR or AND, the shapes below)."""
    if is_leaf(parsed):
        return leaf_ids(parsed)
    operator = "OR" if _is_choice(parsed) else "AND"
    return (operator, [shape(argument) for argument in parsed.args])  # type: ignore[attr-defined]


def by_the_tool(expression: str) -> object:
    try:
        parsed = licenses.parse.__wrapped__(expression)  # type: ignore[attr-defined]
    except LicenseSyntaxError:
        return None
    return shape(parsed)


def known_ids() -> list[str]:
    ids = {"and", "OR", "With", "a", "1", "0BSD", "MIT", "mit", "GPL-2.0-or-later"}
    for version in versions():
        registry = load_licenses(version)
        ids |= {entry.id for entry in registry.licenses}
        ids |= {exception.id for exception in registry.exceptions}
    return sorted(ids)


@pytest.mark.parametrize("expression", known_ids())
def test_every_registry_id_reads_as_the_parser_reads_it(expression: str) -> None:
    assert by_the_tool(expression) == by_the_parser(expression)


def test_one_id_takes_the_short_way_and_an_expression_the_parser() -> None:
    assert isinstance(licenses.parse.__wrapped__("Apache-2.0"), LicenseId)  # type: ignore[attr-defined]
    assert isinstance(licenses.parse.__wrapped__("Apache-2.0 OR MIT"), Flat)  # type: ignore[attr-defined]
    mixed = licenses.parse.__wrapped__("MIT AND CC-BY-4.0 OR MIT")  # type: ignore[attr-defined]
    assert not isinstance(mixed, LicenseId | Flat)
    assert not isinstance(licenses.parse.__wrapped__("GPL-2.0+"), LicenseId | Flat)  # type: ignore[attr-defined]


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.text(alphabet="aAnNdDoOrRwWiItThH0129.-+ :()", min_size=1, max_size=12))
def test_any_short_text_reads_as_the_parser_reads_it(expression: str) -> None:
    assert by_the_tool(expression) == by_the_parser(expression)


words = st.sampled_from(["MIT", "Apache-2.0", "AND", "OR", "WITH", "and", "Or", "(", ")", "+", ""])


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.lists(words, min_size=1, max_size=7), st.sampled_from([" ", "  ", "\t"]))
def test_any_expression_of_ids_and_operators_reads_as_the_parser_reads_it(
    parts: list[str], space: str
) -> None:
    expression = space.join(parts)
    assert by_the_tool(expression) == by_the_parser(expression)


def by_the_parser_combined(expressions: list[str]) -> str:
    """What `combine` makes of expressions with license-expression's de-duplication."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(licenses, "_ONE_ID", re.compile(r"(?!)"))  # matches nothing
        return licenses.combine(expressions)


def test_ids_joined_by_and_combine_without_the_parser() -> None:
    for expressions, combined in (
        (["MIT", "NOASSERTION"], "MIT AND NOASSERTION"),
        (["MIT AND Apache-2.0", "MIT"], "MIT AND Apache-2.0"),
        (["NONE", "none"], "NONE AND none"),  # ids are case-sensitive for the parser too
    ):
        assert licenses._ids_all_joined_by_and(expressions) is not None
        assert licenses.combine(expressions) == combined == by_the_parser_combined(expressions)
    assert licenses._ids_all_joined_by_and(["MIT OR Apache-2.0", "MIT"]) is None


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.lists(st.lists(words, min_size=1, max_size=5).map(" ".join), min_size=1, max_size=4))
def test_any_licenses_combine_as_the_parser_combines_them(expressions: list[str]) -> None:
    assert licenses.combine(expressions) == by_the_parser_combined(expressions)
