"""The request scope: one transaction per request, opened after authentication.

Every ``/v1`` handler takes ``ctx: Ctx``. The provider reads the token, opens the
transaction (read-only for GET), resolves the caller and yields; it commits when the
handler returns and rolls back when it raises. Services and repositories never commit.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from dataclasses import dataclass
from typing import Any

from litestar import Request
from litestar.di import NamedDependency

from parley.config import Settings
from parley.errors import Unauthorized
from parley.http.auth import hash_token, token_from_header
from parley.http.paging import next_link
from parley.http.timefmt import now_ms
from parley.orgs import repository as orgs_repo
from parley.store import Database, Tx

MISSING_TOKEN = "Missing or invalid Authorization header"


@dataclass
class Ctx:
    tx: Tx
    org_id: str
    user_id: str
    default_queue_id: str | None
    settings: Settings
    now: int
    base_url: str | None
    path: str

    def next_link(self, next_key: str | None, path: str | None = None) -> str | None:
        return next_link(self.base_url, path or self.path, next_key)


def link_base(request: Request[Any, Any, Any], settings: Settings) -> str | None:
    if settings.page_links == "relative":
        return None
    if settings.public_url:
        return settings.public_url.rstrip("/")
    return str(request.base_url).rstrip("/")


async def provide_ctx(request: Request[Any, Any, Any]) -> AsyncGenerator[Ctx, None]:
    state = request.app.state
    db: Database = state.db
    settings: Settings = state.settings
    token = token_from_header(request.headers.get("authorization"))
    if token is None:
        raise Unauthorized(MISSING_TOKEN)
    readonly = request.method in ("GET", "HEAD")
    async with db.transaction(readonly=readonly) as tx:
        caller = await orgs_repo.find_caller(tx, hash_token(token))
        if caller is None:
            raise Unauthorized("Unknown or revoked API token")
        yield Ctx(
            tx=tx,
            org_id=caller.org_id,
            user_id=caller.user_id,
            default_queue_id=caller.default_queue_id,
            settings=settings,
            now=now_ms(),
            base_url=link_base(request, settings),
            path=request.url.path,
        )


# Handlers declare ``ctx: Context`` (the request scope, injected by name).
Context = NamedDependency[Ctx]
