"""The admin API under ``/_parley/``: thin handlers over ``parley.admin.service``.

Served only when ``PARLEY_ADMIN_TOKEN`` is set, and only to requests whose
Authorization header carries that token (in any of the forms ``/v1`` takes). An
organisation's API token is never the admin token: it gets ``401`` here, as does a
missing or wrong token.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from typing import Any

from litestar import delete, get, post
from litestar.config.app import AppConfig
from litestar.connection import ASGIConnection
from litestar.datastructures import State
from litestar.handlers.base import BaseRouteHandler
from litestar.openapi.spec import SecurityScheme
from litestar.params import FromPath, FromQuery, JSONBody

from parley.admin import (
    clock_routes,
    openapi,
    service,
    sink_routes,
    snapshot_routes,
    traffic,
    traffic_routes,
)
from parley.admin import repository as repo
from parley.admin import schemas as wire
from parley.config import Settings
from parley.errors import Unauthorized, invalid_query
from parley.http.auth import token_from_header
from parley.http.context import authorization
from parley.http.envelope import Data, Page, PageMeta
from parley.http.mounting import Mount
from parley.http.paging import page_request, split_page
from parley.kit.clock import to_iso

TAGS = ["Parley admin"]
ADMIN_SCHEME = "ParleyAdminToken"
SECURITY_SCHEME = SecurityScheme(
    type="apiKey",
    name="Authorization",
    security_scheme_in="header",
    description="PARLEY_ADMIN_TOKEN, for the admin API under /_parley/ (a Parley "
    "extension, served only when the token is set).",
)
PAGE_MAX = 1000


def require_admin(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    settings: Settings = connection.app.state.settings
    token = token_from_header(authorization(connection.scope))
    expected = settings.admin_token
    if not expected or token is None or not hmac.compare_digest(token.encode(), expected.encode()):
        raise Unauthorized("Missing or invalid admin token")


def _job(row: repo.JobRow) -> wire.Job:
    return wire.Job(
        row.id, row.org_id, row.kind, row.status, to_iso(row.run_at), row.attempts, row.last_error
    )


@post("/orgs", tags=TAGS, summary="Create an organisation", status_code=201)
async def create_org(state: State, data: JSONBody[wire.CreateOrg]) -> Data[wire.CreatedOrg]:
    """**Parley extension** (admin API). A new organisation with its default queue, its
    admin agent and an API token, shown once (stored only as a hash)."""
    org = await service.create_org(state.db, data.name)
    return Data(
        wire.CreatedOrg(org.id, org.name, org.api_token, org.admin_user_id, org.default_queue_id)
    )


@get("/orgs", tags=TAGS, summary="List organisations")
async def list_orgs(
    state: State,
    *,
    pageKey: FromQuery[str | None] = None,
    pageLimit: FromQuery[int | None] = None,
) -> Page[wire.Org]:
    """**Parley extension** (admin API). Every organisation of the store, oldest first.
    Paged with `pageKey` (default page 100, maximum 1,000; `meta.next` is the next page's
    path)."""
    page = page_request(pageKey, pageLimit, default=100, maximum=PAGE_MAX)
    rows = await service.list_orgs(state.db, _position(page.after), page.limit + 1)
    items, key = split_page(rows, page, lambda row: [row.created_at, row.id])
    meta = PageMeta(next=f"/_parley/orgs?pageKey={key}") if key else PageMeta()
    return Page([wire.Org(o.id, o.name, to_iso(o.created_at)) for o in items], meta)


@delete("/orgs/{orgId:str}", tags=TAGS, summary="Delete an organisation", status_code=204)
async def delete_org(state: State, orgId: FromPath[str]) -> None:
    """**Parley extension** (admin API). Deletes the organisation, its tokens and all its
    data. `404` for an unknown organisation."""
    await service.delete_org(state.db, orgId)


@post("/orgs/{orgId:str}/reset", tags=TAGS, summary="Reset an organisation", status_code=204)
async def reset_org(state: State, orgId: FromPath[str]) -> None:
    """**Parley extension** (admin API). Empties the organisation (conversations, users,
    queues, tags, webhooks, activity, jobs …) and keeps it and its API tokens, with its
    default queue and admin agent under the same ids, its clock back to real time, its
    request journal and faults cleared. `404` for an unknown organisation."""
    await service.reset_org(state.db, orgId)


@post("/jobs/run", tags=TAGS, summary="Run every due job now", status_code=200)
async def run_jobs(state: State) -> Data[list[wire.Job]]:
    """**Parley extension** (admin API). Runs every due background job (webhook
    deliveries, follow-up expiry, anonymization …) of every organisation until none is
    due, waiting for a due job the server's own worker holds, and answers each job run with
    its state after the run: `done`, `failed`, or `pending` with its retry's `runAt`."""
    ran = await service.run_due(state.db, state.settings, state.worker)
    return Data([_job(row) for row in ran])


@get("/jobs", tags=TAGS, summary="List pending jobs")
async def list_jobs(
    state: State,
    *,
    orgId: FromQuery[str | None] = None,
    pageKey: FromQuery[str | None] = None,
    pageLimit: FromQuery[int | None] = None,
) -> Page[wire.Job]:
    """**Parley extension** (admin API). Jobs waiting to run, of one organisation
    (`orgId`) or of all, soonest due first. Paged with `pageKey` (default page 100,
    maximum 1,000)."""
    page = page_request(pageKey, pageLimit, default=100, maximum=PAGE_MAX, filters={"orgId": orgId})
    after = _position(page.after)
    org = page.filters.get("orgId")
    rows = await service.pending_jobs(state.db, org, after, page.limit + 1)
    items, key = split_page(rows, page, lambda row: [row.run_at, row.id])
    meta = PageMeta(next=f"/_parley/jobs?pageKey={key}") if key else PageMeta()
    return Page([_job(row) for row in items], meta)


def _position(after: list[Any] | None) -> tuple[int, str] | None:
    if after is None:
        return None
    match after:
        case [int() as run_at, str() as job_id]:
            return run_at, job_id
    raise invalid_query("pageKey", "not a key this server issued")


def on_app_init(settings: Settings) -> list[Callable[[AppConfig], AppConfig]]:
    """What the admin API adds to the app, only when PARLEY_ADMIN_TOKEN is set: its
    routes (each behind the admin token), and the journal and faults of ``/v1``
    traffic."""
    if not settings.admin_token:
        return []

    handlers = [
        create_org,
        list_orgs,
        delete_org,
        reset_org,
        run_jobs,
        list_jobs,
        *traffic_routes.ROUTES,
        *clock_routes.ROUTES,
        *sink_routes.ROUTES,
        *snapshot_routes.ROUTES,
    ]
    for handler in handlers:
        openapi.document_errors(handler)

    def install(config: AppConfig) -> AppConfig:
        config.route_handlers.append(
            Mount(
                path="/_parley",
                route_handlers=handlers,
                guards=[require_admin],
                security=[{ADMIN_SCHEME: []}],
            )
        )
        config.route_handlers.append(sink_routes.hooks_router())
        config.middleware.append(traffic.middleware)
        return config

    return [install]
