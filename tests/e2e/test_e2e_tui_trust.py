"""The real Codex TUI (``codex --remote``) against the server: its "Trust this folder?" screen
writes the trust through ``config/batchWrite``, the TUI reaches its prompt and runs a turn,
and after a server restart the folder is still trusted (no second question) (issue 14).

The TUI runs in a pseudo-terminal; its screen is read as text with the escape sequences
removed, and its cursor-position queries are answered so it can draw.
"""

from __future__ import annotations

import os
import re
import select
import signal
import struct
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.support.client import ServerProcess, StartServer, write_config
from tests.support.mock_provider import (
    Behaviour,
    FunctionCall,
    MockProvider,
    RecordedRequest,
    Scripted,
    TextReply,
    ToolCallsReply,
)
from tests.support.reference import codex_binary

pytestmark = [
    pytest.mark.requirement("R25"),
    pytest.mark.skipif(sys.platform == "win32", reason="drives the TUI in a POSIX pty"),
]

_ESCAPES = re.compile(
    rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[()=>][0-9A-B]?"
)


class Tui:
    """One ``codex --remote`` process on a pty; ``screen`` is everything it drew, as text
    without whitespace (the TUI positions words with cursor moves, not spaces)."""

    def __init__(self, pid: int, fd: int) -> None:
        self.pid = pid
        self.fd = fd
        self.raw = b""

    @property
    def screen(self) -> str:
        return re.sub(r"\s", "", _ESCAPES.sub(b"", self.raw).decode(errors="replace"))

    def pump(self, seconds: float, *, until_quiet: float | None = None) -> None:
        """Read what the TUI draws for ``seconds``, or (``until_quiet``) only until it has
        drawn nothing for that long."""
        deadline = time.monotonic() + seconds
        quiet_since = time.monotonic()
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.fd], [], [], 0.05)
            if not ready:
                if until_quiet is not None and time.monotonic() - quiet_since >= until_quiet:
                    return
                continue
            quiet_since = time.monotonic()
            try:
                data = os.read(self.fd, 65536)
            except OSError:
                return
            self.raw += data
            if b"\x1b[6n" in data:  # where is the cursor? (the TUI waits for the answer)
                os.write(self.fd, b"\x1b[1;1R")

    def wait_for(self, text: str, timeout: float = 60.0, *, since: int = 0) -> None:
        """Until ``text`` is drawn (after ``len(screen)`` was ``since``)."""
        deadline = time.monotonic() + timeout
        while text not in self.screen[since:]:
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"the TUI never showed {text!r}; it showed:\n{self.screen[-3000:]}"
                )
            self.pump(seconds=0.2)

    def ready_after(self, since: int) -> None:
        """Until the session is configured after ``since``: the status line names the
        model (the prompt is drawn earlier, before keystrokes reach a thread)."""
        self.wait_for("AskCodex", since=since)
        self.wait_for("mock-model", since=since)

    def trust(self) -> None:
        """Answer "Trust this folder?" with Enter ("Trust and continue" is highlighted)
        and wait until the session is ready. A key pressed as the question is first drawn
        can be dropped (the TUI reads keys a moment later), so Enter is pressed again if
        nothing follows it, as a user would."""
        self.wait_for("Trustthisfolder?")
        # Before it takes the answer the TUI drains the terminal's input, and gives up (it
        # exits: "timed out discarding buffered terminal input") if that takes a second:
        # a key pressed while it drains, on a loaded machine, can make it so. Answer once
        # the screen is drawn and still.
        self.pump(seconds=5.0, until_quiet=0.5)
        for attempt in range(3):
            answered = len(self.screen)
            self.type("\r")
            try:
                self.wait_for("mock-model", timeout=10.0, since=answered)
            except AssertionError:
                if attempt == 2:
                    raise
                continue
            self.ready_after(answered)
            return

    def type(self, keys: str) -> None:
        os.write(self.fd, keys.encode())
        self.pump(seconds=0.3)


