"""`openness init`: a commented starter openness.yaml, optionally filled from a Hugging Face model card.

The starter is generated from the definition (every component, with its summary as a comment), so it
never drifts from it. Facts the model card does not give are left for the publisher, marked TODO.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .escaping import one_line
from .pyyaml import yaml
from .reader import ReadError, read_file_bytes, read_text
from .spec import Definition, LicenseRegistry
from .urls import schema_url

_SURROGATE = re.compile("[\ud800-\udfff]")

# Hugging Face's base_model_relation values, in the manifest's vocabulary.
_RELATIONS = {
    "finetune": "fine-tune",
    "adapter": "adapter",
    "merge": "merge",
    "quantized": "quantization",
}


@dataclass(frozen=True)
class ModelCard:
    """What a model card's YAML front matter says that a manifest can use."""

    name: str | None = None
    license: str | None = None  # an SPDX expression, when the card's license could be mapped
    license_note: str | None = None  # why it could not be mapped
    datasets: tuple[str, ...] = ()
    base_models: tuple[str, ...] = ()
    relation: str | None = None
    unmapped: tuple[str, ...] = field(default_factory=tuple)
    file: str | None = None  # where the card was read: it is released, wherever it is published
    results: tuple[EvaluationResult, ...] = ()  # its model-index results


@dataclass(frozen=True)
class EvaluationResult:
    """One result of a model card's model-index: a metric on a dataset, and who measured it."""

    dataset: str
    metric: str
    value: str
    source_name: str | None = None
    source_url: str | None = None

    def __str__(self) -> str:
        source = f" ({self.source_name})" if self.source_name else ""
        return f"{self.dataset} {self.metric} {self.value}{source}"


def _scalar(value: Any) -> str:
    """Any text as one double-quoted YAML scalar on one line, written by the YAML library: every
    line break and control character is an escape. Text with a character that is not printable
    (a bidi override, say) is written all in escapes, so that it cannot reorder the line. YAML has
    no lone surrogates (argv gives them for bytes that are not UTF-8): they become U+FFFD."""
    text = _SURROGATE.sub("\ufffd", str(value))
    dumped = yaml.safe_dump(
        text, default_style='"', allow_unicode=text.isprintable(), width=float("inf")
    )
    return dumped.removesuffix("\n")


