"""What a hub-wide run costs: model cards converted (`init --from-model-card`), then assessed.

    .venv/bin/python benchmarks/hub_run.py [--cards 2000000] [--rounds 5] [--readme]

The repository has no Hugging Face model cards, so this script writes a sample: one README.md per
gallery manifest (manifests/*.yaml), with the front matter Hugging Face cards carry (license, or
`other` with license_name and license_link, base_model, datasets, model-index, language, tags,
pipeline_tag, library_name) taken from the manifest, and a body of the manifest's own notes. Each
step is measured per file in one process, the way a worker of a cluster runs it (library calls,
the spec loaded once), and once per file as a cold `openness` process, the way a shell loop would:

- convert: `read_model_card` and `starter_manifest`, what `openness init --from-model-card` runs;
- assess: `check_shard` over the starter manifests, what `openness assess --format jsonl` runs.

It prints the median per-file time of each (with min and max over the rounds), the load of the
machine while it ran, and the time per core the given number of cards would take; `--readme`
writes all of it into README.md's hub block.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

import openness
from openness.spec import latest_released, load_definition, load_licenses
from openness.starter import read_model_card, starter_manifest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))  # readme_blocks, shared with run.py and measure_*

import readme_blocks  # noqa: E402

BIN = Path(sys.executable).parent
README = ROOT / "README.md"
BLOCK = "hub"


def card_of(manifest: dict[str, Any]) -> str:
    """A model card in Hugging Face's shape, from what a gallery manifest says of the model."""
    model = manifest.get("model", {})
    weights = manifest.get("components", {}).get("final-parameters", {})
    license_id = str(weights.get("license") or "")
    front: dict[str, Any] = {}
    if license_id.startswith("LicenseRef-") or " " in license_id:
        front.update(license="other", license_name=license_id.lower(), license_link="LICENSE")
    elif license_id:
        front["license"] = license_id.lower()  # Hugging Face writes ids in lower case
    base = model.get("base_model")
    if isinstance(base, dict) and "huggingface.co/" in str(base.get("url", "")):
        front["base_model"] = str(base["url"]).split("huggingface.co/", 1)[1]
    datasets = manifest.get("components", {}).get("training-datasets", {}).get("datasets", [])
    names = [item["name"] for item in datasets if isinstance(item, dict) and item.get("name")]
    if names:
        front["datasets"] = names
    front.update(
        language=["en"],
        library_name="transformers",
        pipeline_tag="text-generation",
        tags=["text-generation", str(model.get("producer", "unknown")).lower()],
        **{"model-index": [{"name": str(model.get("name", "model")), "results": []}]},
    )
    notes = [
        str(component.get("notes", ""))
        for component in manifest.get("components", {}).values()
        if isinstance(component, dict)
    ]
    body = "\n\n".join(note for note in notes if note)
    return f"---\n{yaml.safe_dump(front, sort_keys=False)}---\n\n# {model.get('name')}\n\n{body}\n"


def sample_cards(folder: Path) -> list[Path]:
    cards = []
    for manifest in sorted((ROOT / "manifests").glob("*.yaml")):
        card = folder / manifest.stem / "README.md"
        card.parent.mkdir()
        card.write_text(card_of(yaml.safe_load(manifest.read_text("utf-8"))), encoding="utf-8")
        cards.append(card)
    return cards


def per_file(step: Callable[[], object], files: int, rounds: int) -> list[float]:
    """Seconds per file of each round (after one warm-up round)."""
    times = []
    for round_number in range(rounds + 1):
        started = time.perf_counter()
        step()
        if round_number:
            times.append((time.perf_counter() - started) / files)
    return times


