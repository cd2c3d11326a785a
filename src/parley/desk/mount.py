"""The desk's router: its pages under ``/``, its static assets, security headers on every
response and error pages instead of JSON."""

from __future__ import annotations

import logging
from typing import Any

from litestar import Request, Response, Router
from litestar.exceptions import HTTPException
from litestar.static_files import create_static_files_router

from parley.desk import (
    routes_admin,
    routes_admin_attributes,
    routes_admin_endpoints,
    routes_admin_hours,
    routes_admin_queues,
    routes_admin_teams,
    routes_admin_templates,
    routes_admin_webhooks,
    routes_auth,
    routes_conversation,
    routes_conversation_attributes,
    routes_inbox,
    routes_live,
)
from parley.desk.render import SECURITY_HEADERS, STATIC, page, redirect
from parley.desk.scope import SignInRequired
from parley.errors import ParleyError
from parley.http.mounting import Mount

log = logging.getLogger("parley.desk")


def _signed_out(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    return redirect("/sign-in")


def _error(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    if isinstance(exc, ParleyError):
        status, message = exc.status_code, exc.message
    elif isinstance(exc, HTTPException):
        status, message = exc.status_code, str(exc.detail)
    else:
        log.exception("desk error on %s %s", request.method, request.url.path)
        status, message = 500, "Something went wrong; please try again"
    return page("error.html", status, status=status, message=message)


async def _headers(response: Response[Any]) -> Response[Any]:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def desk_router() -> Router:
    static = create_static_files_router(
        path="/static", directories=[STATIC], include_in_schema=False, send_as_attachment=False
    )
    handlers: list[Any] = [
        *routes_auth.HANDLERS,
        *routes_inbox.HANDLERS,
        *routes_conversation.HANDLERS,
        *routes_conversation_attributes.HANDLERS,
        *routes_live.HANDLERS,
        *routes_admin.HANDLERS,
        *routes_admin_queues.HANDLERS,
        *routes_admin_teams.HANDLERS,
        *routes_admin_endpoints.HANDLERS,
        *routes_admin_webhooks.HANDLERS,
        *routes_admin_attributes.HANDLERS,
        *routes_admin_templates.HANDLERS,
        *routes_admin_hours.HANDLERS,
        static,
    ]
    return Mount(
        path="/",
        route_handlers=handlers,
        after_request=_headers,
        exception_handlers={
            SignInRequired: _signed_out,
            ParleyError: _error,
            HTTPException: _error,
            Exception: _error,
        },
        include_in_schema=False,
    )
