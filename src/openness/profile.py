"""The openness profile: one picture of an assessment, as a static SVG, for model pages and cards.

Every component of the definition, grouped by the freedoms it serves (the definition's `enables`),
each drawn as a box coloured by its license category and filled by its availability, with the
level reached, the next level and what blocks it. Colour is never the only signal: each box holds a
letter, each row says its state in words, a legend explains both, and the SVG's <title> and <desc>
(and `profile_lines`, for pages) say everything in text. No script, no font file, no external
reference; a light and a dark palette (the dark one follows prefers-color-scheme, or a page that
marks an ancestor `data-md-color-scheme="slate"`, as mkdocs-material's toggle does).

`profile_svg` is a pure function of the assessment: the CLI (`openness badge --profile`) and the
site's model pages print the same bytes for the same manifest and definition version. Everything a
manifest wrote (the model's name, license ids) goes through `escaping.xml`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .assess import Assessment
from .escaping import xml
from .requirements import ComponentState
from .spec import Component, Definition
from .wording import availability_words

WIDTH = 360
_PAD = 12
_ROW = 18
_GROUP = 20
_LINE = 15
_CHAR = 6.0  # average advance of 11 px sans-serif text: enough to wrap and cut lines
_NAME_CHAR = 8.2  # of the 15 px bold name

# A state's look: the palette entry (a CSS class), the letter in its box, its words in the legend.
_OPEN, _RESTRICTED, _CLOSED, _UNKNOWN, _ABSENT = (
    "op-open",
    "op-restr",
    "op-closed",
    "op-unk",
    "op-none",
)
_LETTERS = {
    "open": ("O", _OPEN, "open license"),
    "restricted": ("R", _RESTRICTED, "restricted license"),
    "proprietary": ("P", _CLOSED, "proprietary terms"),
    "none": ("N", _CLOSED, "no license"),
    "unknown": ("?", _UNKNOWN, "unknown"),
}
_NOT_RELEASED = ("\u2013", _ABSENT, "not released")  # an en dash
_NOT_APPLICABLE = ("/", _ABSENT, "not applicable")

# Light first; the dark palette for prefers-color-scheme: dark and for pages that mark their scheme.
_LIGHT = (
    "--op-bg:#ffffff;--op-line:#c4c4c4;--op-fg:#1f1f1f;--op-muted:#555555;--op-ink:#ffffff;"
    "--op-open:#1b6e20;--op-restr:#b54300;--op-closed:#b71c1c;--op-unk:#616161;--op-none:#8a8a8a"
)
_DARK = (
    "--op-bg:#1e2129;--op-line:#4a4f5c;--op-fg:#eceff1;--op-muted:#b0b6c0;--op-ink:#111111;"
    "--op-open:#81c784;--op-restr:#ffb74d;--op-closed:#ef9a9a;--op-unk:#bdbdbd;--op-none:#9ea4ae"
)
_STYLE = (
    f"svg.openness-profile{{{_LIGHT}}}"
    f"@media (prefers-color-scheme:dark){{svg.openness-profile{{{_DARK}}}}}"
    f"[data-md-color-scheme=slate] svg.openness-profile{{{_DARK}}}"
    f"[data-md-color-scheme=default] svg.openness-profile{{{_LIGHT}}}"
    "svg.openness-profile text{font-family:system-ui,-apple-system,'Segoe UI',Roboto,"
    "'DejaVu Sans',sans-serif;font-size:11px;fill:var(--op-fg)}"
    "svg.openness-profile .op-bg{fill:var(--op-bg);stroke:var(--op-line)}"
    "svg.openness-profile .op-name{font-size:15px;font-weight:700}"
    "svg.openness-profile .op-muted{fill:var(--op-muted)}"
    "svg.openness-profile .op-strong{font-weight:700}"
    "svg.openness-profile .op-group{font-weight:700;fill:var(--op-muted)}"
    "svg.openness-profile .op-letter{font-size:10px;font-weight:700;text-anchor:middle}"
    "svg.openness-profile .op-end{text-anchor:end}"
    + "".join(
        f"svg.openness-profile .{name} rect{{stroke:var(--{name});fill:var(--{name})}}"
        f"svg.openness-profile .{name} text.op-letter{{fill:var(--op-ink)}}"
        f"svg.openness-profile .{name}.op-partial rect{{fill:var(--op-bg);stroke-width:2}}"
        f"svg.openness-profile .{name}.op-partial text.op-letter{{fill:var(--{name})}}"
        for name in (_OPEN, _RESTRICTED, _CLOSED, _UNKNOWN)
    )
    + f"svg.openness-profile .{_ABSENT} rect{{fill:var(--op-bg);stroke:var(--op-none);"
    "stroke-dasharray:2 2}"
    f"svg.openness-profile .{_ABSENT} text.op-letter{{fill:var(--op-muted)}}"
)


@dataclass(frozen=True)
class _Look:
    letter: str
    css: str  # palette class, plus op-partial for a partial release
    words: str  # the state in words: 'released, restricted license'
    short: str  # the same, short enough for its row: 'partial, restricted'


def _look(state: ComponentState, definition: Definition) -> _Look:
    if not state.declared:
        return _Look(
            _NOT_RELEASED[0], _ABSENT, "not declared (counts as not released)", "not declared"
        )
    if state.availability == "not-released":
        return _Look(_NOT_RELEASED[0], _ABSENT, "not released", "not released")
    if state.availability == "not-applicable":
        return _Look(_NOT_APPLICABLE[0], _ABSENT, "not applicable", "not applicable")
    if state.availability == "unknown":
        return _Look("?", _UNKNOWN, "availability unknown", "availability unknown")
    key = _category_key(state.category, definition)
    letter, css, words = _LETTERS[key]
    if key == "unknown":
        words = short = "terms unknown"
    else:
        words = _lower(definition.category(state.category).title)
        short = words if words.startswith("no ") else words.rsplit(" ", 1)[0]
    partial = state.availability != "released"
    available = availability_words(definition, state.availability)
    return _Look(
        letter,
        css + (" op-partial" if partial else ""),
        f"{available}, {words}",
        f"partial, {short}" if partial else short,
    )


def _category_key(category: str, definition: Definition) -> str:
    if category in ("", "unknown"):
        return "unknown"
    if definition.category(category).open:
        return "open"
    return category if category in _LETTERS else "restricted"


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:]


def groups(definition: Definition) -> list[tuple[str, list[Component]]]:
    """The components by the freedoms they serve, each once: grouped by the whole set of freedoms
    a component enables, the groups that serve most first, then in the freedoms' order."""
    order = {freedom.id: index for index, freedom in enumerate(definition.freedoms)}
    titles = {freedom.id: _lower(freedom.title) for freedom in definition.freedoms}
    found: dict[tuple[int, ...], list[Component]] = {}
    for component in definition.components:
        key = tuple(sorted(order[freedom] for freedom in component.enables if freedom in order))
        found.setdefault(key, []).append(component)
    ids = list(order)
    result = []
    for key in sorted(found, key=lambda item: (-len(item), item)):
        names = [titles[ids[index]] for index in key]
        said = ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else "".join(names)
        result.append((f"Serves {said}" if names else "Serves no freedom named", found[key]))
    return result


