"""Builds the C reader, src/openness/_compose.c, into the package when it can be built.

openness reads YAML without it too, three times more slowly (reader.composer() is then None): a
machine without a C compiler, Python's headers or libyaml's header (Debian: gcc, python3-dev,
libyaml-dev) gets a pure-Python wheel and a warning, and tests/test_compose.py fails there unless
OPENNESS_C_READER=0 says the slow reader is meant. The module links to no libyaml of its own: it
calls, at run time, the libyaml inside PyYAML's extension module (see _compose.c).

An editable install (`make`) builds it beside its source, where the install imports from; a wheel
carries it as openness/_compose<suffix>, tagged for this Python and platform.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sysconfig
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

SOURCE = Path("src", "openness", "_compose.c")


class CReaderBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return
        name = "_compose" + str(sysconfig.get_config_var("EXT_SUFFIX") or ".so")
        source = Path(self.root, SOURCE)
        if version == "editable":
            target = source.with_name(name)
        else:
            self._scratch = tempfile.mkdtemp(prefix="openness-build-")
            target = Path(self._scratch, name)
        why = _compile(source, target)
        if why is not None:
            self.app.display_warning(
                f"openness: the C reader was not built ({why}); YAML is read more slowly. "
                "Debian: apt install gcc python3-dev libyaml-dev"
            )
            return
        if version != "editable":
            build_data["force_include"][str(target)] = f"openness/{name}"
            build_data["pure_python"] = False
            build_data["infer_tag"] = True

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        scratch = getattr(self, "_scratch", None)
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


def _compile(source: Path, target: Path) -> str | None:
    """Compiles and links the module with the compiler Python was built with; why not, or None."""
    linker = shlex.split(str(sysconfig.get_config_var("LDSHARED") or "cc -shared"))
    include = sysconfig.get_paths()["include"]
    command = [*linker, "-fPIC", "-O2", "-Wall", f"-I{include}", str(source), "-o", str(target)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as error:
        return f"{linker[0]}: {error.strerror or error}"
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if "error" in line] or ["failed"]
        return lines[0].strip()
    return None
