"""SQL for desk credentials and sessions."""

from __future__ import annotations

from dataclasses import dataclass

from parley.orgs.repository import TokenRow
from parley.store import Tx, keyset
from parley.store.database import Params
from parley.store.rows import columns, decoder, exists, fetch_row, fetch_rows, fetch_text


@dataclass(frozen=True)
class Credential:
    org_id: str
    user_id: str
    password_hash: str
    failed_count: int
    failed_at: int | None
    locked_until: int | None


@dataclass(frozen=True)
class SessionUser:
    org_id: str
    user_id: str
    name: str
    email: str
    roles: str
    default_queue_id: str | None
    expires_at: int
    seen_at: int  # the session's latest request (its sign-in when none since)
    now: int  # the organisation's clock when the session was read


_CREDENTIAL = decoder(Credential)
_SESSION_USER = decoder(SessionUser)


async def credentials_for_login(tx: Tx, login: str) -> list[Credential]:
    """The active credentials of agents whose email is ``login`` (one per organisation)."""
    return await fetch_rows(
        tx,
        _CREDENTIAL,
        f"SELECT {columns(Credential, 'c')} FROM desk_credentials c JOIN users u "
        "ON u.org_id = c.org_id AND u.id = c.user_id AND u.kind = 'Agent' "
        "WHERE c.login = :login AND c.disabled_at IS NULL AND LOWER(u.email) = :login "
        "ORDER BY c.org_id LIMIT 20",
        {"login": login},
    )


async def replace_hash(tx: Tx, org_id: str, user_id: str, old: str, new: str) -> None:
    """The same password's hash, made again: only while ``old`` is still the one stored."""
    await tx.execute(
        "UPDATE desk_credentials SET password_hash = :new "
        "WHERE org_id = :org AND user_id = :u AND password_hash = :old",
        {"org": org_id, "u": user_id, "old": old, "new": new},
    )


async def upsert_credential(
    tx: Tx, org_id: str, user_id: str, login: str, password_hash: str, now: int
) -> None:
    """Set a password: failed attempts are forgotten and a deactivated agent stays so."""
    params = {"org": org_id, "u": user_id, "l": login, "h": password_hash, "now": now}
    updated = await tx.execute(
        "UPDATE desk_credentials SET login = :l, password_hash = :h, failed_count = 0, "
        "failed_at = NULL, locked_until = NULL, updated_at = :now "
        "WHERE org_id = :org AND user_id = :u",
        params,
    )
    if not updated:
        await tx.execute(
            "INSERT INTO desk_credentials (org_id, user_id, login, password_hash, "
            "failed_count, updated_at) VALUES (:org, :u, :l, :h, 0, :now)",
            params,
        )


async def record_failure(
    tx: Tx, org_id: str, user_id: str, *, at: int, since: int, limit: int, lock_until: int
) -> None:
    """Count a failed sign-in: the count restarts when the last failure was before
    ``since``; reaching ``limit`` locks the credential until ``lock_until``."""
    await tx.execute(
        "UPDATE desk_credentials SET "
        "failed_count = CASE WHEN failed_at > :since THEN failed_count + 1 ELSE 1 END, "
        "locked_until = CASE WHEN (CASE WHEN failed_at > :since THEN failed_count + 1 "
        "ELSE 1 END) >= :limit THEN :lock ELSE locked_until END, "
        "failed_at = :at WHERE org_id = :org AND user_id = :u",
        {"since": since, "limit": limit, "lock": lock_until, "at": at, "org": org_id,
         "u": user_id},
    )  # fmt: skip


async def address_locked_until(tx: Tx, address_hash: str) -> int | None:
    v = await tx.fetch_val(
        "SELECT locked_until FROM desk_address_failures WHERE address_hash = :a",
        {"a": address_hash},
    )
    return None if v is None else int(v)


