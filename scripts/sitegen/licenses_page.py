"""/licenses/: the license registry of the newest released version, one section per category."""

from __future__ import annotations

from openness.spec import Definition, LicenseRegistry

from .markup import anchored_id, cell, check_unique, heading, link, table


def render(registry: LicenseRegistry, definition: Definition) -> str:
    version = definition.version
    anchors = [category.id for category in definition.license_categories]
    anchors += [tag.id for tag in registry.restriction_tags] + ["restriction-tags"]
    anchors += [entry.id for entry in registry.licenses]
    anchors += [entry.id for entry in registry.exceptions]
    anchors += ["exceptions"] if registry.exceptions else []
    check_unique(anchors, "licenses")
    jump = " · ".join(
        f"[{category.title}](#{category.id})"
        for category in definition.license_categories
        if any(entry.category == category.id for entry in registry.licenses)
    )
    parts = [
        "# License registry\n",
        f"The licenses named by [definition {version}](../{version}/index.md#license-categories), "
        f"each with its category and the reason for it. As data: "
        f"[licenses.json](../{version}/licenses.json). An OSI-approved license on the SPDX "
        "License List that is not listed here is in the open source category by rule.\n",
        f"Show one category: {jump}\n",
    ]
    for category in definition.license_categories:
        entries = [entry for entry in registry.licenses if entry.category == category.id]
        if not entries:
            continue
        rows = [
            (
                anchored_id(entry.id),
                entry.name,
                ", ".join(f"[{tag}](#{tag})" for tag in entry.tags) or "—",
                cell(entry.reason),
                link(entry.url, "text"),
            )
            for entry in entries
        ]
        parts += [
            heading(2, category.title, category.id),
            f"{category.summary} [Rule]({_clause(version, category.id)}).\n",
            table(("Id", "Name", "Restriction tags", "Reason", "License"), rows),
        ]
    if registry.exceptions:
        parts += _exceptions(registry)
    rows = [
        (anchored_id(tag.id), tag.title, "yes" if tag.restricts else "no", cell(tag.summary))
        for tag in registry.restriction_tags
    ]
    parts += [
        heading(2, "Restriction tags", "restriction-tags"),
        "Why a license is in its category. A tag that restricts keeps a license out of the open "
        "categories.\n",
        table(("Id", "Tag", "Restricts", "Meaning"), rows),
    ]
    return "\n".join(parts)


def _clause(version: str, item_id: str) -> str:
    return f"../{version}/index.md#{item_id}"


def _exceptions(registry: LicenseRegistry) -> list[str]:
    """The exceptions (SPDX WITH) the registry has judged: each keeps or lowers the category."""
    rows = [
        (
            anchored_id(entry.id),
            entry.name,
            "restricts use" if entry.restricts else "adds permissions only",
            ", ".join(f"[{tag}](#{tag})" for tag in entry.tags) or "—",
            cell(entry.reason),
            link(entry.url, "text"),
        )
        for entry in registry.exceptions
    ]
    return [
        heading(2, "License exceptions", "exceptions"),
        "A license followed by `WITH` and an exception is as open as its weakest part. An exception "
        "that only adds permissions keeps the license's category; one that restricts use makes it "
        "restricted. An exception not listed here has not been reviewed: it counts as restricted, "
        "and every verdict that rests on it says so.\n",
        table(("Id", "Name", "Effect", "Restriction tags", "Reason", "Text"), rows),
    ]
