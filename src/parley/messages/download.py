"""Fetching attachment files at request time: http(s) only, a timeout, a size limit, and
private, loopback and link-local addresses refused unless the settings allow them (the
rules of ``parley.outbound``: one lookup, checked addresses, pinned connections).

A file is streamed to a temporary file under ``Settings.incoming_dir`` as it arrives, never
held in memory; the download stops as soon as its running size passes the limit, and a
file that fails is deleted. ``discard`` deletes the temporary files of downloads that were
not stored (``attachments.store`` renames a stored one into the blob directory)."""

from __future__ import annotations

import asyncio
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from parley import outbound
from parley.config import Settings


class DownloadFailed(Exception):
    pass


@dataclass(frozen=True)
class Fetched:
    """A file in hand: downloaded into ``temp`` (``size`` bytes), or, for a received
    mail's part, its bytes in ``body``."""

    url: str
    pretty_name: str | None
    content_type: str | None
    size: int
    temp: Path | None = None
    body: bytes = b""


def in_hand(url: str, pretty_name: str | None, content_type: str | None, body: bytes) -> Fetched:
    """A file whose bytes are already in memory (a part of a received mail)."""
    return Fetched(url, pretty_name, content_type, len(body), None, body)


def discard(files: Iterable[Fetched]) -> None:
    """Delete the temporary files of ``files`` that were not stored."""
    for f in files:
        if f.temp is not None:
            f.temp.unlink(missing_ok=True)


async def resolve(host: str, port: int, *, allow_private: bool) -> list[str]:
    """``outbound.resolve``, failing as a download does."""
    try:
        return await outbound.resolve(host, port, allow_private=allow_private)
    except outbound.ResolveFailed as exc:
        raise DownloadFailed(str(exc)) from exc


def _parse(url: str) -> httpx.URL:
    try:
        return outbound.http_url(url)
    except ValueError as exc:
        raise DownloadFailed("unsupported URL") from exc


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
                    temp, size, content_type = await _download(settings, client, parsed, address)
                    return Fetched(url, pretty_name or _name_from(url), content_type, size, temp)
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
) -> tuple[Path, int, str | None]:
    """The body streamed into a new temporary file: (its path, its size, its type)."""
    request = outbound.pinned_request(client, "GET", url, address)
    limit = settings.attachment_max_bytes
    response = await client.send(request, stream=True)
    try:
        if response.status_code != 200:
            raise DownloadFailed(f"status {response.status_code}")
        declared = response.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            raise DownloadFailed("too large")
        temp, size = await _stream_to_file(settings.incoming_dir, response, limit)
    finally:
        await response.aclose()
    return temp, size, response.headers.get("content-type")


async def _stream_to_file(folder: Path, response: httpx.Response, limit: int) -> tuple[Path, int]:
    folder.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=folder, prefix="download-")
    temp, size = Path(name), 0
    try:
        with os.fdopen(fd, "wb") as out:
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > limit:
                    raise DownloadFailed("too large")
                out.write(chunk)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp, size
