"""The one way a use case finds the conversation it works on (``require``), and the rule
every change to a conversation checks: an anonymized conversation is closed for good. It
takes no new content and no other change (messages, notes, tags, custom attributes,
ratings, links, routing): ``400 The conversation is anonymized``. Reads still answer."""

from __future__ import annotations

from parley.conversation_record import repository as repo
from parley.errors import Invalid, found
from parley.uow import Ctx

ANONYMIZED = "The conversation is anonymized"


def refuse_anonymized(anonymized_at: int | None) -> None:
    """The check itself, for callers that have read the conversation already."""
    if anonymized_at is not None:
        raise Invalid(ANONYMIZED)


async def require(
    ctx: Ctx, conversation_id: int, *, lock: bool = False, changeable: bool = False
) -> repo.ConversationRow:
    """The conversation, else ``404``.

    ``lock`` keeps its row locked until the transaction ends (``Tx.for_update``): a
    request that overlaps the anonymization job (which locks the row too) decides on what
    the job committed, and two changes to one conversation take turns. ``changeable``
    also refuses an anonymized conversation (``400``); a change asks for both."""
    conv = found(await repo.get(ctx.tx, ctx.org_id, conversation_id, for_update=lock))
    if changeable:
        refuse_anonymized(conv.anonymized_at)
    return conv
