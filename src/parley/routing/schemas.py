"""Request bodies of the routing endpoints (Dixa: Conversations)."""

from __future__ import annotations

from typing import Annotated

import msgspec

from parley.http.params import documented


class ClaimBody(msgspec.Struct, forbid_unknown_fields=False):
    agentId: str
    force: bool = True


class UserBody(msgspec.Struct, forbid_unknown_fields=False):
    userId: str | None = None


class TransferQueueBody(msgspec.Struct, forbid_unknown_fields=False):
    queueId: str
    userId: str | None = None


class FollowupBody(msgspec.Struct, forbid_unknown_fields=False):
    timestamp: Annotated[str, documented(format="date-time")]
    userId: str | None = None
