"""Administration of contact endpoints (administrators only): the organisation's email
addresses and chat widgets, listed and created through the endpoints service the REST
API uses, and an email address's queue (the queue of the conversations its mail opens;
none: the default queue) chosen from the organisation's first queues, or, where it has
more than the drop-down shows, typed as the queue's id.
What all administration pages share is ``admin_pages``'s."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

from parley.desk.admin_pages import AdminPages
from parley.desk.inbox import OPTIONS
from parley.desk.scope import Desk
from parley.endpoints import schemas as wire
from parley.endpoints import service as endpoints
from parley.errors import Invalid
from parley.queues.service import list_queues

ENDPOINTS = AdminPages("/admin/endpoints")


async def _queues(desk: Desk, _shown: Sequence[Any]) -> dict[str, Any]:
    found = await list_queues(desk.ctx, page_key=None, page_limit=OPTIONS)
    return {"queues": found.data, "more_queues": found.meta.next is not None}


def _queue(desk: Desk) -> str | None:
    """The form's queue: the id typed, else the drop-down's; None: the default queue."""
    return desk.text("queue_id") or desk.text("queue") or None


endpoints_page = ENDPOINTS.listing(
    "admin_endpoints.html", "endpoints", partial(endpoints.list_endpoints, type_=None), _queues
)


@ENDPOINTS.form()
async def create_endpoint(desk: Desk) -> None:
    kind, name = desk.text("kind"), desk.text("name") or None
    body: wire.CreateContactEndpoint
    if kind == "EmailEndpoint":
        body = wire.CreateEmailEndpoint(
            address=desk.text("address"), name=name, queueId=_queue(desk)
        )
    elif kind == "ChatWidget":
        if name is None:
            raise Invalid("A chat widget needs a name")
        body = wire.CreateChatWidget(name=name)
    else:
        raise Invalid("Choose an email address or a chat widget")
    await endpoints.create(desk.ctx, body)


@ENDPOINTS.form("/{endpoint_id:str}/queue")
async def set_endpoint_queue(desk: Desk, endpoint_id: str) -> None:
    await endpoints.set_queue(desk.ctx, endpoint_id, wire.EndpointQueue(queueId=_queue(desk)))


HANDLERS = [endpoints_page, create_endpoint, set_endpoint_queue]