def shown(times: list[float]) -> str:
    median, low, high = (1000 * f(times) for f in (statistics.median, min, max))
    return f"{median:.2f} ms ({low:.2f}-{high:.2f})"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cards", type=int, default=2_000_000, help="cards to project for")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of each measurement")
    parser.add_argument("--cold-rounds", type=int, default=2, help="rounds of the cold runs")
    parser.add_argument("--readme", action="store_true", help="write the figures into README.md")
    args = parser.parse_args()
    if args.readme:  # before the runs, not after them
        readme_blocks.check_block(README, BLOCK)
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as work:
        cards = sample_cards(Path(work))
        version = latest_released()
        definition, registry = load_definition(version), load_licenses(version)

        def convert() -> list[tuple[str, str]]:
            out = []
            for card in cards:
                parsed = read_model_card(card.read_text("utf-8"), str(card), registry)
                url = f"https://huggingface.co/example/{card.parent.name}"
                out.append(
                    (
                        f"{card.parent}/openness.yaml",
                        starter_manifest(definition, card=parsed, url=url),
                    )
                )
            return out

        manifests = convert()
        job = openness.Job("assess", "jsonl")
        converting = per_file(convert, len(cards), args.rounds)
        assessing = per_file(lambda: openness.check_shard(job, manifests), len(cards), args.rounds)
        reached = [outcome for outcome in openness.check_shard(job, manifests)]
        valid = sum(outcome.valid for outcome in reached)

        def cold_init() -> None:
            for card in cards:
                subprocess.run(
                    [
                        str(BIN / "openness"),
                        "init",
                        "--force",
                        "--from-model-card",
                        str(card),
                        str(card.parent / "openness.yaml"),
                    ],
                    check=True,
                    capture_output=True,
                    stdin=subprocess.DEVNULL,
                )

        def cold_assess() -> None:
            for card in cards:
                subprocess.run(
                    [
                        str(BIN / "openness"),
                        "assess",
                        "--format",
                        "jsonl",
                        str(card.parent / "openness.yaml"),
                    ],
                    check=False,
                    capture_output=True,
                    stdin=subprocess.DEVNULL,
                )

        init_cold = per_file(cold_init, len(cards), args.cold_rounds)
        assess_cold = per_file(cold_assess, len(cards), args.cold_rounds)
    load = max(load, os.getloadavg()[0])
    text = report(
        cards=len(cards),
        projected=args.cards,
        load=load,
        valid=valid,
        converting=converting,
        assessing=assessing,
        cold=[c + a for c, a in zip(init_cold, assess_cold, strict=True)],
    )
    print(text)
    if args.readme:
        readme_blocks.replace_block(README, BLOCK, text)


def report(
    *,
    cards: int,
    projected: int,
    load: float,
    valid: int,
    converting: list[float],
    assessing: list[float],
    cold: list[float],
) -> str:
    """The README's table and what follows from it, every figure from this run."""
    both = [c + a for c, a in zip(converting, assessing, strict=True)]
    core_hours = statistics.median(both) * projected / 3600
    minutes_on_32 = core_hours * 60 / 32
    # "1.3 minutes", "12 minutes": a tenth where it matters, never "1 minutes"
    on_32 = f"{minutes_on_32:,.1f}" if minutes_on_32 < 10 else f"{minutes_on_32:,.0f}"
    loop = statistics.median(cold) / statistics.median(both)

    def hours(times: list[float]) -> str:
        return f"{statistics.median(times) * projected / 3600:,.1f} h"

    busy = "a quiet machine" if load < 1.5 else "a busy machine (other jobs running)"
    return "\n".join(
        [
            f"| step, per card ({cards} sample cards) | median (min-max) | {projected:,} cards, one core |",
            "|---|---|---|",
            f"| convert (`init --from-model-card`), in one process | {shown(converting)} | {hours(converting)} |",
            f"| assess (`assess --format jsonl`), in one process | {shown(assessing)} | {hours(assessing)} |",
            f"| **both, in one process (a cluster worker)** | {shown(both)} | {hours(both)} |",
            f"| both, a cold `openness` process per step | {shown(cold)} | {hours(cold)} |",
            "",
            f"So {projected:,} cards take about {core_hours:,.1f} core-hours in worker processes "
            f"(some {on_32} minutes on 32 cores), measured on {busy}; a shell loop "
            f"that starts `openness` twice per card costs {loop:,.0f} times more, which is what "
            "`check_shard` (or one `openness assess` over many files) avoids.",
            "",
            f"`python benchmarks/hub_run.py` on {os.cpu_count()} cores, Python "
            f"{sys.version.split()[0]}, load average up to {load:.1f}; the sample cards are written "
            f"from the {cards} gallery manifests (the repository has no real model cards); "
            f"{valid} of {cards} starter manifests are valid as written (the others keep TODOs).",
        ]
    )


if __name__ == "__main__":
    main()
