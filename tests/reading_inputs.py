"""Inputs the reader's tests share: every YAML and JSON file of the repository, and traps."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from openness.reader import MAX_DEPTH

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted(
    path
    for folder in ("data", "manifests", "tests/fixtures")
    for path in (ROOT / folder).rglob("*")
    if path.is_file() and path.suffix in (".yaml", ".yml", ".json")
)


def typed(data: Any) -> str:
    """The data with its types: 1, 1.0 and true differ (== says they are equal)."""
    return json.dumps(data, default=repr)


DEEP_FLOW = "a: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n"
DEEP_BLOCK = "".join(" " * level + f"k{level}:\n" for level in range(MAX_DEPTH + 1)) + "\n"
# What YAML 1.1 (the reader) and YAML 1.2 or JSON readers read differently, what the reader
# refuses, and what some parsers quietly drop: written for the fast read of batches, which went
# (a rapidyaml reader), and kept as traps for the C reader.
TRAPS = [
    "a: no\n",
    "a: ~\n",
    "a: Yes\n",
    "a: 1.10\n",
    "a: 017\n",
    "a: 0o17\n",
    "a: 0x1F\n",
    "a: 1_000\n",
    "a: 1:20\n",
    "a: 1e3\n",
    "a: .inf\n",
    "a: -.5\n",
    "a: =\n",
    "a: <<\n",
    "<<: {b: 1}\n",
    "a: &x 1\nb: *x\n",
    "a: &x {c: 1}\nb: *x\n",
    "*x : 1\n",
    "a: [*x]\n",
    "a: !!str 1\n",
    "a: !!int '1'\n",
    "a: ! 1\n",
    "a: !!python/object:os.system x\n",
    "%YAML 1.1\n---\na: 1\n",
    "---\na: 1\n---\nb: 2\n",
    "a: 1\n...\n",
    "a: 1\na: 2\n",
    "1: a\n'1': b\n",
    "? [a]\n: b\n",
    "[a]: b\n",
    "{a: 1}: b\n",
    "a: 9" + "9" * 400 + "\n",
    "a: " + "9" * 300 + "\n",
    "a: -" + "9" * 300 + "\n",
    'a: "\\x41\\N\\_\\L\\e"\n',
    'a: "\\ud83d\\ude00"\n',
    '{"a": "\\ud83d\\ude00"}',
    'a: "\\u00e9 \\t \\n \\" \\\\ \\/"\n',
    "a: b\\nc\n",
    "a: 'b\\c'\n",
    "a:\tb\n",
    "a: b\r\nc: d\r\n",
    "a: b\u2028c\n",
    "a: \ufeffb\n",
    "",
    "# only a comment\n",
    "~\n",
    "a\n",
    "[1, 2]\n",
    "a: |\n  x\n  y\n",
    "a: |-\n  1.1\n",
    "a: |+\n  x\n\n\nb: 1\n",
    "a: >\n  x\n   y\n\n  z\n",
    "a: >2-\n   x\n",
    'a: "x\n  y\n\n  z"\n',
    "a: x\n  y\n\n  z\n",
    "a: 'it''s'\n",
    "a: ''\nb: \"\"\nc:\n",
    "- a\n- - b\n  - c\n-\n",
    "{a: 1, b: [x, y], c: {d: null}}",
    "a: true\nb: false\nc: null\nd: True\ne: NULL\n",
    "a: '1.1'\nb: \"1.1\"\n",
    "a: 2024-02-30\nb: 2024-01-01 10:00:00\n",
    "a: x # 1.1\nb: - 1.1\n",
    "a: Tom & Jerry\nb: a*b\nc: wow!\nd: * list\n",
    "null",  # a document that is no container (found by the hypothesis test)
    "1\n",
    "a: b: c\n",
    "a: [b, c\n",
    DEEP_FLOW,
    DEEP_BLOCK,
]
