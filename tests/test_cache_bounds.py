"""Memory stays flat over any batch: every cache that a file's content can key is bounded.

A cache without a bound is allowed only for keys that come from the tool itself (a format or
definition version, a schema's pattern, a framework, a registry), never from a manifest: a registry
checking a hundred thousand strangers' files, each with a license expression of its own, must not
keep them all."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from typing import Any

import openness

# Unbounded caches keyed only on what the tool ships (or taking no argument at all).
KEYED_ON_THE_TOOL = {
    "openness.frameworks.load_framework",  # a framework id of the spec's folder
    "openness.frameworks._name_index",  # a loaded framework
    "openness.manifest.schema",  # a manifest format version the tool knows
    "openness.manifest.fast_validator",
    "openness.manifest.detailed_validator",
    "openness.manifest.formats_validator",
    "openness.manifest.date_validator",
    "openness.schemas._regex",  # a pattern of the tool's schemas
    "openness.spec._registry_index",  # a loaded registry
    "openness.spec._alias_index",
    "openness.spec._exception_index",
    "openness.importers.common._alias_pattern",
    "openness.spec.load_definition",  # a version of spec/ (an unknown one raises: not kept)
    "openness.spec.load_licenses",
    "openness.spec.spec_schema",  # a schema of schemas/spec/
    "openness.spec.compiled_spec_schema",
    "openness.importers.cyclonedx.schema_validator",  # a specVersion of SPEC_VERSIONS only
    "openness.translations.load_translation",  # a language of spec/translations/ and a version
    "openness.translations.load_phrases",
    "openness.translations.overrides",
    "openness.translations._opencc",  # a conversion the tool names
}


def _caches() -> dict[str, Any]:
    found = {}
    for module_info in pkgutil.walk_packages(openness.__path__, "openness."):
        if module_info.name.endswith(".__main__"):
            continue  # it runs the command line
        module = importlib.import_module(module_info.name)
        for name, value in vars(module).items():
            if callable(value) and hasattr(value, "cache_info"):
                wrapped = inspect.unwrap(value)
                if getattr(wrapped, "__module__", None) == module.__name__:
                    found[f"{module.__name__}.{name}"] = value
    return found


def test_every_cache_a_manifest_can_key_is_bounded() -> None:
    caches = _caches()
    assert "openness.licenses.parse" in caches  # the walk finds what it is about
    unbounded = {
        name
        for name, function in caches.items()
        if function.cache_info().maxsize is None
        and inspect.signature(inspect.unwrap(function)).parameters
    }
    assert unbounded <= KEYED_ON_THE_TOOL, (
        f"unbounded caches: {sorted(unbounded - KEYED_ON_THE_TOOL)}"
    )
    assert set(caches) >= KEYED_ON_THE_TOOL, "the list names a cache that no longer exists"
