"""The admin API's error answers in the OpenAPI document: each route lists the errors it
really answers, with Dixa's ``{"message"}`` body (``ErrorBody``), as ``/v1`` routes do
(``parley.http.openapi``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar.handlers import HTTPRouteHandler
from litestar.openapi.spec import OpenAPIResponse, Operation

from parley.http.openapi import BAD_REQUEST, TOO_LARGE, error_response

ADMIN_UNAUTHORIZED = error_response(
    "Missing or wrong admin token (an organisation's API token is a wrong one here)"
)
ADMIN_NOT_FOUND = error_response("No organisation or sink with the id in the path")
_NOT_INPUT = frozenset({"state", "request"})
BAD_FILE = error_response(
    "Bad request: not a snapshot, a damaged one, or one of another schema revision"
)
_OWN_400 = {BAD_REQUEST.description, BAD_FILE.description}


@dataclass
class AdminOperation(Operation):
    """An admin route in the document: the 400 the framework adds to every route with a
    parameter is left out where the route cannot answer it (a path that names an
    organisation or a sink as text); the 400s of ``document_errors`` and of handlers
    stay."""

    def __post_init__(self) -> None:
        bad = (self.responses or {}).get("400")
        if isinstance(bad, OpenAPIResponse) and bad.description not in _OWN_400:
            del self.responses["400"]  # type: ignore[union-attr]


def document_errors(handler: HTTPRouteHandler) -> None:
    """The error answers an admin route really gives, with Dixa's ``{"message"}`` body:
    401 always (the admin token), 404 where the path names an organisation or a sink,
    400 where the route reads a query or a body, 413 where it reads a body
    (``PARLEY_MAX_BODY_BYTES``); answers the handler declares itself
    (a 409, a 400 for a body it reads on its own) are kept. Idempotent (handlers are
    module objects shared by every app)."""
    inputs = set(handler.parsed_fn_signature.parameters) - _NOT_INPUT
    path_ids = {name for path in handler.paths for name in ("orgId", "sinkId") if name in path}
    answers: dict[int, Any] = {401: ADMIN_UNAUTHORIZED}
    if inputs - path_ids:
        answers[400] = BAD_REQUEST
    if path_ids:
        answers[404] = ADMIN_NOT_FOUND
    if "data" in inputs:
        answers[413] = TOO_LARGE
    handler.responses = dict(sorted({**(handler.responses or {}), **answers}.items()))
    if handler.operation_class is Operation:
        handler.operation_class = AdminOperation
