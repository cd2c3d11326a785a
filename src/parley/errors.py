"""The error tree. Services raise these; one handler renders ``{"message": ...}``."""

from __future__ import annotations

from typing import TypeVar

T = TypeVar("T")

NOT_FOUND = "An entity in this request could not be found"
INTERNAL = "Internal failure during request processing"
DUPLICATE = "Invalid value for: body, a value that must be unique is already used"
UNAUTHORIZED = "The user who issued the access token used in the request is not authorized to perform the operation"  # noqa: E501


class ParleyError(Exception):
    status_code = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Invalid(ParleyError):
    """400: the request is wrong (Dixa's ``Invalid value for: …`` texts and rule texts)."""

    status_code = 400


class Taken(Invalid):
    """400: the value is already used by another entity (found by a check before the write;
    a bulk request reports it per item as an ``Integrity`` failure)."""


class Duplicate(Invalid):
    """400: a write broke a unique rule of the store (raised by the store adapters).

    Services that know which rule it was re-raise it with their own text (still as
    ``Duplicate``). Code that handles failures item by item must let it propagate: on
    PostgreSQL the transaction is aborted, so the request fails as a whole.
    """

    def __init__(self, message: str = DUPLICATE, *, detail: str | None = None) -> None:
        super().__init__(message)
        self.detail = detail


class Unauthorized(ParleyError):
    status_code = 401


class RateLimited(ParleyError):
    """429, with the headers that say when to come back (``Retry-After``)."""

    status_code = 429

    def __init__(self, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.headers = headers or {}


class NotFound(ParleyError):
    status_code = 404

    def __init__(self, message: str = NOT_FOUND) -> None:
        super().__init__(message)


class Conflict(ParleyError):
    status_code = 409


def invalid_body(reason: str | None = None) -> Invalid:
    return Invalid("Invalid value for: body" + (f", {reason}" if reason else ""))


def invalid_path(name: str, reason: str | None = None) -> Invalid:
    return Invalid(f"Invalid value for: path parameter {name}" + (f", {reason}" if reason else ""))


def invalid_query(name: str, reason: str | None = None) -> Invalid:
    return Invalid(f"Invalid value for: query parameter {name}" + (f", {reason}" if reason else ""))


def found(value: T | None) -> T:
    """``value``, or ``404`` (``NotFound``) when it is None: a lookup by id."""
    if value is None:
        raise NotFound()
    return value
