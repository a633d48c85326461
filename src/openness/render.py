"""Turn findings and assessments into text, JSON and Markdown. Nothing here decides anything."""

from __future__ import annotations

import json
from typing import Any

from .assess import Assessment, RequirementResult
from .findings import Finding
from .urls import clause_url


def findings_text(findings: tuple[Finding, ...] | list[Finding]) -> str:
    return "\n".join(str(finding) for finding in findings)


def assessment_dict(assessment: Assessment) -> dict[str, Any]:
    version = assessment.definition.version

    def level(level_id: str, title: str) -> dict[str, str]:
        return {"id": level_id, "title": title, "url": clause_url(version, level_id)}

    def result(item: RequirementResult) -> dict[str, Any]:
        return {
            "id": item.requirement.id,
            "level": item.level,
            "component": item.requirement.component,
            "met": item.met,
            "reason": item.reason,
            "url": item.url,
        }

    next_level = assessment.next_level
    return {
        "file": assessment.file,
        "model": assessment.model,
        "definition_version": version,
        "level": level(assessment.level.id, assessment.level.title),
        "next_level": level(next_level.id, next_level.title) if next_level else None,
        "missing": [result(item) for item in assessment.missing],
        "requirements": [result(item) for item in assessment.results],
        "findings": [finding.as_dict() for finding in assessment.findings],
    }


def assessment_json(assessments: list[Assessment]) -> str:
    return json.dumps([assessment_dict(item) for item in assessments], indent=2, ensure_ascii=False)


def assessment_text(assessment: Assessment) -> str:
    version = assessment.definition.version
    lines = [
        f"{assessment.file}: {assessment.model} reaches {assessment.level.id} "
        f"({assessment.level.title}) under the Model Openness Definition {version}",
        f"  {assessment.level_url}",
    ]
    if assessment.next_level is not None:
        lines.append(
            f"  To reach {assessment.next_level.id} ({assessment.next_level.title}), it needs:"
        )
        for item in assessment.missing:
            lines.append(f"  - [{item.requirement.id}] {item.reason}")
            lines.append(f"    {item.url}")
    return "\n".join(lines)


def _cell(text: str) -> str:
    """Markdown table cell: pipes and line breaks would break the table; HTML is escaped."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return escaped.replace("|", "\\|").replace("\n", " ")


def assessment_markdown(assessment: Assessment) -> str:
    version = assessment.definition.version
    level = assessment.level
    lines = [
        f"### {_cell(assessment.model)}: {level.title}",
        "",
        f"Level reached under the [Model Openness Definition {version}]({clause_url(version, level.id)}): "
        f"**[{level.id}]({assessment.level_url})**.",
        "",
    ]
    if assessment.next_level is not None:
        next_level = assessment.next_level
        lines += [
            f"To reach **{next_level.title}**, it needs:",
            "",
            "| Requirement | Why it is not met |",
            "|---|---|",
        ]
        lines += [
            f"| [{item.requirement.id}]({item.url}) | {_cell(item.reason)} |"
            for item in assessment.missing
        ]
        lines.append("")
    return "\n".join(lines)
