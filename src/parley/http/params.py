"""Path and query parameter parsing with Dixa's error texts."""

from __future__ import annotations

import re
import uuid
from typing import Annotated

import msgspec

from parley.errors import invalid_path, invalid_query

INT64_MAX = 2**63 - 1
INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1
# Body integers bound to what both stores' columns hold (a 400 at decoding, not a 500).
Int32 = Annotated[int, msgspec.Meta(ge=INT32_MIN, le=INT32_MAX)]
ConversationIdValue = Annotated[int, msgspec.Meta(ge=1, le=INT64_MAX)]
# ASCII digits only: no sign, spaces, leading zero or non-ASCII digits ("+1", " 1").
_ID = re.compile(r"[1-9][0-9]{0,18}")


def int64_path(name: str, raw: str) -> int:
    if not _ID.fullmatch(raw):
        raise invalid_path(name)
    value = int(raw)
    if value > INT64_MAX:
        raise invalid_path(name)
    return value


def uuid_path(name: str, raw: str) -> str:
    try:
        return str(uuid.UUID(raw))
    except ValueError:
        raise invalid_path(name) from None


def uuid_query(name: str, raw: str | None) -> str | None:
    if raw is None:
        return None
    try:
        return str(uuid.UUID(raw))
    except ValueError:
        raise invalid_query(name) from None


def is_uuid(raw: str) -> bool:
    try:
        uuid.UUID(raw)
    except (ValueError, AttributeError, TypeError):
        return False
    return True


def new_id() -> str:
    return str(uuid.uuid4())
