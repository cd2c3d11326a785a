"""The inbox page."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get

from parley.agents.service import list_agents
from parley.desk import inbox
from parley.desk.render import page
from parley.desk.scope import desk_scope
from parley.queues.service import list_queues
from parley.tags.service import list_tags


@get("/", include_in_schema=False)
async def inbox_page(request: Request[Any, Any, Any]) -> Response[str]:
    params = dict(request.query_params)
    view = str(params.get("view") or "unassigned")
    query = str(params.get("q") or "").strip()
    f = inbox.filter_from(params)
    async with desk_scope(request, write=False) as desk:
        ctx = desk.ctx
        found = await inbox.load(ctx, view, f, query, params.get("pageKey") or None)
        queues = (await list_queues(ctx, page_key=None, page_limit=None)).data
        tags = (await list_tags(ctx, include_inactive=False, page_key=None, page_limit=None)).data
        agents = (
            await list_agents(ctx, email=None, phone=None, page_key=None, page_limit=200)
        ).data
        kept = {k: v for k, v in params.items() if k in ("view", "q", "queue", "channel", "tag",
                                                          "assignee") and v}  # fmt: skip
        return page(
            "inbox.html",
            desk=desk,
            inbox=found,
            views=inbox.VIEW_NAMES,
            queues=queues,
            tags=tags,
            agents=agents,
            f=f,
            kept=kept,
            now=ctx.now,
        )


HANDLERS = [inbox_page]
