"""Keyset paging with Dixa's opaque ``pageKey`` and ``pageLimit``.

A page key carries the sort key of the last row served, the page size and the
filters of the first request, so a client that only follows ``meta.next`` (or one
that also repeats its original query string) gets the same result set. Rows are
fetched ``limit + 1`` at a time; the extra row only says whether a next page exists.

Keys are signed (HMAC-SHA256 with the installation's secret, see ``parley.secret``): a key
this server did not issue, or one edited by the client, is a 400 before any of it is
read, and the page size it carries is clamped to the list's range all the same.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import msgspec

from parley.errors import invalid_query

R = TypeVar("R")

NOT_ISSUED = "not a key this server issued"
_SIGNATURE_BYTES = 16
# The signing secret: set once when the app is built (``use_secret``); a process that
# never sets it (a script, a unit test) signs with a random secret of its own.
_secret: list[bytes] = [secrets.token_bytes(32)]


def use_secret(secret: bytes) -> None:
    """Sign and check page keys with the installation's secret from now on."""
    _secret[0] = secret


def _signature(body: bytes, secret: bytes | None = None) -> bytes:
    key = _secret[0] if secret is None else secret
    return hmac.new(key, body, hashlib.sha256).digest()[:_SIGNATURE_BYTES]


@dataclass(frozen=True)
class PageRequest:
    limit: int
    after: list[Any] | None = None
    filters: Mapping[str, Any] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        """How many rows to read: one more than the page holds (``split_page``)."""
        return self.limit + 1


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode((text + "=" * (-len(text) % 4)).encode())


def encode_key(payload: dict[str, Any], secret: bytes | None = None) -> str:
    """A signed page key (with the installation's secret unless ``secret`` is given)."""
    body = msgspec.json.encode(payload)
    return f"{_b64(body)}.{_b64(_signature(body, secret))}"


def decode_key(key: str, secret: bytes | None = None) -> dict[str, Any]:
    """The payload of a key signed with the installation's secret (or ``secret``), else a
    400 naming ``pageKey``."""
    text, _, sig = key.partition(".")
    try:
        if not key.isascii():
            raise ValueError(key)
        body, signature = _unb64(text), _unb64(sig)
        if not hmac.compare_digest(signature, _signature(body, secret)):
            raise ValueError(key)
        payload = msgspec.json.decode(body)
    except (binascii.Error, ValueError, msgspec.DecodeError):
        raise invalid_query("pageKey", NOT_ISSUED) from None
    if not isinstance(payload, dict) or not isinstance(payload.get("a"), list):
        raise invalid_query("pageKey", NOT_ISSUED)
    return payload


def _stored_limit(payload: Mapping[str, Any], default: int, maximum: int) -> int:
    stored = payload.get("l")
    limit = stored if isinstance(stored, int) and not isinstance(stored, bool) else default
    return max(1, min(limit, maximum))


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
        payload = decode_key(page_key)
        limit = page_limit or _stored_limit(payload, default, maximum)
        stored = payload.get("f")
        if not isinstance(stored, dict):
            stored = {}
        return PageRequest(limit, list(payload["a"]), dict(stored))
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
    return items, encode_key(payload)
