"""A Markdown extension: the finished HTML blocks of markup.html_block go to Markdown's raw HTML
store as they are, parsed by neither Markdown nor the HTML parsers of md_in_html and mkdocs.

The hook registers it (hooks.on_config). Without it the same Markdown renders the same page, more
slowly, with the two marker comments in it: the blocks are raw HTML to any Markdown.

A block is taken out of the text before Markdown normalises the whitespace of the page, when that
would leave it as it is (no tab, carriage return, line of spaces or STX/ETX character in it):
normalising is a pass over every character, and the blocks are most of a generated page. The
store's placeholders hold STX/ETX characters, which the normalising strips, so the block waits
under a marker line until the store takes it, in the order of the page as before."""

from __future__ import annotations

from markdown import Markdown, util
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from .markup import HTML_END, HTML_START

# The marker line of a block taken out before normalising, numbered in the page. No text of a
# manifest can make it (markup.text escapes every `<`), as for HTML_START.
_TAKEN = "<!-- html: taken {} -->"


def _unchanged_by_normalising(block: str) -> bool:
    """Whether NormalizeWhitespace leaves the block's lines as they are: it removes STX and ETX,
    turns carriage returns into line breaks, expands tabs and empties lines of spaces."""
    return not (
        util.STX in block
        or util.ETX in block
        or "\r" in block
        or "\t" in block
        or block.startswith(" ")
        or "\n " in block
    )


class _Take(Preprocessor):
    """Before normalising: each block normalising would not change, out under a marker line."""

    def __init__(self, md: Markdown, taken: dict[str, str]) -> None:
        super().__init__(md)
        self.taken = taken  # marker line -> block

    def run(self, lines: list[str]) -> list[str]:
        self.taken.clear()  # the previous page's, if the Markdown instance is used again
        kept: list[str] = []
        start: int | None = None  # where the open block's lines start in `kept`
        for line in lines:
            if start is None and line == HTML_START:
                kept.append(line)
                start = len(kept)
            elif start is not None and line == HTML_END:
                block = "\n".join(kept[start:])
                if _unchanged_by_normalising(block):
                    del kept[start - 1 :]
                    marker = _TAKEN.format(len(self.taken))
                    kept.append(marker)
                    self.taken[marker] = block
                else:  # left for _Store to take once normalised
                    kept.append(line)
                start = None
            else:
                kept.append(line)
        return kept


class _Store(Preprocessor):
    def __init__(self, md: Markdown, taken: dict[str, str]) -> None:
        super().__init__(md)
        self.taken = taken

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
            elif line in self.taken:
                kept.append(self.md.htmlStash.store(self.taken[line]))
            else:
                kept.append(line)
        return kept if block is None else [*kept, HTML_START, *block]  # unclosed: left as it was


class HtmlBlocks(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        taken: dict[str, str] = {}
        # Before normalize_whitespace (30); the store after it, which would strip the store's
        # placeholder characters, and before mkdocs' raw HTML scan (21) and md_in_html (20).
        md.preprocessors.register(_Take(md, taken), "openness_html_blocks_taken", 31)
        md.preprocessors.register(_Store(md, taken), "openness_html_blocks", 29)
