"""JSON Schema checks that turn jsonschema's errors into findings at the right line and column."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

import regress
from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import ValidationError

from .escaping import LINE_LIMIT, quote, shorten
from .findings import Finding, Severity, json_pointer, reading_order
from .reader import Document

_TYPE_NAMES = {
    "string": "text",
    "integer": "a whole number",
    "array": "a list",
    "object": "a mapping",
}


# --- patterns as JSON Schema means them -----------------------------------------------------------
# JSON Schema patterns are ECMA-262 regular expressions, and the compiled validator reads them so.
# Python's re differs (its $ also matches before a trailing newline, its \s is another set), so
# the explaining validator reads them with regress, the ECMA-262 engine check-jsonschema uses.


@cache
def _regex(pattern: str) -> regress.Regex:
    return regress.Regex(pattern, flags="u")


def _pattern(
    validator: Any, pattern: str, instance: Any, schema: dict[str, Any]
) -> Iterator[ValidationError]:
    if validator.is_type(instance, "string") and _regex(pattern).find(instance) is None:
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _pattern_properties(
    validator: Any, patterns: dict[str, Any], instance: Any, schema: dict[str, Any]
) -> Iterator[ValidationError]:
    if not validator.is_type(instance, "object"):
        return
    for pattern, subschema in patterns.items():
        for key, value in instance.items():
            if _regex(pattern).find(key) is not None:
                yield from validator.descend(value, subschema, path=key, schema_path=pattern)


EcmaValidator: Any = validators.extend(
    Draft202012Validator, {"pattern": _pattern, "patternProperties": _pattern_properties}
)


def schema_findings(validator: Draft202012Validator, document: Document) -> list[Finding]:
    """One finding per schema error, deepest first, each at the node it is about."""
    leaves = [leaf for error in validator.iter_errors(document.data) for leaf in _leaves(error)]
    # `availabilty: released` is one mistake, not also a missing `availability`: the unknown
    # key's suggestion says it.
    misspelt = {
        (tuple(leaf.absolute_path), _closest_key(key, leaf.schema))
        for leaf in leaves
        if leaf.validator == "additionalProperties"
        for key in _extra_keys(leaf)
    }
    findings = [
        _to_finding(leaf, document)
        for leaf in leaves
        if leaf.validator != "required"
        or (tuple(leaf.absolute_path), _missing_key(leaf)) not in misspelt
    ]
    return sorted(set(findings), key=reading_order)


def _closest_key(key: str, schema: dict[str, Any]) -> str | None:
    from .suggestions import closest

    return closest(key, schema.get("properties", {}), cutoff=0.6)


def _missing_key(error: ValidationError) -> str:
    message = str(error.message)
    return message.split("'")[1] if "'" in message else message


def compiled_findings(validator: Any, document: Document) -> list[Finding]:
    """Findings from the compiled validator's own errors, for a manifest it rejects where the
    explaining validator finds nothing: the schema's verdict stands, and the path is named."""
    findings = []
    for error in validator.iter_errors(document.data):
        path = tuple(error.instance_path)
        keyword = next((str(part) for part in reversed(error.schema_path)), "schema")
        where = _where(path)
        message = f"{where}: does not match the schema (its {keyword!r} keyword)"
        line, column = document.position(path)
        findings.append(
            Finding(
                document.file,
                line,
                column,
                Severity.ERROR,
                f"schema-{keyword}",
                message,
                json_pointer(path),
            )
        )
    if not findings:  # a rejection with no error to show is still a rejection
        findings.append(
            Finding(
                document.file, 1, 1, Severity.ERROR, "schema-*", "does not match the schema", ""
            )
        )
    return sorted(set(findings), key=reading_order)


def _leaves(error: ValidationError) -> list[ValidationError]:
    """For oneOf/anyOf, the errors of the branch that came closest, rather than a vague summary."""
    if error.context and error.validator in ("anyOf", "oneOf"):
        deepest = max(error.context, key=lambda sub: len(sub.absolute_path))
        if len(deepest.absolute_path) > len(error.absolute_path):
            return _leaves(deepest)
        # A value of the right type for one branch: that branch's errors say what is wrong.
        relevant = [sub for sub in error.context if sub.validator != "type"]
        if relevant:
            return _leaves(relevant[0])
    return [error]


def _to_finding(error: ValidationError, document: Document) -> Finding:
    path = tuple(error.absolute_path)
    rule = f"schema-{error.validator}"
    message = _message(error, document, path)
    if error.validator == "additionalProperties":
        extra = _extra_keys(error)
        if extra:
            path = (*path, extra[0])
            line, column = document.position(path, key=True)
            message = f"unknown key {quote(extra[0])}" + _suggest(
                extra[0], error.schema.get("properties", {})
            )
            return Finding(
                document.file, line, column, Severity.ERROR, rule, message, json_pointer(path)
            )
    line, column = document.position(path)
    return Finding(document.file, line, column, Severity.ERROR, rule, message, json_pointer(path))


def _where(path: tuple[Any, ...]) -> str:
    return ".".join(shorten(str(part)) for part in path) or "the document"


