"""mkdocs hooks: the base URL from openness.urls, and every generated page and file of the site.

`mkdocs build` and `mkdocs serve` run these; there is no separate generation step to forget.
OPENNESS_MANIFESTS_DIR points the gallery at another folder of manifests (the tests use it);
OPENNESS_MOT_DIR and OPENNESS_OSAI_INDEX_DIR point the imported gallery at other corpora.
"""

from __future__ import annotations

import gc
import gzip
import json
import logging
import os
from collections.abc import Container
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from sitegen import search_entries
from sitegen.gallery import GalleryError
from sitegen.html_blocks import HtmlBlocks
from sitegen.pages import Generated, generate, licenses_version
from sitegen.translated import alternates, converted_docs, english_path, switch, with_alternates

from openness import frameworks, spec
from openness.reader import resource_root
from openness.spec import SpecError
from openness.urls import SITE_URL


class _AtDebug(logging.Filter):
    """Lowers a logger's INFO records to DEBUG (shown by `mkdocs build --verbose` only), except
    those that start with one of `keep`."""

    def __init__(self, keep: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.keep = keep

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno != logging.INFO or record.getMessage().startswith(self.keep):
            return True
        record.levelno, record.levelname = logging.DEBUG, "DEBUG"
        return logging.getLogger("mkdocs").isEnabledFor(logging.DEBUG)


# mkdocs-macros reports its setup (modules, variables, macros found) at INFO on every build: a
# build says only what needs attention, and how long it took.
logging.getLogger("mkdocs.plugins.mkdocs_macros.util").addFilter(_AtDebug())
# mkdocs' own progress lines (cleaning, building to ...) likewise; its one-line summary stays.
logging.getLogger("mkdocs.commands.build").addFilter(_AtDebug(keep=("Documentation built",)))
# jieba (the search plugin's Chinese segmenter) reports building its dictionary on every build.
logging.getLogger("jieba").setLevel(logging.WARNING)


def manifests_dir(config: MkDocsConfig) -> Path:
    default = Path(config.config_file_path).parent / "manifests"
    return Path(os.environ.get("OPENNESS_MANIFESTS_DIR", default))


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    gc.unfreeze()  # `mkdocs serve`: the previous build's objects may go now
    config.site_url = SITE_URL + "/"
    # The generated pages' finished HTML blocks pass through Markdown untouched.
    config.markdown_extensions.append(HtmlBlocks())
    # `mkdocs serve` rebuilds in the same process: read the spec files afresh each time.
    spec.clear_caches()
    frameworks.clear_caches()
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    # What the generation loads and makes (definitions, schemas, assessments, pages) lives as long
    # as the build: the garbage collector's full passes walked it again and again, a tenth of a
    # build. It waits until the generation is done, and then leaves those objects alone.
    gc.disable()
    try:
        generated = generate(manifests_dir(config))
        # The hand-written pages of a generated language (zh-Hant from docs/zh-Hans/).
        generated += [Generated(path, page) for path, page in converted_docs(Path(config.docs_dir))]
    except (GalleryError, SpecError, ValueError) as error:  # a clear message, not a traceback
        raise PluginError(f"cannot generate the site: {error}") from error
    finally:
        gc.collect()
        gc.freeze()
        gc.enable()
    for item in generated:
        if item.source is not None:
            files.append(File.generated(config, item.path, abs_src_path=str(item.source)))
        else:
            files.append(File.generated(config, item.path, content=item.content or ""))
    config.nav = _expand_nav(config.nav, generated)
    return files


class _Pages(Container[str]):
    """The site's pages, asked about one path at a time: Files.documentation_pages() walks every
    file of the site (the theme's too), and doing that for each page made a build quadratic."""

    def __init__(self, files: Files) -> None:
        self.files = files

    def __contains__(self, path: object) -> bool:
        file = self.files.get_file_from_path(path) if isinstance(path, str) else None
        return (
            file is not None
            and file.is_documentation_page()
            and InclusionLevel.is_included(file.inclusion)
        )


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """A page that exists in several languages starts with a switch between them."""
    urls = []
    for spoken, path in alternates(page.file.src_uri, _Pages(files)):
        file = files.get_file_from_path(path)
        if file is not None:
            urls.append((spoken, file.url))
    if not urls:
        return html
    return switch(english_path(page.file.src_uri)[1], page.file.url, urls) + html


# The search plugin strips `data-search-*` attributes from every page's content with a regex
# that tries each character of it (about a millisecond for a model page), excluded pages too.
# A page it leaves out of the index and that has no such attribute is the same without that pass:
# its content is put aside before the plugin's turn and back right after, before the theme.
_AWAY = "openness_content_away"


@event_priority(100)  # before the search plugin (priority 0)
def _content_away(context: Any, page: Page, config: MkDocsConfig, nav: Any) -> Any:
    search = page.meta.get("search") or {}
    if search.get("exclude") and page.content and "data-search-" not in page.content:
        setattr(page, _AWAY, page.content)
        page.content = ""
    return context


@event_priority(-100)  # after it
def _content_back(context: Any, page: Page, config: MkDocsConfig, nav: Any) -> Any:
    if hasattr(page, _AWAY):
        page.content = getattr(page, _AWAY)
        delattr(page, _AWAY)
    return context


on_page_context = CombinedEvent(_content_away, _content_back)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """The page's own language on <html lang>, for screen readers and for the CJK font stack."""
    language = english_path(page.file.src_uri)[1]
    if language == "en":
        return output
    return output.replace('<html lang="en"', f'<html lang="{language}"', 1)


def _sitemap_alternates(site: Path) -> None:
    """The hreflang alternates of every translated page, in the sitemap. Not as <link> elements in
    the pages: the theme fetches <alternate>/sitemap.xml for each of those, a request to the
    published host from any other (a local build, a test server)."""
    sitemap = site / "sitemap.xml"
    if not sitemap.is_file():
        return
    text = with_alternates(sitemap.read_text(encoding="utf-8"))
    sitemap.write_text(text, encoding="utf-8")
    with gzip.GzipFile(site / "sitemap.xml.gz", "wb", mtime=0) as packed:
        packed.write(text.encode("utf-8"))


def _expand_nav(nav: Any, generated: list[Generated]) -> Any:
    """Replace each `generated: <section>` entry of the nav by the generated pages of that section."""
    if not isinstance(nav, list):
        return nav
    expanded: list[Any] = []
    for entry in nav:
        if isinstance(entry, dict) and set(entry) == {"generated"}:
            expanded += [
                {item.title: item.path} for item in generated if item.nav == entry["generated"]
            ]
        elif isinstance(entry, dict):
            expanded.append(
                {title: _expand_nav(value, generated) for title, value in entry.items()}
            )
        else:
            expanded.append(entry)
    return expanded


def on_post_build(config: MkDocsConfig) -> None:
    """What the built site gains once every page is written: the sitemap's language alternates,
    and the search index's entries for models and licenses."""
    site = Path(config.site_dir)
    _sitemap_alternates(site)
    _search_entries(site)


def _search_entries(site: Path) -> None:
    """A line per model and an entry per license in the search index (sitegen.search_entries)."""
    index = site / "models" / "index.json"
    entries = search_entries.model_entries(json.loads(index.read_text(encoding="utf-8")))
    version = licenses_version()
    definition, registry = spec.load_definition(version), spec.load_licenses(version)
    search_entries.add(site, [*entries, *search_entries.license_entries(registry, definition)])


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
    """`mkdocs serve` rebuilds when the spec, a schema or a manifest changes, not only docs/."""
    root = resource_root()
    data = Path(config.config_file_path).parent / "data"
    folders = (root / "spec", root / "schemas", manifests_dir(config), data, Path(__file__).parent)
    for folder in folders:
        server.watch(str(folder))
    return server
