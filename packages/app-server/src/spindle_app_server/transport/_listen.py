"""``--listen`` URLs and the non-loopback guard."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from ._transport_errors import ListenUrlError, StartupError

if TYPE_CHECKING:
    from ._auth import WsAuth

__all__ = ["ListenTarget", "check_listen_allowed", "parse_listen"]

_UNSUPPORTED = (
    "unsupported --listen URL `{url}`; expected `stdio://`, `unix://`, `unix://PATH`, "
    "`ws://IP:PORT`, or `off`"
)
_INVALID_WS = "invalid websocket --listen URL `{url}`; expected `ws://IP:PORT`"


@dataclass(frozen=True)
class ListenTarget:
    """Where to serve: ``stdio``, a WebSocket bound to ``host:port`` (host is an IP), the
    WebSocket protocol on the Unix socket ``path`` (``unix``; an empty path means the
    default one under the home folder), or nowhere (``off``)."""

    kind: Literal["stdio", "ws", "unix", "off"]
    host: str = ""
    port: int = 0
    path: str = ""

    @property
    def is_loopback(self) -> bool:
        if self.kind != "ws":
            return True
        ip = ipaddress.ip_address(self.host)
        # Like Rust's IpAddr::is_loopback: an IPv4-mapped IPv6 address is not loopback.
        return ip == ipaddress.IPv6Address("::1") if ip.version == 6 else ip.is_loopback

    @property
    def address(self) -> str:
        """``HOST:PORT`` as the reference formats a socket address (IPv6 in brackets)."""
        return format_address(self.host, self.port)

    @property
    def url(self) -> str:
        if self.kind == "unix":
            return f"unix://{self.path}"
        if self.kind == "off":
            return "off"
        return "stdio://" if self.kind == "stdio" else f"ws://{self.address}"


def format_address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def parse_listen(url: str) -> ListenTarget:
    """Parse ``stdio://``, ``unix://``, ``unix://PATH``, ``ws://IP:PORT`` (port 0 picks a
    free port) or ``off``; :class:`ListenUrlError` with the reference's message otherwise."""
    if url == "stdio://":
        return ListenTarget("stdio")
    if url == "off":
        return ListenTarget("off")
    if url.startswith("unix://"):
        return ListenTarget("unix", path=url.removeprefix("unix://"))
    if not url.startswith("ws://"):
        raise ListenUrlError(_UNSUPPORTED.format(url=url))
    rest = url.removeprefix("ws://")
    host, sep, port_text = rest.rpartition(":")
    if not sep or not port_text.isascii() or not port_text.isdigit():
        raise ListenUrlError(_INVALID_WS.format(url=url))
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
        want_v6 = True
    else:
        want_v6 = False
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        raise ListenUrlError(_INVALID_WS.format(url=url)) from None
    port = int(port_text)
    if port > 65535 or (ip.version == 6) != want_v6:
        raise ListenUrlError(_INVALID_WS.format(url=url))
    return ListenTarget("ws", _display_ip(ip), port)


def _display_ip(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    # Rust prints IPv4-mapped IPv6 addresses in dotted form; Python would print ::ffff:7f00:1.
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return f"::ffff:{ip.ipv4_mapped}"
    return str(ip)


def check_listen_allowed(target: ListenTarget, auth: WsAuth | None) -> None:
    """Refuse a non-loopback WebSocket listener without auth, like the reference."""
    if target.kind == "ws" and auth is None and not target.is_loopback:
        raise StartupError(
            f"refusing to start non-loopback websocket listener {target.address} without auth; "
            "configure `--ws-auth capability-token` or `--ws-auth signed-bearer-token`"
        )
