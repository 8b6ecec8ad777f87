"""Settings read once from DATELINE_* environment variables."""

from __future__ import annotations

import ipaddress
import os
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

import msgspec


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    """Everything the service can be told; every command reads the same settings."""

    database_url: str | None = None
    # Read replicas (comma-separated URLs): reads are spread over those within `replica_max_lag` seconds.
    read_database_url: str | None = None
    replica_max_lag: Annotated[float, msgspec.Meta(gt=0)] = 10.0
    data_dir: Path = Path(".data")
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    public_url: str | None = None
    pool_min_size: int = 2
    pool_max_size: int = 10
    pool_acquire_timeout: float = 5.0
    command_timeout: float = 10.0
    # Prepared statements asyncpg keeps per connection; 0 behind PgBouncer in transaction mode, where a
    # statement prepared on one server connection is not there on the next.
    statement_cache_size: Annotated[int, msgspec.Meta(ge=0)] = 100
    statement_timeout_ms: int = 8000
    pool_close_timeout: float = 10.0  # seconds the pool may take to close at shutdown, then terminated
    shutdown_timeout: float = 30.0  # seconds `serve` lets a worker drain and close on SIGTERM, then kills it
    header_read_timeout: Annotated[float, msgspec.Meta(gt=0, le=60)] = 30.0  # seconds to send the headers
    body_read_timeout: float = 30.0  # seconds to send the whole body after the headers, else 408 (0: none)
    retry_after_seconds: int = 2
    max_body_bytes: int = 1024 * 1024
    cache_control_public: str = "public, max-age=60, stale-while-revalidate=600"
    # Seconds an edge cache (Varnish, a CDN) may keep a public response: its purges keep it fresh.
    edge_max_age: Annotated[int, msgspec.Meta(ge=0)] = 86400
    log_level: str = "INFO"
    log_format: Literal["text", "json"] = "text"  # json: one JSON object a line (service/logs.py)
    rate_limit_anon: int = 1200
    rate_limit_key: int = 6000
    cors_origins: str = ""
    # Proxies (addresses or CIDRs, comma-separated) whose X-Forwarded-For / Forwarded name the client.
    trusted_proxies: str = ""
    # Anonymous GETs kept per worker until a write (0: off). Each MiB of bodies costs a worker 3-4 MB of
    # RSS under the benchmark's mixed load (headers, validators, the allocator's slack): with 4 MiB a
    # worker reached 101 MB there, so 3 MiB, which still holds a viral timeline's embed, export and pages.
    response_cache_bytes: int = 3 * 1024 * 1024
    # Expensive requests (`as_of` pages, export renders, imports) one client (its key, else its address)
    # may have in progress in a worker; more are a 429 with Retry-After (0: no cap). See service/expensive.py.
    expensive_per_client: Annotated[int, msgspec.Meta(ge=0)] = 2
    # Expensive requests a worker runs at once, whoever sent them, so that they never hold its whole
    # database pool; more are a 503 with Retry-After. Unset: half the pool (at least 1).
    expensive_total: Annotated[int, msgspec.Meta(ge=1)] | None = None
    # Rendered exports kept on disk under data_dir/exports, by content version (0: none kept).
    export_cache_bytes: Annotated[int, msgspec.Meta(ge=0)] = 256 * 1024 * 1024
    # The edge cache the purger sends the purge outbox's keys to (service/purge/, docs/caching.md). Unset:
    # no purger. `varnish`: the address of each Varnish (comma-separated), sent `PURGE` with `xkey-purge`;
    # `fastly`: the API's base URL (https://api.fastly.com), with purge_service and purge_token;
    # `cloudflare`: the zone's purge URL (https://api.cloudflare.com/client/v4/zones/<zone>/purge_cache),
    # with purge_token.
    purge_url: str = ""
    purge_kind: Literal["varnish", "fastly", "cloudflare"] = "varnish"
    purge_token: str = ""  # Fastly's `Fastly-Key`, Cloudflare's API token (bearer)
    purge_service: str = ""  # Fastly's service id
    purge_soft: bool = False  # mark stale instead of removing (served within grace while refetched)
    purge_batch_rows: Annotated[int, msgspec.Meta(ge=1, le=10_000)] = 500  # outbox rows sent at once
    purge_retry_max_seconds: Annotated[float, msgspec.Meta(gt=0)] = 30.0  # longest pause between retries
    purge_timeout: Annotated[float, msgspec.Meta(gt=0)] = 5.0  # seconds the edge has to answer a purge
    purge_poll_seconds: Annotated[float, msgspec.Meta(gt=0)] = 5.0  # outbox looked at without a NOTIFY

    def __post_init__(self) -> None:
        proxy_networks(self.trusted_proxies)  # a bad address fails at start, not at the first request
        for url in self.purge_urls:
            if not url.startswith(("http://", "https://")):
                raise ValueError(f"purge_url: {url!r} is not an http(s) URL")
        if self.purge_url and self.purge_kind != "varnish" and not self.purge_token:
            raise ValueError(f"purge_kind {self.purge_kind} needs purge_token")
        if self.purge_url and self.purge_kind == "fastly" and not self.purge_service:
            raise ValueError("purge_kind fastly needs purge_service (the service id)")

    @property
    def purge_urls(self) -> tuple[str, ...]:
        """DATELINE_PURGE_URL's addresses (comma-separated), without a trailing slash."""
        return tuple(u.strip().rstrip("/") for u in self.purge_url.split(",") if u.strip())

    @property
    def trusted_networks(self) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
        """DATELINE_TRUSTED_PROXIES as networks (a single address is a /32 or /128)."""
        return proxy_networks(self.trusted_proxies)

    @property
    def read_database_urls(self) -> tuple[str, ...]:
        """DATELINE_READ_DATABASE_URL as a list of replicas."""
        return tuple(url.strip() for url in (self.read_database_url or "").split(",") if url.strip())

    @property
    def write_origins(self) -> frozenset[str]:
        """Origins allowed to write from a browser (DATELINE_CORS_ORIGINS, comma-separated)."""
        return frozenset(o.strip().rstrip("/") for o in self.cors_origins.split(",") if o.strip())


@lru_cache(maxsize=8)
def proxy_networks(spec: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """Parse a comma-separated list of addresses and CIDRs; a wrong one is a ValueError naming it."""
    networks = []
    for item in (part.strip() for part in spec.split(",")):
        if item:
            try:
                networks.append(ipaddress.ip_network(item, strict=False))
            except ValueError:
                raise ValueError(f"trusted_proxies: {item!r} is not an address or CIDR") from None
    return tuple(networks)


_ENV_PREFIX = "DATELINE_"


def load_settings(environ: dict[str, str] | None = None, **overrides: object) -> Settings:
    """Build Settings from the environment; bad values fail loudly at start, not at first use."""
    environ = dict(os.environ if environ is None else environ)
    raw: dict[str, object] = {}
    for field in msgspec.structs.fields(Settings):
        value = environ.get(_ENV_PREFIX + field.name.upper())
        if value not in (None, ""):
            raw[field.name] = value
    raw.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return msgspec.convert(raw, Settings, strict=False, dec_hook=_dec_path)
    except msgspec.ValidationError as exc:
        raise SystemExit(f"invalid DATELINE_* setting: {exc}") from None


def _dec_path(type_: type, value: object) -> object:
    if type_ is Path and isinstance(value, str):
        return Path(value)
    raise NotImplementedError
