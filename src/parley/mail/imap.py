"""Reading new mail from an IMAP mailbox (stdlib ``imaplib``, run in a thread).

Rules: the mailbox is opened read-only and nothing on the server changes (``BODY.PEEK``);
mails are taken in UID order from ``last_uid + 1``, at most ``limit`` per poll; when the
mailbox's UIDVALIDITY is not the one stored, the UIDs start again from 1 (Message-IDs
already received are then recognised as duplicates). The host must resolve to public
addresses unless private ones are allowed (as for webhooks).
"""

from __future__ import annotations

import asyncio
import contextlib
import imaplib
from dataclasses import dataclass

from parley import outbound
from parley.config import Settings

TIMEOUT_SECONDS = 30.0
BATCH = 50


@dataclass(frozen=True)
class Mailbox:
    host: str
    port: int
    tls: bool
    username: str
    password: str
    mailbox: str


@dataclass(frozen=True)
class NewMail:
    uid_validity: int
    mails: list[tuple[int, bytes]]


class ImapFailed(Exception):
    pass


def _fetch(box: Mailbox, uid_validity: int | None, last_uid: int, limit: int) -> NewMail:
    cls = imaplib.IMAP4_SSL if box.tls else imaplib.IMAP4
    conn = cls(box.host, box.port, timeout=TIMEOUT_SECONDS)
    try:
        conn.login(box.username, box.password)
        typ, _ = conn.select(box.mailbox, readonly=True)
        if typ != "OK":
            raise ImapFailed(f"cannot select {box.mailbox!r}")
        _, data = conn.response("UIDVALIDITY")
        validity = int(data[0]) if data and data[0] else 0
        start = last_uid + 1 if validity == uid_validity else 1
        typ, data = conn.uid("SEARCH", "UID", f"{start}:*")
        if typ != "OK":
            raise ImapFailed("UID SEARCH failed")
        uids = sorted(int(u) for u in (data[0] or b"").split() if int(u) >= start)[:limit]
        mails: list[tuple[int, bytes]] = []
        for uid in uids:
            typ, parts = conn.uid("FETCH", str(uid), "(BODY.PEEK[])")
            raw = next((p[1] for p in parts if isinstance(p, tuple)), None)
            if typ != "OK" or raw is None:
                raise ImapFailed(f"cannot fetch UID {uid}")
            mails.append((uid, bytes(raw)))
        return NewMail(validity, mails)
    finally:
        with contextlib.suppress(imaplib.IMAP4.error, OSError):
            conn.logout()


async def fetch_new(
    settings: Settings, box: Mailbox, uid_validity: int | None, last_uid: int
) -> NewMail:
    """The mails after ``last_uid``; raises ``ImapFailed`` with a reason (no password)."""
    try:
        await outbound.resolve(box.host, box.port, allow_private=settings.allow_private_addresses)
        return await asyncio.to_thread(_fetch, box, uid_validity, last_uid, BATCH)
    except outbound.ResolveFailed as exc:
        raise ImapFailed(str(exc)) from None
    except (imaplib.IMAP4.error, OSError, ValueError) as exc:
        raise ImapFailed(f"{type(exc).__name__}: {exc}"[:500]) from None
