"""The `openness` command: a thin shell over the library.

Exit codes: 0 valid / level reached; 1 invalid, below --min-level, or (--strict) any warning; 2
unreadable input or bad usage; 3 an internal error (a bug: please report it). No input reaches 3: whatever a file, an
argument or standard input holds, the answer is a finding or a usage error (tests/test_cli_fuzz.py).
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import gc
import json
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from os import PathLike
from typing import TYPE_CHECKING, Any, NoReturn

from . import __version__
from .api import check, validate
from .batch import Job, Outcome, Output, default_jobs, run, silence_stdout, unreadable
from .escaping import escape_what_the_output_cannot_encode, one_line, quote
from .findings import Severity, unreadable_finding
from .output import WriteRefused, check_target, write_file
from .reader import DEFAULT_MAX_BYTES, Document, ReadError, read_bytes
from .render import findings_text
from .spec import SpecError, latest_released, versions
from .suggestions import did_you_mean
from .validate import RULES

if TYPE_CHECKING:
    from .importers.common import Imported

EXIT_OK, EXIT_FAILED, EXIT_UNUSABLE, EXIT_INTERNAL = 0, 1, 2, 3
MAX_BYTES_LIMIT = 1024 * 1024 * 1024  # the largest --max-bytes: 1 GiB is read into memory at most


def _byte_count(text: str) -> int:
    """--max-bytes: a whole number from 1 to MAX_BYTES_LIMIT."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text[:30]!r} is not a whole number") from None
    if not 1 <= value <= MAX_BYTES_LIMIT:
        raise argparse.ArgumentTypeError(f"must be from 1 to {MAX_BYTES_LIMIT} (1 GiB)")
    return value


_INVALID_CHOICE = re.compile(
    r"argument (?P<option>.+?): invalid choice: (?P<value>.+?) \(choose from (?P<choices>.*)\)$"
)


def _version(text: str) -> str:
    """A definition version, checked when one is given: building the parser reads no spec file."""
    known = versions()
    if text not in known:
        choices = ", ".join(repr(version) for version in known)
        raise argparse.ArgumentTypeError(f"invalid choice: {text[:30]!r} (choose from {choices})")
    return text


def _language(text: str) -> str:
    """A translation's language code, checked when one is given (the translations are imported
    then, not on every start)."""
    from .translations import codes

    known = codes()
    if text not in known:
        choices = ", ".join(repr(code) for code in known)
        raise argparse.ArgumentTypeError(f"invalid choice: {text[:30]!r} (choose from {choices})")
    return text


