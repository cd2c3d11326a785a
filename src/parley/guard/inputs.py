"""Hostile input refused before any handler runs, the same on both stores.

Rules (each answers Dixa's ``{"message": …}``):

- a request line longer than ``MAX_URL_BYTES`` (path and query string) is ``414``; the
  HTTP server in front refuses far longer ones itself, before Parley sees them;
- request headers larger than ``MAX_HEADER_BYTES`` in total, or more than
  ``MAX_HEADERS`` of them, are ``431``;
- NUL (U+0000) cannot be held by PostgreSQL's text, so it is refused everywhere on both
  stores: in the path (``400 … path``), in a query parameter (``400 … query parameter X``)
  and in a JSON body, raw or escaped as ``\\u0000`` (``400 … body``). Text that is not
  valid UTF-8 in the path or query string is refused the same way; JSON bodies with lone
  surrogates are already refused by the decoder.

The size checks run first for every request (no routing, no body read); the NUL check runs as
the application's ``before_request`` hook; for handlers that take a body it reads the body
(bounded by ``PARLEY_MAX_BODY_BYTES``) once, and the handler parses it from that cache.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote_to_bytes

import msgspec
from litestar import Request
from litestar.types import (
    HTTPResponseBodyEvent,
    HTTPResponseStartEvent,
    Scope,
    Send,
)

from parley.errors import invalid_body, invalid_path, invalid_query

MAX_URL_BYTES = 8 * 1024
MAX_HEADER_BYTES = 16 * 1024
MAX_HEADERS = 100
NUL_REASON = "NUL characters (U+0000) are not accepted"
# ``\u0000`` preceded by an even number of backslashes (an odd one escapes the escape).
_ESCAPED_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")


async def _answer(send: Send, status: int, message: str) -> None:
    body = msgspec.json.encode({"message": message})
    start: HTTPResponseStartEvent = {
        "type": "http.response.start",
        "status": status,
        "headers": [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ],
    }
    await send(start)
    end: HTTPResponseBodyEvent = {"type": "http.response.body", "body": body, "more_body": False}
    await send(end)


def _header_bytes(headers: list[tuple[bytes, bytes]] | tuple[tuple[bytes, bytes], ...]) -> int:
    size = 4 * len(headers)
    for name, value in headers:
        size += len(name) + len(value)
    return size


def _too_large(scope: Scope) -> tuple[int, str] | None:
    raw_path: bytes = (scope.get("raw_path") or scope["path"].encode()).partition(b"?")[0]
    if len(raw_path) + len(scope.get("query_string", b"")) > MAX_URL_BYTES:
        return 414, f"Request URL too long (at most {MAX_URL_BYTES} bytes)"
    headers = scope.get("headers", ())
    if not isinstance(headers, list | tuple):
        headers = list(headers)
    if len(headers) > MAX_HEADERS or _header_bytes(headers) > MAX_HEADER_BYTES:
        return 431, f"Request headers too large (at most {MAX_HEADER_BYTES} bytes)"
    return None


async def refuse_oversized(scope: Scope, send: Send) -> bool:
    """Answer 414 or 431 for an oversized request line or header block (True when it did);
    called first for every request, before routing (``parley.ops.requests``)."""
    refused = _too_large(scope)
    if refused is None:
        return False
    await _answer(send, *refused)
    return True


def _bad_text(raw: bytes) -> bool:
    if b"\x00" in raw:
        return True
    try:
        raw.decode()
    except UnicodeDecodeError:
        return True
    return False


def _check_query(query_string: bytes) -> None:
    for pair in query_string.split(b"&"):
        name, _, value = pair.partition(b"=")
        if b"%" not in pair and b"\x00" not in pair and pair.isascii():
            continue
        name_raw = unquote_to_bytes(name.replace(b"+", b" "))
        if _bad_text(name_raw) or _bad_text(unquote_to_bytes(value.replace(b"+", b" "))):
            raise invalid_query(name_raw.decode(errors="replace").strip("\x00"), NUL_REASON)


async def refuse_unstorable_text(request: Request[Any, Any, Any]) -> None:
    """``before_request``: NUL (and undecodable text) in the path, query or body is a 400."""
    scope = request.scope
    # (some servers leave the query string on raw_path; it is checked below)
    raw_path: bytes = (scope.get("raw_path") or b"").partition(b"?")[0]
    if "\x00" in scope["path"] or (b"%" in raw_path and _bad_text(unquote_to_bytes(raw_path))):
        raise invalid_path(_path_name(request), NUL_REASON)
    query_string: bytes = scope.get("query_string", b"")
    if query_string:
        _check_query(query_string)
    if "data" in request.route_handler.parsed_fn_signature.parameters:
        body = await request.body()
        if b"\x00" in body or (b"\\u0000" in body and _ESCAPED_NUL.search(body)):
            raise invalid_body(NUL_REASON)


def _path_name(request: Request[Any, Any, Any]) -> str:
    for name, value in request.path_params.items():
        if isinstance(value, str) and "\x00" in value:
            return str(name)
    return "path"
