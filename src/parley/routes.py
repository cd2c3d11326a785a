"""The /v1 route handlers of every domain, in one list (one import line per domain)."""

from __future__ import annotations

from typing import Any

from parley.tags.routes import ROUTES as TAG_ROUTES

ROUTE_HANDLERS: list[Any] = [
    *TAG_ROUTES,
]
