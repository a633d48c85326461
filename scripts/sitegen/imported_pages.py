"""/models/imported/<slug>/ and the "Imported assessments" table of /models/.

Everything taken from the corpora (names, producers, notes, licenses, links) is untrusted text: it goes
through markup.escape and markup.link only. Pages are left out of the search index, as curated ones.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from openness.assess import Assessment
from openness.manifest import Declaration
from openness.render import unreviewed, unreviewed_sentence

from .gallery import front_matter, terms_label
from .imported import SOURCES, ImportedModel, Record, Source, name_words
from .markup import escape, heading, link, links, table

PREFIX = "models/imported"


def page_path(model: ImportedModel) -> str:
    return f"{PREFIX}/{model.slug}/index.md"


def _clause(assessment: Assessment, item_id: str, depth: int) -> str:
    return "../" * depth + f"{assessment.definition.version}/index.md#{item_id}"


def _level(assessment: Assessment, depth: int) -> str:
    level = assessment.level
    return f"[{level.title}]({_clause(assessment, level.id, depth)})"


def _possibly(assessment: Assessment, depth: int) -> str:
    """' (possibly <level>)' when the level would be higher if what is unknown turned out open."""
    possible = assessment.possible_level
    if possible.rank <= assessment.level.rank:
        return ""
    return f" (possibly [{possible.title}]({_clause(assessment, possible.id, depth)}))"


# An importer writes availability unknown only for what its source does not assess.
UNKNOWN_AVAILABILITY = "unknown (not assessed by the source)"


def availability_label(declared: Declaration) -> str:
    """A component's availability as the imported pages say it: unknown is never "not released"."""
    if declared.availability == "unknown":
        return UNKNOWN_AVAILABILITY
    return declared.availability


def _source_link(source: Source) -> str:
    return link(source.home, source.title)


def _record_label(record: Record) -> str:
    """A record's name in headings and table columns: its source, and its role when a base."""
    label = f"{record.source.short} ({escape(record.file)})"
    if record.role == "base":
        label += f", as the base of {escape(record.system)}"
    return label


# --- /models/ ------------------------------------------------------------------------------------


def index(models: Sequence[ImportedModel]) -> str:
    """The imported table of /models/, after the curated one."""
    rows = []
    for model in sorted(models, key=lambda m: (-m.lowest.level.rank, m.name.lower(), m.slug)):
        levels = dict.fromkeys(record.assessment.level for record in model.assessed)
        possible = dict.fromkeys(record.assessment.possible_level for record in model.assessed)
        if len(levels) == 1 and len(possible) == 1:
            level = _level(model.lowest, 1) + _possibly(model.lowest, 1)
        else:
            level = " · ".join(
                f"{_level(record.assessment, 1)}{_possibly(record.assessment, 1)} "
                f"({escape(record.source.short)})"
                for record in model.assessed
            )
        sources = ", ".join(
            escape(source.short)
            + (
                " (base)"
                if all(r.role == "base" for r in model.records if r.source is source)
                else ""
            )
            for source in model.sources
        )
        curated = ", ".join(f"[curated]({entry.slug}/index.md)" for entry in model.curated)
        rows.append(
            (
                f"[{escape(model.name)}](imported/{model.slug}/index.md)",
                escape(model.producer),
                sources,
                f'<span data-sort="{html.escape(model.date, quote=True)}"></span>'
                + escape(" · ".join(dict.fromkeys(record.date for record in model.records))),
                f'<span data-sort="{model.lowest.level.rank}"></span>{level}',
                curated,
            )
        )
    merged = sum(1 for model in models if len(model.sources) > 1)
    counts = ", ".join(
        f"{sum(1 for m in models if source in m.sources)} from the {_source_link(source)}"
        for source in SOURCES
    )
    return (
        # Left out of the search index, as the pages are: the index keeps its size.
        "## Imported assessments {#imported data-search-exclude}\n\n"
        f"{len(models)} more models, imported from public assessments when this site is built: "
        f"{counts}; {merged} of them are in both. They are **not reviewed by the editors**: each "
        "page shows what its sources say and the level the definition gives that, with links to "
        "the original data. Where a source names a model twice, or two sources name it, the "
        "records are merged by name and producer (see the README's Site section for the rule). "
        "*Our level* is the lowest level the sources' data reaches, and *possibly* the level it "
        "would reach if what the sources do not assess (evaluation code, for the Index) turned out "
        "open: unknown, never counted as not released. A page with a curated manifest links to "
        "it.\n\n"
        f'<div class="sortable" markdown>\n\n'
        f"{table(('Model', 'Producer', 'Sources', 'Date', 'Our level', 'Curated'), rows)}\n"
        "</div>\n"
    )


# --- /models/imported/<slug>/ --------------------------------------------------------------------


