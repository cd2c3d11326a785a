"""Administration (administrators only; an agent gets 403): agents (create, role,
password, deactivate), tags and API tokens, each through the services the REST
API and the CLI use.
What all administration pages share is ``admin_pages``'s."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

from litestar import Request, Response, get, post

from parley.agents import service as agents
from parley.agents.schemas import CreateAgent, PatchAgent
from parley.desk import auth, paging
from parley.desk import repository as repo
from parley.desk.admin_pages import AdminPages, admin_scope, choice
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
AGENTS = AdminPages("/admin/agents")
TAGS = AdminPages("/admin/tags")
TOKENS = AdminPages("/admin/tokens")


async def _access(desk: Desk, _shown: Sequence[Any]) -> dict[str, Any]:
    """Which agents have a password, and which are deactivated."""
    ctx = desk.ctx
    return {
        "passwords": await repo.with_password(ctx.tx, ctx.org_id),
        "disabled": await repo.disabled_users(ctx.tx, ctx.org_id),
    }


agents_page = AGENTS.listing(
    "admin_agents.html",
    "agents",
    partial(agents.list_agents, email=None, phone=None),
    _access,
    admin_role=ADMIN_ROLE,
)


@AGENTS.form()
async def create_agent(desk: Desk) -> None:
    role = [AGENT_ROLE, *ROLES.get(desk.text("role"), [])]
    body = CreateAgent(email=desk.text("email"), displayName=desk.text("name") or None, roles=role)
    created = await agents.create(desk.ctx, body)
    if desk.raw("password"):
        await _set_password(desk, created.email)


@AGENTS.form("/{agent_id:str}/role")
async def set_role(desk: Desk, agent_id: str) -> None:
    role = choice(desk, "role", ROLES, "Choose agent or administrator")
    if agent_id == desk.user.user_id and role != "administrator":
        raise Invalid("You cannot remove your own administrator role")
    current = await agents.get(desk.ctx, agent_id)
    kept = [r for r in current.roles if r != ADMIN_ROLE]
    roles = kept + ROLES[role]
    await agents.update(desk.ctx, agent_id, PatchAgent(roles=roles or [AGENT_ROLE]))


@AGENTS.form("/{agent_id:str}/password")
async def set_agent_password(desk: Desk, agent_id: str) -> None:
    agent = await agents.get(desk.ctx, agent_id)
    await _set_password(desk, agent.email)


async def _set_password(desk: Desk, email: str) -> None:
    ctx = desk.ctx
    cost = auth.PasswordCost.of(ctx.settings)
    await auth.set_password(ctx.tx, ctx.org_id, email, desk.raw("password"), ctx.now, cost)


@AGENTS.form("/{agent_id:str}/deactivate")
async def deactivate(desk: Desk, agent_id: str) -> None:
    if agent_id == desk.user.user_id:
        raise Invalid("You cannot deactivate yourself")
    await agents.get(desk.ctx, agent_id)
    await auth.deactivate(desk.ctx.tx, desk.ctx.org_id, agent_id, desk.ctx.now)


@AGENTS.form("/{agent_id:str}/reactivate")
async def reactivate(desk: Desk, agent_id: str) -> None:
    await agents.get(desk.ctx, agent_id)
    await auth.reactivate(desk.ctx.tx, desk.ctx.org_id, agent_id)


tags_page = TAGS.listing("admin_tags.html", "tags", partial(tags.list_tags, include_inactive=True))


@TAGS.form()
async def create_tag(desk: Desk) -> None:
    await tags.create(desk.ctx, CreateTag(name=desk.text("name")))


@TAGS.form("/{tag_id:str}/state")
async def tag_state(desk: Desk, tag_id: str) -> None:
    state = choice(desk, "state", ("Active", "Inactive"), "Choose Active or Inactive")
    await tags.set_state(desk.ctx, tag_id, state)


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


@get(TOKENS.base, include_in_schema=False)
async def tokens_page(request: Request[Any, Any, Any]) -> Response[str]:
    async with admin_scope(request, write=False) as desk:
        return await _tokens_page(desk, requested_key(request))


@post(TOKENS.base, include_in_schema=False)
async def create_token(request: Request[Any, Any, Any]) -> Response[str]:
    """The new token is shown once, on this response (only its hash is stored)."""
    async with admin_scope(request, write=True) as desk:
        created = await orgs.create_token(desk.ctx, desk.text("name") or None)
        return await _tokens_page(desk, None, created)


@TOKENS.form("/{token_id:str}/revoke")
async def revoke_token(desk: Desk, token_id: str) -> None:
    if not await repo.token_in_org(desk.ctx.tx, desk.ctx.org_id, token_id):
        raise NotFound()
    await orgs.revoke_token(desk.ctx.tx, token_id)


HANDLERS = [agents_page, create_agent, set_role, set_agent_password, deactivate, reactivate,
            tags_page, create_tag, tag_state, tokens_page,
            create_token, revoke_token]  # fmt: skip
