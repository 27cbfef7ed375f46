"""Transport exceptions.

Exception tree::

    Exception
    ├── StartupError        the server cannot start; printed as ``Error: <message>``, exit 1
    ├── ConnectionClosed    ``send`` on a connection that is closed (peer gone or ``close()``)
    └── ValueError
        └── ListenUrlError  a bad ``--listen`` URL (a usage error, exit 2 like clap)
"""

from __future__ import annotations


class StartupError(Exception):
    """The server refuses to start; the message matches the reference's ``Error: ...`` line."""


class ConnectionClosed(Exception):
    """The connection is closed; nothing more can be sent on it."""


class ListenUrlError(ValueError):
    """A ``--listen`` value the reference would reject as a usage error."""
