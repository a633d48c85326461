"""A small static SVG badge of the level a manifest reaches: no script, no font file, no network."""

from __future__ import annotations

from .assess import Assessment
from .escaping import shorten, xml

_LABEL = "model openness"
_CHAR_WIDTH = 6.6  # average advance of 11 px Verdana/DejaVu Sans, enough for a badge


def _width(text: str) -> int:
    return round(len(text) * _CHAR_WIDTH) + 12


def badge_svg(assessment: Assessment) -> str:
    """A flat two-part badge: 'model openness | <level title> <version>' in the level's colour."""
    value = f"{assessment.level.title}, v{assessment.definition.label}"
    left, right = _width(_LABEL), _width(value)
    total = left + right
    label, text = xml(_LABEL), xml(value)
    color = xml(assessment.level.badge_color)
    # The model's name is the one thing here a manifest wrote: cut to a title's length, escaped.
    title = xml(
        f"{shorten(assessment.model)}: {assessment.level.id} under the Model Openness Definition"
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{total}" height="20" role="img" '
        f'aria-label="{label}: {text}">'
        f"<title>{title}</title>"
        f'<rect width="{left}" height="20" fill="#555"/>'
        f'<rect x="{left}" width="{right}" height="20" fill="{color}"/>'
        f'<g fill="#fff" text-anchor="middle" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">'
        f'<text x="{left / 2}" y="14">{label}</text>'
        f'<text x="{left + right / 2}" y="14">{text}</text>'
        "</g></svg>\n"
    )
