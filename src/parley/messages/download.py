"""Fetching attachment files at request time: http(s) only, a timeout, a size limit, and
private, loopback and link-local addresses refused unless the settings allow them (the
rules of ``parley.outbound``: one lookup, checked addresses, pinned connections)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from parley import outbound
from parley.config import Settings


class DownloadFailed(Exception):
    pass


@dataclass(frozen=True)
class Fetched:
    url: str
    pretty_name: str | None
    content_type: str | None
    body: bytes


async def resolve(host: str, port: int, *, allow_private: bool) -> list[str]:
    """``outbound.resolve``, failing as a download does."""
    try:
        return await outbound.resolve(host, port, allow_private=allow_private)
    except outbound.ResolveFailed as exc:
        raise DownloadFailed(str(exc)) from exc


def _parse(url: str) -> httpx.URL:
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise DownloadFailed("unsupported URL") from exc
    if parsed.scheme not in ("http", "https") or not parsed.raw_host:
        raise DownloadFailed("unsupported URL")
    return parsed


def _name_from(url: str) -> str | None:
    last = urlsplit(url).path.rsplit("/", 1)[-1]
    return last or None


async def fetch(settings: Settings, url: str, pretty_name: str | None) -> Fetched:
    parsed = _parse(url)
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    host = parsed.raw_host.decode("ascii")
    addresses = await resolve(host, port, allow_private=settings.allow_private_addresses)
    return await fetch_from(settings, url, addresses, pretty_name)


async def fetch_from(
    settings: Settings, url: str, addresses: Sequence[str], pretty_name: str | None
) -> Fetched:
    """Download ``url`` connecting only to ``addresses`` (already resolved and checked),
    trying them in order until one accepts the connection."""
    parsed = _parse(url)
    try:
        async with (
            asyncio.timeout(settings.attachment_timeout_seconds),
            outbound.client(settings.attachment_timeout_seconds) as client,
        ):
            last: Exception = DownloadFailed("no address")
            for address in addresses:
                try:
                    body, content_type = await _download(settings, client, parsed, address)
                    return Fetched(url, pretty_name or _name_from(url), content_type, body)
                except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
                    last = exc
            raise DownloadFailed(str(last)) from last
    except (httpx.HTTPError, TimeoutError, OSError, ValueError) as exc:
        raise DownloadFailed(str(exc)) from exc


async def _download(
    settings: Settings,
    client: httpx.AsyncClient,
    url: httpx.URL,
    address: str,
) -> tuple[bytes, str | None]:
    request = outbound.pinned_request(client, "GET", url, address)
    limit = settings.attachment_max_bytes
    response = await client.send(request, stream=True)
    try:
        if response.status_code != 200:
            raise DownloadFailed(f"status {response.status_code}")
        declared = response.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            raise DownloadFailed("too large")
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > limit:
                raise DownloadFailed("too large")
            chunks.append(chunk)
    finally:
        await response.aclose()
    return b"".join(chunks), response.headers.get("content-type")
