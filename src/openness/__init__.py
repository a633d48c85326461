"""The Model Openness Definition: read, validate and assess model openness manifests.

>>> import openness
>>> result = openness.validate("openness.yaml")
>>> verdict = openness.assess("openness.yaml")
>>> verdict.level.id
"""

from __future__ import annotations

import os

from .api import AssessError, assess, validate
from .assess import Assessment, RequirementResult
from .findings import Finding, Severity
from .manifest import Manifest
from .reader import DEFAULT_MAX_BYTES, Document, ReadError, read
from .spec import Definition, LicenseRegistry, load_definition, load_licenses
from .validate import Validation, read_manifest

__version__ = "0.1.0"


def load(
    source: str | os.PathLike[str] | Document, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Manifest:
    """Read one manifest and check it against its schema. Raises AssessError if it is not valid."""
    result = read_manifest(source, max_bytes=max_bytes)
    if result.manifest is None:
        raise AssessError(result.findings)
    return result.manifest


__all__ = [
    "AssessError",
    "Assessment",
    "Definition",
    "Document",
    "Finding",
    "LicenseRegistry",
    "Manifest",
    "ReadError",
    "RequirementResult",
    "Severity",
    "Validation",
    "assess",
    "load",
    "load_definition",
    "load_licenses",
    "read",
    "validate",
]