@contextmanager
def tui(port: int, cwd: Path, codex_home: Path) -> Iterator[Tui]:
    import fcntl
    import pty
    import termios

    binary = str(codex_binary())
    pid, fd = pty.fork()
    if pid == 0:  # the child: exec the TUI, never return into pytest
        try:
            os.chdir(cwd)
            os.environ["CODEX_HOME"] = str(codex_home)
            os.environ["TERM"] = "xterm-256color"
            os.execv(binary, ["codex", "--remote", f"ws://127.0.0.1:{port}", "-C", str(cwd)])
        finally:
            os._exit(127)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    session = Tui(pid, fd)
    try:
        yield session
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)


def _default_setup(
    spindle_ws: StartServer, mock_provider: MockProvider, tmp_path: Path
) -> tuple[ServerProcess, Path, Path, Path]:
    """A server with a default config (no approval_policy and no sandbox_mode, so the
    folder's trust matters), a project folder and a home for the TUI."""
    home = tmp_path / "server" / "home"
    config = write_config(home, mock_provider.base_url)
    config.write_text(
        config.read_text()
        .replace('approval_policy = "never"\n', "")
        .replace('sandbox_mode = "read-only"\n', "")
    )
    server: ServerProcess = spindle_ws(home=home)
    project = (tmp_path / "project").resolve()
    project.mkdir()
    tui_home = tmp_path / "tui-home"
    tui_home.mkdir()
    return server, config, project, tui_home


def test_trust_and_continue_then_a_restart_remembers_it(
    spindle_ws: StartServer, mock_provider: MockProvider, tmp_path: Path
) -> None:
    server, config, project, tui_home = _default_setup(spindle_ws, mock_provider, tmp_path)
    assert server.port is not None

    with tui(server.port, project, tui_home) as first:
        first.trust()
        first.type("hello")
        first.type("\r")
        first.wait_for("Hellofrommock")
    assert config.read_text().endswith(f'[projects."{project}"]\ntrust_level = "trusted"\n')

    server.restart()
    assert server.port is not None
    with tui(server.port, project, tui_home) as second:
        second.ready_after(0)
        second.type("again")
        second.type("\r")
        second.wait_for("Hellofrommock")
        assert "Trustthisfolder?" not in second.screen


def test_the_tui_approves_an_escalated_command(
    spindle_ws: StartServer, mock_provider: MockProvider, tmp_path: Path
) -> None:
    # The model asks to run a command outside the sandbox: the TUI shows the reference's
    # approval question, "y" approves it, the command runs and the turn finishes. The TUI's
    # own side threads (temporary structured requests) never run a tool meanwhile.
    outside = tmp_path / "outside.txt"

    def script(request: RecordedRequest) -> Behaviour:
        outputs = request.function_call_outputs()
        if "c2" in outputs:
            return TextReply.of("all done now")
        if "c1" in outputs:
            call = FunctionCall(
                "exec_command",
                {
                    "cmd": f"touch {outside}",
                    "sandbox_permissions": "require_escalated",
                    "justification": "need to write outside",
                },
                call_id="c2",
            )
            return ToolCallsReply(calls=(call,))
        return ToolCallsReply(calls=(FunctionCall("exec_command", {"cmd": "true"}, call_id="c1"),))

    mock_provider.set_default(Scripted(script))
    server, _config, project, tui_home = _default_setup(spindle_ws, mock_provider, tmp_path)
    assert server.port is not None
    with tui(server.port, project, tui_home) as session:
        session.trust()
        session.type("do it")
        session.type("\r")
        session.wait_for("Wouldyouliketorunthefollowingcommand?")
        session.wait_for("Reason:needtowriteoutside")
        session.type("y")
        session.wait_for("alldonenow")
        assert "temporarystructuredthreads" not in session.screen
    assert outside.exists()