def front_matter(text: str, name: str) -> dict[str, Any]:
    """The YAML between the leading '---' lines of a model card; {} when there is none."""
    lines = _LINE_BREAK.split(text)  # an editor's lines, so that positions are the card's own
    if not lines or lines[0].strip() != "---":
        return {}
    try:
        end = next(index for index, line in enumerate(lines[1:], 1) if line.strip() == "---")
    except StopIteration:
        return {}
    # A leading blank line stands for the opening '---', so positions are the model card's own.
    document = read_text("\n" + "\n".join(lines[1:end]) + "\n", name)
    return document.data if isinstance(document.data, dict) else {}


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _text(value: Any) -> str | None:
    """A front matter value as text: a string, or a number written without quotes; else None."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _shown(value: Any) -> str:
    """A value of the wrong type, in a few words on one line."""
    kind = {dict: "a mapping", list: "a list", bool: "a boolean", type(None): "empty"}
    return kind.get(type(value), type(value).__name__)


def read_model_card(text: str, name: str, registry: LicenseRegistry) -> ModelCard:
    """The manifest-relevant facts of a model card. Raises ReadError for broken front matter.

    A field of the wrong type (a list where Hugging Face writes text) is reported as not mapped."""
    data = front_matter(text, name)
    unmapped: list[str] = []

    def text_of(key: str) -> str | None:
        value = data.get(key)
        if value is not None and _text(value) is None:
            unmapped.append(f"{key}: {_shown(value)}, not text")
        return _text(value)

    def texts_of(key: str) -> tuple[str, ...]:
        value = data.get(key)
        items = [] if value is None else value if isinstance(value, list) else [value]
        texts = tuple(text for text in map(_text, items) if text is not None)
        if len(texts) < len(items):
            unmapped.append(f"{key}: {len(items) - len(texts)} item(s) not text")
        return texts

    license_id, license_note = None, None
    raw_license = text_of("license")
    if raw_license:
        if raw_license.lower() == "other":
            license_name, license_link = text_of("license_name"), text_of("license_link")
            license_note = (
                f"the card says 'other': {license_name or '?'} {license_link or ''}".strip()
            )
            unmapped.append(f"license: other ({license_name or 'no license_name'})")
        else:
            entry = registry.get(raw_license) or registry.by_alias(raw_license)
            if entry is not None:
                license_id = entry.id
            else:
                license_note = f"the card's license {raw_license!r} is not in the registry"
                unmapped.append(f"license: {raw_license}")
    names = data.get("model-index") or []
    model_name = text_of("model_name")
    if not model_name and isinstance(names, list) and names and isinstance(names[0], dict):
        model_name = _text(names[0].get("name"))
    relation = text_of("base_model_relation")
    if relation is not None and relation not in _RELATIONS:
        unmapped.append(f"base_model_relation: {relation}")
    results = _results(names, unmapped)
    return ModelCard(
        name=model_name,
        license=license_id,
        license_note=license_note,
        datasets=texts_of("datasets"),
        base_models=texts_of("base_model"),
        relation=_RELATIONS.get(relation) if relation else None,
        unmapped=tuple(unmapped),
        file=name,
        results=results,
    )


MAX_RESULTS = 100  # the most results a starter lists; the rest are counted


def _results(model_index: Any, unmapped: list[str]) -> tuple[EvaluationResult, ...]:
    """The results of a card's model-index (Hugging Face's evaluation metadata): for each model,
    results with a dataset, metrics and their source. One that lacks a part is counted as unmapped."""
    found: list[EvaluationResult] = []
    skipped = 0
    models = model_index if isinstance(model_index, list) else []
    for model in models:
        entries = model.get("results") if isinstance(model, dict) else None
        for entry in entries if isinstance(entries, list) else []:
            dataset = entry.get("dataset") if isinstance(entry, dict) else None
            metrics = entry.get("metrics") if isinstance(entry, dict) else None
            source = entry.get("source") if isinstance(entry, dict) else None
            source = source if isinstance(source, dict) else {}
            name = (
                _text(dataset.get("name")) or _text(dataset.get("type"))
                if isinstance(dataset, dict)
                else None
            )
            if name is None or not isinstance(metrics, list):
                skipped += 1
                continue
            for metric in metrics:
                kind = (
                    _text(metric.get("name")) or _text(metric.get("type"))
                    if isinstance(metric, dict)
                    else None
                )
                value = _text(metric.get("value")) if isinstance(metric, dict) else None
                if kind is None or value is None:
                    skipped += 1
                    continue
                url = _text(source.get("url"))
                found.append(
                    EvaluationResult(
                        name,
                        kind,
                        value,
                        _text(source.get("name")),
                        url if url and _URL.match(url) else None,
                    )
                )
    if skipped:
        unmapped.append(f"model-index: {skipped} result(s) without a dataset, metric or value")
    return tuple(found)


_URL = re.compile(r"^https?://\S+$")


def starter_manifest(
    definition: Definition,
    *,
    name: str | None = None,
    producer: str | None = None,
    card: ModelCard | None = None,
    url: str | None = None,
    pinned: bool = False,
) -> str:
    """The text of a starter manifest, every open question a placeholder value starting with TODO,
    which `openness validate` warns about until it is filled in (placeholder-not-filled). With a
    model card but no url, it also reports the facts it still needs: where the weights, the card
    and its results are published. `pinned` writes the definition version into the manifest (for
    a version other than the newest released, which is the default)."""
    card = card or ModelCard()
    model_name = name or card.name
    version = definition.version
    lines = [
        f"# yaml-language-server: $schema={schema_url(version)}",
        "# Model openness manifest: what this model releases, and under which terms.",
        f"# Definition {definition.label}: https://modelopenness.org/{version}/  "
        "Check it: openness validate openness.yaml",
        "# Every value that starts with TODO is a placeholder: `openness validate` warns until",
        "# it is filled in, and `openness validate --strict` fails.",
        f'manifest_version: "{version}"',
        "model:",
        f"  name: {_scalar(model_name or 'TODO: model name')}",
        f"  producer: {_scalar(producer or 'TODO: who trained and released it')}",
        '  # version: "1.0"',
        '  # release_date: "YYYY-MM-DD"',
        "  # homepage: https://...",
        "  # repository: https://...",
    ]
    if card.base_models:
        base = card.base_models[0]
        lines += ["  base_model:", f"    name: {_scalar(base)}"]
        if "/" in base and not base.startswith(("http://", "https://")):
            lines.append(f"    url: {_scalar('https://huggingface.co/' + base)}")
        lines.append(
            f"  relation: {card.relation or 'fine-tune'}  # TODO: check (fine-tune, adapter, merge, quantization, distillation)"
        )
    lines.append("components:")
    for component in definition.components:
        lines.append(
            f"  # {component.title}: {component.summary} https://modelopenness.org/{definition.version}/#{component.id}"
        )
        lines += _component_lines(component.id, component.type, card, url)
    if pinned:
        lines += ["assessment:", f'  definition_version: "{version}"']
    if card.unmapped:
        lines.append("# TODO: the model card said things this tool could not map:")
        lines += [f"#   {one_line(item)}" for item in card.unmapped]
    return "\n".join(lines) + "\n"


def _component_lines(
    component_id: str, component_type: str, card: ModelCard, url: str | None
) -> list[str]:
    if component_id == "final-parameters" and (card.license or card.license_note or url):
        lines = [f"  {component_id}:", "    availability: released"]
        if card.license:
            lines.append(f"    license: {_scalar(card.license)}  # from the model card")
        else:
            lines.append("    license: NOASSERTION")
        lines += _location_lines(url, "where the weights are")
        if not card.license:
            todo = f"TODO: the license of the weights ({card.license_note or 'not found'})"
            lines.append(f"    notes: {_scalar(todo)}")
        return lines
    if component_id == "training-datasets" and card.datasets:
        lines = [
            f"  {component_id}:",
            "    availability: partial",
            "    datasets:",
        ]
        for dataset in card.datasets:
            lines.append(f"      - name: {_scalar(dataset)}")
            if "/" in dataset and not dataset.startswith(("http://", "https://")):
                lines.append(
                    f"        location: {_scalar('https://huggingface.co/datasets/' + dataset)}"
                )
            lines.append("        # TODO: license")
        lines.append(f"    notes: {_scalar('TODO: released if these are all the training data')}")
        return lines
    if component_id == "model-card" and card.file is not None:
        lines = [f"  {component_id}:", "    availability: released"]
        lines += _location_lines(url, "the model card's URL")
        lines.append(f"    notes: {_scalar(f'Read from {card.file} by openness init.')}")
        return lines
    if component_id == "evaluation-results" and card.results:
        return _results_lines(component_id, card, url)
    return [f"  {component_id}: {{availability: not-released, notes: {_scalar(_PLACEHOLDER)}}}"]


_PLACEHOLDER = "TODO: released? If so, where, and under which license?"


def _location_lines(url: str | None, what: str) -> list[str]:
    if url:
        return [f"    location: {_scalar(url)}"]
    return [f"    # TODO: location: {what}, such as https://huggingface.co/<org>/<model>"]


def _results_lines(component_id: str, card: ModelCard, url: str | None) -> list[str]:
    """The evaluation results component from the card's model-index: released in the card, each
    result named in the notes, the pages that measured them as evidence."""
    shown = card.results[:MAX_RESULTS]
    said = "; ".join(str(result) for result in shown)
    more = f"; and {len(card.results) - len(shown)} more" if len(card.results) > len(shown) else ""
    notes = f"In the model card's model-index ({card.file}): {said}{more}."
    if len(notes) > 4000:
        notes = notes[:3997] + "..."
    lines = [f"  {component_id}:", "    availability: released"]
    lines += _location_lines(url, "the model card's URL")
    sources = list(dict.fromkeys(result.source_url for result in shown if result.source_url))
    if sources:
        lines.append("    evidence:")
        lines += [f"      - {_scalar(source)}" for source in sources]
    lines.append(f"    notes: {_scalar(notes)}")
    return lines


MAX_CARD_BYTES = 4 * 1024 * 1024


def read_card_file(path: str, registry: LicenseRegistry) -> ModelCard:
    """Read a model card (README.md) from disk; ReadError when it cannot be read: a missing file,
    a directory or a FIFO, more than MAX_CARD_BYTES, or not UTF-8."""
    raw = read_file_bytes(path, max_bytes=MAX_CARD_BYTES)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ReadError(path, 1, 1, "not UTF-8 text", "input-encoding") from None
    return read_model_card(text, path, registry)
