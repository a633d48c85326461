"""Turn findings and assessments into text, JSON and Markdown. Nothing here decides anything.

What a manifest says is untrusted: every line of text goes through `escaping.one_line`, every
piece of Markdown built from it through `escaping.markdown`; links are made only from the
definition's own URLs (clauses, frameworks, their sources)."""

from __future__ import annotations

import json
from dataclasses import fields
from functools import lru_cache
from json.encoder import encode_basestring, encode_basestring_ascii
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from .escaping import LIMIT, markdown, one_line, shorten
from .findings import Finding
from .memo import BOUND, Same
from .urls import clause_url

if TYPE_CHECKING:  # types only: rendering never needs these modules loaded
    from .assess import Assessment, RequirementResult
    from .crosswalk import CriterionResult, FrameworkResult
    from .frameworks import Framework, Tier
    from .spec import Definition, Level


def findings_text(findings: tuple[Finding, ...] | list[Finding]) -> str:
    return "\n".join(str(finding) for finding in findings)


def unreviewed(assessment: Assessment) -> tuple[str, ...]:
    """The ids the registry has not reviewed that the verdict rests on: the level reached and what
    the next level needs. They count as restricted until reviewed, so the verdict may change."""
    level = assessment.next_level or assessment.level
    ids = (
        identifier
        for result in assessment.results
        if result.level_rank <= level.rank
        for identifier in result.unreviewed
    )
    return tuple(dict.fromkeys(ids))


def unreviewed_sentence(assessment: Assessment) -> str:
    """In words, for the reader of any output: what is unreviewed, and what that means. Empty if none."""
    ids = unreviewed(assessment)
    if not ids:
        return ""
    return (
        f"Unreviewed: {', '.join(ids)}. The registry of definition {assessment.definition.label} "
        "has not reviewed these terms; they count as restricted until it does, so this verdict may change."
    )


def _level_dict(version: str, level: Level) -> dict[str, str]:
    return {"id": level.id, "title": level.title, "url": clause_url(version, level.id)}


# A requirement's result in JSON: these keys, with the values `_result_values` reads.
_RESULT_KEYS = ("id", "level", "component", "met", "reason", "url", "unknown", "unreviewed")


def _result_values(item: RequirementResult) -> tuple[Any, ...]:
    requirement = item.requirement
    return (
        requirement.id,
        item.level,
        requirement.component,
        item.met,
        item.reason,
        item.url,
        item.unknown,
        item.unreviewed,
    )


def _result_dict(item: RequirementResult) -> dict[str, Any]:
    record = dict(zip(_RESULT_KEYS, _result_values(item), strict=True))
    record["unknown"], record["unreviewed"] = list(item.unknown), list(item.unreviewed)
    return record


def _head_dict(assessment: Assessment) -> dict[str, Any]:
    """The keys of `assessment_dict` before its lists of requirements, in its order."""
    return {"file": assessment.file, "model": assessment.model, **_verdict_head(assessment)}


def _verdict_head(assessment: Assessment) -> dict[str, Any]:
    """The keys of `_head_dict` after the file and the model: what it says of the levels."""
    version = assessment.definition.version
    next_level = assessment.next_level
    return {
        "definition_version": version,
        "definition_status": assessment.definition.status,  # draft: the verdict may change
        "level": _level_dict(version, assessment.level),
        "next_level": _level_dict(version, next_level) if next_level else None,
        # The level it would reach if every unknown (availability, terms) turned out open.
        "possible_level": _level_dict(version, assessment.possible_level),
        "unknown": list(assessment.unknown),
        "unreviewed": list(unreviewed(assessment)),
    }


def assessment_dict(assessment: Assessment) -> dict[str, Any]:
    return {
        **_head_dict(assessment),
        "missing": [_result_dict(item) for item in assessment.missing],
        "requirements": [_result_dict(item) for item in assessment.results],
        "findings": [finding.as_dict() for finding in assessment.findings],
        "crosswalks": [crosswalk_dict(result) for result in assessment.crosswalks],
    }


