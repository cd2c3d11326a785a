"""SQL for agents (users of kind 'Agent'), their teams and their presence."""

from __future__ import annotations

from dataclasses import dataclass, field

import msgspec

from parley.store import Tx
from parley.store.database import rows_among
from parley.store.rows import Table, decoder, fetch_row, fetch_rows, fetch_text, names


@dataclass(frozen=True)
class AgentRow:
    id: str
    display_name: str
    email: str
    created_at: int
    updated_at: int | None = None
    first_name: str | None = None
    last_name: str | None = None
    middle_names: list[str] = field(default_factory=list)
    phone_number: str | None = None
    avatar_url: str | None = None
    additional_emails: list[str] = field(default_factory=list)
    additional_phone_numbers: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class TeamRow:
    id: str
    name: str


@dataclass(frozen=True)
class PresenceRow:
    user_id: str
    presence_status: str | None
    connection_status: str | None
    active_channels: list[str]
    last_seen: int | None


# The columns stored as JSON lists.
_LISTS = ("middle_names", "additional_emails", "additional_phone_numbers", "roles")


def _list(raw: object) -> list[str]:
    if not raw:
        return []
    value = msgspec.json.decode(raw if isinstance(raw, (str, bytes)) else str(raw))
    return [str(v) for v in value] if isinstance(value, list) else []


def _json(values: list[str]) -> str:
    return msgspec.json.encode(values).decode()


def _text(raw: str | None) -> str:
    return raw or ""


_AGENTS = Table(
    "users",
    AgentRow,
    fixed={"kind": "Agent"},
    display_name=_text,
    email=_text,
    **dict.fromkeys(_LISTS, _list),
)
_team = decoder(TeamRow)


def _encoded(row: AgentRow) -> dict[str, str]:
    return {name: _json(getattr(row, name)) for name in _LISTS}


get = _AGENTS.get
# A page of the agents, filtered by primary email or phone number.
list_page = _AGENTS.lister(email="email = :email", phone="phone_number = :phone")


async def email_owner(tx: Tx, org_id: str, email: str) -> str | None:
    """The id of the agent whose primary email is ``email`` (already normalised)."""
    sql = "SELECT id FROM users WHERE org_id = :org AND kind = 'Agent' AND email = :email"
    return await fetch_text(tx, sql, {"org": org_id, "email": email})


# Every field but the id and the creation time.
_EDITABLE = ", ".join(c for c in names(AgentRow) if c not in ("id", "created_at"))


async def insert(tx: Tx, org_id: str, row: AgentRow) -> None:
    await _AGENTS.insert(tx, org_id, row, **_encoded(row))


async def update(tx: Tx, org_id: str, row: AgentRow) -> int:
    return await _AGENTS.update(tx, org_id, row, _EDITABLE, **_encoded(row))


async def downgrade(tx: Tx, org_id: str, agent_id: str, now: int) -> int:
    """Make the agent an end user again: it keeps its id (and authorship), loses its roles,
    team and queue memberships and presence."""
    params = {"org": org_id, "id": agent_id}
    count = await tx.execute(
        "UPDATE users SET kind = 'EndUser', roles = '[]', updated_at = :now "
        "WHERE org_id = :org AND id = :id AND kind = 'Agent'",
        {**params, "now": now},
    )
    if count:
        for m in (TEAM_MEMBERS, QUEUE_MEMBERS):
            await tx.execute(
                f"DELETE FROM {m.table} WHERE org_id = :org AND agent_id = :id", params
            )
        await tx.execute("DELETE FROM agent_presence WHERE org_id = :org AND user_id = :id", params)
    return count


# ---- membership of queues and teams ------------------------------------------------------


@dataclass(frozen=True)
class Membership:
    """A table of agents in groups, keyed by (org_id, ``group``, agent_id)."""

    table: str
    group: str


QUEUE_MEMBERS = Membership("queue_members", "queue_id")
TEAM_MEMBERS = Membership("team_members", "team_id")


