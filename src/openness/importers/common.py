"""What every importer shares: free-text license names read as SPDX expressions, warnings as
findings at their line in the foreign file, and the manifest written as YAML."""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ..findings import Finding, Severity, json_pointer
from ..pyyaml import yaml
from ..reader import Document
from ..spec import LicenseRegistry, spdx_entry

# libyaml's emitter writes the same text as the pure-Python one, eight times faster: the site imports
# 610 records on every build. The pure-Python one where PyYAML was built without libyaml.
_DUMPER: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
# Words for "no license" and "not stated" found in the sources (MOT's tooltip: blank if unlicensed).
_NONE = frozenset({"unlicensed", "unlicenced", "no license", "none"})
_NOASSERTION = frozenset(
    {"undisclosed", "unknown", "not specified", "license not specified", "unspecified"}
)
# The MOT's sentinel "Component not included", in the spellings found in its files.
_NOT_INCLUDED = re.compile(r"^(component\s+)+not\s+includ", re.IGNORECASE)
_AND = re.compile(r"\s+and\s+|\s*[;,&]\s*", re.IGNORECASE)
_OR = re.compile(r"\s+or\s+", re.IGNORECASE)
URL = re.compile(r"^https?://\S+$")
DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


class ImportRefused(Exception):
    """The file is not in the importer's format; the findings say where and why."""

    def __init__(self, findings: tuple[Finding, ...]) -> None:
        super().__init__("\n".join(str(finding) for finding in findings))
        self.findings = findings


@dataclass(frozen=True)
class Imported:
    """One manifest made from a foreign file, with what could not be mapped as warning findings."""

    file: str  # the foreign file it was made from
    manifest: dict[str, Any]
    findings: tuple[Finding, ...]
    header: str = ""  # comment lines written above the manifest
    name: str = ""  # the manifest's file name, when the importer chooses one

    def yaml(self) -> str:
        """The manifest as YAML, keys in schema order, every version and date a quoted string."""
        body = yaml.dump(
            self.manifest, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=100
        )
        return self.header + body


@dataclass(frozen=True)
class LicenseText:
    """A free-text license name, read."""

    text: str
    expression: str | None  # SPDX expression; None when the component is "not included"
    mapped: bool  # False: the text named no license we know (reported)
    not_included: bool = False
    custom: dict[str, dict[str, str]] = field(default_factory=dict)  # LicenseRef definitions


