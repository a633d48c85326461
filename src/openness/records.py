"""Record: the equality, hash and repr of the package's frozen dataclasses, written once.

Python 3.11's @dataclass writes each method it adds (__init__, __repr__, __eq__, __hash__, the
order methods, a frozen class's __setattr__ and __delattr__) as source text and compiles it, on
every start of the process: about 0.7 million instructions a method, nothing of it cached in the
.pyc. A cold `openness validate FILE` defines some thirty dataclasses, and a good third of its
time went there (issue 16).

So a frozen dataclass of this package says `eq=False, repr=False` and derives from Record, which
answers __eq__, __hash__ and __repr__ as dataclass's own generated methods would, from the same
fields() (compare=, hash= and repr= of a field included): equal only to an object of the same
class whose compared fields are equal as tuples, the hash of that tuple, `Name(field=value!r, ...)`
with "..." for a repr that reaches itself. @dataclass still makes __init__ and the frozen
__setattr__; fields(), replace() and asdict() work as on any dataclass. Order methods, where a
class needs them, come from ordered(). tests/test_cold_start.py compares every Record class
with the dataclass @dataclass would make of its fields.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from operator import attrgetter, ge, gt, le, lt
from reprlib import recursive_repr
from typing import Any, ClassVar, TypeVar

_Values = Callable[[Any], tuple[Any, ...]]


def _getter(names: list[str]) -> _Values:
    """A function of an object that gives the tuple of these attributes, at C speed."""
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        (name,) = names
        return lambda record: (getattr(record, name),)
    return lambda record: ()


class _Plan:
    """What one class compares, hashes and shows: made once per class, at its first use."""

    __slots__ = ("compared", "hashed", "owner", "shown")

    def __init__(self, cls: type) -> None:
        every = fields(cls)
        self.owner = cls
        self.compared = _getter([field.name for field in every if field.compare])
        self.hashed = _getter(
            [field.name for field in every if (field.compare if field.hash is None else field.hash)]
        )
        self.shown = tuple(field.name for field in every if field.repr)


def _plan(record: Record) -> _Plan:
    """The plan of the record's class: its own, not a base class's (whose fields may be fewer),
    kept on the class. The methods below look it up themselves first (one attribute lookup: a
    call more would make them twice as slow as dataclass's, and assess hashes records a lot)."""
    plan = _Plan(record.__class__)
    type.__setattr__(record.__class__, "_record_plan", plan)
    return plan


class Record:
    """The base of a frozen dataclass declared with eq=False, repr=False (see the module)."""

    __slots__ = ()
    _record_plan: ClassVar[_Plan | None] = None

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            plan = self._record_plan
            if plan is None or plan.owner is not self.__class__:
                plan = _plan(self)
            compared = plan.compared
            return compared(self) == compared(other)
        return NotImplemented

    def __hash__(self) -> int:
        plan = self._record_plan
        if plan is None or plan.owner is not self.__class__:
            plan = _plan(self)
        return hash(plan.hashed(self))

    @recursive_repr()
    def __repr__(self) -> str:
        plan = self._record_plan
        if plan is None or plan.owner is not self.__class__:
            plan = _plan(self)
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in plan.shown)
        return f"{self.__class__.__qualname__}({shown})"


Ordered = TypeVar("Ordered", bound=type)


def ordered(cls: Ordered) -> Ordered:
    """dataclass's order=True for a Record class: <, <=, >, >= compare the compared fields as a
    tuple, with an object of the same class only (else NotImplemented, so a TypeError)."""
    for name, compare in (("__lt__", lt), ("__le__", le), ("__gt__", gt), ("__ge__", ge)):
        method = _order_method(compare)
        method.__name__ = name
        method.__qualname__ = f"{cls.__qualname__}.{name}"
        setattr(cls, name, method)
    return cls


def _order_method(compare: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    """One order method: `compare` of both objects' compared fields, as tuples."""

    def method(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            plan = self._record_plan
            if plan is None or plan.owner is not self.__class__:
                plan = _plan(self)
            compared = plan.compared
            return compare(compared(self), compared(other))
        return NotImplemented

    return method
