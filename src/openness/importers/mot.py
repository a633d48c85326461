"""Import Model Openness Tool (MOT) model files as openness manifests.

The MOT (https://github.com/lfai/model_openness_tool) describes a model release as a list of MOF
components, each with a free-text license name. This importer maps component names onto the
definition's components through the MOF crosswalk (spec/frameworks/mof-1.0.yaml), license names onto
SPDX ids or the registry's LicenseRef ids, and resolves licenses inherited from `release.license`
as the tool does (lfai/model_openness_tool PR #216, ModelEvaluator::resolveLicense: the component's
own license, then the global license of its content type, then the distribution license). Anything
it cannot map is reported as a warning at its line in the MOT file and kept in a `notes` field.

It writes manifest format 1.1, so that the manifest says where each license comes from: the
distribution license is the release's (`release: license:`), and a component with no license of its
own that the tool resolves to it is `terms: inherited`, not a copy of it. A component resolved to
its content type's global license (`release.license.code`, `.data`, `.document`) gets that license
as its own, with a note saying so: the manifest has one release license, not one per content type.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path
from typing import Any

from ..escaping import one_line
from ..frameworks import Element, Framework, load_framework
from ..reader import DEFAULT_MAX_BYTES, Document, read
from ..spec import LicenseRegistry, load_licenses
from .common import (
    DATE,
    URL,
    Imported,
    ImportRefused,
    LicenseText,
    Reporter,
    refusal,
)
from .common import read_license as _read_license
from .common import text_of as _text
from .common import url_of as _url

_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")


def _hub_url(value: Any) -> str | None:
    """A Hugging Face field: a URL, or a bare 'org/model' id as the MOT files often give it."""
    text = _text(value)
    return f"https://huggingface.co/{text}" if _HUB_ID.match(text) else _url(value)


MOT_URL = "https://github.com/lfai/model_openness_tool"
MANIFEST_VERSION = "1.1"  # for release.license and terms: inherited
FRAMEWORK = "mof-1.0"
LICENSE_PREFIX = "LicenseRef-MOT-"
HEADER = (
    "# Imported from the Model Openness Tool file {name} by `openness import mot`.\n"
    "# Check the notes: they keep what the importer could not map.\n"
)


class MotImportError(ImportRefused):
    """The file is not a MOT model file (no `release` mapping); the findings say where."""


def read_license(
    text: str, registry: LicenseRegistry, license_path: str | None = None
) -> LicenseText:
    """A MOT license string as an SPDX expression, or the reason it cannot be one."""
    return _read_license(text, registry, license_path, prefix=LICENSE_PREFIX)


class _Importer(Reporter):
    def __init__(self, document: Document, framework: Framework, registry: LicenseRegistry):
        super().__init__(document, registry, LICENSE_PREFIX)
        self.framework = framework
        self.notes: list[str] = []
        self.distribution = self._distribution()

    def _distribution(self) -> tuple[LicenseText, str | None] | None:
        """The release's distribution license, and the URL of its text, when the file names one."""
        licenses = self.document.data["release"].get("license")
        entry = licenses.get("distribution") if isinstance(licenses, dict) else None
        if not isinstance(entry, dict) or not _text(entry.get("name")):
            return None
        path = ("release", "license", "distribution", "name")
        read = self.license_at(path, _text(entry["name"]), _url(entry.get("path")))
        return read, _url(entry.get("path"))

    def release(self) -> dict[str, Any] | None:
        """`release:` of the manifest: the distribution license, when it reads as a license."""
        if self.distribution is None:
            return None
        read, path = self.distribution
        if read.expression in (None, "NOASSERTION"):
            return None
        release: dict[str, Any] = {"license": read.expression}
        if path:
            release["evidence"] = [path]
        release["notes"] = (
            "The MOT file's release.license.distribution: the license of the release as a whole."
        )
        return release

    def inherited(self, element: Element) -> tuple[LicenseText, str] | None:
        """The license the tool gives a component that names none: its type's, else the release's."""
        release = self.document.data["release"]
        licenses = release.get("license")
        if not isinstance(licenses, dict):
            return None
        entry = licenses.get(element.kind)
        if isinstance(entry, dict) and _text(entry.get("name")):
            path = ("release", "license", element.kind, "name")
            read = self.license_at(path, _text(entry["name"]), _url(entry.get("path")))
            return read, f"release.license.{element.kind}"
        if self.distribution is not None:
            return self.distribution[0], "release.license.distribution"
        return None

    def model(self) -> dict[str, Any]:
        release = self.document.data["release"]
        name = _text(release.get("name")) or Path(self.document.file).stem
        producer = _text(release.get("producer"))
        if not producer:
            self.warn(
                ("release", "producer"), "import-missing-field", "no producer; written as unknown"
            )
            producer = "unknown"
        model: dict[str, Any] = {"name": name, "producer": producer}
        version = release.get("version")
        if version not in (None, ""):
            model["version"] = str(version)
        homepage, repository = _hub_url(release.get("huggingface")), _url(release.get("repository"))
        if homepage:
            model["homepage"] = homepage
        if repository:
            model["repository"] = repository
        if _text(release.get("type")):
            model["type"] = _text(release["type"])
        described = [
            f"{key} {_text(release.get(key))!r}"
            for key in ("architecture", "treatment", "origin")
            if _text(release.get(key))
        ]
        if described:
            self.notes.append("MOT release " + ", ".join(described) + ".")
        return model

    def location(
        self, element: Element, entry: dict[str, Any], at: tuple[str | int, ...]
    ) -> tuple[str | None, str]:
        path = _text(entry.get("component_path"))
        if URL.match(path):
            return path, ""
        if path:
            self.warn(
                (*at, "component_path"),
                "import-location-not-url",
                f"component_path {path!r} is not a URL; kept in notes",
            )
        release = self.document.data["release"]
        order = (
            ("repository", "huggingface")
            if element.kind == "code"
            else ("huggingface", "repository")
        )
        for key in order:
            url = _hub_url(release.get(key)) if key == "huggingface" else _url(release.get(key))
            if url:
                where = "Hugging Face page" if key == "huggingface" else "repository"
                note = f"The MOT file gives no URL for this component; location is the release's {where}."
                if path:
                    note += f" Its component_path reads {path!r}."
                return url, note
        return (
            None,
            f"The MOT file gives no URL for this component{f' (component_path {path!r})' if path else ''}.",
        )

    def components(self) -> dict[str, Any]:
        components: dict[str, Any] = {}
        entries = self.document.data["release"].get("components") or []
        if not isinstance(entries, list):
            self.warn(
                ("release", "components"), "import-unmapped-component", "components is not a list"
            )
            return components
        for index, entry in enumerate(entries):
            at: tuple[str | int, ...] = ("release", "components", index)
            if not isinstance(entry, dict):
                self.warn(at, "import-unmapped-component", "a component that is not a mapping")
                continue
            name = _text(entry.get("name"))
            element = self.framework.element_named(name)
            if element is None:
                self.warn(
                    (*at, "name"),
                    "import-unmapped-component",
                    f"component {name!r} is not a MOF component",
                )
                self.notes.append(
                    f"Unmapped MOT component {name!r} (license {entry.get('license')!r})."
                )
                continue
            if element.component in components:
                self.warn(
                    (*at, "name"),
                    "import-duplicate-component",
                    f"component {name!r} is listed twice; the first entry is kept",
                )
                self.notes.append(
                    f"Second MOT entry for {name!r} ignored (license {entry.get('license')!r})."
                )
                continue
            components[element.component] = self.component(element, entry, at)
        return components

    def component(
        self, element: Element, entry: dict[str, Any], at: tuple[str | int, ...]
    ) -> dict[str, Any]:
        notes = []
        license_path = _url(entry.get("license_path"))
        raw = entry.get("license")
        read: LicenseText | None
        inherits = False  # from the release's (distribution) license: terms inherited
        if raw is None or "license" not in entry:
            inherited = self.inherited(element)
            if inherited is None:
                read = LicenseText("", "NONE", True)
                notes.append(
                    "The MOT file gives no license, and none to inherit; MOT reads that as unlicensed."
                )
            else:
                read, origin = inherited
                inherits = origin == "release.license.distribution"
                notes.append(
                    f"No license of its own: {origin} ({read.text!r}) governs it, as the MOT "
                    "resolves it."
                )
        elif not isinstance(raw, str) or not raw.strip():
            read = LicenseText(str(raw), "NONE", True)
            notes.append("The MOT file leaves the license blank; MOT reads that as unlicensed.")
        else:
            read = self.license_at((*at, "license"), raw.strip(), license_path)
        if read.text and read.expression != read.text and not read.not_included:
            if read.mapped:
                notes.append(f"MOT license {read.text!r} read as {read.expression}.")
            else:
                notes.append(f"MOT license {read.text!r} could not be mapped to a known license.")
        component: dict[str, Any] = {}
        if read.not_included:
            component["availability"] = "not-released"
            notes.insert(0, f"The MOT file marks this component {read.text!r}.")
        else:
            location, note = self.location(element, entry, at)
            # A component the MOT file lists is one the tool counts as included: released, even
            # when the file gives no URL for it (the validator warns of that in imported manifests).
            component["availability"] = "released"
            if location is None:
                self.warn(at, "import-no-location", f"{element.name}: listed, but no URL for it")
            else:
                component["location"] = location
            if note:
                notes.append(note)
            if inherits and read.expression not in (None, "NOASSERTION"):
                component["terms"] = "inherited"  # the release's license, stated once in release
            else:
                component["license"] = read.expression
        if license_path and license_path != component.get("location"):
            component["evidence"] = [license_path]
        if notes:
            component["notes"] = " ".join(notes)
        return component