def text_of(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def url_of(value: Any) -> str | None:
    text = text_of(value)
    return text if URL.match(text) else None


def license_id(name: str, registry: LicenseRegistry) -> str | None:
    """The SPDX or registry id a single free-text license name stands for, or None."""
    entry = registry.by_alias(name)
    if entry is not None:
        return entry.id
    spdx = spdx_entry(name)
    return str(spdx.id) if spdx is not None else None


@dataclass(frozen=True)
class Mention:
    """A license named inside a free text: where, which id, and whether it is named as itself."""

    start: int
    end: int
    id: str
    # False when the words before it make it another license ("Modified MIT", "a custom Apache"):
    # a variant of a license is not that license.
    plain: bool = True


# Words that turn "MIT" into a license that is not MIT.
_QUALIFIED = re.compile(
    r"\b(modified|custom|bespoke|adapted|amended|derived|variant of|based on|similar to|like)"
    r"(\s+the)?\s*$",
    re.IGNORECASE,
)
_QUALIFIER_REACH = 40  # characters: longer than "a variant of the " and its spaces

# An id with a digit in it, as SPDX ids of versioned licenses are (CC-BY-NC-4.0, AGPL-3.0).
_VERSIONED_ID = re.compile(r"(?<![\w.+-])[A-Za-z][A-Za-z0-9.+-]*[0-9][A-Za-z0-9+]*(?:\.[0-9]+)*")
# A license name written with its major version only: "apache 2", "apache2" (for "Apache 2.0").
_MAJOR_ONLY = re.compile(r"(?<![\w.+-])([A-Za-z]+) ?([0-9])(?![\w+]|\.[0-9])")


@cache
def _alias_pattern(registry: LicenseRegistry) -> re.Pattern[str]:
    """Every id, name and alias of the registry, longest first, on word boundaries."""
    names = {
        " ".join(name.split())
        for entry in registry.licenses
        for name in (entry.id, entry.name, *entry.aliases)
    }
    alternatives = [
        r"\s+".join(re.escape(word) for word in name.split())
        for name in sorted(names, key=lambda name: (-len(name), name))
    ]
    return re.compile(
        r"(?<![\w.+-])(?:" + "|".join(alternatives) + r")(?![\w+]|[.-][\w])", re.IGNORECASE
    )


def licenses_named(text: str, registry: LicenseRegistry) -> tuple[Mention, ...]:
    """The licenses a free text names, in order: the registry's ids, names and aliases (the longest
    that fits), SPDX ids with a version in them, and a name with its major version only ("Apache 2")
    when the registry knows it with ".0". Nothing is guessed from a family name alone ("Apache")."""
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []  # sorted, never overlapping: a neighbour overlaps or none

    def free(start: int, end: int) -> bool:
        at = bisect_left(taken, (start, end))
        before = taken[at - 1] if at else None
        after = taken[at] if at < len(taken) else None
        return (before is None or before[1] <= start) and (after is None or end <= after[0])

    def add(start: int, end: int, license_id: str) -> None:
        # The words just before: a window, so that a long text costs linear time, not quadratic.
        plain = not _QUALIFIED.search(text[max(0, start - _QUALIFIER_REACH) : start])
        found.append(Mention(start, end, license_id, plain))
        insort(taken, (start, end))

    for match in _alias_pattern(registry).finditer(text):
        entry = registry.by_alias(match.group())
        if entry is not None:
            add(match.start(), match.end(), entry.id)
    for match in _VERSIONED_ID.finditer(text):
        spdx = spdx_entry(match.group())
        if spdx is not None and free(match.start(), match.end()):
            add(match.start(), match.end(), str(spdx.id))
    for match in _MAJOR_ONLY.finditer(text):
        entry = registry.by_alias(f"{match.group(1)} {match.group(2)}.0")
        if entry is not None and free(match.start(), match.end()):
            add(match.start(), match.end(), entry.id)
    return tuple(sorted(found, key=lambda mention: mention.start))


def read_license(
    text: str,
    registry: LicenseRegistry,
    license_path: str | None = None,
    *,
    prefix: str,
) -> LicenseText:
    """A license string as an SPDX expression, or the reason it cannot be one.

    A license the registry does not know is kept by name as `<prefix><name>` when the source links
    its text (it then counts as restricted, as every unreviewed license does), else written as
    NOASSERTION (not stated)."""
    lowered = " ".join(text.lower().split())
    if lowered in _NONE:
        return LicenseText(text, "NONE", True)
    if lowered in _NOASSERTION:
        return LicenseText(text, "NOASSERTION", True)
    if _NOT_INCLUDED.match(text):
        return LicenseText(text, None, True, not_included=True)
    whole = license_id(text, registry)
    if whole is not None:
        return LicenseText(text, whole, True)
    for separator, operator in ((_OR, " OR "), (_AND, " AND ")):
        parts = [part for part in separator.split(text) if part.strip()]
        if len(parts) > 1:
            ids = [license_id(part.strip(), registry) for part in parts]
            if all(ids):
                return LicenseText(text, operator.join(dict.fromkeys(str(i) for i in ids)), True)
    reference = prefix + re.sub(r"[^A-Za-z0-9.]+", "-", text).strip("-.")
    if license_path and reference != prefix:
        custom = {reference: {"name": text, "url": license_path}}
        return LicenseText(text, reference, False, custom=custom)
    return LicenseText(text, "NOASSERTION", False)


class Reporter:
    """Collects warnings at their line in the foreign file, and the LicenseRefs a manifest defines."""

    def __init__(self, document: Document, registry: LicenseRegistry, prefix: str) -> None:
        self.document = document
        self.registry = registry
        self.prefix = prefix
        self.findings: list[Finding] = []
        self.licenses: dict[str, dict[str, str]] = {}

    def warn(self, path: tuple[str | int, ...], rule: str, message: str) -> None:
        line, column = self.document.position(path)
        self.findings.append(
            Finding(
                self.document.file,
                line,
                column,
                Severity.WARNING,
                rule,
                message,
                json_pointer(path),
            )
        )

    def license_at(
        self, path: tuple[str | int, ...], text: str, license_path: str | None
    ) -> LicenseText:
        """The license a text names; a warning at path when it names none we know."""
        read = read_license(text, self.registry, license_path, prefix=self.prefix)
        if not read.mapped:
            kept = read.expression if read.custom else "NOASSERTION"
            self.warn(
                path,
                "import-unmapped-license",
                f"license {text!r} is neither an SPDX id nor in the registry; written as {kept}",
            )
        self.licenses.update(read.custom)
        return read


def refusal(
    document: Document, rule: str, message: str, path: tuple[str | int, ...] = ()
) -> tuple[Finding, ...]:
    """The findings of a file that is not in the importer's format (raise ImportRefused with them)."""
    line, column = document.position(path)
    return (
        Finding(document.file, line, column, Severity.ERROR, rule, message, json_pointer(path)),
    )
