"""Inputs for the fuzz tests: real files (fixtures, the gallery, the MOT and Index corpora), and
mutations of them that a careless or a hostile author could make.

A mutation works on the text (truncate, delete or repeat a line, insert a token) or on the data
(delete a key, give a value another type); real files reach every branch of the checks, and the
mutations reach the corners around them.
"""

from __future__ import annotations

import copy
import json
import os
import re
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from openness.reader import ReadError, read_bytes

ROOT = Path(__file__).resolve().parents[1]


def examples(default: int) -> int:
    """How many examples a fuzz test runs: OPENNESS_FUZZ_EXAMPLES (`make fuzz`), else a few."""
    return int(os.environ.get("OPENNESS_FUZZ_EXAMPLES") or default)


def fuzz_settings(default: int) -> Any:
    return settings(
        max_examples=examples(default),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        database=None,  # each run explores afresh; a failure prints the example to keep as a test
    )


def _read(paths: list[Path]) -> list[bytes]:
    return [path.read_bytes() for path in sorted(paths) if path.stat().st_size < 200_000]


MANIFESTS = _read(
    [
        *(ROOT / "tests" / "fixtures").rglob("*.yaml"),
        *(ROOT / "manifests").glob("*.yaml"),
    ]
)
MOT_FILES = _read(list((ROOT / "data" / "mot" / "models").glob("*.yml")))
INDEX_FILES = _read(list((ROOT / "data" / "osai-index").glob("*.yaml")))
MODEL_CARDS = [
    b"---\nlicense: llama2\ndatasets:\n- OpenAssistant/oasst1\nbase_model: meta-llama/Llama-2-7b-hf\n"
    b"base_model_relation: finetune\nmodel-index:\n- name: My Llama Chat\n---\n# My Llama Chat\n",
    b"---\nlicense: other\nlicense_name: my-license\nlicense_link: https://example.org/l\n"
    b"model_name: x\ntags: [a, b]\n---\n",
    b"---\nlicense: apache-2.0\nbase_model: [a/b, c/d]\nbase_model_relation: merge\n---\ntext\n",
]

HUGE_INTEGER = "9" * 5000
# Tokens that break YAML, the reader's limits, the checks' assumptions or the license parser.
TOKENS = [
    *"ab:-[]{},'\"&*!#|>?% \n\t",
    "\r",
    "\r\n",
    "\x85",
    "\u2028",
    "\u2029",
    "\x07",
    "\x00",
    "\ufeff",
    "\ud83d",
    "\\ud83d\\ude00",
    "é",
    "\U0001f600",
    "~",
    "null",
    "no",
    "1.10",
    "0x1F",
    "1:20:30",
    "2024-02-30",
    "&a ",
    "*a",
    "!!str ",
    "!!python/object:os.system ",
    "---\n",
    "...\n",
    "<<: *a\n",
    HUGE_INTEGER,
    "0x" + "f" * 400,
    "1e999",
    "-.inf",
    ".nan",
    "()",
    "(OR MIT)",
    "MIT OR ()",
    "MIT WITH",
    "WITH X",
    "((MIT)",
    "MIT AND",
    "LicenseRef-",
    "AdditionRef-X",
    "NOASSERTION",
    "../../etc/passwd",
    "https://example.org/x",
    "a" * 3000,
]
# Values a field can be given instead of the one it expects.
VALUES: list[Any] = [
    None,
    True,
    0,
    -1,
    1.5,
    float("inf"),
    "",
    " ",
    "x",
    "\n",
    "a\nb",
    "2024-02-30",
    "1.0",
    "1.1",
    "released",
    "unknown",
    "MIT",
    "()",
    "(OR MIT)",
    "MIT OR ()",
    "MIT WITH",
    "NONE",
    "NOASSERTION",
    "LicenseRef-X",
    "Apache-2.0 WITH LLVM-exception",
    "https://example.org",
    "../x.yaml",
    "x" * 600,
    [],
    [None],
    ["a", 1],
    {},
    {"a": 1},
    {"name": "x"},
]

