"""SQL for IMAP sources (an email endpoint's mailbox, polled)."""

from __future__ import annotations

from dataclasses import dataclass

from parley.store import Tx
from parley.store.rows import Table


@dataclass(frozen=True)
class SourceRow:
    endpoint_id: str
    host: str
    port: int
    tls: bool
    username: str
    password: str  # encrypted
    mailbox: str
    poll_seconds: int
    uid_validity: int | None
    last_uid: int
    last_polled_at: int | None
    last_error: str | None
    created_at: int
    updated_at: int


_SOURCES = Table("mail_imap_sources", SourceRow)


async def get(tx: Tx, org_id: str, endpoint_id: str) -> SourceRow | None:
    return await _SOURCES.find(tx, org_id, "endpoint_id", endpoint_id)


async def upsert(tx: Tx, org_id: str, row: SourceRow) -> None:
    """Insert or replace the source; a replaced mailbox starts again from its first UID."""
    await tx.execute(
        "INSERT INTO mail_imap_sources (org_id, endpoint_id, host, port, tls, username, "
        "password, mailbox, poll_seconds, uid_validity, last_uid, last_polled_at, last_error, "
        "created_at, updated_at) VALUES (:org, :e, :host, :port, :tls, :user, :pw, :box, "
        ":poll, NULL, 0, NULL, NULL, :at, :at) ON CONFLICT (org_id, endpoint_id) DO UPDATE SET "
        "host = :host, port = :port, tls = :tls, username = :user, password = :pw, "
        "mailbox = :box, poll_seconds = :poll, uid_validity = NULL, last_uid = 0, "
        "last_polled_at = NULL, last_error = NULL, updated_at = :at",
        {
            "org": org_id,
            "e": row.endpoint_id,
            "host": row.host,
            "port": row.port,
            "tls": row.tls,
            "user": row.username,
            "pw": row.password,
            "box": row.mailbox,
            "poll": row.poll_seconds,
            "at": row.updated_at,
        },
    )


async def delete(tx: Tx, org_id: str, endpoint_id: str) -> int:
    return await tx.execute(
        "DELETE FROM mail_imap_sources WHERE org_id = :org AND endpoint_id = :e",
        {"org": org_id, "e": endpoint_id},
    )


async def polled(
    tx: Tx,
    org_id: str,
    endpoint_id: str,
    *,
    uid_validity: int | None,
    last_uid: int,
    error: str | None,
    at: int,
) -> None:
    await tx.execute(
        "UPDATE mail_imap_sources SET uid_validity = :v, last_uid = :uid, last_error = :err, "
        "last_polled_at = :at WHERE org_id = :org AND endpoint_id = :e",
        {
            "org": org_id,
            "e": endpoint_id,
            "v": uid_validity,
            "uid": last_uid,
            "err": error,
            "at": at,
        },
    )
