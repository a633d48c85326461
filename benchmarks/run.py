"""Speed and memory of `openness validate` against check-jsonschema, measured in one run.

    make bench            # or: .venv/bin/python benchmarks/run.py [--batch 1000] [--repeat 15]

Both tools validate the same files against the same schema. check-jsonschema does schema checks
only; openness also runs the definition's semantic rules, so the comparison favours the peer.
Figures are ratios against the peer, measured here and now, never absolute targets.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SCHEMA = ROOT / "schemas" / "manifest" / "1.0" / "schema.json"
WORK = ROOT / "benchmarks" / ".work"


def sample_manifests() -> list[Path]:
    """Every manifest that passes validation: the gallery and the valid fixtures."""
    candidates = sorted((ROOT / "manifests").glob("*.yaml"))
    candidates += sorted(
        (ROOT / "tests" / "fixtures" / "manifest" / "1.0" / "valid").glob("*.yaml")
    )
    return candidates


def make_batch(count: int) -> list[Path]:
    """count files, cycling through the samples, each under its own name."""
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    samples = sample_manifests()
    files = []
    for index in range(count):
        target = WORK / f"m{index:05d}.yaml"
        target.write_bytes(samples[index % len(samples)].read_bytes())
        files.append(target)
    return files


def timed(command: list[str]) -> tuple[float, int, int]:
    """Wall seconds, peak resident memory in KiB, and exit code of one child process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss, process.returncode


def measure(command: list[str], repeat: int) -> tuple[float, int]:
    timed(command)  # warm the file system cache, as a second run in an editor would be
    runs = [timed(command) for _ in range(repeat)]
    codes = {code for _, _, code in runs}
    if codes != {0}:
        raise SystemExit(f"{command[0]} exited with {codes}: the benchmark files must be valid")
    return statistics.median(wall for wall, _, _ in runs), max(rss for _, rss, _ in runs)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--batch", type=int, default=1000, help="files in the batch run")
    parser.add_argument("--repeat", type=int, default=15, help="runs of each single-file command")
    args = parser.parse_args()
    openness = [str(BIN / "openness"), "validate", "--quiet"]
    peer = [str(BIN / "check-jsonschema"), "--schemafile", str(SCHEMA)]
    single = str(sample_manifests()[0])
    batch = [str(path) for path in make_batch(args.batch)]

    ours_cold, ours_cold_rss = measure([*openness, single], args.repeat)
    peer_cold, peer_cold_rss = measure([*peer, single], args.repeat)
    ours_batch, ours_batch_rss = measure([*openness, *batch], 3)
    peer_batch, peer_batch_rss = measure([*peer, *batch], 3)

    print("| run | openness | check-jsonschema | ratio |")
    print("|---|---|---|---|")
    print(
        f"| one file, cold process (median of {args.repeat}) | {ours_cold * 1000:.0f} ms | "
        f"{peer_cold * 1000:.0f} ms | {ours_cold / peer_cold:.2f}x the peer's time |"
    )
    print(
        f"| {args.batch} files, one process (median of 3) | {args.batch / ours_batch:.0f} files/s | "
        f"{args.batch / peer_batch:.0f} files/s | {peer_batch / ours_batch:.1f}x the peer's throughput |"
    )
    print(
        f"| peak memory, batch | {ours_batch_rss / 1024:.0f} MiB | {peer_batch_rss / 1024:.0f} MiB | "
        f"{ours_batch_rss / peer_batch_rss:.2f}x |"
    )
    print(
        f"\nsingle file: {Path(single).name}; cold peak memory {ours_cold_rss / 1024:.0f} MiB "
        f"vs {peer_cold_rss / 1024:.0f} MiB; python {sys.version.split()[0]}, {os.cpu_count()} cores"
    )
    shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
