"""The `openness` command: a thin shell over the library.

Exit codes: 0 valid / level reached; 1 invalid, or below --min-level; 2 unreadable input or bad
usage; 3 an internal error (a bug: please report it). No input reaches 3: whatever a file, an
argument or standard input holds, the answer is a finding or a usage error (tests/test_cli_fuzz.py).
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import json
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import replace
from os import PathLike
from typing import TYPE_CHECKING, Any

from . import __version__
from .api import validate
from .assess import Assessment, assess_with_base
from .findings import Finding, Severity
from .output import WriteRefused, check_target, write_file
from .reader import DEFAULT_MAX_BYTES, ReadError, read_bytes
from .render import assessment_json, assessment_markdown, assessment_text, findings_text
from .spec import SpecError, choose_version, latest_released, versions
from .validate import RULES, Validation

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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="openness",
        description="Validate model openness manifests and assess them against the Model Openness Definition.",
        epilog="Exit codes: 0 ok, 1 invalid or below --min-level, 2 unreadable input or usage, 3 internal error.",
    )
    parser.add_argument("--version", action="version", version=f"openness {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def common(command: argparse.ArgumentParser) -> None:
        command.add_argument(
            "files",
            nargs="+",
            metavar="FILE",
            help="manifest files (YAML or JSON); - reads standard input",
        )
        command.add_argument(
            "--definition",
            metavar="VERSION",
            choices=versions(),
            help=f"definition version (default: the manifest's claim, else the newest released: {latest_released()})",
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

    validate_command = commands.add_parser(
        "validate", help="check manifests: schema and the definition's rules"
    )
    common(validate_command)
    validate_command.add_argument("--format", choices=("text", "json"), default="text")
    validate_command.add_argument(
        "-q", "--quiet", action="store_true", help="print errors only, no warnings or summary"
    )

    assess_command = commands.add_parser(
        "assess", help="the level each manifest reaches, and what it needs for the next"
    )
    common(assess_command)
    assess_command.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    assess_command.add_argument(
        "--min-level", metavar="LEVEL", help="exit with 1 when a manifest is below this level"
    )

    commands.add_parser("rules", help="list the rule ids of findings")

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

    diff_command = commands.add_parser("diff", help="what changed between two definition versions")
    diff_command.add_argument("old", choices=versions(), metavar="OLD")
    diff_command.add_argument("new", choices=versions(), metavar="NEW")
    diff_command.add_argument("--format", choices=("text", "json"), default="text")

    badge_command = commands.add_parser(
        "badge", help="write an SVG badge of the level a manifest reaches"
    )
    badge_command.add_argument("file", metavar="FILE")
    badge_command.add_argument(
        "-o",
        "--output",
        default="-",
        metavar="SVG",
        help="where to write it (default: standard output)",
    )
    badge_command.add_argument("--definition", metavar="VERSION", choices=versions())
    badge_command.add_argument(
        "--force", action="store_true", help="replace the output file if it exists"
    )
    badge_command.add_argument(
        "--root",
        metavar="DIR",
        help="the folder base manifests may be read from (default: the manifest's own folder)",
    )
    _add_import_command(commands)
    return parser


def _validate_all(
    files: list[str], definition: str | None, max_bytes: int, root: str | None = None
) -> Iterator[Validation]:
    """One validation per file, in order, each dropped by the caller before the next is read."""
    for file in files:
        if file != "-":
            yield validate(file, definition_version=definition, max_bytes=max_bytes, root=root)
            continue
        try:
            document = read_bytes(_read_stdin(max_bytes), "<stdin>", max_bytes=max_bytes)
        except ReadError as error:
            finding = Finding(
                error.file, error.line, error.column, Severity.ERROR, error.rule, error.message
            )
            yield Validation(error.file, (finding,), None, readable=False)
            continue
        yield validate(document, definition_version=definition, max_bytes=max_bytes, root=root)


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


def _print_json(text: str) -> None:
    """JSON on standard output, with \\u escapes when its encoding is not UTF-8: an escape of
    Python's for a character the encoding lacks would not be JSON."""
    encoding = (getattr(sys.stdout, "encoding", None) or "utf-8").lower()
    if not encoding.replace("-", "").startswith("utf"):
        text = json.dumps(json.loads(text), indent=2)
    print(text)


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


class _Outcome:
    """What the exit code needs to know of a run, without keeping every file's data."""

    def __init__(self) -> None:
        self.files = self.valid = 0
        self.unreadable = False

    def add(self, result: Validation) -> Validation:
        self.files += 1
        self.valid += result.ok
        self.unreadable |= not result.readable
        return result

    @property
    def exit_code(self) -> int:
        if self.unreadable:
            return EXIT_UNUSABLE
        return EXIT_OK if self.valid == self.files else EXIT_FAILED


