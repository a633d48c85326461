"""What the European Open Source AI Index's license notes say of each part of a system.

The Index writes its Licenses notes in one of two ways. Most recent files give parts, "Weights: X.
Code: Y. Data: Z."; the others give a sentence ("Apache 2.0, an OSI-approved license.", "code and
models under Apache 2, datasets complicated", "Model weights provided under MIT, but ..."). This module
reads both into the licenses named for each part (weights, code, inference code, data) and the
licenses named for no part in particular, with the registry's ids and aliases
(`common.licenses_named`). It reads words, not intentions, so it is cautious:

- a clause that hedges ("unclear if", "promised", "murky") attributes nothing;
- a license listed beside a name it cannot read ("Apache and CC-BY-4.0") makes the notes `unread`,
  so that no one license is taken for the whole project;
- a variant ("Modified MIT") is not the license it modifies: it makes the notes `unread` too.

What a part's terms then are (the class of the Licenses dimension, the end model's license) is the
importer's decision (`osai_index`), not this module's.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from ..spec import LicenseRegistry
from .common import Mention, licenses_named

PART_NAMES = ("weights", "code", "inference", "data")
_PARTS = re.compile(r"\b(Weights|Code|Data)\s*:\s*", re.IGNORECASE)
# The words by which a sentence names a part. "inference code" is the code that runs the weights,
# not the code that trained them.
_PART_WORDS = re.compile(
    r"\b(?P<inference>inference\s+code)\b"
    r"|\b(?P<code>(?:training\s+|software\s+|source\s+)?code)\b"
    r"|\b(?P<weights>weights?|checkpoints?|(?:base)?models?(?!\s+card))\b"
    r"|\b(?P<data>data(?:sets?|\s+sources?)?)\b",
    re.IGNORECASE,
)
_CLAUSES = re.compile(r"(?<=[.;!?])\s+|,\s+but\s+|\s+but\s+|,\s+|\s+-\s+")
_HEDGES = re.compile(
    r"\b(unclear|unclarity|murky|promised|ambiguous|not sure|uncertain|unknown)\b|\?", re.IGNORECASE
)
# A name listed beside a license: "<Name> and <license>", "<license> and <Name>".
# Both are matched in a window beside the license, so that a long text costs linear time.
_LISTED_BEFORE = re.compile(r"([A-Z][\w.+-]*)\s*(?:,|and|or|&)\s*$")
_LISTED_AFTER = re.compile(r"\s*(?:,|and|or|&)\s*([A-Z][\w.+-]*)")  # matched at the license's end
_REACH = 200  # characters: a name and a separator
_WORD = re.compile(r"[\w.+-]+")
_COMMUNITY = re.compile(r"\bcommunity\s+licen[cs]e\b", re.IGNORECASE)


@dataclass(frozen=True)
class LicenseNotes:
    """The Licenses notes of one Index file, read."""

    text: str
    parts: dict[str, str]  # the "Weights: X. Code: Y. Data: Z." form, as written; {} for a sentence
    named: dict[str, tuple[str, ...]] = field(default_factory=dict)  # sentence: part -> ids
    unattributed: tuple[str, ...] = ()  # sentence: ids named for no part in particular
    hedged: bool = False  # the sentence doubts what it says somewhere
    unread: bool = False  # it names a license that cannot be read beside one that can
    community_license: bool = False  # it speaks of a "community license" without naming it

    @property
    def structured(self) -> bool:
        return bool(self.parts)

    @property
    def distinct(self) -> tuple[str, ...]:
        """Every license id the sentence names, once each, in order."""
        ids = [i for part in PART_NAMES for i in self.named.get(part, ())]
        return tuple(dict.fromkeys([*ids, *self.unattributed]))

    def one_license(self) -> str | None:
        """The single license the sentence names for the whole system, when it names exactly one,
        doubts nothing and names nothing it cannot read."""
        if self.structured or self.hedged or self.unread or len(self.distinct) != 1:
            return None
        return self.distinct[0]


def read_license_notes(text: str, registry: LicenseRegistry) -> LicenseNotes:
    """The Licenses notes, in either of the Index's two ways of writing them."""
    pieces = _PARTS.split(text)
    if len(pieces) > 2:
        parts = {
            pieces[index].lower(): pieces[index + 1].strip().rstrip(".").strip()
            for index in range(1, len(pieces) - 1, 2)
        }
        return LicenseNotes(text, parts)
    named: dict[str, list[str]] = {}
    unattributed: list[str] = []
    hedged = unread = False
    for clause in _CLAUSES.split(text):
        if _HEDGES.search(clause):
            hedged = True
            continue
        mentions = licenses_named(clause, registry)
        starts = [mention.start for mention in mentions]
        unread = unread or any(not mention.plain for mention in mentions)
        for mention in mentions:
            window = max(0, mention.start - _REACH)
            before = _LISTED_BEFORE.search(clause[window : mention.start])
            after = _LISTED_AFTER.match(clause, mention.end)
            listed = [window + before.start(1)] if before else []
            if after:
                listed.append(after.start(1))
            if any(not _read_at(clause, at, mentions, starts) for at in listed):
                unread = True
        events = sorted(
            [(mention.start, "license", mention.id) for mention in mentions if mention.plain]
            + [(m.start(), "part", str(m.lastgroup)) for m in _PART_WORDS.finditer(clause)]
        )
        waiting_parts: list[str] = []
        waiting_licenses: list[str] = []
        for _, kind, value in events:
            if kind == "part":
                if waiting_licenses and not waiting_parts:  # "MIT license for the weights"
                    named.setdefault(value, []).extend(waiting_licenses)
                    waiting_licenses = []
                    continue
                waiting_parts.append(value)
            elif waiting_parts:  # "code and weights under Apache 2"
                for part in waiting_parts:
                    named.setdefault(part, []).append(value)
                waiting_parts = []
            else:
                waiting_licenses.append(value)
        unattributed.extend(waiting_licenses)
    return LicenseNotes(
        text,
        {},
        {part: tuple(dict.fromkeys(ids)) for part, ids in named.items()},
        tuple(dict.fromkeys(unattributed)),
        hedged,
        unread,
        bool(_COMMUNITY.search(text)),
    )


def _read_at(clause: str, at: int, mentions: tuple[Mention, ...], starts: list[int]) -> bool:
    """Whether the word at `at`, listed beside a license, is read: a license, or a part's name.

    `starts`: where each mention starts, in order (mentions never overlap)."""
    word = _WORD.match(clause, at)
    if word is not None and _PART_WORDS.fullmatch(word.group()):
        return True
    index = bisect_right(starts, at) - 1
    return index >= 0 and at < mentions[index].end
