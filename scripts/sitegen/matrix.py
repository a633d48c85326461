"""/models/ as a matrix (every model x every component) and /models/compare/, from gallery_data rows.

The matrix is finished HTML that works without JavaScript: every row, cell and reason is in the
page. javascripts/matrix.js only adds the filters and the sorting; javascripts/compare.js fills the
comparison page from /models/index.json. A cell shows its state twice: by a symbol and letters
(availability, license category) and by a colour (class `k-<category>` or `a-<availability>`, each
id by its words' initials: `k-os` is open-source, `a-nr` not-released), so that colour is never the
only signal. Text from manifests and corpora goes through markup.text.

At 1,000 models the page is its bytes and the browser's layout of one big table: a cell is a short
class and a few characters, the verdicts' links and every other attribute that would be the same on
each row are said once (in the headings, or by their absence). The stylesheet lays each row out on
its own, with fixed column widths, and skips the rows out of view (content-visibility).
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from openness.crosswalk import FrameworkResult
from openness.licenses import UNKNOWN
from openness.spec import Definition
from openness.states import NOT_DECLARED, ComponentState

from .clauses import Clauses
from .gallery_data import (
    AVAILABILITY_WORDS,
    CURATED,
    Row,
    category_words,
    framework_why,
    level_why,
)
from .markup import anchor, html_block, text

# The CSS class of the deliberate wide matrix (sticky first column, scrolls sideways inside its
# own frame): the browser test of "no horizontal scroll" exempts it by this name.
MATRIX_CLASS = "om-matrix"

AVAILABILITY_SYMBOLS = {
    "released": "●",
    "partial": "◐",
    "not-released": "○",
    "not-applicable": "–",  # noqa: RUF001 (a dash, on purpose)
    "unknown": "?",
    NOT_DECLARED: "·",
}


def category_letters(category: str, definition: Definition) -> str:
    """A category's short form, from its title's initials: Open source license -> OS."""
    if category == UNKNOWN:
        return "?"
    title = next(
        (item.title for item in definition.license_categories if item.id == category), category
    )
    words = [word for word in title.split() if word.lower() not in ("license", "terms")]
    return "".join(word[0].upper() for word in words) or "?"


def short_id(item_id: str) -> str:
    """An id by the initials of its words, for the cells' classes: open-source -> os. The
    javascripts/matrix.js function of the same name does the same for the comparison page."""
    return "".join(word[0] for word in item_id.split("-") if word)


def state_class(state: ComponentState) -> str:
    if state.category:
        return f"k-{short_id(state.category)}"
    return f"a-{short_id(state.availability)}"


def category_class(category: str) -> str:
    return f"k-{short_id(category)}"


def check_classes(definition: Definition) -> None:
    """Two categories (or availabilities) with one short class would look alike: refuse."""
    for prefix, ids in (
        ("k", [*(item.id for item in definition.license_categories), UNKNOWN]),
        ("a", list(AVAILABILITY_SYMBOLS)),
    ):
        shorts = [short_id(item) for item in ids]
        if len(set(shorts)) != len(shorts):
            raise ValueError(f"matrix: two {prefix}- ids have one short class: {', '.join(ids)}")


def _cell(state: ComponentState, definition: Definition) -> str:
    symbol = AVAILABILITY_SYMBOLS.get(state.availability, "?")
    letters = category_letters(state.category, definition) if state.category else ""
    # No title per cell: at 1,000 models it would be a third of the page. The legend says what
    # each symbol and letter means, and matrix.js adds the words as a tooltip on hover.
    return f'<td class="{state_class(state)}">{symbol}{letters}</td>'


def _attribute(value: str) -> str:
    return html.escape(" ".join(value.split()), quote=True)


def _why(words: str) -> str:
    # A block of its own by the matrix's CSS: no <br>, no class repeated in every cell.
    return f"<small>{text(words)}</small>" if words else ""


def _framework_cell(row: Row, result: FrameworkResult) -> str:
    # The framework's link is in its heading: the same link in every row would be a fifth of the page.
    rank = result.reached.rank if result.reached is not None else 0
    return f'<td data-sort="{rank}">{text(result.verdict)}{_why(framework_why(row, result))}</td>'


def _row(row: Row, clauses: Clauses) -> str:
    assessment = row.assessment
    level = assessment.level
    definition = assessment.definition
    name = anchor(f"{row.id}/", text(row.name))
    if row.kind != CURATED:
        name += ' <small class="om-kind">imported</small>'
    possible = assessment.possible_level
    shown = clauses.link(level.id, text(level.title))
    if possible.rank > level.rank:
        shown += f" (possibly {clauses.link(possible.id, text(possible.title))})"
    cells = [
        f'<th scope="row">{name}</th>',
        f"<td>{text(row.producer)}</td>",
        f"<td>{text(row.type)}</td>",
        f'<td data-sort="{level.rank}">{shown}{_why(level_why(row))}</td>',
        *(_framework_cell(row, result) for result in assessment.crosswalks),
        *(_cell(state, definition) for state in row.states),
    ]
    # Curated is the default: only an imported row says its kind (the `imported` mark shows it too).
    kind = "" if row.kind == CURATED else f' data-kind="{_attribute(row.kind)}"'
    attributes = f'data-id="{_attribute(row.id)}" data-level="{_attribute(level.id)}"{kind}'
    return f"<tr {attributes}>" + "".join(cells) + "</tr>"


def legend(definition: Definition) -> str:
    """What the symbols, letters and colours of the cells mean, in the order the columns sort."""
    availability = [
        f'<li><span class="a-{short_id(key)}">{symbol}</span> {text(words)}</li>'
        for key, symbol in AVAILABILITY_SYMBOLS.items()
        for words in [AVAILABILITY_WORDS[key]]
    ]
    categories = [
        f'<li><span class="{category_class(item)}" data-category="{item}">'
        f"{category_letters(item, definition)}</span> "
        f"{text(category_words(item, definition))}</li>"
        for item in [*(category.id for category in definition.license_categories), UNKNOWN]
    ]
    return (
        '<div class="om-legend">\n'
        "<p><strong>Availability</strong> (the symbol):</p>\n"
        f'<ul class="om-legend-availability">{"".join(availability)}</ul>\n'
        "<p><strong>License category</strong> of what is released (the letters and the colour):</p>\n"
        f'<ul class="om-legend-categories">{"".join(categories)}</ul>\n'
        "</div>"
    )


def matrix(found: Sequence[Row], definition: Definition, depth: int = 1) -> str:
    """The wide table: a row per model; the model, its producer, type, level and each framework's
    verdict (with why, where it says no), then a column per component."""
    clauses = Clauses.of(definition, depth)
    frameworks = found[0].assessment.crosswalks if found else ()
    headers = [
        '<th scope="col">Model</th>',
        '<th scope="col">Producer</th>',
        '<th scope="col">Type</th>',
        '<th scope="col">Level</th>',
        *(
            f'<th scope="col">{anchor(result.url, text(result.framework.short_title))}</th>'
            for result in frameworks
        ),
        *(
            f'<th scope="col" class="om-c" data-component="{component.id}">'
            f"{clauses.link(component.id, f'<span>{text(component.title)}</span>')}</th>"
            for component in definition.components
        ),
    ]
    body = "\n".join(_row(row, clauses) for row in found)
    check_classes(definition)
    return (
        # Left out of the search index: one entry per model page is made instead (search_entries).
        f'<div class="om-matrix-frame" data-search-exclude>\n<table class="{MATRIX_CLASS}">\n'
        f"<thead><tr>{''.join(headers)}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>\n</div>"
    )


def index_page(found: Sequence[Row], definition: Definition, imported_note: str = "") -> str:
    """/models/: what the gallery is, the legend, the matrix, then how imported models are read."""
    curated = sum(1 for row in found if row.kind == CURATED)
    count = f"{len(found)} models" if len(found) != 1 else "1 model"
    return (
        # The wide matrix takes the whole width: no navigation or table of contents beside it.
        "---\nhide:\n  - navigation\n  - toc\n---\n"
        "# Models\n\n"
        f"{count}: {curated} described by a curated manifest, reviewed by the editors, and "
        f"{len(found) - curated} imported from public assessments (marked *imported*, "
        "[not reviewed](#imported)). Each is assessed against the definition and the other "
        "frameworks; where a verdict says no, the cell says what blocks it. Click a column heading "
        "to sort; the filters narrow the rows. Pick two to four models to "
        "[compare them side by side](compare/index.md). As data: "
        "[index.json](index.json) ([its schema](../schemas/gallery/1.0/schema.json)) and "
        "[index.csv](index.csv).\n\n"
        + html_block(legend(definition), matrix(found, definition))
        + ("\n" + imported_note if imported_note else "")
    )


def compare_page() -> str:
    """/models/compare/?models=a,b: a static page; compare.js reads the query and index.json."""
    return (
        "---\ntitle: Compare models\n---\n"
        "# Compare models\n\n"
        "Two to four models of the [gallery](../index.md) side by side: their levels, each "
        "framework's verdict and the state of every component, from "
        "[index.json](../index.json).\n\n"
        + html_block(
            '<div id="om-compare" data-index="../index.json" data-search-exclude>\n'
            "<p>This page needs JavaScript to build the comparison. Without it, every model's "
            "page and index.json hold the same facts. To compare, name the models in the address "
            "by the ids of their pages under /models/, separated by commas: "
            "<code>/models/compare/?models=olmo-7b,llama-2-7b</code> compares OLMo 7B and "
            "Llama 2 7B; an imported model's id starts with <code>imported/</code>.</p>\n"
            "</div>"
        )
    )
