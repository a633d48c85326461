"""The comparison with the European Open Source AI Index: the Index's score computed its way, one
row per imported system, and a page that escapes whatever text the Index holds."""

from __future__ import annotations

import re
import sys
from dataclasses import replace
from pathlib import Path

from openness.compare import ComparisonRow, compare_index, index_score, reachable_level
from openness.spec import load_definition

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "data" / "osai-index"
sys.path.insert(0, str(ROOT / "scripts"))  # the page generator lives with the site's scripts

from sitegen.osai_comparison import comparison_markdown  # noqa: E402


def table_rows(page: str) -> list[str]:
    """The body rows of the table of every system."""
    section = page.split("## Every system", 1)[1].split("## ", 1)[0]
    return [line for line in section.splitlines() if line.startswith("| ")][1:]


def test_the_index_score_is_the_mean_of_its_points_over_applicable_dimensions() -> None:
    types = {"a": frozenset({"text"}), "b": frozenset({"text"}), "c": frozenset({"image"})}
    data = {
        "system": {"type": "text"},
        "a": {"class": "open"},
        "b": {"class": "partial"},
        "c": {"class": "closed"},  # an image dimension: does not apply to a text system
    }
    assert index_score(data, types) == 0.75
    data["b"] = {"class": None}  # empty: not applicable, not counted
    assert index_score(data, types) == 1.0
    assert index_score({"system": {}}, types) is None


def test_an_import_can_reach_open_weights_and_no_higher() -> None:
    assert reachable_level(load_definition("1.0")).id == "open-weights"


def row(system: str, score: float, level: str, why: str = "a reason") -> ComparisonRow:
    definition = load_definition("1.0")
    reached = definition.level(level)
    return ComparisonRow(
        system=system,
        model=system,
        producer="Producer | Inc <b>",
        file=f"{system}.yaml",
        index_score=score,
        level=reached,
        our_score=min(reached.rank, 2) / 2,
        why=why,
        definition="1.0",
    )


def test_the_page_escapes_the_index_text() -> None:
    hostile = row("<script>alert(1)</script> | x", 0.9, "closed", why="under <img src=x>")
    page = comparison_markdown([hostile, row("Plain", 0.5, "open-weights")])
    assert "<script>" not in page and "<img" not in page and "<b>" not in page
    assert "&lt;script&gt;alert\\(1\\)&lt;/script&gt; \\| x" in page
    assert "Producer \\| Inc &lt;b&gt;" in page
    assert len(table_rows(page)) == 2
    assert all(line.count(" | ") == 4 for line in table_rows(page)), "no cell is split by a pipe"
    assert "1. **&lt;script&gt;" in page  # the largest difference comes first


def test_every_imported_system_is_a_row_of_the_page() -> None:
    comparison = compare_index(CORPUS, "1.0")
    assert len(comparison.rows) == 193
    assert [name for name, _ in comparison.refused] == ["a_submission_template.yaml"]
    assert all(0 <= item.index_score <= 1 and item.why for item in comparison.rows)
    olmo = next(item for item in comparison.rows if item.system == "OLMo")
    assert olmo.level.id == "open-weights" and olmo.index_score > 0.9
    page = comparison_markdown(comparison.rows, comparison)
    assert len(table_rows(page)) == 193
    top = page.split("## Where the two disagree most", 1)[1]
    assert sum(bool(re.match(r"\d+\. \*\*", line)) for line in top.splitlines()) == 15
    renamed = replace(comparison.rows[0], system="<script>x</script>")
    assert "<script>" not in comparison_markdown([renamed, *comparison.rows[1:]])


def test_what_the_index_does_not_assess_shows_as_unknown_with_the_possible_level() -> None:
    comparison = compare_index(CORPUS, "1.0")
    apertus = next(item for item in comparison.rows if item.system == "Apertus")
    assert (apertus.level.id, apertus.possible_level.id) == ("open-weights", "open-source-ai")
    assert apertus.blocker is not None
    assert apertus.blocker.requirement.id == "open-source-ai-evaluation-code"
    assert "whether the evaluation code is released" in apertus.unknown
    page = comparison_markdown(comparison.rows, comparison)
    row = next(line for line in table_rows(page) if line.startswith("| Apertus |"))
    assert "(possibly [Open source AI](../../1.0/index.md#open-source-ai))" in row
    assert "`evaluation-code`" in page.split("No dimension speaks of", 1)[1].split("\n", 1)[0]
    assert "*unknown (not assessed by the source)*" in page
    assert "If everything the Index does not assess turned out open:" in page


def test_rows_link_their_model_pages_and_every_number_is_a_percentage() -> None:
    rows = [row("Linked", 0.9, "closed"), row("Alone", 0.25, "open-weights")]
    page = comparison_markdown(rows, pages={"Linked.yaml": "linked-7b"})
    linked, alone = table_rows(page)
    assert linked.startswith("| [Linked](../../models/imported/linked-7b/index.md) |")
    assert alone.startswith("| Alone |")  # no page: the name alone, no dead link
    assert "**[Linked](../../models/imported/linked-7b/index.md)**" in page
    numbers = re.findall(r"(?:</span>|Index |difference )([+-]?\d+(?:\.\d+)?)( %)?", page)
    assert numbers and all(unit == " %" for _, unit in numbers), numbers
    assert "+90 %" in linked and "90 %" in linked  # the Index's 0.9 against a closed level's 0