def _terminal_columns() -> int:
    """shutil.get_terminal_size().columns, without importing shutil (which imports the
    compression modules): $COLUMNS, else the terminal of standard output, else 80."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's own, given the width it would find itself: every argument added makes one, and
    left to itself it imports shutil, which a cold start pays for even when no help is shown."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=_terminal_columns() - 2)


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose subcommands' parsers are of this class too, with that formatter."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        found = _INVALID_CHOICE.match(message)
        if found is None:
            super().error(message)
        choices = [choice.strip().strip("'") for choice in found["choices"].split(",")]
        value = found["value"].strip("'")
        hint = did_you_mean(value, choices, cutoff=0.6)
        _say(
            f"{self.prog}: error: {found['option']}: unknown value {quote(value)}{hint} "
            f"(choose from {', '.join(choices)})"
        )
        self.exit(EXIT_UNUSABLE)


def _parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; with `only`, the top level and that one command, all that parsing a
    command line which starts with it needs: each command's parser costs a cold start time (argparse
    looks up its translations for each), and the top level's usage and errors name no command."""
    parser = _Parser(
        prog="openness",
        description="Validate model openness manifests and assess them against the Model Openness Definition.",
        epilog="Exit codes: 0 ok, 1 invalid or below --min-level (with --strict: any warning), "
        "2 unreadable input or usage, 3 internal error.",
    )
    parser.add_argument("--version", action="version", version=f"openness {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, add_command in _COMMANDS.items():
        if only is None or name == only:
            add_command(commands)
    return parser


def _common(command: argparse.ArgumentParser) -> None:
    """The arguments validate and assess share: the files of a batch and how to check them."""
    command.set_defaults(usage=command.format_usage)
    command.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="manifest files (YAML or JSON), or folders: their *.yaml, *.yml and *.json files, "
        "in every subfolder; - reads one manifest from standard input",
    )
    command.add_argument(
        "--files-from",
        metavar="LIST",
        help="also check the files named in LIST, one per line (- reads the list from "
        "standard input): a batch of any size without a long command line",
    )
    command.add_argument(
        "-j",
        "--jobs",
        type=_job_count,
        metavar="N",
        help=f"check in N processes (default: every core, for {PARALLEL_FROM} files or more)",
    )
    command.add_argument(
        "--definition",
        metavar="VERSION",
        type=_version,
        help="definition version (default: the manifest's claim, else the newest released)",
    )
    command.add_argument(
        "--max-bytes",
        type=_byte_count,
        default=DEFAULT_MAX_BYTES,
        metavar="N",
        help="refuse files larger than N bytes (default 1 MiB, at most 1 GiB)",
    )
    command.add_argument(
        "--root",
        metavar="DIR",
        help="the folder base manifests may be read from (default: each manifest's own folder)",
    )
    command.add_argument(
        "--strict",
        action="store_true",
        help="warnings fail too (exit code 1): placeholders not filled, a draft version, ...",
    )


def _add_validate_command(commands: Any) -> None:
    validate_command = commands.add_parser(
        "validate", help="check manifests: schema and the definition's rules"
    )
    _common(validate_command)
    validate_command.add_argument(
        "--format",
        choices=("text", "json", "jsonl"),
        default="text",
        help="text; json: one array; jsonl: one object per line, each written when it is done",
    )
    validate_command.add_argument(
        "-q", "--quiet", action="store_true", help="print errors only, no warnings or summary"
    )


def _add_assess_command(commands: Any) -> None:
    assess_command = commands.add_parser(
        "assess", help="the level each manifest reaches, and what it needs for the next"
    )
    _common(assess_command)
    assess_command.add_argument(
        "--format",
        choices=("text", "json", "jsonl", "markdown"),
        default="text",
        help="text; markdown; json: one array; jsonl: one object per line, invalid files included",
    )
    assess_command.add_argument(
        "--min-level", metavar="LEVEL", help="exit with 1 when a manifest is below this level"
    )
    assess_command.add_argument(
        "--lang",
        metavar="LANG",
        type=_language,
        help="text output in this language, with the translated clauses' URLs (the English is normative)",
    )


def _add_rules_command(commands: Any) -> None:
    commands.add_parser("rules", help="list the rule ids of findings")


def _add_init_command(commands: Any) -> None:
    init_command = commands.add_parser("init", help="write a commented starter openness.yaml")
    init_command.add_argument("file", nargs="?", default="openness.yaml", metavar="FILE")
    init_command.add_argument(
        "--from-model-card",
        metavar="README",
        help="fill what a Hugging Face model card's YAML front matter says",
    )
    init_command.add_argument("--name", help="the model's name")
    init_command.add_argument("--producer", help="who trained and released the model")
    init_command.add_argument(
        "--url", help="where the weights are published (e.g. the Hugging Face repository)"
    )
    init_command.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    init_command.add_argument(
        "--definition",
        metavar="VERSION",
        type=_version,
        help="the definition and manifest format to write (default: the newest released)",
    )


def _add_diff_command(commands: Any) -> None:
    diff_command = commands.add_parser("diff", help="what changed between two definition versions")
    diff_command.add_argument("old", type=_version, metavar="OLD")
    diff_command.add_argument("new", type=_version, metavar="NEW")
    diff_command.add_argument("--format", choices=("text", "json"), default="text")


