"""Where publishers work: init, badge, the pre-commit hook, the GitHub Action and workflows."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from cli_helpers import run_openness

import openness
from openness import urls
from openness.spec import versions
from openness.validate import latest_released_format

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CARD = """---
license: llama2
datasets:
- OpenAssistant/oasst1
base_model: meta-llama/Llama-2-7b-hf
base_model_relation: finetune
model-index:
- name: My Llama Chat
  results:
  - task: {type: text-generation}
    dataset: {name: MMLU, type: cais/mmlu}
    metrics:
    - {type: acc, value: 45.3}
    source: {name: Open LLM Leaderboard, url: "https://huggingface.co/spaces/open-llm-leaderboard/open_llm_leaderboard"}
---
# My Llama Chat
"""


def test_init_writes_a_valid_commented_starter(tmp_path: Path) -> None:
    completed = run_openness("init", cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    text = (tmp_path / "openness.yaml").read_text()
    assert text.startswith(f"# yaml-language-server: $schema={urls.schema_url('1.0')}\n")
    for component in openness.load_definition("1.0").components:
        assert f"  {component.id}: " in text and f"#{component.id}" in text
    # Valid, but every placeholder is a warning naming its field until it is filled in.
    result = openness.validate(tmp_path / "openness.yaml")
    assert result.ok
    placeholders = [finding.pointer for finding in result.findings]
    assert {finding.rule for finding in result.findings} == {"placeholder-not-filled"}
    assert "/model/name" in placeholders and "/components/model-architecture/notes" in placeholders
    assert len(placeholders) == text.count('"TODO')
    strict = run_openness("validate", "--strict", "openness.yaml", cwd=tmp_path)
    assert strict.returncode == 1 and "placeholder-not-filled" in strict.stdout
    assert "--strict" in strict.stderr
    assert run_openness("validate", "openness.yaml", cwd=tmp_path).returncode == 0


def test_init_writes_the_released_version_unless_asked(tmp_path: Path) -> None:
    released = latest_released_format()
    assert run_openness("init", "--name", "M", "--producer", "P", cwd=tmp_path).returncode == 0
    assert f'manifest_version: "{released}"' in (tmp_path / "openness.yaml").read_text()
    draft = next((v for v in versions() if not openness.load_definition(v).released), None)
    if draft is None:
        pytest.skip("no draft version of the definition at the moment")
    asked = run_openness("init", "--definition", draft, "d.yaml", cwd=tmp_path)
    assert asked.returncode == 0 and "(draft)" in asked.stderr
    text = (tmp_path / "d.yaml").read_text()
    assert f'manifest_version: "{draft}"' in text and f'definition_version: "{draft}"' in text
    rules = {finding.rule for finding in openness.validate(tmp_path / "d.yaml").findings}
    assert "draft-version" in rules and "component-not-in-definition" not in rules


def test_init_never_overwrites_without_force(tmp_path: Path) -> None:
    target = tmp_path / "openness.yaml"
    target.write_text("mine\n")
    refused = run_openness("init", cwd=tmp_path)
    assert refused.returncode == 2 and "--force" in refused.stderr
    assert target.read_text() == "mine\n"
    assert run_openness("init", "--force", cwd=tmp_path).returncode == 0
    assert target.read_text() != "mine\n"


def test_init_from_model_card(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text(CARD)
    completed = run_openness(
        "init",
        "--from-model-card",
        "README.md",
        "--url",
        "https://huggingface.co/me/chat",
        cwd=tmp_path,
    )
    assert completed.returncode == 0, completed.stderr
    manifest = openness.load(tmp_path / "openness.yaml")
    assert manifest.model.name == "My Llama Chat"
    assert manifest.model.base_model is not None and manifest.model.relation == "fine-tune"
    assert manifest.model.base_model.url == "https://huggingface.co/meta-llama/Llama-2-7b-hf"
    weights = manifest.components["final-parameters"]
    assert weights.license == "LicenseRef-Llama-2-Community"
    assert weights.locations == ("https://huggingface.co/me/chat",)
    assert [dataset.name for dataset in manifest.components["training-datasets"].datasets] == [
        "OpenAssistant/oasst1"
    ]
    # The card that was read is released; its model-index results are the evaluation results.
    card = manifest.components["model-card"]
    assert card.availability == "released" and card.locations == ("https://huggingface.co/me/chat",)
    assert "README.md" in card.notes
    results = manifest.components["evaluation-results"]
    assert (
        results.availability == "released"
        and "MMLU acc 45.3 (Open LLM Leaderboard)" in results.notes
    )
    assert results.evidence_urls == (
        "https://huggingface.co/spaces/open-llm-leaderboard/open_llm_leaderboard",
    )
    assert openness.assess(tmp_path / "openness.yaml").level.id == "weights-available"


def test_init_reports_what_the_card_does_not_map(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text(
        "---\nlicense: other\nlicense_name: acme-model-license\n---\n"
    )
    completed = run_openness("init", "--from-model-card", "README.md", cwd=tmp_path)
    assert completed.returncode == 0
    assert "not mapped" in completed.stderr and "acme-model-license" in completed.stderr
    assert "acme-model-license" in (tmp_path / "openness.yaml").read_text()
    broken = tmp_path / "broken.md"
    broken.write_text("---\nlicense: [unclosed\n---\n")
    failed = run_openness("init", "--force", "--from-model-card", "broken.md", cwd=tmp_path)
    assert failed.returncode == 2 and failed.stderr.startswith("broken.md:")


def test_badge_is_static_svg_in_the_level_colour(tmp_path: Path) -> None:
    manifest = tmp_path / "m.yaml"
    manifest.write_text(
        (ROOT / "manifests" / "olmo-7b.yaml")
        .read_text()
        .replace("name: OLMo 7B", 'name: "<script>alert(1)</script>"', 1)
    )
    completed = run_openness("badge", str(manifest), "-o", "badge.svg", cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    svg = (tmp_path / "badge.svg").read_text()
    root = ElementTree.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    level = openness.load_definition("1.0").level("open-science")
    assert level.badge_color in svg and level.title in svg
    assert "<script>" not in svg and "http" not in svg.replace("http://www.w3.org/2000/svg", "")


def test_pre_commit_hook_runs_on_manifests(tmp_path: Path) -> None:
    pre_commit = shutil.which("pre-commit", path=str(BIN))
    if pre_commit is None:
        pytest.skip("pre-commit is not installed beside python")
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copy(ROOT / "manifests" / "phi-2.yaml", repo / "openness.yaml")
    (repo / "bad.openness.yaml").write_text(
        'manifest_version: "1.0"\nmodel: {name: x, producer: y}\ncomponents:\n'
        "  final-parameters: {availability: released, license: Apache-2, location: https://example.org}\n"
    )
    (repo / "unrelated.yaml").write_text("not: a manifest\n")
    environment = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "GIT_CONFIG_GLOBAL": os.devnull,
    }
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    subprocess.run(["git", "add", "."], cwd=repo, check=True)
    completed = subprocess.run(
        [pre_commit, "try-repo", str(ROOT), "openness-validate", "--all-files"],
        cwd=repo,
        capture_output=True,
        text=True,
        env=environment,
        timeout=600,
        check=False,
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode == 1, output
    assert "bad.openness.yaml:4:55: error: unknown license id 'Apache-2'" in output
    assert "unrelated.yaml" not in output and "openness.yaml:" not in output.replace(
        "bad.openness.yaml:", ""
    )


@pytest.mark.parametrize(
    ("schema", "paths"),
    [
        ("vendor.github-workflows", sorted((ROOT / ".github" / "workflows").glob("*.yml"))),
        ("vendor.github-actions", [ROOT / "action.yml"]),
        ("vendor.citation-file-format", [ROOT / "CITATION.cff"]),
    ],
)
def test_integration_files_match_their_schemas(schema: str, paths: list[Path]) -> None:
    """Workflow, action and citation files checked offline against check-jsonschema's vendored schemas."""
    check = shutil.which("check-jsonschema", path=str(BIN))
    if check is None:
        pytest.skip("check-jsonschema is not installed beside python")
    assert paths
    completed = subprocess.run(
        [check, "--builtin-schema", schema, *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_workflows_are_least_privilege_and_pinned() -> None:
    import yaml

    for path in sorted((ROOT / ".github" / "workflows").glob("*.yml")):
        workflow = yaml.safe_load(path.read_text())
        assert workflow["permissions"] == {"contents": "read"}, path.name
        for job in workflow["jobs"].values():
            for step in job.get("steps", []):
                if "uses" in step:
                    reference = step["uses"].split("@", 1)[1]
                    assert len(reference) == 40, f"{path.name}: pin {step['uses']} to a commit"


def _run_action(
    tmp_path: Path, manifest: Path, python_path: Path | None = None, strict: str = "false"
) -> tuple[int, str]:
    """The Action's assess step, run by bash as GitHub runs it, with python3 this interpreter."""
    import yaml

    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    (step,) = [step for step in action["runs"]["steps"] if step.get("id") == "assess"]
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    wrapper = bin_dir / "python3"  # a script, not a link: a venv's python finds it by its path
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
    wrapper.chmod(0o755)
    environment = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "MANIFEST": str(manifest),
        "MIN_LEVEL": "closed",
        "DEFINITION": "",
        "STRICT": strict,
        "RUNNER_TEMP": str(tmp_path),
        "GITHUB_OUTPUT": str(tmp_path / "output"),
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
    }
    if python_path is not None:
        environment["PYTHONPATH"] = str(python_path)
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return done.returncode, done.stdout + done.stderr


def test_the_action_fails_on_placeholders_only_when_strict(tmp_path: Path) -> None:
    assert run_openness("init", "--name", "M", "--producer", "P", cwd=tmp_path).returncode == 0
    starter = tmp_path / "openness.yaml"
    assert _run_action(tmp_path, starter)[0] == 0
    code, output = _run_action(tmp_path, starter, strict="true")
    assert code == 1 and "placeholder-not-filled" in output


def test_the_action_reports_the_level(tmp_path: Path) -> None:
    code, output = _run_action(tmp_path, ROOT / "manifests" / "amber-7b.yaml")
    assert code == 0, output
    assert (tmp_path / "output").read_text().startswith("level=")
    assert (tmp_path / "output").read_text().strip() != "level="


def test_the_action_reports_an_exit_code_in_one_line_never_a_traceback(tmp_path: Path) -> None:
    code, output = _run_action(tmp_path, tmp_path / "missing.yaml")
    assert code == 2 and "openness exited with code 2" in output, output
    assert "Traceback" not in output
    assert (tmp_path / "output").read_text() == "level=\n"
    # A tool that fails with an internal error (exit 3), as a bug would make it.
    fake = tmp_path / "fake" / "openness"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("")
    (fake / "__main__.py").write_text(
        "import sys\nprint('openness: internal error: Bug: x (please report this)', file=sys.stderr)\n"
        "sys.exit(3)\n"
    )
    code, output = _run_action(tmp_path, ROOT / "manifests" / "amber-7b.yaml", fake.parent)
    assert code == 3 and "openness exited with code 3" in output, output
    assert "Traceback" not in output
