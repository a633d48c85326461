"""Text from a manifest made inert for each kind of output, and cut to a readable length.

Manifests come from strangers, and what they say ends up in terminals, CI logs, job summaries,
badges and generated YAML. One scheme everywhere: a character Python does not count as printable
(controls such as ESC, line breaks, bidi overrides and other format characters, surrogates,
unassigned code points) is shown as its backslash escape, as `repr` would show it (`\\x1b`, `\\n`,
`\\u202e`); a value longer than its limit is cut and its size is said. The escapes are text, so a
line of output stays one line, and nothing a manifest says can colour, hide or reorder it. They
are for reading, not for parsing back: a backslash the manifest wrote is left as it is.
"""

from __future__ import annotations

import contextlib
import sys
from functools import cache

LIMIT = 200  # the characters of one value from the input that a message quotes
LINE_LIMIT = 2000  # the characters of a message, a reason or a file name: a bound, not a style


def shorten(text: str, limit: int = LIMIT) -> str:
    """The text, or its first `limit` characters followed by '…' and the size of the whole."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text):,} characters)"


def quote(value: object, limit: int = LIMIT) -> str:
    """A value as a message quotes it: repr, cut to `limit` characters, e.g. 'aaa…' (5,000 characters)."""
    if not isinstance(value, str):
        return shorten(repr(value), limit)
    if len(value) <= limit:
        return repr(value)
    return f"{value[:limit] + '…'!r} ({len(value):,} characters)"


def visible(text: str) -> str:
    """The text with every character that is not printable shown as its escape, as repr shows it.
    The result has no line break, no control or format character, and only characters XML allows."""
    if text.isprintable():
        return text
    return "".join(
        character if character.isprintable() else repr(character)[1:-1] for character in text
    )


def one_line(text: str, limit: int = LINE_LIMIT) -> str:
    """Text for one line of a terminal, a log or a YAML comment: cut to `limit` characters, then
    made visible."""
    return visible(shorten(text, limit))


# html is imported where it is used: it loads html.entities, a table of 2,000 names that a
# validate run, which writes no Markdown and no SVG, has no use for (a cold start pays for it).


@cache
def _markdown_table() -> dict[int, str]:
    """CommonMark lets a backslash escape any ASCII punctuation; the five HTML cares about become
    entities instead, so that no raw HTML, entity or attribute can start in the text."""
    import html

    return str.maketrans(
        {
            **{character: "\\" + character for character in "!#$%()*+,-./:;=?@[\\]^_`{|}~"},
            **{character: html.escape(character) for character in "&<>\"'"},
        }
    )


def markdown(text: str, limit: int = LINE_LIMIT) -> str:
    """Text as Markdown (CommonMark, GitHub's tables) that renders as exactly that text, on one
    line, fit for a table cell: no heading, emphasis, link, image, code or HTML can start in it."""
    return one_line(text, limit).translate(_markdown_table())


def xml(text: str, limit: int = LINE_LIMIT) -> str:
    """Text for XML (SVG) content or an attribute value. The escapes of `one_line` leave only
    printable characters, all of which XML 1.0 allows; `&<>"'` become entities."""
    import html

    return html.escape(one_line(text, limit), quote=True)


# A spreadsheet reads a cell that starts with one of these as a formula (OWASP, "CSV Injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet(text: str, limit: int = LINE_LIMIT) -> str:
    """Text for one CSV cell that a spreadsheet opens: on one line, and never run as a formula
    (a leading `=`, `+`, `-` or `@` gets a `'` before it, as OWASP recommends)."""
    shown = one_line(text, limit)
    return "'" + shown if shown.startswith(_FORMULA_START) else shown


def escape_what_the_output_cannot_encode() -> None:
    """A character the output's encoding lacks (an emoji in a manifest, under LANG=C or
    PYTHONIOENCODING=ascii) is written as an escape such as \\U0001f600, not an error: for the
    streams of this process (the command line sets it, and each worker process that writes)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="backslashreplace")
