"""``/docs`` without the internet: Swagger UI's files are served by Parley itself, from the
copy the ``swagger-ui-py`` package ships (``/docs/assets/…``), not from a CDN."""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path

from litestar import Router
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.static_files import create_static_files_router

ASSETS = "/docs/assets"


def assets_dir() -> Path:
    spec = find_spec("swagger_ui")  # located, not imported (it would load its web adapters)
    if spec is None or spec.origin is None:
        raise RuntimeError("swagger-ui-py is not installed: reinstall Parley")
    return Path(spec.origin).resolve().parent / "static"


def swagger_render_plugin() -> SwaggerRenderPlugin:
    return SwaggerRenderPlugin(
        path="/",
        js_url=f"{ASSETS}/swagger-ui-bundle.js",
        css_url=f"{ASSETS}/swagger-ui.css",
        standalone_preset_js_url=f"{ASSETS}/swagger-ui-standalone-preset.js",
        favicon=f"<link rel='icon' type='image/png' href='{ASSETS}/favicon-32x32.png'>",
    )


def assets_router() -> Router:
    return create_static_files_router(
        path=ASSETS, directories=[assets_dir()], include_in_schema=False, name="docs-assets"
    )
