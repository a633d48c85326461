"""Every snippet of docs/tools.md runs as shown (CITATION.cff tests the snippets of its guide too).

Each fenced block of the page follows a marker, `<!-- snippet: KIND [options] -->`, that says how
to test it; a block without a marker fails. The page is rendered first with the variables the site
uses (scripts/macros.py), so the test sees what a reader copies.

- `file NAME`: written as NAME into the folder where the shell snippets run (`openness.yaml` is
  also validated and must be valid).
- `shell`: each line runs with bash in a fresh folder holding the `file` snippets and
  tests/fixtures/docs/*, and must exit with 0.
- `console [exit=N] [without=NAME]`: `$ command` lines, each followed by lines of its output, which
  must appear in that order in what the command prints; each command must exit with N (0).
- `python`: run with the interpreter of the tests in such a folder.
- `install`, `vscode-settings`, `pre-commit-config`, `github-workflow`: checked for what they name.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jinja2
import pytest
import yaml
from site_helpers import ROOT

import openness
from openness.urls import SITE_URL

macros = importlib.import_module("macros")  # scripts/, on the path once site_helpers is imported
PAGE = ROOT / "docs" / "tools.md"
INPUTS = ROOT / "tests" / "fixtures" / "docs"
BIN = Path(sys.executable).parent
_MARKER = re.compile(
    r"^<!-- snippet: (?P<spec>[^>]*?) -->\n```(?P<lang>\S*)\n(?P<body>.*?)^```$", re.M | re.S
)
_FENCE = re.compile(r"^```\S*$", re.M)


@dataclass(frozen=True)
class Snippet:
    kind: str
    options: dict[str, str]
    argument: str
    body: str
    line: int

    def __str__(self) -> str:
        return f"tools.md:{self.line} ({self.kind})"


@cache
def rendered() -> str:
    """docs/tools.md as the site renders it: Jinja with the macros' variables, front matter off."""
    text = PAGE.read_text(encoding="utf-8").split("---\n", 2)[2]
    return jinja2.Template(text, undefined=jinja2.StrictUndefined).render(**macros.variables())


@cache
def snippets() -> tuple[Snippet, ...]:
    text = rendered()
    found = []
    for match in _MARKER.finditer(text):
        words = shlex.split(match["spec"])
        options = dict(word.split("=", 1) for word in words[1:] if "=" in word)
        arguments = [word for word in words[1:] if "=" not in word]
        line = text.count("\n", 0, match.start()) + 1
        found.append(Snippet(words[0], options, " ".join(arguments), match["body"], line))
    return tuple(found)


def of_kind(kind: str) -> list[Snippet]:
    return [snippet for snippet in snippets() if snippet.kind == kind]


def test_every_block_has_a_marker() -> None:
    fences = len(_FENCE.findall(rendered()))
    assert fences == 2 * len(snippets()), "a fenced block of docs/tools.md has no snippet marker"
    kinds = {"file", "shell", "console", "python", "install", "vscode-settings"}
    kinds |= {"pre-commit-config", "github-workflow"}
    assert {snippet.kind for snippet in snippets()} <= kinds


def _folder(tmp_path: Path, without: str = "") -> Path:
    """A folder holding the page's files and the importers' inputs; bin/ first on PATH."""
    folder = tmp_path / "work"
    folder.mkdir()
    for snippet in of_kind("file"):
        if snippet.argument != without:
            (folder / snippet.argument).write_text(snippet.body, encoding="utf-8")
    for source in INPUTS.iterdir():
        shutil.copy(source, folder / source.name)
    return folder


def _run(command: str, folder: Path) -> subprocess.CompletedProcess[str]:
    # Schema URLs of this site resolve to the files they are published from: the test is offline.
    command = command.replace(SITE_URL + "/schemas/", str(ROOT / "schemas") + "/")
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run(
        ["bash", "-c", command],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
        check=False,
    )


def test_the_manifest_is_valid_and_names_its_schema(tmp_path: Path) -> None:
    (manifest,) = [s for s in of_kind("file") if s.argument == "openness.yaml"]
    path = _folder(tmp_path) / "openness.yaml"
    assert (
        manifest.body.splitlines()[0]
        == f"# yaml-language-server: $schema={macros.variables()['schema_url']}"
    )
    result = openness.validate(path)
    assert result.ok and not result.findings, [str(f) for f in result.findings]


@pytest.mark.parametrize("snippet", of_kind("shell"), ids=str)
def test_shell(snippet: Snippet, tmp_path: Path) -> None:
    folder = _folder(tmp_path, snippet.options.get("without", ""))
    for line in snippet.body.splitlines():
        done = _run(line, folder)
        assert done.returncode == 0, f"{line}\n{done.stdout}{done.stderr}"


@pytest.mark.parametrize("snippet", of_kind("console"), ids=str)
def test_console(snippet: Snippet, tmp_path: Path) -> None:
    folder = _folder(tmp_path, snippet.options.get("without", ""))
    expected_code = int(snippet.options.get("exit", "0"))
    commands: list[tuple[str, list[str]]] = []
    for line in snippet.body.splitlines():
        if line.startswith("$ "):
            commands.append((line[2:], []))
        else:
            commands[-1][1].append(line)
    assert commands, f"{snippet}: no $ command"
    for command, shown in commands:
        done = _run(command, folder)
        assert done.returncode == expected_code, f"{command}\n{done.stdout}{done.stderr}"
        printed = iter([*done.stdout.splitlines(), *done.stderr.splitlines()])
        for line in shown:  # in order, each line of the output shown
            assert any(out.rstrip() == line.rstrip() for out in printed), (
                f"{command}: {line!r} not printed in this order:\n{done.stdout}{done.stderr}"
            )


