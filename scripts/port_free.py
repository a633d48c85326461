"""`make serve` runs this first: is 127.0.0.1:PORT free? One line and exit 2 if not, before the build.

mkdocs builds the whole site before it binds its port, then ends in a traceback when the port is
taken; this says so at once, and how to pick another.
"""

from __future__ import annotations

import errno
import socket
import sys

USAGE = 2  # the README's exit code for unusable input or usage


def check(text: str, host: str = "127.0.0.1") -> str | None:
    """None when PORT can be served on host; otherwise the one-line reason."""
    if not text.isdigit() or not 0 < int(text) < 65536:
        return (
            f"make serve: PORT={text!r} is not a port number (1-65535); e.g. make serve PORT=8001"
        )
    port = int(text)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # As mkdocs' server does: a port whose last connection is closing is free, a listener is not.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                reason = "is taken (another server is running there?)"
            else:
                reason = f"cannot be used ({error.strerror or error})"
            return f"make serve: port {port} on {host} {reason}; pick another: make serve PORT={port + 1}"
    return None


def main(argv: list[str]) -> int:
    problem = check(argv[1] if len(argv) > 1 else "")
    if problem is None:
        return 0
    print(problem, file=sys.stderr)
    return USAGE


if __name__ == "__main__":
    sys.exit(main(sys.argv))
