"""Batches of any size: folders and file lists as input, results streamed in input order, the
same in one process as in several, and memory that does not grow with the batch."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_helpers import run_main, run_openness

from openness.batch import CHUNK, Job, check_files, run

ROOT = Path(__file__).resolve().parents[1]
VALID = sorted((ROOT / "tests" / "fixtures" / "manifest" / "1.1" / "valid").glob("*.yaml"))
INVALID = sorted((ROOT / "tests" / "fixtures" / "manifest" / "1.1" / "invalid").glob("*.yaml"))
GALLERY = sorted((ROOT / "manifests").glob("*.yaml"))


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """150 files, valid and invalid mixed, in nested folders, with a hidden folder and a README."""
    folder = tmp_path_factory.mktemp("batch")
    samples = [*GALLERY[:20], *VALID, *INVALID]
    for index in range(150):
        sub = folder / f"part{index % 3}"
        sub.mkdir(exist_ok=True)
        shutil.copy(samples[index % len(samples)], sub / f"m{index:03d}.yaml")
    (folder / ".hidden").mkdir()
    shutil.copy(INVALID[0], folder / ".hidden" / "skipped.yaml")
    (folder / "README.md").write_text("not a manifest\n", encoding="utf-8")
    return folder


def files_of(folder: Path) -> list[str]:
    return sorted(str(path) for path in folder.rglob("*.yaml") if ".hidden" not in path.parts)


def test_a_folder_is_its_manifests_in_every_subfolder(batch: Path) -> None:
    from_folder = run_openness("validate", "--format", "jsonl", "-j", "1", str(batch))
    listed = run_openness("validate", "--format", "jsonl", "-j", "1", *files_of(batch))
    assert from_folder.returncode == listed.returncode == 1  # some are invalid
    assert from_folder.stdout == listed.stdout
    records = [json.loads(line) for line in from_folder.stdout.splitlines()]
    assert [record["file"] for record in records] == files_of(batch)


def test_a_list_of_files_from_a_file_or_standard_input(batch: Path, tmp_path: Path) -> None:
    listing = tmp_path / "files.txt"
    listing.write_text("\n".join(files_of(batch)) + "\n", encoding="utf-8")
    expected = run_openness("validate", "--format", "jsonl", str(batch)).stdout
    assert run_openness("validate", "--format", "jsonl", "--files-from", str(listing)).stdout == (
        expected
    )
    piped = run_openness(
        "validate", "--format", "jsonl", "--files-from", "-", stdin=listing.read_text()
    )
    assert piped.stdout == expected


@pytest.mark.parametrize("command", [["validate"], ["assess"]])
@pytest.mark.parametrize("output", ["text", "json", "jsonl"])
def test_several_processes_write_what_one_writes(
    batch: Path, command: list[str], output: str
) -> None:
    one = run_openness(*command, "--format", output, "-j", "1", str(batch), timeout=300)
    two = run_openness(*command, "--format", output, "-j", "2", str(batch), timeout=300)
    assert (one.returncode, one.stdout, one.stderr) == (two.returncode, two.stdout, two.stderr)
    assert one.returncode == 1
    if output != "text":
        records = (
            json.loads(one.stdout) if output == "json" else map(json.loads, one.stdout.splitlines())
        )
        assert all(isinstance(record, dict) for record in records)


@pytest.mark.parametrize("output", ["text", "json"])
def test_workers_whose_output_is_in_memory_send_it_back(batch: Path, output: str) -> None:
    """Worker processes write their own chunks when standard output is a file (the test above);
    when it is not one they can inherit (a buffer in memory, as here), the run writes for them."""
    one = run_openness("assess", "--format", output, "-j", "1", str(batch), timeout=300)
    code, out, err = run_main("assess", "--format", output, "-j", "2", str(batch))
    assert (code, out, err) == (one.returncode, one.stdout, one.stderr)


def _pipe_closed_after(lines: int, *args: str) -> tuple[int, str]:
    """The exit code and standard error of a command whose reader goes away after some lines."""
    command = [sys.executable, "-m", "openness", *args]
    with (
        tempfile.TemporaryFile() as err,
        subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=err, stdin=subprocess.DEVNULL
        ) as process,
    ):
        assert process.stdout is not None
        for _ in range(lines):
            process.stdout.readline()
        process.stdout.close()
        try:
            code = process.wait(timeout=120)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
        err.seek(0)
        return code, err.read().decode()


@pytest.mark.parametrize("lines", [1, 40, 100])
def test_a_reader_that_goes_away_ends_the_workers_too(batch: Path, lines: int) -> None:
    """The workers writing in turn stop when the pipe breaks under one of them, and the run ends
    as a one-process run does: quietly, for nobody is left to tell (exit 0, as `yes | head`)."""
    code, err = _pipe_closed_after(lines, "assess", "--format", "jsonl", "-j", "2", str(batch))
    assert code == 0, err
    assert "Traceback" not in err and "Exception ignored" not in err


def test_a_full_disk_under_the_workers_is_one_line(batch: Path) -> None:
    command = [sys.executable, "-m", "openness", "assess", "--format", "jsonl", "-j", "2"]
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [*command, str(batch)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=300,
            check=False,
        )
    assert done.returncode == 2
    assert done.stderr == "openness: error: cannot write the output: No space left on device\n"


FAILING_WORKER = """
import sys
from openness import batch, cli
checked, failing = batch.check_one, sys.argv[1]
def check_one(job, source):
    if source == failing:
        raise RuntimeError("a bug in a worker")
    return checked(job, source)