def members_sql(m: Membership, columns: str, joins: str = "") -> str:
    """The SELECT of ``columns`` of a group's agents (``m`` the membership, ``u`` the
    agent's users row, then ``joins``), for ``:org`` and the group ``:g``."""
    return (
        f"SELECT {columns} FROM {m.table} m "
        "JOIN users u ON u.org_id = m.org_id AND u.id = m.agent_id AND u.kind = 'Agent' "
        f"{joins}WHERE m.org_id = :org AND m.{m.group} = :g"
    )


async def agents_among(tx: Tx, org_id: str, ids: list[str]) -> set[str]:
    """Those of ``ids`` that are agents of the organisation."""
    sql = "SELECT id FROM users WHERE org_id = :org AND kind = 'Agent' AND id IN :ids"
    return {r[0] for r in await rows_among(tx, sql, org_id, ids)}


async def add_member(
    tx: Tx, m: Membership, org_id: str, group_id: str, agent_id: str, now: int
) -> bool:
    """Add an agent to a group; False when it already was a member."""
    count = await tx.execute(
        f"INSERT INTO {m.table} (org_id, {m.group}, agent_id, created_at) "
        f"VALUES (:org, :g, :a, :now) ON CONFLICT (org_id, {m.group}, agent_id) DO NOTHING",
        {"org": org_id, "g": group_id, "a": agent_id, "now": now},
    )
    return count > 0


async def remove_members(
    tx: Tx, m: Membership, org_id: str, group_id: str, agent_ids: list[str]
) -> int:
    if not agent_ids:
        return 0
    return await tx.execute(
        f"DELETE FROM {m.table} WHERE org_id = :org AND {m.group} = :g AND agent_id IN :ids",
        {"org": org_id, "g": group_id, "ids": agent_ids},
    )


async def teams_of(tx: Tx, org_id: str, agent_id: str) -> list[TeamRow]:
    sql = (
        "SELECT t.id, t.name FROM team_members m "
        "JOIN teams t ON t.org_id = m.org_id AND t.id = m.team_id "
        "WHERE m.org_id = :org AND m.agent_id = :id ORDER BY t.created_at, t.id"
    )
    return await fetch_rows(tx, _team, sql, {"org": org_id, "id": agent_id})


_PRESENCE = (
    "SELECT u.id, p.presence_status, p.connection_status, p.active_channels, p.last_seen "
    "FROM users u LEFT JOIN agent_presence p ON p.org_id = u.org_id AND p.user_id = u.id "
    "WHERE u.org_id = :org AND u.kind = 'Agent'"
)


# A presence read as (user id, presence status, connection status, active channels, last
# seen); NULL statuses when the agent never reported one.
presence_row = decoder(PresenceRow, active_channels=_list)


async def presence_all(tx: Tx, org_id: str) -> list[PresenceRow]:
    sql = _PRESENCE + " ORDER BY u.created_at, u.id"
    return await fetch_rows(tx, presence_row, sql, {"org": org_id})


async def presence_of(tx: Tx, org_id: str, agent_id: str) -> PresenceRow | None:
    sql = _PRESENCE + " AND u.id = :id"
    return await fetch_row(tx, presence_row, sql, {"org": org_id, "id": agent_id})


async def upsert_presence(tx: Tx, org_id: str, row: PresenceRow, now: int) -> None:
    await tx.execute(
        "INSERT INTO agent_presence (org_id, user_id, presence_status, connection_status, "
        "active_channels, last_seen, updated_at) VALUES (:org, :id, :ps, :cs, :ch, :seen, :now) "
        "ON CONFLICT (org_id, user_id) DO UPDATE SET presence_status = :ps, "
        "connection_status = :cs, active_channels = :ch, last_seen = :seen, updated_at = :now",
        {
            "org": org_id,
            "id": row.user_id,
            "ps": row.presence_status,
            "cs": row.connection_status,
            "ch": _json(row.active_channels),
            "seen": row.last_seen,
            "now": now,
        },
    )
