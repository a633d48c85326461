"""A Markdown extension: the finished HTML blocks of markup.html_block go to Markdown's raw HTML
store as they are, parsed by neither Markdown nor the HTML parsers of md_in_html and mkdocs.

The hook registers it (hooks.on_config). Without it the same Markdown renders the same page, more
slowly, with the two marker comments in it: the blocks are raw HTML to any Markdown."""

from __future__ import annotations

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from .markup import HTML_END, HTML_START


class _Store(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        kept: list[str] = []
        block: list[str] | None = None
        for line in lines:
            if block is None and line == HTML_START:
                block = []
            elif block is not None and line == HTML_END:
                kept.append(self.md.htmlStash.store("\n".join(block)))
                block = None
            elif block is not None:
                block.append(line)
            else:
                kept.append(line)
        return kept if block is None else [*kept, HTML_START, *block]  # unclosed: left as it was


class HtmlBlocks(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # After normalize_whitespace (30), which would strip the store's placeholder characters,
        # and before mkdocs' raw HTML scan (21) and md_in_html (20).
        md.preprocessors.register(_Store(md), "openness_html_blocks", 29)
