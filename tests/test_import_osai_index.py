"""The European Open Source AI Index importer: dimensions mapped as the table in the module says,
base and end models written as two linked manifests, and every corpus file imported into valid
manifests or refused with a reason."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from openness.api import validate
from openness.assess import assess_with_base
from openness.importers.osai_index import (
    DIMENSIONS,
    OsaiImportError,
    import_osai_index,
)
from openness.spec import load_definition

CORPUS = Path(__file__).resolve().parents[1] / "data" / "osai-index"

SYSTEM = """\
system:
    name: Example Chat
    link: https://example.org/chat
    type: text
    performanceclass: limited
    basemodelname: Example-7B
    endmodelname: Example-7B-Chat
    endmodellicense: Apache-2.0
    releasedate: 2025-01
    notes: An example.
org:
    name: Example Lab
    link: https://example.org
    notes:
datasources_basemodel:
    class: partial
    link: https://huggingface.co/datasets/example/pretrain
    notes: Some sources named.
datasources_endmodel:
    class: open
    link: ["https://huggingface.co/datasets/example/sft", "https://huggingface.co/datasets/example/dpo"]
    notes:
weights_basemodel:
    class: open
    link: https://huggingface.co/example/Example-7B
    notes:
weights_endmodel:
    class: open
    link: https://huggingface.co/example/Example-7B-Chat
    notes:
trainingcode:
    class: closed
    link:
    notes: No training code.
code:
    class: closed
    link:
    notes:
hardware_architecture:
    class: partial
    link:
    notes:
preprint:
    class: open
    link: https://arxiv.org/abs/0000.00000
    notes:
paper:
    class:
    link:
    notes:
modelcard:
    class: partial
    link: https://huggingface.co/example/Example-7B-Chat
    notes:
datasheet:
    class:
    link:
    notes:
licenses:
    class: partial
    link: https://huggingface.co/example/Example-7B-Chat#license
    notes: "Weights: Apache-2.0. Code: not released. Data: CC-BY-4.0, Acme Data Terms."
