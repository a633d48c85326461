"""The generated site: every promised URL exists, every clause has its anchor, data is exact."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from site_helpers import ROOT, build_site, built_site, file_of, published_urls, site_urls
from sitegen import changes_page, definition_page, markup, pages, schema_reference

from openness import changes, spec
from openness.urls import definition_url

SCRIPT = '<script>alert("manifest")</script>'


@pytest.fixture(scope="module")
def site() -> Path:
    return built_site()


class _Ids(HTMLParser):
    """The id of every element, and the target of every same-page link (the visible permalinks)."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.fragments: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        href = values.get("href") or ""
        if tag == "a" and href.startswith("#"):
            self.fragments.add(href[1:])


def _ids(path: Path) -> _Ids:
    parser = _Ids()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_every_published_url_exists(site: Path) -> None:
    missing = [url for url in published_urls() if not file_of(site, url).is_file()]
    assert not missing, f"published URLs the site no longer has (never remove one): {missing}"


def test_every_url_of_the_site_is_listed(site: Path) -> None:
    unlisted = sorted(site_urls(site) - set(published_urls()))
    assert not unlisted, "append these lines to tests/published-urls.txt:\n" + "\n".join(unlisted)


@pytest.mark.parametrize("version", spec.versions())
def test_every_item_has_its_anchor_and_permalink(site: Path, version: str) -> None:
    page = _ids(site / version / "index.html")
    item_ids = definition_page.item_ids(spec.load_definition(version))
    assert set(item_ids) <= page.ids, set(item_ids) - page.ids
    assert set(item_ids) <= page.fragments, set(item_ids) - page.fragments


@pytest.mark.parametrize("version", spec.versions())
def test_version_page_has_citation_and_status(site: Path, version: str) -> None:
    definition = spec.load_definition(version)
    text = re.sub("<[^>]+>", "", (site / version / "index.html").read_text(encoding="utf-8"))
    assert "Cite this version" in text
    assert f"@misc{{model-openness-definition-{version}," in text  # the BibTeX, highlighted
    assert f"url = {{{definition_url(version)}}}" in text
    assert ("Draft: not released" in text) is (not definition.released)


def test_draft_banner() -> None:
    data = {**spec.load_definition("1.0").data, "version": "9.9", "status": "draft"}
    data.pop("release_date", None)
    page = definition_page.render(spec.definition_from_data(data), None)
    assert '!!! danger "Draft: not released"' in page
    assert "Draft, not released" in definition_page.bibtex(spec.definition_from_data(data))


@pytest.mark.parametrize("version", spec.versions())
def test_definition_json_is_the_data_and_valid(site: Path, version: str) -> None:
    exported = json.loads((site / version / "definition.json").read_text(encoding="utf-8"))
    assert exported == spec.load_definition(version).data
    schema = json.loads((ROOT / "schemas/spec/definition.schema.json").read_text(encoding="utf-8"))
    errors = list(Draft202012Validator(schema).iter_errors(exported))
    assert not errors, errors[0].message


def test_licenses_json_is_valid(site: Path) -> None:
    schema = json.loads((ROOT / "schemas/spec/licenses.schema.json").read_text(encoding="utf-8"))
    for version in spec.versions():
        if not spec.licenses_path(version).is_file():
            continue
        exported = json.loads((site / version / "licenses.json").read_text(encoding="utf-8"))
        assert not list(Draft202012Validator(schema).iter_errors(exported))


def test_schemas_are_published_byte_for_byte_at_their_id(site: Path) -> None:
    for source in (ROOT / "schemas").rglob("*.json"):
        relative = source.relative_to(ROOT)
        published = site / relative
        assert published.read_bytes() == source.read_bytes(), relative
        schema_id = json.loads(source.read_text(encoding="utf-8"))["$id"]
        assert schema_id.endswith("/" + relative.as_posix())


def test_schema_reference_lists_every_property(site: Path) -> None:
    path = ROOT / "schemas/manifest/1.0/schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    page = _ids(site / "schemas/manifest/1.0/index.html")
    sections = [("", schema), *schema["$defs"].items()]
    names = {p.anchor for name, node in sections for p in schema_reference.properties(node, name)}
    assert {"model.base_model.name", "component.license", "licenses.LicenseRef-.url"} <= names
    assert names <= page.ids, names - page.ids


