"""The imported assessments of the gallery: the MOT corpus and the Index, imported in memory, merged.

Each file of data/mot/models (Model Openness Tool) and data/osai-index (European Open Source AI
Index) is converted by the `openness` importers, schema-checked as a manifest and assessed, once per
build, while the site builds: nothing is written to disk, and the manifest's data is checked as the
importer made it, not written out as YAML to be read back. Files that describe the same model are merged into one
entry (`same_model` below says when), so a model both sources assess has one page with both sources'
evidence. The entries are data; imported_pages renders them.

The merge rule, in full (the README's Site section repeats it for readers):
- two records are the same model when their normalised names and normalised producers are equal;
- a name is normalised by folding case, accents and punctuation (`Llama-2-7B`, `llama 2 7b` and
  `Llama_2_7B` are one name), by dropping a trailing `hf` (the `-hf` repositories hold the same
  parameters converted to the Transformers format, not another model), and by dropping a leading
  word that is the producer's own (`Meta-Llama-3-8B` by Meta is `Llama-3-8B` by Meta: hubs prefix
  the organisation's name) when the rest still has a word of two letters or more (`Mistral-7B`
  stays whole);
- `-instruct`, `-chat`, `-base` and size suffixes are kept: they name other parameters, often with
  other data and other terms, so those are other models;
- a producer is normalised to its first word, without a glued-on "AI" ("DeepSeek AI", "DeepSeek-AI"
  and "DeepSeek" are one producer; "StabilityAI" and "Stability AI" too). The producer only confirms
  a name match: two models are never merged on the producer alone.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from openness.assess import Assessment, assess_manifest
from openness.derivatives import inherited_terms
from openness.importers.common import Imported, ImportRefused
from openness.importers.mot import import_mot
from openness.importers.osai_index import import_osai_index
from openness.manifest import Manifest
from openness.reader import Document, ReadError, read
from openness.spec import latest_released
from openness.validate import read_manifest

from .gallery import Entry

DATA = Path(__file__).resolve().parents[2] / "data"


@dataclass(frozen=True)
class Source:
    """A corpus the gallery imports from: what it is, where it comes from, and its snapshot."""

    id: str  # permanent: part of anchors on the pages
    title: str
    short: str  # for table cells
    home: str
    commit: str
    date: str  # the snapshot's date, when the source gives one
    license: str
    file_url: str  # with {file}: the original file at the snapshot's commit

    def original(self, file: str) -> str:
        return self.file_url.format(file=quote(file))


# The snapshots kept in data/ (data/README.md says the same in prose; update both together).
MOT = Source(
    "mot",
    "Model Openness Tool",
    "MOT",
    "https://mot.isitopen.ai",
    "8b5d30e",
    "",  # the MOT gives each file its own date (release.date), shown instead
    "MIT",
    "https://github.com/lfai/model_openness_tool/blob/8b5d30e/models/{file}",
)
INDEX = Source(
    "osai-index",
    "European Open Source AI Index",
    "OSAI Index",
    "https://osai-index.eu",
    "5a388e8",
    "2026-06-12",
    "CC-BY-4.0",
    "https://github.com/Language-Technology-Assessment/main-database/blob/5a388e8/{file}",
)
SOURCES = (MOT, INDEX)


@dataclass(frozen=True)
class Record:
    """One source's assessment of a model: the manifest imported from one file, and its verdict."""

    source: Source
    file: str  # the corpus file's name
    manifest: Manifest
    assessment: Assessment
    date: str  # the date the source gives its data (MOT: the file's; Index: the snapshot's)
    system: str = ""  # the Index's name for the whole system
    base: str = ""  # the base model the source names
    # "assessed": the source assesses this model. "base": the Index describes it only as the base of
    # `system` (its data and weights, no license); evidence for a page, never a verdict of its own.
    role: str = "assessed"
    # The source file's data, as read: what /compare/osai-index/ scores the Index's way.
    data: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def original(self) -> str:
        return self.source.original(self.file)


