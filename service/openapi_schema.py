"""Final touches to the generated OpenAPI document that Litestar has no setting for."""

from __future__ import annotations

from litestar import Litestar


def finish_openapi(app: Litestar) -> None:
    """Placeholder hook: adjustments are applied when the schema is first built."""
