"""Tag rules: names are unique per organisation; creating an existing name returns it."""

from __future__ import annotations

import msgspec

from parley.errors import found, invalid_body
from parley.http.envelope import Page
from parley.http.listing import list_page
from parley.kit.ids import new_id
from parley.tags import repository as repo
from parley.tags import schemas as wire
from parley.tags.removed import record_removed
from parley.uow import Ctx


def to_wire(row: repo.TagRow) -> wire.Tag:
    return wire.Tag(id=row.id, name=row.name, state=row.state, color=row.color)  # type: ignore[arg-type]


async def require(ctx: Ctx, tag_id: str) -> repo.TagRow:
    return found(await repo.get(ctx.tx, ctx.org_id, tag_id))


async def create(ctx: Ctx, body: wire.CreateTag) -> wire.Tag:
    name = body.name.strip()
    if not name:
        raise invalid_body("name must not be empty")
    existing = await repo.get_by_name(ctx.tx, ctx.org_id, name)
    if existing is not None:
        return to_wire(existing)
    row = repo.TagRow(new_id(), name, body.color, "Active", ctx.now)
    if not await repo.insert(ctx.tx, ctx.org_id, row):  # lost a race to the same name
        found = await repo.get_by_name(ctx.tx, ctx.org_id, name)
        assert found is not None
        return to_wire(found)
    await ctx.emit("TagCreated", {"tag": {"id": row.id, "name": name}})
    return to_wire(row)


async def get(ctx: Ctx, tag_id: str) -> wire.Tag:
    return to_wire(await require(ctx, tag_id))


class TagFilters(msgspec.Struct, frozen=True):
    """The filter of ``GET /v1/tags`` (the repository's ``list_page`` keyword)."""

    include_inactive: bool = True


async def list_tags(
    ctx: Ctx, *, include_inactive: bool, page_key: str | None, page_limit: int | None
) -> Page[wire.Tag]:
    filters = TagFilters(include_inactive=include_inactive)
    return await list_page(ctx, page_key, page_limit, repo.list_page, to_wire, filters=filters)


async def set_state(ctx: Ctx, tag_id: str, state: str) -> None:
    await require(ctx, tag_id)
    if await repo.set_state(ctx.tx, ctx.org_id, tag_id, state):
        name = "TagActivated" if state == "Active" else "TagDeactivated"
        await ctx.emit(name, {"tag": {"id": tag_id}})


async def delete(ctx: Ctx, tag_id: str) -> None:
    """Deleting a tag removes it from every conversation, each logged as an untag is; an
    anonymized conversation loses it silently (no entry, no event). Set-based: a tag on
    50,000 conversations takes a handful of statements, not a few per conversation."""
    row = await require(ctx, tag_id)
    touched = await repo.touch_tagged(ctx.tx, ctx.org_id, tag_id, ctx.now)
    await repo.untag_everywhere(ctx.tx, ctx.org_id, tag_id)
    await record_removed(ctx, touched, row.name)
    await repo.delete(ctx.tx, ctx.org_id, tag_id)
    await ctx.emit("TagDeleted", {"tag": {"id": tag_id}})
