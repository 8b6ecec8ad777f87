"""Loaded by `st` in tests/test_contract.py (SCHEMATHESIS_HOOKS): bodies schemathesis has no serializer for.

`POST /v1/import` takes `application/x-ndjson`, declared as a string (one JSON object per line): it goes on
the wire as that text, the way schemathesis sends `text/*` bodies.
"""

from __future__ import annotations

import schemathesis

schemathesis.serializer.alias("application/x-ndjson", "text/plain")
