"""Check a manifest: it reads, it matches its schema, and it makes sense under the definition.

Every rule has a stable id, listed in RULES with the one line the docs show for it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from .escaping import quote, shorten
from .findings import Finding, Severity, error_at, has_errors, unreadable_finding, warning_at
from .licenses import (
    NO_LICENSE,
    LicenseSyntaxError,
    classify_leaf,
    describe_term,
    leaf_ids,
    leaves,
    parse,
)
from .manifest import (
    Manifest,
    date_validator,
    detailed_validator,
    fast_validator,
    formats_validator,
    manifest_from_document,
    manifest_versions,
    states_license,
)
from .memo import BOUND, Same
from .reader import (
    DEFAULT_MAX_BYTES,
    MAX_DEPTH,
    MAX_INTEGER_DIGITS,
    MAX_NODES,
    PLACEHOLDER_WORD,
    Document,
    ReadError,
    read,
    walk,
)
from .records import Record
from .spec import (
    Definition,
    LicenseRegistry,
    released_versions,
    spdx_entry,
    spdx_exception,
    version_label,
)
from .suggestions import closest

RULES: dict[str, str] = {
    "input-unreadable": "The file cannot be opened (missing, a directory, no permission).",
    "input-too-large": "The file is larger than the size limit (default 1 MiB, --max-bytes).",
    "input-encoding": "The file is not UTF-8 text (invalid bytes, or binary data).",
    "input-empty": "The file holds no YAML document.",
    "yaml-syntax": "The file is not valid YAML or JSON.",
    "yaml-duplicate-key": "A mapping has the same key twice; YAML tools disagree on which wins.",
    "yaml-tag": "An explicit tag (such as !!python/object) that could construct objects.",
    "yaml-alias": "An alias (*name) to an anchor that does not exist.",
    "yaml-alias-expansion": "Aliases expand to too many nodes (a billion-laughs attack).",
    "yaml-too-many-nodes": f"More than {MAX_NODES:,} values, lists and mappings, aliases aside.",
    "yaml-number-too-long": f"An unquoted number of more than {MAX_INTEGER_DIGITS} digits; quote it if it is text.",
    "yaml-depth": f"Nesting deeper than {MAX_DEPTH} levels.",
    "yaml-complex-key": "A mapping key that is itself a mapping, a list or an alias.",
    "yaml-multiple-documents": "More than one YAML document in the file.",
    "manifest-type": "The document is not a mapping (for example a list or a single value).",
    "manifest-version": "manifest_version is missing or names a format version with no schema.",
    "schema-*": "The manifest breaks its JSON Schema (the keyword is in the rule id).",
    "placeholder-not-filled": "A value that starts with TODO: a placeholder of the starter (openness init) not filled in yet.",
    "draft-version": "The manifest's format or the definition it is judged under is a draft, which may still change.",
    "date-invalid": "A date (YYYY-MM-DD) that is no day of the calendar, such as 2024-02-30.",
    "license-syntax": "A license is not a valid SPDX license expression.",
    "license-unknown": "A license id is neither on the SPDX list nor in the definition's registry.",
    "license-exception-unknown": "An id after WITH is neither an SPDX license exception nor an AdditionRef- id.",
    "licenseref-undefined": "A LicenseRef- or AdditionRef- id is neither in the registry nor defined under licenses.",
    "license-unreviewed": "A license or exception the registry has not reviewed; it counts as restricted until it is.",
    "license-deprecated": "A deprecated SPDX license or exception id.",
    "license-missing": "A released component states no license: its terms are unknown, which is not the same as none.",
    "terms-inconsistent": "A component's terms state (stated, inherited, unknown) contradicts its license or the release's.",
    "availability-not-in-definition": "An availability value (unknown, format 1.1) that the chosen definition lacks; counts as not released.",
    "licenseref-unused": "A license defined under licenses is not used by any component.",
    "licenseref-redefined": "A license defined under licenses is already in the registry.",
    "location-missing": "A released (error; warning in an imported manifest) or partial (warning) component has no location.",
    "not-applicable-not-allowed": "not-applicable on a component the definition requires to exist.",
    "not-applicable-reason": "not-applicable without notes saying why (definition 1.1 and later).",
    "component-not-in-definition": "A component id of a later format that the chosen definition lacks.",
    "claimed-level": "The claimed level is above the level the manifest reaches.",
    "claimed-definition": "The claim names a definition version that does not exist.",
    "base-manifest-unread": "The base model's manifest is a URL, cannot be read, or the chain is too long.",
    "base-manifest-cycle": "The chain of base manifests leads back to itself.",
    # What `openness import` reports about a source file it converts (warnings, except import-not-*).
    "import-not-mot": "The file is not a Model Openness Tool model file (exit code 2).",
    "import-not-osai-index": "The file is not a European Open Source AI Index system file (exit code 2).",
    "import-missing-field": "A field the manifest needs (producer, name) is empty; written as unknown.",
    "import-unmapped-component": "A source component with no counterpart in the definition; kept in notes.",
    "import-duplicate-component": "The source lists one component twice; the first is kept.",
    "import-unmapped-license": "A license text that names no known SPDX or registry id; kept in notes.",
    "import-location-not-url": "A source location that is not a URL; kept in notes.",
    "import-no-location": "A component the source lists without a URL for it.",
    "import-missing-dimension": "An Index dimension absent from the file; its components are written as unknown (not assessed).",
    "import-unknown-class": "An Index class other than open, partial or closed; read as closed.",
    "import-unmapped-dimension": "An Index dimension with no component counterpart; kept in notes.",
    "import-not-cyclonedx": "The file is not a CycloneDX BOM of a version read, 1.5 to 1.7 (exit code 2).",
    "import-invalid-cyclonedx": "The BOM breaks the official CycloneDX schema of its version (exit code 2).",
    "import-no-model": "The BOM describes no model: it has no metadata.component (exit code 2).",
    "import-unmapped-property": "An openness:manifest:* property whose value is not JSON, or nests too deep; left out.",
}


@dataclass(frozen=True, eq=False, repr=False)
class Validation(Record):
    """The findings on one file, and the manifest when it could be read and matched its schema."""

    file: str
    findings: tuple[Finding, ...]
    manifest: Manifest | None
    readable: bool  # False when the input could not be read at all (exit code 2)

    @property
    def ok(self) -> bool:
        return self.readable and not has_errors(self.findings)


def read_manifest(
    source: str | os.PathLike[str] | Document, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Validation:
    """Read and schema-check one manifest: the part of validation that needs no definition."""
    if isinstance(source, Document):
        document = source
    else:
        try:
            document = read(source, max_bytes=max_bytes)
        except ReadError as error:
            finding = unreadable_finding(error)
            return Validation(error.file, (finding,), None, readable=False)
    if not isinstance(document.data, dict):
        kind = (
            "a list"
            if isinstance(document.data, list)
            else f"a single value ({quote(document.data)})"
        )
        message = f"a manifest is a mapping of keys to values, not {kind}"
        finding = error_at(document, (), "manifest-type", message)
        return Validation(document.file, (finding,), None, readable=False)
    version = document.data.get("manifest_version")
    known = manifest_versions()
    if version not in known:
        if version is None:
            newest = latest_released_format()
            message = (
                f'missing manifest_version (write manifest_version: "{newest}", '
                "the newest released format)"
            )
        elif isinstance(version, str):
            listed = ", ".join(version_label(item) for item in known)
            message = f"manifest_version {quote(version)} has no schema (known: {listed})"
        else:
            text = shorten(document.plain_text.get(("manifest_version",), str(version)))
            number = shorten(str(version)) + ("" if text == str(version) else f", not {text}")
            message = (
                f"manifest_version: {text} is read as the number {number}: YAML reads versions "
                f'without quotes as numbers; quote it: "{text}"'
            )
        path = ("manifest_version",) if version is not None else ()
        finding = error_at(document, path, "manifest-version", message)
        return Validation(document.file, (finding,), None, readable=True)
    if formats_validator(version).is_valid(document.data):  # the common case, in one pass
        return Validation(document.file, (), manifest_from_document(document), readable=True)
    if not fast_validator(version).is_valid(document.data):
        from .schemas import compiled_findings, schema_findings

        findings = schema_findings(detailed_validator(version), document)
        if not findings:  # the explaining validator sees it otherwise: the compiled one decides
            findings = compiled_findings(fast_validator(version), document)
        return Validation(document.file, tuple(findings), None, readable=True)
    if not formats_validator(version).is_valid(document.data):
        from .schemas import compiled_findings

        # A format the date check does not explain is still the schema's no.
        findings = _date_findings(document, version) or compiled_findings(
            formats_validator(version), document
        )
        return Validation(document.file, tuple(findings), None, readable=True)
    return Validation(document.file, (), manifest_from_document(document), readable=True)


def latest_released_format() -> str:
    """The newest manifest format whose definition is released: what a new manifest should use."""
    released = set(released_versions())
    formats = [version for version in manifest_versions() if version in released]
    return formats[-1] if formats else manifest_versions()[0]


def draft_findings(manifest: Manifest, definition: Definition) -> list[Finding]:
    """A manifest in a draft format, or judged under a draft definition: both may change."""
    newest = latest_released_format()
    drafts, fixes = [], []
    path: tuple[str | int, ...] = ("manifest_version",)
    if version_label(manifest.manifest_version) != manifest.manifest_version:
        drafts.append(f"manifest format {version_label(manifest.manifest_version)}")
        fixes.append(f'manifest_version: "{newest}"')
    if not definition.released:
        drafts.append(f"definition {definition.label}")
        fixes.append(f"--definition {newest}")
        if not fixes[1:] and manifest.claimed_definition == definition.version:
            path = ("assessment", "definition_version")
    if not drafts:
        return []
    message = (
        f"{' and '.join(drafts)} may still change before release; the newest released is "
        f"{newest} ({', '.join(fixes)})"
    )
    return [warning_at(manifest.document, path, "draft-version", message)]


_PLACEHOLDER = re.compile(rf"\s*{PLACEHOLDER_WORD}\b")
# How the letters of a value can be other than the characters of its source: a double-quoted
# escape that writes a letter (\x54, \u0054, \U00000054), or an escaped line break, which joins
# two lines with nothing between them. Line folding puts a space or a line break there, never
# nothing; no other escape writes a letter (tests/test_placeholders.py).
_LETTER_ESCAPE = re.compile(r"\\[xuU\n\r\x85\u2028\u2029]")


def placeholder_findings(document: Document) -> list[Finding]:
    """Each value still a placeholder of the starter (it starts with TODO), named by its field."""
    if document.no_placeholder_word:
        return []  # the C reader found the word in no value
    text = document.text
    # A substring test first: it costs a tenth of the pattern's search, and most texts have no
    # backslash at all, so no escape.
    if (
        text is not None
        and PLACEHOLDER_WORD not in text
        and not ("\\" in text and _LETTER_ESCAPE.search(text))
    ):
        return []  # no value can start with TODO: the walk would find none
    findings = []
    for path, value in walk(document.data):
        if isinstance(value, str) and _PLACEHOLDER.match(value):
            where = ".".join(str(part) for part in path)
            message = f"{shorten(where)}: a placeholder not filled in yet ({quote(value)}); write the fact"
            findings.append(warning_at(document, path, "placeholder-not-filled", message))
    return findings


def _date_findings(document: Document, version: str) -> list[Finding]:
    """A date field (the schema's `format: date`) that is no day of the calendar: 2024-02-30."""
    findings = []
    errors = list(date_validator(version).iter_errors(document.data))
    while errors:
        error = errors.pop()
        if error.validator != "format":  # a date in one branch of anyOf: its error is inside
            errors.extend(error.context or ())
            continue
        path = tuple(error.absolute_path)
        where = ".".join(str(part) for part in path)
        message = f"{where}: {error.instance} is not a day of the calendar (YYYY-MM-DD)"
        findings.append(error_at(document, path, "date-invalid", message))
    return sorted(set(findings), key=lambda finding: (finding.line, finding.column))


def check_semantics(
    manifest: Manifest, definition: Definition, registry: LicenseRegistry
) -> list[Finding]:
    """The rules a schema cannot express: licenses resolve, locations exist, not-applicable is allowed."""
    document = manifest.document
    findings: list[Finding] = draft_findings(manifest, definition) + placeholder_findings(document)
    defined_items = tuple(manifest.license_urls.items())
    used: set[str] = set()
    imported = str(manifest.provenance.get("source", "")).startswith("imported-")
    released_unlicensed = manifest.release_license is None
    same_definition = Same(definition)
    entries = document.data["components"]
    for component_id, declaration in manifest.components.items():
        path: tuple[str | int, ...] = ("components", component_id)
        entry = entries[component_id]
        datasets = declaration.datasets
        verdicts = _declaration_verdicts(
            same_definition,
            component_id,
            declaration.availability,
            declaration.license,
            "license" in entry,
            entry.get("terms"),
            "terms" in entry,
            not declaration.notes.strip(),
            bool(declaration.locations) or any(dataset.locations for dataset in datasets),
            any(dataset.license for dataset in datasets),
            imported,
            released_unlicensed,
        )
        for severity, where, rule, message in verdicts:
            place = (*path, *where)
            findings.append(
                (error_at if severity is Severity.ERROR else warning_at)(
                    document, place, rule, message
                )
            )
        if declaration.license is not None:
            findings.extend(
                _check_expression(
                    document, (*path, "license"), declaration.license, registry, defined_items, used
                )
            )
        for index, dataset in enumerate(datasets):
            if dataset.license is not None:
                place = (*path, "datasets", index, "license")
                findings.extend(
                    _check_expression(
                        document, place, dataset.license, registry, defined_items, used
                    )
                )
    if manifest.release_license is not None:
        findings.extend(
            _check_expression(
                document,
                ("release", "license"),
                manifest.release_license,
                registry,
                defined_items,
                used,
            )
        )
    for license_id in manifest.licenses:
        place = ("licenses", license_id)
        listed = (
            registry.exception(license_id)
            if license_id.startswith("AdditionRef-")
            else registry.get(license_id)
        )
        if listed is not None:
            message = (
                f"{license_id} is already in the definition's registry; its category there applies"
            )
            findings.append(warning_at(document, place, "licenseref-redefined", message))
        if license_id not in used:
            findings.append(
                warning_at(
                    document, place, "licenseref-unused", f"{license_id} is defined but not used"
                )
            )
    return findings


# What a check says of one component, before it is placed in a document: severity, the path
# under the component, rule id, message.
_ComponentVerdict = tuple[Severity, tuple[str, ...], str, str]


@lru_cache(maxsize=BOUND)  # pure; the manifests of a batch repeat most of their components
def _declaration_verdicts(
    definition: Same[Definition],
    component_id: str,
    availability_id: str,
    license: str | None,
    license_written: bool,
    terms: str | None,
    terms_written: bool,
    notes_blank: bool,
    located: bool,
    dataset_licensed: bool,
    imported: bool,
    release_unlicensed: bool,
) -> tuple[_ComponentVerdict, ...]:
    """One component's availability against the definition: allowed, explained, located, licensed.

    Its arguments are everything the checks read of the declaration, as written (`terms` is the
    entry's own terms, None when left out; `license_written` and `terms_written` whether the entry
    has the key) and of the manifest around it (whether the release states a license)."""
    known = definition.value
    try:
        component = known.component(component_id)
    except KeyError:
        message = (
            f"{component_id} is not a component of definition {known.label}; it is not assessed"
        )
        return ((Severity.WARNING, (), "component-not-in-definition", message),)
    verdicts = _terms_verdicts(license, terms, release_unlicensed)
    try:
        availability = known.availability_value(availability_id)
    except KeyError:  # "unknown" (format 1.1) under a definition that has no such value
        message = (
            f"{component_id} is {availability_id}, which definition {known.label} "
            "does not define; it counts as not released"
        )
        verdicts.append(
            (Severity.WARNING, ("availability",), "availability-not-in-definition", message)
        )
        return tuple(verdicts)
    if availability.requires_notes and notes_blank:
        message = (
            f"{component_id} is {availability.id}: say why in its notes (definition {known.label})"
        )
        verdicts.append((Severity.ERROR, ("availability",), "not-applicable-reason", message))
    if availability_id == "not-applicable" and not component.not_applicable_allowed:
        message = (
            f"{component_id} cannot be not-applicable: every model has one (see {component_id})"
        )
        verdicts.append((Severity.ERROR, ("availability",), "not-applicable-not-allowed", message))
    if availability_id not in ("released", "partial"):
        return tuple(verdicts)
    if not located:
        where = f"{component_id} is {availability_id} but has no location"
        # An imported assessment reports what its source says; a source that names no URL is a
        # gap to show, not an error in the import.
        severity = (
            Severity.ERROR if availability_id == "released" and not imported else Severity.WARNING
        )
        verdicts.append((severity, (), "location-missing", where))
    # Written as NOASSERTION or terms: unknown, the gap is declared; left out, it may be an oversight.
    if not license_written and not terms_written and not dataset_licensed:
        message = (
            f"the terms of {component_id} are unknown: find its license where it is published and "
            "write it (NONE if it grants none), or declare terms: inherited from the release"
        )
        verdicts.append((Severity.WARNING, (), "license-missing", message))
    return tuple(verdicts)


def _terms_verdicts(
    license: str | None, declared: str | None, release_unlicensed: bool
) -> list[_ComponentVerdict]:
    """A declared terms state agrees with the license written beside it."""
    stated = states_license(license)
    problem = None
    if declared == "stated" and not stated:
        problem = "terms: stated needs the component's license (an SPDX expression)"
    elif declared == "inherited" and stated:
        problem = "terms: inherited takes the release's license; leave this component's license out"
    elif declared == "inherited" and release_unlicensed:
        problem = "terms: inherited needs the release's license (release: license: ...)"
    elif declared == "unknown" and stated:
        problem = f"terms: unknown contradicts license {license}; remove one of them"
    if problem is None:
        return []
    return [(Severity.ERROR, ("terms",), "terms-inconsistent", problem)]


def _check_expression(
    document: Document,
    place: tuple[str | int, ...],
    expression: str,
    registry: LicenseRegistry,
    defined_items: tuple[tuple[str, str], ...],
    used: set[str],
) -> list[Finding]:
    """One license expression: every id resolves; a term the registry has not reviewed is named.

    `defined_items` pairs the ids the manifest defines under `licenses` with the URL of their text."""
    verdicts, ids = _expression_verdicts(expression, registry, defined_items)
    used.update(ids)
    return [
        (error_at if severity is Severity.ERROR else warning_at)(document, place, rule, message)
        for severity, rule, message in verdicts
    ]


# What a check says of one expression or id, before it is placed in a document.
_Verdict = tuple[Severity, str, str]  # severity, rule id, message


@lru_cache(maxsize=BOUND)  # pure, and manifests repeat a few expressions (Apache-2.0, MIT)
def _expression_verdicts(
    expression: str, registry: LicenseRegistry, defined_items: tuple[tuple[str, str], ...]
) -> tuple[tuple[_Verdict, ...], tuple[str, ...]]:
    """What _check_expression finds in an expression, and the ids it uses: the license ids and the
    exception ids, each as written."""
    defined = dict(defined_items)
    try:
        parsed = parse(expression)
    except LicenseSyntaxError as error:
        hint = _suggest_license(expression, registry)
        message = (
            f"{quote(expression)} is not an SPDX license expression: {shorten(str(error))}{hint}"
        )
        return ((Severity.ERROR, "license-syntax", message),), ()
    verdicts: list[_Verdict] = []
    used: list[str] = []
    for leaf in leaves(parsed):
        license_id, exception_id = leaf_ids(leaf)
        used.append(license_id)
        found = _check_license_id(license_id, registry, defined)
        if exception_id is not None:
            used.append(exception_id)
            found += _check_exception_id(exception_id, registry, defined)
        verdicts += found
        if any(severity is Severity.ERROR for severity, _, _ in found):
            continue  # an id that does not resolve is reported once, as the error it is
        term = classify_leaf(leaf, registry)
        if not term.reviewed:
            message = describe_term(term, registry, defined)
            verdicts.append((Severity.WARNING, "license-unreviewed", message))
    return tuple(verdicts), tuple(used)


def _check_license_id(
    license_id: str, registry: LicenseRegistry, defined: Mapping[str, str]
) -> list[_Verdict]:
    """A license id resolves: in the registry, on the SPDX list, or defined by the manifest."""
    if license_id.upper() in NO_LICENSE:
        return []
    if license_id.startswith("LicenseRef-"):
        if registry.get(license_id) is None and license_id not in defined:
            hint = _suggest_license(license_id, registry)
            message = (
                f"{license_id} is not in the registry; define it under licenses (name, url){hint}"
            )
            return [(Severity.ERROR, "licenseref-undefined", message)]
        return []
    entry = registry.get(license_id)
    if entry is not None and entry.id == license_id and registry.lists(license_id):
        return []  # listed in the registry as written: known, categorised, not deprecated
    spdx = spdx_entry(license_id)
    if spdx is None:
        if license_id.startswith("AdditionRef-") or spdx_exception(license_id) is not None:
            message = (
                f"{license_id} is a license exception, not a license; it follows WITH "
                f"(for example Apache-2.0 WITH {license_id})"
            )
        else:
            message = f"unknown license id {quote(license_id)}" + _suggest_license(
                license_id, registry
            )
        return [(Severity.ERROR, "license-unknown", message)]
    verdicts: list[_Verdict] = []
    if spdx.id != license_id:
        message = f"{license_id} is spelled {spdx.id} on the SPDX list"
        verdicts.append((Severity.WARNING, "license-unknown", message))
    if spdx.deprecated_id:
        message = f"{spdx.id} is a deprecated SPDX id; use the -only or -or-later form"
        verdicts.append((Severity.WARNING, "license-deprecated", message))
    return verdicts


def _check_exception_id(
    exception_id: str, registry: LicenseRegistry, defined: Mapping[str, str]
) -> list[_Verdict]:
    """The id after WITH resolves: an SPDX license exception, or an AdditionRef- id that the
    registry lists or the manifest defines (SPDX 3)."""
    entry = registry.exception(exception_id)
    spdx = spdx_exception(exception_id)
    if entry is None and exception_id.startswith("AdditionRef-"):
        if exception_id in defined:
            return []
        hint = _suggest_exception(exception_id, registry)
        message = (
            f"{exception_id} is not in the registry; define it under licenses "
            f"(name, url; manifest format 1.1 and later){hint}"
        )
        return [(Severity.ERROR, "licenseref-undefined", message)]
    if entry is None and spdx is None:
        message = f"unknown license exception id {quote(exception_id)}" + _suggest_exception(
            exception_id, registry
        )
        return [(Severity.ERROR, "license-exception-unknown", message)]
    spelled = entry.id if entry is not None else spdx.id
    verdicts: list[_Verdict] = []
    if spelled != exception_id:
        message = f"{exception_id} is spelled {spelled} on the SPDX exceptions list"
        verdicts.append((Severity.WARNING, "license-exception-unknown", message))
    if spdx is not None and spdx.deprecated_id:
        message = f"{spdx.id} is a deprecated SPDX exception id"
        verdicts.append((Severity.WARNING, "license-deprecated", message))
    return verdicts


def _suggest_exception(text: str, registry: LicenseRegistry) -> str:
    """A "did you mean" for an id after WITH that does not resolve."""
    if text.startswith("LicenseRef-"):
        return (
            f"; an addition outside the SPDX exceptions list is named AdditionRef-<name>: "
            f"did you mean AdditionRef-{text.removeprefix('LicenseRef-')}?"
        )
    if spdx_entry(text) is not None or registry.lists(text):
        return f"; {text} is a license, not an exception: join two licenses with AND or OR"
    return _closest(text, registry.known_exception_ids(), "AdditionRef-")


def _suggest_license(text: str, registry: LicenseRegistry) -> str:
    """A "did you mean" for a license id that does not resolve: among the registry's ids, names
    and aliases and the SPDX ids, blind to case and punctuation (Llama-2 finds the Llama 2
    Community License through its alias llama2)."""
    alias = registry.by_alias(text)
    if alias is not None:
        return _license_hint(alias.id, registry)
    names = {
        entry.id: (entry.name, *entry.aliases, entry.id.removeprefix(_LICENSE_REF))
        for entry in registry.licenses
    }
    match = closest(_without_prefix(text, _LICENSE_REF), registry.known_ids(), names=names)
    return "" if match is None or match == text else _license_hint(match, registry)


def _license_hint(license_id: str, registry: LicenseRegistry) -> str:
    """'; did you mean <id>?', with the license's name after a LicenseRef- id, which may not say it."""
    entry = registry.get(license_id)
    if entry is not None and license_id.startswith(_LICENSE_REF):
        return f"; did you mean {license_id} ({entry.name})?"
    return f"; did you mean {license_id}?"


_LICENSE_REF = "LicenseRef-"


def _without_prefix(text: str, prefix: str) -> str:
    """The name after a custom prefix (LicenseRef-, AdditionRef-): shared by every custom id, the
    prefix would make any two of them look alike."""
    return text[len(prefix) :] if text.lower().startswith(prefix.lower()) else text


def _closest(text: str, candidates: Iterable[str], prefix: str) -> str:
    """A "did you mean" among known ids. Ids with the custom prefix are compared without it and
    only with each other."""
    is_ref = text.lower().startswith(prefix.lower())
    spelled = {
        _without_prefix(candidate, prefix): candidate
        for candidate in candidates
        if candidate.lower().startswith(prefix.lower()) == is_ref
    }
    match = closest(_without_prefix(text, prefix), spelled)
    return f"; did you mean {spelled[match]}?" if match is not None else ""