def test_schema_reference_links_its_urls(site: Path) -> None:
    text = (site / "schemas/manifest/1.0/index.html").read_text(encoding="utf-8")
    assert 'See <a href="https://modelopenness.org/1.0/#data-card">' in text
    # Outside code spans and links, no web address is left as plain text.
    article = text.split("<article", 1)[1].split("</article>", 1)[0]
    bare = re.sub(r"<code>.*?</code>|<a [^>]*>.*?</a>|<[^>]+>", " ", article, flags=re.S)
    assert "https://" not in bare, "a URL is plain text"


def test_definition_page_reads_well(site: Path) -> None:
    """Ids stay whole (tests/test_browser_layout.py), "any license" where every category is
    accepted, and an item's sources follow its examples instead of sitting inside the last one."""
    definition = spec.load_definition("1.0")
    text = (site / "1.0/index.html").read_text(encoding="utf-8")
    every = {category.id for category in definition.license_categories}
    accepts_all = [
        requirement.id
        for level in definition.levels
        for requirement in level.requirements
        if set(requirement.license_categories) >= every
    ]
    assert accepts_all and text.count('<a href="#license-categories">any license</a>') == len(
        accepts_all
    )
    categories = ", ".join(f'<a href="#{c.id}">{c.id}</a>' for c in definition.license_categories)
    assert categories not in text
    assert "Sources:" in text
    assert not re.search(r"<li>Example:(?:(?!</li>).)*Sources:", text, flags=re.S)


def test_latest_leads_to_the_newest_release(site: Path) -> None:
    latest = spec.latest_released()
    text = (site / "latest/index.html").read_text(encoding="utf-8")
    assert f'content="0; url=../{latest}/"' in text
    assert (
        "location.hash" in text
    )  # the script that keeps the fragment (tests/test_browser_layout.py)
    for data in ("definition.json", "licenses.json"):  # a data file cannot redirect: the same bytes
        assert (site / "latest" / data).read_bytes() == (site / latest / data).read_bytes()


def test_licenses_page_has_every_entry_and_reason(site: Path) -> None:
    registry = spec.load_licenses(spec.latest_released())
    page = _ids(site / "licenses/index.html")
    assert {entry.id for entry in registry.licenses} <= page.ids
    assert {
        category.id for category in spec.load_definition(registry.definition).license_categories
    } & page.ids


def test_pages_load_nothing_from_other_hosts(site: Path) -> None:
    for page in ("index.html", "1.0/index.html", "models/index.html"):
        text = (site / page).read_text(encoding="utf-8")
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text
        assert '<script src="http' not in text and 'rel="stylesheet" href="http' not in text


# --- changes between versions ---------------------------------------------------------------


NEW = "99.0"  # a version no one will write: its license registry does not exist either


def _next_version(data: dict[str, Any]) -> dict[str, Any]:
    """1.0's data turned into a new draft with one item added, one removed and one changed."""
    new = json.loads(json.dumps(data))
    new.update(version=NEW, status="draft", previous_version="1.0")
    new.pop("release_date", None)
    new["glossary"] = [entry for entry in new["glossary"] if entry["id"] != "rail"]
    new["glossary"].append(
        {"id": "adapter", "term": "Adapter", "definition": "A small add-on network."}
    )
    new["components"][0]["summary"] = "Changed."
    return new


def test_changes_page_links_both_versions() -> None:
    old = spec.load_definition("1.0")
    new = spec.definition_from_data(_next_version(old.data))
    page = changes_page.render(changes.diff(old, new))
    component = old.components[0].id
    assert f"| `{component}` | {old.components[0].title} | changed | `summary` |" in page
    assert (
        f"[1.0](../../1.0/index.md#{component}) · [{NEW}](../../{NEW}/index.md#{component})" in page
    )
    assert "| removed |  | [1.0](../../1.0/index.md#rail) |" in page
    assert f"| added |  | [{NEW}](../../{NEW}/index.md#adapter) |" in page


