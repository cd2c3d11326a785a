"""SQL for organisations and API tokens (and the rows an organisation starts with)."""

from __future__ import annotations

from dataclasses import dataclass

from parley.store import Tx


@dataclass(frozen=True)
class Caller:
    org_id: str
    user_id: str
    default_queue_id: str | None
    # how far ahead of real time the organisation's clock is (``store/clocks.py``)
    clock_offset_ms: int = 0


@dataclass(frozen=True)
class OrgRow:
    id: str
    name: str
    default_queue_id: str | None
    admin_user_id: str | None
    created_at: int


async def find_caller(tx: Tx, token_hash: str) -> Caller | None:
    row = await tx.fetch_one(
        "SELECT t.org_id, t.user_id, o.default_queue_id, c.offset_ms FROM api_tokens t "
        "JOIN orgs o ON o.id = t.org_id LEFT JOIN org_clocks c ON c.org_id = t.org_id "
        "WHERE t.token_hash = :h AND t.revoked_at IS NULL",
        {"h": token_hash},
    )
    return None if row is None else Caller(row[0], row[1], row[2], int(row[3] or 0))


async def insert_org(tx: Tx, org_id: str, name: str, now: int) -> None:
    await tx.execute(
        "INSERT INTO orgs (id, name, created_at) VALUES (:id, :name, :now)",
        {"id": org_id, "name": name, "now": now},
    )


async def set_org_defaults(tx: Tx, org_id: str, queue_id: str, admin_id: str) -> None:
    await tx.execute(
        "UPDATE orgs SET default_queue_id = :q, admin_user_id = :a WHERE id = :id",
        {"q": queue_id, "a": admin_id, "id": org_id},
    )


async def insert_admin_agent(
    tx: Tx, org_id: str, user_id: str, name: str, email: str, now: int
) -> None:
    await tx.execute(
        "INSERT INTO users (org_id, id, kind, roles, display_name, email, created_at, "
        "updated_at) VALUES (:org, :id, 'Agent', '[\"Admin\"]', :name, :email, :now, :now)",
        {"org": org_id, "id": user_id, "name": name, "email": email, "now": now},
    )


async def insert_default_queue(tx: Tx, org_id: str, queue_id: str, now: int) -> None:
    await tx.execute(
        "INSERT INTO queues (org_id, id, name, is_default, created_at) "
        "VALUES (:org, :id, 'Default queue', TRUE, :now)",
        {"org": org_id, "id": queue_id, "now": now},
    )


async def get_org(tx: Tx, org_id: str) -> OrgRow | None:
    row = await tx.fetch_one(
        "SELECT id, name, default_queue_id, admin_user_id, created_at FROM orgs WHERE id = :id",
        {"id": org_id},
    )
    return None if row is None else OrgRow(row[0], row[1], row[2], row[3], row[4])


async def list_orgs(tx: Tx) -> list[OrgRow]:
    rows = await tx.fetch_all(
        "SELECT id, name, default_queue_id, admin_user_id, created_at FROM orgs "
        "ORDER BY created_at, id"
    )
    return [OrgRow(r[0], r[1], r[2], r[3], r[4]) for r in rows]


async def insert_token(
    tx: Tx, org_id: str, token_id: str, token_hash: str, user_id: str, name: str | None, now: int
) -> None:
    await tx.execute(
        "INSERT INTO api_tokens (org_id, id, token_hash, user_id, name, created_at) "
        "VALUES (:org, :id, :h, :user, :name, :now)",
        {"org": org_id, "id": token_id, "h": token_hash, "user": user_id, "name": name, "now": now},
    )


async def revoke_token(tx: Tx, token_id: str, now: int) -> int:
    return await tx.execute(
        "UPDATE api_tokens SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL",
        {"id": token_id, "now": now},
    )


@dataclass(frozen=True)
class TokenRow:
    id: str
    org_id: str
    name: str | None
    created_at: int
    revoked_at: int | None


async def list_tokens(tx: Tx, org_id: str | None = None) -> list[TokenRow]:
    """Every token (its id, never its hash), of one organisation or of all, oldest first."""
    where = "WHERE org_id = :org " if org_id is not None else ""
    rows = await tx.fetch_all(
        "SELECT id, org_id, name, created_at, revoked_at FROM api_tokens "
        f"{where}ORDER BY org_id, created_at, id",
        {"org": org_id} if org_id is not None else None,
    )
    return [TokenRow(r[0], r[1], r[2], int(r[3]), r[4]) for r in rows]


async def rename_org(tx: Tx, org_id: str, name: str) -> int:
    return await tx.execute(
        "UPDATE orgs SET name = :name WHERE id = :id AND name <> :name",
        {"id": org_id, "name": name},
    )
