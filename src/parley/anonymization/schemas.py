"""Wire shapes of anonymization requests (Dixa: AnonymizationRequest)."""

from __future__ import annotations

from typing import Literal

import msgspec

ENTITY_TYPES = {
    "Conversation": "ConversationAnonymizationType",
    "Message": "MessageAnonymizationType",
    "User": "UserAnonymizationType",
}


class AnonymizationRequest(msgspec.Struct, kw_only=True):
    """As Dixa answers a `PATCH …/anonymize` (`processedAt` is null until done)."""

    id: str
    type_: Literal["Conversation", "Message", "User"] = msgspec.field(name="_type")
    entityType: str
    initiatedAt: str
    processedAt: str | None
    targetEntityId: str
    requestedBy: str


class AnonymizeEntity(msgspec.Struct, forbid_unknown_fields=False):
    """Body of Dixa's `POST /anonymization` (deprecated there): the entity by `_type`
    (or the older `entityType`) and `entityId`."""

    entityId: str
    type_: str | None = msgspec.field(default=None, name="_type")
    entityType: str | dict[str, object] | None = None
    forceAnonymization: bool = False


class AnonymizationRequestStatus(AnonymizationRequest, kw_only=True):
    """Parley extension: the request with its `status` (pending, done or failed)."""

    status: Literal["pending", "done", "failed"]