def assessment_line(assessment: Assessment, *, ensure_ascii: bool = False) -> str:
    """The JSON record of a valid manifest's assessment on one line, as a batch writes it: the
    same text as `json.dumps({"valid": True, **assessment_dict(assessment)})`, joined from the
    JSON of its parts. Only the file, the model's name and the findings are each manifest's own;
    the verdict on the levels and the frameworks' are encoded once for all the manifests that
    share them (`_verdict_json`, `_crosswalks_json`): the judgements' caches give those manifests
    the same objects. Most of a record is its crosswalks. Of a finding, all but its file is kept
    as JSON too (`_finding_json`): copies of one manifest have the same findings at the same places."""
    findings = ", ".join(_finding_json(finding, ensure_ascii) for finding in assessment.findings)
    verdict = _verdict_json(
        Same(assessment.definition),
        Same(assessment.level),
        Same(assessment.next_level),
        Same(assessment.results),
        ensure_ascii,
    )
    crosswalks = _crosswalks_json(Same(assessment.crosswalks), ensure_ascii)
    # json.dumps's separators: ", " between items, ": " after a key.
    return (
        f'{{"valid": true, "file": {_string_json(assessment.file, ensure_ascii)}, '
        f'"model": {_string_json(assessment.model, ensure_ascii)}, {verdict}, '
        f'"findings": [{findings}], "crosswalks": [{crosswalks}]}}'
    )


# What a finding holds besides its file, in the order of its fields: the key of its JSON.
_FINDING_PLACE = tuple(field.name for field in fields(Finding) if field.name != "file")
_finding_place = attrgetter(*_FINDING_PLACE)


def _finding_json(finding: Finding, ensure_ascii: bool) -> str:
    """A finding as JSON (`Finding.as_dict`): its file, then the rest, kept (`_placed_json`)."""
    rest = _placed_json(_finding_place(finding), ensure_ascii)
    return f'{{"file": {_string_json(finding.file, ensure_ascii)}, {rest}'


@lru_cache(maxsize=BOUND)
def _placed_json(place: tuple[Any, ...], ensure_ascii: bool) -> str:
    """The JSON of a finding after its file (`"line": ...}`): what `Finding.as_dict` makes of
    every field but the file (`_FINDING_PLACE`), which the key holds. Kept: a batch's copies of
    a manifest have the same findings, each under its own file."""
    record = Finding(file="", **dict(zip(_FINDING_PLACE, place, strict=True))).as_dict()
    assert next(iter(record)) == "file", "the file comes first, as _finding_json writes it"
    del record["file"]
    return _ENCODERS[ensure_ascii].encode(record)[1:]


# json.dumps's encoders, made once: json.dumps makes one for every call that sets ensure_ascii=False.
# `_ENCODERS[ensure_ascii].encode(value)` is `json.dumps(value, ensure_ascii=ensure_ascii)`.
_ENCODERS = {ascii: json.JSONEncoder(ensure_ascii=ascii) for ascii in (False, True)}


def _string_json(text: str, ensure_ascii: bool) -> str:
    """A string as json.dumps writes it, with the encoder json.dumps itself calls for strings."""
    if not isinstance(text, str):  # not from a manifest read by the tool: let json.dumps say
        return json.dumps(text, ensure_ascii=ensure_ascii)
    return encode_basestring_ascii(text) if ensure_ascii else encode_basestring(text)


