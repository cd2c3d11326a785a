"""Wire shapes of Dixa's deprecated ``POST /v1/anonymization``."""

from __future__ import annotations

from typing import Literal

import msgspec


class AnonymizeEntity(msgspec.Struct):
    """``_type`` names the entity (``entityType``, its deprecated spelling, is read when
    ``_type`` is absent); ``forceAnonymization`` closes open conversations first."""

    entityId: str
    type_: Literal["Conversation", "Message", "User"] | None = msgspec.field(
        default=None, name="_type"
    )
    entityType: str | None = None
    forceAnonymization: bool = False
