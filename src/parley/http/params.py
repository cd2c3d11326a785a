"""Path and query parameter parsing with Dixa's error texts."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from typing import Annotated, Any

import msgspec
from litestar.params import QueryParameter

from parley.errors import invalid_path, invalid_query

INT64_MAX = 2**63 - 1
INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1
# Body integers bound to what both stores' columns hold (a 400 at decoding, not a 500).
Int32 = Annotated[int, msgspec.Meta(ge=INT32_MIN, le=INT32_MAX)]
ConversationIdValue = Annotated[int, msgspec.Meta(ge=1, le=INT64_MAX)]


def documented(**schema: object) -> msgspec.Meta:
    """A constraint the OpenAPI document states and the handler checks itself, with its
    own message (msgspec does not enforce it): ``documented(minItems=1)``."""
    return msgspec.Meta(extra_json_schema=schema)


# Text the handler refuses when it is blank once stripped ("name must not be empty"). The
# separators U+001C-U+001F and U+0085, which ``str.strip`` removes, are named: ECMA's ``\s``
# does not take them.
NON_BLANK = r"^[^\x00]*[^\s\x00\x1c-\x1f\x85][^\x00]*$"
NonBlank = Annotated[str, documented(pattern=NON_BLANK)]


def any_of(*alternatives: dict[str, Any]) -> tuple[dict[str, Any], ...]:
    """A body rule the handler checks across fields, which the document states on the
    struct's component as ``anyOf``: at least one of the JSON Schema ``alternatives`` holds
    (one of several fields is required; a field's form depends on another's value). A struct
    declares it as its class variable ``openapi_any_of`` (``http.openapi_input`` reads it)."""
    return alternatives


def given(name: str, **schema: Any) -> dict[str, Any]:
    """The alternative "field ``name`` is present, is not null and matches ``schema``"."""
    return {"required": [name], "properties": {name: schema}}


# An id the handler parses as a UUID.
UuidText = Annotated[str, documented(format="uuid")]
# An optional query parameter the handler parses as an ISO 8601 time (``kit.clock.parse_ms``).
DateTimeQuery = Annotated[str | None, QueryParameter(schema_extra={"format": "date-time"})]


def one_of(values: Iterable[str], **options: Any) -> Any:
    """An optional query parameter that takes one of ``values``, which the document lists:
    ``kind: Annotated[str | None, one_of(KINDS)] = None`` (the handler checks the value)."""
    return QueryParameter(schema_extra={"enum": list(values)}, **options)


# ASCII digits only: no sign, spaces, leading zero or non-ASCII digits ("+1", " 1").
_ID = re.compile(r"[1-9][0-9]{0,18}")


def _int64(raw: str) -> int | None:
    """A positive int64 written as plain ASCII digits, else None."""
    if not _ID.fullmatch(raw):
        return None
    value = int(raw)
    return value if value <= INT64_MAX else None


def int64_path(name: str, raw: str) -> int:
    value = _int64(raw)
    if value is None:
        raise invalid_path(name)
    return value


def int64_query(name: str, raw: str) -> int:
    value = _int64(raw)
    if value is None:
        raise invalid_query(name)
    return value


def uuid_path(name: str, raw: str) -> str:
    try:
        return str(uuid.UUID(raw))
    except ValueError:
        raise invalid_path(name) from None
