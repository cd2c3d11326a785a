"""One exception handler: every error leaves as ``{"message": …}`` with Dixa's texts."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from litestar import Request, Response
from litestar.exceptions import (
    ClientException,
    HTTPException,
    NotFoundException,
    ValidationException,
)
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from parley.errors import INTERNAL, NOT_FOUND, ParleyError
from parley.store.database import out_of_range

log = logging.getLogger("parley.http")


def _body(status: int, message: str, headers: dict[str, str] | None = None) -> Response[Any]:
    return Response({"message": message}, status_code=status, headers=headers)


def _validation_message(exc: ValidationException) -> str:
    extra = exc.extra if isinstance(exc.extra, list) else []
    for item in extra:
        if not isinstance(item, dict):
            continue
        source, key, reason = item.get("source"), item.get("key"), item.get("message")
        if source == "path":
            return f"Invalid value for: path parameter {key}"
        if source == "query":
            return f"Invalid value for: query parameter {key}" + (f", {reason}" if reason else "")
        if source == "body":
            where = "" if key in (None, "data") else f" at `{key}`"
            return "Invalid value for: body" + (f", {reason}{where}" if reason else "")
        if source == "header":
            return f"Invalid value for: header {key}"
    return "Invalid value for: body" + (f", {exc.detail}" if exc.detail else "")


# msgspec gives up on JSON nested deeper than ~1,000 levels with this RecursionError
# (raised while the body is decoded): the client's input, not a failure of ours.
TOO_DEEP = "Invalid value for: body, JSON nested too deeply"


OUT_OF_RANGE = "Invalid value for: body, a number is out of range"


def _nested_too_deep(exc: Exception) -> bool:
    return isinstance(exc, RecursionError) and "while deserializing" in str(exc)


def handle(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    if isinstance(exc, ParleyError):
        return _body(exc.status_code, exc.message, getattr(exc, "headers", None))
    if _nested_too_deep(exc):
        return _body(400, TOO_DEEP)
    if out_of_range(exc):
        return _body(400, OUT_OF_RANGE)
    if isinstance(exc, ValidationException):
        return _body(400, _validation_message(exc))
    if isinstance(exc, NotFoundException):
        return _body(404, NOT_FOUND)
    if isinstance(exc, HTTPException):
        status = exc.status_code
        if status == 413:
            return _body(413, "Request body too large")
        if status == 405:
            return _body(405, "Method not allowed", headers=exc.headers)
        if isinstance(exc, ClientException) and status == 400:
            return _body(400, f"Invalid value for: body, {exc.detail}")
        return _body(status, str(exc.detail))
    request_id = str(request.scope.get("state", {}).get("request_id") or uuid.uuid4().hex)
    log.exception(
        "unhandled error on %s %s [request %s]", request.method, request.url.path, request_id
    )
    return _body(HTTP_500_INTERNAL_SERVER_ERROR, INTERNAL, headers={"X-Request-Id": request_id})