def _message(error: ValidationError, document: Document, path: tuple[Any, ...]) -> str:
    where = _where(path)
    if error.validator == "type":
        expected = error.validator_value
        names = [expected] if isinstance(expected, str) else list(expected)
        wanted = " or ".join(_TYPE_NAMES.get(name, name) for name in names)
        text = document.plain_text.get(path)
        if text is not None and "string" in names:
            return f'{where}: {_trap(text, error.instance)}; quote it: "{shorten(text)}"'
        return f"{where}: expected {wanted}, got {_describe(error.instance)}"
    if error.validator == "required":
        return f"{where}: missing required key {_missing_key(error)!r}"
    if error.validator == "enum":
        allowed = ", ".join(str(value) for value in error.validator_value)
        text = document.plain_text.get(path)
        if text is not None:  # yes, no, 1.0 unquoted: the value is not the text that was written
            if text in error.validator_value:
                return f'{where}: {_trap(text, error.instance)}; quote it: "{shorten(text)}"'
            return f"{where}: {_trap(text, error.instance)}; write one of: {allowed}"
        return f"{where}: {quote(error.instance)} is not one of: {allowed}" + _suggest(
            str(error.instance), error.validator_value
        )
    if error.validator == "const":
        return f"{where}: must be {error.validator_value!r}, not {quote(error.instance)}"
    if error.validator == "dependentRequired":
        needed = ", ".join(
            f"{key} needs {' and '.join(value)}"
            for key, value in error.validator_value.items()
            if key in error.instance
        )
        return f"{where}: {needed}"
    if error.validator == "pattern":
        what = _FORMS.get(error.validator_value)
        if "propertyNames" in error.relative_schema_path:
            return f"{where}: key {quote(error.instance)} must be {what or 'of the form the schema asks for'}"
        return f"{where}: {_not_of_form(error.instance, error.validator_value, error.schema)}"
    # jsonschema's messages start with the whole value (a megabyte of text, say): it is quoted cut.
    message, whole = error.message, repr(error.instance)
    if message.startswith(whole):
        message = quote(error.instance) + message[len(whole) :]
    return f"{where}: {shorten(message, LINE_LIMIT)}"


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the text {quote(value)}"
    return f"{type(value).__name__} {quote(value)}"


def _extra_keys(error: ValidationError) -> list[str]:
    allowed = set(error.schema.get("properties", {}))
    patterns = error.schema.get("patternProperties", {})
    if patterns or not isinstance(error.instance, dict):
        return [key for key in error.instance if key not in allowed and not patterns]
    return [key for key in error.instance if key not in allowed]


def _suggest(word: str, choices: Any) -> str:
    from .suggestions import closest

    match = closest(word, [str(choice) for choice in choices], cutoff=0.6)
    return f"; did you mean {match!r}?" if match is not None and match != word else ""


# --- the YAML 1.1 traps and the patterns, in plain words --------------------------------------


def _trap(text: str, value: Any) -> str:
    """Why a plain scalar is not the text that was written: YAML 1.1 read it as something else."""
    text = shorten(text)
    if isinstance(value, bool):
        return (
            f"{text} is read as the boolean {str(value).lower()}: YAML 1.1 reads yes, no, on, "
            "off, true and false without quotes as booleans"
        )
    if isinstance(value, int | float):
        same = str(value) == text
        number = f"the number {shorten(str(value))}" + ("" if same else f", not {text}")
        return (
            f"{text} is read as {number}: YAML reads versions and dates without quotes as numbers"
        )
    if value is None:
        return f"{text} is read as nothing (null)"
    return f"{text} is read as {_describe(value)}"


_URL_PATTERN = "^https?://[^\\s]+$"
# What each pattern of the manifest schemas asks for, in words: no message prints a regex.
_FORMS = {
    _URL_PATTERN: "a web address (URL) that starts with https:// and has no spaces",
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": "a date written YYYY-MM-DD (such as 2024-07-18)",
    "^[0-9]+\\.[0-9]+$": "a version written MAJOR.MINOR (such as 1.0)",
    "^LicenseRef-[A-Za-z0-9.-]+$": "LicenseRef-<name>, the name of letters, digits, dots and hyphens",
    "^(LicenseRef|AdditionRef)-[A-Za-z0-9.-]+$": "LicenseRef-<name> or AdditionRef-<name>, the "
    "name of letters, digits, dots and hyphens",
}


def _not_of_form(instance: Any, pattern: str, schema: dict[str, Any]) -> str:
    """A text that does not match its pattern: what the field takes, and the fix when it is plain."""
    shown = quote(instance)
    if pattern == _URL_PATTERN and isinstance(instance, str):
        stripped = instance.strip()
        if any(character.isspace() for character in stripped):
            return f"{shown} is not a URL: a URL has no spaces (write a space as %20)"
        if "://" not in stripped:
            fixed = "https://" + stripped.removeprefix("//")
            return f"{shown} is not a URL: it needs https:// in front (write {quote(fixed)})"
        return f"{shown} is not a URL: it must start with https:// (or http://)"
    what = _FORMS.get(pattern)
    if what is not None:
        return f"{shown} is not {what}"
    description = schema.get("description")
    said = f": {shorten(str(description))}" if description else " (see the schema reference)"
    return f"{shown} is not of the form this field takes{said}"
