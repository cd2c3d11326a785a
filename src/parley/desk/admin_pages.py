"""What every administration page and form of the desk shares.

Rules:

- Every page and every form is for administrators only: an agent gets 403
  (``Desk.require_admin``) before anything is read or written.
- A page reads in a read-only unit of work (``desk_scope(write=False)``); a form writes in
  one unit of work and answers with a redirect to its page (``back``). A refusal
  (``Invalid``, ``NotFound``) leaves nothing of the form written.
- A list page shows one keyset page of the service's own list (the page size of
  ``paging.limit``, a link to the next page; ``paging.paged``), never a list cut short.
- A form names an agent by their email (an organisation has too many agents for a
  drop-down): no email, or an email no agent has, is refused with its own message.
- A group of agents (a queue, a team) has the same two member forms: add an agent named
  by email, remove one (``member_routes``).
- A choice field takes only the values the form offers; anything else is refused with
  the form's message."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Collection, Sequence
from contextlib import asynccontextmanager
from typing import Any, Protocol

from litestar import Request, Response, post
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath

from parley.agents.service import list_agents
from parley.desk import paging
from parley.desk.render import page, redirect
from parley.desk.scope import Desk, desk_scope
from parley.errors import Invalid
from parley.http.envelope import Page, PageMeta
from parley.uow import Ctx


class Lister(Protocol):
    """A service's keyset list: one page of it (``functools.partial`` binds its filters)."""

    def __call__(
        self, ctx: Ctx, /, *, page_key: str | None, page_limit: int | None
    ) -> Awaitable[Page[Any]]: ...


Context = Callable[[Desk, Sequence[Any]], Awaitable[dict[str, Any]]]
"""More of a list page's template values, read for the rows shown."""
Membership = Callable[[Ctx, str, str], Awaitable[Any]]
"""A group's service call ``(ctx, group id, agent id)``: add or remove that member."""


@asynccontextmanager
async def admin_scope(request: Request[Any, Any, Any], *, write: bool) -> AsyncIterator[Desk]:
    """The desk's unit of work for an administrator (403 for anyone else)."""
    async with desk_scope(request, write=write) as desk:
        desk.require_admin()
        yield desk


async def admin_action(
    request: Request[Any, Any, Any], back: str, action: Callable[[Desk], Awaitable[Any]]
) -> Response[Any]:
    """Run a form's ``action`` in one writing unit of work; redirect to ``back``."""
    async with admin_scope(request, write=True) as desk:
        await action(desk)
    return redirect(back)


async def list_page(
    request: Request[Any, Any, Any],
    template: str,
    rows: str,
    lister: Lister,
    more: Context | None = None,
    **values: Any,
) -> Response[str]:
    """The page ``template`` with the requested page of ``lister`` as ``rows``, the
    pager's values, ``values`` and what ``more`` reads for those rows."""
    async with admin_scope(request, write=False) as desk:
        key = paging.requested_key(request)
        found = await lister(desk.ctx, page_key=key, page_limit=paging.limit(key))
        extra = await more(desk, found.data) if more is not None else {}
        context = {rows: found.data, **paging.paged(found, key), **values, **extra}
        return page(template, desk=desk, **context)


def linked_page(items: list[Any], link: str | None) -> Page[Any]:
    """A service's ``(rows, next link)`` answer as a page."""
    return Page(data=items, meta=PageMeta(next=link))


async def agent_by_email(desk: Desk) -> str:
    """The id of the agent whose email the form's ``email`` field names."""
    email = desk.text("email")
    if not email:
        raise Invalid("Give the email of the agent to add")
    found = await list_agents(desk.ctx, email=email, phone=None, page_key=None, page_limit=1)
    if not found.data:
        raise Invalid(f"No agent has the email {email}")
    return str(found.data[0].id)


def choice(desk: Desk, field: str, offered: Collection[str], refusal: str) -> str:
    """The form's ``field``, one of the ``offered`` values (else ``refusal``)."""
    value = desk.text(field)
    if value not in offered:
        raise Invalid(refusal)
    return value


def member_routes(base: str, add: Membership, remove: Membership) -> list[HTTPRouteHandler]:
    """The member forms of the groups listed at ``base``: ``base/{id}/members`` adds the
    agent the form names by email, ``base/{id}/members/{agent}/remove`` removes one; both
    redirect to ``base``."""

    @post(f"{base}/{{group_id:str}}/members", include_in_schema=False)
    async def add_member(request: Request[Any, Any, Any], group_id: FromPath[str]) -> Response[Any]:
        async def run(desk: Desk) -> None:
            await add(desk.ctx, group_id, await agent_by_email(desk))

        return await admin_action(request, base, run)

    @post(f"{base}/{{group_id:str}}/members/{{agent_id:str}}/remove", include_in_schema=False)
    async def remove_member(
        request: Request[Any, Any, Any], group_id: FromPath[str], agent_id: FromPath[str]
    ) -> Response[Any]:
        return await admin_action(request, base, lambda d: remove(d.ctx, group_id, agent_id))

    return [add_member, remove_member]
