"""argument-comment-mismatch: a ``# name`` argument comment that names the wrong parameter."""

from __future__ import annotations

from collections.abc import Iterator

from .._model import ParamKind
from .._rule import CallInfo, Fix, Invalid, LintRule, Report, Valid

_CONNECT = """
def connect(base_url, timeout=5):
    ...
"""


class ArgumentCommentMismatch(LintRule):
    """An argument comment must name the parameter its argument binds to.

    For a plain positional argument any ``# identifier`` comment is an argument
    comment. For a keyword argument, or a positional one swallowed by ``*args``,
    the comment counts only when it names another parameter of the callee (a
    keyword already names its parameter; ``# seconds`` there is a note).
    ``--fix`` corrects the comment.
    """

    name = "argument-comment-mismatch"
    description = "argument comment does not match the parameter"

    VALID = (
        Valid(
            _CONNECT
            + """
connect(
    None,  # base_url
    5,  # timeout
)
"""
        ),
        Valid(
            _CONNECT
            + """
connect(
    None,  # no url in tests
    timeout=5,  # seconds
)
"""
        ),
        Valid(
            """
from third_party import connect

connect(
    None,  # whatever
)
"""
        ),
        Valid(
            _CONNECT
            + """
connect(
    None,  # timeout  # noqa: argument-comment-mismatch
)
"""
        ),
        Valid(
            _CONNECT
            + """
connect(
    None,  # noqa
)
"""
        ),
        Valid(
            _CONNECT
            + """
connect(
    None,  # timeout
)  # noqa
"""
        ),
    )

    INVALID = (
        Invalid(
            _CONNECT
            + """
connect(
    None,  # timeout
    5,  # base_url
)
""",
            _CONNECT
            + """
connect(
    None,  # base_url
    5,  # timeout
)
""",
            message="argument comment `# timeout` does not match parameter `base_url`",
            count=2,
        ),
        # No comma after the last argument: the comment follows the argument itself.
        Invalid(
            _CONNECT
            + """
connect(
    None,  # base_url
    5  # retries
)
""",
            _CONNECT
            + """
connect(
    None,  # base_url
    5  # timeout
)
""",
        ),
        # After *args: the argument lands in `rest`, not in `flag`.
        Invalid(
            """
def f(a, *rest, flag=False):
    ...


f(
    1,  # a
    True,  # flag
)
""",
            """
def f(a, *rest, flag=False):
    ...


f(
    1,  # a
    True,  # rest
)
""",
            message="does not match parameter `rest`",
        ),
        # Keyword reordering.
        Invalid(
            _CONNECT
            + """
connect(
    timeout=5,  # base_url
    base_url=None,
)
""",
            _CONNECT
            + """
connect(
    timeout=5,  # timeout
    base_url=None,
)
""",
        ),
        Invalid(
            """
class Client:
    def send(self, payload, urgent):
        ...

    def run(self):
        self.send(
            {},  # body
            urgent=True,
        )
""",
            """
class Client:
    def send(self, payload, urgent):
        ...

    def run(self):
        self.send(
            {},  # payload
            urgent=True,
        )
""",
        ),
        Invalid(
            _CONNECT
            + """
connect(
    None,  # timeout  # noqa: uncommented-anonymous-literal-argument
)
""",
            _CONNECT
            + """
connect(
    None,  # base_url  # noqa: uncommented-anonymous-literal-argument
)
""",
        ),
    )

    def check(self, call: CallInfo) -> Iterator[Report]:
        names = call.param_names()
        for arg in call.args:
            param = arg.param
            if arg.comment is None or param is None or arg.comment == param.name:
                continue
            loose = arg.keyword is not None or param.kind in (
                ParamKind.VAR_POSITIONAL,
                ParamKind.VAR_KEYWORD,
            )
            if loose and arg.comment not in names:
                continue
            if call.suppressed(self.name, arg.index):
                continue
            yield Report(
                arg.index,
                f"argument comment `# {arg.comment}` does not match parameter `{param.name}`",
                f"use `# {param.name}`",
                Fix("replace_comment", param.name),
            )
