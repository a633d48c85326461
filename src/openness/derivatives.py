"""Derivatives: the license terms of a base model's parameters flow down to every model made from it.

A fine-tune, adapter, merge, quantization or distillation is assessed on its own components, but its
final parameters are also governed by its base model's terms (definition 1.0: principle
weakest-term-wins; 1.1: derivatives-inherit-terms). This module reads the chain of base manifests a
manifest points to and says what each derivative inherits.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .escaping import LIMIT, one_line
from .findings import Finding, Severity
from .licenses import combine
from .manifest import Manifest
from .records import Record
from .validate import read_manifest  # reading goes through the same checks as any manifest

INHERITED_COMPONENTS = ("final-parameters",)
MAX_CHAIN = 8  # base of a base of ...: deeper chains are reported, not followed


@dataclass(frozen=True, eq=False, repr=False)
class Inherited(Record):
    """A license that governs a component of a derivative because it governs its base model."""

    component: str
    license: str
    base: str  # the base model's name
    base_file: str


def base_chain(
    manifest: Manifest, *, max_bytes: int = 1024 * 1024, root: str | os.PathLike[str] | None = None
) -> tuple[list[Manifest], list[Finding]]:
    """The base manifests a manifest names, nearest first, and warnings for those that cannot be read.

    Confined: a base manifest is read only when its path, links resolved, lies inside `root` (by
    default the folder of the manifest being assessed). A manifest from a stranger cannot make the
    tool read, and then quote, a file elsewhere on the machine."""
    chain: list[Manifest] = []
    findings: list[Finding] = []
    if manifest.model.base_model is None or not manifest.model.base_model.manifest:
        return chain, findings  # no base to read: no path to resolve either
    current = manifest
    top = Path(manifest.file).parent
    try:
        boundary = Path(root if root is not None else top).resolve()
        seen = {Path(manifest.file).resolve()}
    except (OSError, RuntimeError, ValueError):
        return chain, findings  # the manifest itself was read, so this is a race: follow nothing
    while current.model.base_model is not None and current.model.base_model.manifest:
        reference = current.model.base_model.manifest
        shown = one_line(reference, LIMIT)
        line, column = current.document.position(("model", "base_model", "manifest"))

        def warn(
            message: str, rule: str, at: Manifest = current, line: int = line, column: int = column
        ) -> None:
            findings.append(
                Finding(
                    at.file,
                    line,
                    column,
                    Severity.WARNING,
                    rule,
                    message,
                    "/model/base_model/manifest",
                )
            )

        if reference.startswith(("http://", "https://")):
            warn(
                f"base manifest {shown} is a URL and is not fetched; inherited terms are not applied",
                "base-manifest-unread",
            )
            break
        path = _confined(Path(current.file).parent, reference, boundary)
        if path is None:
            warn(
                f"base manifest {shown} is outside {boundary} (or cannot be resolved); "
                "it is not read, and inherited terms are not applied (--root names another folder)",
                "base-manifest-unread",
            )
            break
        if path in seen:
            warn(
                f"base manifest {shown} leads back to a manifest already in the chain",
                "base-manifest-cycle",
            )
            break
        if len(chain) >= MAX_CHAIN:
            warn(
                f"more than {MAX_CHAIN} base manifests in a chain; the rest is not followed",
                "base-manifest-unread",
            )
            break
        seen.add(path)
        result = read_manifest(path, max_bytes=max_bytes)
        if result.manifest is None:
            # The rule and place only: the message of a file that is not a manifest may quote it.
            first = result.findings[0] if result.findings else None
            where = f" ({first.rule} at {first.line}:{first.column})" if first else ""
            warn(
                f"base manifest {shown} cannot be used: it is not a valid manifest{where}",
                "base-manifest-unread",
            )
            break
        chain.append(result.manifest)
        current = result.manifest
    return chain, findings


def _confined(folder: Path, reference: str, boundary: Path) -> Path | None:
    """The resolved path of a relative reference, or None if it is absolute, leaves the boundary
    (through `..` or a link), or cannot be resolved (a NUL byte, a link loop)."""
    if "\x00" in reference or Path(reference).is_absolute():
        return None
    try:
        path = (folder / reference).resolve()
    except (OSError, RuntimeError, ValueError):
        return None
    return path if path.is_relative_to(boundary) else None


def inherited_terms(chain: list[Manifest], producer: str | None = None) -> dict[str, Inherited]:
    """What the bases pass down, per component: the terms of every base in the chain, all at once.

    A base published by the derivative's own producer passes nothing down: its terms bind its
    licensees, not its licensor, who may release a derivative under other terms (DeepSeek-R1 under
    MIT from DeepSeek-V3-Base)."""
    inherited: dict[str, Inherited] = {}
    own = _same_producer_key(producer)
    bases = [
        base for base in chain if own is None or _same_producer_key(base.model.producer) != own
    ]
    if not bases:
        return inherited
    nearest = bases[0]
    for component in INHERITED_COMPONENTS:
        expressions = [
            declaration.license
            for base in bases
            if (declaration := base.components.get(component)) is not None and declaration.license
        ]
        if expressions:
            inherited[component] = Inherited(
                component, combine(expressions), nearest.model.name, nearest.file
            )
    return inherited


def _same_producer_key(producer: str | None) -> str | None:
    return " ".join(producer.lower().split()) if producer else None
