"""SQL for teams, their members and their members' presence. Adding and removing members
is shared with queues (``parley.agents.repository``)."""

from __future__ import annotations

from dataclasses import dataclass

from parley.agents import repository as agents
from parley.store import Tx
from parley.store.rows import Table, decoder, fetch_rows


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


_TEAMS = Table("teams", TeamRow)
_member = decoder(MemberRow)


get = _TEAMS.get
list_page = _TEAMS.page
insert = _TEAMS.insert


async def delete(tx: Tx, org_id: str, team_id: str) -> int:
    await tx.execute(
        "DELETE FROM team_members WHERE org_id = :org AND team_id = :id",
        {"org": org_id, "id": team_id},
    )
    return await _TEAMS.delete(tx, org_id, team_id)


async def members(tx: Tx, org_id: str, team_id: str) -> list[MemberRow]:
    columns = "u.id, u.display_name, u.email, u.phone_number"
    sql = agents.members_sql(agents.TEAM_MEMBERS, columns) + " ORDER BY m.agent_id"
    return await fetch_rows(tx, _member, sql, {"org": org_id, "g": team_id})


async def presence_page(
    tx: Tx, org_id: str, team_id: str, *, after: list[object] | None, limit: int
) -> list[agents.PresenceRow]:
    """The team's agents with their stored presence (NULLs when none), by agent id."""
    sql = agents.members_sql(
        agents.TEAM_MEMBERS,
        "m.agent_id, p.presence_status, p.connection_status, p.active_channels, p.last_seen",
        "LEFT JOIN agent_presence p ON p.org_id = m.org_id AND p.user_id = m.agent_id ",
    )
    params: dict[str, object] = {"org": org_id, "g": team_id, "limit": limit}
    if after:
        sql += " AND m.agent_id > :after"
        params["after"] = after[0]
    sql += " ORDER BY m.agent_id LIMIT :limit"
    return await fetch_rows(tx, agents.presence_row, sql, params)
