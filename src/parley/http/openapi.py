"""OpenAPI details shared by the routes."""

from __future__ import annotations

from dataclasses import dataclass

from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Operation, RequestBody


@dataclass
class OptionalBody(Operation):
    """An operation whose JSON body may be left out (the document says so)."""

    def __post_init__(self) -> None:
        if isinstance(self.request_body, RequestBody):
            self.request_body.required = False


def error_response(description: str) -> ResponseSpec:
    """An error answer in the document: the body is always ``{"message"}``."""
    from parley.http.envelope import ErrorBody

    return ResponseSpec(data_container=ErrorBody, description=description, generate_examples=False)


CONFLICT = {409: error_response("The change conflicts with the conversation's current state")}
