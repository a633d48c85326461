"""The openness profile at the top of every model page, curated and imported: the picture
(openness.profile, the same bytes `openness badge --profile` writes) and the same in words."""

from __future__ import annotations

from openness.assess import Assessment
from openness.profile import profile_lines, profile_svg

from .markup import html_block, text

CLASS = "openness-profile-figure"


def figure(assessment: Assessment, caption: str = "") -> str:
    """The picture as a finished HTML block, its text alternative (every component and its state)
    below it in a disclosure, and an optional caption (finished HTML)."""
    words = "\n".join(f"<li>{text(line)}</li>" for line in profile_lines(assessment))
    said = f"<p>{caption}</p>\n" if caption else ""
    return html_block(
        f'<figure class="{CLASS}">\n{profile_svg(assessment).rstrip()}\n<figcaption>\n{said}'
        f"<details><summary>The profile in words</summary>\n<ul>\n{words}\n</ul>\n</details>\n"
        "</figcaption>\n</figure>"
    )
