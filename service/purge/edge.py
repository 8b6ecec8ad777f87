"""How a set of surrogate keys is sent to each kind of edge cache, in requests of bounded size.

How and why: docs/architecture.md, "Edge purges".
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from typing import NamedTuple

import httpx
import msgspec

from service.config import Settings

log = logging.getLogger(__name__)

# Keys per request each API takes; and a bound on the header that carries them (Varnish refuses a request
# header line over its `http_req_hdr_len`, 8 kB by default).
KEYS_PER_REQUEST = {"varnish": 1000, "fastly": 256, "cloudflare": 30}
MAX_HEADER_BYTES = 4000


class Request(NamedTuple):
    method: str
    url: str
    headers: dict[str, str]
    body: bytes | None = None


def chunks(keys: Sequence[str], per_request: int, max_bytes: int = MAX_HEADER_BYTES) -> Iterator[list[str]]:
    """The keys in order, in groups of at most `per_request` keys whose space-joined text fits `max_bytes`."""
    group: list[str] = []
    size = 0
    for key in keys:
        extra = len(key) + (1 if group else 0)
        if group and (len(group) == per_request or size + extra > max_bytes):
            yield group
            group, size = [], 0
            extra = len(key)
        group.append(key)
        size += extra
    if group:
        yield group


def requests_for(settings: Settings, keys: Sequence[str]) -> list[Request]:
    """The HTTP requests that purge `keys` from the configured edge."""
    kind = settings.purge_kind
    out: list[Request] = []
    for group in chunks(keys, KEYS_PER_REQUEST[kind]):
        joined = " ".join(group)
        if kind == "varnish":
            header = "xkey-softpurge" if settings.purge_soft else "xkey-purge"
            out += [Request("PURGE", url, {header: joined}) for url in settings.purge_urls]
        elif kind == "fastly":
            headers = {
                "Surrogate-Key": joined,
                "Fastly-Key": settings.purge_token,
                "Accept": "application/json",
            }
            if settings.purge_soft:
                headers["Fastly-Soft-Purge"] = "1"
            for url in settings.purge_urls:
                out.append(Request("POST", f"{url}/service/{settings.purge_service}/purge", headers))
        else:
            headers = {"Authorization": f"Bearer {settings.purge_token}", "Content-Type": "application/json"}
            body = msgspec.json.encode({"tags": group})
            out += [Request("POST", url, headers, body) for url in settings.purge_urls]
    return out


async def send(client: httpx.AsyncClient, settings: Settings, keys: Sequence[str]) -> bool:
    """Send the purges of `keys`; True when every request was answered with a 2xx."""
    for request in requests_for(settings, keys):
        try:
            response = await client.request(
                request.method, request.url, headers=request.headers, content=request.body
            )
        except httpx.HTTPError as exc:
            log.warning("purge %s %s failed: %r", request.method, request.url, exc)
            return False
        if not response.is_success:
            log.warning(
                "purge %s %s answered %d: %.200s",
                request.method,
                request.url,
                response.status_code,
                response.text,
            )
            return False
    return True
