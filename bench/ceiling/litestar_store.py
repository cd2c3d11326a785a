"""The store floor: the least an authenticated read of one conversation does on Parley's
stack. A Litestar handler looks the API token up and reads the conversation's row, in one
read transaction on a stdlib ``sqlite3`` connection to the run's copy of the generated
store, and answers the row's columns as JSON.

It takes the framework's shortest path the way Parley's ``/v1`` handlers do (the header
read from the ASGI scope, a ``{name:str}`` path parameter, the data encoded once by
msgspec into a two-header ASGI response instead of Litestar's response chain), and none of
Parley's own work: no unit of work, no custom attributes, no wire shape, no request log,
request id, metrics or input guards. Served by granian like the other ceilings, it shows
what a ``GET /v1/conversations/{id}`` that authenticates and reads SQLite can reach on this
machine; Parley's ``get_conversation`` is read against it as well as against the static
ceilings.

``BENCH_STORE_PATH`` names the SQLite file (opened read-only: ``query_only``).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from typing import Any

import msgspec
from litestar import Litestar, Request
from litestar.exceptions import NotAuthorizedException, NotFoundException
from litestar.handlers.http_handlers import HTTPRouteHandler

_conn = sqlite3.connect(
    os.environ["BENCH_STORE_PATH"], isolation_level=None, check_same_thread=False
)
_conn.execute("PRAGMA query_only=ON")
_ENCODER = msgspec.json.Encoder()

_TOKEN = "SELECT org_id FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL"
_CONVERSATION = "SELECT * FROM conversations WHERE org_id = ? AND id = ?"


class _Sent:
    """One complete JSON response."""

    __slots__ = ("body",)

    def __init__(self, body: bytes) -> None:
        self.body = body

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", b"%d" % len(self.body)),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": self.body, "more_body": False})


class _Answering(HTTPRouteHandler):
    """A route handler whose data is encoded once into ``_Sent``."""

    async def to_response(self, app: Any, data: Any, request: Request[Any, Any, Any]) -> Any:
        return _Sent(_ENCODER.encode(data))


def _token(scope: Any) -> str | None:
    for name, value in scope["headers"]:
        if name == b"authorization":
            text: str = value.decode("latin-1")
            return text.removeprefix("Bearer ").strip() or None
    return None


async def conversation(request: Request[Any, Any, Any], conversation_id: str) -> Any:
    token = _token(request.scope)
    if token is None:
        raise NotAuthorizedException()
    if not conversation_id.isdigit():
        raise NotFoundException()
    token_hash = hashlib.sha256(token.encode()).hexdigest()
    _conn.execute("BEGIN")
    try:
        org = _conn.execute(_TOKEN, (token_hash,)).fetchone()
        if org is None:
            raise NotAuthorizedException()
        cursor = _conn.execute(_CONVERSATION, (org[0], int(conversation_id)))
        row = cursor.fetchone()
        if row is None:
            raise NotFoundException()
        names = [d[0] for d in cursor.description]
    finally:
        _conn.execute("COMMIT")
    return {"data": dict(zip(names, row, strict=True))}


_handler = _Answering("/v1/conversations/{conversation_id:str}", http_method="GET")(conversation)
app = Litestar(route_handlers=[_handler], openapi_config=None, logging_config=None)
