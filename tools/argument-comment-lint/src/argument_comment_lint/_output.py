"""Output formats: text, json, github (workflow annotations) and sarif (code scanning)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from ._engine import RunResult
from ._version import __version__

FORMATS = ("text", "json", "github", "sarif")
_HELP_URI = "https://pypi.org/project/argument-comment-lint/"


def render(result: RunResult, fmt: str, rule_descriptions: Sequence[tuple[str, str]]) -> str:
    if fmt == "json":
        return _json(result)
    if fmt == "github":
        return _github(result)
    if fmt == "sarif":
        return _sarif(result, rule_descriptions)
    return _text(result)


def _text(result: RunResult) -> str:
    lines: list[str] = []
    for error in result.errors:
        lines.append(f"{error.path}: error: {error.message}")
    for finding, level in result.findings:
        tag = "" if level == "deny" else " (warning)"
        lines.append(
            f"{finding.path}:{finding.line}:{finding.column}: {finding.rule} {finding.message}{tag}"
        )
        fixable = " [fixable with --fix]" if finding.fixable else ""
        lines.append(f"    suggestion: {finding.suggestion}{fixable}")
    return "\n".join(lines)


def _json(result: RunResult) -> str:
    return json.dumps(
        {
            "findings": [
                {
                    "path": f.path,
                    "line": f.line,
                    "column": f.column,
                    "end_line": f.end_line,
                    "end_column": f.end_column,
                    "rule": f.rule,
                    "level": level,
                    "message": f.message,
                    "suggestion": f.suggestion,
                    "fixable": f.fixable,
                }
                for f, level in result.findings
            ],
            "errors": [{"path": e.path, "message": e.message} for e in result.errors],
            "fixed": result.fixed,
            "files_checked": result.files_checked,
        },
        indent=2,
    )


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def _github(result: RunResult) -> str:
    lines: list[str] = []
    for error in result.errors:
        lines.append(f"::error file={_escape_property(error.path)}::{_escape_data(error.message)}")
    for f, level in result.findings:
        kind = "error" if level == "deny" else "warning"
        props = ",".join(
            [
                f"file={_escape_property(f.path)}",
                f"line={f.line}",
                f"col={f.column}",
                f"endLine={f.end_line}",
                f"endColumn={f.end_column}",
                f"title={_escape_property(f.rule)}",
            ]
        )
        lines.append(f"::{kind} {props}::{_escape_data(f.message + ' (' + f.suggestion + ')')}")
    return "\n".join(lines)


def _sarif(result: RunResult, rule_descriptions: Sequence[tuple[str, str]]) -> str:
    rules = [
        {"id": name, "name": name, "shortDescription": {"text": text}, "helpUri": _HELP_URI}
        for name, text in rule_descriptions
    ]
    results = [
        {
            "ruleId": f.rule,
            "level": "error" if level == "deny" else "warning",
            "message": {"text": f"{f.message} ({f.suggestion})"},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": f.path.replace("\\", "/")},
                        "region": {
                            "startLine": f.line,
                            "startColumn": f.column,
                            "endLine": f.end_line,
                            "endColumn": f.end_column,
                        },
                    }
                }
            ],
        }
        for f, level in result.findings
    ]
    notifications = [
        {
            "level": "error",
            "message": {"text": e.message},
            "locations": [
                {"physicalLocation": {"artifactLocation": {"uri": e.path.replace("\\", "/")}}}
            ],
        }
        for e in result.errors
    ]
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "argument-comment-lint",
                        "version": __version__,
                        "informationUri": _HELP_URI,
                        "rules": rules,
                    }
                },
                "results": results,
                "invocations": [
                    {
                        "executionSuccessful": not result.errors,
                        "toolExecutionNotifications": notifications,
                    }
                ],
            }
        ],
    }
    return json.dumps(doc, indent=2)
