"""The admin API's webhook sinks (``parley.admin.sinks``): thin handlers. The sinks
themselves (``POST /_parley/hooks/{sinkId}``) take no token; the rest is behind the
admin token."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, Router, delete, get, post
from litestar.datastructures import State
from litestar.params import FromPath, JSONBody

from parley.admin import schemas as wire
from parley.admin import sinks
from parley.config import Settings
from parley.http.envelope import Data
from parley.kit.clock import to_iso
from parley.outbound import HOOK_PATH

TAGS = ["Parley admin"]


@post("/sinks", tags=TAGS, summary="Create a webhook sink", status_code=201)
async def create_sink(state: State, request: Request[Any, Any, Any]) -> Data[wire.CreatedSink]:
    """**Parley extension** (admin API). A URL on this server that records what is
    posted to it: subscribe a webhook to `url` (the webhook sender allows it though it is
    a loopback address) and read the deliveries at `/_parley/sinks/{id}/received`."""
    settings: Settings = state.settings
    base = settings.public_url or str(request.base_url)
    sink_id, url = await sinks.create(state.db, base)
    return Data(wire.CreatedSink(sink_id, url))


@get("/sinks/{sinkId:str}/received", tags=TAGS, summary="What a sink received")
async def received(state: State, sinkId: FromPath[str]) -> Data[list[wire.ReceivedDelivery]]:
    """**Parley extension** (admin API). The deliveries the sink received, oldest first
    (the last 1,000): headers (lower-case names), body, and whether `X-DIXA-SIGNATURE`
    verifies with the secret key of a subscription to the sink's URL. `404` unknown
    sink."""
    return Data(
        [
            wire.ReceivedDelivery(
                to_iso(r.at), r.headers, r.body.decode("utf-8", "replace"), r.verified
            )
            for r in await sinks.received(state.db, sinkId)
        ]
    )


@post("/sinks/{sinkId:str}/answers", tags=TAGS, summary="Set a sink's answers", status_code=204)
async def set_answers(
    state: State, sinkId: FromPath[str], data: JSONBody[wire.SinkAnswers]
) -> None:
    """**Parley extension** (admin API). The sink answers `status` (200 to 599) to its
    next `count` deliveries (default 1), then 200 again."""
    await sinks.answer_next(state.db, sinkId, data.status, data.count)


@delete("/sinks/{sinkId:str}", tags=TAGS, summary="Delete a sink", status_code=204)
async def delete_sink(state: State, sinkId: FromPath[str]) -> None:
    """**Parley extension** (admin API). Deletes the sink and what it received."""
    await sinks.delete(state.db, sinkId)


@post("/{sinkId:str}", summary="A webhook sink", include_in_schema=False)
async def hook(
    state: State, sinkId: FromPath[str], request: Request[Any, Any, Any]
) -> Response[bytes]:
    body = await request.body()
    headers = {k.lower(): v for k, v in request.headers.items()}
    status = await sinks.receive(state.db, sinkId, headers, body)
    return Response(b"", status_code=status)


ROUTES = [create_sink, received, set_answers, delete_sink]


def hooks_router() -> Router:
    """The sinks' own URLs, without the admin token."""
    return Router(path=HOOK_PATH.rstrip("/"), route_handlers=[hook])
