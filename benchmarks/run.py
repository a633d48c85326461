"""Speed and memory of `openness` against the tools a registry would pick instead, in one run.

    make bench                 # or: .venv/bin/python benchmarks/run.py [--sizes 1000,10000]
    make bench BENCH_ARGS="--sizes 1000,10000,100000 --readme"

Peers, on the same files and the same schema:
- ajv-cli (installed from npm into benchmarks/.work by this script; skipped, with a message, when
  npm is absent), schema checks only;
- check-jsonschema, schema checks only;
- `python -m jsonschema` (the reference implementation's CLI), schema checks only, on JSON copies
  of the same files (it reads no YAML), cold runs only: it takes one instance per argument.
The two Python peers run from a virtualenv of their own in benchmarks/.work, as `pipx install
check-jsonschema` would give them (the versions of the development one, from PyPI): in the
development virtualenv, jsonschema finds the format checkers of the `format` extra that
cyclonedx-python-lib's json-validation brings, and builds a Lark grammar (rfc3987-syntax) at
import, which would make each of their cold runs about ten times slower than a user's.
`openness validate` also runs the definition's semantic rules, so every comparison favours the peers.
`openness assess` (JSON Lines, every level and crosswalk) is measured on the same batches.

Every file of a batch is distinct: the samples are cycled, and each copy gets a model name of its
own, so no cache of results keyed by a file's content (which a registry, getting distinct uploads,
could not use either) can help any tool. Peak memory is the largest resident set of the tool's
processes (os.wait4 of the child: a process pool's workers are counted through it).

Runs alternate between the tools (tool A, tool B, ..., then again), so a machine that slows down
slows all of them; every figure is a median, with the minimum and maximum of its runs. Ratios are
against the peer measured in the same run. With --readme the table between the bench markers of
README.md is replaced with this run's.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))  # readme_blocks, shared with the measure_* scripts

import readme_blocks  # noqa: E402

BIN = Path(sys.executable).parent
SCHEMA = ROOT / "schemas" / "manifest" / "1.1" / "schema.json"
WORK = ROOT / "benchmarks" / ".work"
NODE = WORK / "node"
README = ROOT / "README.md"
BLOCK = "bench"
AJV_PACKAGES = ("ajv-cli@5.0.0", "ajv-formats@2.1.1")
PEERS = WORK / "peers"  # check-jsonschema and jsonschema, by themselves
PEER_PACKAGES = ("check-jsonschema", "jsonschema")
# check-jsonschema validates about 30 files a second: a round of 10,000 files would take six minutes
# (the 1,000-file ratio, above 20x, says enough), so it runs on the batches up to this size.
CHECK_JSONSCHEMA_MAX = 1_000


def install_peers() -> Path:
    """The bin folder of a virtualenv holding only check-jsonschema and jsonschema (the versions of
    this one); this virtualenv's own, with a message, if it cannot be made."""
    peers_bin = PEERS / "bin"
    pins = [f"{name}=={importlib.metadata.version(name)}" for name in PEER_PACKAGES]
    stamp = PEERS / "pins.txt"
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == " ".join(pins):
        return peers_bin
    shutil.rmtree(PEERS, ignore_errors=True)
    made = subprocess.run(
        [sys.executable, "-m", "venv", str(PEERS)], capture_output=True, check=False
    )
    if made.returncode == 0:
        made = subprocess.run(
            [str(peers_bin / "python"), "-m", "pip", "install", "-q", *pins],
            capture_output=True,
            text=True,
            check=False,
        )
    if made.returncode != 0:
        print(
            "check-jsonschema and jsonschema run from this virtualenv, where their cold runs are "
            f"slower than a user's: pip install {' '.join(pins)} failed: "
            f"{str(made.stderr).strip()[:300]}",
            file=sys.stderr,
        )
        return BIN
    stamp.write_text(" ".join(pins), encoding="utf-8")
    return peers_bin


def sample_manifests() -> list[Path]:
    """Every manifest of format 1.1 that passes validation: the gallery and the valid fixtures."""
    candidates = sorted((ROOT / "manifests").glob("*.yaml"))
    candidates += sorted(
        (ROOT / "tests" / "fixtures" / "manifest" / "1.1" / "valid").glob("*.yaml")
    )
    return [path for path in candidates if 'manifest_version: "1.1"' in path.read_text("utf-8")]


