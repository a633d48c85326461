"""A site build imports each corpus file once, and never writes YAML only to read it back.

The imported gallery and /compare/osai-index/ share one import of the Index (sitegen.imported); the
comparison page's rows are the rows openness.compare.compare_index finds in the same folder.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from site_helpers import ROOT
from sitegen import imported, osai_comparison, pages

from openness import compare
from openness.importers.common import Imported

DATA = ROOT / "data"


def test_the_comparison_rows_are_the_rows_compare_index_finds() -> None:
    folder = DATA / "osai-index"
    found = osai_comparison.comparison(imported.load(None, folder), folder)
    expected = compare.compare_index(folder)
    assert found.rows == expected.rows
    assert found.refused == expected.refused
    assert (found.definition.version, found.ceiling) == (
        expected.definition.version,
        expected.ceiling,
    )


def _few(source: Path, folder: Path, names: list[str]) -> Path:
    folder.mkdir()
    for name in names:
        shutil.copyfile(source / name, folder / name)
    return folder


def test_a_build_imports_each_file_once_and_dumps_no_yaml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mot_files = sorted(path.name for path in (DATA / "mot" / "models").glob("*.yml"))[:3]
    index_files = sorted(path.name for path in (DATA / "osai-index").glob("*.yaml"))[:4]
    mot = _few(DATA / "mot" / "models", tmp_path / "mot", mot_files)
    index = _few(DATA / "osai-index", tmp_path / "index", [*index_files, "_parameters.yml"])
    calls: Counter[str] = Counter()

    def counted(function: Any, where: str) -> Any:
        def wrapper(source: Any, *arguments: Any, **options: Any) -> Any:
            calls[f"{where}:{Path(getattr(source, 'file', source)).name}"] += 1
            return function(source, *arguments, **options)

        return wrapper

    monkeypatch.setattr(imported, "import_mot", counted(imported.import_mot, "mot"))
    monkeypatch.setattr(
        imported, "import_osai_index", counted(imported.import_osai_index, "osai-index")
    )
    monkeypatch.setattr(
        compare, "import_osai_index", counted(compare.import_osai_index, "osai-index")
    )

    def refused(*arguments: Any, **options: Any) -> Any:
        raise AssertionError("YAML written during the build, to be read back")

    for name in ("dump", "safe_dump", "dump_all", "safe_dump_all"):
        monkeypatch.setattr(yaml, name, refused)
    monkeypatch.setattr(Imported, "yaml", refused)

    generated = {item.path for item in pages.generate(ROOT / "manifests", (mot, index))}

    assert osai_comparison.PAGE_PATH in generated
    assert any(path.startswith("models/imported/") for path in generated)
    expected = [f"mot:{name}" for name in mot_files] + [f"osai-index:{n}" for n in index_files]
    assert sorted(calls) == sorted(expected)
    assert set(calls.values()) == {1}, calls
