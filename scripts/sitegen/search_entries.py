"""Small search entries the theme's search index gets besides its pages' sections.

Model pages stay out of the index (their front matter says so): a page's whole text for each of
hundreds of models would make the index, which every page loads, grow with the gallery. Instead each
model gets one entry of a line (name, producer, level), made from /models/index.json,
the gallery's data. Each license of the registry gets an entry of its own too, so that a
query for its id (`Apache-2.0`) finds the license before the long sections that mention it.

The entries are added to search/search_index.json after the search plugin has written it (the
hooks run after the plugins); the theme's search worker builds its index from that file in the
browser. Everything in an entry is HTML-escaped: the theme shows the text as HTML.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from openness.spec import Definition, LicenseRegistry

# Below the sections' 1: an entry whose title is the query (a license's id, a model's name) still
# ranks first, as the theme weighs titles 1000 times the text, but one whose title merely starts
# like the word being typed (CodeGen2 for "training code") stays below the clause titled so.
BOOST = 0.1


def model_entries(index: dict[str, Any]) -> list[dict[str, Any]]:
    """One entry per model of the gallery's data: found by its name and its producer."""
    entries = []
    for model in index["models"]:
        # The producer and the level only: the words of types and verdicts ("code", "open
        # source") would make every model a hit for a query about a clause.
        said = [model["producer"], model["level"]["title"]]
        if model["kind"] == "imported":
            said.append("imported, not reviewed")
        entries.append(
            {
                "location": f"models/{model['id']}/",
                "title": html.escape(model["name"]),
                "text": html.escape(" · ".join(part for part in said if part)),
                "boost": BOOST,
            }
        )
    return entries


def license_entries(registry: LicenseRegistry, definition: Definition) -> list[dict[str, Any]]:
    """One entry per license of the registry, at its row of /licenses/."""
    titles = {category.id: category.title for category in definition.license_categories}
    return [
        {
            "location": f"licenses/#{entry.id}",
            "title": html.escape(entry.id),
            "text": html.escape(
                f"{entry.name}: {titles.get(entry.category, entry.category)}. {entry.reason}"
            ),
            "boost": BOOST,
        }
        for entry in registry.licenses
    ]


def add(site: Path, entries: Iterable[dict[str, Any]]) -> None:
    """Append entries to the built site's search index, if it has one."""
    path = site / "search" / "search_index.json"
    if not path.is_file():
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    data["docs"] += list(entries)
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