def model_page(model: ImportedModel, names: dict[str, str] | None = None) -> str:
    """An imported model's page. `names` maps a normalised model name to the site path (from the
    site's root, without index.md) of a page about it, to link the base models the sources name."""
    names = names or {}
    first = model.records[0].manifest.model
    facts = [("Producer", escape(model.producer))]
    for label, value in (("Type", first.type), ("Version", first.version)):
        if value:
            facts.append((label, escape(value)))
    homepages = dict.fromkeys(
        url
        for r in model.assessed
        for url in (r.manifest.model.homepage, r.manifest.model.repository)
        if url
    )
    if homepages:
        facts.append(("Links", links(homepages, ", ")))
    for record in model.assessed:
        if record.manifest.release_license:
            facts.append(
                (
                    "Release license",
                    f"{escape(record.manifest.release_license)} "
                    f"(per the {escape(record.source.short)})",
                )
            )
    also = sorted({r.manifest.model.name for r in model.records} - {model.name})
    if also:
        facts.append(("Also named", ", ".join(escape(name) for name in also)))
    for record in model.assessed:
        if record.base:
            target = names.get("-".join(name_words(record.base, "")))
            base = (
                f"[{escape(record.base)}](../../../{target}index.md)"
                if target
                else escape(record.base)
            )
            facts.append(("Derived from", f"{base} (per the {escape(record.source.short)})"))
    if model.curated:
        facts.append(
            (
                "Curated manifest",
                ", ".join(
                    f"[{escape(entry.manifest.model.name)}](../../{entry.slug}/index.md)"
                    for entry in model.curated
                )
                + " (reviewed by the editors)",
            )
        )
    facts.append(
        (
            "Original data",
            ", ".join(
                link(record.original, f"{record.file} ({record.source.short})")
                for record in model.records
            )
            + "; "
            + ", ".join(_source_link(source) for source in model.sources),
        )
    )
    parts = [
        front_matter(model.name),
        f"# {escape(model.name)}\n",
        _banner(model),
        "\n".join(f"- **{name}:** {value}" for name, value in facts) + "\n",
        _assessments(model),
        _components(model),
        _evidence(model),
    ]
    return "\n".join(parts)


def _banner(model: ImportedModel) -> str:
    dates: dict[Source, list[str]] = {}
    for record in model.records:
        dates.setdefault(record.source, []).append(record.date)
    said = " and from ".join(
        f"the {_source_link(source)} on {escape(', '.join(sorted(set(found))))}"
        for source, found in dates.items()
    )
    return (
        '!!! warning "Imported, not reviewed by the editors"\n'
        f"    Imported from {said}, not reviewed by the editors. The dates are those of the "
        "sources' data (the MOT dates each file; the Index, its snapshot). The level is the "
        "definition applied to what each source says, read by `openness import`; check the "
        "original data before citing it.\n"
    )


def _assessments(model: ImportedModel) -> str:
    parts = [heading(2, "Assessment", "assessment")]
    for record in model.assessed:
        assessment = record.assessment
        line = (
            f"**{_source_link(record.source)}** ({escape(record.file)}, {escape(record.date)}): "
            f"under [definition {assessment.definition.version}]"
            f"({_clause(assessment, 'levels', 3)}), this model reaches "
            f"**{_level(assessment, 3)}**."
        )
        if unreviewed(assessment):
            line += " " + escape(unreviewed_sentence(assessment))
        possible = assessment.possible_level
        if possible.rank > assessment.level.rank:
            unknown = "; ".join(escape(item) for item in assessment.unknown)
            line += (
                f" Unknown, because the source does not assess it or nobody has checked: {unknown}. "
                f"If that turns out open, it would reach "
                f"**[{possible.title}]({_clause(assessment, possible.id, 3)})**."
            )
        if assessment.next_level is not None:
            target = assessment.next_level
            line += f" To reach [{target.title}]({_clause(assessment, target.id, 3)}), it needs:\n"
            line += "\n".join(
                f"    - [`{result.requirement.id}`]({_clause(assessment, result.requirement.id, 3)}):"
                f" {escape(result.reason)}"
                for result in assessment.missing
            )
        parts.append(f"- {line}\n")
    bases = [record for record in model.records if record.role == "base"]
    if bases:
        systems = ", ".join(escape(record.system) for record in bases)
        parts.append(
            f"The {escape(bases[0].source.title)} also describes this model as the base model of "
            f"{systems}: its data and weights only, with no license, so that gives no level; its "
            "evidence is below.\n"
        )
    return "\n".join(parts)


def _components(model: ImportedModel) -> str:
    definition = model.records[0].assessment.definition
    headers = ["Component", *(_record_label(record) for record in model.records)]
    rows = []
    for component in definition.components:
        cells = [f"[{component.title}]({_clause(model.records[0].assessment, component.id, 3)})"]
        for record in model.records:
            declared = record.manifest.components.get(component.id)
            if declared is None:
                cells.append("not declared")
                continue
            said = [escape(availability_label(declared))]
            if declared.availability in ("released", "partial"):
                said.append(escape(terms_label(declared, record.manifest.release_license)))
            if declared.locations:
                said.append(links(declared.locations, ", "))
            cells.append("; ".join(said))
        rows.append(cells)
    return "\n".join([heading(2, "Components", "components"), table(headers, rows)])


def _evidence(model: ImportedModel) -> str:
    parts = [heading(2, "Evidence", "evidence")]
    for number, record in enumerate(model.records, 1):
        anchor = f"evidence-{record.source.id}-{number}"
        title = _record_label(record)
        parts.append(heading(3, title, anchor))
        definition = record.assessment.definition
        items = []
        for component_id, declared in record.manifest.components.items():
            said = escape(declared.notes) if declared.notes else ""
            cited = links((*declared.locations, *declared.evidence_urls), ", ")
            body = " ".join(filter(None, [said, cited and f"Links: {cited}"]))
            title_of = definition.component(component_id).title
            said_of = availability_label(declared).replace(" (", ": ").rstrip(")")
            items.append(f"- **{title_of}** ({escape(said_of)}): {body}")
        parts.append("\n".join(items) + "\n" if items else "No component is described.\n")
        custom = [
            (escape(license_id), escape(terms.get("name", "")), link(terms.get("url", "")))
            for license_id, terms in record.manifest.licenses.items()
        ]
        if custom:
            parts.append(table(("Id", "Name", "Text"), custom))
        notes = record.manifest.provenance.get("notes", "")
        if notes:
            parts.append(f"*What the importer kept:* {escape(notes)}\n")
    return "\n".join(parts)
