"""Keys for the caches of pure judgements (`requirements`, `crosswalk`).

A verdict depends on a component's state, a requirement and the definition it belongs to; the
definition and a framework are each one object per file read, and their structural hash walks
every item of them (tens of microseconds), so a cache key holds them by identity.
"""

from __future__ import annotations

from typing import Generic, TypeVar

_T = TypeVar("_T")

# Entries each cache of judgements keeps: a registry's licenses times the states of a definition's
# components, many times over, and memory stays flat whatever the batch size.
BOUND = 8192


class Same(Generic[_T]):
    """An object as part of a cache key, equal only to itself. The key holds it, so its id is not
    reused while the entry lives."""

    __slots__ = ("value",)

    def __init__(self, value: _T) -> None:
        self.value = value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Same) and other.value is self.value

    def __hash__(self) -> int:
        return id(self.value)

    def __repr__(self) -> str:
        return f"Same({type(self.value).__name__} at {id(self.value):#x})"
