"""SQL for teams, their members and their members' presence. Adding and removing members
is shared with queues (``parley.agents.repository``)."""

from __future__ import annotations

from dataclasses import dataclass

from parley.agents import repository as agents
from parley.store import Row, Tx, keyset
from parley.store.database import by_id


@dataclass(frozen=True)
class TeamRow:
    id: str
    name: str
    created_at: int


@dataclass(frozen=True)
class MemberRow:
    id: str
    name: str | None
    email: str | None
    phone_number: str | None


def _team(r: Row) -> TeamRow:
    return TeamRow(r[0], r[1], int(r[2]))


async def get(tx: Tx, org_id: str, team_id: str) -> TeamRow | None:
    return await by_id(tx, _team, "teams", "id, name, created_at", org_id, team_id)


async def list_page(
    tx: Tx, org_id: str, *, after: list[object] | None, limit: int
) -> list[TeamRow]:
    return await keyset.org_page(
        tx, _team, "teams", "id, name, created_at", org_id, after=after, limit=limit
    )


async def insert(tx: Tx, org_id: str, team: TeamRow) -> None:
    await tx.execute(
        "INSERT INTO teams (org_id, id, name, created_at) VALUES (:org, :id, :name, :at)",
        {"org": org_id, "id": team.id, "name": team.name, "at": team.created_at},
    )


async def delete(tx: Tx, org_id: str, team_id: str) -> int:
    await tx.execute(
        "DELETE FROM team_members WHERE org_id = :org AND team_id = :id",
        {"org": org_id, "id": team_id},
    )
    return await tx.execute(
        "DELETE FROM teams WHERE org_id = :org AND id = :id", {"org": org_id, "id": team_id}
    )


async def members(tx: Tx, org_id: str, team_id: str) -> list[MemberRow]:
    rows = await tx.fetch_all(
        "SELECT u.id, u.display_name, u.email, u.phone_number FROM team_members m "
        "JOIN users u ON u.org_id = m.org_id AND u.id = m.agent_id AND u.kind = 'Agent' "
        "WHERE m.org_id = :org AND m.team_id = :t ORDER BY m.agent_id",
        {"org": org_id, "t": team_id},
    )
    return [MemberRow(r[0], r[1], r[2], r[3]) for r in rows]


async def presence_page(
    tx: Tx, org_id: str, team_id: str, *, after: list[object] | None, limit: int
) -> list[agents.PresenceRow]:
    """The team's agents with their stored presence (NULLs when none), by agent id."""
    sql = (
        "SELECT m.agent_id, p.presence_status, p.connection_status, p.active_channels, "
        "p.last_seen FROM team_members m "
        "JOIN users u ON u.org_id = m.org_id AND u.id = m.agent_id AND u.kind = 'Agent' "
        "LEFT JOIN agent_presence p ON p.org_id = m.org_id AND p.user_id = m.agent_id "
        "WHERE m.org_id = :org AND m.team_id = :t"
    )
    params: dict[str, object] = {"org": org_id, "t": team_id, "limit": limit}
    if after:
        sql += " AND m.agent_id > :after"
        params["after"] = after[0]
    sql += " ORDER BY m.agent_id LIMIT :limit"
    return [agents.presence_row(r) for r in await tx.fetch_all(sql, params)]
