"""Writing files without losing data: atomic, never over an existing file without `force`, never
through a link, never onto an input.

Every command that writes (init, badge -o, import -o) goes through `write_file`.
"""

from __future__ import annotations

import os
import stat
import tempfile
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
    try:
        status: os.stat_result | None = os.lstat(target)
    except FileNotFoundError:
        status = None
    except (OSError, ValueError) as error:
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
    if not folder.is_dir():
        raise WriteRefused(f"{target}: the folder {folder} does not exist")
    temporary = None
    try:
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


def _same(target: Path, other: str | os.PathLike[str]) -> bool:
    try:
        return os.path.samefile(target, other)
    except (OSError, ValueError):
        return False


def _why(error: BaseException) -> str:
    return getattr(error, "strerror", None) or str(error)
