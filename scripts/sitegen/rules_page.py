"""/tools/rules/: every rule id a finding can carry, with its meaning, at a permanent anchor.

The ids and texts come from openness.validate.RULES; the `schema-<keyword>` ids from the keywords
the manifest schemas use, so a keyword added to a schema gets its row without a step to forget.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from openness.manifest import manifest_versions, schema_path
from openness.validate import RULES

from .markup import anchored_id, cell, check_unique, table

SCHEMA_RULE = "schema-*"
SCHEMA_ANCHOR = "schema"
# Keywords that only apply subschemas to parts of the value: their failures are reported by the
# keyword that fails inside them, never under their own name.
_APPLICATORS = {
    "$defs",
    "$dynamicRef",
    "$ref",
    "additionalItems",
    "allOf",
    "dependentSchemas",
    "else",
    "if",
    "items",
    "patternProperties",
    "prefixItems",
    "properties",
    "propertyNames",
    "then",
}
# What breaking each assertion keyword means, in the reader's words (JSON Schema 2020-12).
# `format` is left out: the validator treats it as an annotation, as 2020-12 does by default.
_KEYWORDS = {
    "additionalProperties": "A key the schema does not know (a misspelt or unknown key).",
    "anyOf": "A value that fits none of the forms the schema allows.",
    "const": "A value other than the one the schema fixes.",
    "dependentRequired": "A key that needs another key beside it, without it.",
    "enum": "A value that is not one of the listed values (ids, availability, relation...).",
    "maxItems": "A list with more items than allowed.",
    "maxLength": "A text longer than allowed.",
    "minItems": "A list with fewer items than needed (an empty list where one is needed).",
    "minLength": "An empty or too short text.",
    "minProperties": "A mapping with fewer keys than needed.",
    "oneOf": "A value that fits none, or more than one, of the forms the schema allows.",
    "pattern": "A text that does not match its pattern (a URL, a date, a LicenseRef- key...).",
    "required": "A required key is missing.",
    "type": "A value of the wrong type, including the YAML 1.1 traps (1.10 read as a number, "
    "no read as false).",
    "uniqueItems": "A list with the same item twice.",
}


def _keywords(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key not in _APPLICATORS and not key.startswith("$"):
                yield key
            if key in ("properties", "patternProperties", "$defs", "dependentSchemas"):
                for subschema in value.values():
                    yield from _keywords(subschema)
            elif key not in ("enum", "const", "examples", "default", "required"):
                yield from _keywords(value)
    elif isinstance(node, list):
        for item in node:
            yield from _keywords(item)


def schema_rules(paths: Iterable[Path] | None = None) -> list[str]:
    """`schema-<keyword>` for every assertion keyword the manifest schemas use."""
    if paths is None:
        paths = [schema_path(version) for version in manifest_versions()]
    found: set[str] = set()
    for path in paths:
        schema = json.loads(path.read_text(encoding="utf-8"))
        found |= {keyword for keyword in _keywords(schema) if keyword in _KEYWORDS}
    return sorted(f"schema-{keyword}" for keyword in found)


def render() -> str:
    schema_ids = schema_rules()
    check_unique([*(SCHEMA_ANCHOR if r == SCHEMA_RULE else r for r in RULES), *schema_ids], "rules")
    rows = []
    for rule, text in RULES.items():
        if rule != SCHEMA_RULE:
            rows.append((anchored_id(rule), cell(text)))
            continue
        listed = ", ".join(f"[`{r}`](#{r})" for r in schema_ids)
        rows.append((anchored_id(SCHEMA_ANCHOR, rule), cell(text) + f" The schemas use: {listed}."))
        rows += [(anchored_id(r), cell(_KEYWORDS[r.removeprefix("schema-")])) for r in schema_ids]
    return (
        "# Rule ids\n\n"
        "Every finding of `openness validate` ends with its rule id in brackets, "
        "`file:line:column: severity: message [rule-id]`; `--format json` gives it as `rule`. "
        "The ids are permanent: filter on them, link to them. `openness rules` prints this list. "
        "See [the tools](../../tools.md) for how to run the validator.\n\n"
        + table(("Rule id", "What it means"), rows)
    )
