"""What state each component of a manifest is in: its availability and the category of its terms.

One value per component, for views that show every component at once (the gallery's matrix, its
data export): the availability the requirement check uses (`effective_availability`), the license
expression that governs the component (`governing_license`) and that expression's category, read
the way the requirement check reads it: an AND is as open as its least open term, an OR as its
most open one. The levels are decided by `assess`, never from these states.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .manifest import Manifest
from .requirements import effective_availability, governing_license, license_standing
from .spec import Definition, LicenseRegistry

NOT_DECLARED = "not-declared"  # the manifest says nothing of it: counts as not released
# Availabilities whose terms are read: a component nobody can get has no terms to judge.
WITH_TERMS = frozenset({"released", "partial"})


@dataclass(frozen=True)
class ComponentState:
    component: str
    # released | partial | not-released | not-applicable | unknown | not-declared
    availability: str
    license: str = ""  # the expression that governs it; empty when its terms are not read
    # A license category id of the definition, or "unknown" (terms not stated or not checked);
    # empty when its terms are not read.
    category: str = ""


def expression_category(expression: str, definition: Definition, registry: LicenseRegistry) -> str:
    """The category of a license expression, as the requirement check reads it
    (`requirements.license_standing`: one reading for the profile, the matrix and the index)."""
    return license_standing(expression, definition, registry)


def component_state(
    manifest: Manifest, component_id: str, definition: Definition, registry: LicenseRegistry
) -> ComponentState:
    declaration = manifest.components.get(component_id)
    if declaration is None:
        return ComponentState(component_id, NOT_DECLARED)
    availability = effective_availability(declaration)
    if availability not in WITH_TERMS:
        return ComponentState(component_id, availability)
    expression = governing_license(declaration, manifest.release_license)
    category = expression_category(expression, definition, registry)
    return ComponentState(component_id, availability, expression, category)


def component_states(
    manifest: Manifest, definition: Definition, registry: LicenseRegistry
) -> Iterator[ComponentState]:
    """The state of every component of the definition, in the definition's order."""
    for component in definition.components:
        yield component_state(manifest, component.id, definition, registry)
