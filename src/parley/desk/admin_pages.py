"""What every administration page and form of the desk shares.

Rules:

- Every page and every form is for administrators only: an agent gets 403
  (``Desk.require_admin``) before anything is read or written.
- A page reads in a read-only unit of work (``admin_scope(write=False)``); a form writes in
  one unit of work and answers with a redirect to its page (``AdminPages.form``, a
  ``forms.Forms``). A refusal (``Invalid``, ``NotFound``) leaves nothing of the form
  written.
- A list page shows one keyset page of the service's own list (the page size of
  ``paging.limit``, a link to the next page; ``paging.page_links``), never a list cut short.
- A form names an agent by their email (an organisation has too many agents for a
  drop-down): no email, or an email no agent has, is refused with its own message.
- A group of agents (a queue, a team) has the same two member forms: add an agent named
  by email, remove one (``AdminPages.members``).
- A choice field takes only the values the form offers; anything else is refused with
  the form's message."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Collection, Sequence
from contextlib import asynccontextmanager
from typing import Any, Protocol

from litestar import Request, Response, get
from litestar.handlers import HTTPRouteHandler

from parley.agents.service import list_agents
from parley.desk import paging
from parley.desk.forms import Forms, check_parameters
from parley.desk.render import page
from parley.desk.scope import Desk, desk_scope
from parley.errors import Invalid
from parley.http.envelope import Page
from parley.uow import Ctx


class Lister(Protocol):
    """A service's keyset list: one page of it (``functools.partial`` binds its filters)."""

    def __call__(
        self, ctx: Ctx, /, *, page_key: str | None, page_limit: int | None
    ) -> Awaitable[Page[Any]]: ...


Context = Callable[[Desk, Sequence[Any]], Awaitable[dict[str, Any]]]
"""More of a list page's template values, read for the rows shown."""
View = Callable[..., Awaitable[dict[str, Any]]]
"""A page's template values, read by ``(desk, **path parameters)``."""
Membership = Callable[[Ctx, str, str], Awaitable[Any]]
"""A group's service call ``(ctx, group id, agent id)``: add or remove that member."""


@asynccontextmanager
async def admin_scope(request: Request[Any, Any, Any], *, write: bool) -> AsyncIterator[Desk]:
    """The desk's unit of work for an administrator (403 for anyone else)."""
    async with desk_scope(request, write=write) as desk:
        desk.require_admin()
        yield desk


class AdminPages(Forms):
    """The administration pages and forms under ``base``: its list page, the pages below
    it and the forms, which redirect to the list page unless they say otherwise."""

    __slots__ = ()

    def __init__(self, base: str) -> None:
        super().__init__(base, base, admin_scope)

    def listing(
        self,
        template: str,
        rows: str,
        lister: Lister,
        more: Context | None = None,
        **values: Any,
    ) -> HTTPRouteHandler:
        """The list page at ``base``: ``template`` with the requested page of ``lister``
        as ``rows``, the pager's values, ``values`` and what ``more`` reads for those
        rows."""

        async def handler(request: Request[Any, Any, Any]) -> Response[str]:
            async with admin_scope(request, write=False) as desk:
                key = paging.requested_key(request)
                found = await lister(desk.ctx, page_key=key, page_limit=paging.limit(key))
                extra = await more(desk, found.data) if more is not None else {}
                context = {rows: found.data, **paging.page_links(found, key), **values, **extra}
                return page(template, desk=desk, **context)

        handler.__name__ = f"{rows}_page"
        return get(self.base, include_in_schema=False)(handler)

    def view(self, path: str, template: str) -> Callable[[View], HTTPRouteHandler]:
        """Declare the page at ``base + path``: ``template`` with the values the decorated
        function reads (given the desk and the path's parameters by name)."""

        def declare(read: View) -> HTTPRouteHandler:
            check_parameters(self.base + path, read)

            async def handler(request: Request[Any, Any, Any]) -> Response[str]:
                async with admin_scope(request, write=False) as desk:
                    values = await read(desk, **request.path_params)
                    return page(template, desk=desk, **values)

            handler.__name__ = read.__name__
            return get(self.base + path, include_in_schema=False)(handler)

        return declare

    def members(self, add: Membership, remove: Membership) -> list[HTTPRouteHandler]:
        """The member forms of the groups listed at ``base``: ``base/{id}/members`` adds
        the agent the form names by email, ``base/{id}/members/{agent}/remove`` removes
        one."""

        @self.form("/{group_id:str}/members")
        async def add_member(desk: Desk, group_id: str) -> None:
            await add(desk.ctx, group_id, await agent_by_email(desk))

        @self.form("/{group_id:str}/members/{agent_id:str}/remove")
        async def remove_member(desk: Desk, group_id: str, agent_id: str) -> None:
            await remove(desk.ctx, group_id, agent_id)

        return [add_member, remove_member]


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
