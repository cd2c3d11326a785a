"""Linking a conversation to a parent (side conversations, follow-ups, forwards)."""

from __future__ import annotations

from parley.conversation_record import repository as repo
from parley.conversation_record.guard import refuse_anonymized
from parley.conversations.schemas import LinkConversation
from parley.errors import NotFound, invalid_body
from parley.uow import Ctx

MAX_CHILDREN = 100


async def link(ctx: Ctx, conversation_id: int, body: LinkConversation) -> None:
    """Rules, each a 400 with its reason: the parent is a conversation of the organisation,
    not the child itself, not itself a child; the child has no other parent and no children
    of its own; a parent has at most 100 children. Neither end may be anonymized (``400
    The conversation is anonymized``). Linking again to the same parent only
    updates the link type. Each change is logged as ``ConversationLinked`` (a Parley
    activity type: ``{parentId, linkType}``) with its event."""
    child, parent = await _locked_pair(ctx, conversation_id, body.parentId)
    if child is None:
        raise NotFound()
    refuse_anonymized(child.anonymized_at)
    if body.parentId == child.id:
        raise invalid_body("a conversation cannot be linked to itself")
    if parent is None:
        raise invalid_body("parentId is not a conversation of the organisation")
    refuse_anonymized(parent.anonymized_at)
    if child.link_parent_id is not None and child.link_parent_id != parent.id:
        raise invalid_body("the conversation is already linked to another parent")
    if parent.link_parent_id is not None:
        raise invalid_body("the parent is itself a linked conversation")
    if await repo.count_children(ctx.tx, ctx.org_id, child.id) > 0:
        raise invalid_body("a conversation with linked conversations cannot become a child")
    if child.link_parent_id == parent.id:
        if child.link_type != body.linkType:
            await repo.update(
                ctx.tx, ctx.org_id, child.id, link_type=body.linkType, updated_at=ctx.now
            )
            await _log(ctx, child.id, parent.id, body.linkType)
        return
    if await repo.count_children(ctx.tx, ctx.org_id, parent.id) >= MAX_CHILDREN:
        raise invalid_body(f"the parent already has {MAX_CHILDREN} linked conversations")
    await repo.update(
        ctx.tx,
        ctx.org_id,
        child.id,
        link_parent_id=parent.id,
        link_type=body.linkType,
        updated_at=ctx.now,
    )
    await _log(ctx, child.id, parent.id, body.linkType)


async def _locked_pair(
    ctx: Ctx, child_id: int, parent_id: int
) -> tuple[repo.ConversationRow | None, repo.ConversationRow | None]:
    """The child and the parent (None where missing), both rows locked, in id order, and
    read once locked (PostgreSQL; SQLite write transactions are exclusive). Every rule
    above is then decided on rows no concurrent link can change before this one commits:
    of ``A<-B`` and ``B<-C`` sent together, the second to lock ``B`` sees the first's link
    (B a child, or B a parent) and is refused, and the children count and the link are one
    step."""
    rows: dict[int, repo.ConversationRow | None] = {}
    for cid in sorted({child_id, parent_id}):
        rows[cid] = await repo.get(ctx.tx, ctx.org_id, cid, for_update=True)
    return rows[child_id], rows[parent_id]


async def _log(ctx: Ctx, child_id: int, parent_id: int, link_type: str) -> None:
    await ctx.record(
        child_id,
        "ConversationLinked",
        author_id=ctx.user_id,
        attributes={"parentId": parent_id, "linkType": link_type},
    )
