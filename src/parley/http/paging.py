"""Keyset paging with Dixa's opaque ``pageKey`` and ``pageLimit``.

A page key carries the sort key of the last row served, the page size and the
filters of the first request, so a client that only follows ``meta.next`` (or one
that also repeats its original query string) gets the same result set. Rows are
fetched ``limit + 1`` at a time; the extra row only says whether a next page exists.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import msgspec

from parley.errors import invalid_query

R = TypeVar("R")


@dataclass(frozen=True)
class PageRequest:
    limit: int
    after: list[Any] | None = None
    filters: Mapping[str, Any] = field(default_factory=dict)


def _encode(payload: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(msgspec.json.encode(payload)).decode().rstrip("=")


def _decode(key: str) -> dict[str, Any]:
    padded = key + "=" * (-len(key) % 4)
    try:
        raw = base64.urlsafe_b64decode(padded.encode())
        payload = msgspec.json.decode(raw)
    except (binascii.Error, ValueError, msgspec.DecodeError):
        raise invalid_query("pageKey", "not a key this server issued") from None
    if not isinstance(payload, dict) or not isinstance(payload.get("a"), list):
        raise invalid_query("pageKey", "not a key this server issued")
    return payload


def page_request(
    page_key: str | None,
    page_limit: int | None,
    *,
    default: int,
    maximum: int,
    filters: Mapping[str, Any] | None = None,
) -> PageRequest:
    if page_limit is not None and not 1 <= page_limit <= maximum:
        raise invalid_query("pageLimit", f"must be between 1 and {maximum}")
    if page_key:
        payload = _decode(page_key)
        limit = page_limit or int(payload.get("l") or default)
        stored = payload.get("f") or {}
        return PageRequest(min(limit, maximum), list(payload["a"]), dict(stored))
    return PageRequest(page_limit or default, None, dict(filters or {}))


def split_page(
    rows: Sequence[R], page: PageRequest, key: Callable[[R], list[Any]]
) -> tuple[list[R], str | None]:
    """The rows of this page and the next page key (None on the last page)."""
    if len(rows) <= page.limit:
        return list(rows), None
    items = list(rows[: page.limit])
    payload: dict[str, Any] = {"a": key(items[-1]), "l": page.limit}
    if page.filters:
        payload["f"] = dict(page.filters)
    return items, _encode(payload)
