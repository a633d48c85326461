"""/latest/...: the newest release under a URL that moves with it, path and fragment kept.

A static site cannot redirect on the server, so each page of the newest release gets a small page
at the same path under /latest/ whose inline script carries the fragment and query along
(`/latest/#open-weights` -> `/1.0/#open-weights`); the meta refresh is the fallback without
JavaScript (it keeps the path, not the fragment). Data files (definition.json, licenses.json)
cannot redirect at all: they are published under /latest/ as the same bytes.
"""

from __future__ import annotations

import html
import json


def page_target(path: str, version: str) -> tuple[str, str] | None:
    """For a page of the release (`1.0/index.md`), its /latest/ file and the relative URL it
    leads to (`latest/index.html`, `../1.0/`); None for a data file."""
    inside = path.removeprefix(f"{version}/")
    if not inside.endswith("index.md"):
        return None
    folder = inside.removesuffix("index.md")  # "" or "sub/"
    up = "../" * (1 + folder.count("/"))
    return f"latest/{folder}index.html", f"{up}{version}/{folder}"


def redirect(target: str, version: str, canonical: str) -> str:
    """The HTML of a /latest/ page that leads to target (a relative URL), fragment and all."""
    shown = html.escape(version)
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">\n'
        f"<title>Model Openness Definition, latest version ({shown})</title>\n"
        # The script runs before the refresh: it keeps ?query and #fragment, which a meta refresh
        # drops. json.dumps gives a JavaScript string literal; the escape keeps it inert in HTML.
        f"<script>location.replace({_script_string(target)}"
        " + location.search + location.hash);</script>\n"
        f'<meta http-equiv="refresh" content="0; url={html.escape(target)}">\n'
        f'<link rel="canonical" href="{html.escape(canonical)}">\n</head><body>\n'
        f'<p>The latest released version is <a href="{html.escape(target)}">{shown}</a>.</p>\n'
        "</body></html>\n"
    )


def _script_string(text: str) -> str:
    return json.dumps(text).replace("<", "\\u003c").replace(">", "\\u003e")
