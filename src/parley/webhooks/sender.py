"""One webhook POST: http(s) only, a timeout, redirects never followed, proxies from the
environment not used, and private, loopback and link-local addresses refused unless the
settings allow them (the check attachment downloads use).

As for downloads, the host is resolved once, every address is checked, and the request
connects to a checked address while keeping the hostname in ``Host`` (and as the TLS
server name), so a second lookup cannot send it elsewhere (DNS rebinding).

The outcome says whether to retry: 5xx, 408, 429, timeouts, connection and DNS failures
are retryable; any other answer that is not 2xx (3xx included: redirects are not
followed) and a refused address are permanent. Nothing here logs the request headers.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

import httpx

from parley import outbound
from parley.config import Settings

RESPONSE_TEXT_LIMIT = 2000  # bytes of the receiver's answer kept in the attempt log
RETRYABLE_STATUS = frozenset({408, 429})


@dataclass(frozen=True)
class Outcome:
    duration_ms: int
    status_code: int | None = None
    text: str | None = None
    error: str | None = None
    refused: bool = False

    @property
    def success(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300

    @property
    def retryable(self) -> bool:
        if self.refused:
            return False
        if self.status_code is None:
            return True
        return self.status_code >= 500 or self.status_code in RETRYABLE_STATUS

    def summary(self) -> str:
        """What went wrong, for the job's error (never the URL or headers)."""
        if self.status_code is not None:
            return f"webhook receiver answered HTTP {self.status_code}"
        return f"webhook delivery failed: {self.error}"


class _Refused(Exception):
    pass


def check_url(url: str) -> httpx.URL:
    """The parsed URL, or ValueError: http(s), a host, no credentials in it."""
    parsed = outbound.http_url(url)
    if parsed.userinfo:
        raise ValueError("must not carry credentials (use authorization)")
    return parsed


def _error(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


async def post(settings: Settings, url: str, body: bytes, headers: dict[str, str]) -> Outcome:
    started = time.monotonic()

    def elapsed() -> int:
        return int((time.monotonic() - started) * 1000)

    try:
        parsed = check_url(url)
        port = parsed.port or (443 if parsed.scheme == "https" else 80)
        timeout = settings.webhook_timeout_seconds
        async with (
            asyncio.timeout(timeout),  # the lookup included
            outbound.client(timeout) as client,
        ):
            host = parsed.raw_host.decode("ascii")
            addresses = await outbound.resolve(host, port, allow_private=True)
            if (
                not settings.allow_private_addresses
                and not (settings.admin_token and outbound.is_sink_url(host, parsed.path))
                and any(map(outbound.forbidden, addresses))
            ):
                raise _Refused("the host resolves to a non-public address")
            last: Exception = outbound.ResolveFailed("no address")
            for address in addresses:
                try:
                    status, text = await _send(client, parsed, address, body, headers)
                    return Outcome(elapsed(), status_code=status, text=text)
                except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
                    last = exc
            raise last
    except _Refused as exc:
        return Outcome(elapsed(), error=f"refused: {exc}", refused=True)
    except ValueError as exc:  # a URL stored before a stricter check; not worth retrying
        return Outcome(elapsed(), error=f"refused: {exc}", refused=True)
    except (httpx.HTTPError, outbound.ResolveFailed, TimeoutError, OSError) as exc:
        return Outcome(elapsed(), error=_error(exc))


async def _send(
    client: httpx.AsyncClient,
    url: httpx.URL,
    address: str,
    body: bytes,
    headers: dict[str, str],
) -> tuple[int, str]:
    request = outbound.pinned_request(client, "POST", url, address, headers=headers, content=body)
    response = await client.send(request, stream=True)
    try:
        kept = bytearray()
        async for chunk in response.aiter_bytes():
            kept += chunk[: RESPONSE_TEXT_LIMIT - len(kept)]
            if len(kept) >= RESPONSE_TEXT_LIMIT:
                break
    finally:
        await response.aclose()
    return response.status_code, kept.decode("utf-8", errors="replace")