_text_mutation = st.tuples(
    st.sampled_from(["truncate", "delete-line", "repeat-line", "insert", "replace-value"]),
    st.floats(min_value=0, max_value=1),
    st.sampled_from(TOKENS),
)
_data_mutation = st.tuples(
    st.sampled_from(["delete", "replace", "rename"]),
    st.floats(min_value=0, max_value=1),
    st.sampled_from(range(len(VALUES))),
)


def _mutate_text(text: str, kind: str, where: float, token: str) -> str:
    lines = text.splitlines(keepends=True)
    line = min(int(where * len(lines)), max(len(lines) - 1, 0))
    if kind == "truncate":
        return text[: int(where * len(text))]
    if not lines:
        return token
    if kind == "delete-line":
        return "".join(lines[:line] + lines[line + 1 :])
    if kind == "repeat-line":
        return "".join(lines[: line + 1] + lines[line:])
    if kind == "insert":
        at = int(where * len(text))
        return text[:at] + token + text[at:]
    # replace-value: the text after the first ": " of a line
    head, colon, _ = lines[line].partition(": ")
    if not colon:
        return text
    lines[line] = f"{head}: {token}\n"
    return "".join(lines)


def _nodes(data: Any, limit: int = 5000) -> list[tuple[Any, ...]]:
    """The paths of the first `limit` nodes of data, parents first."""
    found: list[tuple[Any, ...]] = []
    queue: list[tuple[tuple[Any, ...], Any]] = [((), data)]
    while queue and len(found) < limit:
        path, node = queue.pop(0)
        found.append(path)
        if isinstance(node, dict):
            queue += [((*path, key), value) for key, value in node.items()]
        elif isinstance(node, list):
            queue += [((*path, index), value) for index, value in enumerate(node)]
    return found


def _mutate_data(data: Any, kind: str, where: float, value: int) -> Any:
    """The data with one node deleted, replaced by another type's value, or its key renamed."""
    paths = [path for path in _nodes(data) if path]
    if not paths:
        return copy.deepcopy(VALUES[value])
    path = paths[min(int(where * len(paths)), len(paths) - 1)]
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if kind == "delete":
        del parent[last]
    elif kind == "rename" and isinstance(parent, dict):
        parent[f"{last}x"] = parent.pop(last)
    else:
        parent[last] = copy.deepcopy(VALUES[value])  # a copy: the next mutation may change it
    return data


def _as_data(raw: bytes) -> Any:
    """The data of a seed, read as the tool reads it (so an alias bomb is no data to mutate)."""
    try:
        return read_bytes(raw, "seed.yaml").data
    except ReadError:
        return None


@st.composite
def mutated(draw: Any, seeds: list[bytes]) -> bytes:
    """One seed file, changed by a few mutations of its data or its text."""
    raw = draw(st.sampled_from(seeds))
    data_mutations = draw(st.lists(_data_mutation, max_size=3))
    if data_mutations:
        data = _as_data(raw)
        if isinstance(data, dict | list):
            for mutation in data_mutations:
                data = _mutate_data(data, *mutation)
            if draw(st.booleans()):
                raw = json.dumps(data, default=str).encode()
            else:
                raw = yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode()
    text = raw.decode("utf-8", "surrogateescape")
    for mutation in draw(st.lists(_text_mutation, max_size=3)):
        text = _mutate_text(text, *mutation)
    return text.encode("utf-8", "surrogatepass")  # a lone surrogate stays: invalid UTF-8


def model_card(front_matter: bytes) -> bytes:
    """A model card whose front matter is the given YAML."""
    return b"---\n" + front_matter + b"\n---\n# A model\n"


# A finding, as every command prints one. Rule ids are kebab-case; schema-* ids carry the JSON
# Schema keyword (schema-maxLength).
FINDING = re.compile(r"^.+:\d+:\d+: (error|warning): .+ \[[a-zA-Z0-9*-]+\]$")
# What starts like a finding: then it must be one, whole, on one line.
LOOKS_LIKE_FINDING = re.compile(r"^.+:\d+:\d+: (error|warning): ")
