"""/schemas/manifest/<version>/: a reference of every property, generated from the schema itself."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .markup import anchored_id, cell, check_unique, heading

# A web address in a description's text (not in a code span); sentence punctuation after it stays out.
_URL_IN_TEXT = re.compile(r"(https?://[^\s<>\"`]+?)(?=[.,;:)]*(?:\s|$))")
_CODE_SPAN = re.compile(r"(`[^`]*`)")


@dataclass(frozen=True)
class Property:
    path: (
        str  # as a reader writes it: model.base_model.name, components.training-datasets.datasets[]
    )
    node: dict[str, Any]
    required: bool

    @property
    def anchor(self) -> str:
        return re.sub(r"[^A-Za-z0-9._-]", "", self.path.replace("[]", ".items"))


def render(schema: dict[str, Any], version: str) -> str:
    sections = {"properties": list(properties(schema, ""))}
    for name, node in schema.get("$defs", {}).items():
        sections[f"def-{name}"] = list(properties(node, name))
    anchors = [item.anchor for items in sections.values() for item in items]
    check_unique([*anchors, *sections], "schema")
    parts = [
        f"# {schema['title']}\n",
        _linked(cell(schema["description"])) + "\n",
        f"- Schema: [schema.json](schema.json), served at its `$id`: <{schema['$id']}>\n"
        f"- In an editor: put `# yaml-language-server: $schema={schema['$id']}` "
        "on the first line of `openness.yaml`.\n"
        f"- Required at the top level: {', '.join(f'`{key}`' for key in schema['required'])}.\n",
        heading(2, f"Properties of a version {version} manifest", "properties"),
        _table(sections["properties"]),
    ]
    for name, node in schema.get("$defs", {}).items():
        parts += [
            heading(2, f"`{name}`", f"def-{name}"),
            _linked(cell(node.get("description", ""))) + "\n",
            _table(sections[f"def-{name}"]),
        ]
    return "\n".join(parts)


def properties(node: dict[str, Any], path: str) -> Iterator[Property]:
    """Every property under node, depth first; a `$ref` is documented in its own section."""
    required = set(node.get("required", ()))
    for key, child in node.get("properties", {}).items():
        yield from _with_children(child, f"{path}.{key}" if path else key, key in required)
    extra = node.get("additionalProperties")
    if isinstance(extra, dict):  # a mapping with free keys, such as licenses: {LicenseRef-...: {}}
        pattern = node.get("propertyNames", {}).get("pattern", "")
        prefix = re.sub(r"[^A-Za-z-]", "", pattern.split("[")[0])
        yield from _with_children(extra, f"{path}.<{prefix or 'key'}…>", False)


def _with_children(node: dict[str, Any], path: str, required: bool) -> Iterator[Property]:
    yield Property(path, node, required)
    yield from properties(node, path)
    items = node.get("items")
    if isinstance(items, dict):
        yield from properties(items, f"{path}[]")


def _table(items: list[Property]) -> str:
    """A definition list: path, type and whether required, then description and examples."""
    entries = []
    for item in items:
        term = [anchored_id(item.anchor, item.path), _type(item.node)]
        if item.required:
            term.append("**required**")
        detail = _linked(cell(item.node.get("description", "")))
        examples = [_code(json.dumps(example)) for example in item.node.get("examples", ())]
        if examples:
            detail += "<br>Examples: " + ", ".join(examples)
        entries.append(" · ".join(term) + "\n:   " + detail + "\n")
    return "\n".join(entries)


def _linked(markdown: str) -> str:
    """The schema's own descriptions (trusted) with each web address made a link (`<url>`)."""
    parts = _CODE_SPAN.split(markdown)
    return "".join(
        part if index % 2 else _URL_IN_TEXT.sub(r"<\1>", part) for index, part in enumerate(parts)
    )


def _type(node: dict[str, Any]) -> str:
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        return f"[`{name}`](#def-{name})"
    if "const" in node:
        return "exactly " + _code(json.dumps(node["const"]))
    if "enum" in node:
        return "one of " + ", ".join(_code(str(value)) for value in node["enum"])
    for keyword in ("oneOf", "anyOf"):
        if keyword in node:
            return " or ".join(_type(branch) for branch in node[keyword])
    kinds = node.get("type", "any")
    text = " or ".join(kinds) if isinstance(kinds, list) else kinds
    if text == "array" and isinstance(node.get("items"), dict):
        text = f"array of {_type(node['items'])}"
    if "format" in node:
        text += f" ({node['format']})"
    elif "pattern" in node:
        text += " matching " + _code(node["pattern"])
    return text


def _code(text: str) -> str:
    """A code span, even around text with backticks."""
    fence = "``" if "`" in text else "`"
    return f"{fence} {text} {fence}"
