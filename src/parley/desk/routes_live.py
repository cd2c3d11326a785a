"""``GET /events``: the signed-in agent's organisation's activity, live (server-sent
events; a reconnecting browser resumes after its ``Last-Event-ID``)."""

from __future__ import annotations

from typing import Any

from litestar import Request, get
from litestar.response import ServerSentEvent

from parley.desk import auth
from parley.desk.live import Broadcaster, stream
from parley.desk.scope import SESSION_COOKIE, SignInRequired
from parley.kit.clock import now_ms
from parley.store import Database


def _last_id(request: Request[Any, Any, Any]) -> int | None:
    raw = request.headers.get("last-event-id") or request.query_params.get("after")
    try:
        return int(raw) if raw else None
    except ValueError:
        return None


@get("/events", include_in_schema=False)
async def events(request: Request[Any, Any, Any]) -> ServerSentEvent:
    db: Database = request.app.state.db
    broadcaster: Broadcaster = request.app.state.desk_broadcaster
    cookie = request.cookies.get(SESSION_COOKIE)
    async with db.transaction(readonly=True) as tx:
        idle_s = request.app.state.settings.desk_session_idle_seconds
        if cookie is None or await auth.resolve(tx, cookie, now_ms(), idle_s) is None:
            raise SignInRequired()
    return ServerSentEvent(stream(db, broadcaster, cookie, _last_id(request), idle_s))


HANDLERS = [events]
