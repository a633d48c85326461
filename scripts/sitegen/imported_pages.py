"""/models/imported/<slug>/ and the "Imported assessments" section of /models/.

Everything taken from the corpora (names, producers, notes, licenses, links) is untrusted text: it goes
through markup.escape and markup.link in Markdown, markup.text and markup.web_link in finished HTML,
only. Pages are left out of the search index, as curated ones: search_entries gives each a line.
"""

from __future__ import annotations

from collections.abc import Sequence

from openness.assess import Assessment
from openness.escaping import visible
from openness.manifest import Declaration
from openness.render import unreviewed, unreviewed_sentence

from .clauses import Clauses, page_href
from .gallery import front_matter, terms_label
from .imported import SOURCES, ImportedModel, Record, Source, name_words
from .markup import (
    anchor,
    escape,
    heading,
    html_block,
    html_code,
    html_list,
    html_paragraph,
    html_table,
    link,
    text,
    web_link,
    web_links,
)
from .profile_figure import figure

PREFIX = "models/imported"


def page_path(model: ImportedModel) -> str:
    return f"{PREFIX}/{model.slug}/index.md"


def _level(assessment: Assessment, clauses: Clauses) -> str:
    level = assessment.level
    return clauses.link(level.id, text(level.title))


def _possibly(assessment: Assessment, clauses: Clauses) -> str:
    """' (possibly <level>)' when the level would be higher if what is unknown turned out open."""
    possible = assessment.possible_level
    if possible.rank <= assessment.level.rank:
        return ""
    return f" (possibly {clauses.link(possible.id, text(possible.title))})"


# An importer writes availability unknown only for what its source does not assess.
UNKNOWN_AVAILABILITY = "unknown (not assessed by the source)"


def availability_label(declared: Declaration) -> str:
    """A component's availability as the imported pages say it: unknown is never "not released"."""
    if declared.availability == "unknown":
        return UNKNOWN_AVAILABILITY
    return declared.availability


def _source_link(source: Source) -> str:
    return link(source.home, source.title)


def _source_html(source: Source) -> str:
    return web_link(source.home, source.title)


def _record_label_html(record: Record) -> str:
    """_record_label as finished HTML."""
    label = f"{text(record.source.short)} ({text(record.file)})"
    if record.role == "base":
        label += f", as the base of {text(record.system)}"
    return label


def _record_label(record: Record) -> str:
    """A record's name in headings and table columns: its source, and its role when a base."""
    label = f"{record.source.short} ({escape(record.file)})"
    if record.role == "base":
        label += f", as the base of {escape(record.system)}"
    return label


# --- /models/ ------------------------------------------------------------------------------------


def index(models: Sequence[ImportedModel]) -> str:
    """The "Imported assessments" section of /models/, after the matrix: how the imported rows
    of the matrix are read."""
    merged = sum(1 for model in models if len(model.sources) > 1)
    counts = ", ".join(
        f"{sum(1 for m in models if source in m.sources)} from the {_source_link(source)}"
        for source in SOURCES
    )
    return (
        "## Imported assessments {#imported data-search-exclude}\n\n"
        f"{len(models)} models of the matrix, marked *imported*, are imported from public "
        f"assessments when this site is built: {counts}; {merged} of them are in both. They are "
        "**not reviewed by the editors**: each page shows what its sources say and the level the "
        "definition gives that, with links to the original data. Where a source names a model "
        "twice, or two sources name it, the records are merged by name and producer (see the "
        "README's Site section for the rule). Their level is the lowest level the sources' data "
        "reaches, and *possibly* the level it would reach if what the sources do not assess "
        "(evaluation code, for the Index) turned out open: unknown (?), never counted as not "
        "released. A page with a curated manifest links to it.\n"
    )


# --- /models/imported/<slug>/ --------------------------------------------------------------------


def model_page(model: ImportedModel, names: dict[str, str] | None = None) -> str:
    """An imported model's page. `names` maps a normalised model name to the site path (from the
    site's root, without index.md) of a page about it, to link the base models the sources name.

    Everything but the headings and the banner is finished HTML (markup.html_block)."""
    names = names or {}
    here = f"{PREFIX}/{model.slug}/"
    first = model.records[0].manifest.model
    facts = [("Producer", text(model.producer))]
    for label, value in (("Type", first.type), ("Version", first.version)):
        if value:
            facts.append((label, text(value)))
    homepages = dict.fromkeys(
        url
        for r in model.assessed
        for url in (r.manifest.model.homepage, r.manifest.model.repository)
        if url
    )
    if homepages:
        facts.append(("Links", web_links(homepages, ", ")))
    for record in model.assessed:
        if record.manifest.release_license:
            facts.append(
                (
                    "Release license",
                    f"{text(record.manifest.release_license)} (per the {text(record.source.short)})",
                )
            )
    also = sorted({r.manifest.model.name for r in model.records} - {model.name})
    if also:
        facts.append(("Also named", ", ".join(text(name) for name in also)))
    for record in model.assessed:
        if record.base:
            target = names.get("-".join(name_words(record.base, "")))
            base = (
                anchor(page_href(target, here), text(record.base)) if target else text(record.base)
            )
            facts.append(("Derived from", f"{base} (per the {text(record.source.short)})"))
    if model.curated:
        facts.append(
            (
                "Curated manifest",
                ", ".join(
                    anchor(
                        page_href(f"models/{entry.slug}/", here), text(entry.manifest.model.name)
                    )
                    for entry in model.curated
                )
                + " (reviewed by the editors)",
            )
        )
    facts.append(
        (
            "Original data",
            ", ".join(
                web_link(record.original, f"{record.file} ({record.source.short})")
                for record in model.records
            )
            + "; "
            + ", ".join(_source_html(source) for source in model.sources),
        )
    )
    clauses = Clauses.of(model.records[0].assessment.definition, 3)
    parts = [
        front_matter(model.name),
        f"# {escape(model.name)}\n",
        *(_profile(record) for record in model.assessed),
        _banner(model),
        html_block(html_list(f"<strong>{name}:</strong> {value}" for name, value in facts)),
        _assessments(model, clauses),
        _components(model, clauses),
        _evidence(model),
    ]
    return "\n".join(parts)


