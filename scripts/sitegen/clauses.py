"""Links from a generated page to the clauses of one definition version, and to other pages.

Markdown links (`path`) are rewritten and checked by mkdocs; links in finished HTML (`href`) are
final URLs, so their anchors are checked here: a link to a clause the definition lacks fails the
build, as mkdocs' anchor validation makes it fail for a Markdown link."""

from __future__ import annotations

from dataclasses import dataclass

from mkdocs.utils import get_relative_url

from openness.spec import Definition

from .definition_page import SECTIONS, item_ids
from .markup import anchor


@dataclass(frozen=True)
class Clauses:
    version: str
    anchors: frozenset[str]  # every id of the definition's page
    depth: int  # how many folders below the site's root the linking page is

    @classmethod
    def of(cls, definition: Definition, depth: int) -> Clauses:
        return cls(definition.version, frozenset([*SECTIONS, *item_ids(definition)]), depth)

    def path(self, item_id: str) -> str:
        """The clause as a Markdown link target."""
        return "../" * self.depth + f"{self.version}/index.md#{item_id}"

    def href(self, item_id: str) -> str:
        """The clause's URL from the linking page."""
        if item_id not in self.anchors:
            raise ValueError(f"a link to #{item_id}, which definition {self.version} does not have")
        return "../" * self.depth + f"{self.version}/#{item_id}"

    def link(self, item_id: str, label: str) -> str:
        """A link to the clause around finished HTML."""
        return anchor(self.href(item_id), label)


def page_href(target: str, page: str) -> str:
    """The URL of the page at site path `target` (models/olmo-7b/) from the page at `page`, as
    mkdocs writes the URL of a Markdown link to it."""
    return get_relative_url(target, page)
