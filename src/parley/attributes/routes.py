"""Custom attribute definitions: thin handlers (decode, call the service, encode)."""

from __future__ import annotations

from litestar.params import FromPath, JSONBody

from parley.attributes import schemas as wire
from parley.attributes import service
from parley.http.context import READ, WRITE, Context
from parley.http.declare import Routes
from parley.http.envelope import Data, Page
from parley.http.listing import Paging
from parley.http.params import uuid_path

ATTRIBUTES = Routes("Custom Attributes")


@ATTRIBUTES.get("/custom-attributes", "List custom attribute definitions", READ)
async def list_custom_attributes(ctx: Context, paging: Paging) -> Page[wire.CustomAttribute]:
    """Every custom attribute definition of the organisation (conversation and contact),
    oldest first. Paged with `pageKey` (default and maximum page: 10,000).
    Errors: 400 for a bad `pageLimit` or `pageKey`."""
    return await service.list_definitions(ctx, **paging.window)


@ATTRIBUTES.get(
    "/custom-attributes/{customAttributeId:str}", "Get a custom attribute definition", READ
)
async def get_custom_attribute(
    ctx: Context, customAttributeId: FromPath[str]
) -> Data[wire.CustomAttribute]:
    """One definition. Errors: 400 when the id is not a UUID, 404 when it is unknown."""
    return Data(await service.get(ctx, uuid_path("customAttributeId", customAttributeId)))


@ATTRIBUTES.post("/custom-attributes", "Create a custom attribute definition", WRITE)
async def create_custom_attribute(
    ctx: Context, data: JSONBody[wire.CreateCustomAttribute]
) -> Data[wire.CustomAttribute]:
    """**Parley extension** (Dixa manages definitions in its UI only).

    Creates a definition for `entityType` Conversation or Contact. `identifier` is unique per
    organisation and entity type. `inputDefinition` is `{"_type": "Text", "placeholder"?}` or
    `{"_type": "Select", "options": [{value, label, id?, isDeactivated?, nestedOptions?}]}`;
    a Select needs at least one option, option values must be unique among their siblings,
    and missing option ids are generated. Errors: 400 for a taken identifier, an unknown
    `entityType` or `_type`, an empty Select, repeated option values or a missing field."""
    return Data(await service.create(ctx, data))


ROUTES = [list_custom_attributes, get_custom_attribute, create_custom_attribute]