async def record_address_failure(
    tx: Tx, address_hash: str, *, at: int, since: int, limit: int, lock_until: int
) -> None:
    """Count a failed sign-in from a client address, as ``record_failure`` counts an
    account's, in one atomic upsert (concurrent failures are each counted); rows of
    addresses whose count and lock are over are removed on the way."""
    await tx.execute(
        "DELETE FROM desk_address_failures WHERE failed_at <= :since "
        "AND (locked_until IS NULL OR locked_until <= :at)",
        {"since": since, "at": at},
    )
    count = (
        "CASE WHEN desk_address_failures.failed_at > :since "
        "THEN desk_address_failures.failed_count + 1 ELSE 1 END"
    )
    await tx.execute(
        "INSERT INTO desk_address_failures (address_hash, failed_count, failed_at, "
        "locked_until) VALUES (:a, 1, :at, NULL) "
        f"ON CONFLICT (address_hash) DO UPDATE SET failed_count = {count}, "
        f"locked_until = CASE WHEN {count} >= :limit THEN :lock "
        "ELSE desk_address_failures.locked_until END, failed_at = :at",
        {"a": address_hash, "at": at, "since": since, "limit": limit, "lock": lock_until},
    )


async def clear_failures(tx: Tx, org_id: str, user_id: str) -> None:
    await tx.execute(
        "UPDATE desk_credentials SET failed_count = 0, failed_at = NULL, locked_until = NULL "
        "WHERE org_id = :org AND user_id = :u AND failed_count > 0",
        {"org": org_id, "u": user_id},
    )


async def set_disabled(tx: Tx, org_id: str, user_id: str, at: int | None) -> int:
    return await tx.execute(
        "UPDATE desk_credentials SET disabled_at = :at, updated_at = COALESCE(:at, updated_at) "
        "WHERE org_id = :org AND user_id = :u",
        {"at": at, "org": org_id, "u": user_id},
    )


async def _credential_users(tx: Tx, org_id: str, condition: str = "") -> set[str]:
    """The agents of the organisation with a credential (where ``condition`` holds)."""
    rows = await tx.fetch_all(
        f"SELECT user_id FROM desk_credentials WHERE org_id = :org{condition}", {"org": org_id}
    )
    return {str(r[0]) for r in rows}


async def disabled_users(tx: Tx, org_id: str) -> set[str]:
    return await _credential_users(tx, org_id, " AND disabled_at IS NOT NULL")


async def with_password(tx: Tx, org_id: str) -> set[str]:
    return await _credential_users(tx, org_id)


async def insert_session(
    tx: Tx, org_id: str, id_hash: str, user_id: str, now: int, expires_at: int
) -> None:
    await tx.execute(
        "INSERT INTO desk_sessions (org_id, id_hash, user_id, created_at, expires_at) "
        "VALUES (:org, :h, :u, :now, :exp)",
        {"org": org_id, "h": id_hash, "u": user_id, "now": now, "exp": expires_at},
    )


async def session_user(
    tx: Tx, org_id: str, id_hash: str, real_now: int, idle_ms: int
) -> SessionUser | None:
    """The signed-in agent of a live session: not expired and not idle for ``idle_ms``,
    both on the organisation's clock (real time plus its offset, ``org_clocks``);
    deactivated or no longer an agent: None."""
    return await fetch_row(
        tx,
        _SESSION_USER,
        "SELECT s.org_id, s.user_id, COALESCE(u.display_name, u.email, ''), "
        "COALESCE(u.email, ''), COALESCE(NULLIF(u.roles, ''), '[]'), o.default_queue_id, "
        "s.expires_at, COALESCE(s.seen_at, s.created_at), "
        ":now + COALESCE(k.offset_ms, 0) FROM desk_sessions s "
        "JOIN users u ON u.org_id = s.org_id AND u.id = s.user_id AND u.kind = 'Agent' "
        "JOIN orgs o ON o.id = s.org_id "
        "LEFT JOIN org_clocks k ON k.org_id = s.org_id "
        "LEFT JOIN desk_credentials c ON c.org_id = s.org_id AND c.user_id = s.user_id "
        "WHERE s.org_id = :org AND s.id_hash = :h "
        "AND s.expires_at > :now + COALESCE(k.offset_ms, 0) "
        "AND COALESCE(s.seen_at, s.created_at) > :now + COALESCE(k.offset_ms, 0) - :idle "
        "AND c.disabled_at IS NULL",
        {"org": org_id, "h": id_hash, "now": real_now, "idle": idle_ms},
    )


