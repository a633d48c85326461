"""Markdown building blocks for the generated pages, and the escaping of text we do not trust."""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable, Sequence

# Every character Python-Markdown (with the tables extension) gives a meaning to. `<`, `>` and `&`
# are left out: html.escape turns them into entities first, and an entity needs its `&` and `;`.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
_CODE_SPAN = re.compile(r"(`[^`]*`)")
_WEB_URL = re.compile(r"^https?://[^\s<>\"']+$")


def escape(text: object) -> str:
    """Untrusted text (a manifest's) as Markdown that renders exactly that text, on one line."""
    flat = " ".join(str(text).split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(flat, quote=False))


def code(text: object) -> str:
    """Untrusted text as inline code. A code span shows its content as it is, backslashes included
    (escape() would show them), and Markdown escapes its `<` and `&`; text with a backtick in it
    cannot be one, and is escaped as plain text instead."""
    flat = " ".join(str(text).split())
    return escape(flat) if "`" in flat or not flat else f"`{flat}`"


def link(url: str, label: str | None = None) -> str:
    """A link to an untrusted URL; plain text unless it is an http(s) URL (no javascript: links)."""
    text = escape(url if label is None else label)
    if not _WEB_URL.match(url):
        return text
    return f'<a href="{html.escape(url, quote=True)}">{text}</a>'


def links(urls: Iterable[str], separator: str = "<br>") -> str:
    return separator.join(link(url) for url in urls)


def prose(markdown: str) -> str:
    """Trusted Markdown (the spec's prose): `<` stays text (as in `LicenseRef-<name>`), not a tag."""
    parts = _CODE_SPAN.split(markdown)  # code spans (odd indexes) escape their own content
    return "".join(
        part if index % 2 else html.escape(part, quote=False) for index, part in enumerate(parts)
    )


def cell(markdown: str) -> str:
    """Trusted Markdown made fit for one table cell."""
    return " ".join(prose(markdown).split()).replace("|", "\\|")


def table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def heading(level: int, title: str, anchor: str) -> str:
    """A heading whose id is the item's permanent id; the toc extension adds its permalink."""
    return f"{'#' * level} {title} {{#{anchor}}}\n"


def anchored_id(anchor: str, label: str | None = None) -> str:
    """An item's id shown as its own permalink, for items that live in table rows."""
    return f"[`{label or anchor}`](#{anchor}){{#{anchor} .permalink}}"


def check_unique(anchors: Iterable[str], page: str) -> None:
    """Two elements with one id would make a permanent URL ambiguous: refuse to build the page."""
    repeated = sorted(anchor for anchor, count in Counter(anchors).items() if count > 1)
    if repeated:
        raise ValueError(f"{page}: anchors used twice: {', '.join(repeated)}")