def run_validate(args: argparse.Namespace) -> int:
    outcome = _Outcome()
    results = (
        outcome.add(result)
        for result in _validate_all(args.files, args.definition, args.max_bytes, args.root)
    )
    if args.format == "json":
        payload = [
            {
                "file": result.file,
                "valid": result.ok,
                "findings": [finding.as_dict() for finding in result.findings],
            }
            for result in results
        ]
        _print_json(json.dumps(payload, indent=2, ensure_ascii=False))
        return outcome.exit_code
    for result in results:
        shown = [f for f in result.findings if not args.quiet or f.severity is Severity.ERROR]
        if shown:
            print(findings_text(shown))
    if not args.quiet:
        print(f"{outcome.valid} of {outcome.files} manifest(s) valid", file=sys.stderr)
    return outcome.exit_code


def run_assess(args: argparse.Namespace) -> int:
    outcome = _Outcome()
    results = (
        outcome.add(result)
        for result in _validate_all(args.files, args.definition, args.max_bytes, args.root)
    )
    version = args.definition or None
    assessments: list[Assessment] = []
    for result in results:
        errors = [finding for finding in result.findings if finding.severity is Severity.ERROR]
        warnings = [finding for finding in result.findings if finding.severity is Severity.WARNING]
        if result.manifest is None or errors:
            print(findings_text(result.findings), file=sys.stderr)
            continue
        if warnings and args.format == "text":
            print(findings_text(warnings), file=sys.stderr)
        chosen = choose_version(version, result.manifest.claimed_definition)
        assessments.append(
            assess_with_base(result.manifest, chosen, findings=result.findings, root=args.root)
        )
    if args.format == "json":
        _print_json(assessment_json(assessments))
    else:
        render = assessment_markdown if args.format == "markdown" else assessment_text
        print("\n\n".join(render(item) for item in assessments))
    code = outcome.exit_code
    if code != EXIT_OK:
        return code
    if args.min_level:
        for item in assessments:
            try:
                wanted = item.definition.level(args.min_level)
            except KeyError:
                names = ", ".join(level.id for level in item.definition.levels)
                print(
                    f"openness: error: unknown level {args.min_level!r} (levels: {names})",
                    file=sys.stderr,
                )
                return EXIT_UNUSABLE
            if item.level.rank < wanted.rank:
                print(
                    f"{item.file}: below --min-level {wanted.id}: reaches {item.level.id}",
                    file=sys.stderr,
                )
                code = EXIT_FAILED
    return code


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
        print(f"openness: error: {target}: exists; use --force to replace it", file=sys.stderr)
        return EXIT_UNUSABLE
    try:  # refused before the model card is read or a question asked
        check_target(target, force=args.force, inputs=inputs)
    except WriteRefused as error:
        print(f"openness: error: {error}", file=sys.stderr)
        return EXIT_UNUSABLE
    version = latest_released()
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

    text = starter_manifest(
        load_definition(version), name=name, producer=producer, card=card, url=args.url
    )
    try:
        write_file(target, text, force=args.force, inputs=inputs)
    except WriteRefused as error:
        print(f"openness: error: {error}", file=sys.stderr)
        return EXIT_UNUSABLE
    print(f"wrote {target}; fill the TODOs, then: openness validate {target}", file=sys.stderr)
    if card is not None and (card.license or card.license_note) and not args.url:
        print(f"{target}: TODO: the weights' location (or run again with --url)", file=sys.stderr)
    for item in card.unmapped if card else ():
        print(f"{args.from_model_card}: warning: not mapped, left as TODO: {item}", file=sys.stderr)
    return EXIT_OK


