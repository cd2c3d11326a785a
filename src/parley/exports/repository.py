"""SQL of the exports: keyset-paged batches of conversations and messages with what each
row shows (people, queue, endpoint, tags, custom attributes, ratings, notes).

Conversations are walked in ``(updated_at, id)`` order when the window bounds
``updated_at`` (what tap-dixa and Airbyte ask for; the ``ix_conversations_updated`` index),
else in ``(created_at, id)`` order (``ix_conversations_created``); messages in
``(created_at, id)`` order (``ix_messages_created``). The window is a range of the walk's
index, and every batch continues where the previous one ended, so a walk reads each row
of the window once and nothing outside it. (A window on ``closed_at`` or
``last_message_at`` alone walks the organisation's conversations by creation.)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from parley.exports.filters import FAMILIES, Bounds, ConversationFilter
from parley.ratings import repository as ratings_repo
from parley.ratings.repository import RatingRow
from parley.store import Row, Tx, keyset
from parley.store.database import user_name
from parley.store.rows import columns, decoder
from parley.tags.repository import TagRow

# ---- conversations ------------------------------------------------------------------

_FAMILY_COLUMNS = {
    "created": "c.created_at",
    "updated": "c.updated_at",
    "closed": "c.closed_at",
    "last_message_created": "c.last_message_at",
}
assert set(_FAMILY_COLUMNS) == set(FAMILIES)


def _name(alias: str) -> str:
    """A user's name as the API shows it (``user_name``), blank when there is none."""
    return f"COALESCE({user_name(alias)}, '')"


def _bounds(sql: str, params: dict[str, object], column: str, key: str, b: Bounds) -> str:
    if b.after is not None:
        sql += f" AND {column} >= :{key}_after"
        params[f"{key}_after"] = b.after
    if b.before is not None:
        sql += f" AND {column} <= :{key}_before"
        params[f"{key}_before"] = b.before
    return sql


def _conversation_where(org_id: str, f: ConversationFilter) -> tuple[str, dict[str, object]]:
    params: dict[str, object] = {"org": org_id}
    sql = " WHERE c.org_id = :org"
    for family, column in _FAMILY_COLUMNS.items():
        sql = _bounds(sql, params, column, family, getattr(f, family))
    if f.csids is not None:
        sql += " AND c.id IN :csids"
        params["csids"] = list(f.csids)
    return sql, params


@dataclass(frozen=True)
class ConversationExportRow:
    id: int
    created_at: int
    channel: str
    direction: str
    state: str
    requester_id: str
    requester_name: str | None
    requester_email: str | None
    requester_phone: str | None
    requester_emails: str | None  # JSON list
    requester_phones: str | None  # JSON list
    queue_id: str | None
    queued_at: int | None
    queue_name: str | None
    assignee_id: str | None
    assigned_at: int | None
    assignee_name: str | None
    assignee_email: str | None
    assignee_phone: str | None
    closed_at: int | None
    updated_at: int
    last_message_at: int | None
    anonymized_at: int | None
    subject: str | None
    integration_email: str | None
    widget_id: str | None
    contact_endpoint_id: str | None
    endpoint_name: str | None
    from_number: str | None
    to_number: str | None


_CONVERSATION_SELECT = (
    "SELECT c.id, c.created_at, c.channel, c.direction, c.state, c.requester_id, "
    f"{_name('r')}, r.email, r.phone_number, r.additional_emails, r.additional_phone_numbers, "
    "COALESCE(c.queue_id, c.last_queue_id), c.queued_at, q.name, "
    f"c.assigned_agent_id, c.assigned_at, {_name('a')}, a.email, a.phone_number, "
    "c.closed_at, c.updated_at, c.last_message_at, c.anonymized_at, c.subject, "
    "c.integration_email, c.widget_id, c.contact_endpoint_id, e.name, c.from_number, "
    "c.to_number FROM conversations c "
    "LEFT JOIN users r ON r.org_id = c.org_id AND r.id = c.requester_id "
    "LEFT JOIN users a ON a.org_id = c.org_id AND a.id = c.assigned_agent_id "
    "LEFT JOIN queues q ON q.org_id = c.org_id AND q.id = COALESCE(c.queue_id, c.last_queue_id) "
    "LEFT JOIN contact_endpoints e ON e.org_id = c.org_id "
    "AND e.id = COALESCE(c.widget_id, c.integration_email, c.contact_endpoint_id)"
)
_TIMES = {1, 12, 15, 19, 20, 21, 22}  # columns holding epoch ms (optional ones may be NULL)


def _conversation(r: Row) -> ConversationExportRow:
    values = [r[i] for i in range(30)]
    values[0] = int(values[0])
    for i in _TIMES:
        if values[i] is not None:
            values[i] = int(values[i])
    for i in (6, 16):  # a name made of empty parts is no name
        values[i] = values[i] or None
    return ConversationExportRow(*values)


def walks_by_update(f: ConversationFilter) -> bool:
    """Whether a conversation walk goes in ``(updated_at, id)`` order (else ``(created_at,
    id)``)."""
    return f.updated.after is not None or f.updated.before is not None


def walk_key(f: ConversationFilter, row: ConversationExportRow) -> tuple[int, int]:
    """The key of ``row`` in the walk's order."""
    return (row.updated_at if walks_by_update(f) else row.created_at, row.id)


