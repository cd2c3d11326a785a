"""OpenAPI details shared by the routes: typed path parameters, the error answers each
route really gives, and operations whose JSON body may be left out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

from litestar.enums import ParamType
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Operation, Parameter, RequestBody, Schema
from litestar.openapi.spec.enums import OpenAPIFormat, OpenAPIType

# Path parameters arrive as strings and are parsed by the handler (``int64_path`` /
# ``uuid_path``, so a bad value gets Dixa's ``Invalid value for: path parameter X``); the
# document shows what they accept. Conversation ids are int64 (``format`` int64 is not in
# Litestar's enum of formats); every other id the handlers parse as a UUID is a UUID.
# ``contactEndpointId`` (an address or a number) stays a plain string.
INT64_PARAMETERS = frozenset({"conversationId", "csid"})
UUID_PARAMETERS = frozenset(
    {
        "agentId",
        "articleId",
        "attachmentId",
        "categoryId",
        "collectionId",
        "customAttributeId",
        "messageId",
        "parentId",
        "queueId",
        "ratingId",
        "requestId",
        "scheduleId",
        "tagId",
        "teamId",
        "templateId",
        "userId",
        "webhookSubscriptionId",
    }
)


def _path_schema(name: str) -> Schema | None:
    if name in INT64_PARAMETERS:
        return Schema(
            type=OpenAPIType.INTEGER,
            format=cast(OpenAPIFormat, "int64"),
            minimum=1,
            maximum=2**63 - 1,
        )
    if name in UUID_PARAMETERS:
        return Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.UUID)
    return None


@dataclass
class ParleyOperation(Operation):
    """Every /v1 operation: path parameters typed as the handlers parse them."""

    def __post_init__(self) -> None:
        for parameter in self.parameters or []:
            if not isinstance(parameter, Parameter) or parameter.param_in != ParamType.PATH:
                continue
            schema = _path_schema(parameter.name)
            if schema is not None:
                parameter.schema = schema


@dataclass
class OptionalBody(ParleyOperation):
    """An operation whose JSON body may be left out (the document says so)."""

    def __post_init__(self) -> None:
        super().__post_init__()
        if isinstance(self.request_body, RequestBody):
            self.request_body.required = False


def error_response(description: str) -> ResponseSpec:
    """An error answer in the document: the body is always ``{"message"}``."""
    from parley.http.envelope import ErrorBody

    return ResponseSpec(data_container=ErrorBody, description=description, generate_examples=False)


CONFLICT = {409: error_response("The change conflicts with the conversation's current state")}
# A route without an id in its path that answers 404 for an id in its body (Dixa's
# reference lists 404 there: creating a conversation with an unknown requesterId).
BODY_NOT_FOUND = {
    404: error_response(
        "An entity in this request could not be found (an id in the body, such as "
        "requesterId or a message's agentId, that names no user of the organisation)"
    )
}

BAD_REQUEST = error_response("Bad request: the message names the invalid value (Dixa's texts)")
UNAUTHORIZED = error_response("Missing or unknown API token")
NOT_FOUND = error_response(
    "An entity in this request could not be found (an id in the path that does not exist "
    "or belongs to another organisation; where the route's description says so, an id in "
    "the body)"
)
TOO_LARGE = error_response("Request body too large")
INTERNAL = error_response("Internal failure during request processing (the message carries an id)")
STALLED = error_response("The request body stalled (PARLEY_BODY_TIMEOUT_SECONDS)")
RATE_LIMITED = error_response(
    "Too many requests for this token (PARLEY_RATE_LIMIT, off by default; `dixa` = 10/s "
    "with a burst of 4): `Retry-After` says in how many seconds to try again"
)
_COMMON = (BAD_REQUEST, UNAUTHORIZED, NOT_FOUND, TOO_LARGE, INTERNAL, STALLED, RATE_LIMITED)
# Handler parameters that are not client input.
_NOT_INPUT = frozenset({"ctx", "request", "state", "scope", "headers", "cookies"})


def error_responses(handler: HTTPRouteHandler) -> dict[int, ResponseSpec]:
    """The errors a /v1 route really answers with, besides its own (such as 409): 401 and
    500 always; 400 where the request carries input (path, query or body); 404 where the
    path names an entity (the usual way a route of Parley answers 404: a reference in a
    body that does not exist is a 400, but where Dixa's reference lists 404 for it: such a
    route says so in its description, and one without a path id declares
    ``BODY_NOT_FOUND``); 408 and 413 where the route reads a body (the
    time and size limits apply when a body is read); 429 always (when rate limits are on).
    414 and 431 (an oversized URL or header block) are answered before any route and are
    described in the document's introduction."""
    inputs = set(handler.parsed_fn_signature.parameters) - _NOT_INPUT
    has_path_id = any("{" in path for path in handler.paths)
    has_body = "data" in inputs
    out: dict[int, ResponseSpec] = {}
    if inputs:
        out[400] = BAD_REQUEST
    out[401] = UNAUTHORIZED
    if has_path_id:
        out[404] = NOT_FOUND
    if has_body:
        out[408] = STALLED
        out[413] = TOO_LARGE
    out[429] = RATE_LIMITED
    out[500] = INTERNAL
    return out


def document_route(handler: HTTPRouteHandler) -> None:
    """Give a /v1 handler its error answers and typed path parameters. Idempotent (the
    handlers are module objects, shared by every app created): answers set here before are
    replaced, answers the handler declares itself are kept."""
    own: Mapping[int, Any] = {
        code: spec
        for code, spec in (handler.responses or {}).items()
        if not any(spec is common for common in _COMMON)
    }
    handler.responses = {**error_responses(handler), **own}
    if handler.operation_class is Operation:
        handler.operation_class = ParleyOperation
    elif not issubclass(handler.operation_class, ParleyOperation):
        raise TypeError(f"{handler.handler_name}: operation_class must extend ParleyOperation")
