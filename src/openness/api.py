"""Files in, verdicts out: read, validate and assess manifests. The CLI and the site call these.

This is the top of the library's one-way flow (reader -> validate -> requirements -> assess ->
crosswalk); nothing below imports it.
"""

from __future__ import annotations

import os

from .assess import Assessment, assess_with_base, completed
from .derivatives import base_chain
from .escaping import quote
from .findings import Finding, error_at, reading_order
from .manifest import Manifest
from .reader import DEFAULT_MAX_BYTES, Document
from .spec import choose_version, load_definition, load_licenses, versions
from .validate import Validation, check_semantics, read_manifest


class AssessError(Exception):
    """The manifest could not be assessed (unreadable or invalid); the findings say why."""

    def __init__(self, findings: tuple[Finding, ...]) -> None:
        super().__init__("\n".join(str(finding) for finding in findings))
        self.findings = findings


def validate(
    source: str | os.PathLike[str] | Document,
    *,
    definition_version: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    root: str | os.PathLike[str] | None = None,
) -> Validation:
    """All checks of one manifest: reading, schema, and the definition's rules.

    Base manifests it names are read only inside `root` (default: the manifest's own folder)."""
    return check(
        source, definition_version=definition_version, max_bytes=max_bytes, root=root, levels=False
    )[0]


def check(
    source: str | os.PathLike[str] | Document,
    *,
    definition_version: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    root: str | os.PathLike[str] | None = None,
    crosswalks: bool = False,
    levels: bool = True,
) -> tuple[Validation, Assessment | None]:
    """Validate one manifest and, when it is valid, the assessment its claim was checked with: each
    level is judged once. With crosswalks, the assessment has the other frameworks' verdicts too.

    With levels=False the caller wants the validation only (the assessment is None): the levels
    are judged only when the manifest claims one, and the base manifests are read for what they
    say of themselves (base-manifest-*) either way."""
    result = read_manifest(source, max_bytes=max_bytes)
    if result.manifest is None:
        return result, None
    manifest = result.manifest
    version = choose_version(definition_version, manifest.claimed_definition)
    findings = check_semantics(manifest, load_definition(version), load_licenses(version))
    if not (levels or crosswalks) and manifest.claimed_level is None:
        # No level to show and no claim to check it against: the base chain's warnings alone.
        warnings = base_chain(manifest, max_bytes=max_bytes, root=root)[1]
        findings.extend(dict.fromkeys(warnings))
        findings.extend(check_claim(manifest, None))
        findings.sort(key=reading_order)
        return Validation(result.file, tuple(findings), manifest, readable=True), None
    # Imported here, as in assess: a validate that judges no level never loads the judgements.
    from .requirements import manifest_terms

    terms = manifest_terms(manifest)  # read once, for the levels and the crosswalks
    assessment = assess_with_base(
        manifest, version, max_bytes=max_bytes, crosswalks=False, root=root, terms=terms
    )
    findings.extend(assessment.findings)
    findings.extend(check_claim(manifest, assessment))
    findings.sort(key=reading_order)
    validation = Validation(result.file, tuple(findings), manifest, readable=True)
    if not validation.ok or not (levels or crosswalks):
        return validation, None
    if not crosswalks:
        return validation, completed(assessment, validation.findings)
    from .crosswalk import evaluate_all  # here: `validate` has no use for the other frameworks

    return validation, completed(assessment, validation.findings, evaluate_all(manifest, terms))


def assess(
    source: str | os.PathLike[str] | Document | Manifest,
    definition_version: str | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    root: str | os.PathLike[str] | None = None,
) -> Assessment:
    """Validate, then assess one manifest. Raises AssessError when the manifest is not valid."""
    if isinstance(source, Manifest):
        version = choose_version(definition_version, source.claimed_definition)
        return assess_with_base(source, version, max_bytes=max_bytes, root=root)
    validation, assessment = check(
        source,
        definition_version=definition_version,
        max_bytes=max_bytes,
        root=root,
        crosswalks=True,
    )
    if assessment is None:
        raise AssessError(validation.findings)
    return assessment


def check_claim(manifest: Manifest, assessment: Assessment | None) -> list[Finding]:
    """A claimed level above the level reached is an error, with the first unmet requirement.
    The assessment may be None when the manifest claims no level."""
    document = manifest.document
    if manifest.claimed_definition is not None and manifest.claimed_definition not in versions():
        known = ", ".join(versions())
        message = f"definition version {quote(manifest.claimed_definition)} does not exist (known: {known})"
        return [
            error_at(document, ("assessment", "definition_version"), "claimed-definition", message)
        ]
    if manifest.claimed_level is None:
        return []
    assert assessment is not None, "a claimed level is checked against the levels reached"
    claimed = assessment.definition.level(manifest.claimed_level)
    if claimed.rank <= assessment.level.rank:
        return []
    unmet = [
        result
        for result in assessment.results
        if not result.met and result.level_rank <= claimed.rank
    ]
    reason = f"; first unmet: {unmet[0].requirement.id} ({unmet[0].reason})" if unmet else ""
    message = (
        f"claims {claimed.id} but reaches {assessment.level.id} under definition "
        f"{assessment.definition.version}{reason}"
    )
    return [error_at(document, ("assessment", "claimed_level"), "claimed-level", message)]
