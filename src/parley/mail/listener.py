"""The SMTP listener (aiosmtpd), run on the caller's event loop: inside ``parley serve``
when ``PARLEY_SMTP_LISTEN`` is set, or alone as ``parley smtp``.

Rules:
- RCPT: an address (its ``+tag`` aside) that is no organisation's email endpoint is
  refused with ``550 5.1.1``; the lookup failing answers ``451`` (try later).
- DATA: a mail over ``PARLEY_SMTP_MAX_BYTES`` is refused with ``552`` by aiosmtpd (the
  SIZE extension announces the limit); an accepted mail is stored before ``250`` is sent
  (``inbound.receive``); if no recipient is an endpoint any more (removed after RCPT), it
  is refused with ``550``. Nothing a mail contains makes the listener fail: a mail it
  cannot handle is stored with its error; only a store that cannot take it answers
  ``451``, so the sender keeps the mail and retries.
- STARTTLS is offered when ``PARLEY_SMTP_TLS_CERT`` and ``PARLEY_SMTP_TLS_KEY`` are set.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
from typing import Any

from aiosmtpd.smtp import SMTP, Envelope, Session

from parley.config import Settings
from parley.mail import inbound
from parley.mail_records import repository as repo
from parley.mail_records.tokens import split_plus
from parley.store import Database

log = logging.getLogger("parley.mail")


def parse_listen(value: str) -> tuple[str, int]:
    """``host:port`` (``[::1]:25`` for IPv6) -> (host, port)."""
    host, sep, port = value.rpartition(":")
    if not sep or not port.isdigit():
        raise ValueError(f"listen address must be host:port, not {value!r}")
    return host.strip("[]") or "0.0.0.0", int(port)


class Handler:
    def __init__(self, db: Database, settings: Settings) -> None:
        self.db = db
        self.settings = settings

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: Any
    ) -> str:
        base, _tag = split_plus(address)
        try:
            async with self.db.transaction(readonly=True) as tx:
                orgs = await repo.endpoint_orgs(tx, base)
        except Exception:
            log.exception("recipient lookup failed")
            return "451 4.3.0 Temporary failure, try again later"
        if not orgs:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        try:
            statuses = await inbound.receive(
                self.db, self.settings, envelope.mail_from, envelope.rcpt_tos, raw
            )
        except Exception:
            log.exception("a received mail could not be stored")
            return "451 4.3.0 Temporary failure, try again later"
        if not statuses:  # every recipient's endpoint went away after RCPT
            return "550 5.1.1 No such mailbox here"
        return "250 2.0.0 Accepted"


def tls_context(settings: Settings) -> ssl.SSLContext | None:
    if not (settings.smtp_tls_cert and settings.smtp_tls_key):
        return None
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(settings.smtp_tls_cert, settings.smtp_tls_key)
    return context


async def start(db: Database, settings: Settings, listen: str) -> asyncio.Server:
    """Listen on ``listen`` (host:port; port 0 picks a free one) on the running loop."""
    host, port = parse_listen(listen)
    handler = Handler(db, settings)
    tls = tls_context(settings)

    def protocol() -> SMTP:
        return SMTP(
            handler,
            data_size_limit=settings.smtp_max_bytes,
            enable_SMTPUTF8=True,
            decode_data=False,
            hostname=settings.smtp_hostname,
            tls_context=tls,
            timeout=60,
        )

    server = await asyncio.get_running_loop().create_server(protocol, host, port, reuse_port=True)
    log.info("SMTP listener on %s", bound_address(server))
    return server


def bound_address(server: asyncio.Server) -> str:
    host, port = server.sockets[0].getsockname()[:2]
    return f"{host}:{port}"


async def start_configured(db: Database, settings: Settings) -> asyncio.Server | None:
    """The listener of ``PARLEY_SMTP_LISTEN``, or None when it is not set."""
    return await start(db, settings, settings.smtp_listen) if settings.smtp_listen else None


async def stop(server: asyncio.Server | None) -> None:
    if server is None:
        return
    server.close()
    try:
        await asyncio.wait_for(server.wait_closed(), timeout=5)
    except TimeoutError:
        log.warning("SMTP listener: connections still open at shutdown")