def _add_badge_command(commands: Any) -> None:
    badge_command = commands.add_parser(
        "badge", help="write an SVG badge of the level a manifest reaches, or its openness profile"
    )
    badge_command.add_argument("file", metavar="FILE")
    badge_command.add_argument(
        "--profile",
        action="store_true",
        help="the openness profile instead: every component, its state and what blocks the next "
        "level (the picture of the site's model pages)",
    )
    badge_command.add_argument(
        "-o",
        "--output",
        default="-",
        metavar="SVG",
        help="where to write it (default: standard output)",
    )
    badge_command.add_argument("--definition", metavar="VERSION", type=_version)
    badge_command.add_argument(
        "--force", action="store_true", help="replace the output file if it exists"
    )
    badge_command.add_argument(
        "--root",
        metavar="DIR",
        help="the folder base manifests may be read from (default: the manifest's own folder)",
    )


def _say(line: str) -> None:
    """One line to standard error, escaped and bounded: the file names and values it quotes may
    come from a stranger's manifest or model card."""
    print(one_line(line), file=sys.stderr)


def _job_count(text: str) -> int:
    """--jobs: a whole number from 1 to 256."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text[:30]!r} is not a whole number") from None
    if not 1 <= value <= 256:
        raise argparse.ArgumentTypeError("must be from 1 to 256")
    return value


def _json_needs_ascii() -> bool:
    """Whether JSON on standard output must use \\u escapes: its encoding is not UTF-8, and an
    escape of Python's for a character the encoding lacks would not be JSON."""
    encoding = (getattr(sys.stdout, "encoding", None) or "utf-8").lower()
    return not encoding.replace("-", "").startswith("utf")


def _at_terminal() -> bool:
    """Whether a person is at a terminal to answer questions (never when a stream is closed)."""
    return all(stream is not None and stream.isatty() for stream in (sys.stdin, sys.stdout))


def _ask(question: str) -> str | None:
    try:
        return input(question).strip() or None
    except EOFError:  # Ctrl-D: no answer
        return None


def _write_stdout(text: str) -> None:
    """The product of a command (a badge, a manifest) on standard output, which must be open."""
    if sys.stdout is None:
        raise OSError(errno.EBADF, "standard output is closed")
    sys.stdout.write(text)


PARALLEL_FROM = 64  # a batch this large is spread over every core unless --jobs says otherwise


def _read_stdin(max_bytes: int) -> bytes:
    """At most max_bytes + 1 bytes of standard input; ReadError when it is closed or unreadable."""
    stream = getattr(sys.stdin, "buffer", sys.stdin)
    if stream is None:
        raise ReadError("<stdin>", 1, 1, "standard input is closed", "input-unreadable")
    try:
        raw = stream.read(max_bytes + 1)
    except (OSError, ValueError) as error:  # a directory, a closed stream
        reason = getattr(error, "strerror", None) or "it cannot be read"
        raise ReadError("<stdin>", 1, 1, f"cannot read: {reason}", "input-unreadable") from None
    return raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else bytes(raw)


class _Usage(Exception):
    """A usage error found while reading the inputs: one line, exit 2."""


