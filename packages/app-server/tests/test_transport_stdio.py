"""The stdio transport, through a real child process running ``serve_stdio``.

The child runs the real transport with a tiny handler chosen by ``argv[1]``; the test talks
to it over real pipes, as a client would.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator

import pytest

CHILD = r"""
import asyncio, logging, os, sys
from spindle_app_server.transport import ConnectionClosed, serve_stdio

logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(levelname)s %(message)s")
mode = sys.argv[1]
stop = asyncio.Event()


async def echo(connection):
    async for line in connection.incoming():
        print("stray print:", line[:30])          # must land on stderr, not in the stream
        os.write(1, b"raw fd1 write\n")           # so must writes to fd 1 itself
        try:
            await connection.send("echo:" + line)
        except ConnectionClosed:
            print("send: connection closed", file=sys.stderr)
            return
        if line == "STOP":
            stop.set()
    await asyncio.sleep(0)
    try:
        await connection.send("bye")
    except ConnectionClosed:
        print("bye: connection closed", file=sys.stderr)


async def big(connection):
    async for line in connection.incoming():
        await connection.send(str(len(line)))
        await connection.send("B" * int(line))


async def flood(connection):
    total, capacity = int(sys.argv[2]), int(sys.argv[3])
    queue = connection.outbound
    reported = False
    for n in range(total):
        await connection.send(f"{n}:" + "p" * 65536)
        if queue.pending == capacity and not reported:
            print(f"FULL sent={n + 1}", file=sys.stderr, flush=True)
            reported = True
    print(f"DONE high_water={queue.high_water}", file=sys.stderr, flush=True)
    async for _ in connection.incoming():
        pass


async def main():
    handler = {"echo": echo, "echo-small": echo, "big": big, "flood": flood}[mode]
    capacity = int(sys.argv[3]) if mode == "flood" else 128
    max_line = 1000 if mode == "echo-small" else 64 << 20
    await serve_stdio(handler, stop, outbound_capacity=capacity, max_line_bytes=max_line)
    try:
        os.write(1, b"stdout restored after serve_stdio\n")
    except BrokenPipeError:
        pass  # the client closed stdout; that is a normal end


asyncio.run(main())
"""


def spawn(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


@pytest.fixture
def children() -> Iterator[list[subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for proc in started:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        for stream in (proc.stdin, proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()


def test_one_message_per_line_and_eof_exits_zero(children: list[subprocess.Popen[bytes]]) -> None:
    proc = spawn("echo")
    children.append(proc)
    stdin = b'{"id":1}\n  {"id":2}  \n{"id":3}\r\n\n{"id":4}'
    out, err = proc.communicate(stdin, timeout=60)
    assert proc.returncode == 0, err.decode()
    assert out.decode().splitlines() == [
        'echo:{"id":1}',
        'echo:  {"id":2}  ',  # whitespace is passed up untouched; the parser accepts it
        'echo:{"id":3}',  # CRLF line endings are accepted
        "echo:",  # an empty line is handed up too (the parser logs it, no reply)
        'echo:{"id":4}',  # a last line without newline still counts
        "bye",  # incoming() ended at EOF; the handler could still send
        "stdout restored after serve_stdio",
    ]
    stderr = err.decode()
    assert stderr.count("stray print:") == 5
    assert stderr.count("raw fd1 write") == 5


def test_invalid_utf8_line_is_skipped_and_the_stream_stays_usable(
    children: list[subprocess.Popen[bytes]],
) -> None:
    proc = spawn("echo")
    children.append(proc)
    out, err = proc.communicate(b'\xff\xfe{"id":1}\n{"id":2}\n', timeout=60)
    assert proc.returncode == 0, err.decode()
    assert out.decode().splitlines()[:2] == ['echo:{"id":2}', "bye"]
    assert "invalid UTF-8" in err.decode()


def test_a_line_over_the_limit_is_dropped_and_the_stream_stays_usable(
    children: list[subprocess.Popen[bytes]],
) -> None:
    proc = spawn("echo-small")
    children.append(proc)
    too_long = b"x" * (300 << 10)  # spans several reads
    out, err = proc.communicate(b'{"id":1}\n' + too_long + b'\n{"id":2}\n' + too_long, timeout=60)
    assert proc.returncode == 0, err.decode()
    assert out.decode().splitlines()[:3] == ['echo:{"id":1}', 'echo:{"id":2}', "bye"]
    assert err.decode().count("dropping a stdin line longer than 1000 bytes") == 2


def test_multi_megabyte_lines_both_ways(children: list[subprocess.Popen[bytes]]) -> None:
    proc = spawn("big")
    children.append(proc)
    request = str(24 << 20).rjust(8 << 20, " ")  # an 8 MiB line whose value asks for 24 MiB
    out, err = proc.communicate(request.encode() + b"\n", timeout=120)
    assert proc.returncode == 0, err.decode()
    lines = out.split(b"\n")
    assert lines[0] == str(8 << 20).encode()
    assert lines[1] == b"B" * (24 << 20)


def test_stop_ends_the_connection_while_stdin_is_still_open(
    children: list[subprocess.Popen[bytes]],
) -> None:
    proc = spawn("echo")
    children.append(proc)
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(b"hello\nSTOP\n")
    proc.stdin.flush()
    assert proc.stdout.readline() == b"echo:hello\n"
    assert proc.stdout.readline() == b"echo:STOP\n"
    assert proc.stdout.readline() == b"bye\n"
    # stdin stays open: the child must exit on stop alone.
    assert proc.wait(timeout=60) == 0


def test_broken_stdout_pipe_is_a_normal_close(children: list[subprocess.Popen[bytes]]) -> None:
    proc = spawn("echo")
    children.append(proc)
    assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
    proc.stdin.write(b"first\n")
    proc.stdin.flush()
    assert proc.stdout.readline() == b"echo:first\n"
    proc.stdout.close()  # the client goes away
    proc.stdin.write(b"second\n")
    proc.stdin.flush()
    # The write fails with EPIPE; the connection ends without waiting for stdin EOF.
    assert proc.wait(timeout=60) == 0
    err = proc.stderr.read().decode()
    assert "Traceback" not in err
    assert "connection closed" in err


def test_a_client_that_does_not_read_stdout_gets_back_pressure(
    children: list[subprocess.Popen[bytes]],
) -> None:
    total, capacity = 400, 8
    proc = spawn("flood", str(total), str(capacity))
    children.append(proc)
    assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
    stderr_lines: list[str] = []
    full = threading.Event()

    def drain_stderr() -> None:
        assert proc.stderr is not None
        for raw in proc.stderr:
            line = raw.decode(errors="replace")
            stderr_lines.append(line)
            if line.startswith("FULL"):
                full.set()

    reader = threading.Thread(target=drain_stderr, daemon=True)
    reader.start()
    # Nobody reads stdout yet: the pipe fills, then the bounded queue, then send() waits.
    assert full.wait(60), "".join(stderr_lines)
    sent_when_full = int(next(x for x in stderr_lines if x.startswith("FULL")).split("=")[1])
    assert sent_when_full < total
    assert not any(x.startswith("DONE") for x in stderr_lines)
    for n in range(total):
        line = proc.stdout.readline()
        assert line.startswith(f"{n}:".encode())
    proc.stdin.close()
    assert proc.wait(timeout=60) == 0
    reader.join(10)
    done = next(x for x in stderr_lines if x.startswith("DONE"))
    assert int(done.split("=")[1]) == capacity  # the queue filled up and never went past it
