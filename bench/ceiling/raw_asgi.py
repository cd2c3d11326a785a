"""The smallest ASGI application: one static JSON body for every request.

Served by granian exactly like Parley (one worker, the same defaults), it measures what
this machine, granian and the load generator can do with no framework at all.
"""

from __future__ import annotations

from typing import Any

BODY = b'{"data":{"id":1,"status":"ok"}}'
HEADERS = [
    (b"content-type", b"application/json"),
    (b"content-length", str(len(BODY)).encode()),
]


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
    await send({"type": "http.response.body", "body": BODY})
