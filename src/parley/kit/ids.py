"""Entity ids: random UUIDs, made and recognised here."""

from __future__ import annotations

import uuid


def new_id() -> str:
    return str(uuid.uuid4())


def is_uuid(raw: str) -> bool:
    try:
        uuid.UUID(raw)
    except (ValueError, AttributeError, TypeError):
        return False
    return True
