"""The site hooks' bookkeeping: what they speed up must not change what they answer or leave behind."""

from __future__ import annotations

import gc
import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from site_helpers import ROOT


def _hooks() -> ModuleType:
    """scripts/hooks.py as mkdocs loads it: a file, not a package module."""
    spec = importlib.util.spec_from_file_location("openness_site_hooks", ROOT / "scripts/hooks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _files(tmp_path: Path) -> Files:
    names = ["index.md", "1.0/index.md", "zh-Hans/1.0/index.md", "1.0/definition.json"]
    return Files([File(name, str(tmp_path), str(tmp_path / "site"), True) for name in names])


def test_the_pages_answer_as_the_list_of_documentation_pages(tmp_path: Path) -> None:
    files = _files(tmp_path)
    listed = {file.src_uri for file in files.documentation_pages()}
    pages = _hooks()._Pages(files)
    for path in ["index.md", "1.0/index.md", "zh-Hans/1.0/index.md", "1.0/definition.json",
                 "zh-Hant/1.0/index.md", "missing.md"]:  # fmt: skip
        assert (path in pages) == (path in listed), path
    assert 1 not in pages


def test_the_collector_runs_again_after_a_failed_generation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hooks = _hooks()
    (tmp_path / "broken.yaml").write_text("model: [\n", encoding="utf-8")
    monkeypatch.setenv("OPENNESS_MANIFESTS_DIR", str(tmp_path))
    config = MkDocsConfig()
    config.load_dict({"site_name": "test", "docs_dir": str(tmp_path), "site_dir": str(tmp_path)})
    try:
        with pytest.raises(PluginError):
            hooks.on_files(Files([]), config)
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0  # what was loaded is left alone by full passes
    finally:
        gc.unfreeze()


class _Page:
    def __init__(self, content: str, meta: dict[str, object]) -> None:
        self.content, self.meta = content, meta


@pytest.mark.parametrize(
    ("content", "meta", "away"),
    [
        ("<p>a model</p>", {"search": {"exclude": True}}, True),
        ('<h2 data-search-exclude id="x">x</h2>', {"search": {"exclude": True}}, False),
        ("<p>indexed</p>", {}, False),
        ("<p>indexed</p>", {"search": {"boost": 2}}, False),
    ],
)
def test_a_page_is_hidden_from_the_search_plugin_only_where_its_pass_changes_nothing(
    content: str, meta: dict[str, object], away: bool
) -> None:
    """The search plugin reads only the content of pages it indexes, and strips data-search-*
    attributes from all: content is put aside from it only when that pass would not change it,
    and is back before the theme renders the page."""
    from material.plugins.search.plugin import SearchPlugin
    from mkdocs.plugins import BasePlugin, PluginCollection

    seen: list[str] = []

    class Search(BasePlugin):  # type: ignore[type-arg]
        """Where the search plugin's turn comes: its priority."""

        def on_page_context(self, context: Any, *, page: Any, config: Any, nav: Any) -> Any:
            seen.append(page.content)
            return context

    hooks = _hooks()
    priority = getattr(SearchPlugin.on_page_context, "mkdocs_priority", 0)
    assert getattr(Search.on_page_context, "mkdocs_priority", 0) == priority
    plugins = PluginCollection()
    plugins["search"] = Search()
    plugins["hooks"] = hooks  # type: ignore[assignment]  # as mkdocs registers a hooks file
    page = _Page(content, meta)
    plugins.on_page_context({}, page=page, config=MkDocsConfig(), nav=None)  # type: ignore[arg-type]
    assert seen == ["" if away else content]
    assert page.content == content
    assert not hasattr(page, "openness_content_away")


def test_an_excluded_page_gives_the_search_index_nothing_to_read() -> None:
    """What the hiding relies on: the plugin does not read an excluded page's content."""
    from material.plugins.search.plugin import SearchIndex

    index = SearchIndex()
    index.add_entry_from_context(_Page("<h1>Title</h1><p>text</p>", {"search": {"exclude": True}}))
    assert index.entries == []
