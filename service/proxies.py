"""What a request's proxies may tell us: who the client is, and where the client reached the service.

How and why: docs/architecture.md, "Proxies".
"""

from __future__ import annotations

import ipaddress
import re
from typing import Any

from litestar.types import Scope

Address = ipaddress.IPv4Address | ipaddress.IPv6Address

# RFC 9110 `Host = uri-host [ ":" port ]`: a registered name (RFC 3986 reg-name, at most 253
# characters) or an IPv4 address, or an IPv6 literal in brackets; a port of at most 65535.
_HOST = re.compile(
    rb"(?:\[(?P<ip6>[0-9A-Fa-f:.]{2,45})\]|(?P<name>[A-Za-z0-9._~!$&'()*+,;=%-]{1,253}))"
    rb"(?::(?P<port>[0-9]{0,5}))?"
)


def valid_host(host: bytes) -> bool:
    """Whether a Host header is one the service's own URLs can be built on."""
    match = _HOST.fullmatch(host)
    if match is None or (match["port"] and int(match["port"]) > 65535):
        return False
    if match["ip6"] is not None:
        try:
            ipaddress.IPv6Address(match["ip6"].decode())
        except ValueError:
            return False
    return True


def _settings(scope: Scope) -> Any:
    return getattr(getattr(scope.get("app"), "state", None), "settings", None)


def _trusted(scope: Scope) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    settings = _settings(scope)
    return settings.trusted_networks if settings is not None else ()


def _ip(text: str) -> Address | None:
    """An address as a proxy writes it: bare, `v4:port`, `[v6]` or `[v6]:port`, maybe quoted."""
    text = text.strip().strip('"')
    if text.startswith("["):
        text = text[1 : text.find("]")] if "]" in text else ""
    elif text.count(":") == 1:
        text = text.partition(":")[0]
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def _forwarded_elements(scope: Scope) -> list[dict[str, str]]:
    """RFC 7239 `Forwarded`, one dict of (lower-cased) parameters per hop, oldest first."""
    elements: list[dict[str, str]] = []
    for name, value in scope.get("headers", ()):
        if name == b"forwarded":
            for element in value.decode("latin-1").split(","):
                pairs = (pair.partition("=") for pair in element.split(";"))
                elements.append({k.strip().lower(): v.strip().strip('"') for k, _, v in pairs if k.strip()})
    return elements


def _header_values(scope: Scope, header: bytes) -> list[str]:
    """Every comma-separated value of a header, over all its lines, oldest first."""
    values: list[str] = []
    for name, value in scope.get("headers", ()):
        if name == header:
            values += (part.strip() for part in value.decode("latin-1").split(","))
    return values


def _hops(scope: Scope) -> list[str]:
    """The addresses the proxies appended, oldest first: X-Forwarded-For, else Forwarded's `for=`."""
    return _header_values(scope, b"x-forwarded-for") or [e.get("for", "") for e in _forwarded_elements(scope)]


def _identity(ip: Address) -> str:
    """An IPv4 address; an IPv6 client by its /64, which one client holds whole."""
    if isinstance(ip, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


def peer_is_trusted(scope: Scope) -> bool:
    """Whether the peer that sent this request is one of DATELINE_TRUSTED_PROXIES."""
    trusted = _trusted(scope)
    client = scope.get("client")
    if not trusted or not client:
        return False
    peer = _ip(client[0])
    return peer is not None and any(peer in net for net in trusted)


def client_ip(scope: Scope) -> Address | str:
    """The client's address: the peer's; when the peer is one of DATELINE_TRUSTED_PROXIES, the rightmost
    address in X-Forwarded-For (or Forwarded) that is not a trusted proxy, so a client cannot choose its
    own by sending the header. The peer's text as the server gave it when it is not an address, or when
    no proxy is trusted and it is an IPv4 address (not parsed: it is read for every request)."""
    client = scope.get("client")
    peer_text = client[0] if client else ""
    trusted = _trusted(scope)
    if not trusted and peer_text and ":" not in peer_text:  # an IPv4 peer as the server wrote it
        return peer_text
    peer = _ip(peer_text) if peer_text else None
    if peer is None:
        return peer_text or "unknown"
    if not trusted or not any(peer in net for net in trusted):
        return peer
    found = peer
    for hop in reversed(_hops(scope)):
        ip = _ip(hop)
        if ip is None:  # unreadable: the nearest proxy that wrote it is all we know
            break
        found = ip
        if not any(ip in net for net in trusted):
            break
    return found


def client_address(scope: Scope) -> str:
    """Who the client is, for limits per client: `client_ip`, an IPv6 client by its /64."""
    ip = client_ip(scope)
    return ip if isinstance(ip, str) else _identity(ip)


_SCHEMES = ("http", "https")


def forwarded_origin(scope: Scope) -> tuple[str, str] | None:
    """(scheme, host) the client used, as the nearest trusted proxy says (X-Forwarded-Proto and
    X-Forwarded-Host, else Forwarded's `proto=` and `host=`: the last value, which that proxy wrote);
    None when the peer is not trusted or says neither. A scheme other than http(s) or a host no URL can
    be built on is ignored, as if not sent."""
    if not peer_is_trusted(scope):
        return None
    protos = _header_values(scope, b"x-forwarded-proto")
    hosts = _header_values(scope, b"x-forwarded-host")
    if not protos and not hosts:
        elements = _forwarded_elements(scope)
        protos = [e["proto"] for e in elements if "proto" in e]
        hosts = [e["host"] for e in elements if "host" in e]
    proto = protos[-1].lower() if protos and protos[-1].lower() in _SCHEMES else None
    host = hosts[-1] if hosts and hosts[-1].isascii() and valid_host(hosts[-1].encode()) else None
    if proto is None and host is None:
        return None
    scheme = proto or scope.get("scheme", "http")
    return scheme, host or _own_host(scope)


def _own_host(scope: Scope) -> str:
    """The request's Host header, else the address the server listens on."""
    host = next((v.decode("latin-1") for k, v in scope.get("headers", ()) if k == b"host"), None)
    if host:
        return host
    server = scope.get("server")
    return f"{server[0]}:{server[1]}" if server else "localhost"


def base_url(scope: Scope) -> str:
    """Where this service is, for absolute URLs, without a trailing slash: DATELINE_PUBLIC_URL when set;
    else the scheme and host a trusted proxy says the client used; else this request's own."""
    settings = _settings(scope)
    if settings is not None and settings.public_url:
        return str(settings.public_url).rstrip("/")
    origin = forwarded_origin(scope)
    if origin is not None:
        return f"{origin[0]}://{origin[1]}"
    return f"{scope.get('scheme', 'http')}://{_own_host(scope)}"