# The model's name in a sample: the first `name:` of the model mapping, block or flow style.
MODEL_NAME = re.compile(r"(?m)^(model:[ ]*\{[ ]*name: |  name: )([^,\n]*?)([ ]*(?:,|$))")


def distinct(sample: str, index: int) -> str:
    """The sample with a model name of its own: no two files of a batch are the same."""
    match = MODEL_NAME.search(sample)
    if match is None:
        raise SystemExit(f"no model name to make distinct in:\n{sample[:200]}")
    name = f"{yaml.load(match.group(2), Loader=yaml.CSafeLoader)} (copy {index})"
    text = sample[: match.start(2)] + json.dumps(name, ensure_ascii=False) + sample[match.end(2) :]
    # libyaml's loader: PyYAML's own would take an hour over 100,000 files
    if yaml.load(text, Loader=yaml.CSafeLoader)["model"]["name"] != name:
        raise SystemExit(f"the model name was not where it was looked for:\n{sample[:200]}")
    return text


def make_batch(count: int) -> Path:
    """A folder of count files, cycling through the samples, each with its own model name."""
    folder = WORK / f"batch-{count}"
    # Counted, not listed: this process must stay small (see timed)
    if folder.is_dir() and sum(1 for _ in os.scandir(folder)) == count:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    samples = [path.read_text(encoding="utf-8") for path in sample_manifests()]
    for index in range(count):
        text = distinct(samples[index % len(samples)], index)
        (folder / f"m{index:06d}.yaml").write_text(text, encoding="utf-8")
    return folder


def json_copy(path: Path) -> Path:
    target = WORK / "json" / f"{path.stem}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(yaml.safe_load(path.read_text("utf-8"))), encoding="utf-8")
    return target


