"""The Model Openness Tool importer: license strings and component names mapped or reported, every
corpus file imported into a valid manifest, and our MOF class compared with the tool's own."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from openness.api import validate
from openness.crosswalk import evaluate
from openness.findings import Severity
from openness.frameworks import load_framework
from openness.importers.mot import import_mot, read_license
from openness.reader import read_text
from openness.requirements import governing_license
from openness.spec import load_licenses

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "data" / "mot"
DISAGREEMENTS = Path(__file__).parent / "mot-disagreements.yaml"


@pytest.mark.parametrize(
    ("text", "expression"),
    [
        ("Apache 2.0", "Apache-2.0"),
        ("apache-2.0", "Apache-2.0"),
        ("MIT license", "MIT"),
        ("BSD-3", "BSD-3-Clause"),
        ("Llama 2 Community License", "LicenseRef-Llama-2-Community"),
        ("unlicensed", "NONE"),
        ("Undisclosed", "NOASSERTION"),
        ("unknown", "NOASSERTION"),
        ("Apache-2.0 and CC-BY-NC-4.0", "Apache-2.0 AND CC-BY-NC-4.0"),
        ("MIT or Apache 2.0", "MIT OR Apache-2.0"),
        (
            "arXiv.org perpetual, non-exclusive license 1.0",
            "LicenseRef-arXiv-Nonexclusive-Distrib-1.0",
        ),
        ("3D-Slicer-1.0", "3D-Slicer-1.0"),
    ],
)
def test_license_strings_map_to_spdx_or_registry_ids(text: str, expression: str) -> None:
    read = read_license(text, load_licenses("1.0"))
    assert (read.expression, read.mapped) == (expression, True)


def test_unmappable_license_strings_are_not_guessed() -> None:
    registry = load_licenses("1.0")
    for text in ("pubmed", "BSD", "commercial use restrcitions; CC-BY-NC-SA-4.0"):
        assert (read_license(text, registry).expression, read_license(text, registry).mapped) == (
            "NOASSERTION",
            False,
        )
    linked = read_license("Acme Model License", registry, "https://acme.example/license")
    assert linked.expression == "LicenseRef-MOT-Acme-Model-License" and not linked.mapped
    assert linked.custom == {
        "LicenseRef-MOT-Acme-Model-License": {
            "name": "Acme Model License",
            "url": "https://acme.example/license",
        }
    }
    assert read_license("Component not included", registry).not_included


MOT_FILE = """\
framework:
  name: 'Model Openness Framework'
  version: '1.0'
  date: '2024-12-15'
release:
  name: Example-7B
  version: 7B
  date: '2025-01-31'
  producer: Example Lab
  repository: 'https://github.com/example/model'
  huggingface: 'https://huggingface.co/example/model-7b'
  license:
    distribution:
      name: Apache-2.0
    data:
      name: CDLA-Permissive-2.0
  components:
    - name: 'Model architecture'
    - name: 'Model parameters (Final)'
    - name: 'Model card'
      license: 'CC BY 4.0'
    - name: 'Secret sauce'
      license: MIT
    - name: 'Datasets'
      license: 'Component not included'
    - name: 'Research paper'
      license: 'pubmed'
      component_path: 'https://arxiv.org/abs/0000.00000'
