"""The library's data flows one way: no module imports one that imports it back, even lazily.

Every import counts, at the top of a file, inside a function or under TYPE_CHECKING: a circle that
only runs later is still a circle for whoever reads and changes the code.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "openness"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, modules: set[str]) -> set[str]:
    """The package's modules that one file imports, resolved to their full names."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            candidates = [target] + [f"{target}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            candidates = [alias.name for alias in node.names]
        else:
            continue
        found |= {candidate for candidate in candidates if candidate in modules}
    found.discard(name)
    return found


def _graph() -> dict[str, set[str]]:
    files = sorted(PACKAGE.rglob("*.py"))
    modules = {_module_name(path) for path in files}
    # The package's __init__ re-exports the public API; it is the top, and nothing imports it.
    return {_module_name(path): _imports(path, modules) for path in files}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (found := visit(target)) is not None:
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)) is not None:
            return found
    return None


def test_no_module_imports_one_that_imports_it_back() -> None:
    cycle = _cycle(_graph())
    assert cycle is None, "import circle: " + " -> ".join(cycle or [])


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


@pytest.mark.parametrize(
    ("lower", "upper"),
    [
        ("openness.requirements", "openness.assess"),
        ("openness.requirements", "openness.crosswalk"),
        ("openness.crosswalk", "openness.assess"),
        ("openness.validate", "openness.assess"),
        ("openness.assess", "openness.api"),
        # The exports are renderers: they read an assessment, they never make one.
        ("openness.exports.cyclonedx", "openness.api"),
        ("openness.exports.spdx3", "openness.api"),
        ("openness.exports.mapping", "openness.assess"),
        # The CycloneDX import shares the export's names, not its code.
        ("openness.importers.cyclonedx", "openness.exports.cyclonedx"),
    ],
)
def test_layers_import_downwards_only(lower: str, upper: str) -> None:
    """The layers of DESIGN.md: reading and checking, then the requirement check, then verdicts."""
    graph = _graph()
    reachable, frontier = set(), [lower]
    while frontier:
        for target in graph[frontier.pop()]:
            if target not in reachable:
                reachable.add(target)
                frontier.append(target)
    assert upper not in reachable, f"{lower} reaches {upper}, a layer above it"
