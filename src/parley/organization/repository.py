"""SQL for the organisation's profile (the organisation's row itself is ``parley.orgs``)."""

from __future__ import annotations

from dataclasses import dataclass

from parley.store import Tx


@dataclass(frozen=True)
class ProfileRow:
    subdomain: str
    status: str
    avatar_url: str | None


async def get(tx: Tx, org_id: str) -> ProfileRow | None:
    r = await tx.fetch_one(
        "SELECT subdomain, status, avatar_url FROM organization_profiles WHERE org_id = :org",
        {"org": org_id},
    )
    return None if r is None else ProfileRow(r[0], r[1], r[2])


async def upsert(tx: Tx, org_id: str, row: ProfileRow, *, now: int, by: str) -> None:
    await tx.execute(
        "INSERT INTO organization_profiles (org_id, subdomain, status, avatar_url, updated_at, "
        "updated_by) VALUES (:org, :sub, :status, :avatar, :now, :by) "
        "ON CONFLICT (org_id) DO UPDATE SET subdomain = excluded.subdomain, "
        "status = excluded.status, avatar_url = excluded.avatar_url, "
        "updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        {
            "org": org_id,
            "sub": row.subdomain,
            "status": row.status,
            "avatar": row.avatar_url,
            "now": now,
            "by": by,
        },
    )