# As many as assess._levels keeps: an entry holds the JSON of one verdict's every requirement.
@lru_cache(maxsize=BOUND // 16)
def _verdict_json(
    same_definition: Same[Definition],
    same_level: Same[Level],
    same_next_level: Same[Level | None],
    same_results: Same[tuple[RequirementResult, ...]],
    ensure_ascii: bool,
) -> str:
    """The keys of an assessment's record from `definition_version` to `requirements`, without
    braces: what it says of the levels, made of these four fields of it and no other. Keyed on
    the objects themselves: they are immutable, assess._levels gives every manifest in the same
    state the same ones, and a value hash would walk every requirement."""
    from .assess import Assessment  # loaded: an assessment is being rendered

    verdict = Assessment(
        "", "", same_definition.value, same_level.value, same_next_level.value, same_results.value
    )
    head = _ENCODERS[ensure_ascii].encode(_verdict_head(verdict))
    missing = ", ".join(
        _result_json(_result_values(item), ensure_ascii) for item in verdict.missing
    )
    results = ", ".join(
        _result_json(_result_values(item), ensure_ascii) for item in verdict.results
    )
    return f'{head[1:-1]}, "missing": [{missing}], "requirements": [{results}]'


# As many as crosswalk._verdicts keeps.
@lru_cache(maxsize=BOUND // 8)
def _crosswalks_json(same_results: Same[tuple[FrameworkResult, ...]], ensure_ascii: bool) -> str:
    """The frameworks' verdicts on a manifest as the items of a JSON list: keyed on the tuple
    crosswalk._verdicts gives every manifest that the frameworks read alike."""
    return ", ".join(_crosswalk_json(Same(result), ensure_ascii) for result in same_results.value)


@lru_cache(maxsize=BOUND)
def _result_json(values: tuple[Any, ...], ensure_ascii: bool) -> str:
    """One requirement's result as JSON (`_result_dict`), keyed on the values it is made of
    (`_result_values`: strings, booleans, tuples of strings), which manifests in the same state
    share. (json.dumps writes a tuple as it writes a list.)"""
    return _ENCODERS[ensure_ascii].encode(dict(zip(_RESULT_KEYS, values, strict=True)))


# Fewer than the results: a framework's verdict holds every criterion's (crosswalk._evaluated).
@lru_cache(maxsize=BOUND // 8)
def _crosswalk_json(same_result: Same[FrameworkResult], ensure_ascii: bool) -> str:
    """One framework's verdict as JSON (`crosswalk_dict`), which reads the result and nothing
    else. Keyed on the result object itself: results are immutable, crosswalk._evaluated gives
    every manifest that the framework reads alike the same one, and a value hash would walk every
    criterion, which is about what encoding them costs. Joined from the JSON of its parts: its
    criteria's (`_criterion_json`), which verdicts that differ elsewhere share, and what its
    framework alone says (`_framework_tail_json`)."""
    result = same_result.value
    head = _ENCODERS[ensure_ascii].encode(_framework_head(result))
    missing = ", ".join(_criterion_json(Same(item), ensure_ascii) for item in result.missing)
    criteria = ", ".join(_criterion_json(Same(item), ensure_ascii) for item in result.results)
    tail = _framework_tail_json(Same(result.framework), ensure_ascii)
    # json.dumps's separators: ", " between items, ": " after a key.
    return f'{head[:-1]}, "missing": [{missing}], "criteria": [{criteria}], {tail[1:]}'


# As many as crosswalk._criterion_verdict keeps.
@lru_cache(maxsize=BOUND)
def _criterion_json(same_item: Same[CriterionResult], ensure_ascii: bool) -> str:
    """One criterion's result as JSON (`_criterion_dict`), which reads the result alone. Keyed on
    the object: crosswalk._criterion_verdict gives every manifest in the state the criterion reads
    the same one, and a value hash would walk its tier's every criterion."""
    return _ENCODERS[ensure_ascii].encode(_criterion_dict(same_item.value))


@lru_cache(maxsize=64)  # one per framework the tool ships, twice (ASCII or not)
def _framework_tail_json(same_framework: Same[Framework], ensure_ascii: bool) -> str:
    """The keys of a framework's verdict after its criteria (`_framework_tail`) as JSON: they
    read the framework alone, the same for every verdict of it."""
    return _ENCODERS[ensure_ascii].encode(_framework_tail(same_framework.value))


# --- crosswalks: the verdict of other frameworks, beside the definition's level --------------------


def _tier_url(result: FrameworkResult, tier: Tier) -> str:
    return tier.sources[0] if tier.sources else result.framework.url


def _tier_dict(result: FrameworkResult, tier: Tier | None) -> dict[str, str] | None:
    if tier is None:
        return None
    return {"id": tier.id, "label": tier.label, "title": tier.title, "url": _tier_url(result, tier)}


def _criterion_dict(item: CriterionResult) -> dict[str, Any]:
    return {
        "id": item.criterion.id,
        "tier": item.tier.id,
        "elements": [element.name for element in item.elements],
        "components": [element.component for element in item.elements],
        "required": item.criterion.required,
        "met": item.met,
        "reason": item.reason,
        "notes": list(item.notes),
        "unknown": list(item.unknown),
        "source_url": item.source_url,
        "clause_urls": list(item.clause_urls),
        "cites": item.criterion.cites or None,
        "unsourced": item.criterion.unsourced or None,
    }


def obligations_dicts(framework: Framework) -> list[dict[str, str]]:
    """What stays owed whatever the verdict, as the framework's data says."""
    return [
        {
            "id": item.id,
            "title": item.title,
            "cites": item.cites,
            "summary": item.summary,
            "url": item.sources[0],
        }
        for item in framework.obligations
    ]


def disclaimers(crosswalks: tuple[FrameworkResult, ...]) -> tuple[str, ...]:
    """Each framework's disclaimer (not legal advice), once each."""
    return tuple(
        dict.fromkeys(r.framework.disclaimer for r in crosswalks if r.framework.disclaimer)
    )


def crosswalk_dict(result: FrameworkResult) -> dict[str, Any]:
    return {
        **_framework_head(result),
        "missing": [_criterion_dict(item) for item in result.missing],
        "criteria": [_criterion_dict(item) for item in result.results],
        **_framework_tail(result.framework),
    }


def _framework_head(result: FrameworkResult) -> dict[str, Any]:
    """The keys of `crosswalk_dict` before its criteria, in its order: the verdict."""
    framework = result.framework
    return {
        "framework": framework.id,
        "title": framework.name,
        "url": framework.url,
        "verdict": result.verdict,
        "status": result.status,
        "conformant": result.conformant,
        "tier": _tier_dict(result, result.reached),
        "next_tier": _tier_dict(result, result.next_tier),
        "possible_tier": _tier_dict(result, result.possible_tier),
        "unknown": list(result.unknown),
    }


def _framework_tail(framework: Framework) -> dict[str, Any]:
    """The keys of `crosswalk_dict` after its criteria: what the framework says whatever the
    verdict."""
    return {
        "obligations": obligations_dicts(framework),
        "disclaimer": framework.disclaimer or None,
    }


def _if_known(unknown: tuple[str, ...], reached: str) -> str:
    """The sentence that keeps "not checked" apart from "not released" or "no license"."""
    return f"{'; '.join(unknown)}. If they turn out open, it would reach {reached}"


def _crosswalk_text(result: FrameworkResult) -> list[str]:
    lines = [f"  {result.framework.name}: {result.verdict}", f"    {result.framework.url}"]
    possible = result.possible_tier
    if possible is not None and possible != result.reached and result.unknown:
        lines.append(f"    Unknown: {_if_known(result.unknown, possible.name)}")
    if result.next_tier is not None:
        lines.append(f"    To reach {result.next_tier.name}, it needs:")
        for item in result.missing:
            lines.append(f"    - [{item.criterion.id}] {item.reason}")
            lines.append(f"      {item.source_url}")
    for obligation in result.framework.obligations:
        lines.append(f"    Owed whatever the verdict: {obligation.title} ({obligation.cites})")
        lines.append(f"      {obligation.sources[0]}")
    return lines


def assessment_json(assessments: list[Assessment]) -> str:
    return json.dumps([assessment_dict(item) for item in assessments], indent=2, ensure_ascii=False)


def assessment_text(assessment: Assessment) -> str:
    lines = [
        f"{assessment.file}: {shorten(assessment.model)} reaches {assessment.level.id} "
        f"({assessment.level.title}) under the Model Openness Definition {assessment.definition.label}",
        f"  {assessment.level_url}",
    ]
    possible = assessment.possible_level
    if possible.rank > assessment.level.rank and assessment.unknown:
        lines.append(f"  Unknown: {_if_known(assessment.unknown, possible.id)}")
    if unreviewed(assessment):
        lines.append(f"  {unreviewed_sentence(assessment)}")
    if assessment.next_level is not None:
        lines.append(
            f"  To reach {assessment.next_level.id} ({assessment.next_level.title}), it needs:"
        )
        for item in assessment.missing:
            lines.append(f"  - [{item.requirement.id}] {item.reason}")
            lines.append(f"    {item.url}")
    if assessment.crosswalks:
        lines.append("  Other frameworks:")
        for result in assessment.crosswalks:
            lines += _crosswalk_text(result)
        lines += [f"  {sentence}" for sentence in disclaimers(assessment.crosswalks)]
    return "\n".join(one_line(line) for line in lines)


def assessment_markdown(assessment: Assessment) -> str:
    version = assessment.definition.version
    level = assessment.level
    lines = [
        f"### {markdown(assessment.model, LIMIT)}: {level.title}",
        "",
        f"Level reached under the [Model Openness Definition {assessment.definition.label}]({clause_url(version, level.id)}): "
        f"**[{level.id}]({assessment.level_url})**.",
        "",
    ]
    possible = assessment.possible_level
    if possible.rank > level.rank and assessment.unknown:
        lines += [f"Unknown: {markdown(_if_known(assessment.unknown, possible.title))}.", ""]
    if unreviewed(assessment):
        lines += [markdown(unreviewed_sentence(assessment)), ""]
    if assessment.next_level is not None:
        next_level = assessment.next_level
        lines += [
            f"To reach **{next_level.title}**, it needs:",
            "",
            "| Requirement | Why it is not met |",
            "|---|---|",
        ]
        lines += [
            f"| [{item.requirement.id}]({item.url}) | {markdown(item.reason)} |"
            for item in assessment.missing
        ]
        lines.append("")
    if assessment.crosswalks:
        lines += _crosswalks_markdown(assessment.crosswalks)
    return "\n".join(lines)


def _verdict_link(result: FrameworkResult) -> str:
    reached = result.reached
    if reached is None:
        return f"**{markdown(result.verdict)}**"
    return f"**[{markdown(result.verdict)}]({_tier_url(result, reached)})**"


def _crosswalk_reason(result: FrameworkResult) -> str:
    """One sentence: why this verdict and not the next one up."""
    possible = result.possible_tier
    if result.unknown and possible is not None and possible != result.reached:
        return markdown(f"Unknown: {_if_known(result.unknown, possible.name)}.")
    missing = result.missing
    if missing:
        first = missing[0]
        more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
        return f"[{first.criterion.id}]({first.source_url}): {markdown(first.reason)}{more}"
    return "Every criterion is met." if result.reached is not None else "—"


def _crosswalks_markdown(crosswalks: tuple[FrameworkResult, ...]) -> list[str]:
    """The other frameworks: a table of verdicts with their reason, then what each next tier needs,
    what stays owed, and each disclaimer once."""
    lines = [
        "| Framework | Verdict | Why |",
        "|---|---|---|",
    ]
    for result in crosswalks:
        lines.append(
            f"| [{markdown(result.framework.name)}]({result.framework.url}) "
            f"| {_verdict_link(result)} | {_crosswalk_reason(result)} |"
        )
    lines.append("")
    for result in crosswalks:
        target = result.next_tier
        if target is not None and result.missing:
            lines += [
                f"**{markdown(result.framework.short_title)}**: to reach "
                f"[{markdown(target.name)}]({_tier_url(result, target)}), it needs:",
                "",
            ]
            for item in result.missing:
                cites = f" ({markdown(item.criterion.cites)})" if item.criterion.cites else ""
                lines.append(
                    f"- [{item.criterion.id}]({item.source_url}){cites}: {markdown(item.reason)}"
                )
            lines.append("")
        if result.framework.obligations:
            owed = "; ".join(
                f"[{markdown(item.title)}]({item.sources[0]}) ({markdown(item.cites)})"
                for item in result.framework.obligations
            )
            lines += [
                f"**{markdown(result.framework.short_title)}**, owed whatever the verdict: {owed}.",
                "",
            ]
    lines += [markdown(sentence) for sentence in disclaimers(crosswalks)]
    if disclaimers(crosswalks):
        lines.append("")
    return lines