batch.check_one = check_one  # before the workers are forked
sys.exit(cli.main(sys.argv[2:]))
"""


def test_a_chunk_that_fails_ends_the_run_and_no_worker_is_left_waiting(batch: Path) -> None:
    """An error in a worker's chunk (a bug, say) passes the turn on: the run ends with it, one
    line and exit 3, once the chunks before it are written, in order; no worker is left waiting
    for its turn (the run would hang: the timeout fails the test)."""
    files = files_of(batch)
    failing = 1 + 2 * CHUNK + 5  # in the third chunk: the first file is checked by the run
    command = [sys.executable, "-c", FAILING_WORKER, files[failing], "assess", "--format", "jsonl"]
    done = subprocess.run(
        [*command, "-j", "2", *files],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 3, done.stderr
    assert done.stderr.splitlines()[-1] == (
        "openness: internal error: RuntimeError: a bug in a worker (please report this)"
    )
    written = [json.loads(line)["file"] for line in done.stdout.splitlines()]
    assert written == files[: len(written)] and 1 + 2 * CHUNK <= len(written) < failing + 1


START_METHOD = """
import multiprocessing, sys
from openness import cli
multiprocessing.set_start_method(sys.argv[1])
sys.exit(cli.main(sys.argv[2:]))
"""


@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_workers_started_afresh_write_what_forked_ones_write(tmp_path: Path, method: str) -> None:
    """Workers that are not forked (macOS's way, and Python 3.14's default on Linux) escape what
    the output's encoding lacks, as the command does: an emoji under PYTHONIOENCODING=ascii."""
    text = GALLERY[0].read_text(encoding="utf-8")
    for index in range(2 * CHUNK + 6):
        named = text.replace("\n  name: ", f"\n  name: Model \U0001f600 {index} # ", 1)
        (tmp_path / f"m{index:03d}.yaml").write_text(named, encoding="utf-8")
    environment = {**os.environ, "PYTHONIOENCODING": "ascii"}

    def assess(start_method: str, jobs: str) -> tuple[int, str, str]:
        done = subprocess.run(
            [sys.executable, "-c", START_METHOD, start_method, "assess", "-j", jobs, str(tmp_path)],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
            env=environment,
        )
        return done.returncode, done.stdout, done.stderr

    one = assess("fork", "1")
    assert one[0] == 0 and "Model \\U0001f600 0 " in one[1], one[2]
    assert assess(method, "2") == one


def test_jsonl_has_one_line_for_every_file_even_invalid_ones(batch: Path) -> None:
    done = run_openness("assess", "--format", "jsonl", str(batch), timeout=300)
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(records) == len(files_of(batch))
    invalid = [record for record in records if not record["valid"]]
    assert invalid and all(record["findings"] for record in invalid)
    assert all("level" in record for record in records if record["valid"])


def test_an_empty_folder_and_a_missing_list_are_refused(tmp_path: Path) -> None:
    empty = run_openness("validate", str(tmp_path))
    assert empty.returncode == 2 and "no manifest files" in empty.stdout
    missing = run_openness("validate", "--files-from", str(tmp_path / "nope.txt"))
    assert missing.returncode == 2 and "cannot read the list" in missing.stderr
    both = run_openness("validate", "-", "--files-from", "-", stdin="")
    assert both.returncode == 2 and "both" in both.stderr
    assert run_openness("validate", "-j", "0", str(tmp_path)).returncode == 2


def test_an_unknown_min_level_is_refused_before_any_file_is_read() -> None:
    done = run_openness("assess", "--min-level", "open-sciense", str(GALLERY[0]))
    assert done.returncode == 2 and done.stdout == ""
    assert "unknown level 'open-sciense'" in done.stderr


