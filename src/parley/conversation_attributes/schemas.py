"""Wire shapes for a conversation's custom attribute values."""

from __future__ import annotations

import msgspec


class ConversationAttribute(msgspec.Struct):
    id: str
    name: str
    identifier: str
    value: str | list[str]