async def conversations_page(
    tx: Tx,
    org_id: str,
    f: ConversationFilter,
    *,
    after: Sequence[object] | None,
    limit: int,
) -> list[ConversationExportRow]:
    """The next ``limit`` matching conversations after the key ``walk_key`` gave."""
    where, params = _conversation_where(org_id, f)
    key = ("c.updated_at" if walks_by_update(f) else "c.created_at", "c.id")
    sql = _CONVERSATION_SELECT + where
    return await keyset.fetch_page(
        tx, sql, params, _conversation, after=after, limit=limit, columns=key
    )


async def count_conversations(tx: Tx, org_id: str, f: ConversationFilter) -> int:
    where, params = _conversation_where(org_id, f)
    return int(await tx.fetch_val("SELECT COUNT(*) FROM conversations c" + where, params))


@dataclass(frozen=True)
class AttributeRow:
    attribute_id: str
    identifier: str
    input_definition: str
    is_archived: bool
    value: str


@dataclass
class Details:
    """What a batch of conversations shows besides its own columns, by conversation id."""

    tags: dict[int, list[TagRow]] = field(default_factory=dict)
    attributes: dict[int, list[AttributeRow]] = field(default_factory=dict)
    ratings: dict[int, list[RatingRow]] = field(default_factory=dict)
    notes: dict[int, list[str]] = field(default_factory=dict)


# A conversation's tag, read after its conversation id.
_tag = decoder(TagRow, 1)


def _opt_int(value: object) -> int | None:
    return None if value is None else int(value)  # type: ignore[call-overload]


async def details(tx: Tx, org_id: str, ids: list[int]) -> Details:
    """Tags (in the order they were added), custom attribute values, ratings (oldest
    first) and internal notes (oldest first) of the conversations ``ids``: four
    statements for the whole batch."""
    out = Details()
    if not ids:
        return out
    params: dict[str, object] = {"org": org_id, "ids": ids}
    for r in await tx.fetch_all(
        f"SELECT ct.conversation_id, {columns(TagRow, 't')} FROM conversation_tags ct "
        "JOIN tags t ON t.org_id = ct.org_id AND t.id = ct.tag_id "
        "WHERE ct.org_id = :org AND ct.conversation_id IN :ids ORDER BY ct.created_at, t.name",
        params,
    ):
        out.tags.setdefault(int(r[0]), []).append(_tag(r))
    for r in await tx.fetch_all(
        "SELECT v.conversation_id, a.id, a.identifier, a.input_definition, a.is_archived, "
        "v.value FROM conversation_attributes v "
        "JOIN custom_attributes a ON a.org_id = v.org_id AND a.id = v.attribute_id "
        "WHERE v.org_id = :org AND v.conversation_id IN :ids ORDER BY a.created_at, a.id",
        params,
    ):
        row = AttributeRow(r[1], r[2], r[3], bool(r[4]), r[5])
        out.attributes.setdefault(int(r[0]), []).append(row)
    out.ratings = await ratings_repo.list_for_conversations(tx, org_id, ids)
    for r in await tx.fetch_all(
        "SELECT conversation_id, message FROM notes WHERE org_id = :org "
        "AND conversation_id IN :ids ORDER BY created_at, seq",
        params,
    ):
        out.notes.setdefault(int(r[0]), []).append(r[1])
    return out


# ---- messages -----------------------------------------------------------------------


@dataclass(frozen=True)
class MessageExportRow:
    id: str
    conversation_id: int
    seq: int
    created_at: int
    channel: str
    direction: str
    text: str | None
    content: str | None
    attributes: str
    attachments: str
    anonymized_at: int | None
    author_name: str | None
    author_email: str | None
    contact_endpoint_id: str | None
    from_number: str | None
    to_number: str | None


_MESSAGE_SELECT = (
    "SELECT m.id, m.conversation_id, m.seq, m.created_at, c.channel, m.direction, m.text, "
    f"m.content, m.attributes, m.attachments, m.anonymized_at, {_name('u')}, u.email, "
    "c.contact_endpoint_id, c.from_number, c.to_number FROM messages m "
    "JOIN conversations c ON c.org_id = m.org_id AND c.id = m.conversation_id "
    "LEFT JOIN users u ON u.org_id = m.org_id AND u.id = m.author_id"
)


def _message(r: Row) -> MessageExportRow:
    return MessageExportRow(
        r[0],
        int(r[1]),
        int(r[2]),
        int(r[3]),
        r[4],
        r[5],
        r[6],
        r[7],
        r[8],
        r[9],
        _opt_int(r[10]),
        r[11] or None,
        r[12],
        r[13],
        r[14],
        r[15],
    )


def _message_where(org_id: str, created: Bounds) -> tuple[str, dict[str, object]]:
    params: dict[str, object] = {"org": org_id}
    return _bounds(" WHERE m.org_id = :org", params, "m.created_at", "created", created), params


async def messages_page(
    tx: Tx, org_id: str, created: Bounds, *, after: Sequence[object] | None, limit: int
) -> list[MessageExportRow]:
    """The next ``limit`` messages created in ``created`` after the key
    ``(created_at, id)``."""
    where, params = _message_where(org_id, created)
    sql = _MESSAGE_SELECT + where
    return await keyset.fetch_page(
        tx, sql, params, _message, after=after, limit=limit, columns=("m.created_at", "m.id")
    )


async def count_messages(tx: Tx, org_id: str, created: Bounds) -> int:
    where, params = _message_where(org_id, created)
    return int(await tx.fetch_val("SELECT COUNT(*) FROM messages m" + where, params))
