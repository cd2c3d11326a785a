"""The rule every change to a conversation checks: an anonymized conversation is closed
for good. It takes no new content and no other change (messages, notes, tags, custom
attributes, ratings, links, routing): ``400 The conversation is anonymized``. Reads
still answer."""

from __future__ import annotations

from parley.conversations import repository as repo
from parley.errors import Invalid, NotFound
from parley.uow import Ctx

ANONYMIZED = "The conversation is anonymized"


def refuse_anonymized(anonymized_at: int | None) -> None:
    """The check itself, for callers that have read the conversation already."""
    if anonymized_at is not None:
        raise Invalid(ANONYMIZED)


async def require_changeable(ctx: Ctx, conversation_id: int) -> None:
    """``404`` for an unknown conversation, ``400`` for an anonymized one. The row stays
    locked until the transaction ends (PostgreSQL), so an anonymization job running at
    the same time either removes what this request writes or makes it refused."""
    conv = await repo.get(ctx.tx, ctx.org_id, conversation_id, for_update=True)
    if conv is None:
        raise NotFound()
    refuse_anonymized(conv.anonymized_at)
