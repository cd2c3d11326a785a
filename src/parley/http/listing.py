"""One entity list (``GET /v1/agents``, ``/v1/tags`` …): Dixa's ``pageKey`` and
``pageLimit`` in, one keyset page and its ``meta.next`` link out (``http/paging.py``).

The caller gives how to fetch a window of rows (``fetch``, which reads at most
``window.limit`` rows after ``window.after`` with the first request's ``filters``) and how
a row goes on the wire; rows are ordered by creation time, then id, unless ``key`` (the
sort key of a row, kept in the page key) says otherwise.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from parley.http.paging import page_request, split_page
from parley.uow import Ctx


class Created(Protocol):
    @property
    def created_at(self) -> int: ...

    @property
    def id(self) -> str: ...


R = TypeVar("R")
W = TypeVar("W")


@dataclass(frozen=True)
class Window:
    after: list[Any] | None  # the sort key of the last row served, None on the first page
    limit: int  # rows to read: the page size and one more (whether a next page exists)
    filters: Mapping[str, Any]  # the first request's filters (kept in the page key)


def created_then_id(row: Created) -> list[Any]:
    return [row.created_at, row.id]


async def list_page(
    ctx: Ctx,
    page_key: str | None,
    page_limit: int | None,
    fetch: Callable[[Window], Awaitable[Sequence[R]]],
    to_wire: Callable[[R], W],
    *,
    filters: Mapping[str, Any] | None = None,
    default_limit: int | None = None,
    key: Callable[[Any], list[Any]] = created_then_id,
) -> tuple[list[W], str | None]:
    """The page's items and the ``meta.next`` link (None on the last page). The page size
    is at most the settings' ``page_limit_max``, by default that too (``default_limit``
    otherwise)."""
    maximum = ctx.settings.page_limit_max
    page = page_request(
        page_key, page_limit, default=default_limit or maximum, maximum=maximum, filters=filters
    )
    rows = await fetch(Window(page.after, page.limit + 1, page.filters))
    items, next_key = split_page(rows, page, key)
    return [to_wire(r) for r in items], ctx.next_link(next_key)
