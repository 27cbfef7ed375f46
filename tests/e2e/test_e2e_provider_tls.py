"""A model provider over HTTPS, as every real one is.

The model worker verifies the provider's certificate against the CA store its SDK would
use (here the test CA, through ``SSL_CERT_FILE``), one TLS context shared by all its
clients; a certificate it cannot verify fails the turn before any request is sent.
"""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest
import trustme

from tests.support.client import StartServer, spindle_only
from tests.support.flows import run_turn, start_thread
from tests.support.mock_provider import MockProvider

_WHY = "the CA store read is the one spindle's model SDK reads (SSL_CERT_FILE)"


@pytest.fixture
def tls_provider(tmp_path: Path) -> Iterator[tuple[MockProvider, Path]]:
    """An HTTPS mock provider whose certificate a fresh test CA issued, and that CA's file."""
    ca = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    ca_file = tmp_path / "test-ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    with MockProvider(tls=context) as provider:
        yield provider, ca_file


def test_turns_reach_an_https_provider_whose_certificate_is_trusted(
    spindle: StartServer, tls_provider: tuple[MockProvider, Path]
) -> None:
    spindle_only(_WHY)
    provider, ca_file = tls_provider
    assert provider.base_url.startswith("https://127.0.0.1:")
    server = spindle(provider=provider, env={"SSL_CERT_FILE": str(ca_file)})
    conn = server.connect()
    conn.initialize()
    # Two threads, two turns: the second client of the worker reuses its TLS context.
    for text in ("first", "second"):
        provider.reply(f"over TLS: {text}")
        thread = start_thread(conn)
        run = run_turn(conn, thread["id"], text)
        assert run.status == "completed"
        assert run.agent_text() == f"over TLS: {text}"
    assert len(provider.requests) == 2


def test_an_https_provider_whose_certificate_is_not_trusted_fails_the_turn(
    spindle: StartServer, tls_provider: tuple[MockProvider, Path]
) -> None:
    spindle_only(_WHY)
    provider, _ = tls_provider
    server = spindle(provider=provider)  # the test CA is in no store the worker reads
    conn = server.connect()
    conn.initialize()
    thread = start_thread(conn)
    run = run_turn(conn, thread["id"], "hello", timeout=60)
    assert run.status == "failed"
    errors = run.of("error")
    assert errors and not errors[-1]["params"]["willRetry"]
    assert "httpConnectionFailed" in errors[-1]["params"]["error"]["codexErrorInfo"]
    assert provider.requests == []  # no request was sent over an unverified connection
