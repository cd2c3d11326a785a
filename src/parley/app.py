"""The application factory: routes, error handling, OpenAPI and the store's lifespan."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Sequence
from contextlib import asynccontextmanager
from typing import Any

from litestar import Litestar, MediaType, Request, Response, get
from litestar.config.app import AppConfig
from litestar.datastructures import State
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.openapi.spec import Components, OpenAPI, SecurityScheme
from litestar.serialization import encode_json

from parley import __version__
from parley.activity import log as activity_log
from parley.admin import routes as admin_routes
from parley.config import Settings
from parley.desk import live as desk_live
from parley.desk.mount import desk_router
from parley.guard.inputs import refuse_unstorable_text
from parley.guard.ratelimit import RateLimiter, parse_limit, rate_limit_middleware
from parley.http.context import check_declared, provide_ctx
from parley.http.errors import handle
from parley.http.listing import provide_page_query
from parley.http.mounting import Mount
from parley.http.openapi import document_route
from parley.http.openapi_input import tighten
from parley.http.paging import use_secret
from parley.knowledge import articles as knowledge_articles
from parley.knowledge.help_centre import ROUTES as HELP_CENTRE_ROUTES
from parley.mail import listener as mail_listener
from parley.ops import logs, runtime
from parley.ops.docs import assets_router, swagger_render_plugin
from parley.ops.metrics import Metrics
from parley.ops.ready import operations_handlers
from parley.ops.requests import observed
from parley.search import service as search_service
from parley.secret import PAGE_KEYS, derived_key
from parley.store import open_database
from parley.teams import service as teams_service
from parley.webhooks import service as webhooks_service
from parley.worker.runner import Worker


@get("/health", include_in_schema=True, tags=["Health"], summary="Liveness and store check")
async def health(state: State) -> dict[str, str]:
    async with state.db.transaction(readonly=True) as tx:
        await tx.fetch_val("SELECT 1")
    return {"status": "ok", "store": state.db.dialect, "version": __version__}


def v1_route_handlers() -> Sequence[Any]:
    """Every domain's handlers, mounted under /v1, each documented with the errors it
    really answers and its typed path parameters, each declaring its transaction scope."""
    from parley.routes import ROUTE_HANDLERS

    for handler in ROUTE_HANDLERS:
        check_declared(handler)
        document_route(handler)
    return ROUTE_HANDLERS


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or Settings.from_env()
    use_secret(derived_key(settings, PAGE_KEYS))
    db = open_database(settings.database_url, settings.database_pool_size)
    worker = Worker(db, settings) if settings.embedded_worker else None
    limit = parse_limit(settings.rate_limit)
    limiter = RateLimiter(db, limit) if limit is not None else None
    metrics = Metrics()

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncGenerator[None, None]:
        await db.connect()
        if worker is not None:
            worker.start()
        smtp = await mail_listener.start_configured(db, settings)
        try:
            yield
        finally:
            await mail_listener.stop(smtp)
            if worker is not None:
                await worker.stop()
            await db.close()

    v1 = Mount(
        path="/v1",
        route_handlers=list(v1_route_handlers()),
        dependencies={"ctx": Provide(provide_ctx), "paging": Provide(provide_page_query)},
        # (no layer at all when limits are off: each route middleware costs every request)
        middleware=[rate_limit_middleware] if limiter is not None else [],
        security=[{"ApiKeyAuth": []}],
    )
    app = Litestar(
        route_handlers=[
            health,
            v1,
            *operations_handlers(),
            assets_router(),
            *HELP_CENTRE_ROUTES,
            desk_router(),
        ],
        openapi_config=_openapi_config(),
        exception_handlers={Exception: handle},
        lifespan=[lifespan, desk_live.lifespan],
        state=State(
            {
                "db": db,
                "settings": settings,
                "worker": worker,
                "rate_limiter": limiter,
                "metrics": metrics,
            }
        ),
        request_max_body_size=settings.max_body_bytes,
        before_request=_before_request,
        logging_config=None,
        on_app_init=[_openapi_json_route, *admin_routes.on_app_init(settings)],
    )
    logs.configure(settings.log_level, settings.log_format)
    app.asgi_handler = observed(app.asgi_handler, metrics, settings.body_timeout_seconds)
    return app


def _openapi_config() -> OpenAPIConfig:
    """/docs (Swagger UI served offline) and the document's introduction."""
    return OpenAPIConfig(
        title="Parley",
        version=__version__,
        description=(
            "A self-hostable conversation engine whose REST API is compatible with Dixa's "
            "public API v1. Routes marked **Parley extension** do not exist in Dixa. "
            "Every /v1 route takes the API token in the Authorization header, as `<token>`, "
            '`Bearer <token>` or `Basic base64("bearer:<token>")`. '
            "Limits that hold on every route: a URL over 8 KiB answers 414 and headers over "
            "16 KiB (or more than 100) answer 431, before any route; text holding NUL "
            "(U+0000) anywhere (path, query, body) is refused with 400, as no store keeps it; "
            "with `PARLEY_RATE_LIMIT` on, a token over its limit gets 429 with `Retry-After`. "
            "Every response carries `X-Request-Id`. Operations: `/health` (liveness), "
            "`/ready` (readiness), `/metrics` (Prometheus)."
        ),
        path="/docs",
        use_handler_docstrings=True,
        render_plugins=[swagger_render_plugin()],
        components=Components(
            security_schemes={
                "ApiKeyAuth": SecurityScheme(
                    type="apiKey", name="Authorization", security_scheme_in="header"
                ),
                admin_routes.ADMIN_SCHEME: admin_routes.SECURITY_SCHEME,
            }
        ),
    )


