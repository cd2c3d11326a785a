"""Fetching attachment files at request time: http(s) only, a timeout, a size limit, and
private, loopback and link-local addresses refused unless the settings allow them."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass
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


async def _check_host(host: str, port: int) -> None:
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise DownloadFailed(f"cannot resolve {host}") from exc
    if not infos or any(_forbidden(str(info[4][0])) for info in infos):
        raise DownloadFailed(f"{host} resolves to a non-public address")


def _name_from(url: str) -> str | None:
    last = urlsplit(url).path.rsplit("/", 1)[-1]
    return last or None


async def fetch(settings: Settings, url: str, pretty_name: str | None) -> Fetched:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise DownloadFailed("unsupported URL")
    if not settings.allow_private_addresses:
        await _check_host(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    limit = settings.attachment_max_bytes
    try:
        async with httpx.AsyncClient(
            timeout=settings.attachment_timeout_seconds, follow_redirects=False
        ) as client:
            async with asyncio.timeout(settings.attachment_timeout_seconds):
                async with client.stream("GET", url) as resp:
                    if resp.status_code != 200:
                        raise DownloadFailed(f"status {resp.status_code}")
                    declared = resp.headers.get("content-length")
                    if declared is not None and declared.isdigit() and int(declared) > limit:
                        raise DownloadFailed("too large")
                    chunks: list[bytes] = []
                    size = 0
                    async for chunk in resp.aiter_bytes():
                        size += len(chunk)
                        if size > limit:
                            raise DownloadFailed("too large")
                        chunks.append(chunk)
    except (httpx.HTTPError, TimeoutError, OSError, ValueError) as exc:
        raise DownloadFailed(str(exc)) from exc
    ctype = resp.headers.get("content-type")
    return Fetched(url, pretty_name or _name_from(url), ctype, b"".join(chunks))