@dataclass(frozen=True)
class ImportedModel:
    """One model of the imported gallery, with every source's record of it (MOT first)."""

    slug: str  # /models/imported/<slug>/
    key: tuple[str, str]  # (normalised name, normalised producer)
    records: tuple[Record, ...]
    curated: tuple[Entry, ...] = ()  # curated manifests of the same model

    @property
    def name(self) -> str:
        return self.records[0].manifest.model.name

    @property
    def producer(self) -> str:
        return self.records[0].manifest.model.producer

    @property
    def sources(self) -> tuple[Source, ...]:
        return tuple(dict.fromkeys(record.source for record in self.records))

    @property
    def assessed(self) -> tuple[Record, ...]:
        return tuple(record for record in self.records if record.role == "assessed")

    @property
    def lowest(self) -> Assessment:
        """The most cautious verdict of the sources: the one the table sorts by."""
        return min((r.assessment for r in self.assessed), key=lambda a: a.level.rank)

    @property
    def date(self) -> str:
        return max(record.date for record in self.records)


@dataclass(frozen=True)
class Imports:
    models: tuple[ImportedModel, ...]
    refused: tuple[tuple[str, str], ...]  # (source file, why) of files that give no page
    records: tuple[Record, ...]  # every record, in the order the files were read


def default_folders() -> tuple[Path, Path]:
    """The corpora: $OPENNESS_MOT_DIR and $OPENNESS_OSAI_INDEX_DIR, else the snapshots in data/."""
    mot = Path(os.environ.get("OPENNESS_MOT_DIR", DATA / "mot" / "models"))
    index = Path(os.environ.get("OPENNESS_OSAI_INDEX_DIR", DATA / "osai-index"))
    return mot, index


# --- normalising ---------------------------------------------------------------------------------

_WORD = re.compile(r"[a-z0-9]+")
_PLUS = re.compile(r"\+")
_PARENTHESES = re.compile(r"\([^)]*\)")


def words(text: str) -> list[str]:
    """Lower-case ASCII words of a text: case, accents and punctuation folded away."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    folded = _PLUS.sub(" plus ", folded)  # Command-R+ is not Command-R
    return _WORD.findall(folded)


def producer_key(producer: str) -> str:
    """A producer's first word, without a glued-on "ai" (StabilityAI); parentheses ignored."""
    found = words(_PARENTHESES.sub(" ", producer))
    first = found[0] if found else "unknown"
    return first[:-2] if first.endswith("ai") and len(first) > 6 else first


def name_words(name: str, producer: str) -> list[str]:
    """A model name's words, without a trailing `hf`."""
    found = words(name)
    if len(found) > 1 and found[-1] == "hf":
        found.pop()
    return found


def model_key(name: str, producer: str) -> tuple[str, str]:
    """What two records of one model share: (normalised name, normalised producer)."""
    found = name_words(name, producer)
    owner = producer_key(producer)
    rest = found[1:]
    # Meta-Llama-3-8B by Meta is Llama-3-8B by Meta; Mistral-7B stays (7B alone names nothing)
    if rest and found[0] == owner and any(sum(c.isalpha() for c in word) > 1 for word in rest):
        found = rest
    return "-".join(found) or "model", owner


def name_forms(name: str, producer: str) -> set[str]:
    """The normalised names a page about this model is found by: with and without the producer's
    prefix (a source that names a base model says nothing of its producer)."""
    return {"-".join(name_words(name, producer)), model_key(name, producer)[0]}


def same_model(first: Manifest, second: Manifest) -> bool:
    return model_key(first.model.name, first.model.producer) == model_key(
        second.model.name, second.model.producer
    )


# --- importing -----------------------------------------------------------------------------------


def _manifest(imported: Imported, label: str) -> Manifest | None:
    """The imported manifest, schema-checked. Its data is the data of the YAML `openness import`
    writes (Imported.yaml), without the text: no position in it is ever shown."""
    return read_manifest(Document(label, imported.manifest, {}, {}, {})).manifest


def _mot_records(folder: Path, version: str) -> Iterable[Record | tuple[str, str]]:
    for path in sorted(folder.glob("*.yml")) + sorted(folder.glob("*.yaml")):
        try:
            imported = import_mot(read(path), definition_version=version)
        except (ReadError, ImportRefused) as error:
            yield (f"mot/{path.name}", _reason(error))
            continue
        manifest = _manifest(imported, f"mot/{path.name}")
        if manifest is None:
            yield (f"mot/{path.name}", "the imported manifest does not match the schema")
            continue
        assessment = assess_manifest(manifest, version, crosswalks=True)
        date = manifest.provenance.get("date", "")
        yield Record(MOT, path.name, manifest, assessment, date)


