"""The site hooks' bookkeeping: what they speed up must not change what they answer or leave behind."""

from __future__ import annotations

import gc
import importlib.util
from pathlib import Path
from types import ModuleType

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
