"""/changes/<version>/: what changed from the previous version, as openness.changes computes it."""

from __future__ import annotations

from openness.changes import SECTIONS, ItemChange, VersionChanges
from openness.spec import version_label

from .markup import cell, heading, table

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
        rows = [_row(item, old, new) for item in changes.items if item.section == name]
        if rows:
            title = section.replace("_", " ").capitalize()
            parts += [heading(2, title, section.replace("_", "-")), table(_HEADERS, rows)]
    return "\n".join(parts)


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
