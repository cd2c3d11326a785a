"""Administration (administrators only; an agent gets 403): agents (create, role,
password, deactivate), tags and API tokens, each through the services the REST
API and the CLI use.
What all administration pages share is ``admin_pages``'s."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

from litestar import Request, Response, get, post
from litestar.params import FromPath

from parley.agents import service as agents
from parley.agents.schemas import CreateAgent, PatchAgent
from parley.desk import auth, paging
from parley.desk import repository as repo
from parley.desk.admin_pages import admin_action, admin_scope, choice, list_page
from parley.desk.paging import requested_key
from parley.desk.render import page
from parley.desk.scope import ADMIN_ROLE, Desk
from parley.errors import Invalid, NotFound
from parley.http.paging import page_request, split_page
from parley.orgs import service as orgs
from parley.tags import service as tags
from parley.tags.schemas import CreateTag

ROLES = {"agent": [], "administrator": [ADMIN_ROLE]}  # on top of the agent's other roles
AGENT_ROLE = "Agent"


@get("/admin/agents", include_in_schema=False)
async def agents_page(request: Request[Any, Any, Any]) -> Response[str]:
    async def more(desk: Desk, _shown: Sequence[Any]) -> dict[str, Any]:
        ctx = desk.ctx
        return {
            "passwords": await repo.with_password(ctx.tx, ctx.org_id),
            "disabled": await repo.disabled_users(ctx.tx, ctx.org_id),
        }

    return await list_page(
        request,
        "admin_agents.html",
        "agents",
        partial(agents.list_agents, email=None, phone=None),
        more,
        admin_role=ADMIN_ROLE,
    )


@post("/admin/agents", include_in_schema=False)
async def create_agent(request: Request[Any, Any, Any]) -> Response[Any]:
    async def run(desk: Desk) -> None:
        role = [AGENT_ROLE, *ROLES.get(desk.text("role"), [])]
        body = CreateAgent(
            email=desk.text("email"), displayName=desk.text("name") or None, roles=role
        )
        created = await agents.create(desk.ctx, body)
        if desk.raw("password"):
            await auth.set_password(
                desk.ctx.tx, desk.ctx.org_id, created.email, desk.raw("password"), desk.ctx.now
            )

    return await admin_action(request, "/admin/agents", run)


@post("/admin/agents/{agent_id:str}/role", include_in_schema=False)
async def set_role(request: Request[Any, Any, Any], agent_id: FromPath[str]) -> Response[Any]:
    async def run(desk: Desk) -> None:
        role = choice(desk, "role", ROLES, "Choose agent or administrator")
        if agent_id == desk.user.user_id and role != "administrator":
            raise Invalid("You cannot remove your own administrator role")
        current = await agents.get(desk.ctx, agent_id)
        kept = [r for r in current.roles if r != ADMIN_ROLE]
        roles = kept + ROLES[role]
        await agents.update(desk.ctx, agent_id, PatchAgent(roles=roles or [AGENT_ROLE]))

    return await admin_action(request, "/admin/agents", run)


@post("/admin/agents/{agent_id:str}/password", include_in_schema=False)
async def set_agent_password(
    request: Request[Any, Any, Any], agent_id: FromPath[str]
) -> Response[Any]:
    async def run(desk: Desk) -> None:
        agent = await agents.get(desk.ctx, agent_id)
        await auth.set_password(
            desk.ctx.tx, desk.ctx.org_id, agent.email, desk.raw("password"), desk.ctx.now
        )

    return await admin_action(request, "/admin/agents", run)


@post("/admin/agents/{agent_id:str}/deactivate", include_in_schema=False)
async def deactivate(request: Request[Any, Any, Any], agent_id: FromPath[str]) -> Response[Any]:
    async def run(desk: Desk) -> None:
        if agent_id == desk.user.user_id:
            raise Invalid("You cannot deactivate yourself")
        await agents.get(desk.ctx, agent_id)
        await auth.deactivate(desk.ctx.tx, desk.ctx.org_id, agent_id, desk.ctx.now)

    return await admin_action(request, "/admin/agents", run)


@post("/admin/agents/{agent_id:str}/reactivate", include_in_schema=False)
async def reactivate(request: Request[Any, Any, Any], agent_id: FromPath[str]) -> Response[Any]:
    async def run(desk: Desk) -> None:
        await agents.get(desk.ctx, agent_id)
        await auth.reactivate(desk.ctx.tx, desk.ctx.org_id, agent_id)

    return await admin_action(request, "/admin/agents", run)


@get("/admin/tags", include_in_schema=False)
async def tags_page(request: Request[Any, Any, Any]) -> Response[str]:
    return await list_page(
        request,
        "admin_tags.html",
        "tags",
        partial(tags.list_tags, include_inactive=True),
    )


@post("/admin/tags", include_in_schema=False)
async def create_tag(request: Request[Any, Any, Any]) -> Response[Any]:
    return await admin_action(
        request, "/admin/tags", lambda d: tags.create(d.ctx, CreateTag(name=d.text("name")))
    )


@post("/admin/tags/{tag_id:str}/state", include_in_schema=False)
async def tag_state(request: Request[Any, Any, Any], tag_id: FromPath[str]) -> Response[Any]:
    async def run(desk: Desk) -> None:
        state = choice(desk, "state", ("Active", "Inactive"), "Choose Active or Inactive")
        await tags.set_state(desk.ctx, tag_id, state)

    return await admin_action(request, "/admin/tags", run)


async def _tokens_page(
    desk: Desk, key: str | None, created: orgs.CreatedToken | None = None
) -> Response[str]:
    want = page_request(key, None, default=paging.ADMIN_PAGE, maximum=paging.ADMIN_PAGE)
    rows = await repo.list_tokens(
        desk.ctx.tx, desk.ctx.org_id, after=want.after, limit=want.limit + 1
    )
    listed, next_key = split_page(rows, want, lambda t: [t.created_at, t.id])
    return page(
        "admin_tokens.html",
        desk=desk,
        tokens=listed,
        created=created,
        next_key=next_key,
        paged=key is not None,
    )


@get("/admin/tokens", include_in_schema=False)
async def tokens_page(request: Request[Any, Any, Any]) -> Response[str]:
    async with admin_scope(request, write=False) as desk:
        return await _tokens_page(desk, requested_key(request))


@post("/admin/tokens", include_in_schema=False)
async def create_token(request: Request[Any, Any, Any]) -> Response[str]:
    """The new token is shown once, on this response (only its hash is stored)."""
    async with admin_scope(request, write=True) as desk:
        created = await orgs.create_token(desk.ctx, desk.text("name") or None)
        return await _tokens_page(desk, None, created)


@post("/admin/tokens/{token_id:str}/revoke", include_in_schema=False)
async def revoke_token(request: Request[Any, Any, Any], token_id: FromPath[str]) -> Response[Any]:
    async def run(desk: Desk) -> None:
        if not await repo.token_in_org(desk.ctx.tx, desk.ctx.org_id, token_id):
            raise NotFound()
        await orgs.revoke_token(desk.ctx.tx, token_id)

    return await admin_action(request, "/admin/tokens", run)


HANDLERS = [agents_page, create_agent, set_role, set_agent_password, deactivate, reactivate,
            tags_page, create_tag, tag_state, tokens_page,
            create_token, revoke_token]  # fmt: skip
