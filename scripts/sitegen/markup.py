"""Markdown building blocks for the generated pages, and the escaping of text we do not trust."""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from openness.escaping import visible

# Every character Python-Markdown (with the tables extension) gives a meaning to. `<`, `>` and `&`
# are left out: html.escape turns them into entities first, and an entity needs its `&` and `;`.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
_CODE_SPAN = re.compile(r"(`[^`]*`)")
_WEB_URL = re.compile(r"^https?://[^\s<>\"']+$")


def escape(text: object) -> str:
    """Untrusted text (a manifest's) as Markdown that renders exactly that text, on one line; a
    control or format character (a bidi override, say) is shown as its escape, as the CLI shows it."""
    flat = visible(" ".join(str(text).split()))
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


# --- finished HTML -------------------------------------------------------------------------------
# Python-Markdown spends most of a build on its inline patterns, table cell by table cell. The blocks
# that every model page repeats (facts, tables, evidence) are written as the HTML Markdown would make
# of them, between two marker lines that html_blocks.HtmlBlocks hands to Markdown's raw HTML store
# untouched. No text from a manifest can make a marker line: text() escapes every `<`. Links in
# these blocks are final URLs: mkdocs neither rewrites nor checks them (Clauses checks its anchors).

HTML_START, HTML_END = "<!-- html: finished -->", "<!-- /html -->"


def html_block(*blocks: str) -> str:
    """Finished HTML blocks, each passed through Markdown as it is."""
    return "\n".join(f"{HTML_START}\n{block}\n{HTML_END}\n" for block in blocks if block)


def text(value: object) -> str:
    """Untrusted text as HTML, on one line: the HTML Markdown makes of escape(value)."""
    return html.escape(" ".join(str(value).split()), quote=False)


def visible_text(value: object) -> str:
    """Untrusted text as HTML, on one line: the HTML Markdown makes of escape(value), a control or
    format character shown as its escape, as escape() shows it."""
    return html.escape(visible(" ".join(str(value).split())), quote=False)


def anchor(href: str, label: str) -> str:
    """A link to a URL we made (a page of this site), around finished HTML."""
    return f'<a href="{html.escape(href, quote=True)}">{label}</a>'


def web_link(url: str, label: str | None = None) -> str:
    """link() as finished HTML: plain text unless the URL is an http(s) URL."""
    shown = text(url if label is None else label)
    return anchor(url, shown) if _WEB_URL.match(url) else shown


def web_links(urls: Iterable[str], separator: str = "<br>") -> str:
    return separator.join(web_link(url) for url in urls)


def html_code(value: str) -> str:
    return f"<code>{text(value)}</code>"


def html_table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """table() as finished HTML; headers and cells are finished HTML."""
    lines = ["<table>", "<thead>", "<tr>", *(f"<th>{h}</th>" for h in headers), "</tr>", "</thead>"]
    lines.append("<tbody>")
    for row in rows:
        lines += ["<tr>", *(f"<td>{cell}</td>" for cell in row), "</tr>"]
    lines += ["</tbody>", "</table>"]
    return "\n".join(lines)


def html_list(items: Iterable[str | tuple[str, str]], *, loose: bool = False) -> str:
    """A bulleted list as finished HTML, as Markdown makes it: an item is its HTML, or (its HTML,
    a nested list); a loose list (items apart, in Markdown) holds each item's text in a paragraph."""
    lines = ["<ul>"]
    for item in items:
        body, nested = (item, "") if isinstance(item, str) else item
        if loose:
            lines += ["<li>", f"<p>{body}</p>", *([nested] if nested else []), "</li>"]
        else:
            lines.append(f"<li>{body}{nested}\n</li>" if nested else f"<li>{body}</li>")
    lines.append("</ul>")
    return "\n".join(lines)


def html_paragraph(body: str) -> str:
    return f"<p>{body}</p>"


def sortable(table_html: str) -> str:
    """A table whose columns sort on a click (javascripts/tables.js)."""
    return f'<div class="sortable">\n{table_html}\n</div>'
