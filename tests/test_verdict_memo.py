"""The verdicts kept between the manifests of a batch (the levels and every framework's verdict for
what a manifest declares, the JSON of both) are keyed on all they read: every manifest and fixture,
and variants of one that differ in a single field a verdict reads, each assessed after all the
others have filled the caches, gets what it gets with every cache empty, in every output."""

from __future__ import annotations

import copy
import importlib
import pkgutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import yaml

import openness
from openness.api import check
from openness.reader import Document, read_text
from openness.render import assessment_line, assessment_markdown, assessment_text

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted(
    path
    for folder in ("manifests", "tests/fixtures")
    for path in (ROOT / folder).rglob("*")
    if path.suffix in (".yaml", ".json")
)
BASE = ROOT / "manifests" / "amber-7b.yaml"  # 1.1: datasets, inherited terms, facts


def _set(path: tuple[Any, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        *parents, last = path
        for key in parents:
            data = data[key]
        data[last] = value

    return change


# One field a verdict reads, changed: what the release is licensed under (which a component with
# inherited terms takes), a component's license, where its terms come from, a dataset's license
# and availability, each fact a framework tests, and the URL of a license the manifest defines.
CHANGES: dict[str, Callable[[dict[str, Any]], None]] = {
    "release-license": _set(("release", "license"), "CC-BY-NC-4.0"),
    "component-license": _set(("components", "technical-report", "license"), "CC-BY-4.0"),
    "component-terms": _set(("components", "model-card", "terms"), "unknown"),
    "dataset-license": _set(("components", "training-datasets", "datasets", 1, "license"), "MIT"),
    "dataset-availability": _set(
        ("components", "evaluation-data", "datasets", 0, "availability"), "not-released"
    ),
    "weights-access": _set(("distribution", "weights_access", "condition"), "approval"),
    "monetisation": _set(("distribution", "monetisation"), {"monetised": True, "ways": ["price"]}),
    "training-compute": _set(
        ("components", "compute-disclosure"),
        {"availability": "not-released", "training_compute": {"flop": 3e25, "basis": "estimated"}},
    ),
    "training-compute-below": _set(
        ("components", "compute-disclosure"),
        {"availability": "not-released", "training_compute": {"flop": 3e23, "basis": "estimated"}},
    ),
    "training-data-withheld": _set(
        ("components", "training-datasets"),
        {"availability": "not-released", "withheld": {"reason": "legal"}},
    ),
    "training-data-withheld-other": _set(
        ("components", "training-datasets"),
        {"availability": "not-released", "withheld": {"reason": "other"}},
    ),
    "defined-license": lambda data: (
        data["components"]["training-code"].update(license="LicenseRef-Ours"),
        data.update(licenses={"LicenseRef-Ours": {"name": "Ours", "url": "https://example.org/a"}}),
    ),
    "defined-license-elsewhere": lambda data: (
        data["components"]["training-code"].update(license="LicenseRef-Ours"),
        data.update(licenses={"LicenseRef-Ours": {"name": "Ours", "url": "https://example.org/b"}}),
    ),
}


def _variants() -> Iterator[tuple[str, Document]]:
    data = yaml.safe_load(BASE.read_text(encoding="utf-8"))
    for name, change in CHANGES.items():
        changed = copy.deepcopy(data)
        change(changed)
        # The base's own file name: only what the change touches sets the variant apart.
        yield name, read_text(yaml.safe_dump(changed, sort_keys=False), str(BASE))


def _clear_the_kept_verdicts() -> None:
    """Empty every bounded cache of the library: the ones a manifest's content keys."""
    for module_info in pkgutil.walk_packages(openness.__path__, "openness."):
        if module_info.name.endswith(".__main__"):
            continue
        for value in vars(importlib.import_module(module_info.name)).values():
            if callable(value) and hasattr(value, "cache_info") and value.cache_info().maxsize:
                value.cache_clear()


def _outputs(source: str | Document) -> tuple[Any, ...]:
    validation, assessment = check(source, crosswalks=True)
    if assessment is None:
        return (validation.findings,)
    return (
        validation.findings,
        assessment,
        assessment_line(assessment),
        assessment_line(assessment, ensure_ascii=True),
        assessment_text(assessment),
        assessment_markdown(assessment),
    )


def test_a_kept_verdict_is_the_one_made_afresh() -> None:
    sources: list[tuple[str, str | Document]] = [(str(path), str(path)) for path in FILES]
    sources += list(_variants())
    kept = [_outputs(source) for _, source in sources]  # each after those before it
    assert sum(len(outputs) > 1 for outputs in kept) > 50  # most are valid, and assessed
    for (name, source), outputs in zip(sources, kept, strict=True):
        _clear_the_kept_verdicts()
        assert _outputs(source) == outputs, name


def _verdict(outputs: tuple[Any, ...]) -> tuple[Any, ...]:
    """What an assessment says of the levels and the frameworks, without the file's findings."""
    assessment = outputs[1]
    return assessment.level, assessment.results, assessment.crosswalks


def test_each_variant_is_assessed_and_differs_in_its_verdict() -> None:
    """The variants reach what the test above checks: each is valid, and the field it changes
    changes the verdict (a cache that left the field out of its key would give the base's)."""
    verdicts = {_verdict(_outputs(str(BASE)))}
    for name, document in _variants():
        outputs = _outputs(document)
        assert len(outputs) > 1, (name, [str(finding) for finding in outputs[0]])
        assert _verdict(outputs) not in verdicts, name
        verdicts.add(_verdict(outputs))


def test_a_cache_that_forgot_an_input_would_be_caught(monkeypatch: Any) -> None:
    """The check above can fail: with the frameworks' verdicts keyed on the components alone (the
    facts left out), a variant that changes only a fact gets the verdicts of the manifest before."""
    crosswalk = importlib.import_module("openness.crosswalk")
    kept: dict[Any, Any] = {}
    verdicts = crosswalk._verdicts

    def forgetful(frameworks: Any, terms: Any, facts: Any) -> Any:
        if terms not in kept:
            kept[terms] = verdicts(frameworks, terms, facts)
        return kept[terms]

    monkeypatch.setattr(crosswalk, "_verdicts", forgetful)
    _clear_the_kept_verdicts()
    base = _outputs(str(BASE))[1].crosswalks
    changed = dict(_variants())["weights-access"]
    assert _outputs(changed)[1].crosswalks == base  # the forgetful cache's wrong answer
    monkeypatch.undo()
    _clear_the_kept_verdicts()
    assert _outputs(changed)[1].crosswalks != base


def test_a_criterion_verdict_that_forgot_an_input_would_be_caught(monkeypatch: Any) -> None:
    """Each criterion's verdict is kept on what it reads (crosswalk._criterion_verdict): with it
    keyed on the elements' states alone (the facts left out), a variant that changes only a fact
    gets the criteria's verdicts of the manifest before, though every cache above it misses."""
    crosswalk = importlib.import_module("openness.crosswalk")
    kept: dict[Any, Any] = {}
    verdict = crosswalk._criterion_verdict

    def forgetful(framework: Any, index: int, states: Any, facts: Any) -> Any:
        if (framework, index, states) not in kept:
            kept[framework, index, states] = verdict(framework, index, states, facts)
        return kept[framework, index, states]

    monkeypatch.setattr(crosswalk, "_criterion_verdict", forgetful)
    _clear_the_kept_verdicts()
    base = _outputs(str(BASE))[1].crosswalks
    changed = dict(_variants())["weights-access"]
    assert _outputs(changed)[1].crosswalks == base  # the forgetful cache's wrong answer
    monkeypatch.undo()
    _clear_the_kept_verdicts()
    assert _outputs(changed)[1].crosswalks != base
