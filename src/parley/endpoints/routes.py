"""Contact endpoints: thin handlers (decode, call the service, encode)."""

from __future__ import annotations

from typing import Annotated

from litestar.params import FromPath, JSONBody

from parley.endpoints import schemas as wire
from parley.endpoints import service
from parley.http.context import READ, WRITE, Context
from parley.http.declare import Routes
from parley.http.envelope import Data, Page
from parley.http.listing import Paging
from parley.http.params import one_of

ENDPOINTS = Routes("Contact Endpoints")


@ENDPOINTS.get("/contact-endpoints", "List contact endpoints", READ)
async def list_contact_endpoints(
    ctx: Context,
    *,
    _type: Annotated[str | None, one_of(wire.ENDPOINT_TYPES)] = None,
    paging: Paging,
) -> Page[wire.ContactEndpoint]:
    """The organisation's email and telephony endpoints and chat widgets, oldest first.
    `_type` (EmailEndpoint, TelephonyEndpoint or, a Parley addition, ChatWidget) keeps one
    kind only. Paged with `pageKey` (default and maximum page: 10,000).
    Errors: 400 for an unknown `_type` or a bad `pageLimit`/`pageKey`."""
    return await service.list_endpoints(ctx, type_=_type, **paging.window)


@ENDPOINTS.get("/contact-endpoints/{contactEndpointId:str}", "Get a contact endpoint", READ)
async def get_contact_endpoint(
    ctx: Context, contactEndpointId: FromPath[str]
) -> Data[wire.ContactEndpoint]:
    """One endpoint by its id: the email address or phone number (URL-encoded, e.g.
    `%2B4512345678`), or a chat widget's UUID. An email endpoint's `queueId` (a Parley
    addition, absent for the default queue) is the queue of the conversations it opens.
    Errors: 404 when unknown."""
    return Data(await service.get(ctx, contactEndpointId))


@ENDPOINTS.post("/contact-endpoints", "Create a contact endpoint", WRITE)
async def create_contact_endpoint(
    ctx: Context, data: JSONBody[wire.CreateContactEndpoint]
) -> Data[wire.ContactEndpoint]:
    """**Parley extension** (Dixa provisions endpoints itself).

    Bodies: `{"_type": "EmailEndpoint", "address", "name"?, "senderOverride"?, "queueId"?}`
    (id = the address, lower-cased; `queueId`: the queue of the conversations it opens),
    `{"_type": "TelephonyEndpoint", "number", "name"?, "functionality"?: [...]}` (id = the
    number) or `{"_type": "ChatWidget", "name"}` (id = a
    new UUID; the `widgetId` of Chat conversations). Errors: 400 for an unknown `_type`, an
    invalid address or number, an id that already exists in the organisation, or a
    `queueId` that is not a queue of the organisation."""
    return Data(await service.create(ctx, data))


@ENDPOINTS.put(
    "/contact-endpoints/{contactEndpointId:str}/queue", "Set an email endpoint's queue", WRITE
)
async def put_endpoint_queue(
    ctx: Context, contactEndpointId: FromPath[str], data: JSONBody[wire.EndpointQueue]
) -> Data[wire.ContactEndpoint]:
    """**Parley extension.** The queue in which conversations created with this email
    endpoint as `emailIntegrationId` are placed, a received mail that opens one included:
    `{"queueId": "<queue id>"}`, or `{"queueId": null}` for the organisation's default
    queue. A queue removed later is not followed (the default queue again). Returns the
    endpoint. Errors: 404 for an unknown endpoint; 400 for an endpoint that is no email
    endpoint or a `queueId` that is not a queue of the organisation."""
    return Data(await service.set_queue(ctx, contactEndpointId, data))


ROUTES = [
    list_contact_endpoints,
    get_contact_endpoint,
    create_contact_endpoint,
    put_endpoint_queue,
]
