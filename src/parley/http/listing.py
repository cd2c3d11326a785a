"""One entity list (``GET /v1/agents``, ``/v1/tags`` …): Dixa's ``pageKey`` and
``pageLimit`` in, one keyset page with its ``meta.next`` link out (``http/paging.py``).

The caller names the repository function that reads a window of rows,
``fetch(tx, org_id, *, after, limit, **filters)`` (at most ``limit`` rows after the sort
key ``after``, with the first request's filters), and how a row goes on the wire. The
filters are a struct of the list's own (``AgentFilters`` …): the page key keeps them, and
what a page key brings back is read as that struct again, so a key cannot pass anything
else to the repository (a malformed one is ``400``). Rows are ordered by creation time,
then id, unless ``key`` (the sort key of a row) says otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, Protocol, TypedDict, TypeVar

import msgspec
from litestar.di import NamedDependency
from litestar.params import FromQuery

from parley.errors import invalid_query
from parley.http.envelope import Page, PageMeta
from parley.http.paging import PageRequest, page_request, split_page
from parley.uow import Ctx


class Created(Protocol):
    @property
    def created_at(self) -> int: ...

    @property
    def id(self) -> str: ...


R = TypeVar("R")
W = TypeVar("W")


_LIMIT = re.compile(r"-?[0-9]+")


class PageWindow(TypedDict):
    """The page a request asks for, as the keywords of a service's list function."""

    page_key: str | None
    page_limit: int | None


class PageQuery:
    """A list request's ``pageKey`` and ``pageLimit`` query parameters.

    ``pageLimit`` arrives as text and is checked when the handler reads it, never while
    the request's dependencies are resolved: Litestar resolves independent dependencies
    side by side, and when one fails it leaves the others unclosed, the unit of work's
    transaction among them (on SQLite a reader slot held until garbage collection: nine
    bad page sizes in a row stalled every read of the process)."""

    __slots__ = ("_limit", "key")

    def __init__(self, key: str | None = None, limit: str | int | None = None) -> None:
        self.key = key
        self._limit = limit

    @property
    def limit(self) -> int | None:
        raw = self._limit
        if raw is None or isinstance(raw, int):
            return raw
        if not _LIMIT.fullmatch(raw):
            raise invalid_query("pageLimit", "Expected `int | null`, got `str`")
        return int(raw)

    @property
    def window(self) -> PageWindow:
        """``pageKey`` and ``pageLimit`` as a service takes them:
        ``service.list_teams(ctx, **paging.window)`` (a bad ``pageLimit`` is ``400`` here)."""
        return {"page_key": self.key, "page_limit": self.limit}


async def provide_page_query(
    pageKey: FromQuery[str | None] = None, pageLimit: FromQuery[str | None] = None
) -> PageQuery:
    """Cannot fail (see ``PageQuery``); the document states ``pageLimit`` as an integer
    (``openapi_input``)."""
    return PageQuery(pageKey, pageLimit)


# List handlers declare ``paging: Paging`` (injected by name, documented as the two query
# parameters).
Paging = NamedDependency[PageQuery]


def created_then_id(row: Created) -> list[Any]:
    return [row.created_at, row.id]


async def list_page(
    ctx: Ctx,
    page_key: str | None,
    page_limit: int | None,
    fetch: Callable[..., Awaitable[Sequence[R]]],
    to_wire: Callable[[R], W],
    *,
    filters: msgspec.Struct | None = None,
    default_limit: int | None = None,
    maximum: int | None = None,
    key: Callable[[Any], list[Any]] = created_then_id,
) -> Page[W]:
    """The page. Its size is at most ``maximum`` (default: the settings' ``page_limit_max``)
    and by default that too (``default_limit`` otherwise)."""
    maximum = maximum or ctx.settings.page_limit_max
    first = msgspec.to_builtins(filters) if filters is not None else None
    page = page_request(
        page_key, page_limit, default=default_limit or maximum, maximum=maximum, filters=first
    )
    values = {} if filters is None else _filters(page.filters, type(filters))
    rows = await fetch(ctx.tx, ctx.org_id, after=page.after, limit=page.rows, **values)
    items, next_key = split_page(rows, page, key)
    return Page(data=[to_wire(r) for r in items], meta=PageMeta(next=ctx.next_link(next_key)))


def paged(found: tuple[list[W], str | None]) -> Page[W]:
    """The page a service answers as its items and the link to the next page."""
    items, next_link = found
    return Page(data=items, meta=PageMeta(next=next_link))


async def rows_page(
    ctx: Ctx,
    page_key: str | None,
    page_limit: int | None,
    fetch: Callable[[PageRequest], Awaitable[Sequence[R]]],
    *,
    key: Callable[[Any], list[Any]] = created_then_id,
    filters: Mapping[str, Any] | None = None,
) -> tuple[list[R], str | None]:
    """The rows of the page a request asks for (sized by the settings' default and maximum,
    ``filters`` kept in its key), read by ``fetch`` (``PageRequest.rows`` of them), and the
    link to the next page (None after the last)."""
    page = page_request(
        page_key,
        page_limit,
        default=ctx.settings.page_limit_default,
        maximum=ctx.settings.page_limit_max,
        filters=filters,
    )
    items, next_key = split_page(await fetch(page), page, key)
    return items, ctx.next_link(next_key)


async def wire_page(
    ctx: Ctx,
    page_key: str | None,
    page_limit: int | None,
    fetch: Callable[[PageRequest], Awaitable[Sequence[R]]],
    to_wire: Callable[[R], W],
    *,
    key: Callable[[Any], list[Any]] = created_then_id,
    filters: Mapping[str, Any] | None = None,
) -> tuple[list[W], str | None]:
    """``rows_page``, each row answered as ``to_wire`` makes it."""
    rows, link = await rows_page(ctx, page_key, page_limit, fetch, key=key, filters=filters)
    return [to_wire(r) for r in rows], link


def _filters(stored: Mapping[str, Any], kind: type[msgspec.Struct]) -> dict[str, Any]:
    """The filters a page key kept, read as the list's struct (unknown names dropped)."""
    try:
        return msgspec.structs.asdict(msgspec.convert(dict(stored), kind))
    except msgspec.ValidationError:
        raise invalid_query("pageKey", "not a key this server issued") from None
