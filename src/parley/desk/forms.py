"""Declaring the desk's forms: a form posts to its path, runs its action in one writing
unit of work and answers with a redirect (303) to the page it came from.

A module states once where its forms live, as ``Forms`` of the path they share, the page
they go back to and the unit of work they run in (``desk_scope`` for any agent,
``admin_pages.admin_scope`` for administrators only); each action is then the service
call alone, given the desk and the path's parameters by name::

    CONVERSATION = Forms("/conversations/{conversation_id:int}", "/conversations/{conversation_id}")

    @CONVERSATION.form("/claim")
    async def claim_it(desk: Desk, conversation_id: int) -> None: ...

The result is a Litestar handler (out of the OpenAPI document, like every desk route)
whose only parameter is the request: Litestar still parses and types the path's
parameters (``request.path_params``), and a path that does not match is a 404. A refusal
(``Invalid``, ``NotFound``) leaves nothing of the form written."""

from __future__ import annotations

import inspect
import re
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

from litestar import Request, Response, post
from litestar.handlers import HTTPRouteHandler

from parley.desk.render import redirect
from parley.desk.scope import Desk, desk_scope

Action = Callable[..., Awaitable[Any]]
"""A form's work: ``(desk, **path parameters)``."""
Scope = Callable[..., AbstractAsyncContextManager[Desk]]
"""The desk's unit of work for a request: ``scope(request, write=...)``."""

_PARAMETER = re.compile(r"\{(\w+)(?::\w+)?\}")


def check_parameters(path: str, work: Callable[..., Any]) -> None:
    """Refuse, when its module is imported, a form's action or a page's read whose
    parameters after the desk are not the path's (each is passed by name)."""
    given = sorted(_PARAMETER.findall(path))
    taken = sorted(list(inspect.signature(work).parameters)[1:])
    if given != taken:
        raise TypeError(f"{work.__name__} takes {taken}; its path {path} gives {given}")


class Forms:
    """The forms posted under ``base`` (a Litestar path), redirecting to ``back`` (a
    ``str.format`` of the path's parameters) in the unit of work ``scope`` opens."""

    __slots__ = ("back", "base", "scope")

    def __init__(self, base: str, back: str, scope: Scope = desk_scope) -> None:
        self.base = base
        self.back = back
        self.scope = scope

    def form(self, path: str = "", back: str = "") -> Callable[[Action], HTTPRouteHandler]:
        """Declare the action posted to ``base + path``; it redirects to ``self.back``
        followed by ``back`` (both formatted with the path's parameters)."""

        def declare(action: Action) -> HTTPRouteHandler:
            check_parameters(self.base + path, action)

            async def handler(request: Request[Any, Any, Any]) -> Response[Any]:
                params = request.path_params
                async with self.scope(request, write=True) as desk:
                    await action(desk, **params)
                return redirect((self.back + back).format(**params))

            handler.__name__ = action.__name__
            return post(self.base + path, include_in_schema=False)(handler)

        return declare
