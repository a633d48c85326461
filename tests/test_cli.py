"""The command line as a user meets it: exit codes, formats, --min-level, standard input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import run_openness

from openness import urls
from openness.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "manifest" / "1.0"
OPEN = FIXTURES / "valid" / "full-open-science.yaml"
MINIMAL = FIXTURES / "valid" / "minimal.yaml"
INVALID = FIXTURES / "invalid" / "license-unknown.yaml"


def test_validate_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(OPEN), str(MINIMAL)]) == 0
    assert main(["validate", str(OPEN), str(INVALID)]) == 1
    out = capsys.readouterr().out
    assert (
        f"{INVALID}:7:55: error: unknown license id 'Apache-2'; did you mean Apache-2.0? [license-unknown]"
        in out
    )


def test_unreadable_input_wins_over_invalid(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_bytes(b"\xff")
    assert main(["validate", str(INVALID), str(broken)]) == 2


def test_usage_errors_exit_2() -> None:
    for args in (["validate"], ["validate", "--no-such-option", str(OPEN)]):
        completed = run_openness(*args)
        assert completed.returncode == 2 and "usage:" in completed.stderr
        assert "Traceback" not in completed.stderr
    # A value outside an option's choices: one line that lists them, no usage to scroll past.
    for args in (["frobnicate"], ["assess", "--definition", "0.0", str(OPEN)]):
        completed = run_openness(*args)
        assert completed.returncode == 2 and completed.stdout == ""
        assert completed.stderr.count("\n") == 1 and "choose from" in completed.stderr


def test_assess_text_names_level_and_links_clauses() -> None:
    completed = run_openness("assess", str(MINIMAL))
    assert completed.returncode == 0
    assert "reaches closed" in completed.stdout
    assert urls.clause_url("1.0", "weights-available-final-parameters") in completed.stdout


def test_assess_json_is_data() -> None:
    completed = run_openness("assess", "--format", "json", str(OPEN), str(MINIMAL))
    payload = json.loads(completed.stdout)
    assert [item["level"]["id"] for item in payload] == ["open-science", "closed"]
    assert payload[1]["next_level"]["id"] == "weights-available"
    assert payload[1]["missing"][0]["url"].startswith(urls.SITE_URL)


def test_assess_markdown_for_job_summaries() -> None:
    completed = run_openness("assess", "--format", "markdown", str(MINIMAL))
    assert completed.stdout.startswith("### Example model: Closed")
    assert "| [weights-available-final-parameters](" in completed.stdout


def test_min_level_gates_ci() -> None:
    assert run_openness("assess", "--min-level", "open-weights", str(OPEN)).returncode == 0
    below = run_openness("assess", "--min-level", "open-weights", str(MINIMAL))
    assert below.returncode == 1 and "below --min-level open-weights" in below.stderr
    unknown = run_openness("assess", "--min-level", "very-open", str(OPEN))
    assert unknown.returncode == 2 and "unknown level 'very-open'" in unknown.stderr


def test_assess_of_invalid_manifest_reports_findings() -> None:
    completed = run_openness("assess", str(INVALID))
    assert completed.returncode == 1 and "[license-unknown]" in completed.stderr


def test_standard_input() -> None:
    completed = run_openness("validate", "-", stdin=MINIMAL.read_text())
    assert completed.returncode == 0
    completed = run_openness("validate", "-", stdin="- not a manifest\n")
    assert completed.returncode == 2 and completed.stdout.startswith("<stdin>:")


def test_json_findings() -> None:
    completed = run_openness("validate", "--format", "json", str(INVALID))
    (entry,) = json.loads(completed.stdout)
    assert entry["valid"] is False and entry["findings"][0]["rule"] == "license-unknown"
    assert entry["findings"][0]["pointer"] == "/components/final-parameters/license"


def test_rules_lists_every_rule_fixtures_use() -> None:
    completed = run_openness("rules")
    listed = {line.split()[0] for line in completed.stdout.splitlines()}
    for path in (FIXTURES / "invalid").glob("*.yaml"):
        rule = path.read_text().split()[1]
        assert rule in listed or (rule.startswith("schema-") and "schema-*" in listed), rule


def test_version_and_module_entry_point() -> None:
    completed = run_openness("--version")
    assert completed.returncode == 0 and completed.stdout.startswith("openness ")


def test_every_rule_the_code_can_report_is_documented() -> None:
    """Rule ids are stable and documented: each one the library can emit is in RULES."""
    import re

    from openness.validate import RULES

    source = Path(__file__).resolve().parents[1] / "src" / "openness"
    prefixes = "import|input|yaml|manifest|license|licenseref|location|not-applicable|claimed|base-manifest|component"
    pattern = re.compile(rf'"((?:{prefixes})-[a-z-]+)"')
    emitted = {rule for path in source.rglob("*.py") for rule in pattern.findall(path.read_text())}
    assert len(emitted) > 20
    assert sorted(emitted - set(RULES)) == []
