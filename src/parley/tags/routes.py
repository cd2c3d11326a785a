"""Tags: thin handlers (decode, call the service, encode)."""

from __future__ import annotations

from litestar.params import FromPath, FromQuery, JSONBody

from parley.http.context import READ, WRITE, Context
from parley.http.declare import Routes
from parley.http.envelope import Data, Page
from parley.http.listing import Paging
from parley.http.params import uuid_path
from parley.tags import schemas as wire
from parley.tags import service

TAGS = Routes("Tags")
TAG = Routes("Tags", prefix="/tags/{tagId:str}")


@TAGS.get("/tags", "List tags", READ)
async def list_tags(
    ctx: Context,
    *,
    includeDeactivated: FromQuery[bool] = True,
    paging: Paging,
) -> Page[wire.Tag]:
    """All tags of the organisation, oldest first; inactive ones unless
    `includeDeactivated=false`. Paged with `pageKey` (default and maximum page: 10,000)."""
    return await service.list_tags(ctx, include_inactive=includeDeactivated, **paging.window)


@TAGS.post("/tags", "Create a tag", WRITE, status_code=200)
async def create_tag(ctx: Context, data: JSONBody[wire.CreateTag]) -> Data[wire.Tag]:
    """Creates an Active tag; a tag with the same name is returned as it is (not updated)."""
    return Data(await service.create(ctx, data))


@TAG.get("", "Get a tag", READ)
async def get_tag(ctx: Context, tagId: FromPath[str]) -> Data[wire.Tag]:
    """The tag `{id, name, state, color?}`. Errors: `400` `Invalid value for: path
    parameter tagId`, `404` unknown tag."""
    return Data(await service.get(ctx, uuid_path("tagId", tagId)))


@TAG.patch("/activate", "Activate a tag", WRITE, status_code=204)
async def activate_tag(ctx: Context, tagId: FromPath[str]) -> None:
    """Makes the tag Active again (it can be applied to conversations); no change when it
    is Active. Errors: `400` bad tagId, `404` unknown tag."""
    await service.set_state(ctx, uuid_path("tagId", tagId), "Active")


@TAG.patch("/deactivate", "Deactivate a tag", WRITE, status_code=204)
async def deactivate_tag(ctx: Context, tagId: FromPath[str]) -> None:
    """Makes the tag Inactive: it stays on the conversations that have it and can still be
    removed from them, but cannot be applied. Errors: `400` bad tagId, `404` unknown tag."""
    await service.set_state(ctx, uuid_path("tagId", tagId), "Inactive")


@TAG.delete("", "Delete a tag", WRITE)
async def delete_tag(ctx: Context, tagId: FromPath[str]) -> None:
    """Deletes the tag and removes it from every conversation (TagRemoved on each, as an
    untag; an anonymized conversation loses it without a new entry)."""
    await service.delete(ctx, uuid_path("tagId", tagId))


ROUTES = [list_tags, create_tag, get_tag, activate_tag, deactivate_tag, delete_tag]