# ``pageLimit``'s maximum where a route has its own (else ``PARLEY_PAGE_LIMIT_MAX``).
PAGE_LIMITS = {
    "/v1/search/conversations": search_service.MAX_LIMIT,
    "/v1/teams/{teamId}/presence": teams_service.PRESENCE_PAGE_MAX,
    "/v1/conversations/activitylog": activity_log.ORG_LOG_MAX_LIMIT,
    "/v1/webhooks/{webhookSubscriptionId}/delivery-status/logs/{event}": (
        webhooks_service.LOGS_MAX_LIMIT
    ),
    "/v1/knowledge/articles/search": knowledge_articles.MAX_HITS,
}


def openapi_document(app: Litestar) -> OpenAPI:
    """The app's OpenAPI document with the input rules every handler applies
    (``http.openapi_input``), added once to the document Litestar built and cached (it
    has no hook for this), so /openapi.json and /docs/openapi.json serve the same."""
    doc = app.openapi_schema
    if not app.state.get("openapi_tightened"):
        settings: Settings = app.state.settings
        tighten(doc, default_page_max=settings.page_limit_max, page_limits=PAGE_LIMITS)
        app.state.openapi_tightened = True
    return doc


def openapi_json_bytes(app: Litestar) -> bytes:
    """The document as JSON, encoded once per app (as Litestar does for /docs/openapi.json):
    building the dictionary from the document's objects takes a tenth of a second."""
    body: bytes | None = app.state.get("openapi_json")
    if body is None:
        body = app.state.openapi_json = encode_json(openapi_document(app).to_schema())
    return body


async def _before_request(request: Request[Any, Any, Any]) -> None:
    if request.scope["path"].startswith("/docs"):
        openapi_document(request.app)
    await refuse_unstorable_text(request)


def _openapi_json_route(config: AppConfig) -> AppConfig:
    """Serve the OpenAPI document at /openapi.json as well as /docs/openapi.json."""

    @get("/openapi.json", include_in_schema=False, sync_to_thread=False)
    def openapi_json(request: Request[Any, Any, Any]) -> Response[bytes]:
        return Response(openapi_json_bytes(request.app), media_type=MediaType.JSON)

    config.route_handlers.append(openapi_json)
    return config


def asgi_factory() -> Litestar:
    """Entry point for granian (``--factory``): settings come from the environment. The
    interpreter is set for serving (``ops.runtime``: the heap frozen, the GIL switch interval)."""
    app = create_app(Settings.from_env())
    runtime.settle()
    return app