def _inputs(args: argparse.Namespace, job: Job) -> Iterator[str | Outcome]:
    """The files to check, lazily: arguments (folders walked), then the --files-from list."""
    from .batch import manifests_in

    def expand(name: str) -> Iterator[str | Outcome]:
        if name == "-" or not os.path.isdir(name):
            yield name
            return
        found = 0
        unlisted: list[Outcome] = []  # a subfolder that cannot be listed, said in walk order

        def cannot_list(folder: str, error: OSError) -> None:
            reason = error.strerror or type(error).__name__
            message = f"is a directory that cannot be listed ({reason})"
            unlisted.append(unreadable(job, ReadError(folder, 1, 1, message, "input-unreadable")))

        for file in manifests_in(name, unlistable=cannot_list):
            found += 1
            yield from unlisted
            unlisted.clear()
            yield file
        yield from unlisted
        if not found and not unlisted:
            message = "is a directory with no manifest files (*.yaml, *.yml, *.json) in it"
            yield unreadable(job, ReadError(name, 1, 1, message, "input-unreadable"))

    for name in args.files:
        yield from expand(name)
    if args.files_from is None:
        return
    try:
        listing = (
            sys.stdin
            if args.files_from == "-"
            else open(args.files_from, encoding="utf-8", errors="surrogateescape")  # noqa: SIM115
        )
    except OSError as error:
        raise _Usage(f"{args.files_from}: cannot read the list ({error.strerror})") from None
    if listing is None:
        raise _Usage("--files-from -: standard input is closed")
    with contextlib.closing(listing) if listing is not sys.stdin else contextlib.nullcontext():
        for line in listing:
            name = line.rstrip("\r\n")
            if name:
                yield from expand(name)


def _sources(args: argparse.Namespace, job: Job) -> Iterator[str | Document | Outcome]:
    """The inputs, with standard input read here (once), so workers only get paths and texts."""
    if "-" in args.files and args.files_from == "-":
        raise _Usage("standard input cannot be both a manifest (-) and the list (--files-from -)")
    for name in _inputs(args, job):
        if name != "-":
            yield name
            continue
        try:
            yield read_bytes(_read_stdin(args.max_bytes), "<stdin>", max_bytes=args.max_bytes)
        except ReadError as error:
            yield unreadable(job, error)


def _outcomes(args: argparse.Namespace, job: Job, output: Output) -> Iterator[Outcome]:
    """Every input's outcome, in input order, written; in several processes when the batch is
    large."""
    from itertools import chain, islice

    sources = _sources(args, job)
    head = list(islice(sources, PARALLEL_FROM))
    jobs = args.jobs or (default_jobs() if len(head) == PARALLEL_FROM else 1)
    return run(job, chain(head, sources), jobs, output)


