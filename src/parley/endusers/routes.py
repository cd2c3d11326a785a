"""End users: thin handlers (decode, call the service, encode).

`GET /endusers/{userId}/conversations` and `PATCH /endusers/{userId}/anonymize` live with
the conversation and anonymization domains.
"""

from __future__ import annotations

from typing import Any

from litestar.params import FromPath, FromQuery, JSONBody

from parley.endusers import bulk, custom_attributes, service
from parley.endusers import schemas as wire
from parley.http.context import READ, WRITE, Context
from parley.http.declare import Routes
from parley.http.envelope import Data, Page
from parley.http.listing import Paging
from parley.http.params import uuid_path

END_USERS = Routes("End Users")
END_USER = Routes("End Users", prefix="/endusers/{userId:str}")


@END_USERS.get("/endusers", "List end users", READ)
async def list_end_users(
    ctx: Context,
    *,
    email: FromQuery[str | None] = None,
    phone: FromQuery[str | None] = None,
    externalId: FromQuery[str | None] = None,
    paging: Paging,
) -> Page[wire.EndUser]:
    """End users of the organisation (agents excluded), oldest first. Filters, combined with
    AND: `email` (the primary email, case-insensitive), `phone` (the primary phone number,
    exact) and `externalId` (exact). Paged with `pageKey` (default page 50, maximum 10,000);
    the filters travel in the page key. Errors: 400 for a bad `pageLimit` or `pageKey`."""
    return await service.list_users(
        ctx,
        email=email,
        phone=phone,
        external_id=externalId,
        **paging.window,
    )


@END_USERS.post("/endusers", "Create an end user", WRITE)
async def create_end_user(ctx: Context, data: JSONBody[wire.EndUserInput]) -> Data[wire.EndUser]:
    """Creates an end user from the optional fields `displayName`, `firstName`, `lastName`,
    `middleNames`, `email`, `phoneNumber`, `additionalEmails`, `additionalPhoneNumbers`,
    `externalId`, `avatarUrl`. Unknown fields are ignored. Errors: 400 when `email` or an
    additional email is not an email address, or `phoneNumber` or an additional phone number
    is not a phone number."""
    return Data(await service.create(ctx, data))


@END_USERS.post("/endusers/bulk", "Create end users in bulk", WRITE)
async def create_end_users(
    ctx: Context, data: JSONBody[wire.BulkCreate]
) -> Data[list[wire.EndUserOutcome]]:
    """Creates each end user of `{"data": [...]}` (up to 1,000) and answers one outcome per
    item, in order: `BulkActionSuccess` with the user, or `BulkActionFailure` with the reason
    (bad email or phone number); the valid items are created. 400 for an empty list."""
    return Data(await bulk.create(ctx, data.data))


@END_USERS.put("/endusers", "Replace end users in bulk", WRITE)
async def put_end_users(
    ctx: Context, data: JSONBody[wire.BulkPut]
) -> Data[list[wire.EndUserOutcome]]:
    """Replaces the editable fields of each `{id, ...}` item of `{"data": [...]}` as
    `PUT /endusers/{userId}` does, answering one BulkAction outcome per item, in order.
    An id that is not a UUID or not an end user of the organisation, or bad input, fails
    that item only. 400 for an empty list."""
    return Data(await bulk.update(ctx, data.data, replace=True))


@END_USERS.patch("/endusers", "Update end users in bulk", WRITE)
async def patch_end_users(
    ctx: Context, data: JSONBody[wire.BulkPatch]
) -> Data[list[wire.EndUserOutcome]]:
    """As `PUT /endusers`, but each item changes only the fields it gives, as
    `PATCH /endusers/{userId}` does."""
    return Data(await bulk.update(ctx, data.data, replace=False))


@END_USER.get("", "Get an end user", READ)
async def get_end_user(ctx: Context, userId: FromPath[str]) -> Data[wire.EndUser]:
    """One end user, with its `customAttributes` (`[{id, name, identifier, value}]`).
    Errors: 400 for a non-UUID `userId`, 404 when it is not an end user of the
    organisation (agents included)."""
    return Data(await service.get(ctx, uuid_path("userId", userId)))


@END_USER.put("", "Replace an end user", WRITE)
async def put_end_user(
    ctx: Context, userId: FromPath[str], data: JSONBody[wire.EndUserInput]
) -> Data[wire.EndUser]:
    """Replaces the editable fields `displayName`, `firstName`, `lastName`, `middleNames`,
    `email`, `phoneNumber`, `additionalEmails`, `additionalPhoneNumbers`, `externalId`,
    `avatarUrl`: absent fields become empty.
    Custom attribute values are kept. Errors: 400 for a non-UUID `userId` or a bad email or
    phone number, 404 for an unknown end user."""
    return Data(await service.replace(ctx, uuid_path("userId", userId), data))


@END_USER.patch("", "Update an end user", WRITE)
async def patch_end_user(
    ctx: Context, userId: FromPath[str], data: JSONBody[wire.EndUserPatch]
) -> Data[wire.EndUser]:
    """Updates only the fields present in the body; `null` clears a field. Errors: 400 for a
    non-UUID `userId` or a bad email or phone number, 404 for an unknown end user."""
    return Data(await service.update(ctx, uuid_path("userId", userId), data))


@END_USER.patch("/custom-attributes", "Patch an end user's custom attributes", WRITE)
async def patch_end_user_attributes(
    ctx: Context, userId: FromPath[str], data: JSONBody[dict[str, Any]]
) -> Data[list[wire.EndUserAttribute]]:
    """The body maps custom attribute ids to values: a string for a Text attribute, a list of
    option values for a Select attribute, `null` to unset. Each id must be a Contact
    attribute definition of the organisation. Answers every attribute value the user now
    has. Errors: 400 `Invalid input for patching, …` for an unknown id or a value that does
    not fit its definition (nothing is changed), 400 for a non-UUID `userId`, 404 for an
    unknown end user."""
    return Data(await custom_attributes.patch(ctx, uuid_path("userId", userId), data))


ROUTES = [
    list_end_users,
    create_end_user,
    create_end_users,
    put_end_users,
    patch_end_users,
    get_end_user,
    put_end_user,
    patch_end_user,
    patch_end_user_attributes,
]
