"""Wire shapes for internal notes (Dixa: Conversations > notes)."""

from __future__ import annotations

from typing import Any

import msgspec


class Note(msgspec.Struct, omit_defaults=True):
    id: str
    authorId: str
    createdAt: str
    csid: int
    message: str


class CreateNote(msgspec.Struct, forbid_unknown_fields=False):
    message: str
    agentId: str | None = None
    createdAt: str | None = None


class CreateNotesBulk(msgspec.Struct, forbid_unknown_fields=False):
    # Items are decoded one by one so that one bad item fails alone (BulkActionFailure).
    data: list[dict[str, Any]]
