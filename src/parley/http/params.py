"""Path and query parameter parsing with Dixa's error texts."""

from __future__ import annotations

import uuid

from parley.errors import invalid_path, invalid_query

INT64_MAX = 2**63 - 1


def _int64(raw: str) -> int | None:
    try:
        value = int(raw)
    except ValueError:
        return None
    if not 0 < value <= INT64_MAX or not raw.strip().lstrip("+").isdigit():
        return None
    return value


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
