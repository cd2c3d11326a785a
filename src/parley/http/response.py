"""The response of every ``/v1`` handler that returns data: JSON encoded once, straight into
a small ASGI app.

Litestar's ``Response`` builds a mutable header set, resolves type encoders and a
serializer, then an ``ASGIResponse`` with cookies and a background task, for every
request. A ``/v1`` data response has none of these: its body is a msgspec struct (or
None for a 204), its headers are the content type and length. ``answer`` takes the
handler's status code and data and answers with exactly those bytes and headers (the
/v1 handlers' ``to_response``, ``http.declare``); streamed and file responses (exports,
attachment downloads) keep their own classes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import Any

import msgspec
from litestar.response import Stream
from litestar.serialization import default_serializer
from litestar.types import Receive, Scope, Send

_ENCODER = msgspec.json.Encoder(enc_hook=default_serializer)
_JSON = b"application/json"
_NO_BODY = frozenset({204, 304})


class _Sent:
    """An ASGI app that sends one complete response."""

    __slots__ = ("body", "headers", "status")

    def __init__(self, status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
        self.status = status
        self.headers = headers
        self.body = body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": self.status, "headers": self.headers})
        await send({"type": "http.response.body", "body": self.body, "more_body": False})


def answer(status: int, content: Any) -> _Sent:
    """A data handler's response (see the module docstring): ``content`` encoded once."""
    if status in _NO_BODY:
        return _Sent(status, [], b"")
    body = _ENCODER.encode(content)
    return _Sent(status, [(b"content-type", _JSON), (b"content-length", b"%d" % len(body))], body)


def file_stream(
    chunks: AsyncIterator[bytes], *, size: int, media_type: str, headers: Mapping[str, str]
) -> Stream:
    """A stored file's response: its bytes sent as they are read (the file is never held
    in memory whole), with its ``Content-Length`` (``size``), ``media_type`` and
    ``headers``."""
    return Stream(chunks, media_type=media_type, headers={**headers, "Content-Length": str(size)})
