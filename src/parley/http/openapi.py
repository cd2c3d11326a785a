"""OpenAPI details shared by the routes."""

from __future__ import annotations

from dataclasses import dataclass

from litestar.openapi.spec import Operation, RequestBody


@dataclass
class OptionalBody(Operation):
    """An operation whose JSON body may be left out (the document says so)."""

    def __post_init__(self) -> None:
        if isinstance(self.request_body, RequestBody):
            self.request_body.required = False
