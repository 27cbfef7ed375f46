"""Secret redaction for text sent to (and kept from) the memory model.

Best effort on known credential shapes: API keys with well-known prefixes, AWS access key
ids, bearer/basic authorization values, JSON web tokens, PEM private key blocks, URL
passwords and ``NAME=value`` / ``"name": "value"`` assignments whose name says secret.
Everything matched becomes ``[REDACTED]`` (for assignments, only the value).
"""

from __future__ import annotations

import re
from typing import Final

REDACTED: Final = "[REDACTED]"

_SECRET_NAME = (
    r"[A-Za-z0-9_.-]*(?:api[_-]?key|secret|token|password|passwd|credential|"
    r"private[_-]?key|access[_-]?key)[A-Za-z0-9_.-]*"
)
# A value worth hiding: 8+ characters with at least one letter (so counts like
# ``max_tokens=4096`` stay readable).
_SECRET_VALUE = r"(?=[^\s'\"\\,;]*[A-Za-z])[^\s'\"\\,;]{8,}"

_PATTERNS: Final[tuple[tuple[re.Pattern[str], str], ...]] = (
    (
        re.compile(
            r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----.*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|\Z)",
            re.DOTALL,
        ),
        REDACTED,
    ),
    # Provider keys: OpenAI/Anthropic (sk-...), GitHub, GitLab, Slack, Google, Stripe, npm.
    (
        re.compile(
            r"\b(?:sk-(?:ant-|proj-|live-|test-)?[A-Za-z0-9_-]{16,}"
            r"|gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}"
            r"|glpat-[A-Za-z0-9_-]{20,}|xox[abprs]-[A-Za-z0-9-]{10,}"
            r"|AIza[0-9A-Za-z_-]{35}|(?:rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}"
            r"|npm_[A-Za-z0-9]{36})"
        ),
        REDACTED,
    ),
    (re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"), REDACTED),
    (re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"), REDACTED),
    (re.compile(r"(?i)\b(bearer|basic)(\s+)[A-Za-z0-9._~+/=-]{8,}"), rf"\1\2{REDACTED}"),
    (re.compile(r"([a-z][a-z0-9+.-]*://[^\s:/@]+:)[^\s@/]+(@)"), rf"\1{REDACTED}\2"),
    # "api_key": "value" (also with escaped quotes inside serialized JSON).
    (
        re.compile(
            rf'(?i)((?:\\?")({_SECRET_NAME})(?:\\?")\s*:\s*(?:\\?"))([^"\\]{{8,}})((?:\\?"))'
        ),
        rf"\1{REDACTED}\4",
    ),
    # API_KEY=value, password: value
    (
        re.compile(rf"(?i)\b({_SECRET_NAME})(\s*[:=]\s*)(['\"]?)({_SECRET_VALUE})"),
        rf"\1\2\3{REDACTED}",
    ),
)


def redact_secrets(text: str) -> str:
    """``text`` with every recognised secret replaced by ``[REDACTED]``."""
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text
