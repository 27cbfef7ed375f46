"""uncommented-anonymous-literal-argument: name the parameter a bare literal is passed to."""

from __future__ import annotations

from collections.abc import Iterator

from .._model import ParamKind
from .._rule import CallInfo, Fix, Invalid, LintRule, Report, Valid

_CONNECT = """
def connect(base_url, timeout=5):
    ...
"""


class UncommentedAnonymousLiteralArgument(LintRule):
    """A positional ``None``/``True``/``False``/number passed to a first-party callable.

    Satisfied by a keyword or a ``# name`` argument comment. ``--fix`` rewrites the
    argument to a keyword when that is valid and means the same; otherwise, in a
    call split over lines, it adds the ``# name`` comment; otherwise it only reports.
    """

    name = "uncommented-anonymous-literal-argument"
    description = "anonymous literal argument passed to a named parameter"

    VALID = (
        Valid(_CONNECT + "connect(base_url=None)\n"),
        Valid(_CONNECT + 'connect("https://example.invalid")\n'),
        Valid(_CONNECT + 'connect(b"x")\n'),
        Valid(
            _CONNECT
            + """
connect(
    None,  # base_url
    5,  # timeout
)
"""
        ),
        # The comment sits after the argument when no comma follows (LibCST #1377).
        Valid(
            _CONNECT
            + """
connect(
    None,  # base_url
    5  # timeout
)
"""
        ),
        # A one-argument method call whose name is the parameter's.
        Valid(
            """
class Widget:
    def enabled(self, enabled):
        ...

    def show(self):
        self.enabled(True)
"""
        ),
        Valid("def log(*values):\n    ...\n\n\nlog(1, 2, None)\n"),
        Valid("def f(_hidden):\n    ...\n\n\nf(1)\n"),
        Valid("def f(a, b):\n    ...\n\n\nargs = [1]\nf(*args, 2)\n"),
        # Third-party and builtins are never first-party.
        Valid("import textwrap\n\ntextwrap.indent('a', 'b', None)\nprint(None)\nround(1.5, 0)\n"),
        Valid(_CONNECT + "connect(None, 5)  # noqa\n"),
        Valid(
            _CONNECT
            + """
connect(
    None,
    5,
)  # noqa: uncommented-anonymous-literal-argument
"""
        ),
        Valid(
            _CONNECT
            + """
connect(
    "a",
    5,  # noqa: uncommented-anonymous-literal-argument
)
"""
        ),
        # Unresolvable callees are skipped, never guessed.
        Valid(_CONNECT + "def make():\n    ...\n\n\nclient = make()\nclient.connect(None)\n"),
        Valid(_CONNECT + 'getattr(make, "connect")(None)\n'),
        Valid(
            "from pkg.net import *\n\nconnect(None)\n",
            files={"pkg/__init__.py": "", "pkg/net.py": _CONNECT},
        ),
        Valid(
            """
def deco(fn):
    def inner(*args):
        return fn(*args)
    return inner


@deco
def connect(base_url):
    ...


connect(None)
"""
        ),
        Valid(
            """
from functools import partial


def connect(base_url, timeout):
    ...


bound = partial(connect, None)
bound(5)
"""
        ),
        Valid(_CONNECT + "def main(connect):\n    connect(None)\n"),
        Valid(
            """
try:
    from fastnet import connect
except ImportError:
    def connect(base_url):
        ...


connect(None)
"""
        ),
        Valid(
            """
class Client:
    @property
    def handler(self):
        return print

    def run(self):
        self.handler(None)
"""
        ),
        Valid(
            """
class Client:
    def __init__(self):
        self.callback = print

    def callback(self, value):
        ...

    def run(self):
        self.callback(None)
"""
        ),
        Valid("class Oops(Exception):\n    pass\n\n\nOops(1)\n"),
        # Calls that cannot bind to the resolved signature are not ours to judge.
        Valid("def f(a):\n    ...\n\n\nf(1, 2)\n"),
        Valid(
            "from third_party import thing\n\nthing.connect(None)\n",
        ),
        Valid(
            "import pkg.net\n\npkg.net.connect(None)\n",
            files={
                "pkg/__init__.py": "",
                "pkg/net.py": _CONNECT,
                "pyproject.toml": "[tool.argument-comment-lint]\nfirst-party = ['other']\n",
            },
        ),
    )

    INVALID = (
        Invalid(
            _CONNECT + "connect(None)\n",
            _CONNECT + "connect(base_url=None)\n",
            message="anonymous literal argument `None` for parameter `base_url` of `connect`",
        ),
        Invalid(
            _CONNECT + "connect(None, 5)\n",
            _CONNECT + "connect(base_url=None, timeout=5)\n",
            count=2,
        ),
        Invalid(
            "def scale(factor):\n    ...\n\n\nscale(-1)\nscale((2.5))\nscale(+3)\nscale(1j)\n",
            "def scale(factor):\n    ...\n\n\nscale(factor=-1)\nscale(factor=(2.5))\nscale(factor=+3)\nscale(factor=1j)\n",
            count=4,
        ),
        # A later positional argument forbids the keyword; one line: report only.
        Invalid(
            "def send(urgent, payload):\n    ...\n\n\npayload = {}\nsend(True, payload)\n",
            expected_fix=None,
            message="parameter `urgent`",
        ),
        # ... split over lines: the argument comment is added.
        Invalid(
            """
def send(urgent, payload):
    ...


payload = {}
send(
    True,
    payload,
)
""",
            """
def send(urgent, payload):
    ...


payload = {}
send(
    True,  # urgent
    payload,
)
""",
        ),
        # Positional-only parameters cannot take keywords.
        Invalid(
            "def clamp(value, /, low=0):\n    ...\n\n\nclamp(3, low=1)\n",
            expected_fix=None,
            message="positional-only",
        ),
        Invalid(
            """
def clamp(value, /, low=0):
    ...


clamp(
    3,
    low=1,
)
""",
            """
def clamp(value, /, low=0):
    ...


clamp(
    3,  # value
    low=1,
)
""",
        ),
        Invalid(
            "def f(a, *, flag=False):\n    ...\n\n\nf(1, flag=True)\n",
            "def f(a, *, flag=False):\n    ...\n\n\nf(a=1, flag=True)\n",
        ),
        Invalid(
            """
class Client:
    def connect(self, base_url):
        ...

    def run(self):
        self.connect(None)
""",
            """
class Client:
    def connect(self, base_url):
        ...

    def run(self):
        self.connect(base_url=None)
""",
        ),
        Invalid(
            """
class Client:
    @classmethod
    def build(cls, retries):
        ...

    @classmethod
    def default(cls):
        return cls.build(3)
""",
            """
class Client:
    @classmethod
    def build(cls, retries):
        ...

    @classmethod
    def default(cls):
        return cls.build(retries=3)
""",
        ),
        Invalid(
            """
class Parser:
    @staticmethod
    def parse(strict):
        ...


Parser.parse(True)
""",
            """
class Parser:
    @staticmethod
    def parse(strict):
        ...


Parser.parse(strict=True)
""",
        ),
        Invalid(
            """
class Base:
    def __init__(self, base_url, retries=3):
        ...


class Client(Base):
    pass


Client(None, 3)
""",
            """
class Base:
    def __init__(self, base_url, retries=3):
        ...


class Client(Base):
    pass


Client(base_url=None, retries=3)
""",
            count=2,
        ),
        Invalid(
            """
from dataclasses import dataclass, field


@dataclass
class Point:
    x: int
    y: int = 0
    tags: list[int] = field(default_factory=list)


Point(1, 2)
""",
            """
from dataclasses import dataclass, field


@dataclass
class Point:
    x: int
    y: int = 0
    tags: list[int] = field(default_factory=list)


Point(x=1, y=2)
""",
            count=2,
        ),
        Invalid(
            """
import dataclasses


@dataclasses.dataclass
class Base:
    x: int


@dataclasses.dataclass(kw_only=True)
class Child(Base):
    flag: bool = False


Child(1, flag=True)
""",
            """
import dataclasses


@dataclasses.dataclass
class Base:
    x: int


@dataclasses.dataclass(kw_only=True)
class Child(Base):
    flag: bool = False


Child(x=1, flag=True)
""",
        ),
        # Imports with aliases, re-exports through a package __init__.
        Invalid(
            "import netlib as nl\n\nnl.connect(None)\n",
            "import netlib as nl\n\nnl.connect(base_url=None)\n",
            files={
                "netlib/__init__.py": "from .client import connect\n",
                "netlib/client.py": _CONNECT,
            },
        ),
        Invalid(
            "from netlib.client import connect as open_connection\n\nopen_connection(None)\n",
            "from netlib.client import connect as open_connection\n\nopen_connection(base_url=None)\n",
            files={"netlib/__init__.py": "", "netlib/client.py": _CONNECT},
        ),
        Invalid(
            "from .util import retry\n\nretry(3)\n",
            "from .util import retry\n\nretry(times=3)\n",
            files={"app/__init__.py": "", "app/util.py": "def retry(times):\n    ...\n"},
            path="app/main.py",
        ),
        # src layout: modules map from the source root, not the project root.
        Invalid(
            "from demo.core import run\n\nrun(True)\n",
            "from demo.core import run\n\nrun(verbose=True)\n",
            files={
                "pyproject.toml": "[project]\nname = 'demo'\nversion = '0'\n",
                "src/demo/__init__.py": "",
                "src/demo/core.py": "def run(verbose):\n    ...\n",
            },
            path="scripts/go.py",
        ),
        # A configured source root with an unusual name.
        Invalid(
            "from demo.core import run\n\nrun(True)\n",
            "from demo.core import run\n\nrun(verbose=True)\n",
            files={
                "pyproject.toml": "[tool.argument-comment-lint]\nsrc = ['code']\n",
                "code/demo/__init__.py": "",
                "code/demo/core.py": "def run(verbose):\n    ...\n",
            },
            path="tools/go.py",
        ),
        Invalid(
            """
import functools


def traced(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)

    return wrapper


@traced
@functools.lru_cache(maxsize=None)
def connect(base_url):
    ...


connect(None)
""",
            """
import functools


def traced(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)

    return wrapper


@traced
@functools.lru_cache(maxsize=None)
def connect(base_url):
    ...


connect(base_url=None)
""",
        ),
        Invalid(
            """
from typing import overload


@overload
def get(key: int) -> int: ...
@overload
def get(key: str) -> str: ...
def get(key):
    return key


get(1)
""",
            """
from typing import overload


@overload
def get(key: int) -> int: ...
@overload
def get(key: str) -> str: ...
def get(key):
    return key


get(key=1)
""",
        ),
        # A noqa for the other rule does not suppress this one.
        Invalid(
            _CONNECT + "connect(None)  # noqa: argument-comment-mismatch\n",
            _CONNECT + "connect(base_url=None)  # noqa: argument-comment-mismatch\n",
        ),
    )

    def check(self, call: CallInfo) -> Iterator[Report]:
        flagged = {}
        for arg in call.args:
            param = arg.param
            if arg.keyword is not None or arg.starred or not arg.literal or param is None:
                continue
            if param.kind == ParamKind.VAR_POSITIONAL:
                continue
            if not param.name or param.name.startswith("_"):
                continue
            if len(call.args) == 1 and call.callee_name == param.name:
                continue
            if arg.comment is not None:
                # Matching: satisfied. Not matching: argument-comment-mismatch reports it.
                continue
            if call.suppressed(self.name, arg.index):
                continue
            flagged[arg.index] = arg
        # A keyword is valid only if every later positional argument becomes one too.
        keywordable: set[int] = set()
        suffix_ok = True
        for arg in reversed([a for a in call.args if a.keyword is None and a.starred != 2]):
            ok = (
                suffix_ok
                and arg.index in flagged
                and arg.param is not None
                and arg.param.kind == ParamKind.POSITIONAL_OR_KEYWORD
            )
            if ok:
                keywordable.add(arg.index)
            suffix_ok = ok
        for index, arg in flagged.items():
            assert arg.param is not None
            name = arg.param.name
            if index in keywordable:
                fix: Fix | None = Fix("keyword", name)
            elif arg.can_comment:
                fix = Fix("add_comment", name)
            else:
                fix = None
            kind = "positional-only " if arg.param.kind == ParamKind.POSITIONAL_ONLY else ""
            message = (
                f"anonymous literal argument `{arg.text}` for {kind}parameter `{name}` "
                f"of `{call.resolved.callee}`"
            )
            if arg.param.kind == ParamKind.POSITIONAL_ONLY:
                suggestion = (
                    f"`{name}` is positional-only: split the call over lines and add "
                    f"the argument comment `# {name}` after it"
                )
            else:
                suggestion = (
                    f"pass it as `{name}={arg.text}` (or add the argument comment `# {name}`)"
                )
            yield Report(index, message, suggestion, fix)
