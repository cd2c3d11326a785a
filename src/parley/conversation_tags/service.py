"""Conversation tagging rules.

- Tagging (PUT) needs an existing tag of the organisation (404 otherwise) that is Active
  (400 ``Tag is inactive``). It is idempotent: tagging twice writes one TagAdded.
- Untagging (DELETE) works for active and inactive tags and is idempotent: removing a
  tag that is not applied changes nothing and writes no TagRemoved.
- Bulk tagging by name creates the missing tags (TagCreated) and applies every named
  tag; a named tag that exists but is inactive is a 400 and nothing is written.
Each change writes TagAdded / TagRemoved (``{"tag": name}``) and touches the conversation.
"""

from __future__ import annotations

from parley.conversation_record.guard import require
from parley.conversation_tags import repository as repo
from parley.conversation_tags import schemas as wire
from parley.errors import Invalid, invalid_body
from parley.tags import repository as tags_repo
from parley.tags import service as tags_service
from parley.tags.removed import record_removed
from parley.tags.schemas import CreateTag, Tag
from parley.uow import Ctx

TAG_INACTIVE = "Tag is inactive"


async def list_tags(ctx: Ctx, conversation_id: int) -> list[Tag]:
    await require(ctx, conversation_id)
    rows = await repo.list_tags(ctx.tx, ctx.org_id, conversation_id)
    return [tags_service.to_wire(r) for r in rows]


async def _apply(ctx: Ctx, conversation_id: int, tag: tags_repo.TagRow) -> None:
    if await repo.add(ctx.tx, ctx.org_id, conversation_id, tag.id, ctx.now):
        await ctx.record(
            conversation_id, "TagAdded", author_id=ctx.user_id, attributes={"tag": tag.name}
        )
        await repo.touch_conversation(ctx.tx, ctx.org_id, conversation_id, ctx.now)


async def tag(ctx: Ctx, conversation_id: int, tag_id: str) -> None:
    await require(ctx, conversation_id, lock=True, changeable=True)
    row = await tags_service.require(ctx, tag_id)
    if row.state != "Active":
        raise Invalid(TAG_INACTIVE)
    await _apply(ctx, conversation_id, row)


async def untag(ctx: Ctx, conversation_id: int, tag_id: str) -> None:
    await require(ctx, conversation_id, lock=True, changeable=True)
    row = await tags_service.require(ctx, tag_id)
    if await repo.remove(ctx.tx, ctx.org_id, conversation_id, tag_id) and (
        await repo.touch_conversation(ctx.tx, ctx.org_id, conversation_id, ctx.now)
    ):
        await record_removed(ctx, [conversation_id], row.name)


async def tag_bulk(ctx: Ctx, conversation_id: int, items: list[wire.TagName]) -> None:
    await require(ctx, conversation_id, lock=True, changeable=True)
    names: list[str] = []
    for item in items:
        name = item.name.strip()
        if not name:
            raise invalid_body("name must not be empty")
        if name not in names:
            names.append(name)
    existing: dict[str, tags_repo.TagRow] = {}
    for name in names:  # validate everything before writing
        row = await tags_repo.get_by_name(ctx.tx, ctx.org_id, name)
        if row is not None:
            if row.state != "Active":
                raise Invalid(f"{TAG_INACTIVE}: {name}")
            existing[name] = row
    for name in names:
        row = existing.get(name)
        if row is None:
            created = await tags_service.create(ctx, CreateTag(name=name))
            row = await tags_service.require(ctx, created.id)
        await _apply(ctx, conversation_id, row)
