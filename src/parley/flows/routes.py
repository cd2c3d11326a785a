"""Conversation flows: thin handlers (decode, call the service, encode).

`/conversations/flows` is a static path; Litestar matches it before the parameterised
`/conversations/{conversationId}`, so the two never clash.
"""

from __future__ import annotations

from typing import Annotated

from litestar.params import JSONBody

from parley.flows import schemas as wire
from parley.flows import service
from parley.http.context import READ, WRITE, Context
from parley.http.declare import Routes
from parley.http.envelope import Data
from parley.http.params import one_of

FLOWS = Routes("Conversations")


@FLOWS.get("/conversations/flows", "List flows", READ)
async def list_flows(
    ctx: Context,
    channel: Annotated[str | None, one_of(wire.FLOW_CHANNELS)] = None,
) -> Data[list[wire.Flow]]:
    """The organisation's conversation flows of one channel, oldest first (not paged).
    `channel` defaults to PstnPhone; allowed: WhatsApp, Voicemail, WidgetChat,
    FacebookMessenger, Email, ContactForm, Callback, PstnPhone, Messenger.
    Errors: 400 `Invalid value for: query parameter channel` for any other value."""
    return Data(await service.list_flows(ctx, channel))


@FLOWS.post("/conversations/flows", "Create a flow", WRITE)
async def create_flow(ctx: Context, data: JSONBody[wire.CreateFlow]) -> Data[wire.Flow]:
    """**Parley extension** (Dixa builds flows in its UI only).

    Body `{name, channel, contactEndpointId?}`; `channel` is one of the values
    `GET /conversations/flows` accepts and `contactEndpointId`, when given, is the id of one
    of the organisation's contact endpoints. Errors: 400 for an empty name, an unknown
    channel or an unknown contact endpoint."""
    return Data(await service.create(ctx, data))


ROUTES = [list_flows, create_flow]
