"""Fetching attachment files at request time: http(s) only, a timeout, a size limit, and
private, loopback and link-local addresses refused unless the settings allow them.

The host is resolved once. Every address it resolves to is checked, and the download
connects to a checked address (the URL's host is swapped for it) while the request keeps
the hostname in its ``Host`` header and, for https, as the TLS server name, so the
certificate is still verified for the hostname. A second lookup by the HTTP client could
answer differently (DNS rebinding); there is none. Proxies from the environment are not
used, for the same reason.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from parley.config import Settings


class DownloadFailed(Exception):
    pass


@dataclass(frozen=True)
class Fetched:
    url: str
    pretty_name: str | None
    content_type: str | None
    body: bytes


def _forbidden(addr: str) -> bool:
    ip = ipaddress.ip_address(addr.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


async def resolve(host: str, port: int, *, allow_private: bool) -> list[str]:
    """The addresses of ``host``, looked up once; all of them must be public unless
    ``allow_private``."""
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise DownloadFailed(f"cannot resolve {host}") from exc
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not addresses:
        raise DownloadFailed(f"cannot resolve {host}")
    if not allow_private and any(_forbidden(a) for a in addresses):
        raise DownloadFailed(f"{host} resolves to a non-public address")
    return addresses


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
            httpx.AsyncClient(
                timeout=settings.attachment_timeout_seconds,
                follow_redirects=False,
                trust_env=False,
            ) as client,
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
    hostname = url.raw_host.decode("ascii")
    pinned = url.copy_with(host=address.split("%", 1)[0])
    extensions: dict[str, Any] = {}
    if url.scheme == "https":
        extensions["sni_hostname"] = hostname
    request = client.build_request(
        "GET", pinned, headers={"Host": url.netloc.decode("ascii")}, extensions=extensions
    )
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