def test_changes_page_shows_titles_and_old_and_new_text() -> None:
    old = spec.load_definition("1.0")
    data = _next_version(old.data)
    level = data["levels"][1]
    requirement = level["requirements"][0]
    requirement["rationale"] = "A new reason."
    new = spec.definition_from_data(data)
    page = changes_page.render(changes.diff(old, new))
    component = old.components[0]
    assert f"**{component.title}** (`{component.id}`), old → new:" in page
    assert f"    - 1.0: {' '.join(component.summary.split())}" in page
    assert f"    - {NEW}: Changed." in page
    # A requirement has no title of its own: its component's and its level's, never an id.
    title = f"{new.component(requirement['component']).title}, for {level['title']}"
    assert f"| `{requirement['id']}` | {title} | changed | `rationale` |" in page


def test_a_new_version_gets_its_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """When a spec file appears, the site has its page and its changes page, with no other step."""
    shutil.copytree(spec.spec_dir(), tmp_path / "spec")
    data = _next_version(spec.load_definition("1.0").data)
    (tmp_path / f"spec/definition/{NEW}.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    monkeypatch.setattr(spec, "spec_dir", lambda: tmp_path / "spec")
    spec.clear_caches()
    try:
        generated = {item.path: item for item in pages.generate(tmp_path / "no-manifests")}
    finally:
        spec.clear_caches()
    assert {f"{NEW}/index.md", f"{NEW}/definition.json", f"changes/{NEW}/index.md"} <= set(
        generated
    )
    assert f"{NEW}/licenses.json" not in generated
    assert "Draft: not released" in str(generated[f"{NEW}/index.md"].content)
    assert generated[f"{NEW}/index.md"].title == f"{NEW} (draft)"
    assert "adapter" in str(generated[f"changes/{NEW}/index.md"].content)


# --- manifests are untrusted ----------------------------------------------------------------


def test_markdown_escape_renders_the_text_itself() -> None:
    import markdown

    text = f"{SCRIPT} *not em* [x](javascript:alert(1)) `code` | &amp; <b>"
    html = markdown.markdown(markup.escape(text), extensions=["tables", "attr_list"])
    assert "<script" not in html and "<b>" not in html and "<em>" not in html and "<a" not in html
    assert "&lt;script&gt;" in html and "&amp;amp;" in html
    assert markup.link("javascript:alert(1)") == "javascript:alert\\(1\\)"


def test_markdown_escape_shows_control_and_format_characters() -> None:
    """A bidi override or a terminal escape is shown as its escape, as the CLI shows it."""
    escaped = markup.escape("abc\u202edcba \x1b[31m zero\u200dwidth")
    assert escaped == "abc\\\\u202edcba \\\\x1b\\[31m zero\\\\u200dwidth"
    assert all(character.isprintable() for character in escaped)


@pytest.mark.parametrize(
    "text",
    [
        f"{SCRIPT} *not em* [x](y.md) `code` | &amp; <b>",
        "abc\u202edcba \x1b[31m zero\u200dwidth\n\tnext line",
        "under_score, back\\slash, (parens) #1 {curly} 1. 2. - + !",
    ],
)
def test_visible_text_is_the_html_markdown_makes_of_escape(text: str) -> None:
    """Finished HTML blocks (the crosswalk page's partings) use visible_text where a Markdown
    page would use escape(): the page must read the same either way."""
    import markdown

    rendered = markdown.markdown(markup.escape(text), extensions=["tables", "attr_list"])
    assert rendered == f"<p>{markup.visible_text(text)}</p>"


def test_code_shows_the_text_itself() -> None:
    import markdown

    def html(text: str) -> str:
        return markdown.markdown(markup.code(text))

    assert html("LicenseRef-Llama-3.1_x") == "<p><code>LicenseRef-Llama-3.1_x</code></p>"
    assert html(SCRIPT) == f"<p><code>{SCRIPT.replace('<', '&lt;').replace('>', '&gt;')}</code></p>"
    assert html("a ` b *c*") == "<p>a ` b *c*</p>"  # no code span can hold a backtick


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site built from one manifest with markup in every free-text field."""
    folder = tmp_path_factory.mktemp("manifests")
    source = sorted((ROOT / "manifests").glob("*.yaml"))[0]
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data["model"]["name"] = f"{SCRIPT} &lt;script&gt;alert(2)&lt;/script&gt;"
    data["model"]["description"] = f"{SCRIPT} <img src=x onerror=alert(3)> | {{{{ config }}}}"
    for declaration in data["components"].values():
        declaration["notes"] = f"{SCRIPT}\n\n| a | b |"
    (folder / "hostile.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return build_site(tmp_path_factory.mktemp("hostile-site") / "site", manifests=folder)


def test_manifest_text_is_escaped(hostile_site: Path) -> None:
    for page in ("models/hostile/index.html", "models/index.html"):
        text = (hostile_site / page).read_text(encoding="utf-8")
        assert "<script>alert" not in text and "<img src=x" not in text, page
        assert "&lt;script&gt;alert(" in text, page
    text = (hostile_site / "models/hostile/index.html").read_text(encoding="utf-8")
    assert "<title>&lt;script&gt;" in text
    assert "{{ config }}" in text  # shown, not run as a template


# --- finished HTML blocks ---------------------------------------------------------------------


def test_a_finished_html_block_passes_through_markdown_as_it_is() -> None:
    import markdown
    from sitegen.html_blocks import HtmlBlocks

    block = markup.html_list([f"{markup.text(SCRIPT)} *not em* [x](y.md)", "two"])
    source = "# Title\n\n" + markup.html_block(block) + "\nAfter *this*.\n"
    rendered = markdown.markdown(source, extensions=[HtmlBlocks(), "md_in_html"])
    assert rendered == f"<h1>Title</h1>\n{block}\n<p>After <em>this</em>.</p>"
    assert markup.HTML_START not in markup.text(markup.HTML_START)  # no text makes a marker


@pytest.mark.parametrize(
    "block",
    [
        "<p>plain</p>\n<ul>\n<li>one</li>\n</ul>",
        "<pre>a\tb</pre>",  # a tab: expanded by the normalising
        "<p>a</p>\n   \n<p>b</p>",  # a line of spaces: emptied
        "  <p>indented</p>",
        "<p>a\r\nb\rc</p>",
        "<p>\x02wzxhzdk:0\x03</p>",  # the store's own placeholder characters
    ],
)
def test_a_block_taken_before_normalising_renders_as_after_it(block: str) -> None:
    """html_blocks takes a block out before Markdown normalises the page's whitespace only where
    the normalising would leave it as it is: the page is the same as when every block waits."""
    import markdown
    from sitegen.html_blocks import HtmlBlocks

    source = "# Title\n\n" + markup.html_block(block) + "\nAfter *this*.\n"
    extensions = [HtmlBlocks(), "md_in_html", "tables", "attr_list", "toc"]
    waiting = markdown.Markdown(extensions=extensions)
    waiting.preprocessors.deregister("openness_html_blocks_taken")
    taking = markdown.Markdown(extensions=extensions)
    assert taking.convert(source) == waiting.convert(source)
    taken = taking.preprocessors["openness_html_blocks_taken"].taken  # type: ignore[attr-defined]
    clean = block.startswith("<p>plain")
    assert bool(taken) is clean  # a clean block is taken early, any other waits


def test_a_link_to_a_clause_the_definition_lacks_fails_the_build() -> None:
    from sitegen.clauses import Clauses

    clauses = Clauses.of(spec.load_definition("1.0"), 2)
    assert clauses.href("open-weights") == "../../1.0/#open-weights"
    with pytest.raises(ValueError, match="no-such-clause"):
        clauses.href("no-such-clause")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href") or ""
        if tag == "a" and href and not re.match(r"^([a-z]+:|#)", href):
            self.hrefs.add(href)


def test_every_link_of_the_gallery_leads_to_a_page_and_an_anchor_of_the_site(site: Path) -> None:
    """mkdocs checks the links of Markdown; the gallery's finished HTML is checked here."""
    ids: dict[Path, set[str]] = {}
    broken, checked = [], 0
    for page in sorted((site / "models").rglob("index.html")):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        checked += len(parser.hrefs)
        for href in parser.hrefs:
            path, _, fragment = href.partition("#")
            target = (page.parent / path).resolve()
            target = target / "index.html" if target.is_dir() else target
            if not target.is_file():
                broken.append(f"{page.relative_to(site)}: {href}")
            elif fragment:
                if target not in ids:
                    ids[target] = _ids(target).ids
                if fragment not in ids[target]:
                    broken.append(f"{page.relative_to(site)}: {href}")
    assert broken == [] and checked > 1000
