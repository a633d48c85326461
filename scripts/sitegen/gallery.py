"""/models/ and /models/<slug>/: the curated manifests, each with its assessment.

Everything a manifest says is untrusted text: it goes through markup.escape and markup.link in
Markdown, markup.text and markup.web_link in finished HTML, only.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import openness
from openness.api import check
from openness.escaping import visible
from openness.manifest import NOASSERTION, Declaration, Evidence, Manifest
from openness.render import unreviewed, unreviewed_sentence
from openness.spec import Definition, versions

from .clauses import Clauses
from .markup import (
    anchor,
    escape,
    heading,
    html_block,
    html_code,
    html_list,
    html_paragraph,
    html_table,
    text,
    visible_text,
    web_link,
    web_links,
)
from .profile_figure import figure

_SLUG = re.compile(r"^[a-z0-9][a-z0-9.-]*$")


@dataclass(frozen=True)
class Entry:
    slug: str  # the manifest's file name without .yaml: permanent, part of the URL
    source: Path
    manifest: Manifest
    assessment: openness.Assessment
    warnings: tuple[openness.Finding, ...]


class GalleryError(Exception):
    """A curated manifest is not valid: the site would publish a wrong verdict, so it is not built."""


def load(folder: Path) -> list[Entry]:
    entries = []
    for path in sorted(folder.glob("*.yaml")):
        if not _SLUG.match(path.stem):
            raise GalleryError(
                f"{path}: the file name is the URL; use lowercase letters, digits, . and -"
            )
        # One pass: the assessment the validation judged the claim with, crosswalks added.
        validation, assessment = check(path, crosswalks=True)
        if assessment is None or validation.manifest is None:
            raise GalleryError("\n".join(str(finding) for finding in validation.findings))
        entries.append(Entry(path.stem, path, validation.manifest, assessment, validation.findings))
    return entries


@dataclass(frozen=True)
class Family:
    """Which gallery model is the base of which, found once for the whole gallery."""

    bases: dict[str, Entry]  # slug -> the entry of its base model, for models whose base is here
    derived: dict[str, tuple[Entry, ...]]  # slug -> the entries made from it

    def base(self, entry: Entry) -> Entry | None:
        return self.bases.get(entry.slug)

    def derivatives(self, entry: Entry) -> tuple[Entry, ...]:
        return self.derived.get(entry.slug, ())

    def chain(self, entry: Entry) -> list[Entry]:
        """This model and its bases in the gallery, the oldest base first (a cycle stops the walk)."""
        found = [entry]
        while (base := self.base(found[-1])) is not None and base not in found:
            found.append(base)
        return found[::-1]


def _normal(text: str) -> str:
    return " ".join(text.lower().split())


def family(entries: Sequence[Entry]) -> Family:
    """Each model's base in the gallery: by its base manifest's path, else by name or weights URL."""
    by_path = {entry.source.resolve(): entry for entry in entries}
    by_name: dict[str, Entry] = {}
    by_url: dict[str, Entry] = {}
    for entry in entries:
        model = entry.manifest.model
        by_name.setdefault(_normal(model.name), entry)
        final = entry.manifest.components.get("final-parameters")
        urls = [model.homepage, model.repository, *(final.locations if final else ())]
        for url in filter(None, urls):
            by_url.setdefault(url.rstrip("/"), entry)
    bases: dict[str, Entry] = {}
    for entry in entries:
        base = entry.manifest.model.base_model
        if base is None:
            continue
        found = None
        if base.manifest and "://" not in base.manifest:
            found = by_path.get((entry.source.parent / base.manifest).resolve())
        found = found or by_name.get(_normal(base.name))
        if found is None and base.url:
            found = by_url.get(base.url.rstrip("/"))
        if found is not None and found is not entry:
            bases[entry.slug] = found
    derived: dict[str, list[Entry]] = {}
    for entry in entries:
        if entry.slug in bases:
            derived.setdefault(bases[entry.slug].slug, []).append(entry)
    return Family(bases, {slug: tuple(items) for slug, items in derived.items()})


def _clauses(entry: Entry, depth: int = 2) -> Clauses:
    return Clauses.of(entry.assessment.definition, depth)


def model_page(
    entry: Entry, lineage: Family | None = None, imported: Sequence[tuple[str, str]] = ()
) -> str:
    """A model's page; `lineage` (the gallery's Family) links its base and derivatives, `imported`
    the imported assessments of the same model, as (name, slug) pairs. Its facts, tables and
    evidence are finished HTML (markup.html_block); headings and prose are Markdown."""
    lineage = lineage or Family({}, {})
    model = entry.manifest.model
    facts = [
        ("Producer", text(model.producer)),
        ("Version", text(model.version or "")),
        ("Released", text(model.release_date or "")),
        ("Type", text(model.type or "")),
        ("Parameters", text(model.parameters or "")),
        ("Homepage", web_link(model.homepage) if model.homepage else ""),
        ("Repository", web_link(model.repository) if model.repository else ""),
    ]
    if model.base_model is not None:
        base = model.base_model
        found = lineage.base(entry)
        if found is not None:
            name = anchor(f"../{found.slug}/", text(found.manifest.model.name))
        else:
            name = web_link(base.url, base.name) if base.url else text(base.name)
        facts.append(
            ("Derived from", name + (f" ({text(model.relation)})" if model.relation else ""))
        )
    chain = lineage.chain(entry)
    if len(chain) > 1:
        facts.append(("Chain", " → ".join(_chain_link(item, entry) for item in chain)))
    made = lineage.derivatives(entry)
    if made:
        facts.append(
            (
                "Derivatives in the gallery",
                ", ".join(
                    anchor(f"../{other.slug}/", text(other.manifest.model.name))
                    + (
                        f" ({text(other.manifest.model.relation)})"
                        if other.manifest.model.relation
                        else ""
                    )
                    for other in made
                ),
            )
        )
    if imported:
        facts.append(
            (
                "Imported assessments",
                ", ".join(anchor(f"../imported/{slug}/", text(name)) for name, slug in imported)
                + " (what the Model Openness Tool and the Open Source AI Index say, not reviewed)",
            )
        )
    provenance = entry.manifest.provenance
    about = [
        text(f"{key}: {provenance[key]}")
        for key in ("source", "author", "date")
        if key in provenance
    ]
    facts.append(("Manifest", ", ".join([anchor("openness.yaml", "openness.yaml"), *about])))
    items = [f"<strong>{name}:</strong> {value}" for name, value in facts if value]
    clauses = _clauses(entry)
    parts = [
        front_matter(model.name),
        f"# {escape(model.name)}\n",
        figure(entry.assessment),
        _paragraph(model.description or ""),
        html_block(html_list(items)),
        _paragraph(provenance.get("notes", "")),
        _assessment(entry, clauses),
        _components(entry, clauses),
        _evidence(entry),
    ]
    return "\n".join(part for part in parts if part)


def _paragraph(value: str) -> str:
    """Untrusted text as a paragraph of finished HTML; nothing when there is no text."""
    shown = text(value)
    return html_block(html_paragraph(shown)) if shown else ""


def _chain_link(item: Entry, current: Entry) -> str:
    name = text(item.manifest.model.name)
    level = text(item.assessment.level.title)
    if item is current:
        return f"<strong>{name}</strong> ({level})"
    return f"{anchor(f'../{item.slug}/', name)} ({level})"


def front_matter(title: str) -> str:
    """The page title, escaped here: the theme prints it into <title> without escaping, and would
    unescape the entities of a title taken from the heading (Jinja's striptags). Model pages stay
    out of the search index, which every page loads: search_entries gives each one line instead, and
    the index keeps its size however many models there are."""
    return f"---\ntitle: {json.dumps(html.escape(visible(title)))}\nsearch:\n  exclude: true\n---\n"


def _assessment(entry: Entry, clauses: Clauses) -> str:
    assessment = entry.assessment
    version, level = assessment.definition.version, assessment.level
    claimed = entry.manifest.claimed_level
    blocks = [
        html_paragraph(
            f"Under {clauses.link('levels', f'definition {version}')}, this model reaches "
            f"<strong>{clauses.link(level.id, text(level.title))}</strong>"
            + (f"; the manifest claims {text(claimed)}." if claimed else ".")
        )
    ]
    possible = assessment.possible_level
    if possible.rank > level.rank and assessment.unknown:
        blocks.append(
            html_paragraph(
                f"Unknown: {text('; '.join(assessment.unknown))}. If these turn out open, it "
                f"would reach {clauses.link(possible.id, text(possible.title))}."
            )
        )
    if assessment.next_level is not None:
        missing = ", ".join(
            clauses.link(r.requirement.id, html_code(r.requirement.id)) for r in assessment.missing
        )
        target = assessment.next_level
        blocks.append(
            html_paragraph(
                f"To reach {clauses.link(target.id, text(target.title))}, it needs: {missing}."
            )
        )
    rows = [
        (
            clauses.link(result.requirement.id, html_code(result.requirement.id)),
            clauses.link(result.level, text(result.level)),
            ("met" if result.met else "<strong>not met</strong>")
            + (f", unreviewed: {text(', '.join(result.unreviewed))}" if result.unreviewed else ""),
            text(result.reason),
        )
        for result in assessment.results
    ]
    if unreviewed(assessment):
        blocks.append(html_paragraph(text(unreviewed_sentence(assessment))))
    blocks.append(html_table(("Requirement", "Level", "Result", "Why"), rows))
    parts = [heading(2, "Assessment", "assessment"), html_block("\n".join(blocks))]
    if assessment.crosswalks:
        # The frameworks' names, links and verdicts are the spec's text, as the levels' titles are.
        lines = []
        for result in assessment.crosswalks:
            line = (
                f"{anchor(result.url, text(result.framework.name))}: "
                f"<strong>{text(result.verdict)}</strong>"
            )
            tier = result.possible_tier
            if tier is not None and tier != result.reached and result.unknown:
                line += f"; {text(tier.name)} if these turn out open: " + visible_text(
                    "; ".join(result.unknown)
                )
            lines.append(line)
        parts.append(
            html_block(
                html_paragraph("Seen through other frameworks, with the same evidence:")
                + "\n"
                + html_list(lines)
            )
        )
    if entry.warnings:
        said = [f"{text(finding.message)} ({text(finding.rule)})" for finding in entry.warnings]
        parts.append(
            html_block(
                html_paragraph("What the validator says of this manifest:") + "\n" + html_list(said)
            )
        )
    return "\n".join(parts)


def _components(entry: Entry, clauses: Clauses) -> str:
    definition = entry.assessment.definition
    rows = []
    for component in definition.components:
        declared = entry.manifest.components.get(component.id)
        rows.append(_component_row(entry, clauses, component.id, component.title, declared))
    release = entry.manifest.release_license
    blocks = []
    if release:
        blocks.append(
            html_paragraph(
                f"The release as a whole is under {html_code(release)}; a component marked "
                "inherited has no license of its own and is governed by it."
            )
        )
    blocks.append(html_table(("Component", "Availability", "License", "Location", "Notes"), rows))
    for component_id, declared in entry.manifest.components.items():
        if declared.datasets:
            dataset_rows = [
                (
                    text(dataset.name),
                    text(dataset.availability or declared.availability),
                    text(
                        dataset.license
                        if dataset.terms_known and dataset.license
                        else UNKNOWN_TERMS
                    ),
                    web_links(dataset.locations),
                    text(dataset.notes),
                )
                for dataset in declared.datasets
            ]
            title = text(definition.component(component_id).title)
            blocks += [
                html_paragraph(f"<strong>Datasets of {title}</strong>"),
                html_table(
                    ("Dataset", "Availability", "License", "Location", "Notes"), dataset_rows
                ),
            ]
    return heading(2, "Components", "components") + "\n" + html_block("\n".join(blocks))


def _component_row(
    entry: Entry, clauses: Clauses, component_id: str, title: str, declared: Declaration | None
) -> tuple[str, str, str, str, str]:
    name = clauses.link(component_id, text(title))
    if declared is None:
        return (name, "not declared", "", "", "counts as not released")
    availability = text(declared.availability)
    if any(value.id == declared.availability for value in entry.assessment.definition.availability):
        availability = clauses.link(declared.availability, availability)
    license_text = text(terms_label(declared, entry.manifest.release_license))
    return (name, availability, license_text, web_links(declared.locations), text(declared.notes))


# Not checked is not "no license" (definition 1.1, terms-unknown): the page says which it is.
UNKNOWN_TERMS = "terms unknown (not stated, or not checked)"


def terms_label(declared: Declaration, release_license: str | None) -> str:
    """Where a component's terms come from, in words, for curated and imported pages alike."""
    if declared.terms == "inherited":
        return f"{release_license or NOASSERTION} (inherited from the release)"
    if declared.terms == "unknown":
        # A data component without terms of its own is governed by its datasets' (listed below).
        return "as its datasets" if declared.datasets else UNKNOWN_TERMS
    if declared.license == "NONE":
        return "NONE (checked: no license granted)"
    return declared.license or ""


def _source(item: Evidence) -> str:
    """A source as a reader can check it: the link, the date it was read, the words it says."""
    shown = web_link(item.url)
    if item.accessed:
        shown += f" (read {text(item.accessed)})"
    if item.quote:
        shown += f": “{text(item.quote)}”"
    return shown


def _component_title(definition: Definition, component_id: str) -> str:
    """The component's title in the definition the model is assessed under, else in the newest
    definition that has it: a format-1.1 manifest cites evidence for compute-disclosure, which
    definition 1.0 does not know."""
    candidates = [definition, *(openness.load_definition(v) for v in reversed(versions()))]
    for candidate in candidates:
        if any(component.id == component_id for component in candidate.components):
            return candidate.component(component_id).title
    return component_id


def _evidence(entry: Entry) -> str:
    definition = entry.assessment.definition
    cited = (
        [("The release's license", entry.manifest.release_evidence)]
        if entry.manifest.release_evidence
        else []
    )
    cited += [
        (_component_title(definition, component_id), declared.evidence)
        for component_id, declared in entry.manifest.components.items()
        if declared.evidence
    ]
    items = [
        f"{text(title)}: " + "; ".join(_source(item) for item in evidence)
        for title, evidence in cited
    ]
    custom = [
        (
            text(license_id),
            text(terms.get("name", "")),
            web_link(terms.get("url", "")),
            text(terms.get("notes", "")),
        )
        for license_id, terms in entry.manifest.licenses.items()
    ]
    parts = [heading(2, "Evidence", "evidence")]
    parts.append(
        html_block(html_list(items)) if items else "The manifest cites no evidence links.\n"
    )
    if custom:
        parts.append(
            html_block(
                html_paragraph("<strong>Licenses defined by the manifest</strong>")
                + "\n"
                + html_table(("Id", "Name", "Text", "Notes"), custom)
            )
        )
    return "\n".join(parts)