def _missing(assessment: Assessment) -> set[str]:
    return {result.requirement.component for result in assessment.missing}


def _headline(assessment: Assessment) -> tuple[str, str, list[str]]:
    """The level line, the next-level line and the blocker's words (may be empty)."""
    definition = assessment.definition
    version = definition.version + ("" if definition.released else " (draft)")
    level = f"Level reached: {assessment.level.title} (definition {version})"
    target = assessment.next_level
    if target is None:
        return level, "The highest level of the definition.", []
    count = len(assessment.missing)
    unmet = f"{count} requirement{'s' if count != 1 else ''} unmet, marked !"
    blocker = assessment.blocker
    words = [f"Blocked by: {blocker.reason}."] if blocker is not None else []
    return level, f"Next level: {target.title} ({unmet})", words


def _said(component: Component, state: ComponentState, look: _Look, missing: set[str]) -> str:
    """One component in words: 'Final parameters: released, restricted license (X); needed for
    the next level'."""
    words = f"{component.title}: {look.words}"
    if state.expression and state.availability in ("released", "partial"):
        words += f" ({state.expression})"
    if component.id in missing:
        words += "; needed for the next level"
    return words


def profile_lines(assessment: Assessment) -> list[str]:
    """The picture in words, line by line: the text alternative of `profile_svg` (plain text from
    the manifest, unescaped: each renderer escapes it for its medium)."""
    definition = assessment.definition
    level, following, blocked = _headline(assessment)
    following += "" if following.endswith(".") else "."
    lines = [f"{assessment.model}. {level}.", following, *blocked]
    states = {state.component: state for state in assessment.components}
    missing = _missing(assessment)
    for title, components in groups(definition):
        said = []
        for component in components:
            state = states.get(component.id)
            if state is None:
                continue
            said.append(_said(component, state, _look(state, definition), missing))
        lines.append(f"{title}: " + "; ".join(said) + ".")
    return lines


def _wrap(text: str, width: float, limit: int) -> list[str]:
    """Words on lines of at most `width` px (estimated), at most `limit` lines, the last cut with '…'."""
    most = max(8, int(width / _CHAR))
    lines: list[str] = []
    current = ""
    for word in text.split():
        if len(current) + 1 + len(word) <= most or not current:
            current = f"{current} {word}".strip()
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    for index, line in enumerate(lines):
        if len(line) > most:
            lines[index] = line[: most - 1] + "…"
    if len(lines) > limit:
        lines = lines[:limit]
        lines[-1] = lines[-1][: most - 1].rstrip() + "…"
    return lines


