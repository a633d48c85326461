"""What a translation of the definition needs: `python scripts/translation.py status|skeleton LANG VERSION`.

status lists the ids without a translation and those whose English changed since they were
translated (exit 1 when there is any); skeleton prints YAML stubs for them, each with the hash of
the English it must translate and that English as a comment, to paste under `entries:`.
"""

from __future__ import annotations

import sys

from openness import spec, translations


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[0] not in ("status", "skeleton"):
        print(__doc__.splitlines()[0], file=sys.stderr)
        return 2
    command, code, version = argv
    if code not in translations.codes() or version not in spec.versions():
        print(f"unknown language {code!r} or version {version!r}", file=sys.stderr)
        return 2
    if command == "skeleton":
        sys.stdout.write("".join(translations.skeleton(code, version)))
        return 0
    state = translations.status(code, version)
    for label, ids in (
        ("missing", state.missing),
        ("stale", state.stale),
        ("unknown", state.unknown),
    ):
        for item_id in ids:
            print(f"{code} {version}: {label}: {item_id}")
    return 0 if state.complete else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
