"""License exceptions (SPDX WITH, SPDX 3 AdditionRef-) are judged by the registry, and every verdict
that rests on a license or exception the registry has not reviewed says so, in words and as data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import openness
from openness import render
from openness.escaping import markdown
from openness.findings import Severity
from openness.licenses import classify_with, describe_term, judge, parse
from openness.reader import read_text
from openness.spec import load_licenses, spdx_entry, spdx_exception

HEADER = 'manifest_version: "1.1"\nmodel: {name: Example, producer: Example Lab}\n'


def manifest(components: str, *, licenses: str = "", definition: str = "1.1") -> str:
    text = HEADER + "components:\n" + components
    if licenses:
        text += "licenses:\n" + licenses
    return text + f'assessment: {{definition_version: "{definition}"}}\n'


def weights(license_expression: str) -> str:
    """Everything open weights needs, the weights under the given license."""
    return (
        f"  final-parameters: {{availability: released, license: {license_expression}, "
        "location: https://example.org/w}\n"
        "  model-architecture: {availability: released, license: Apache-2.0, location: https://example.org/a}\n"
        "  inference-code: {availability: released, license: Apache-2.0, location: https://example.org/i}\n"
        "  model-card: {availability: released, license: CC-BY-4.0, location: https://example.org/c}\n"
    )


def assess(text: str) -> openness.Assessment:
    return openness.assess(read_text(text, "openness.yaml"))


def result(assessment: openness.Assessment, requirement: str) -> openness.RequirementResult:
    return next(item for item in assessment.results if item.requirement.id == requirement)


# --- exceptions that only add permissions keep the license's category ---------------------------


@pytest.mark.parametrize(
    ("license_id", "exception"),
    [("Apache-2.0", "LLVM-exception"), ("GPL-2.0-only", "Classpath-exception-2.0")],
)
def test_an_exception_that_adds_permissions_keeps_open_source(
    license_id: str, exception: str
) -> None:
    term = classify_with(license_id, exception, load_licenses("1.1"))
    assert (term.category, term.reviewed, term.unreviewed) == ("open-source", True, ())
    assert term.addition is not None and not term.addition.restricts


def test_code_under_exceptions_reaches_open_weights_under_1_1() -> None:
    text = weights("Apache-2.0").replace(
        "model-architecture: {availability: released, license: Apache-2.0,",
        "model-architecture: {availability: released, license: Apache-2.0 WITH LLVM-exception,",
    )
    text = text.replace(
        "inference-code: {availability: released, license: Apache-2.0,",
        "inference-code: {availability: released, license: GPL-2.0-only WITH Classpath-exception-2.0,",
    )
    assessment = assess(manifest(text))
    assert assessment.level.id == "open-weights"
    assert render.unreviewed(assessment) == ()
    reason = result(assessment, "open-weights-model-architecture").reason
    assert (
        "Apache-2.0 WITH LLVM-exception is open-source (LLVM-exception only adds permissions)"
        in reason
    )


# --- additions that restrict, and additions nobody has reviewed ------------------------------------


def test_a_restricting_addition_makes_weights_available_not_open() -> None:
    assessment = assess(manifest(weights("Apache-2.0 WITH AdditionRef-Commons-Clause-1.0")))
    assert assessment.level.id == "weights-available"
    missing = result(assessment, "open-weights-final-parameters")
    assert not missing.met and missing.unreviewed == ()
    assert "is restricted: field-of-use (AdditionRef-Commons-Clause-1.0 restricts use)" in (
        missing.reason
    )


def test_an_addition_the_manifest_defines_is_unreviewed_and_counts_as_restricted() -> None:
    text = manifest(
        weights("Apache-2.0 WITH AdditionRef-Acme-No-Resale"),
        licenses='  AdditionRef-Acme-No-Resale: {name: No resale, url: "https://acme.example/no-resale"}\n',
    )
    validation = openness.validate(read_text(text, "openness.yaml"))
    assert validation.ok
    (warning,) = [item for item in validation.findings if item.rule == "license-unreviewed"]
    assert warning.pointer == "/components/final-parameters/license"
    assessment = assess(text)
    assert assessment.level.id == "weights-available"
    for requirement in ("weights-available-final-parameters", "open-weights-final-parameters"):
        assert result(assessment, requirement).unreviewed == ("AdditionRef-Acme-No-Resale",)
    reason = result(assessment, "open-weights-final-parameters").reason
    expected = (
        "Apache-2.0 is open-source, but the exception AdditionRef-Acme-No-Resale is not reviewed by "
        "the registry of definition 1.1: Apache-2.0 WITH AdditionRef-Acme-No-Resale counts as "
        "restricted until it is reviewed; read its terms at https://acme.example/no-resale"
    )
    assert expected in reason and expected in warning.message
    assert "'" not in reason  # words, not Python reprs


def test_under_1_0_every_exception_is_unreviewed() -> None:
    """The released 1.0 registry classifies no exception: the lower bound applies, and says so."""
    term = classify_with("Apache-2.0", "LLVM-exception", load_licenses("1.0"))
    assert (term.category, term.unreviewed) == ("restricted", ("LLVM-exception",))
    words = describe_term(term, load_licenses("1.0"))
    assert "not reviewed by the registry of definition 1.0" in words
    assert words.endswith("read its terms at https://spdx.org/licenses/LLVM-exception.html")


def test_an_exception_never_raises_a_license_above_its_category() -> None:
    registry = load_licenses("1.1")
    assert classify_with("CC-BY-NC-4.0", "LLVM-exception", registry).category == "restricted"
    term = classify_with("LicenseRef-Proprietary", "AdditionRef-Unknown", registry)
    assert term.category == "proprietary" and term.unreviewed == ("AdditionRef-Unknown",)


# --- unknown ids are errors, with a suggestion ---------------------------------------------------------


@pytest.mark.parametrize(
    ("expression", "hint"),
    [
        ("Apache-2.0 WITH LLVM-exceptoin", "did you mean LLVM-exception?"),
        ("GPL-2.0-only WITH classpath-exception", "did you mean Classpath-exception-2.0?"),
        ("Apache-2.0 WITH LicenseRef-Acme", "did you mean AdditionRef-Acme?"),
        ("MIT WITH Apache-2.0", "Apache-2.0 is a license, not an exception"),
    ],
)
def test_an_unknown_exception_is_an_error_at_the_license(expression: str, hint: str) -> None:
    text = manifest(
        f"  model-architecture: {{availability: released, license: {expression}, "
        "location: https://example.org/a}\n"
    )
    validation = openness.validate(read_text(text, "openness.yaml"))
    errors = [item for item in validation.findings if item.severity is Severity.ERROR]
    assert [(item.rule, item.pointer) for item in errors] == [
        ("license-exception-unknown", "/components/model-architecture/license")
    ]
    assert (errors[0].line, errors[0].column) == (4, 57) and hint in errors[0].message


def test_a_misspelt_exception_is_named_as_spdx_spells_it() -> None:
    text = manifest(
        "  model-architecture: {availability: released, license: Apache-2.0 WITH llvm-exception, "
        "location: https://example.org/a}\n"
    )
    findings = [
        item
        for item in openness.validate(read_text(text, "openness.yaml")).findings
        if item.rule != "draft-version"  # the format 1.1 draft's own warning
    ]
    assert [(item.rule, item.severity) for item in findings] == [
        ("license-exception-unknown", Severity.WARNING)
    ]
    assert "spelled LLVM-exception" in findings[0].message


# --- which unreviewed ids a verdict rests on ----------------------------------------------------------


OPEN = frozenset({"open-source", "open-data", "open-content", "open-model"})
AVAILABLE = OPEN | {"restricted"}


@pytest.mark.parametrize(
    ("expression", "accepted", "met", "unreviewed"),
    [
        ("LicenseRef-X", AVAILABLE, True, ("LicenseRef-X",)),  # if X were proprietary: not met
        ("LicenseRef-X", OPEN, False, ("LicenseRef-X",)),
        ("MIT OR LicenseRef-X", OPEN, True, ()),  # MIT settles it
        ("CC-BY-NC-4.0 OR LicenseRef-X", OPEN, False, ("LicenseRef-X",)),
        ("Apache-2.0 AND LicenseRef-X", OPEN, False, ("LicenseRef-X",)),
        ("CC-BY-NC-4.0 AND LicenseRef-X", OPEN, False, ()),  # CC-BY-NC settles it
        ("Apache-2.0 AND LicenseRef-X", AVAILABLE, True, ("LicenseRef-X",)),
        ("LicenseRef-X OR LicenseRef-Y", OPEN, False, ("LicenseRef-X", "LicenseRef-Y")),
        ("Apache-2.0 WITH LLVM-exception", OPEN, True, ()),
    ],
)
def test_the_verdict_names_only_the_unreviewed_ids_it_rests_on(
    expression: str, accepted: frozenset[str], met: bool, unreviewed: tuple[str, ...]
) -> None:
    assert judge(parse(expression), accepted, load_licenses("1.1")) == (met, unreviewed)


def test_an_unreviewed_license_is_reported_in_every_output() -> None:
    text = manifest(
        weights("LicenseRef-Acme-Model"),
        licenses='  LicenseRef-Acme-Model: {name: Acme Model License, url: "https://acme.example/l"}\n',
        definition="1.0",
    )
    assessment = assess(text)
    assert assessment.level.id == "weights-available"
    assert render.unreviewed(assessment) == ("LicenseRef-Acme-Model",)
    sentence = (
        "LicenseRef-Acme-Model is not reviewed by the registry of definition 1.0: counted as "
        "restricted until it is reviewed; read its terms at https://acme.example/l"
    )
    assert sentence in result(assessment, "open-weights-final-parameters").reason
    assert "Unreviewed: LicenseRef-Acme-Model." in render.assessment_text(assessment)
    # Markdown shows it as literal text: every punctuation mark escaped, as all text of a manifest.
    assert markdown("Unreviewed: LicenseRef-Acme-Model.") in render.assessment_markdown(assessment)
    (payload,) = json.loads(render.assessment_json([assessment]))
    assert payload["unreviewed"] == ["LicenseRef-Acme-Model"]
    by_id = {item["id"]: item["unreviewed"] for item in payload["requirements"]}
    assert by_id["open-weights-final-parameters"] == ["LicenseRef-Acme-Model"]
    assert by_id["open-weights-model-card"] == []
    warnings = [item for item in assessment.findings if item.rule == "license-unreviewed"]
    assert [item.message for item in warnings] == [sentence]


# --- the registry's new entries -------------------------------------------------------------------------


def test_new_licenses_of_the_1_1_registry() -> None:
    registry = load_licenses("1.1")
    categories = {
        "LicenseRef-OpenMDW-1.1": "open-model",
        "LicenseRef-Kimi-K2-Modified-MIT": "open-model",
        "LicenseRef-Apple-Sample-Code": "restricted",
        "AML": "restricted",
        "LicenseRef-MiniMax-Model": "restricted",
    }
    for license_id, category in categories.items():
        entry = registry.get(license_id)
        assert entry is not None and registry.lists(license_id), license_id
        assert entry.category == category, license_id
        assert load_licenses("1.0").get(license_id) is None or license_id == "AML"
    # Free-text names that mean several licenses map to none of them.
    assert registry.by_alias("Modified MIT License") is None
    assert registry.by_alias("OpenMDW-1.1").id == "LicenseRef-OpenMDW-1.1"  # type: ignore[union-attr]


def test_openmdw_1_1_waits_for_an_spdx_id() -> None:
    """When the SPDX list gains OpenMDW-1.1, the registry should switch to it (keeping the alias)."""
    assert spdx_entry("OpenMDW-1.1") is None, "OpenMDW-1.1 is on the SPDX list now: use that id"


def test_every_exception_of_the_registry_is_on_the_spdx_list_or_an_addition_ref() -> None:
    registry = load_licenses("1.1")
    assert {"LLVM-exception", "Classpath-exception-2.0", "GCC-exception-3.1"} <= {
        entry.id for entry in registry.exceptions
    }
    for entry in registry.exceptions:
        assert entry.on_spdx_list or entry.id.startswith("AdditionRef-"), entry.id
        assert spdx_exception(entry.id) is None or not entry.id.startswith("AdditionRef-")
    assert load_licenses("1.0").exceptions == ()


# --- the site shows both ------------------------------------------------------------------------------


def test_a_model_page_marks_requirements_that_rest_on_unreviewed_terms(tmp_path: Path) -> None:
    from site_helpers import ROOT  # noqa: F401  (puts scripts/ on the path for sitegen)
    from sitegen import gallery
    from sitegen.markup import text as html_text

    text = manifest(
        weights("LicenseRef-Acme-Model"),
        licenses='  LicenseRef-Acme-Model: {name: Acme Model License, url: "https://acme.example/l"}\n',
    )
    (tmp_path / "acme-1b.yaml").write_text(text)
    (entry,) = gallery.load(tmp_path)
    page = gallery.model_page(entry)
    assert html_text("Unreviewed: LicenseRef-Acme-Model.") in page
    assert f"<td>met, unreviewed: {html_text('LicenseRef-Acme-Model')}</td>" in page


def test_the_registry_pages_list_the_exceptions_of_a_registry_that_has_them() -> None:
    from site_helpers import ROOT  # noqa: F401
    from sitegen import definition_page, licenses_page

    registry, definition = load_licenses("1.1"), openness.load_definition("1.1")
    page = licenses_page.render(registry, definition)
    assert "## License exceptions {#exceptions}" in page
    assert "{#LLVM-exception .permalink}" in page and "restricts use" in page
    draft = definition_page.render(definition, registry)
    assert "keep the license's category: `LLVM-exception`" in draft
    released = definition_page.render(openness.load_definition("1.0"), load_licenses("1.0"))
    assert "SPDX `WITH`" not in released  # the released page stays as it was
