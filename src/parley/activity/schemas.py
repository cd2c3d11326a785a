"""Wire shapes of the activity log (Dixa: ActivityLogEntry)."""

from __future__ import annotations

from typing import Any

import msgspec


class ActivityAuthor(msgspec.Struct, omit_defaults=True):
    id: str
    name: str | None = None
    email: str | None = None
    phoneNumber: str | None = None


class ActivityLogEntry(msgspec.Struct, omit_defaults=True):
    id: str
    conversationId: int
    activityTimestamp: str
    activityType: str
    type_: str = msgspec.field(name="_type")
    author: ActivityAuthor | None = None
    attributes: dict[str, Any] | None = None
