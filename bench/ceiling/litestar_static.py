"""The same static JSON from a Litestar handler (msgspec encoding, no database).

The gap between this and the raw ASGI app is the framework's own cost per request.
"""

from __future__ import annotations

from litestar import Litestar, get


@get("/static", sync_to_thread=False)
def static() -> dict[str, dict[str, object]]:
    return {"data": {"id": 1, "status": "ok"}}


app = Litestar(route_handlers=[static], openapi_config=None, logging_config=None)