def _cut(text: str, width: float, char: float = _CHAR) -> str:
    most = max(4, int(width / char))
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


def _box(x: float, y: float, letter: str, css: str, size: int = 14) -> str:
    return (
        f'<g class="{css}"><rect x="{x}" y="{y}" width="{size}" height="{size}" rx="2"/>'
        f'<text class="op-letter" x="{x + size / 2}" y="{y + size - 3.5}">{xml(letter)}</text></g>'
    )


def _legend(width: float) -> Iterator[tuple[float, int, str]]:
    """Legend items as (x, line, svg), flowed onto as many lines as the width needs."""
    items = [
        *(("box", letter, css, words) for letter, css, words in _LETTERS.values()),
        ("box", "R", f"{_RESTRICTED} op-partial", "outlined: partially released"),
        ("box", *_NOT_RELEASED),
        ("box", *_NOT_APPLICABLE),
        ("mark", "!", "", "needed for the next level"),
    ]
    x, line = float(_PAD), 0
    for kind, letter, css, words in items:
        size = round(18 + len(words) * _CHAR * 0.95 + 10)
        if x + size > width - _PAD and x > _PAD:
            x, line = float(_PAD), line + 1
        if kind == "box":
            shown = _box(x, -10, letter, css, 12)
        else:
            shown = f'<text class="op-strong" x="{x + 3}" y="0">{letter}</text>'
        shown += f'<text class="op-muted" x="{x + 16}" y="0">{xml(words)}</text>'
        yield x, line, shown
        x += size


def profile_svg(assessment: Assessment) -> str:
    """The openness profile of one assessment as a standalone SVG document (one line per part)."""
    definition = assessment.definition
    inner = WIDTH - 2 * _PAD
    level, following, blocked = _headline(assessment)
    missing = _missing(assessment)
    states = {state.component: state for state in assessment.components}
    body: list[str] = []
    y = _PAD + 15
    body.append(
        f'<text class="op-name" x="{_PAD}" y="{y}">'
        f"{xml(_cut(assessment.model, inner, _NAME_CHAR))}</text>"
    )
    y += _LINE + 4
    body.append(
        f'<rect x="{_PAD}" y="{y - 10}" width="11" height="11" rx="2" '
        f'fill="{xml(assessment.level.badge_color)}"/>'
    )
    for line in _wrap(level, inner - 16, 2):
        body.append(f'<text class="op-strong" x="{_PAD + 16}" y="{y}">{xml(line)}</text>')
        y += _LINE
    for line in _wrap(following, inner, 2):
        body.append(f'<text x="{_PAD}" y="{y}">{xml(line)}</text>')
        y += _LINE
    for words in blocked:
        for line in _wrap(words, inner, 6):
            body.append(f'<text class="op-muted" x="{_PAD}" y="{y}">{xml(line)}</text>')
            y += _LINE
    y += 4
    for title, components in groups(definition):
        y += _GROUP - 6
        body.append(f'<text class="op-group" x="{_PAD}" y="{y}">{xml(title)}</text>')
        y += 6
        for component in components:
            state = states.get(component.id)
            if state is None:
                continue
            look = _look(state, definition)
            needed = component.id in missing
            tip = _said(component, state, look, missing)
            row = [
                f'<g class="op-component" data-component="{xml(component.id)}">',
                f"<title>{xml(tip)}</title>",
                _box(_PAD + 10, y, look.letter, look.css),
                f'<text x="{_PAD + 30}" y="{y + 11}">{xml(_cut(component.title, 180))}</text>',
                f'<text class="op-muted op-end" x="{WIDTH - _PAD}" y="{y + 11}">'
                f"{xml(_cut(look.short, 132))}</text>",
            ]
            if needed:
                row.insert(2, f'<text class="op-strong" x="{_PAD + 1}" y="{y + 11}">!</text>')
            row.append("</g>")
            body.append("".join(row))
            y += _ROW
    y += 12
    legend_lines = 0
    for _, number, shown in _legend(WIDTH):
        body.append(f'<g transform="translate(0 {y + number * _ROW})">{shown}</g>')
        legend_lines = max(legend_lines, number + 1)
    height = int(y + legend_lines * _ROW)
    said = profile_lines(assessment)
    title = xml(
        f"Openness profile of {assessment.model}: {assessment.level.title} under the Model "
        f"Openness Definition {definition.version}"
    )
    desc = "\n".join(xml(line) for line in said[1:])
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="openness-profile" role="img" '
        f'width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" '
        f'style="max-width:100%;height:auto">\n'
        f"<title>{title}</title>\n<desc>{desc}</desc>\n<style>{_STYLE}</style>\n"
        f'<rect class="op-bg" x="0.5" y="0.5" width="{WIDTH - 1}" height="{height - 1}" rx="6"/>\n'
        + "\n".join(body)
        + "\n</svg>\n"
    )
