"""PATCH /endusers/{userId}/custom-attributes: set or unset contact attribute values.

Every key must be the id of a custom attribute definition of entity type Contact in the
organisation; Text takes a string, Select a list of values of its active options, and
`null` unsets. Any bad key or value rejects the whole request (400) and nothing changes.
"""

from __future__ import annotations

import uuid
from typing import Any

from parley.attributes.service import INVALID_PATCH, get_definitions, validate_value
from parley.endusers import repository as repo
from parley.endusers import service
from parley.endusers.schemas import EndUserAttribute
from parley.errors import Invalid
from parley.uow import Ctx


async def patch(ctx: Ctx, user_id: str, body: dict[str, Any]) -> list[EndUserAttribute]:
    row = await service.require(ctx, user_id)
    keys: dict[str, str] = {}
    for raw in body:
        try:
            keys[raw] = str(uuid.UUID(raw))
        except ValueError:
            raise Invalid(f"{INVALID_PATCH}, {raw!r} is not a custom attribute id") from None
    defs = await get_definitions(ctx.tx, ctx.org_id, list(set(keys.values())), service.CONTACT)
    values = dict(row.custom_attributes)
    for raw, attr_id in keys.items():
        definition = defs.get(attr_id)
        if definition is None:
            raise Invalid(f"{INVALID_PATCH}, unknown contact custom attribute {raw}")
        try:
            value = validate_value(definition, body[raw])
        except Invalid:
            raise Invalid(
                f"{INVALID_PATCH}, bad value for custom attribute {definition.identifier}"
            ) from None
        if value is None:
            values.pop(attr_id, None)
        else:
            values[attr_id] = value
    if body:
        await repo.set_custom_attributes(ctx.tx, ctx.org_id, row.id, values, ctx.now)
        row.custom_attributes = values
        row.updated_at = ctx.now
        await ctx.emit(
            "EndUserUpdated",
            {"end_user": {"id": row.id}, "custom_attributes": {keys[k]: body[k] for k in body}},
        )
    return await service.attribute_values(ctx.tx, ctx.org_id, row)
