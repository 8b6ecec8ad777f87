"""Read replicas: which of them may serve a read now, and how far behind each one is.

How and why: docs/architecture.md, "Read replicas".
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import math
import time
from collections import deque
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

import asyncpg
import msgspec

from service.schemas import Output
from service.shared import host_bytes, host_file
from service.sql import load_queries

log = logging.getLogger("dateline")
Q = load_queries(Path(__file__).with_name("replicas.sql"))

CHECK_INTERVAL = 0.5
TIMEOUT = 1.0  # seconds to connect to a replica, to check it, or to wait for one of its pooled connections


def replica_name(dsn: str) -> str:
    """A replica as logs and metrics name it: host, port and database, never its credentials."""
    parts = urlsplit(dsn)
    return f"{parts.hostname or 'localhost'}:{parts.port or 5432}{parts.path or '/'}"


class ReplicaState(Output, kw_only=True):
    """A read replica as the worker that answered sees it."""

    name: Annotated[str, msgspec.Meta(description="Its host, port and database.")]
    available: Annotated[bool, msgspec.Meta(description="Whether reads use it now.")]
    lag_seconds: Annotated[
        float | None,
        msgspec.Meta(description="How far it is behind the primary; null when it does not answer."),
    ]


class Replica:
    """One replica: its pool, and what the last check found."""

    def __init__(self, dsn: str, pool: asyncpg.Pool) -> None:
        self.dsn, self.pool, self.name = dsn, pool, replica_name(dsn)
        self.available: bool | None = None  # None until the first check
        self.replayed = 0  # the WAL position it had replayed at the last check
        self.lag: float | None = None  # seconds; None when it did not answer
        self.checker: asyncpg.Connection | None = None

    def state(self) -> ReplicaState:
        lag = None if self.lag is None else round(self.lag, 3)
        return ReplicaState(name=self.name, available=bool(self.available), lag_seconds=lag)


class Replicas:
    """The replicas reads may be spread over, and the task that checks them."""

    def __init__(self, replicas: list[Replica], primary: asyncpg.Pool, max_lag: float) -> None:
        self.all = replicas
        self.primary = primary
        self.max_lag = max_lag
        # (when, position): the first time each flushed position of the primary was seen, oldest first.
        self.history: deque[tuple[float, int]] = deque()
        self._turn = itertools.count()
        for replica in replicas:
            _show(replica)

    def pick(self, position: int) -> Replica | None:
        """A replica that may serve a read that must see `position`, taking turns; None: the primary."""
        fit = [r for r in self.all if r.available and r.replayed >= position]
        return fit[next(self._turn) % len(fit)] if fit else None

    def failed(self, replica: Replica, exc: BaseException) -> None:
        """A read could not use the replica: skip it until a check finds it back."""
        self._set(replica, available=False, lag=None, why=repr(exc))

    def degraded(self) -> bool:
        return any(not r.available for r in self.all)

    async def run(self) -> None:
        """Check every replica, every CHECK_INTERVAL seconds, until cancelled."""
        try:
            while True:
                await self.check()
                await asyncio.sleep(CHECK_INTERVAL)
        finally:
            for replica in self.all:
                if replica.checker is not None:
                    replica.checker.terminate()

    async def check(self) -> None:
        await self._sample_primary()
        await asyncio.gather(*(self._check(replica) for replica in self.all))

    async def _sample_primary(self) -> None:
        now = time.monotonic()
        try:
            written = await self.primary.fetchval(Q.written, timeout=TIMEOUT)
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, TimeoutError):
            return  # no write commits without the primary: the positions seen so far still hold
        if not self.history or written > self.history[-1][1]:
            self.history.append((now, written))
        # Older samples only tell that a replica is further behind than any maximum lag: keep one of them.
        while len(self.history) > 1 and self.history[1][0] < now - self.max_lag - 5:
            self.history.popleft()

    def _lag(self, replayed: int) -> float:
        """Seconds since the primary first passed `replayed`, 0 when it has not (as far as sampled)."""
        since = next((when for when, written in self.history if written > replayed), None)
        return 0.0 if since is None else time.monotonic() - since

    async def _check(self, replica: Replica) -> None:
        try:
            if replica.checker is None or replica.checker.is_closed():
                replica.checker = await asyncpg.connect(
                    replica.dsn,
                    timeout=TIMEOUT,
                    server_settings={"application_name": "dateline-replica-check"},
                )
            replayed = await replica.checker.fetchval(Q.replayed, timeout=TIMEOUT)
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, TimeoutError) as exc:
            if replica.checker is not None:
                replica.checker.terminate()
                replica.checker = None
            self._set(replica, available=False, lag=None, why=f"not reachable ({exc!r})")
            return
        replica.replayed = replayed or 0
        lag = self._lag(replica.replayed)
        behind = lag > self.max_lag
        why = f"{lag:.1f} s behind (more than {self.max_lag:g} s)" if behind else f"{lag:.1f} s behind"
        self._set(replica, available=not behind, lag=lag, why=why)

    def _set(self, replica: Replica, *, available: bool, lag: float | None, why: str) -> None:
        if available != replica.available and (replica.available is not None or not available):
            if available:
                log.warning("replica %s is used for reads again: %s", replica.name, why)
            else:
                log.warning("replica %s is skipped, reads go to the primary: %s", replica.name, why)
        replica.available, replica.lag = available, lag
        _show(replica)


def _show(replica: Replica) -> None:
    """Its metrics. prometheus_client is imported here, not with this module: `serve`, which imports
    this module (through service.db), must not import it before it sets the multiprocess folder."""
    from service.metrics import REPLICA_AVAILABLE, REPLICA_LAG

    REPLICA_AVAILABLE.labels(replica.name).set(1 if replica.available else 0)
    REPLICA_LAG.labels(replica.name).set(math.nan if replica.lag is None else replica.lag)


class SharedPosition:
    """The WAL position of the latest change the response caches of this host were emptied for: 8 bytes
    in a file mapped into every worker serving that database (as the cache's generation is), raised by
    the worker that wrote it or heard of it, before the caches are emptied. A cache fill reads from a
    replica only once that replica has replayed past it. This process's own on a host where no file can
    be shared."""

    def __init__(self, database: str | None = None) -> None:
        self._map = host_bytes("position", database)

    @staticmethod
    def file_of(database: str) -> Path:
        return host_file("position", database)

    @property
    def value(self) -> int:
        return int.from_bytes(self._map[:8], "little")

    def raise_to(self, position: int) -> None:
        if position > self.value:
            self._map[:8] = position.to_bytes(8, "little")
