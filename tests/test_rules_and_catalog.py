"""/tools/rules/ documents every rule id; /schemas/catalog.json points editors at the schemas."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from site_helpers import ROOT, built_site, file_of
from sitegen import catalog, rules_page

from openness import spec
from openness.manifest import manifest_versions
from openness.urls import SITE_URL, schema_url
from openness.validate import RULES

FIXTURES = ROOT / "tests" / "fixtures" / "manifest"


@pytest.fixture(scope="module")
def site() -> Path:
    return built_site()


def _fixture_rules() -> set[str]:
    """The rule each invalid fixture breaks: the first word of its first comment."""
    return {
        path.read_text(encoding="utf-8").split()[1] for path in FIXTURES.glob("*/invalid/*.yaml")
    }


def test_every_rule_has_its_anchor(site: Path) -> None:
    page = (site / "tools/rules/index.html").read_text(encoding="utf-8")
    ids = set(re.findall(r'id="([^"]+)"', page))
    expected = {rule for rule in RULES if rule != rules_page.SCHEMA_RULE}
    assert expected | {rules_page.SCHEMA_ANCHOR} <= ids
    for rule, text in RULES.items():
        assert rule in page and text.split()[1] in page


def test_every_rule_a_fixture_breaks_is_documented(site: Path) -> None:
    ids = set(re.findall(r'id="([^"]+)"', (site / "tools/rules/index.html").read_text()))
    missing = _fixture_rules() - ids
    assert not missing, f"rule ids used by fixtures but not on /tools/rules/: {sorted(missing)}"


def test_schema_rules_follow_the_schemas(tmp_path: Path) -> None:
    schema = {
        "type": "object",
        "properties": {"a": {"enum": [1, 2], "examples": [{"type": "x"}]}},
        "$defs": {"b": {"minItems": 1, "items": {"pattern": "^x$"}}},
        "allOf": [{"required": ["a"]}],
    }
    path = tmp_path / "schema.json"
    path.write_text(json.dumps(schema), encoding="utf-8")
    assert rules_page.schema_rules([path]) == [
        "schema-enum",
        "schema-minItems",
        "schema-pattern",
        "schema-required",
        "schema-type",
    ]


def test_catalog_is_schemastore_shaped_and_resolves(site: Path) -> None:
    data = json.loads((site / "schemas/catalog.json").read_text(encoding="utf-8"))
    assert data == catalog.catalog()
    assert data["$schema"] == "https://json.schemastore.org/schema-catalog.json"
    assert data["version"] == 1
    (entry,) = data["schemas"]
    assert set(entry) == {"name", "description", "fileMatch", "url", "versions"}
    assert entry["name"] and entry["description"].endswith(".")
    released = [v for v in manifest_versions() if v in spec.released_versions()]
    assert entry["url"] == schema_url(released[-1])
    assert entry["versions"] == {version: schema_url(version) for version in released}
    for url in [entry["url"], *entry["versions"].values()]:
        assert url.startswith(SITE_URL + "/")
        published = file_of(site, url.removeprefix(SITE_URL))
        assert published.is_file(), url
        assert json.loads(published.read_text(encoding="utf-8"))["$id"] == url


def test_catalog_matches_the_files_the_pre_commit_hook_checks() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    files = re.compile(hook["files"])
    for pattern in catalog.FILE_MATCH:
        name = pattern.replace("*", "my-model")
        assert files.search(name) and files.search(f"models/{name}"), pattern
    assert not files.search("openness.txt") and not files.search("notopenness.yaml")
    assert files.search("openness.yaml") and "openness.yaml" in catalog.FILE_MATCH
