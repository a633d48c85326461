"""How many gallery models each framework passes, side by side: the definition's levels beside the
verdicts of every crosswalk, counted from the gallery's own assessments (no figure typed by hand).

Shown on /crosswalks/ and, through scripts/measure_frameworks.py --readme, in the README."""

from __future__ import annotations

from collections.abc import Sequence

from .gallery import Entry
from .markup import cell, table


def counts_markdown(entries: Sequence[Entry]) -> str:
    """One row per framework: models that pass (any tier), cannot tell, do not pass; then per tier."""
    if not entries:
        return "No gallery model to count.\n"
    total = len(entries)
    first = entries[0].assessment
    lowest = first.definition.levels[0]
    rows = [
        (
            f"Model Openness Definition {first.definition.version} (a level above {lowest.title.lower()})",
            str(sum(entry.assessment.level.rank > lowest.rank for entry in entries)),
            "—",
            str(sum(entry.assessment.level.rank <= lowest.rank for entry in entries)),
            ", ".join(
                f"{level.title}: {sum(e.assessment.level.id == level.id for e in entries)}"
                for level in first.definition.levels[1:]
            ),
        )
    ]
    for index, result in enumerate(first.crosswalks):
        framework = result.framework
        results = [entry.assessment.crosswalks[index] for entry in entries]
        rows.append(
            (
                cell(framework.name),
                str(sum(r.status == "met" for r in results)),
                str(sum(r.status == "undetermined" for r in results))
                if framework.undetermined_title
                else "—",
                str(sum(r.status == "unmet" for r in results)),
                ", ".join(
                    f"{cell(tier.label)}: {sum(r.reached is not None and r.reached.id == tier.id for r in results)}"
                    for tier in framework.tiers
                ),
            )
        )
    headers = ("Framework", "Passes", "Cannot tell", "Does not pass", "By tier")
    return f"Of the {total} curated gallery models:\n\n" + table(headers, rows)
