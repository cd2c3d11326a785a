"""Paging the desk's lists: a page shows one keyset page of a service's list with a link
to the next one (the ``pageKey`` of the service's ``meta.next``), so no list is ever cut
short at a fixed size."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

from litestar import Request

from parley.http.envelope import Page

ADMIN_PAGE = 100  # rows per page of an administration list


def key_of(link: str | None) -> str | None:
    """The ``pageKey`` of a service's ``meta.next`` link (None on the last page)."""
    if link is None:
        return None
    return parse_qs(urlsplit(link).query).get("pageKey", [None])[0]


def requested_key(request: Request[Any, Any, Any], name: str = "pageKey") -> str | None:
    value = request.query_params.get(name)
    return value.strip() or None if isinstance(value, str) else None


def limit(key: str | None) -> int | None:
    """The page size to ask a service for: the desk's on a first page, the key's after."""
    return None if key else ADMIN_PAGE


def page_links(found: Page[Any], key: str | None) -> dict[str, Any]:
    """What a page's template needs to link a list's pages: the next page's key, and
    whether this is a later page (so it links back to the first)."""
    return {"next_key": key_of(found.meta.next), "paged": key is not None}
