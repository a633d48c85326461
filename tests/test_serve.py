"""`make serve PORT=...`: a port that is taken or not a number is said in one line, before the build."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "port_free.py"
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")


def run(port: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(SCRIPT), port]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


def test_a_taken_port_is_one_line_naming_it_and_how_to_pick_another() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        done = run(str(port))
    assert done.returncode == 2 and done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr
    assert f"port {port}" in lines[0] and "taken" in lines[0]
    assert f"make serve PORT={port + 1}" in lines[0]


def test_a_free_port_passes_silently() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    done = run(str(port))
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_a_port_that_is_not_a_number_is_a_usage_error() -> None:
    for text in ("abc", "0", "70000", ""):
        done = run(text)
        assert done.returncode == 2 and len(done.stderr.splitlines()) == 1, text
        assert "not a port number" in done.stderr and "make serve PORT=8001" in done.stderr


def test_make_serve_checks_the_port_before_it_builds() -> None:
    recipe = MAKEFILE.split("\nserve:", 1)[1].split("\n\n", 1)[0]
    check, serve = recipe.index("port_free.py"), recipe.index("mkdocs serve")
    assert check < serve and "$(PORT)" in recipe[serve:]
    assert "\nPORT ?= 8000\n" in MAKEFILE
