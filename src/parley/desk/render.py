"""Pages: the Jinja2 environment (autoescaped), the desk's security headers, redirects."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from litestar import Response
from litestar.response import Redirect
from markupsafe import Markup

from parley.desk.sanitize import clean_html, highlight_html
from parley.kit.clock import to_iso

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def _iso(ms: int | None) -> str:
    return to_iso(ms) or ""


def _safe_html(value: str | None) -> Markup:
    return Markup(clean_html(value or ""))  # rebuilt from the allow-list


def _highlight(value: str) -> Markup:
    return Markup(highlight_html(value))  # escaped except its marks


env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
env.filters["iso"] = _iso
env.filters["safe_html"] = _safe_html
env.filters["highlight"] = _highlight


def page(template: str, status_code: int = 200, **values: Any) -> Response[str]:
    body = env.get_template(template).render(**values)
    return Response(
        body,
        status_code=status_code,
        media_type="text/html; charset=utf-8",
        headers=SECURITY_HEADERS,
    )


def redirect(path: str) -> Redirect:
    return Redirect(path=path, status_code=303, headers=SECURITY_HEADERS)
