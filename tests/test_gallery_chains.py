"""The gallery shows derivative chains: a model page links its base and the models made from it."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from site_helpers import ROOT, build_site
from sitegen import gallery

DERIVATIVES = ROOT / "tests" / "fixtures" / "derivatives"


def _folder(tmp_path: Path) -> Path:
    """A gallery with a restricted base, a fine-tune naming its manifest, and a quantization of that
    fine-tune naming its base by name only; plus an unrelated model."""
    folder = tmp_path / "manifests"
    folder.mkdir()
    shutil.copy(DERIVATIVES / "base-restricted.yaml", folder / "base-restricted.yaml")
    shutil.copy(DERIVATIVES / "fine-tune.yaml", folder / "fine-tune.yaml")
    quantized = yaml.safe_load((DERIVATIVES / "fine-tune.yaml").read_text(encoding="utf-8"))
    quantized["model"]["name"] = "Open-Looking Chat 7B (4-bit)"
    quantized["model"]["base_model"] = {"name": "open-looking  chat 7b"}
    quantized["model"]["relation"] = "quantization"
    (folder / "quantized.yaml").write_text(yaml.safe_dump(quantized), encoding="utf-8")
    shutil.copy(ROOT / "manifests" / "olmo-7b.yaml", folder / "olmo-7b.yaml")
    return folder


def test_family_links_bases_and_derivatives(tmp_path: Path) -> None:
    entries = {entry.slug: entry for entry in gallery.load(_folder(tmp_path))}
    family = gallery.family(list(entries.values()))
    assert family.base(entries["fine-tune"]) is entries["base-restricted"]  # by manifest path
    assert family.base(entries["quantized"]) is entries["fine-tune"]  # by name
    assert family.base(entries["olmo-7b"]) is None
    assert family.derivatives(entries["base-restricted"]) == (entries["fine-tune"],)
    assert [e.slug for e in family.chain(entries["quantized"])] == [
        "base-restricted",
        "fine-tune",
        "quantized",
    ]
    page = gallery.model_page(entries["fine-tune"], family)
    base_name = entries["base-restricted"].manifest.model.name
    assert f'<a href="../base-restricted/">{gallery.text(base_name)}</a> (fine-tune)' in page
    assert (
        '<li><strong>Derivatives in the gallery:</strong> <a href="../quantized/">'
        "Open-Looking Chat 7B (4-bit)</a>" in page
    )
    assert "<strong>Chain:</strong>" in page and "<strong>Open-Looking Chat 7B</strong>" in page
    alone = gallery.model_page(entries["olmo-7b"], family)
    assert "Chain" not in alone and "Derivatives in the gallery" not in alone


def test_the_gallery_without_pairs_keeps_plain_base_names() -> None:
    entries = gallery.load(ROOT / "manifests")
    family = gallery.family(entries)
    vicuna = next(entry for entry in entries if entry.slug == "vicuna-13b")
    assert vicuna.manifest.model.base_model is not None
    page = gallery.model_page(vicuna, family)
    # the base's own URL: no manifest of it here
    assert "<strong>Derived from:</strong> <a href=" in page
    for entry in entries:  # a pair the gallery gains later is linked both ways
        base = family.base(entry)
        if base is not None:
            assert f'<a href="../{base.slug}/">' in gallery.model_page(entry, family)
            assert f'<a href="../{entry.slug}/">' in gallery.model_page(base, family)


def test_chain_pages_build_strict(tmp_path: Path) -> None:
    site = build_site(tmp_path / "site", manifests=_folder(tmp_path))
    html = (site / "models/quantized/index.html").read_text(encoding="utf-8")
    assert 'href="../fine-tune/"' in html and 'href="../base-restricted/"' in html
    html = (site / "models/base-restricted/index.html").read_text(encoding="utf-8")
    assert 'href="../fine-tune/"' in html