def _counting(items: list[str], pulled: list[int]) -> Iterator[str]:
    for item in items:
        pulled[0] += 1
        yield item


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_input_is_read_as_the_output_is_written(jobs: int) -> None:
    """Flat memory by construction: when the first result is out, only a window of the input has
    been read, whatever its length."""
    files = [str(path) for path in GALLERY] * 20
    pulled = [0]
    outcomes = run(Job(), _counting(files, pulled), jobs)
    first = next(outcomes)
    assert first.file == files[0]
    window = 1 if jobs == 1 else 2 * jobs * CHUNK
    assert pulled[0] <= window < len(files)
    outcomes.close()


def test_a_shard_gives_the_records_the_command_gives(batch: Path) -> None:
    files = files_of(batch)[:30]
    records = [outcome.record for outcome in check_files(Job(format="jsonl"), files)]
    done = run_openness("validate", "--format", "jsonl", *files)
    assert records == [json.loads(line) for line in done.stdout.splitlines()]


def test_a_manifest_below_min_level_keeps_its_json_record() -> None:
    done = run_openness("assess", "--format", "json", "--min-level", "open-science", str(VALID[0]))
    assert done.returncode == 1 and "below --min-level" in done.stderr
    assert [record["valid"] for record in json.loads(done.stdout)] == [True]


@pytest.mark.parametrize("window", [1, 2, 3, 7, 16384])
def test_a_folder_is_listed_in_order_a_window_of_names_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, window: int
) -> None:
    """However small the window of names held at once, a folder gives every manifest once, in the
    order of os.walk with sorted names: a folder's files, then its subfolders; hidden ones, links
    to folders and other files left out."""
    from openness import batch as batch_module

    for index in (5, 1, 9, 3, 0, 8, 2, 7, 4, 6):
        (tmp_path / f"m{index}.yaml").write_text("x: 1\n", encoding="utf-8")
    (tmp_path / "z.json").write_text("{}", encoding="utf-8")
    (tmp_path / "a.yml").write_text("x: 1\n", encoding="utf-8")
    (tmp_path / ".hidden.yaml").write_text("x: 1\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("x\n", encoding="utf-8")
    for sub in ("b", "a", "c/d", ".git"):
        (tmp_path / sub).mkdir(parents=True, exist_ok=True)
        (tmp_path / sub / "m.yaml").write_text("x: 1\n", encoding="utf-8")
    (tmp_path / "link.yaml").symlink_to(tmp_path / "a", target_is_directory=True)
    (tmp_path / "linked").symlink_to(tmp_path / "b", target_is_directory=True)

    def walked(folder: Path) -> list[str]:
        found = []
        for parent, folders, files in os.walk(folder, followlinks=False):
            folders[:] = sorted(name for name in folders if not name.startswith("."))
            found += [
                os.path.join(parent, name)
                for name in sorted(files)
                if name.endswith((".yaml", ".yml", ".json")) and not name.startswith(".")
            ]
        return found

    monkeypatch.setattr(batch_module, "LISTING_WINDOW", window)
    listed = list(batch_module.manifests_in(str(tmp_path)))
    assert listed == walked(tmp_path)
    assert len(listed) == 15  # 10 + z.json + a.yml + a/, b/, c/d/ (link.yaml is a folder)


def test_a_folder_that_cannot_be_listed_is_said_in_its_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A registry must hear of the uploads it did not check: a subfolder it cannot list is an
    unreadable input (exit 2) where the walk meets it, and the walk goes on. (The tests run as root,
    whom permissions do not stop, so the listing is refused by hand.)"""
    from openness import batch as batch_module

    sample = VALID[0].read_text(encoding="utf-8")
    for name in ("a/m.yaml", "b/m.yaml", "c/m.yaml", "top.yaml"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(sample, encoding="utf-8")
    locked = str(tmp_path / "b")
    scandir = os.scandir

    def refusing(path: str) -> Iterator[os.DirEntry[str]]:
        if path == locked:
            raise PermissionError(13, "Permission denied", path)
        return scandir(path)

    monkeypatch.setattr(batch_module.os, "scandir", refusing)
    code, out, _ = run_main("validate", "--format", "jsonl", "-j", "1", str(tmp_path))
    records = [json.loads(line) for line in out.splitlines()]
    assert [record["file"] for record in records] == [
        str(tmp_path / "top.yaml"),
        str(tmp_path / "a" / "m.yaml"),
        locked,
        str(tmp_path / "c" / "m.yaml"),
    ]
    assert [record["valid"] for record in records] == [True, True, False, True]
    (finding,) = records[2]["findings"]
    assert finding["rule"] == "input-unreadable"
    assert finding["message"] == "is a directory that cannot be listed (Permission denied)"
    assert code == 2
    # the library's walk passes it over unless asked, as os.walk does
    assert locked not in " ".join(batch_module.manifests_in(str(tmp_path)))