@pytest.mark.parametrize("snippet", of_kind("python"), ids=str)
def test_python(snippet: Snippet, tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", snippet.body],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "open-weights"  # as the comment in the snippet says


def test_install_works_from_a_clone_and_names_the_package_for_later() -> None:
    """No release exists yet: the snippet installs from a clone (this folder, which pip can
    build), and names the package on PyPI only as what to use after the first release."""
    (snippet,) = of_kind("install")
    project = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    name = re.search(r'^name = "([^"]+)"', project, re.M)
    assert name and "pip install .   #" in snippet.body
    assert f"after the first one: pip install {name[1]}\n" in snippet.body
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    repository = citation["repository-code"]
    assert f"git clone {repository} && cd {repository.rsplit('/', 1)[1]}\n" in snippet.body
    assert not re.search(rf"^pip install {name[1]}\b", snippet.body, re.M)
    python = re.search(r'^requires-python = ">=([0-9.]+)"', project, re.M)
    assert python and f"Python {python[1]} or newer" in rendered()


def _pinned_revision_exists(revision: str) -> None:
    """A snippet pins a commit of this repository (a release tag once there is one): never a tag
    that was not made. Without the history to look in, the pin must still be a full commit id."""
    tags = subprocess.run(
        ["git", "-C", str(ROOT), "tag", "--list"], capture_output=True, text=True, check=False
    ).stdout.split()
    if revision in tags:
        return
    assert re.fullmatch(r"[0-9a-f]{40}", revision), f"{revision!r} is neither a tag nor a commit"
    found = subprocess.run(
        ["git", "-C", str(ROOT), "cat-file", "-e", f"{revision}^{{commit}}"],
        capture_output=True,
        check=False,
    )
    assert found.returncode == 0, f"{revision} is not a commit of this repository"


def test_vscode_settings_map_the_catalog_schema_to_its_files() -> None:
    (snippet,) = of_kind("vscode-settings")
    settings = json.loads(snippet.body)
    variables = macros.variables()
    ((url, names),) = settings["yaml.schemas"].items()
    assert url == variables["schema_url"] and set(names) <= set(variables["file_match"])


def test_pre_commit_config_names_the_hook() -> None:
    (snippet,) = of_kind("pre-commit-config")
    (repo,) = yaml.safe_load(snippet.body)["repos"]
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {hook["id"] for hook in repo["hooks"]} <= {hook["id"] for hook in hooks}
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert repo["repo"] == citation["repository-code"]
    _pinned_revision_exists(str(repo["rev"]))


def test_github_workflow_is_valid_and_uses_the_action_inputs(tmp_path: Path) -> None:
    (snippet,) = of_kind("github-workflow")
    path = tmp_path / ".github" / "workflows" / "openness.yml"
    path.parent.mkdir(parents=True)
    path.write_text(snippet.body, encoding="utf-8")
    checked = subprocess.run(
        [str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    workflow = yaml.safe_load(snippet.body)
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    (ours,) = [s for s in steps if s.get("uses", "").startswith(macros.variables()["action"] + "@")]
    _pinned_revision_exists(ours["uses"].rsplit("@", 1)[1])
    assert set(ours["with"]) <= set(action["inputs"])
    levels = {level.id for level in openness.load_definition(macros.variables()["latest"]).levels}
    assert ours["with"]["min-level"] in levels
    outputs = re.findall(r"steps\.\w+\.outputs\.([\w-]+)", snippet.body)
    assert outputs and set(outputs) <= set(action["outputs"])
    # Pinned as the project's own workflows pin it.
    pins = {s["uses"] for s in steps if s.get("uses", "").startswith("actions/")}
    own = (ROOT / ".github" / "workflows" / "test.yml").read_text(encoding="utf-8")
    assert all(pin in own for pin in pins)


def test_exit_codes_are_the_cli_s() -> None:
    section = rendered().split("### Exit codes", 1)[1].split("\n## ", 1)[0]
    documented = {int(code) for code in re.findall(r"^\| (\d) \|", section, re.M)}
    done = subprocess.run(
        [sys.executable, "-m", "openness", "--help"], capture_output=True, text=True, check=False
    )
    epilog = done.stdout.split("Exit codes:", 1)[1]
    assert documented == {int(code) for code in re.findall(r"\b(\d) \w", epilog)}


def test_every_command_is_documented() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "openness", "--help"], capture_output=True, text=True, check=False
    )
    commands = re.findall(r"^    (\w[\w-]*)\s{2,}", done.stdout, re.M)
    assert commands
    text = rendered()
    for command in commands:
        assert f"openness {command}" in text, command
    imports = subprocess.run(
        [sys.executable, "-m", "openness", "import", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    for source in re.findall(r"^    (\w[\w-]*)\s", imports.stdout, re.M):
        assert f"openness import {source}" in text, source