"""


def test_import_resolves_inherited_licenses_and_reports_what_it_cannot_map(tmp_path: Path) -> None:
    source = tmp_path / "Example-7B.yml"
    source.write_text(MOT_FILE, encoding="utf-8")
    imported = import_mot(source)
    components = imported.manifest["components"]
    # code: no type-specific license, so the distribution's, which the manifest states once
    assert imported.manifest["release"]["license"] == "Apache-2.0"
    assert components["model-architecture"]["terms"] == "inherited"
    assert "license" not in components["model-architecture"]
    assert (
        "release.license.distribution ('Apache-2.0')" in components["model-architecture"]["notes"]
    )
    assert components["final-parameters"]["license"] == "CDLA-Permissive-2.0"  # data: the data one
    assert components["final-parameters"]["location"] == "https://huggingface.co/example/model-7b"
    assert components["model-architecture"]["location"] == "https://github.com/example/model"
    assert components["model-card"]["license"] == "CC-BY-4.0"
    assert components["training-datasets"] == {
        "availability": "not-released",
        "notes": "The MOT file marks this component 'Component not included'.",
    }
    assert components["research-paper"]["license"] == "NOASSERTION"
    assert "'pubmed'" in components["research-paper"]["notes"]
    assert "Secret sauce" in imported.manifest["provenance"]["notes"]
    assert [(f.line, f.rule, f.severity) for f in imported.findings] == [
        (22, "import-unmapped-component", Severity.WARNING),
        (27, "import-unmapped-license", Severity.WARNING),
    ]
    assert imported.manifest["provenance"]["date"] == "2025-01-31"
    result = validate(read_text(imported.yaml(), "Example-7B.yaml"))
    assert result.ok, [str(finding) for finding in result.findings]
    assert result.manifest is not None
    declared = result.manifest.components["model-architecture"]
    assert governing_license(declared, result.manifest.release_license) == "Apache-2.0"


def test_cli_writes_manifests_and_refuses_what_is_not_mot(tmp_path: Path) -> None:
    source = tmp_path / "Example-7B.yml"
    source.write_text(MOT_FILE, encoding="utf-8")
    command = [sys.executable, "-m", "openness", "import", "mot"]
    done = subprocess.run(
        [*command, str(source), "-o", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Example-7B.yml:22:13: warning: component 'Secret sauce'" in done.stderr
    written = tmp_path / "out" / "Example-7B.yaml"
    assert validate(written).ok
    both = subprocess.run(
        [*command, str(source), str(source)], capture_output=True, text=True, check=False
    )
    assert both.returncode == 2 and "-o DIR" in both.stderr
    other = tmp_path / "other.yaml"
    other.write_text("manifest_version: '1.0'\n", encoding="utf-8")
    refused = subprocess.run([*command, str(other)], capture_output=True, text=True, check=False)
    assert refused.returncode == 2 and "[import-not-mot]" in refused.stderr


def mof_class(manifest_text: str, name: str) -> int:
    """Our MOF class in the MOT's numbering: 1 Class I ... 3 Class III, 0 unclassified."""
    result = validate(read_text(manifest_text, name))
    assert result.ok and result.manifest is not None, [str(f) for f in result.findings]
    reached = evaluate(result.manifest, load_framework("mof-1.0")).reached
    return 0 if reached is None else {"Class I": 1, "Class II": 2, "Class III": 3}[reached.label]


def test_every_mot_file_imports_validates_and_agrees_with_the_tool() -> None:
    expected = json.loads((CORPUS / "expected-classes.json").read_text(encoding="utf-8"))
    files = sorted((CORPUS / "models").glob("*.yml"))
    assert len(files) == len(expected) == 273
    ours = {}
    for file in files:
        imported = import_mot(file)  # a crash fails the test here, naming nothing silently
        ours[file.name] = mof_class(imported.yaml(), file.name)
    listed = yaml.safe_load(DISAGREEMENTS.read_text(encoding="utf-8")) or {}
    disagreements = {
        name: {"expected": expected[name]["class"], "ours": ours[name]}
        for name in ours
        if ours[name] != expected[name]["class"]
    }
    agreement = 1 - len(disagreements) / len(files)
    assert agreement >= 0.95, f"agreement {agreement:.1%}"
    unlisted = {name: item for name, item in disagreements.items() if name not in listed}
    assert not unlisted, f"disagreements not listed in {DISAGREEMENTS.name}: {unlisted}"
    stale = {
        name
        for name, item in listed.items()
        if disagreements.get(name) != {"expected": item["expected"], "ours": item["ours"]}
    }
    assert not stale, f"listed in {DISAGREEMENTS.name} but no longer disagreeing so: {stale}"
    assert all(len(item.get("reason", "")) > 20 for item in listed.values())
