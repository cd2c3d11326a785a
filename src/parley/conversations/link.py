"""Linking a conversation to a parent (side conversations, follow-ups, forwards)."""

from __future__ import annotations

from parley.activity.service import record
from parley.conversations import repository as repo
from parley.conversations.read import require
from parley.conversations.schemas import LinkConversation
from parley.errors import invalid_body
from parley.http.context import Ctx

MAX_CHILDREN = 100


async def link(ctx: Ctx, conversation_id: int, body: LinkConversation) -> None:
    """Rules, each a 400 with its reason: the parent is a conversation of the organisation,
    not the child itself, not itself a child; the child has no other parent and no children
    of its own; a parent has at most 100 children. Linking again to the same parent only
    updates the link type. Each change is logged as ``ConversationLinked`` (a Parley
    activity type: ``{parentId, linkType}``) with its event."""
    child = await require(ctx, conversation_id)
    if body.parentId == child.id:
        raise invalid_body("a conversation cannot be linked to itself")
    parent = await repo.get(ctx.tx, ctx.org_id, body.parentId)
    if parent is None:
        raise invalid_body("parentId is not a conversation of the organisation")
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
    # the parent's row lock makes the count and the link one step for concurrent links
    await repo.lock(ctx.tx, ctx.org_id, parent.id)
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


async def _log(ctx: Ctx, child_id: int, parent_id: int, link_type: str) -> None:
    await record(
        ctx.tx,
        ctx.org_id,
        child_id,
        "ConversationLinked",
        at=ctx.now,
        author_id=ctx.user_id,
        attributes={"parentId": parent_id, "linkType": link_type},
    )
