"""An assessment as text in another language (`openness assess --lang zh-Hans`): the verdict and the
unmet requirements in the translation's words, each with the translated clause's URL. The reasons
computed from the manifest (rule messages) stay English; the English clause stays normative, and the
text says so."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .escaping import one_line, shorten
from .translations import clause_url, load_translation, translate

if TYPE_CHECKING:
    from .assess import Assessment


def assessment_text(assessment: Assessment, code: str) -> str:
    translation = load_translation(code, assessment.definition.version)
    say = translation.phrase
    definition = translate(assessment.definition, translation)
    version = definition.version
    level = definition.level(assessment.level.id)
    lines = [
        say("{file}: {level} under definition {version}").format(
            file=assessment.file, level=level.title, version=version
        )
        + f" ({shorten(assessment.model)}, {level.id})",
        f"  {clause_url(code, version, level.id)}",
    ]
    if assessment.next_level is not None:
        wanted = definition.level(assessment.next_level.id)
        lines.append("  " + say("Not met for {level}:").format(level=wanted.title))
        requirements = {r.id: r for item in definition.levels for r in item.requirements}
        for item in assessment.missing:
            requirement = requirements[item.requirement.id]
            component = definition.component(requirement.component)
            availability = next(
                a.title for a in definition.availability if a.id == requirement.availability
            )
            needs = say("{component}: needs {availability} under {categories}").format(
                component=component.title,
                availability=availability,
                categories=", ".join(requirement.license_categories),
            )
            lines.append(f"  - [{requirement.id}] {needs}")
            lines.append(f"    {requirement.rationale}")
            lines.append(f"    ({item.reason})")
            lines.append(f"    {clause_url(code, version, requirement.id)}")
    lines.append(
        "  "
        + say("The English text of the definition is normative; this translation is for reference.")
    )
    lines.append("  " + say("English (normative): {url}").format(url=assessment.level_url))
    return "\n".join(one_line(line) for line in lines)