"""


def write(tmp_path: Path, text: str = SYSTEM, name: str = "Example Chat.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_mapping_covers_every_dimension_once_and_names_real_components() -> None:
    known = {component.id for component in load_definition("1.0").components}
    ids = [dimension.id for dimension in DIMENSIONS]
    assert len(ids) == len(set(ids)) == 12
    for dimension in DIMENSIONS:
        assert set(dimension.components) | set(dimension.inferred) <= known, dimension.id
        assert dimension.describes in ("base", "end", "system")
        assert len(dimension.reason) > 20
    parameters = CORPUS / "_parameters.yml"
    if parameters.is_file():
        import yaml

        listed = {
            parameter["ref"]
            for group in yaml.safe_load(parameters.read_text(encoding="utf-8"))
            for parameter in group["params"]
        }
        assert listed == set(ids), "the mapping and the Index's own list of dimensions agree"


def test_base_and_end_models_become_two_linked_manifests(tmp_path: Path) -> None:
    end, base = import_osai_index(write(tmp_path), checked="2026-06-12")
    assert (end.name, base.name) == ("example-chat.yaml", "example-chat.base.yaml")
    model = end.manifest["model"]
    assert model["name"] == "Example-7B-Chat" and model["producer"] == "Example Lab"
    assert model["base_model"] == {
        "name": "Example-7B",
        "manifest": "example-chat.base.yaml",
        "url": "https://huggingface.co/example/Example-7B",
    }
    assert model["relation"] == "fine-tune"
    components = end.manifest["components"]
    assert components["final-parameters"]["license"] == "Apache-2.0"
    assert components["training-datasets"]["location"] == [
        "https://huggingface.co/datasets/example/sft",
        "https://huggingface.co/datasets/example/dpo",
    ]
    assert components["training-code"]["availability"] == "not-released"
    assert components["research-paper"]["availability"] == "released"  # the preprint suffices
    assert components["model-card"]["availability"] == "partial"
    # Empty: not-applicable only where the definition allows it.
    assert components["data-card"]["availability"] == "not-released"
    assert "left Datasheet empty" in components["data-card"]["notes"]
    assert "Acme Data Terms" in " ".join(f.message for f in end.findings)
    provenance = end.manifest["provenance"]
    assert provenance["source"] == "imported-osai-index"
    assert provenance["url"] == "https://osai-index.eu" and provenance["date"] == "2026-06-12"
    assert provenance["notes"].startswith("data CC-BY 4.0, European Open Source AI Index")
    assert "Hardware Architecture: partial" in provenance["notes"]
    unmapped = [f for f in end.findings if f.rule == "import-unmapped-dimension"]
    assert [f.line for f in unmapped] == [36, 40, 60]  # code, hardware_architecture, licenses
    base_components = base.manifest["components"]
    assert base.manifest["model"] == {"name": "Example-7B", "producer": "example"}
    assert base_components["training-datasets"]["availability"] == "partial"
    assert "license" not in base_components["final-parameters"]  # the Index does not say
    for imported in (end, base):
        (tmp_path / imported.name).write_text(imported.yaml(), encoding="utf-8")
    result = validate(tmp_path / end.name)
    assert result.ok and result.manifest is not None, [str(f) for f in result.findings]
    assert validate(tmp_path / base.name).ok
    assessment = assess_with_base(result.manifest, "1.0")
    assert assessment.level.id == "weights-available"  # the model card is only partial
    assert [item.requirement.component for item in assessment.missing] == ["model-card"]


def test_a_system_without_a_distinct_base_model_is_one_manifest(tmp_path: Path) -> None:
    text = SYSTEM.replace("basemodelname: Example-7B", "basemodelname: Example-7B-Chat")
    (only,) = import_osai_index(write(tmp_path, text))
    assert "base_model" not in only.manifest["model"]
    assert "Base Model Weights: open" in only.manifest["provenance"]["notes"]


def test_unknown_licenses_are_reported_and_kept(tmp_path: Path) -> None:
    text = SYSTEM.replace("endmodellicense: Apache-2.0", "endmodellicense: Acme Model License")
    end, _ = import_osai_index(write(tmp_path, text))
    assert end.manifest["components"]["final-parameters"]["license"] == (
        "LicenseRef-OSAI-Acme-Model-License"
    )
    assert end.manifest["licenses"] == {
        "LicenseRef-OSAI-Acme-Model-License": {
            "name": "Acme Model License",
            "url": "https://huggingface.co/example/Example-7B-Chat#license",
        }
    }
    (warning,) = [f for f in end.findings if "Acme Model License" in f.message]
    assert (warning.line, warning.rule) == (8, "import-unmapped-license")
    vague = SYSTEM.replace("endmodellicense: Apache-2.0", "endmodellicense: Mixed")
    end, _ = import_osai_index(write(tmp_path, vague))
    assert end.manifest["components"]["final-parameters"]["license"] == "NOASSERTION"


def test_what_is_not_a_system_file_is_refused_with_a_reason(tmp_path: Path) -> None:
    with pytest.raises(OsaiImportError, match="import-not-osai-index"):
        import_osai_index(write(tmp_path, "manifest_version: '1.0'\n"))
    template = SYSTEM.replace("name: Example Chat", "name:")
    with pytest.raises(OsaiImportError, match=r"system\.name is empty"):
        import_osai_index(write(tmp_path, template))


def test_cli_writes_both_manifests(tmp_path: Path) -> None:
    source = write(tmp_path)
    command = [sys.executable, "-m", "openness", "import", "osai-index"]
    done = subprocess.run(
        [*command, str(source), "-o", str(tmp_path / "out"), "--date", "2026-06-12"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Example Chat.yaml:36:5: warning: Code Documentation (closed)" in done.stderr
    written = sorted(path.name for path in (tmp_path / "out").iterdir())
    assert written == ["example-chat.base.yaml", "example-chat.yaml"]
    assert all(validate(path).ok for path in (tmp_path / "out").iterdir())
    alone = subprocess.run([*command, str(source)], capture_output=True, text=True, check=False)
    assert alone.returncode == 0 and alone.stdout.startswith("# Imported from the European")
    assert "example-chat.base.yaml not written" in alone.stderr
    refused = subprocess.run(
        [*command, str(write(tmp_path, "system: {name: ''}\n", "t.yaml"))],
        capture_output=True,
        text=True,
        check=False,
    )
    assert refused.returncode == 2 and "[import-not-osai-index]" in refused.stderr


def test_every_index_file_imports_or_is_refused_and_every_manifest_validates(
    tmp_path: Path,
) -> None:
    files = sorted(CORPUS.glob("*.yaml"))
    assert len(files) >= 193
    refused: dict[str, str] = {}
    written: list[Path] = []
    for file in files:
        try:
            manifests = import_osai_index(file, checked="2026-06-12")
        except OsaiImportError as error:  # any other exception is a crash and fails the test
            refused[file.name] = str(error)
            continue
        for imported in manifests:
            path = tmp_path / imported.name
            assert not path.exists(), f"two systems write {imported.name}"
            path.write_text(imported.yaml(), encoding="utf-8")
            written.append(path)
    assert len(files) - len(refused) == 193, refused
    assert set(refused) <= {"a_submission_template.yaml"}, refused
    assert all("system.name is empty" in reason for reason in refused.values())
    invalid = {}
    for path in written:
        result = validate(path)
        if not result.ok:
            invalid[path.name] = [str(finding) for finding in result.findings]
    assert not invalid, invalid


# --- what the Index does not assess, and the terms it gives ---------------------------------------


@pytest.mark.parametrize(
    ("notes", "named", "unattributed", "one"),
    [
        ("Apache 2.0, an OSI-approved license.", {}, ("Apache-2.0",), "Apache-2.0"),
        (
            "Both base model and fine-tuned model are licensed under Apache-2.0.",
            {"weights": ("Apache-2.0",)},
            (),
            "Apache-2.0",
        ),
        (
            "models under apache 2 code under MIT but not all datasets available",
            {"weights": ("Apache-2.0",), "code": ("MIT",)},
            (),
            None,  # two licenses: none of them is the whole system's
        ),
        (
            "Apache 2.0 license for model weights only",
            {"weights": ("Apache-2.0",)},
            (),
            "Apache-2.0",
        ),
        ("Modified MIT license", {}, (), None),  # a variant of MIT is not MIT
        ("Apache and CC-BY-4.0, both OSI-approved licenses", {}, ("CC-BY-4.0",), None),
        (
            "Apache 2.0, unclear if both weights and code are under it though.",
            {},
            ("Apache-2.0",),
            None,
        ),
        ("code data and weights promised to be apache2", {}, (), None),  # a promise is no license
        (
            "Bespoke Gemma terms. Only Inference code shared under Apache 2.0.",
            {"inference": ("Apache-2.0",)},
            (),
            None,
        ),
    ],
)
def test_license_notes_written_as_a_sentence_are_read_part_by_part(
    notes: str, named: dict[str, tuple[str, ...]], unattributed: tuple[str, ...], one: str | None
) -> None:
    from openness.importers.osai_licenses import read_license_notes
    from openness.spec import load_licenses

    read = read_license_notes(notes, load_licenses("1.0"))
    assert (read.named, read.unattributed, read.one_license()) == (named, unattributed, one)


def _licenses(klass: str, notes: str) -> str:
    return SYSTEM.replace(
        "licenses:\n    class: partial\n    link: https://huggingface.co/example/Example-7B-Chat#license\n"
        '    notes: "Weights: Apache-2.0. Code: not released. Data: CC-BY-4.0, Acme Data Terms."',
        f"licenses:\n    class: {klass}\n    link: https://huggingface.co/example/Example-7B-Chat#license\n"
        f"    notes: {notes}",
    ).replace("trainingcode:\n    class: closed", "trainingcode:\n    class: open")


def test_what_the_index_does_not_assess_is_unknown_not_unreleased(tmp_path: Path) -> None:
    end, base = import_osai_index(write(tmp_path), checked="2026-06-12")
    assert end.manifest["manifest_version"] == "1.1"
    definition = load_definition("1.0")
    components = end.manifest["components"]
    assert list(components) == [component.id for component in definition.components]
    for component in ("evaluation-code", "intermediate-checkpoints", "evaluation-results"):
        assert components[component]["availability"] == "unknown"
        assert "Not assessed by the source" in components[component]["notes"]
    described = {"training-datasets", "final-parameters", "model-architecture", "inference-code"}
    for component, declared in base.manifest["components"].items():
        if component not in described:  # the Index describes a base by its data and weights only
            assert declared["availability"] == "unknown", component
            assert declared["notes"].startswith("Not assessed by the source"), component
    assert base.manifest["components"]["final-parameters"]["terms"] == "unknown"


def test_the_release_license_is_the_end_models_and_the_code_beside_the_weights_inherits_it(
    tmp_path: Path,
) -> None:
    text = _licenses("partial", "Apache-2.0")
    end, _ = import_osai_index(write(tmp_path, text))
    assert end.manifest["release"]["license"] == "Apache-2.0"
    components = end.manifest["components"]
    assert components["final-parameters"]["license"] == "Apache-2.0"
    for component in ("model-architecture", "inference-code"):
        assert (
            components[component]["terms"] == "inherited" and "license" not in components[component]
        )
    # partial: "only parts ... such as model weights" are OSI-licensed; the code's terms stay unknown
    assert components["training-code"]["license"] == "NOASSERTION"


def test_an_open_license_class_gives_the_code_the_one_license_its_notes_name(
    tmp_path: Path,
) -> None:
    end, _ = import_osai_index(
        write(tmp_path, _licenses("open", "Apache 2.0, an OSI-approved license."))
    )
    code = end.manifest["components"]["training-code"]
    assert code["license"] == "Apache-2.0" and "Licenses class is open" in code["notes"]
    assert (
        end.manifest["components"]["training-datasets"]["license"] == "NOASSERTION"
    )  # data: named only
    # Open, but no license named for the code: unknown, said so, never "no license".
    end, _ = import_osai_index(write(tmp_path, _licenses("open", "An OSI-approved license.")))
    code = end.manifest["components"]["training-code"]
    assert code["license"] == "NOASSERTION"
    assert "name no single license for the code; its terms are unknown" in code["notes"]


def test_a_gated_download_is_a_release_with_a_note_that_names_the_gate(tmp_path: Path) -> None:
    gate = "Available on HuggingFace, however requires providing contact information."
    text = SYSTEM.replace(
        "weights_endmodel:\n    class: open\n    link: https://huggingface.co/example/Example-7B-Chat\n"
        "    notes:",
        f"weights_endmodel:\n    class: partial\n    link: https://huggingface.co/example/Example-7B-Chat\n"
        f"    notes: {gate}",
    )
    end, _ = import_osai_index(write(tmp_path, text))
    components = end.manifest["components"]
    for component in ("final-parameters", "model-architecture", "inference-code"):
        assert components[component]["availability"] == "released"
        assert (
            "download gate ('however requires providing contact information')"
            in (components[component]["notes"])
        )
    undocumented = text.replace(
        gate, "Instruct version made available but no information on tuning"
    )
    end, _ = import_osai_index(write(tmp_path, undocumented))
    assert end.manifest["components"]["final-parameters"]["availability"] == "released"


def test_an_unclear_end_model_license_is_read_from_the_license_notes(tmp_path: Path) -> None:
    text = (
        SYSTEM.replace("name: Example Chat", "name: Llama 2")
        .replace("endmodellicense: Apache-2.0", "endmodellicense: Unclear")
        .replace(
            '"Weights: Apache-2.0. Code: not released. Data: CC-BY-4.0, Acme Data Terms."',
            "Usage requires signing Meta's bespoke 'community license'",
        )
    )
    end, _ = import_osai_index(write(tmp_path, text))
    assert (
        end.manifest["components"]["final-parameters"]["license"] == "LicenseRef-Llama-2-Community"
    )
    assert "reads 'Unclear'" in end.manifest["provenance"]["notes"]


def _imported(name: str, tmp_path: Path, version: str = "1.0") -> Any:
    manifests = import_osai_index(CORPUS / name, definition_version=version, checked="2026-06-12")
    for imported in manifests:
        (tmp_path / imported.name).write_text(imported.yaml(), encoding="utf-8")
    result = validate(tmp_path / manifests[0].name)
    assert result.ok and result.manifest is not None, [str(f) for f in result.findings]
    return manifests[0].manifest, assess_with_base(result.manifest, version)


def test_the_named_systems_keep_the_index_judgement(tmp_path: Path) -> None:
    for name in ("OLMo.yaml", "smollm.yaml"):  # open class, notes naming the code's license
        manifest, _ = _imported(name, tmp_path)
        assert manifest["components"]["training-code"]["license"] == "Apache-2.0", name
    manifest, assessment = _imported("Apertus.yaml", tmp_path)
    assert assessment.level.id == "open-weights"
    assert assessment.possible_level.id == "open-source-ai"  # only what the Index does not assess
    assert assessment.blocker is not None
    assert assessment.blocker.requirement.id == "open-source-ai-evaluation-code"
    for name in ("mistral-nemo.yaml", "stable-diffusion.yaml", "StableAudio.yaml"):
        manifest, assessment = _imported(name, tmp_path)
        assert manifest["components"]["final-parameters"]["availability"] == "released", name
        assert assessment.level.id != "closed", name
    manifest, assessment = _imported("llama-2-chat.yaml", tmp_path)
    assert manifest["components"]["final-parameters"]["license"] == "LicenseRef-Llama-2-Community"
    assert assessment.level.id == "weights-available"


def test_a_dimension_missing_from_the_file_leaves_its_components_unknown(tmp_path: Path) -> None:
    block = "modelcard:\n    class: partial\n    link: https://huggingface.co/example/Example-7B-Chat\n    notes:\n"
    assert block in SYSTEM
    end, _ = import_osai_index(write(tmp_path, SYSTEM.replace(block, "")))
    card = end.manifest["components"]["model-card"]
    assert card == {
        "availability": "unknown",
        "notes": "Not assessed by the source: the Index file has no modelcard block.",
    }
    assert [f.rule for f in end.findings if "modelcard" in f.message] == [
        "import-missing-dimension"
    ]
