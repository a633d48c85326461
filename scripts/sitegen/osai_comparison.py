"""/compare/osai-index/: our levels beside the European Open Source AI Index's scores.

The rows are openness.compare's, made from the Index records the imported gallery already holds:
the Index is imported once per build, and a system's level here is the level on its page. Every text
taken from the Index (names, producers, and the reasons, which quote its license names) is escaped.
"""

from __future__ import annotations

import html
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

from openness.compare import (
    Comparison,
    ComparisonRow,
    comparison_row,
    dimension_types,
    index_score,
    not_assessed,
    reachable_level,
)
from openness.importers.osai_index import DIMENSIONS, INDEX_URL, INFERRED_REASON
from openness.spec import Definition, latest_released, load_definition

from .imported import INDEX, Imports
from .markup import cell, code, escape, link, table

PAGE_PATH = "compare/osai-index/index.md"
TITLE = "Compared with the European Open Source AI Index"
TOP = 15
CITATION = (
    "Liesenfeld, A. and Dingemanse, M., 2024. Rethinking open source generative AI: open-washing "
    "and the EU AI Act. In Proceedings of the 2024 ACM Conference on Fairness, Accountability, "
    "and Transparency (pp. 1774-1787)."
)


def comparison(imports: Imports, folder: Path) -> Comparison:
    """What openness.compare.compare_index finds in the Index folder, from the records imported
    from it: one row per system file, in file order, and the files that give none."""
    records = sorted(
        (r for r in imports.records if r.source is INDEX and r.role == "assessed"),
        key=lambda record: record.file,
    )
    version = records[0].assessment.definition.version if records else latest_released()
    definition = load_definition(version)
    ceiling = reachable_level(definition)
    types = dimension_types(folder)
    prefix = INDEX.id + "/"
    refused = {
        name.removeprefix(prefix): reason
        for name, reason in imports.refused
        if name.startswith(prefix)
    }
    rows = []
    for record in records:
        score = index_score(record.data, types)
        if score is None:
            refused[record.file] = "no score"
            continue
        rows.append(
            comparison_row(
                record.file, record.data, record.manifest, record.assessment, score, ceiling
            )
        )
    return Comparison(definition, ceiling, tuple(rows), tuple(sorted(refused.items())))


def page(imports: Imports, folder: Path | None) -> str | None:
    """The whole page, or None when the Index data is not there to compare with."""
    if folder is None or not folder.is_dir():
        return None
    found = comparison(imports, folder)
    return comparison_markdown(found.rows, found, model_pages(imports))


def model_pages(imports: Imports) -> dict[str, str]:
    """Each Index file's imported model page, as its slug (/models/imported/<slug>/)."""
    return {
        record.file: model.slug
        for model in imports.models
        for record in model.assessed
        if record.source is INDEX
    }


def _percent(value: float) -> str:
    return f'<span data-sort="{value:.4f}"></span>{round(value * 100)} %'


def _signed(value: float) -> str:
    """A difference of two scores, in percentage points, written as the scores are (`+25 %`)."""
    return f'<span data-sort="{value:.4f}"></span>{_points(value)}'


def _points(value: float) -> str:
    points = round(value * 100)
    return f"{points:+d} %" if points else "0 %"


def _level(row: ComparisonRow, version: str) -> str:
    clause = f"../../{version}/index.md#{row.level.id}"
    return (
        f'<span data-sort="{row.level.rank}"></span>[{escape(row.level.title)}]({clause})'
        + _possibly(row, version)
    )


def _possibly(row: ComparisonRow, version: str) -> str:
    """' (possibly <level>)': the level if what the Index does not assess turned out open."""
    possible = row.possible_level
    if possible.rank <= row.level.rank:
        return ""
    return f" (possibly [{escape(possible.title)}](../../{version}/index.md#{possible.id}))"


def comparison_markdown(
    rows: Sequence[ComparisonRow],
    comparison: Comparison | None = None,
    pages: Mapping[str, str] | None = None,
) -> str:
    """The comparison page: how the two are compared, every system, and the largest gaps; pages
    maps an Index file to the slug of its imported model page, which its row links to."""
    if not rows:
        return f"# {TITLE}\n\nNo system of the Index could be imported.\n"
    version = rows[0].definition
    ceiling = reachable_level(load_definition(version))
    spread = _spread(Counter(row.level.title for row in rows))
    possible = _spread(Counter(row.possible_level.title for row in rows))
    parts = [
        f"---\ntitle: {json.dumps(html.escape(TITLE))}\n---\n",
        f"# {TITLE}\n",
        _explanation(len(rows), version, ceiling.title, ceiling.rank),
        _mapping(load_definition(version)),
        "## Every system\n",
        f"{len(rows)} systems: {spread}. If everything the Index does not assess turned out open: "
        f"{possible}. Click a column heading to sort.\n",
        _table(rows, version, pages or {}),
        _disagreements(rows, version, pages or {}),
    ]
    if comparison is not None and comparison.refused:
        refused = "\n".join(
            f"- {code(name)}: {escape(reason)}" for name, reason in comparison.refused
        )
        parts.append(f"## Files not imported\n\n{refused}\n")
    return "\n".join(parts)


