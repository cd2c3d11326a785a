"""The inbox page."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get

from parley.desk import inbox
from parley.desk.render import page
from parley.desk.scope import desk_scope

KEPT = ("view", "q", "queue", "channel", "tag", "assignee", "queue_name", "tag_name",
        "assignee_name")  # fmt: skip


@get("/", include_in_schema=False)
async def inbox_page(request: Request[Any, Any, Any]) -> Response[str]:
    params = dict(request.query_params)
    view = str(params.get("view") or "unassigned")
    query = str(params.get("q") or "").strip()
    async with desk_scope(request, write=False) as desk:
        ctx = desk.ctx
        f = await inbox.filter_from(ctx, params)
        found = await inbox.load(ctx, view, f, query, params.get("pageKey") or None)
        kept = {k: v for k, v in params.items() if k in KEPT and v}
        return page(
            "inbox.html",
            desk=desk,
            inbox=found,
            views=inbox.VIEW_NAMES,
            choices=await inbox.choices(ctx),
            f=f,
            params=params,
            kept=kept,
            now=ctx.now,
        )


HANDLERS = [inbox_page]
