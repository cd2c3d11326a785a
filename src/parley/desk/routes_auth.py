"""Sign-in, sign-out and the agent's own password."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post

from parley.config import Settings
from parley.desk import auth, cookies
from parley.desk.render import page, redirect
from parley.desk.scope import SESSION_COOKIE, SIGNIN_CSRF_COOKIE, desk_scope, read_form
from parley.errors import ParleyError
from parley.kit.clock import now_ms
from parley.store import Database


def _sign_in_page(
    request: Request[Any, Any, Any], status_code: int = 200, error: str = "", email: str = ""
) -> Response[str]:
    token, fresh = cookies.signin_token(request)
    response = page("sign_in.html", status_code, csrf=token, error=error, email=email)
    if fresh:
        cookies.set_signin_token(response, request, token)
    return response


def client_address(request: Request[Any, Any, Any], settings: Settings) -> str:
    """The peer's address; when the peer is a trusted proxy, the last address its
    ``X-Forwarded-For`` names (the one the proxy itself saw)."""
    peer = request.client.host if request.client else ""
    trusted = {p.strip() for p in settings.trusted_proxies.split(",") if p.strip()}
    forwarded = request.headers.get("x-forwarded-for", "")
    if peer in trusted and forwarded.strip():
        return forwarded.split(",")[-1].strip()
    return peer


@get("/sign-in", include_in_schema=False)
async def sign_in_form(request: Request[Any, Any, Any]) -> Response[str]:
    return _sign_in_page(request)


@post("/sign-in", include_in_schema=False)
async def sign_in(request: Request[Any, Any, Any]) -> Response[Any]:
    form = await read_form(request)
    email = str(form.get("email", "")).strip()
    if not auth.same_token(form.get("csrf"), request.cookies.get(SIGNIN_CSRF_COOKIE)):
        return _sign_in_page(request, 403, auth_error(), email)
    db: Database = request.app.state.db
    settings: Settings = request.app.state.settings
    try:
        session = await auth.sign_in(
            db,
            email,
            str(form.get("password", "")),
            now_ms(),
            settings.desk_session_seconds,
            replaced=request.cookies.get(SESSION_COOKIE),
            address=client_address(request, settings),
            cost=auth.PasswordCost.of(settings),
        )
    except ParleyError as exc:
        return _sign_in_page(request, exc.status_code, exc.message, email)
    if session is None:
        return _sign_in_page(request, 401, auth.WRONG, email)
    response: Response[Any] = redirect("/")
    cookies.set_session(response, request, session.cookie, settings.desk_session_seconds)
    return response


def auth_error() -> str:
    return "The sign-in form has expired; please try again"


@post("/sign-out", include_in_schema=False)
async def sign_out(request: Request[Any, Any, Any]) -> Response[Any]:
    async with desk_scope(request, write=True) as desk:
        await auth.sign_out(desk.ctx.tx, request.cookies.get(SESSION_COOKIE))
    response: Response[Any] = redirect("/sign-in")
    cookies.clear_session(response, request)
    return response


@get("/account", include_in_schema=False)
async def account(request: Request[Any, Any, Any]) -> Response[str]:
    async with desk_scope(request, write=False) as desk:
        return page("account.html", desk=desk, done=request.query_params.get("done") == "1")


@post("/account/password", include_in_schema=False)
async def change_password(request: Request[Any, Any, Any]) -> Response[Any]:
    async with desk_scope(request, write=True) as desk:
        await auth.change_own_password(
            desk.ctx.tx,
            desk.user,
            desk.raw("current"),
            desk.raw("password"),
            desk.ctx.now,
            auth.PasswordCost.of(desk.ctx.settings),
        )
    return redirect("/account?done=1")


HANDLERS = [sign_in_form, sign_in, sign_out, account, change_password]
