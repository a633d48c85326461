"""The facts about a release that frameworks test besides its components: who may download the
weights and how, whether the provider monetises the model, how much compute trained it, why its
training data is withheld (manifest format 1.1, all optional).

A framework's criterion names a fact by id (spec/frameworks/*.yaml, `fact:`); this module is the one
place that knows where each fact lives in a manifest. A fact a manifest leaves out reads as None:
nobody has stated it, so a criterion on it can be neither met nor failed ("cannot tell").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .manifest import Fact, Manifest


@dataclass(frozen=True)
class FactKind:
    id: str
    title: str  # in words, for a reason: "the conditions on downloading the weights"
    field: str  # where a manifest states it
    read: Callable[[Manifest], Fact | None]
    numeric: bool = False


@dataclass(frozen=True)
class Reading:
    """A fact as one manifest states it: its values (or number), or nothing when left out. Only
    what a criterion tests, so that manifests stating the same share a verdict (`crosswalk`)."""

    kind: FactKind
    values: tuple[str, ...] = ()
    number: float | None = None
    stated: bool = False

    @property
    def words(self) -> str:
        if self.number is not None:
            return f"{self.number:.2g} FLOP"
        return ", ".join(self.values)


def _monetisation_values(fact: Fact) -> tuple[str, ...]:
    return tuple(fact.detail) if fact.value else ("none",)


def _training_compute(manifest: Manifest) -> Fact | None:
    declaration = manifest.components.get("compute-disclosure")
    return declaration.training_compute if declaration is not None else None


def _withheld(manifest: Manifest) -> Fact | None:
    declaration = manifest.components.get("training-datasets")
    return declaration.withheld if declaration is not None else None


KINDS: dict[str, FactKind] = {
    kind.id: kind
    for kind in (
        FactKind(
            "weights-access",
            "the conditions on downloading the weights",
            "distribution.weights_access.condition",
            lambda manifest: manifest.weights_access,
        ),
        FactKind(
            "monetisation",
            "whether the provider monetises the model",
            "distribution.monetisation",
            lambda manifest: manifest.monetisation,
        ),
        FactKind(
            "training-compute",
            "the compute used to train the model",
            "components.compute-disclosure.training_compute.flop",
            _training_compute,
            numeric=True,
        ),
        FactKind(
            "training-data-withheld",
            "why the training data is withheld",
            "components.training-datasets.withheld.reason",
            _withheld,
        ),
    )
}


def fact_ids() -> tuple[str, ...]:
    return tuple(KINDS)


def read_fact(manifest: Manifest, fact_id: str) -> Reading:
    """One fact of one manifest. Raises KeyError for a fact id this module does not know."""
    kind = KINDS[fact_id]
    fact = kind.read(manifest)
    if fact is None:
        return Reading(kind)
    if kind.numeric:
        return Reading(kind, number=float(fact.value), stated=True)
    if fact_id == "monetisation":
        return Reading(kind, _monetisation_values(fact), stated=True)
    return Reading(kind, (str(fact.value),), stated=True)