def _profile(record: Record) -> str:
    return figure(
        record.assessment,
        f"What the {_source_html(record.source)} says ({text(record.file)}, {text(record.date)}), "
        "read by the definition: not reviewed by the editors.",
    )


def _banner(model: ImportedModel) -> str:
    """A warning admonition, as finished HTML (the admonition extension makes the same)."""
    dates: dict[Source, list[str]] = {}
    for record in model.records:
        dates.setdefault(record.source, []).append(record.date)
    said = " and from ".join(
        f"the {_source_html(source)} on {text(', '.join(sorted(set(found))))}"
        for source, found in dates.items()
    )
    return html_block(
        '<div class="admonition warning">\n'
        '<p class="admonition-title">Imported, not reviewed by the editors</p>\n'
        f"<p>Imported from {said}, not reviewed by the editors. The dates are those of the "
        "sources' data (the MOT dates each file; the Index, its snapshot). The level is the "
        "definition applied to what each source says, read by <code>openness import</code>; "
        "check the original data before citing it.</p>\n"
        "</div>"
    )


def _assessments(model: ImportedModel, clauses: Clauses) -> str:
    items = []
    for record in model.assessed:
        assessment = record.assessment
        level, possible = assessment.level, assessment.possible_level
        line = (
            f"<strong>{_source_html(record.source)}</strong> ({text(record.file)}, "
            f"{text(record.date)}): under "
            f"{clauses.link('levels', f'definition {assessment.definition.version}')}, this model "
            f"reaches <strong>{clauses.link(level.id, text(level.title))}</strong>."
        )
        if unreviewed(assessment):
            line += " " + text(unreviewed_sentence(assessment))
        if possible.rank > level.rank:
            unknown = "; ".join(text(item) for item in assessment.unknown)
            line += (
                f" Unknown, because the source does not assess it or nobody has checked: {unknown}. "
                f"If that turns out open, it would reach "
                f"<strong>{clauses.link(possible.id, text(possible.title))}</strong>."
            )
        nested = ""
        if assessment.next_level is not None:
            target = assessment.next_level
            line += f" To reach {clauses.link(target.id, text(target.title))}, it needs:"
            needs = [
                f"{clauses.link(result.requirement.id, html_code(result.requirement.id))}: "
                f"{text(result.reason)}"
                for result in assessment.missing
            ]
            nested = html_list(needs) if needs else ""
        items.append((line, nested))
    blocks = [html_list(items, loose=len(items) > 1)]
    bases = [record for record in model.records if record.role == "base"]
    if bases:
        systems = ", ".join(text(record.system) for record in bases)
        blocks.append(
            html_paragraph(
                f"The {text(bases[0].source.title)} also describes this model as the base model of "
                f"{systems}: its data and weights only, with no license, so that gives no level; "
                "its evidence is below."
            )
        )
    return heading(2, "Assessment", "assessment") + "\n" + html_block("\n".join(blocks))


def _components(model: ImportedModel, clauses: Clauses) -> str:
    definition = model.records[0].assessment.definition
    headers = ["Component", *(_record_label_html(record) for record in model.records)]
    rows = []
    for component in definition.components:
        cells = [clauses.link(component.id, text(component.title))]
        for record in model.records:
            declared = record.manifest.components.get(component.id)
            if declared is None:
                cells.append("not declared")
                continue
            said = [text(availability_label(declared))]
            if declared.availability in ("released", "partial"):
                said.append(text(terms_label(declared, record.manifest.release_license)))
            if declared.locations:
                said.append(web_links(declared.locations, ", "))
            cells.append("; ".join(said))
        rows.append(cells)
    return heading(2, "Components", "components") + "\n" + html_block(html_table(headers, rows))


def _evidence(model: ImportedModel) -> str:
    parts = [heading(2, "Evidence", "evidence")]
    for number, record in enumerate(model.records, 1):
        anchor_id = f"evidence-{record.source.id}-{number}"
        parts.append(heading(3, _record_label(record), anchor_id))
        definition = record.assessment.definition
        items = []
        for component_id, declared in record.manifest.components.items():
            said = text(declared.notes) if declared.notes else ""
            cited = web_links((*declared.locations, *declared.evidence_urls), ", ")
            body = " ".join(filter(None, [said, cited and f"Links: {cited}"]))
            title_of = text(definition.component(component_id).title)
            said_of = availability_label(declared).replace(" (", ": ").rstrip(")")
            items.append(f"<strong>{title_of}</strong> ({text(said_of)}): {body}".rstrip())
        parts.append(html_block(html_list(items)) if items else "No component is described.\n")
        custom = [
            (text(license_id), text(terms.get("name", "")), web_link(terms.get("url", "")))
            for license_id, terms in record.manifest.licenses.items()
        ]
        if custom:
            parts.append(html_block(html_table(("Id", "Name", "Text"), custom)))
        notes = record.manifest.provenance.get("notes", "")
        if notes:
            kept = html_paragraph(f"<em>What the importer kept:</em> {text(visible(notes))}")
            parts.append(html_block(kept))
    return "\n".join(parts)
