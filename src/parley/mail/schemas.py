"""Wire shapes of an email endpoint's IMAP mailbox (Parley extension)."""

from __future__ import annotations

import msgspec


class ImapMailboxInput(msgspec.Struct, kw_only=True):
    host: str
    username: str
    password: str
    port: int | None = None
    tls: bool = True
    mailbox: str = "INBOX"
    pollSeconds: int = 60


class ImapMailbox(msgspec.Struct, kw_only=True, omit_defaults=True):
    host: str
    port: int
    tls: bool
    username: str
    mailbox: str
    pollSeconds: int
    lastUid: int
    lastPolledAt: str | None = None
    lastError: str | None = None
