"""Outbound HTTP (attachment downloads, webhook deliveries): the rules both follow.

The host is resolved once (``resolve``) and every address it resolves to is checked
(``forbidden``: private, loopback, link-local and other non-public addresses, refused
unless the settings allow them). A request then connects to a checked address (the URL's
host is swapped for it, ``pinned_request``) while it keeps the hostname in its ``Host``
header and, for https, as the TLS server name, so the certificate is still verified for
the hostname; a second lookup by the HTTP client, which could answer differently (DNS
rebinding), never happens. Clients (``client``) follow no redirects and take no proxy
from the environment; they share one TLS configuration per process (``tls``).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import ssl
from functools import cache
from typing import Any

import httpx


class ResolveFailed(Exception):
    """The host has no address, or (when checked) a non-public one."""


def http_url(url: str) -> httpx.URL:
    """``url`` parsed, when it is an http or https URL with a host; ValueError (saying
    which) otherwise."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise ValueError("not a valid URL") from exc
    if parsed.scheme not in ("http", "https") or not parsed.raw_host:
        raise ValueError("must be an http or https URL with a host")
    return parsed


def forbidden(addr: str) -> bool:
    """Whether ``addr`` is not a public address (IPv4-mapped IPv6 read as IPv4)."""
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
        raise ResolveFailed(f"cannot resolve {host}") from exc
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not addresses:
        raise ResolveFailed(f"cannot resolve {host}")
    if not allow_private and any(forbidden(a) for a in addresses):
        raise ResolveFailed(f"{host} resolves to a non-public address")
    return addresses


@cache
def tls() -> ssl.SSLContext:
    """httpx's default TLS configuration (certificates verified against certifi's CA
    bundle, hostnames checked), made once per process: loading the bundle costs about
    30 ms of CPU, and a client is made for each delivery and download."""
    return httpx.create_ssl_context(trust_env=False)


def client(timeout: float) -> httpx.AsyncClient:
    return httpx.AsyncClient(timeout=timeout, follow_redirects=False, trust_env=False, verify=tls())


def pinned_request(
    http: httpx.AsyncClient,
    method: str,
    url: httpx.URL,
    address: str,
    *,
    headers: dict[str, str] | None = None,
    content: bytes | None = None,
) -> httpx.Request:
    """A request for ``url`` that connects to ``address`` (one of the URL host's checked
    addresses) and still names the host (``Host``; the TLS server name for https)."""
    extensions: dict[str, Any] = {}
    if url.scheme == "https":
        extensions["sni_hostname"] = url.raw_host.decode("ascii")
    return http.build_request(
        method,
        url.copy_with(host=address.split("%", 1)[0]),
        content=content,
        headers={**(headers or {}), "Host": url.netloc.decode("ascii")},
        extensions=extensions,
    )


# The path of the webhook sinks the admin API serves on the server's own address
# (``parley.admin.sinks``).
HOOK_PATH = "/_parley/hooks/"


def is_sink_url(host: str, path: str) -> bool:
    """A webhook sink's URL: a loopback address and a sink's path. The webhook sender
    allows it when the admin API is on."""
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    return loopback and path.startswith(HOOK_PATH)