def _spread(counts: Counter[str]) -> str:
    return ", ".join(
        f"{count} {escape(title)}" for title, count in sorted(counts.items(), key=lambda i: -i[1])
    )


def _explanation(count: int, version: str, ceiling: str, ceiling_rank: int) -> str:
    return (
        f"The {link(INDEX_URL, 'European Open Source AI Index')} judges generative AI systems "
        "that are called open on a dozen dimensions, each open, partial or closed, with evidence "
        f"links. Its data is published under CC-BY 4.0 ({escape(CITATION)}). We imported each of "
        f"its {count} systems with `openness import osai-index` and assessed the model its users "
        f"interact with, with its base model, under [definition {version}](../../{version}/index.md).\n\n"
        "- **Index score**: the Index's own way, open = 1, partial = 0.5, closed = 0, averaged "
        "over the dimensions that apply to the system (empty ones do not).\n"
        "- **Our level**: the level the imported manifest reaches. The Index has no dimension "
        "for evaluation code, evaluation data or intermediate checkpoints: they are imported as "
        "*unknown (not assessed by the source)*, never as not released, and unknown meets no "
        f"requirement, so no imported manifest reaches above {escape(ceiling)}; our score is the "
        f"level's rank divided by the rank of {escape(ceiling)} ({ceiling_rank}). *Possibly* "
        "names the level the system would reach if everything unknown (what the Index does not "
        "assess, and terms it does not name) turned out open.\n"
        "- **Difference**: Index score minus our score, in percentage points. Positive: the Index finds the system "
        "more open than we do (usually weights that are not downloadable, or a license that "
        "grants nothing); negative: less open (usually open weights with closed data, code "
        "or papers, which the Index counts and our lower levels do not require).\n"
    )


def _mapping(definition: Definition) -> str:
    rows = []
    for dimension in DIMENSIONS:
        components = ", ".join(f"`{component}`" for component in dimension.components)
        if dimension.inferred:
            inferred = ", ".join(f"`{component}`" for component in dimension.inferred)
            components += f"; read from it: {inferred}"
        scope = {"base": "base model", "end": "end model", "system": "end model"}
        rows.append(
            (
                escape(dimension.title),
                escape(scope[dimension.describes]),
                components or "none (reported, kept in notes)",
                cell(dimension.reason),
            )
        )
    unassessed = ", ".join(f"`{component}`" for component in not_assessed(definition))
    return (
        "## How each dimension is read\n\n"
        "Open is read as released, partial as partial, closed as not released, except weights "
        "the Index marks partial or closed for a download gate (contact details, a login, a "
        "license to accept): the definition counts a gated download as a release under the "
        "weights' license. Where the Index "
        "names a base model apart from the end model, the base model gets a manifest of its own "
        "and the end model points to it. "
        + cell(INFERRED_REASON.replace("this component", "model architecture and inference code"))
        + "\n\n"
        + table(("Index dimension", "Manifest", "Components", "Why"), rows)
        + f"\nNo dimension speaks of {unassessed}: each is imported as *unknown (not assessed by "
        "the source)*.\n\n"
        "Licenses come from the end model's license and the Licenses notes, part by part (weights, "
        "code, data). The Licenses class also counts: *open* means the whole system, training "
        "code included, is under OSI-approved licenses, so the one license its notes name is read "
        "as the code's; where they name none, the code's terms are *unknown*, not *no license*.\n"
    )


def _system(row: ComparisonRow, pages: Mapping[str, str]) -> str:
    """The system's name, linked to its imported model page when it has one."""
    slug = pages.get(row.file)
    name = escape(row.system)
    return name if slug is None else f"[{name}](../../models/imported/{slug}/index.md)"


def _table(rows: Sequence[ComparisonRow], version: str, pages: Mapping[str, str]) -> str:
    ordered = sorted(rows, key=lambda row: (-row.index_score, row.system.lower()))
    body = [
        (
            _system(row, pages),
            escape(row.producer),
            _percent(row.index_score),
            _level(row, version),
            _signed(row.disagreement),
        )
        for row in ordered
    ]
    headers = ("System", "Producer", "Index score", "Our level", "Difference")
    return f'<div class="sortable" markdown>\n\n{table(headers, body)}\n</div>\n'


def _disagreements(rows: Sequence[ComparisonRow], version: str, pages: Mapping[str, str]) -> str:
    top = sorted(rows, key=lambda row: (-abs(row.disagreement), row.system.lower()))[:TOP]
    items = [
        f"{number}. **{_system(row, pages)}** ({escape(row.producer)}): Index "
        f"{round(row.index_score * 100)} %, our level "
        f"[{escape(row.level.title)}](../../{version}/index.md#{row.level.id})"
        f"{_possibly(row, version)}, "
        f"difference {_points(row.disagreement)}. Why: {escape(row.why)}."
        for number, row in enumerate(top, 1)
    ]
    return (
        f"## Where the two disagree most\n\nThe {len(top)} systems with the largest difference, "
        "each with the reason on our side.\n\n" + "\n".join(items) + "\n"
    )