class _Writer:
    """Writes each outcome as it comes (batch.Output), keeping only the counts the exit code
    needs."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.output = Output(job)
        self.files = self.valid = 0
        self.unreadable = self.below = False
        self.warned = 0  # valid manifests with warnings

    def count(self, outcome: Outcome) -> None:
        self.files += 1
        self.valid += outcome.valid
        self.unreadable |= not outcome.readable
        self.below |= outcome.below_min_level
        self.warned += outcome.warned

    def close(self) -> int:
        self.output.close()
        strict = self.job.strict and self.warned > 0
        if self.job.command == "validate" and self.job.format == "text" and not self.job.quiet:
            print(f"{self.valid} of {self.files} manifest(s) valid", file=sys.stderr)
        if strict and self.job.format in ("text", "markdown"):
            _say(f"--strict: {self.warned} valid manifest(s) with warnings, which fail")
        if self.unreadable:
            return EXIT_UNUSABLE
        passed = self.valid == self.files and not self.below and not strict
        return EXIT_OK if passed else EXIT_FAILED


def _run_batch(args: argparse.Namespace, job: Job) -> int:
    if not args.files and args.files_from is None:
        sys.stderr.write(args.usage())
        _say(f"openness {args.command}: error: name files or folders, or --files-from LIST")
        return EXIT_UNUSABLE
    writer = _Writer(job)
    try:
        for outcome in _outcomes(args, job, writer.output):
            writer.count(outcome)
    except _Usage as error:
        _say(f"openness: error: {error}")
        return EXIT_UNUSABLE
    return writer.close()


def run_validate(args: argparse.Namespace) -> int:
    job = Job(
        "validate",
        args.format,
        args.definition,
        args.max_bytes,
        args.root,
        args.quiet,
        strict=args.strict,
    )
    job = replace(job, ascii=_json_needs_ascii())
    return _run_batch(args, job)


def run_assess(args: argparse.Namespace) -> int:
    if args.min_level:  # a usage error is found before any file is read
        from .spec import load_definition

        chosen = [args.definition] if args.definition else versions()
        known = {level.id for version in chosen for level in load_definition(version).levels}
        if args.min_level not in known:
            names = ", ".join(sorted(known))
            hint = did_you_mean(args.min_level, known, cutoff=0.6)
            _say(
                f"openness assess: error: --min-level: unknown level {quote(args.min_level)}"
                f"{hint} (levels: {names})"
            )
            return EXIT_UNUSABLE
    if args.lang is not None and args.format != "text":
        _say(f"openness: error: --lang applies to --format text, not {args.format}")
        return EXIT_UNUSABLE
    job = Job(
        "assess",
        args.format,
        args.definition,
        args.max_bytes,
        args.root,
        False,
        args.min_level,
        strict=args.strict,
        language=args.lang,
    )
    job = replace(job, ascii=_json_needs_ascii())
    return _run_batch(args, job)


def run_rules(_: argparse.Namespace) -> int:
    width = max(len(rule) for rule in RULES)
    for rule, text in RULES.items():
        print(f"{rule.ljust(width)}  {text}")
    return EXIT_OK


def run_init(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .spec import load_licenses
    from .starter import read_card_file, starter_manifest

    target = Path(args.file)
    inputs = [args.from_model_card] if args.from_model_card else []
    if os.path.lexists(target) and not args.force:  # a link too, even one that leads nowhere
        _say(f"openness: error: {target}: exists; use --force to replace it")
        return EXIT_UNUSABLE
    try:  # refused before the model card is read or a question asked
        check_target(target, force=args.force, inputs=inputs)
    except WriteRefused as error:
        _say(f"openness: error: {error}")
        return EXIT_UNUSABLE
    version = args.definition or latest_released()
    card = None
    if args.from_model_card:
        try:
            card = read_card_file(args.from_model_card, load_licenses(version))
        except ReadError as error:
            print(error, file=sys.stderr)
            return EXIT_UNUSABLE
    name, producer = args.name, args.producer
    if _at_terminal():  # ask only a person at a terminal
        name = name or (card.name if card else None) or _ask("Model name: ")
        producer = producer or _ask("Producer (who trained and released it): ")
    from .spec import load_definition

    definition = load_definition(version)
    text = starter_manifest(
        definition,
        name=name,
        producer=producer,
        card=card,
        url=args.url,
        pinned=version != latest_released(),
    )
    try:
        write_file(target, text, force=args.force, inputs=inputs)
    except WriteRefused as error:
        _say(f"openness: error: {error}")
        return EXIT_UNUSABLE
    draft = "" if definition.released else f" (definition {definition.label}, which may change)"
    _say(f"wrote {target}{draft}; fill the TODOs, then: openness validate {target}")
    if card is not None and not args.url:
        _say(f"{target}: TODO: where the weights and the model card are (or run again with --url)")
    for item in card.unmapped if card else ():
        _say(f"{args.from_model_card}: warning: not mapped, left as TODO: {item}")
    return EXIT_OK


def run_badge(args: argparse.Namespace) -> int:
    from .badge import badge_svg
    from .profile import profile_svg

    source: str | Document = args.file
    if args.file == "-":
        try:
            source = read_bytes(_read_stdin(DEFAULT_MAX_BYTES), "<stdin>")
        except ReadError as error:
            print(findings_text([unreadable_finding(error)]), file=sys.stderr)
            return EXIT_UNUSABLE
    # The assessment the validation judged the claim with: each level is judged once.
    result, assessment = check(source, definition_version=args.definition, root=args.root)
    if assessment is None:
        print(findings_text(result.findings), file=sys.stderr)
        return EXIT_UNUSABLE if not result.readable else EXIT_FAILED
    svg = profile_svg(assessment) if args.profile else badge_svg(assessment)
    if args.output == "-":
        _write_stdout(svg)
        return EXIT_OK
    try:
        write_file(args.output, svg, force=args.force, inputs=[args.file])
    except WriteRefused as error:
        _say(f"openness: error: {error}")
        return EXIT_UNUSABLE
    return EXIT_OK


def run_diff(args: argparse.Namespace) -> int:
    from .changes import changes_dict, changes_text, diff
    from .spec import load_definition

    changes = diff(load_definition(args.old), load_definition(args.new))
    print(
        json.dumps(changes_dict(changes), indent=2)
        if args.format == "json"
        else changes_text(changes)
    )
    return EXIT_OK


# --- openness import: other assessments converted into manifests -----------------------------------


def _add_import_command(commands: Any) -> None:
    import_command = commands.add_parser(
        "import", help="convert other openness assessments into manifests"
    )
    sources = import_command.add_subparsers(dest="source", required=True, metavar="SOURCE")
    mot = sources.add_parser(
        "mot",
        help="Model Openness Tool model files (https://github.com/lfai/model_openness_tool)",
        description="Convert Model Openness Tool model files into manifests. What cannot be "
        "mapped is reported as a warning and kept in notes.",
    )
    _import_files(
        mot,
        "MOT model files (YAML)",
        "write <name>.yaml files into DIR (default: standard output, one file only)",
    )
    index = sources.add_parser(
        "osai-index",
        help="European Open Source AI Index system files (https://osai-index.eu, CC-BY 4.0)",
        description="Convert European Open Source AI Index system files into manifests: the end "
        "model's, and its base model's where the Index names one (<name>.base.yaml). What cannot "
        "be mapped is reported as a warning and kept in notes.",
    )
    _import_files(
        index,
        "Index system files (YAML)",
        "write <name>.yaml and <name>.base.yaml files into DIR "
        "(default: the end model's manifest on standard output, one file only)",
    )
    index.add_argument(
        "--date",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="the provenance date: when the Index data was read (default: today)",
    )
    _add_cyclonedx_import(sources)


def _add_cyclonedx_import(sources: Any) -> None:
    bom = sources.add_parser(
        "cyclonedx",
        help="CycloneDX ML-BOMs (JSON), such as `openness export --format cyclonedx` writes",
        description="Convert CycloneDX BOMs into manifests: the model (metadata.component) and the "
        "components that carry openness properties. What cannot be mapped is reported as a warning.",
    )
    _import_files(
        bom,
        "CycloneDX BOM files (JSON)",
        "write <model-name>.yaml files into DIR (default: standard output, one file only)",
    )
    bom.add_argument(
        "--max-bytes",
        type=_byte_count,
        default=DEFAULT_MAX_BYTES,
        metavar="N",
        help="refuse files larger than N bytes (default 1 MiB, at most 1 GiB)",
    )


def _import_files(source: argparse.ArgumentParser, files: str, output: str) -> None:
    """The arguments every import source takes: its files, --force and -o DIR."""
    source.add_argument("files", nargs="+", metavar="FILE", help=files)
    source.add_argument("--force", action="store_true", help="replace output files that exist")
    source.add_argument("-o", "--output", metavar="DIR", help=output)


def _iso_date(text: str) -> str:
    from datetime import date

    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _imports(args: argparse.Namespace, file: str) -> tuple[Any, ...]:
    """The manifests one file becomes, by its source; ReadError or ImportRefused if none."""
    if args.source == "cyclonedx":
        from .importers.cyclonedx import import_cyclonedx

        return (import_cyclonedx(file, max_bytes=args.max_bytes),)
    if args.source == "osai-index":
        from .importers.osai_index import import_osai_index

        return import_osai_index(file, checked=args.date)
    from .importers.mot import import_mot, output_name

    imported = import_mot(file)
    return (replace(imported, name=output_name(imported)),)


def _refused(imported: Imported, target: PathLike[str]) -> bool:
    """Whether the manifest an import made breaks the validator's rules, which are then printed:
    an import never writes a manifest that `openness validate` rejects (exit code 1)."""
    from .reader import read_text

    try:
        result = validate(read_text(imported.yaml(), str(target)))
    except ReadError as error:
        print(error, file=sys.stderr)
        errors = 1
    else:
        shown = [finding for finding in result.findings if finding.severity is Severity.ERROR]
        if shown:
            print(findings_text(shown), file=sys.stderr)
        errors = len(shown)
    if errors:
        print(
            f"openness: error: {target}: not written: the manifest made from {imported.file} "
            f"breaks {errors} rule(s) of its format",
            file=sys.stderr,
        )
    return errors > 0


def run_import(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .importers.common import ImportRefused

    if args.output is None and len(args.files) > 1:
        print("openness: error: several files need -o DIR", file=sys.stderr)
        return EXIT_UNUSABLE
    folder = Path(args.output or ".")
    if args.output is not None:  # checked before anything is imported: a refusal is one line
        try:
            if not folder.exists() and not folder.is_symlink():
                folder.mkdir(parents=True)
        except (OSError, ValueError) as error:
            reason = getattr(error, "strerror", None) or str(error)
            _say(f"openness: error: {folder}: cannot create the folder ({reason})")
            return EXIT_UNUSABLE
        if folder.is_symlink() or not folder.is_dir():
            _say(f"openness: error: {folder}: is not a folder; -o names one")
            return EXIT_UNUSABLE
    code = EXIT_OK
    written: dict[str, str] = {}  # output name -> the input it came from, in this run
    for file in args.files:
        try:
            manifests = _imports(args, file)
        except (ReadError, ImportRefused) as error:
            print(str(error), file=sys.stderr)
            code = EXIT_UNUSABLE
            continue
        for imported in manifests:
            if imported.findings:
                print(findings_text(imported.findings), file=sys.stderr)
        if args.output is None:
            if _refused(manifests[0], Path(manifests[0].name)):
                code = max(code, EXIT_FAILED)
                continue
            _write_stdout(manifests[0].yaml())
            for other in manifests[1:]:
                _say(f"{file}: note: {other.name} not written; use -o DIR")
            continue
        for imported in manifests:
            target = folder / imported.name
            if _refused(imported, target):
                code = max(code, EXIT_FAILED)
                continue
            if target.name in written:
                message = f"{target}: already written from {written[target.name]} in this run"
                _say(f"openness: error: {message}; nothing overwritten")
                code = EXIT_UNUSABLE
                continue
            try:
                write_file(target, imported.yaml(), force=args.force, inputs=args.files)
            except WriteRefused as error:
                _say(f"openness: error: {error}")
                code = EXIT_UNUSABLE
                continue
            written[target.name] = file
    return code


# --- openness export: a manifest as a bill of materials ----------------------------------------------


def _add_export_command(commands: Any) -> None:
    export = commands.add_parser(
        "export",
        help="write a manifest and its assessment as a CycloneDX or SPDX 3 bill of materials",
        description="Write a valid manifest, with the level it reaches and each framework's "
        "verdict, as a CycloneDX 1.7 ML-BOM or SPDX 3.0.1 JSON-LD (AI and Dataset profiles).",
    )
    export.add_argument("file", metavar="MANIFEST", help="the manifest; - reads standard input")
    export.add_argument("--format", choices=("cyclonedx", "spdx3"), required=True)
    export.add_argument(
        "-o",
        "--output",
        default="-",
        metavar="FILE",
        help="where to write (default: standard output)",
    )
    export.add_argument("--force", action="store_true", help="replace the output file if it exists")
    export.add_argument("--definition", metavar="VERSION", choices=versions())
    export.add_argument(
        "--root",
        metavar="DIR",
        help="the folder base manifests may be read from (default: the manifest's own folder)",
    )


# Every command, in the order of `openness --help`, and the function that adds its parser.
_COMMANDS: dict[str, Callable[[Any], None]] = {
    "validate": _add_validate_command,
    "assess": _add_assess_command,
    "rules": _add_rules_command,
    "init": _add_init_command,
    "diff": _add_diff_command,
    "badge": _add_badge_command,
    "import": _add_import_command,
    "export": _add_export_command,
}


def run_export(args: argparse.Namespace) -> int:
    inputs = [] if args.file == "-" else [args.file]
    if args.output != "-":  # refused before the manifest is read
        try:
            check_target(args.output, force=args.force, inputs=inputs)
        except WriteRefused as error:
            _say(f"openness: error: {error}")
            return EXIT_UNUSABLE
    source: str | Document = args.file
    if args.file == "-":
        try:
            source = read_bytes(_read_stdin(DEFAULT_MAX_BYTES), "<stdin>")
        except ReadError as error:
            print(findings_text([unreadable_finding(error)]), file=sys.stderr)
            return EXIT_UNUSABLE
    result, assessment = check(
        source, definition_version=args.definition, root=args.root, crosswalks=True
    )
    if assessment is None or result.manifest is None:
        print(findings_text(result.findings), file=sys.stderr)
        return EXIT_UNUSABLE if not result.readable else EXIT_FAILED
    if args.format == "cyclonedx":
        from .exports.cyclonedx import cyclonedx_json as render
    else:
        from .exports.spdx3 import spdx3_json as render
    text = render(result.manifest, assessment)
    if args.output == "-":
        _write_stdout(text)
        return EXIT_OK
    try:
        write_file(args.output, text, force=args.force, inputs=inputs)
    except WriteRefused as error:
        _say(f"openness: error: {error}")
        return EXIT_UNUSABLE
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    escape_what_the_output_cannot_encode()
    try:
        words = sys.argv[1:] if argv is None else argv
        args = _parser(words[0] if words and words[0] in _COMMANDS else None).parse_args(words)
        handler = {
            "validate": run_validate,
            "assess": run_assess,
            "rules": run_rules,
            "init": run_init,
            "badge": run_badge,
            "diff": run_diff,
            "import": run_import,
            "export": run_export,
        }[args.command]
        return handler(args)
    except SpecError as error:
        print(f"openness: error: the definition's own files are broken:\n{error}", file=sys.stderr)
        return EXIT_INTERNAL
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader of the output has gone: nobody to tell
        silence_stdout()
        return EXIT_OK
    except OSError as error:
        if error.errno not in _OUTPUT_ERRORS:
            return _internal_error(error)
        silence_stdout()
        print(f"openness: error: cannot write the output: {error.strerror}", file=sys.stderr)
        return EXIT_UNUSABLE
    except Exception as error:
        return _internal_error(error)


def command() -> int:
    """The `openness` command as a process runs it (`python -m openness` too): main(), then the
    objects it made are frozen (gc.freeze), for the process ends here. Python's collections at
    shutdown would walk every module, definition and schema loaded: 4% of a one-file validate.
    Nothing is lost: standard output is flushed as always, and every file was written and closed.
    Not in main(), which the tests and other programs call many times in one process."""
    code = main()
    gc.freeze()
    return code


def _internal_error(error: Exception) -> int:
    """Never a traceback for a user: one line, and a way to report it."""
    _say(f"openness: internal error: {type(error).__name__}: {error} (please report this)")
    return EXIT_INTERNAL


# Failures of standard output (a full disk, a closed stream); every file the tool reads or writes
# itself turns its OSError into a finding or a refusal before it gets here.
_OUTPUT_ERRORS = frozenset({errno.ENOSPC, errno.EIO, errno.EBADF, errno.EDQUOT, errno.EFBIG})


if __name__ == "__main__":
    sys.exit(command())
