"""Wire shapes for conversation tagging (tags themselves: parley.tags.schemas)."""

from __future__ import annotations

import msgspec


class TagName(msgspec.Struct, forbid_unknown_fields=False):
    name: str


class BulkTagConversation(msgspec.Struct, forbid_unknown_fields=False):
    data: list[TagName]
