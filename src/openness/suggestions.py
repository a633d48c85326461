"""Did you mean: the known word closest to a misspelt one, blind to case and punctuation.

`Llama-2`, `llama2` and `LLAMA 2` are one name to a person; they are compared here as `llama2`.
Known words may come with other names for them (a license's full name and aliases), so a name
finds the id it stands for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

_NOT_ALPHANUMERIC = re.compile(r"[\W_]+")


def squeeze(text: str) -> str:
    """A word as a person reads it: lower case, without spaces, hyphens, dots or underscores."""
    return _NOT_ALPHANUMERIC.sub("", text.lower())


def closest(
    word: str,
    choices: Iterable[str],
    *,
    names: Mapping[str, Iterable[str]] | None = None,
    cutoff: float = 0.75,
) -> str | None:
    """The choice that `word` most likely means, or None.

    A choice matches first when it, or one of its `names`, equals the word once squeezed; else the
    closest squeezed spelling (difflib) at `cutoff` or above wins."""
    spellings: dict[str, str] = {}  # squeezed spelling -> the choice it stands for
    for choice in choices:
        spellings.setdefault(squeeze(choice), choice)
    for choice, other_names in (names or {}).items():
        for name in other_names:
            spellings.setdefault(squeeze(name), choice)
    squeezed = squeeze(word)
    if not squeezed:
        return None
    if squeezed in spellings:
        return spellings[squeezed]
    import difflib  # here: only a misspelt word needs it, and a valid manifest has none

    match = difflib.get_close_matches(squeezed, list(spellings), n=1, cutoff=cutoff)
    return spellings[match[0]] if match else None


def did_you_mean(
    word: str,
    choices: Iterable[str],
    *,
    names: Mapping[str, Iterable[str]] | None = None,
    cutoff: float = 0.75,
) -> str:
    """'; did you mean X?' for the closest choice, or '' when there is none (or it is the word)."""
    match = closest(word, choices, names=names, cutoff=cutoff)
    return f"; did you mean {match}?" if match is not None and match != word else ""
