"""Wire shapes of anonymization requests (Dixa: AnonymizationRequest)."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

import msgspec

from parley.http.params import any_of, documented, given

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


# An entity's id as the handler reads it for each type, in the plain forms the document
# states (the handler strips surrounding whitespace): a conversation id (int64), a
# conversation id and a message's UUID, an end user's UUID.
_SPACE = r"[ \t\n\r]*"
_CONVERSATION = r"([1-9][0-9]{0,17}|[1-8][0-9]{18})"
_UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
ENTITY_IDS = {
    "Conversation": _CONVERSATION,
    "Message": rf"{_CONVERSATION}_{_UUID}",
    "User": _UUID,
}
EntityKind = Annotated[str, documented(enum=list(ENTITY_TYPES))]


def _entity(kind: str) -> dict[str, Any]:
    """The alternative "the entity is a ``kind``" (named by ``_type`` or by the older
    ``entityType`` when ``_type`` is absent), with the id's form for that kind."""
    legacy = ENTITY_TYPES[kind]
    entity_id = {"type": "string", "pattern": rf"^{_SPACE}{ENTITY_IDS[kind]}{_SPACE}$"}
    by_legacy = {
        "required": ["entityType"],
        "properties": {
            "_type": {"type": "null"},
            "entityType": {
                "anyOf": [
                    {"type": "string", "const": legacy},
                    {
                        "type": "object",
                        "required": ["_type"],
                        "properties": {"_type": {"type": "string", "const": legacy}},
                    },
                ]
            },
        },
    }
    return {
        "properties": {"entityId": entity_id},
        "anyOf": [given("_type", type="string", const=kind), by_legacy],
    }


class AnonymizeEntity(msgspec.Struct, forbid_unknown_fields=False):
    """Body of Dixa's `POST /anonymization` (deprecated there): the entity by `_type`
    (or the older `entityType`, read when `_type` is absent or null) and `entityId`, whose
    form depends on the type."""

    openapi_any_of: ClassVar[tuple[dict[str, Any], ...]] = any_of(
        *(_entity(kind) for kind in ENTITY_TYPES)
    )

    entityId: str
    type_: EntityKind | None = msgspec.field(default=None, name="_type")
    entityType: str | dict[str, object] | None = None
    forceAnonymization: bool = False


class AnonymizationRequestStatus(AnonymizationRequest, kw_only=True):
    """Parley extension: the request with its `status` (pending, done or failed)."""

    status: Literal["pending", "done", "failed"]
