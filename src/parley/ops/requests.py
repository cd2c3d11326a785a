"""The request log and ``X-Request-Id``, around the whole application (before routing, so
404s, 405s and refused requests are logged, counted and carry the header as well).

A request id sent by the client (or a proxy) in ``X-Request-Id`` is kept when it is
1-64 characters of ``A-Z a-z 0-9 . _ -``; otherwise a new one is made. It is in
``scope["state"]["request_id"]`` for the error handler, on the response, and in the one
log line each request gets (logger ``parley.http.access``, level INFO): method, path
(without the query string, which may carry personal data), status, duration in
milliseconds, request id and route template.
"""

from __future__ import annotations

import asyncio
import logging
import random
import re
import time
from typing import Any

from litestar.enums import ScopeType
from litestar.exceptions import ClientException
from litestar.types import ASGIApp, Message, Receive, ReceiveMessage, Scope, Send

from parley.guard.inputs import refuse_oversized
from parley.ops.metrics import Metrics

log = logging.getLogger("parley.http.access")
HEADER = b"x-request-id"
_GOOD_ID = re.compile(rb"[A-Za-z0-9._-]{1,64}")


def request_id(scope: Scope) -> str:
    for name, value in scope["headers"]:
        if name.lower() == HEADER and _GOOD_ID.fullmatch(value):
            return str(value.decode())
    # 128 random bits as 32 hex digits (as ``uuid4().hex`` was): an id, not a secret, so
    # no system call for it on every request.
    return random.randbytes(16).hex()


def _timed_body(receive: Receive, timeout: float) -> Receive:
    """``receive`` with a limit on each wait for a part of the request body (a client that
    stalls mid-body gets 408); once the body is complete, waits are not limited (a
    streamed response listens for the client's disconnect)."""
    done = [False]

    async def timed() -> ReceiveMessage:
        if done[0]:
            return await receive()
        try:
            async with asyncio.timeout(timeout):  # (no task per message, as wait_for makes)
                message = await receive()
        except TimeoutError:
            raise ClientException(
                status_code=408, detail=f"the request body stalled for {timeout:g} s"
            ) from None
        if message["type"] != "http.request" or not message.get("more_body", False):
            done[0] = True
        return message

    return timed


def _log(method: str, path: str, status: int, seconds: float, rid: str, route: str) -> None:
    log.info(
        "request",
        extra={
            "fields": {
                "method": method,
                "path": path,
                "status": status,
                "duration_ms": round(seconds * 1000, 2),
                "request_id": rid,
                "route": route,
            }
        },
    )


def observed(app: ASGIApp, metrics: Metrics, body_timeout: float) -> ASGIApp:
    async def observe(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        started = time.perf_counter()
        rid = request_id(scope)
        state: dict[str, Any] = scope.setdefault("state", {})
        state["request_id"] = rid
        status = [500]

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                kept = [h for h in message.get("headers", []) if h[0].lower() != HEADER]
                message["headers"] = [*kept, (HEADER, rid.encode())]
            await send(message)

        try:
            if not await refuse_oversized(scope, send_with_id):
                await app(scope, _timed_body(receive, body_timeout), send_with_id)
        finally:
            seconds = time.perf_counter() - started
            route = scope.get("path_template") or "unmatched"
            metrics.observe(scope["method"], route, status[0], seconds)
            if log.isEnabledFor(logging.INFO):
                _log(scope["method"], scope["path"], status[0], seconds, rid, route)

    return observe
