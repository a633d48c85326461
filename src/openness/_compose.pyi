# The C module _compose.c (built by hatch_build.py when a C compiler and libyaml's header are there).
from collections.abc import Callable
from typing import Any

def bind(path: str, /) -> str: ...
def compose(
    source: bytes,
    resolve: Callable[[str], Any],
    first: str,
    max_depth: int,
    max_nodes: int,
    word: bytes,
    /,
) -> tuple[Any, bytes, dict[int, str], bool] | None: ...
