"""SQL for what an event's webhook ``data`` is built from, read in the transaction of the
change (so it is what the change left): the conversations, the users an event names, the
message or rating it is about, and who set a follow-up (the note it is about is read by
the notes repository). Every read takes many ids in one statement (an event batch
is read at once)."""

from __future__ import annotations

from dataclasses import dataclass

import msgspec

from parley.store import Row, Tx
from parley.store.database import rows_among, user_name


def _user_cols(u: str) -> str:
    return f"{u}.id, {user_name(u)}, {u}.email, {u}.phone_number, {u}.kind, {u}.roles"


_USER_WIDTH = 6


@dataclass(frozen=True)
class UserRef:
    id: str
    name: str | None
    email: str | None
    phone: str | None
    kind: str  # Agent | EndUser
    roles: tuple[str, ...] = ()


@dataclass(frozen=True)
class TagRef:
    id: str
    name: str
    deactivated: bool


@dataclass(frozen=True)
class ConversationSnapshot:
    id: int
    channel: str
    state: str
    direction: str
    created_at: int
    contact_point: str | None
    requester: UserRef | None
    assignee: UserRef | None
    queue_id: str | None
    queue_name: str | None
    tags: list[TagRef]
    anonymized: bool = False
    subject: str | None = None


def _roles(raw: object) -> tuple[str, ...]:
    if not raw:
        return ()
    value = msgspec.json.decode(raw if isinstance(raw, str | bytes) else str(raw))
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def _user(r: Row, at: int) -> UserRef | None:
    if r[at] is None:
        return None
    return UserRef(r[at], r[at + 1], r[at + 2], r[at + 3], r[at + 4], _roles(r[at + 5]))


async def conversations(
    tx: Tx, org_id: str, conversation_ids: list[int]
) -> dict[int, ConversationSnapshot]:
    """The snapshots of these conversations (those that exist), by id."""
    params = {"org": org_id, "ids": conversation_ids}
    rows = await tx.fetch_all(
        "SELECT c.id, c.channel, c.state, c.direction, c.created_at, "
        "COALESCE(c.to_email, c.to_number, c.contact_endpoint_id), q.id, q.name, "
        f"c.anonymized_at, c.subject, {_user_cols('r')}, {_user_cols('a')} FROM conversations c "
        "LEFT JOIN users r ON r.org_id = c.org_id AND r.id = c.requester_id "
        "LEFT JOIN users a ON a.org_id = c.org_id AND a.id = c.assigned_agent_id "
        "LEFT JOIN queues q ON q.org_id = c.org_id AND q.id = c.queue_id "
        "WHERE c.org_id = :org AND c.id IN :ids",
        params,
    )
    if not rows:
        return {}
    tags: dict[int, list[TagRef]] = {}
    for t in await tx.fetch_all(
        "SELECT ct.conversation_id, t.id, t.name, t.state FROM conversation_tags ct JOIN tags t "
        "ON t.org_id = ct.org_id AND t.id = ct.tag_id WHERE ct.org_id = :org "
        "AND ct.conversation_id IN :ids ORDER BY t.name",
        params,
    ):
        tags.setdefault(int(t[0]), []).append(TagRef(t[1], t[2], t[3] != "Active"))
    return {
        int(r[0]): ConversationSnapshot(
            id=int(r[0]),
            channel=r[1],
            state=r[2],
            direction=r[3],
            created_at=int(r[4]),
            contact_point=r[5],
            requester=_user(r, 10),
            assignee=_user(r, 10 + _USER_WIDTH),
            queue_id=r[6],
            queue_name=r[7],
            tags=tags.get(int(r[0]), []),
            anonymized=r[8] is not None,
            subject=r[9],
        )
        for r in rows
    }


_USERS_SQL = f"SELECT {_user_cols('u')} FROM users u WHERE u.org_id = :org AND u.id IN :ids"


async def users(tx: Tx, org_id: str, user_ids: list[str]) -> dict[str, UserRef]:
    """These users (those that exist), by id."""
    return {
        r[0]: u
        for r in await rows_among(tx, _USERS_SQL, org_id, user_ids)
        if (u := _user(r, 0)) is not None
    }


_QUEUE_NAMES_SQL = "SELECT id, name FROM queues WHERE org_id = :org AND id IN :ids"


async def queue_names(tx: Tx, org_id: str, queue_ids: list[str]) -> dict[str, str]:
    return {r[0]: r[1] for r in await rows_among(tx, _QUEUE_NAMES_SQL, org_id, queue_ids)}


@dataclass(frozen=True)
class MessageRef:
    """What a message event's data shows of its message. Not the messages domain's row:
    messages depends on webhooks (through routing), so webhooks may not import it."""

    id: str
    author_id: str | None
    direction: str
    content_type: str
    content: str | None
    text: str | None
    external_id: str | None
    created_at: int


_MESSAGES_SQL = (
    "SELECT id, author_id, direction, content_type, content, text, external_id, created_at "
    "FROM messages WHERE org_id = :org AND id IN :ids"
)


async def messages(tx: Tx, org_id: str, message_ids: list[str]) -> dict[str, MessageRef]:
    return {
        r[0]: MessageRef(r[0], r[1], r[2], r[3], r[4], r[5], r[6], int(r[7]))
        for r in await rows_among(tx, _MESSAGES_SQL, org_id, message_ids)
    }


_RATING_TYPES_SQL = (
    "SELECT conversation_id, rating_type FROM ratings WHERE org_id = :org "
    "AND conversation_id IN :ids AND submitted_at IS NOT NULL "
    "ORDER BY submitted_at, created_at, id"
)


async def rating_types(tx: Tx, org_id: str, conversation_ids: list[int]) -> dict[int, str]:
    """The type of each conversation's latest submitted rating."""
    return await _latest(tx, _RATING_TYPES_SQL, org_id, conversation_ids)


_FOLLOWUP_SETTERS_SQL = (
    "SELECT conversation_id, author_id FROM activity WHERE org_id = :org "
    "AND conversation_id IN :ids AND type = 'FollowupAdded' AND author_id IS NOT NULL "
    "ORDER BY activity_at, seq"
)


async def followup_setters(tx: Tx, org_id: str, conversation_ids: list[int]) -> dict[int, str]:
    """Who set each conversation's latest follow-up (the author of its last FollowupAdded
    entry)."""
    return await _latest(tx, _FOLLOWUP_SETTERS_SQL, org_id, conversation_ids)


async def _latest(tx: Tx, sql: str, org_id: str, conversation_ids: list[int]) -> dict[int, str]:
    """Each conversation's value from ``sql``'s rows (conversation id, value), oldest first:
    the latest wins."""
    return {int(r[0]): r[1] for r in await rows_among(tx, sql, org_id, conversation_ids)}


async def ever_assigned(tx: Tx, org_id: str, conversation_id: int) -> bool:
    """Whether the conversation was ever assigned to an agent (a ConversationAssigned
    entry)."""
    found = await tx.fetch_val(
        "SELECT 1 FROM activity WHERE org_id = :org AND conversation_id = :cid "
        "AND type = 'ConversationAssigned' LIMIT 1",
        {"org": org_id, "cid": conversation_id},
    )
    return found is not None