async def touch_session(tx: Tx, org_id: str, id_hash: str, at: int) -> None:
    """Record a request of the session (its idle time starts again)."""
    await tx.execute(
        "UPDATE desk_sessions SET seen_at = :at WHERE org_id = :org AND id_hash = :h",
        {"at": at, "org": org_id, "h": id_hash},
    )


async def _delete_sessions(tx: Tx, org_id: str, condition: str, value: object) -> None:
    """The organisation's sessions where ``condition`` holds of ``:v``."""
    await tx.execute(
        f"DELETE FROM desk_sessions WHERE org_id = :org AND {condition}",
        {"org": org_id, "v": value},
    )


async def delete_session(tx: Tx, org_id: str, id_hash: str) -> None:
    await _delete_sessions(tx, org_id, "id_hash = :v", id_hash)


async def delete_user_sessions(tx: Tx, org_id: str, user_id: str) -> None:
    await _delete_sessions(tx, org_id, "user_id = :v", user_id)


async def delete_expired_sessions(tx: Tx, org_id: str, now: int) -> None:
    """The organisation's expired sessions (removed whenever one of its agents signs in)."""
    await _delete_sessions(tx, org_id, "expires_at <= :v", now)


async def agent_by_email(tx: Tx, org_id: str, email: str) -> str | None:
    return await fetch_text(
        tx,
        "SELECT id FROM users WHERE org_id = :org AND kind = 'Agent' AND LOWER(email) = :e",
        {"org": org_id, "e": email},
    )


@dataclass(frozen=True)
class ActivityTick:
    seq: int
    conversation_id: int
    type: str
    at: int


_TICK = "SELECT seq, conversation_id, type, activity_at FROM activity WHERE org_id = :org"
_TICK_ROW = decoder(ActivityTick)


async def _ticks(tx: Tx, where: str, params: Params) -> list[ActivityTick]:
    """The entries ``where`` (its condition and order) selects, up to ``:limit``."""
    return await fetch_rows(tx, _TICK_ROW, f"{_TICK} AND {where} LIMIT :limit", params)


async def activity_after(tx: Tx, org_id: str, seq: int, limit: int) -> list[ActivityTick]:
    """Entries written after ``seq`` (the primary key's range), oldest first."""
    return await _ticks(tx, "seq > :seq ORDER BY seq", {"org": org_id, "seq": seq, "limit": limit})


async def activity_since(tx: Tx, org_id: str, at: int, limit: int) -> list[ActivityTick]:
    """Entries stamped at or after ``at``, by time."""
    params = {"org": org_id, "at": at, "limit": limit}
    return await _ticks(tx, "activity_at >= :at ORDER BY activity_at, seq", params)


async def last_activity_seq(tx: Tx, org_id: str) -> int:
    value = await tx.fetch_val("SELECT MAX(seq) FROM activity WHERE org_id = :org", {"org": org_id})
    return int(value or 0)


async def list_tokens(
    tx: Tx, org_id: str, *, after: list[object] | None, limit: int
) -> list[TokenRow]:
    """A page of the organisation's API tokens, newest first (never their values: only
    hashes are stored)."""
    sql = f"SELECT {columns(TokenRow)} FROM api_tokens WHERE org_id = :org"
    return await keyset.fetch_page(
        tx,
        sql,
        {"org": org_id},
        decoder(TokenRow),
        after=after,
        limit=limit,
        descending=True,
    )


async def token_in_org(tx: Tx, org_id: str, token_id: str) -> bool:
    return await exists(
        tx,
        "SELECT 1 FROM api_tokens WHERE org_id = :org AND id = :id",
        {"org": org_id, "id": token_id},
    )
