"""The desk's cookies: HTTP-only, SameSite=Lax, Secure over https (or as configured)."""

from __future__ import annotations

import secrets
from typing import Any

from litestar import Request, Response

from parley.config import Settings
from parley.desk.scope import SESSION_COOKIE, SIGNIN_CSRF_COOKIE


def secure(request: Request[Any, Any, Any]) -> bool:
    settings: Settings = request.app.state.settings
    mode = settings.desk_secure_cookies.strip().lower()
    if mode in ("true", "1", "yes", "on"):
        return True
    if mode in ("false", "0", "no", "off"):
        return False
    public = (settings.public_url or "").lower()
    return request.url.scheme == "https" or public.startswith("https:")


def _set(
    response: Response[Any],
    request: Request[Any, Any, Any],
    key: str,
    value: str,
    max_age: int | None,
) -> None:
    response.set_cookie(
        key=key,
        value=value,
        path="/",
        max_age=max_age,
        httponly=True,
        samesite="lax",
        secure=secure(request),
    )


def signin_token(request: Request[Any, Any, Any]) -> tuple[str, bool]:
    """The sign-in form's CSRF token and whether its cookie must be set."""
    current = request.cookies.get(SIGNIN_CSRF_COOKIE)
    if current and len(current) >= 20:
        return current, False
    return secrets.token_urlsafe(24), True


def set_signin_token(response: Response[Any], request: Request[Any, Any, Any], token: str) -> None:
    _set(response, request, SIGNIN_CSRF_COOKIE, token, None)


def set_session(
    response: Response[Any], request: Request[Any, Any, Any], cookie: str, max_age: int
) -> None:
    _set(response, request, SESSION_COOKIE, cookie, max_age)


def clear_session(response: Response[Any], request: Request[Any, Any, Any]) -> None:
    _set(response, request, SESSION_COOKIE, "", 0)
