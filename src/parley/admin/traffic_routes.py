"""The admin API's request journal and faults (``/_parley/orgs/{orgId}/…``): thin
handlers over ``parley.admin.traffic_service``."""

from __future__ import annotations

from litestar import delete, get, post
from litestar.datastructures import State
from litestar.params import FromPath, FromQuery, JSONBody

from parley.admin import schemas as wire
from parley.admin import traffic_service as service
from parley.admin.traffic_repository import Fault
from parley.http.envelope import Data
from parley.kit.clock import to_iso

TAGS = ["Parley admin"]


def _fault(fault: Fault) -> wire.Fault:
    return wire.Fault(
        fault.id, fault.status, fault.count, fault.share, list(fault.routes), fault.retry_after
    )


@get("/orgs/{orgId:str}/requests", tags=TAGS, summary="The organisation's last requests")
async def list_requests(
    state: State, orgId: FromPath[str], *, limit: FromQuery[int] = 100
) -> Data[list[wire.RecordedRequest]]:
    """**Parley extension** (admin API). The last `limit` (1 to 1,000, default 100)
    `/v1` requests made with the organisation's tokens to this server process, oldest
    first: method, path, query string, body (at most 64 KiB, as text) and the status
    answered. The journal is in the store: every process of the server keeps one."""
    rows = await service.recorded(state.db, orgId, limit)
    return Data(
        [
            wire.RecordedRequest(to_iso(r.at), r.method, r.path, r.query, r.body, r.status)
            for r in rows
        ]
    )


@delete(
    "/orgs/{orgId:str}/requests", tags=TAGS, summary="Clear the request journal", status_code=204
)
async def clear_requests(state: State, orgId: FromPath[str]) -> None:
    """**Parley extension** (admin API). Forgets the organisation's recorded requests."""
    await service.forget(state.db, orgId)


@post("/orgs/{orgId:str}/faults", tags=TAGS, summary="Add a fault", status_code=201)
async def add_fault(
    state: State, orgId: FromPath[str], data: JSONBody[wire.NewFault]
) -> Data[wire.Fault]:
    """**Parley extension** (admin API). Makes the organisation's `/v1` requests answer
    `status` (429 with `Retry-After: retryAfter`, 500 or 503) with `{"message": …}`
    instead of running: the next `count` requests, or a `share` (0 to 1) of them, on
    every route or only on paths starting with one of `routes` (e.g. `/v1/tags`).
    Covers the tokens the organisation has now."""
    return Data(_fault(await service.add_fault(state.db, orgId, data)))


@get("/orgs/{orgId:str}/faults", tags=TAGS, summary="List faults")
async def list_faults(state: State, orgId: FromPath[str]) -> Data[list[wire.Fault]]:
    """**Parley extension** (admin API). The organisation's faults still in force, with
    the requests each has left (`count`)."""
    return Data([_fault(f) for f in await service.faults(state.db, orgId)])


@delete("/orgs/{orgId:str}/faults", tags=TAGS, summary="Clear faults", status_code=204)
async def clear_faults(state: State, orgId: FromPath[str]) -> None:
    """**Parley extension** (admin API). Removes every fault of the organisation."""
    await service.clear_faults(state.db, orgId)


ROUTES = [list_requests, clear_requests, add_fault, list_faults, clear_faults]
