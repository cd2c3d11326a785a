"""Path and query parameter parsing with Dixa's error texts."""

from __future__ import annotations

import uuid

from parley.errors import invalid_path

INT64_MAX = 2**63 - 1


def int64_path(name: str, raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise invalid_path(name) from None
    if not 0 < value <= INT64_MAX or not raw.strip().lstrip("+").isdigit():
        raise invalid_path(name)
    return value


def uuid_path(name: str, raw: str) -> str:
    try:
        return str(uuid.UUID(raw))
    except ValueError:
        raise invalid_path(name) from None