def install_ajv() -> Path | None:
    """ajv-cli from npm, pinned, into benchmarks/.work/node; None (and why, printed) if it cannot be."""
    ajv = NODE / "node_modules" / ".bin" / "ajv"
    if ajv.exists():
        return ajv
    npm = shutil.which("npm")
    if npm is None:
        print("ajv-cli skipped: npm is not installed (Debian: apt install npm)", file=sys.stderr)
        return None
    NODE.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [
            npm,
            "install",
            "--silent",
            "--no-audit",
            "--no-fund",
            "--prefix",
            str(NODE),
            *AJV_PACKAGES,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0 or not ajv.exists():
        print(f"ajv-cli skipped: npm install failed: {done.stderr.strip()[:300]}", file=sys.stderr)
        return None
    return ajv


@dataclass
class Tool:
    name: str
    command: Callable[[Path, int], list[str] | None]  # (batch folder or file, size) -> argv
    runs: dict[str, list[tuple[float, int]]] = field(default_factory=dict)  # case -> (s, KiB)


def timed(command: list[str], cwd: Path | None = None) -> tuple[float, int, int]:
    """Wall seconds, peak resident memory in KiB, and exit code of one child process.

    The child's peak counts from its spawn, when (vfork) it still shares this process's memory:
    every figure is at least this process's own size, which main() reports, so nothing here may
    hold a batch's names (100,000 paths made a 49 MiB floor)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd
    )
    _, status, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - started, usage.ru_maxrss, os.waitstatus_to_exitcode(status)


def alternate(tools: Sequence[Tool], case: str, target: Path, size: int, repeat: int) -> None:
    """Each tool once, in turn, repeat times (after one warm-up round): alternating runs."""
    commands = [(tool, tool.command(target, size)) for tool in tools]
    commands = [(tool, command) for tool, command in commands if command is not None]
    for round_number in range(repeat + 1):
        for tool, command in commands:
            wall, rss, code = timed(command, cwd=NODE if NODE.is_dir() else None)
            if code != 0:
                raise SystemExit(f"{tool.name} exited with {code} on {case}: {' '.join(command)}")
            if round_number:  # the first round warms the file system cache
                tool.runs.setdefault(case, []).append((wall, rss))


def hyperfine_cold(commands: dict[str, list[str]], repeat: int) -> str:
    """A second opinion on the cold runs from hyperfine (Debian's `hyperfine`), when installed:
    its medians and the ratio of the first command's to each other's. It runs each command in a
    block of its own, not alternating, so the table keeps the alternating figures."""
    hyperfine = shutil.which("hyperfine")
    if hyperfine is None:
        return "hyperfine is not installed: no second opinion on the cold runs."
    export = WORK / "hyperfine.json"
    names = list(commands)
    argv = [hyperfine, "-N", "-w", "3", "-r", str(repeat), "-i", "--export-json", str(export)]
    for name in names:
        argv += ["-n", name, " ".join(commands[name])]
    subprocess.run(argv, check=True, capture_output=True)
    medians = {
        result["command"]: statistics.median(result["times"])
        for result in json.loads(export.read_text(encoding="utf-8"))["results"]
    }
    first = names[0]
    cells = [f"{name} {1000 * medians[name]:.0f} ms" for name in names]
    ratios = [f"{medians[first] / medians[name]:.2f}x {name}'s" for name in names[1:]]
    return f"hyperfine, cold, median of {repeat}: {', '.join(cells)}; {first}: {', '.join(ratios)}."


def own_peak_mib() -> float:
    """This process's peak resident memory, the floor of every child's figure."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def spread(values: list[float], scale: float, digits: int = 0) -> str:
    """median (min-max)"""
    median, low, high = (scale * f(values) for f in (statistics.median, min, max))
    return f"{median:.{digits}f} ({low:.{digits}f}-{high:.{digits}f})"


def table(tools: Sequence[Tool], sizes: Sequence[int], repeat: int, batch_repeat: int) -> str:
    ours, assess, peers = tools[0], tools[1], tools[2:]  # validate, assess, then the peers
    lines = [
        "| run | " + " | ".join(tool.name for tool in tools) + " |",
        "|---|" + "---|" * len(tools),
    ]

    def ratio_cells(case: str, throughput: bool) -> list[str]:
        cells = []
        mine = statistics.median(wall for wall, _ in ours.runs[case])
        for peer in (assess, *peers):
            if case not in peer.runs:
                cells.append("not run")
                continue
            theirs = statistics.median(wall for wall, _ in peer.runs[case])
            cells.append(
                f"{theirs / mine:.2f}x its throughput"
                if throughput
                else f"{mine / theirs:.2f}x its time"
            )
        return cells

    cold = [tool.runs.get("cold") for tool in tools]
    lines.append(
        f"| one file, cold process, ms (median of {repeat}, min-max) | "
        + " | ".join(spread([w for w, _ in runs], 1000) if runs else "not run" for runs in cold)
        + " |"
    )
    lines.append(
        "| openness validate's time against each | — | "
        + " | ".join(ratio_cells("cold", False))
        + " |"
    )
    for size in sizes:
        case = f"batch-{size}"
        cells = []
        for tool in tools:
            runs = tool.runs.get(case)
            cells.append(spread([size / wall for wall, _ in runs], 1) if runs else "not run")
        lines.append(
            f"| {size:,} files, files/s (median of {batch_repeat}, min-max) | "
            + " | ".join(cells)
            + " |"
        )
        lines.append(
            f"| openness validate's throughput against each, {size:,} files | — | "
            + " | ".join(ratio_cells(case, True))
            + " |"
        )
        memory = [
            f"{max(rss for _, rss in tool.runs[case]) / 1024:.0f} MiB"
            if case in tool.runs
            else "not run"
            for tool in tools
        ]
        lines.append(f"| peak memory, {size:,} files | " + " | ".join(memory) + " |")
    if len(sizes) > 1:
        first, last = f"batch-{sizes[0]}", f"batch-{sizes[-1]}"
        growth = [
            f"{max(r for _, r in tool.runs[last]) / max(r for _, r in tool.runs[first]):.2f}x"
            if first in tool.runs and last in tool.runs
            else "not run"
            for tool in tools
        ]
        lines.append(
            f"| peak memory at {sizes[-1]:,} files against {sizes[0]:,} | "
            + " | ".join(growth)
            + " |"
        )
    return "\n".join(lines)


# Issue 16's targets, each a ratio within one run: (what, the tool measured, the peer, the case
# or None for every batch size, the bound, whether the ratio must be at least or at most it).
TARGETS = (
    (
        "batch validate, files/s, against ajv-cli's",
        "openness validate",
        "ajv-cli 5",
        None,
        1.5,
        True,
    ),
    (
        "assess, files/s, against validate's",
        "openness assess",
        "openness validate",
        None,
        0.8,
        True,
    ),
    (
        "cold validate, time, against check-jsonschema's",
        "openness validate",
        "check-jsonschema",
        "cold",
        0.3,
        False,
    ),
)


def targets(tools: Sequence[Tool], sizes: Sequence[int]) -> str:
    """Where this run stands against each target: the ratio, and met or not."""
    by_name = {tool.name: tool for tool in tools}
    said = []
    for what, name, peer, case, bound, at_least in TARGETS:
        cases = [case] if case else [f"batch-{size}" for size in sizes if size >= 10_000]
        for each in cases:
            mine, theirs = by_name[name].runs.get(each), by_name[peer].runs.get(each)
            if not mine or not theirs:
                continue
            a, b = (statistics.median(wall for wall, _ in runs) for runs in (mine, theirs))
            ratio = b / a if case is None else a / b  # throughput for batches, time cold
            met = ratio >= bound if at_least else ratio <= bound
            where = "" if case else f" at {int(each.removeprefix('batch-')):,} files"
            sign = ">=" if at_least else "<="
            said.append(
                f"{what}{where}: {ratio:.2f}x (target {sign} {bound}x, {'met' if met else 'not met'})"
            )
    return "Targets of issue 16 in this run: " + "; ".join(said) + "." if said else ""


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,10000", help="batch sizes, comma-separated")
    parser.add_argument("--repeat", type=int, default=15, help="rounds of the cold runs")
    parser.add_argument("--batch-repeat", type=int, default=3, help="rounds of each batch run")
    parser.add_argument("--readme", action="store_true", help="write the table into README.md")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",") if size]
    if args.readme:  # before the runs, not after them
        readme_blocks.check_block(README, BLOCK)
    WORK.mkdir(parents=True, exist_ok=True)
    single = sample_manifests()[0]
    single_json = json_copy(single)
    ajv = install_ajv()
    peers = install_peers()

    def openness(target: Path, size: int) -> list[str]:
        return [str(BIN / "openness"), "validate", "--quiet", str(target)]

    def openness_assess(target: Path, size: int) -> list[str]:
        return [str(BIN / "openness"), "assess", "--format", "jsonl", str(target)]

    def ajv_cli(target: Path, size: int) -> list[str] | None:
        if ajv is None:
            return None
        data = str(target / "*.yaml") if target.is_dir() else str(target)
        return [
            str(ajv),
            "validate",
            "--spec=draft2020",
            "-c",
            "ajv-formats",
            "-s",
            str(SCHEMA),
            "-d",
            data,
        ]

    def check_jsonschema(target: Path, size: int) -> list[str] | None:
        if size > CHECK_JSONSCHEMA_MAX:
            return None
        files = sorted(str(path) for path in target.iterdir()) if target.is_dir() else [str(target)]
        return [str(peers / "check-jsonschema"), "--schemafile", str(SCHEMA), *files]

    def python_jsonschema(target: Path, size: int) -> list[str] | None:
        if target.is_dir():
            return None
        return [str(peers / "python"), "-m", "jsonschema", "-i", str(single_json), str(SCHEMA)]

    tools = [
        Tool("openness validate", openness),
        Tool("openness assess", openness_assess),
        Tool("ajv-cli 5", ajv_cli),
        Tool("check-jsonschema", check_jsonschema),
        Tool("python -m jsonschema", python_jsonschema),
    ]
    alternate(tools, "cold", single, 1, args.repeat)
    cold_commands = {tool.name: tool.command(single, 1) for tool in tools[:3]}
    second_opinion = hyperfine_cold(
        {name: argv for name, argv in cold_commands.items() if argv is not None}, args.repeat
    )
    for size in sizes:
        alternate(tools, f"batch-{size}", make_batch(size), size, args.batch_repeat)
    text = table(tools, sizes, args.repeat, args.batch_repeat)
    footer = (
        f"\n\n`make bench` on {os.cpu_count()} cores, Python {sys.version.split()[0]}; cold file: "
        f"{single.name}; batches cycle through the {len(sample_manifests())} valid 1.1 manifests; "
        f"check-jsonschema runs on batches of up to {CHECK_JSONSCHEMA_MAX:,} files; peak memory "
        f"is at least the benchmark's own, {own_peak_mib():.0f} MiB (see timed). "
        + second_opinion
        + "\n\n"
        + targets(tools, sizes)
    )
    print(text + footer)
    if args.readme:
        readme_blocks.replace_block(README, BLOCK, text + footer)


if __name__ == "__main__":
    main()
