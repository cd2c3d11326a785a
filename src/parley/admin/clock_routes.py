"""The admin API's organisation clock (``/_parley/orgs/{orgId}/clock``): thin handlers
over ``parley.admin.clock``."""

from __future__ import annotations

from litestar import delete, get, post
from litestar.datastructures import State
from litestar.params import FromPath, JSONBody

from parley.admin import clock as service
from parley.admin import schemas as wire
from parley.http.envelope import Data
from parley.kit.clock import to_iso

TAGS = ["Parley admin"]


def _clock(clock: service.Clock) -> Data[wire.Clock]:
    return Data(wire.Clock(clock.offset_ms / 1000, to_iso(clock.now)))


@get("/orgs/{orgId:str}/clock", tags=TAGS, summary="Read an organisation's clock")
async def read_clock(state: State, orgId: FromPath[str]) -> Data[wire.Clock]:
    """**Parley extension** (admin API). How far ahead of real time the organisation's
    clock is (`offsetSeconds`) and what it shows (`now`)."""
    return _clock(await service.read(state.db, orgId))


@post(
    "/orgs/{orgId:str}/clock/advance",
    tags=TAGS,
    summary="Move an organisation's clock forward",
    status_code=200,
)
async def advance_clock(
    state: State, orgId: FromPath[str], data: JSONBody[wire.Advance]
) -> Data[wire.Clock]:
    """**Parley extension** (admin API). Moves the organisation's clock forward by
    `seconds`: every time it reads or writes from then on (requests, jobs) is that much
    later, and its pending jobs come due that much sooner (a follow-up passed expires at
    the next job run: `POST /_parley/jobs/run`)."""
    return _clock(await service.advance(state.db, orgId, data.seconds))


@delete("/orgs/{orgId:str}/clock", tags=TAGS, summary="Back to real time", status_code=200)
async def reset_clock(state: State, orgId: FromPath[str]) -> Data[wire.Clock]:
    """**Parley extension** (admin API). Puts the organisation's clock back to real time;
    its pending jobs are due again at the real time they were due before."""
    return _clock(await service.real_time(state.db, orgId))


ROUTES = [read_clock, advance_clock, reset_clock]
