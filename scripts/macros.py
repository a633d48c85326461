"""Facts for the hand-written pages (mkdocs-macros), taken from the spec so none is written twice.

Only pages with `render_macros: true` in their front matter are templates (see mkdocs.yml).
"""

from __future__ import annotations

from typing import Any

from openness import spec
from openness.urls import SITE_URL, definition_url


def define_env(env: Any) -> None:
    latest = spec.latest_released()
    env.variables["site_url"] = SITE_URL
    env.variables["latest"] = latest
    env.variables["latest_url"] = definition_url(latest)
    env.variables["versions"] = spec.versions()

    @env.macro  # type: ignore[misc]
    def levels_table() -> str:
        """The levels of the latest released version, lowest first, linked to their clauses."""
        definition = spec.load_definition(latest)
        rows = [
            f"| [{level.title}]({latest}/index.md#{level.id}) | {' '.join(level.summary.split())} |"
            for level in definition.levels
        ]
        return "\n".join(["| Level | What it means |", "|---|---|", *rows])
