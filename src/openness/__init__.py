"""The Model Openness Definition: read, validate and assess model openness manifests.

>>> import openness
>>> result = openness.validate("openness.yaml")
>>> verdict = openness.assess("openness.yaml")
>>> verdict.level.id

Batches: `check_shard(Job("assess", "jsonl"), paths_or_texts)` is the pure, picklable function a
worker of a cluster runs over one shard (README "Beyond one machine"); `check_files` the same over
paths and `Document`s already read.
"""

from __future__ import annotations

import os

from .api import AssessError, assess, validate
from .assess import Assessment, RequirementResult
from .batch import Job, Outcome, check_files, manifests_in
from .findings import Finding, Severity
from .manifest import Manifest
from .reader import DEFAULT_MAX_BYTES, Document, ReadError, read, read_text
from .shards import check_shard
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
    "Job",
    "LicenseRegistry",
    "Manifest",
    "Outcome",
    "ReadError",
    "RequirementResult",
    "Severity",
    "Validation",
    "assess",
    "check_files",
    "check_shard",
    "load",
    "load_definition",
    "load_licenses",
    "manifests_in",
    "read",
    "read_text",
    "validate",
]
