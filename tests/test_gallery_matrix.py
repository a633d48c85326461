"""The gallery as a matrix and as data: /models/, /models/index.json, index.csv, search entries."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from site_helpers import ROOT, built_site

from openness import spec
from openness.escaping import spreadsheet
from openness.states import expression_category

SCHEMA = ROOT / "schemas" / "gallery" / "1.0" / "schema.json"


@pytest.fixture(scope="module")
def site() -> Path:
    return built_site()


@pytest.fixture(scope="module")
def index(site: Path) -> dict:
    return json.loads((site / "models" / "index.json").read_text(encoding="utf-8"))


def _pages(site: Path) -> set[str]:
    models = site / "models"
    curated = {path.parent.name for path in models.glob("*/index.html")} - {"compare", "imported"}
    imported = {f"imported/{path.parent.name}" for path in models.glob("imported/*/index.html")}
    return curated | imported


def test_the_index_is_valid_against_its_published_schema(site: Path, index: dict) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert index["$schema"] == schema["$id"]
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(index)]
    assert not errors, errors[:5]
    assert (site / "schemas/gallery/1.0/schema.json").read_bytes() == SCHEMA.read_bytes()


def test_the_index_holds_every_model_page_and_every_framework(site: Path, index: dict) -> None:
    ids = [model["id"] for model in index["models"]]
    assert len(ids) == len(set(ids))
    assert set(ids) == _pages(site)
    frameworks = {path.stem for path in (ROOT / "spec" / "frameworks").glob("*.yaml")}
    assert {framework["id"] for framework in index["frameworks"]} == frameworks
    components = [component.id for component in spec.load_definition("1.0").components]
    for model in index["models"]:
        assert set(model["frameworks"]) == frameworks, model["id"]
        assert list(model["components"]) == components, model["id"]


def test_every_no_says_why(index: dict) -> None:
    for model in index["models"]:
        level = model["level"]
        assert (level["next"] is None) == (level["why"] is None), model["id"]
        for framework, said in model["frameworks"].items():
            if not said["conformant"] and said["blocker"] is not None:
                assert said["why"], (model["id"], framework)


def test_the_index_says_what_the_model_page_says(site: Path, index: dict) -> None:
    llama = next(model for model in index["models"] if model["id"] == "llama-2-7b")
    assert llama["level"]["id"] == "weights-available"
    assert llama["level"]["why"].startswith("Open weights needs Final parameters: restricted")
    assert llama["frameworks"]["mof-1.0"]["verdict"] == "Unclassified"
    assert llama["frameworks"]["mof-1.0"]["why"].startswith(
        "Class III (Open Model) needs Final parameters: restricted license (+"
    )
    weights = llama["components"]["final-parameters"]
    assert weights == {
        "availability": "released",
        "license": "LicenseRef-Llama-2-Community",
        "category": "restricted",
    }
    page = (site / "models/llama-2-7b/index.html").read_text(encoding="utf-8")
    assert "Weights available (restricted)</a></strong>" in page


def test_the_csv_has_a_line_per_model_and_the_same_verdicts(site: Path, index: dict) -> None:
    text = (site / "models" / "index.csv").read_text(encoding="utf-8")
    lines = list(csv.DictReader(io.StringIO(text)))
    assert [line["id"] for line in lines] == [model["id"] for model in index["models"]]
    for line, model in zip(lines, index["models"], strict=True):
        assert line["level"] == model["level"]["id"]
        assert line["mof-1.0"] == model["frameworks"]["mof-1.0"]["verdict"]
        assert line["final-parameters_category"] == (
            model["components"]["final-parameters"]["category"] or ""
        )


def test_a_spreadsheet_never_runs_a_cell_as_a_formula() -> None:
    assert spreadsheet('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert spreadsheet("+1") == "'+1" and spreadsheet("@SUM(A1)") == "'@SUM(A1)"
    assert spreadsheet("Meta\nAI") == "Meta\\nAI"
    assert spreadsheet("Llama 2") == "Llama 2"


def test_the_matrix_is_all_in_the_html(site: Path, index: dict) -> None:
    """Without JavaScript: every model is a row, every component a cell with a symbol and a class."""
    page = (site / "models" / "index.html").read_text(encoding="utf-8")
    table = page.split('<table class="om-matrix">', 1)[1].split("</table>", 1)[0]
    rows = table.split("<tbody>", 1)[1].split("<tr ")[1:]
    assert len(rows) == len(index["models"])
    for row, model in zip(rows, index["models"], strict=True):
        assert f'data-id="{model["id"]}"' in row
        cells = re.findall(r'<td class="([ak]-[a-z-]+)">([^<]+)</td>', row)
        assert len(cells) == 17, model["id"]
        for css, shown in cells:
            assert shown[0] in "●◐○–?·", (model["id"], shown)  # noqa: RUF001 (a symbol, not only a colour)
            assert css.startswith("k-") == (len(shown) > 1), (model["id"], css)
    assert "Level claimed" not in page, "no curated manifest claims a level: no empty column"
    assert page.count(">Unclassified<small>") > 0
    assert ">Unclassified</td>" not in page, "every Unclassified says why"
    assert "data-search-exclude" in page.split('<table class="om-matrix">', 1)[0][-200:]


def test_each_model_and_license_has_one_search_entry(site: Path, index: dict) -> None:
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    by_location: dict[str, list[dict]] = {}
    for doc in docs:
        by_location.setdefault(doc["location"], []).append(doc)
    for model in index["models"]:
        (entry,) = by_location[f"models/{model['id']}/"]
        assert model["producer"].split()[0] in entry["text"] and entry["title"]
    (apache,) = by_location["licenses/#Apache-2.0"]
    assert apache["title"] == "Apache-2.0"
    matrix_text = "".join(doc["text"] for doc in by_location["models/"])
    assert len(matrix_text) < 3000, "the matrix is not indexed as one blob"


@pytest.mark.parametrize(
    ("expression", "category"),
    [
        ("Apache-2.0", "open-source"),
        ("Apache-2.0 AND CC-BY-NC-4.0", "restricted"),
        ("Apache-2.0 OR CC-BY-NC-4.0", "open-source"),
        ("MIT AND NOASSERTION", "unknown"),
        ("CC-BY-NC-4.0 AND NOASSERTION", "restricted"),
        ("NONE", "none"),
    ],
)
def test_an_expression_is_as_open_as_the_requirement_check_reads_it(
    expression: str, category: str
) -> None:
    definition = spec.load_definition("1.0")
    assert expression_category(expression, definition, spec.load_licenses("1.0")) == category
