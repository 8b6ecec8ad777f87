"""The one reading of the `Authorization` header: the auth, the rate limiter and the response cache all
ask it, so a spelling the auth accepts is never a different client to the limiter or the cache.

RFC 9110 §11.4: the scheme is case-insensitive, and spaces (here also tabs) part it from the key. A
header that is absent or blank is no credential at all: the request is anonymous. Anything else that
is not `Bearer <a Dateline key>`, and more than one Authorization header, is malformed (a 401).
"""

from __future__ import annotations

import hashlib
import re
from typing import Final

from litestar.types import Scope

KEY_PREFIX = "dl_"


class Malformed:
    """An Authorization header that is there but is not `Bearer <key>`."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "MALFORMED"


MALFORMED: Final = Malformed()

# A key is `dl_` and URL-safe characters (token68 allows a few more); 200 characters at most.
_BEARER = re.compile(r"(?i:bearer)[ \t]+(dl_[A-Za-z0-9._~+/=-]{1,197})", re.ASCII)


def credential(scope: Scope) -> str | Malformed | None:
    """The key a request sends, MALFORMED, or None when it sends none (no header, or a blank one)."""
    found: bytes | None = None
    for name, value in scope.get("headers", ()):
        if name == b"authorization":
            if found is not None:
                return MALFORMED
            found = value
    if found is None:
        return None
    text = found.decode("latin-1").strip(" \t")
    if not text:
        return None
    match = _BEARER.fullmatch(text)
    return match[1] if match else MALFORMED


def sends_credential(scope: Scope) -> bool:
    """Whether the answer is a keyed one (or a 401): never cached or served as the public answer."""
    return credential(scope) is not None


def key_hash(secret: str) -> bytes:
    """Keys are random, so a plain SHA-256 is enough to keep them unrecoverable at rest."""
    return hashlib.sha256(secret.encode()).digest()