def import_mot(
    source: str | os.PathLike[str] | Document,
    *,
    definition_version: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Imported:
    """One MOT model file as manifest data. Raises ReadError (unreadable) or MotImportError."""
    document = source if isinstance(source, Document) else read(source, max_bytes=max_bytes)
    if not isinstance(document.data, dict) or not isinstance(document.data.get("release"), dict):
        raise MotImportError(
            refusal(
                document,
                "import-not-mot",
                "not a Model Openness Tool model file: no `release` mapping",
            )
        )
    framework = load_framework(FRAMEWORK)
    importer = _Importer(
        document, framework, load_licenses(definition_version or framework.definition)
    )
    model = importer.model()
    components = importer.components()
    release = document.data["release"]
    framework_data = document.data.get("framework")
    checked = _text(release.get("date"))
    if not DATE.match(checked) and isinstance(framework_data, dict):
        checked = _text(framework_data.get("date"))
    if not DATE.match(checked):
        checked = date.today().isoformat()
    provenance: dict[str, Any] = {
        "source": "imported-mot",
        "url": MOT_URL,
        "date": checked,
        "notes": " ".join(
            [f"Imported from the MOT model file {Path(document.file).name}.", *importer.notes]
        )[:5000],
    }
    manifest: dict[str, Any] = {"manifest_version": MANIFEST_VERSION, "model": model}
    release_block = importer.release()
    if release_block is not None:
        manifest["release"] = release_block
    manifest["components"] = components
    if importer.licenses:
        manifest["licenses"] = importer.licenses
    manifest["provenance"] = provenance
    header = HEADER.format(name=one_line(Path(document.file).name))  # a comment: one line
    return Imported(document.file, manifest, tuple(importer.findings), header=header)


def output_name(imported: Imported) -> str:
    """The manifest's file name: the MOT file's, with .yaml."""
    return Path(imported.file).stem + ".yaml"
