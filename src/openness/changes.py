"""What changed between two versions of the definition, computed from the two spec files.

The site's /changes/<version>/ page and `openness diff` both render this one list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .spec import Definition, load_definition
from .urls import clause_url

# Sections whose items carry an id (and so an anchor); requirements are compared on their own.
SECTIONS = (
    ("principles", "principle"),
    ("availability", "availability value"),
    ("freedoms", "freedom"),
    ("component_types", "component type"),
    ("components", "component"),
    ("license_categories", "license category"),
    ("terms", "terms clause"),
    ("levels", "level"),
    ("requirements", "requirement"),
    ("glossary", "glossary entry"),
)


@dataclass(frozen=True)
class FieldChange:
    """One field of a changed item: its value in the older file and in the newer (None: absent)."""

    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class ItemChange:
    kind: str  # added | removed | changed
    section: str  # the section's singular name: component, requirement, ...
    id: str
    title: str
    fields: tuple[str, ...]  # for "changed": the fields whose value differs
    old_url: str | None
    new_url: str | None
    values: tuple[FieldChange, ...] = ()  # for "changed": each field's old and new value


@dataclass(frozen=True)
class VersionChanges:
    old: Definition
    new: Definition
    items: tuple[ItemChange, ...]

    @property
    def notes(self) -> tuple[Any, ...]:
        """The editors' account of each change, with its rationale, from the newer file."""
        return self.new.changes


def _items(data: dict[str, Any], section: str) -> dict[str, dict[str, Any]]:
    if section == "requirements":
        found = {}
        for level in data["levels"]:
            for requirement in level["requirements"]:
                found[requirement["id"]] = {**requirement, "level": level["id"]}
        return found
    items = {item["id"]: dict(item) for item in data.get(section, ())}
    if section == "levels":
        for item in items.values():
            item.pop("requirements", None)  # compared one by one as requirements
    return items


def _title(item: dict[str, Any], data: dict[str, Any]) -> str:
    """An item's title; a requirement, which has none, is named by its component and level."""
    if "component" in item and "level" in item:
        titles = {
            entry["id"]: entry.get("title")
            for key in ("components", "levels")
            for entry in data.get(key, ())
        }
        component = titles.get(item["component"]) or item["component"]
        return f"{component}, for {titles.get(item['level']) or item['level']}"
    return str(item.get("title") or item.get("term") or item.get("component") or item["id"])


def diff(old: Definition, new: Definition) -> VersionChanges:
    """Added, removed and changed items, in the order of the definition's sections."""
    changes: list[ItemChange] = []
    for section, name in SECTIONS:
        before, after = _items(old.data, section), _items(new.data, section)
        for item_id, item in after.items():
            new_url = clause_url(new.version, item_id)
            if item_id not in before:
                changes.append(
                    ItemChange("added", name, item_id, _title(item, new.data), (), None, new_url)
                )
                continue
            fields = tuple(
                sorted(
                    key
                    for key in set(item) | set(before[item_id])
                    if item.get(key) != before[item_id].get(key)
                )
            )
            if fields:
                old_url = clause_url(old.version, item_id)
                values = tuple(
                    FieldChange(key, before[item_id].get(key), item.get(key)) for key in fields
                )
                title = _title(item, new.data)
                changes.append(
                    ItemChange("changed", name, item_id, title, fields, old_url, new_url, values)
                )
        for item_id, item in before.items():
            if item_id not in after:
                old_url = clause_url(old.version, item_id)
                changes.append(
                    ItemChange("removed", name, item_id, _title(item, old.data), (), old_url, None)
                )
    return VersionChanges(old, new, tuple(changes))


def changes_to(version: str) -> VersionChanges | None:
    """The changes that made a version from its previous one; None for a first version."""
    new = load_definition(version)
    if new.previous_version is None:
        return None
    return diff(load_definition(new.previous_version), new)


def changes_text(changes: VersionChanges) -> str:
    status = "" if changes.new.released else f" ({changes.new.status})"
    lines = [
        f"Changes from the Model Openness Definition {changes.old.version} to {changes.new.version}{status}"
    ]
    for item in changes.items:
        detail = f": {', '.join(item.fields)}" if item.fields else ""
        lines.append(f"  {item.kind:<8}{item.section} {item.id} ({item.title}){detail}")
        lines.append(f"          {item.new_url or item.old_url}")
    if changes.notes:
        lines.append("Why:")
        for note in changes.notes:
            lines.append(f"  - {note.title}: {' '.join(note.rationale.split())}")
    return "\n".join(lines)


def changes_dict(changes: VersionChanges) -> dict[str, Any]:
    return {
        "from": changes.old.version,
        "to": changes.new.version,
        "status": changes.new.status,
        "items": [
            {
                "kind": item.kind,
                "section": item.section,
                "id": item.id,
                "title": item.title,
                "fields": list(item.fields),
                "values": [
                    {"field": value.field, "old": value.old, "new": value.new}
                    for value in item.values
                ],
                "old_url": item.old_url,
                "new_url": item.new_url,
            }
            for item in changes.items
        ],
        "notes": [
            {
                "id": note.id,
                "title": note.title,
                "summary": note.summary,
                "rationale": note.rationale,
                "items": list(note.items),
            }
            for note in changes.notes
        ],
    }
