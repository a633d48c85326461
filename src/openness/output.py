"""Writing files without losing data: atomic, never over an existing file without `force`, never
through a link, never onto an input.

Every command that writes (init, badge -o, import -o) goes through `write_file`.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path


class WriteRefused(Exception):
    """The file was not written; the message says why in one line, and nothing was changed."""


def write_file(
    path: str | os.PathLike[str],
    text: str,
    *,
    force: bool = False,
    inputs: Iterable[str | os.PathLike[str]] = (),
) -> None:
    """Write `text` to `path` through a temporary file in the same folder, renamed into place.

    Refused: a path that is a directory or a symbolic link (links are never followed), an existing
    file unless `force`, one of the `inputs` even with `force`, and a folder that does not exist."""
    target = Path(path)
    status = check_target(target, force=force, inputs=inputs)
    folder = target.parent
    temporary = None
    try:
        import tempfile  # here: a run that writes nothing does not pay for it

        with tempfile.NamedTemporaryFile(
            "w",
            encoding="utf-8",
            dir=folder,
            prefix=f".{target.name}.",
            suffix=".tmp",
            delete=False,
        ) as stream:
            temporary = Path(stream.name)
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        if status is None:
            os.link(temporary, target)  # fails if a file appeared meanwhile: never clobbers
            temporary.unlink()
        else:
            os.replace(temporary, target)
        temporary = None
    except FileExistsError:
        raise WriteRefused(f"{target}: exists; use --force to replace it") from None
    except OSError as error:
        raise WriteRefused(f"{target}: not written ({_why(error)}); nothing was changed") from None
    finally:
        if temporary is not None:
            temporary.unlink(missing_ok=True)


def check_target(
    path: str | os.PathLike[str],
    *,
    force: bool = False,
    inputs: Iterable[str | os.PathLike[str]] = (),
) -> os.stat_result | None:
    """Raise WriteRefused if write_file would refuse path; else its status (None: a new file).

    Commands call it before any work, so that a refusal comes first and alone."""
    target = Path(path)
    try:
        status: os.stat_result | None = os.lstat(target)
    except FileNotFoundError:
        status = None
    except (OSError, ValueError) as error:  # a name too long, a NUL byte, a file as a folder
        raise WriteRefused(f"{target}: cannot be written ({_why(error)})") from None
    if status is not None:
        if stat.S_ISLNK(status.st_mode):
            raise WriteRefused(f"{target}: is a symbolic link; it is not followed or replaced")
        if stat.S_ISDIR(status.st_mode):
            raise WriteRefused(f"{target}: is a directory; name a file")
        if any(_same(target, item) for item in inputs):
            raise WriteRefused(f"{target}: is one of the input files; it is not overwritten")
        if not force:
            raise WriteRefused(f"{target}: exists; use --force to replace it")
    folder = target.parent
    try:
        is_folder = folder.is_dir()
    except (OSError, ValueError):
        is_folder = False
    if not is_folder:
        raise WriteRefused(f"{target}: the folder {folder} does not exist")
    return status


def _same(target: Path, other: str | os.PathLike[str]) -> bool:
    try:
        return os.path.samefile(target, other)
    except (OSError, ValueError):
        return False


def _why(error: BaseException) -> str:
    return getattr(error, "strerror", None) or str(error)
