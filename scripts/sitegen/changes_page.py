"""/changes/<version>/: what changed from the previous version, as openness.changes computes it."""

from __future__ import annotations

import json
from typing import Any

from openness.changes import SECTIONS, ItemChange, VersionChanges
from openness.spec import version_label

from .markup import cell, escape, heading, table

_HEADERS = ("Id", "Title", "Change", "Fields", "Read it in")


def render(changes: VersionChanges) -> str:
    old, new = changes.old.version, changes.new.version
    parts = [
        f"# Changes in {changes.new.label}\n",
        f"What changed from [version {old}](../../{old}/index.md) to "
        f"[version {new}](../../{new}/index.md), computed from the two spec files. Ids are "
        "permanent: a removed id keeps its meaning in the versions that have it.\n",
    ]
    if not changes.new.released:
        parts.append(f'!!! danger "Draft"\n    Version {new} is a draft; this list may change.\n')
    if changes.notes:
        parts.append(heading(2, "The editors' summary", "summary"))
        parts += [
            f"- [{note.title}](../../{new}/index.md#{note.id}): {cell(note.summary)}"
            for note in changes.notes
        ]
        parts.append("")
    if not changes.items:
        parts.append("No item was added, removed or changed.\n")
    for section, name in SECTIONS:
        items = [item for item in changes.items if item.section == name]
        if items:
            title = section.replace("_", " ").capitalize()
            parts += [
                heading(2, title, section.replace("_", "-")),
                table(_HEADERS, [_row(item, old, new) for item in items]),
            ]
            parts += [_old_and_new(item, old, new) for item in items if item.values]
    return "\n".join(parts)


def _old_and_new(item: ItemChange, old: str, new: str) -> str:
    """Each changed field of one item, its text in the older version above its text in the newer."""
    lines = [f"**{cell(item.title)}** (`{item.id}`), old → new:\n"]
    for value in item.values:
        lines += [
            f"- `{value.field}`",
            f"    - {old}: {_value(value.old)}",
            f"    - {new}: {_value(value.new)}",
        ]
    return "\n".join(lines) + "\n"


def _value(value: Any) -> str:
    """A field's value from a spec file, shown as text: prose as prose, anything else as data."""
    if value is None:
        return "*(absent)*"
    if isinstance(value, str):
        return cell(value)
    return escape(json.dumps(value, ensure_ascii=False))


def _row(item: ItemChange, old: str, new: str) -> tuple[str, ...]:
    where = {"added": [new], "removed": [old], "changed": [old, new]}[item.kind]
    read = " · ".join(f"[{version}](../../{version}/index.md#{item.id})" for version in where)
    fields = ", ".join(f"`{field}`" for field in item.fields)
    return (f"`{item.id}`", cell(item.title), item.kind, fields, read)


def index(pairs: list[tuple[str, str]]) -> str:
    """/changes/: every version that has a previous one, newest first."""
    parts = ["# Changes between versions\n"]
    if not pairs:
        parts.append(
            "There is only one version of the definition so far; nothing to compare yet.\n"
        )
    for old, new in reversed(pairs):
        parts.append(
            f"- [{version_label(new)}]({new}/index.md): what changed from {old} to "
            f"{version_label(new)}"
        )
    return "\n".join(parts) + "\n"