def run_badge(args: argparse.Namespace) -> int:
    from .badge import badge_svg

    (result,) = _validate_all([args.file], args.definition, DEFAULT_MAX_BYTES, args.root)
    if result.manifest is None or not result.ok:
        print(findings_text(result.findings), file=sys.stderr)
        return EXIT_UNUSABLE if not result.readable else EXIT_FAILED
    version = choose_version(args.definition, result.manifest.claimed_definition)
    svg = badge_svg(assess_with_base(result.manifest, version, root=args.root))
    if args.output == "-":
        _write_stdout(svg)
        return EXIT_OK
    try:
        write_file(args.output, svg, force=args.force, inputs=[args.file])
    except WriteRefused as error:
        print(f"openness: error: {error}", file=sys.stderr)
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
    mot.add_argument("files", nargs="+", metavar="FILE", help="MOT model files (YAML)")
    mot.add_argument("--force", action="store_true", help="replace output files that exist")
    mot.add_argument(
        "-o",
        "--output",
        metavar="DIR",
        help="write <name>.yaml files into DIR (default: standard output, one file only)",
    )
    index = sources.add_parser(
        "osai-index",
        help="European Open Source AI Index system files (https://osai-index.eu, CC-BY 4.0)",
        description="Convert European Open Source AI Index system files into manifests: the end "
        "model's, and its base model's where the Index names one (<name>.base.yaml). What cannot "
        "be mapped is reported as a warning and kept in notes.",
    )
    index.add_argument("files", nargs="+", metavar="FILE", help="Index system files (YAML)")
    index.add_argument("--force", action="store_true", help="replace output files that exist")
    index.add_argument(
        "-o",
        "--output",
        metavar="DIR",
        help="write <name>.yaml and <name>.base.yaml files into DIR "
        "(default: the end model's manifest on standard output, one file only)",
    )
    index.add_argument(
        "--date",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="the provenance date: when the Index data was read (default: today)",
    )


def _iso_date(text: str) -> str:
    from datetime import date

    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _imports(args: argparse.Namespace, file: str) -> tuple[Any, ...]:
    """The manifests one file becomes, by its source; ReadError or ImportRefused if none."""
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
            print(
                f"openness: error: {folder}: cannot create the folder ({reason})", file=sys.stderr
            )
            return EXIT_UNUSABLE
        if folder.is_symlink() or not folder.is_dir():
            print(f"openness: error: {folder}: is not a folder; -o names one", file=sys.stderr)
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
                print(f"{file}: note: {other.name} not written; use -o DIR", file=sys.stderr)
            continue
        for imported in manifests:
            target = folder / imported.name
            if _refused(imported, target):
                code = max(code, EXIT_FAILED)
                continue
            if target.name in written:
                message = f"{target}: already written from {written[target.name]} in this run"
                print(f"openness: error: {message}; nothing overwritten", file=sys.stderr)
                code = EXIT_UNUSABLE
                continue
            try:
                write_file(target, imported.yaml(), force=args.force, inputs=args.files)
            except WriteRefused as error:
                print(f"openness: error: {error}", file=sys.stderr)
                code = EXIT_UNUSABLE
                continue
            written[target.name] = file
    return code


def main(argv: Sequence[str] | None = None) -> int:
    _escape_what_the_terminal_cannot_show()
    try:
        args = _parser().parse_args(argv)
        handler = {
            "validate": run_validate,
            "assess": run_assess,
            "rules": run_rules,
            "init": run_init,
            "badge": run_badge,
            "diff": run_diff,
            "import": run_import,
        }[args.command]
        return handler(args)
    except SpecError as error:
        print(f"openness: error: the definition's own files are broken:\n{error}", file=sys.stderr)
        return EXIT_INTERNAL
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader of the output has gone: nobody to tell
        _silence_stdout()
        return EXIT_OK
    except OSError as error:
        if error.errno not in _OUTPUT_ERRORS:
            return _internal_error(error)
        _silence_stdout()
        print(f"openness: error: cannot write the output: {error.strerror}", file=sys.stderr)
        return EXIT_UNUSABLE
    except Exception as error:
        return _internal_error(error)


def _escape_what_the_terminal_cannot_show() -> None:
    """A character the output's encoding lacks (an emoji in a manifest, under LANG=C or
    PYTHONIOENCODING=ascii) is written as an escape such as \\U0001f600, not an error."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="backslashreplace")


def _internal_error(error: Exception) -> int:
    """Never a traceback for a user: one line, and a way to report it."""
    print(
        f"openness: internal error: {type(error).__name__}: {error} (please report this)",
        file=sys.stderr,
    )
    return EXIT_INTERNAL


# Failures of standard output (a full disk, a closed stream); every file the tool reads or writes
# itself turns its OSError into a finding or a refusal before it gets here.
_OUTPUT_ERRORS = frozenset({errno.ENOSPC, errno.EIO, errno.EBADF, errno.EDQUOT, errno.EFBIG})


def _silence_stdout() -> None:
    """Point standard output at /dev/null, so that Python's flush at exit does not fail again."""
    # Not a file descriptor (tests capture output in memory), or none at all: nothing to do.
    with contextlib.suppress(OSError, AttributeError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


if __name__ == "__main__":
    sys.exit(main())
