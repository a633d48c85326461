"""PyYAML, imported without the cost of its pure-Python reader's regular expression.

Importing `yaml` runs yaml/reader.py, which compiles NON_PRINTABLE, a character class over the
whole of Unicode: Python's regex compiler walks it character by character, about 55 million
instructions, a tenth of a cold `openness validate FILE`, for a pattern that only PyYAML's
pure-Python Reader uses. This tool reads with libyaml (CParser), which checks printable characters
in C. Upstream knows (yaml/pyyaml#124, #301, both open).

So, before the first `import yaml`, `re`'s cache of compiled patterns is given, under that
pattern's text, a pattern of the complement class written out: the same characters (all of them
checked, tests/test_cold_start.py), compiled in a few percent of the time. Nothing else changes;
if a later Python keeps its cache otherwise, yaml compiles its own pattern as before. Every module
of this package imports PyYAML from here.
"""

from __future__ import annotations

import re
import sys

# yaml/reader.py's pattern, character for character: what is not printable in YAML 1.1.
NON_PRINTABLE = "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
# The same set, as the characters it matches: C0 controls but tab and line breaks, DEL and the C1
# controls but NEL, the surrogates, U+FFFE and U+FFFF.
SAME_CHARACTERS = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"


def _seed_pattern_cache() -> None:
    cache = getattr(re, "_cache", None)
    if "yaml" in sys.modules or not isinstance(cache, dict):
        return  # already compiled, or a `re` whose cache is not the dict of Python 3.11
    cache.setdefault((str, NON_PRINTABLE, 0), re.compile(SAME_CHARACTERS))


_seed_pattern_cache()

import yaml  # noqa: E402  (after the seeding: that is the point)
from yaml._yaml import CParser  # noqa: E402

__all__ = ["CParser", "yaml"]