def _index_records(folder: Path, version: str) -> Iterable[Record | tuple[str, str]]:
    for path in sorted(folder.glob("*.yaml")):
        label = f"osai-index/{path.name}"
        try:
            document = read(path)
            imported = import_osai_index(document, definition_version=version, checked=INDEX.date)
        except (ReadError, ImportRefused) as error:
            yield (label, _reason(error))
            continue
        manifests = [_manifest(item, f"{label}#{item.name}") for item in imported]
        end = manifests[0]
        if end is None:
            yield (label, "the imported manifest does not match the schema")
            continue
        bases = [item for item in manifests[1:] if item is not None]
        # As `openness assess` reads the chain: a base by the same producer passes nothing down.
        inherited = inherited_terms(bases, end.model.producer)
        assessment = assess_manifest(end, version, inherited, crosswalks=True)
        system_name = " ".join(str(document.data["system"].get("name") or "").split())
        base = end.model.base_model.name if end.model.base_model else ""
        yield Record(
            INDEX, path.name, end, assessment, INDEX.date, system_name, base, data=document.data
        )
        for manifest in bases:
            verdict = assess_manifest(manifest, version, crosswalks=False)
            yield Record(INDEX, path.name, manifest, verdict, INDEX.date, system_name, role="base")


def _reason(error: Exception) -> str:
    findings = getattr(error, "findings", ())
    return findings[0].message if findings else getattr(error, "message", str(error))


def load(
    mot: Path | None, index: Path | None, curated: Sequence[Entry] = (), version: str | None = None
) -> Imports:
    """Import both corpora (a folder that is None or absent is skipped) and merge the records."""
    version = version or latest_released()
    found: list[Record] = []
    refused: list[tuple[str, str]] = []
    for folder, reader in ((mot, _mot_records), (index, _index_records)):
        if folder is None or not folder.is_dir():
            continue
        for item in reader(folder, version):
            if isinstance(item, Record):
                found.append(item)
            else:
                refused.append(item)
    return Imports(merge(found, curated), tuple(refused), tuple(found))


def _key(record: Record) -> tuple[str, str]:
    return model_key(record.manifest.model.name, record.manifest.model.producer)


def merge(records: Sequence[Record], curated: Sequence[Entry] = ()) -> tuple[ImportedModel, ...]:
    """One entry per model: records grouped by model_key, each group with a stable, unique slug.

    A base model the Index describes joins the entry of that model when there is one, as evidence;
    it makes no entry of its own (the Index gives it no license and no assessment)."""
    groups: dict[tuple[str, str], list[Record]] = {}
    for record in records:
        if record.role == "assessed":
            groups.setdefault(_key(record), []).append(record)
    for record in records:
        if record.role == "base" and _key(record) in groups:
            groups[_key(record)].append(record)
    by_key: dict[tuple[str, str], list[Entry]] = {}
    for entry in curated:
        model = entry.manifest.model
        by_key.setdefault(model_key(model.name, model.producer), []).append(entry)
    bases = {key: _slug_base(items) for key, items in groups.items()}
    taken: dict[str, int] = {}
    for base in bases.values():
        taken[base] = taken.get(base, 0) + 1
    models = []
    for key, items in groups.items():
        slug = bases[key]
        if taken[slug] > 1:  # one name, several producers: each gets its producer in the URL
            slug = f"{slug}-{'-'.join(words(items[0].manifest.model.producer)) or 'unknown'}"
        models.append(ImportedModel(slug, key, tuple(items), tuple(by_key.get(key, ()))))
    slugs = [model.slug for model in models]
    if len(set(slugs)) != len(slugs):
        repeated = sorted({slug for slug in slugs if slugs.count(slug) > 1})
        raise ValueError(f"imported models share a URL: {', '.join(repeated)}")
    return tuple(sorted(models, key=lambda model: model.slug))


def _slug_base(records: Sequence[Record]) -> str:
    """The URL name of a group: its longest normalised name (the form with the producer's prefix,
    when one record has it), so that it does not depend on the order files are read in."""
    forms = {
        "-".join(name_words(r.manifest.model.name, r.manifest.model.producer))
        for r in records
        if r.role == "assessed"
    }
    return max(sorted(forms), key=len) or "model"
