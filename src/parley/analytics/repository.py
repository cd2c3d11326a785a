"""SQL for analytics: each record kind is one query over the conversations (and ratings,
messages, activity) of the organisation, bounded by an indexed time range or a list of
conversation ids; a metric aggregates that query in the store."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from parley.analytics.tally import GRAINS, HOUR
from parley.store import Row, Tx, keyset

# The first outbound (agent) message of conversation ``c``: one seek of
# ``ix_messages_first_outbound``.
_FIRST_OUT = (
    "(SELECT MIN(m.created_at) FROM messages m WHERE m.org_id = c.org_id "
    "AND m.conversation_id = c.id AND m.direction = 'Outbound')"
)
_CLOSED_BY = (
    "(SELECT a.author_id FROM activity a WHERE a.org_id = c.org_id AND a.conversation_id = c.id "
    "AND a.type = 'ConversationClosed' ORDER BY a.activity_at DESC, a.seq DESC LIMIT 1)"
)


@dataclass(frozen=True)
class Source:
    from_: str
    time: str  # the primary timestamp (the window applies to it)
    key: str  # unique with ``time``: the keyset order of records
    value: str  # the record's value (durations in seconds; 1 when it has none)
    where: str  # conditions of the kind, after the organisation's
    agent: str
    closed_by: str = "NULL"
    # Records only: leaves out rows without a value (aggregates skip NULLs by themselves,
    # so they do not pay for this condition).
    has_value: str = ""


_CONVERSATIONS = "conversations c"
_ASSIGNEE = "c.assigned_agent_id"
SOURCES = {
    "created_conversations": Source(_CONVERSATIONS, "c.created_at", "c.id", "1", "", _ASSIGNEE),
    "closed_conversations": Source(
        _CONVERSATIONS,
        "c.closed_at",
        "c.id",
        "1",
        " AND c.closed_at IS NOT NULL",
        _ASSIGNEE,
        _CLOSED_BY,
    ),
    "ratings": Source(
        "ratings r JOIN conversations c ON c.org_id = r.org_id AND c.id = r.conversation_id",
        "r.submitted_at",
        "r.id",
        "r.score",
        " AND r.status = 'Rated' AND r.rating_type = 'Csat' AND r.submitted_at IS NOT NULL",
        "r.agent_id",
    ),
    "first_response_times": Source(
        _CONVERSATIONS,
        "c.created_at",
        "c.id",
        f"({_FIRST_OUT} - c.created_at) / 1000.0",
        "",
        _ASSIGNEE,
        has_value=f" AND {_FIRST_OUT} IS NOT NULL",
    ),
    "resolution_times": Source(
        _CONVERSATIONS,
        "c.closed_at",
        "c.id",
        "(c.closed_at - c.created_at) / 1000.0",
        " AND c.closed_at IS NOT NULL",
        _ASSIGNEE,
    ),
    # the assignment facts the tallies keep (one per ConversationAssigned entry)
    "conversation_assignments": Source(
        "analytics_facts f JOIN conversations c ON c.org_id = f.org_id "
        "AND c.id = f.conversation_id",
        "f.at",
        "f.fact_key",
        "1",
        " AND f.org_id = :org AND f.kind = 'assignment'",
        "NULLIF(f.agent_id, '')",
    ),
}


@dataclass(frozen=True)
class Query:
    """Which records: a window ``[start, end)`` of the primary timestamp, or conversation
    ids; and the filters (Parley's values, by attribute)."""

    start: int | None = None
    end: int | None = None
    csids: list[int] | None = None
    filters: dict[str, list[Any]] | None = None


def _where(source: Source, query: Query, params: dict[str, Any]) -> str:
    sql = f" WHERE c.org_id = :org{source.where}"
    if query.csids is not None:
        sql += " AND c.id IN :csids"
        params["csids"] = query.csids
    else:
        sql += f" AND {source.time} >= :start AND {source.time} < :end"
        params.update(start=query.start, end=query.end)
    columns = {
        "agent_id": source.agent,
        "queue_id": "COALESCE(c.queue_id, c.last_queue_id)",
        "channel": "c.channel",
        "initial_direction": "c.direction",
        "contact_point": "c.contact_endpoint_id",
    }
    for attribute, values in (query.filters or {}).items():
        name = f"f_{attribute}"
        params[name] = values
        if attribute == "tag_id":
            sql += (
                " AND EXISTS (SELECT 1 FROM conversation_tags t WHERE t.org_id = c.org_id "
                f"AND t.conversation_id = c.id AND t.tag_id IN :{name})"
            )
        else:
            sql += f" AND {columns[attribute]} IN :{name}"
    return sql


@dataclass(frozen=True)
class Aggregates:
    count: int
    total: float | None
    smallest: float | None
    largest: float | None
    mean: float | None
    squares: float | None
    satisfied: int


# The tally kind of each record kind, and the tallies' column of each filter attribute.
KIND = {
    "created_conversations": "created",
    "closed_conversations": "closed",
    "ratings": "rating",
    "first_response_times": "first_response",
    "resolution_times": "resolution",
    "conversation_assignments": "assignment",
}
_TALLY_COLUMNS = {"initial_direction": "direction"}
_SUMS = "SUM(n), SUM(total), MIN(smallest), MAX(largest), SUM(squares), SUM(satisfied)"
_FACT_SUMS = (
    "COUNT(*), SUM(value), MIN(value), MAX(value), SUM(value * value), "
    "SUM(CASE WHEN value >= 4 THEN 1 ELSE 0 END)"
)


def _tally_filters(filters: dict[str, list[Any]], params: dict[str, Any], tags: bool) -> str:
    sql = ""
    for attribute, values in filters.items():
        name = f"f_{attribute}"
        if attribute == "tag_id":
            if tags:
                likes = [f"(',' || tags || ',') LIKE :{name}_{i}" for i in range(len(values))]
                params.update({f"{name}_{i}": f"%,{v},%" for i, v in enumerate(values)})
                sql += f" AND ({' OR '.join(likes)})"
            continue
        params[name] = values
        sql += f" AND {_TALLY_COLUMNS.get(attribute, attribute)} IN :{name}"
    return sql


@dataclass(frozen=True)
class _Read:
    """What a tally read selects: the sums (one row), or per agent (``per_agent``)."""

    hours: str = _SUMS
    facts: str = _FACT_SUMS
    group: str = ""
    needs: tuple[str, ...] = ()  # the dimensions it reads besides the filters'


_PER_AGENT = _Read("agent_id, SUM(n)", "agent_id, COUNT(*)", " GROUP BY agent_id", ("agent_id",))


async def _facts(
    tx: Tx, org_id: str, kind: str, scope: str, query: Query, read: _Read, **bounds: Any
) -> list[Row]:
    params: dict[str, Any] = {"org": org_id, "kind": kind, **bounds}
    where = _tally_filters(query.filters or {}, params, tags=True)
    return await tx.fetch_all(
        f"SELECT {read.facts} FROM analytics_facts WHERE org_id = :org AND kind = :kind"
        f"{scope}{where}{read.group}",
        params,
    )


def grain(attributes: Iterable[str]) -> str:
    """The grain of hour rows that answers filters on these attributes: ``all`` for none,
    the dimension's own for one, ``full`` for several (tags are rows of every grain)."""
    dims = {_TALLY_COLUMNS.get(a, a) for a in attributes} - {"tag_id"}
    if len(dims) > 1:
        return "full"
    return next(iter(dims), "all")


async def _hours(
    tx: Tx, org_id: str, kind: str, query: Query, read: _Read, first: int, after: int
) -> list[Row]:
    filters = query.filters or {}
    tags = filters.get("tag_id")
    params: dict[str, Any] = {
        "org": org_id,
        "kind": kind,
        "tag": tags[0] if tags else "",
        "first": first,
        "after": after,
    }
    # the grain written out, not a parameter: both stores then read its partial index
    # (``schema_analytics.DIMENSION_INDEXES``), which a plan for any grain could not
    at = grain([*filters, *read.needs])
    assert at in GRAINS
    where = _tally_filters(query.filters or {}, params, tags=False)
    return await tx.fetch_all(
        f"SELECT {read.hours} FROM analytics_hours WHERE org_id = :org AND kind = :kind "
        f"AND grain = '{at}' AND tag_id = :tag AND hour >= :first AND hour < :after"
        f"{where}{read.group}",
        params,
    )


def _combine(parts: list[Row]) -> Aggregates:
    count = sum(int(p[0] or 0) for p in parts)
    totals = [float(p[1]) for p in parts if p[1] is not None]
    smallest = [float(p[2]) for p in parts if p[2] is not None]
    largest = [float(p[3]) for p in parts if p[3] is not None]
    total = sum(totals) if totals else None
    return Aggregates(
        count,
        total,
        min(smallest) if smallest else None,
        max(largest) if largest else None,
        total / count if count and total is not None else None,
        sum(float(p[4]) for p in parts if p[4] is not None) if count else None,
        sum(int(p[5] or 0) for p in parts),
    )


async def _read(tx: Tx, org_id: str, record: str, query: Query, read: _Read) -> list[Row]:
    """The tally rows of the window: the whole UTC hours from ``analytics_hours``, the
    ragged edges (and conversation ids, and filters on more than one tag, which the
    per-tag hour rows cannot answer without counting a conversation twice) from
    ``analytics_facts``; all indexed ranges."""
    kind = KIND[record]
    if query.csids is not None:
        scope = " AND conversation_id IN :csids"
        return await _facts(tx, org_id, kind, scope, query, read, csids=query.csids)
    assert query.start is not None and query.end is not None
    first = -(-query.start // HOUR) * HOUR
    after = query.end // HOUR * HOUR
    if first >= after or len((query.filters or {}).get("tag_id", [])) > 1:
        edges = [(query.start, query.end)]
        rows = []
    else:
        edges = [(query.start, first), (after, query.end)]
        rows = await _hours(tx, org_id, kind, query, read, first, after)
    for lo, hi in edges:
        if lo < hi:
            scope = " AND at >= :lo AND at < :hi"
            rows += await _facts(tx, org_id, kind, scope, query, read, lo=lo, hi=hi)
    return rows


async def aggregate(tx: Tx, org_id: str, record: str, query: Query) -> Aggregates:
    """A metric's sums over its records, from the tallies (``_read``)."""
    return _combine(await _read(tx, org_id, record, query, _Read()))


async def per_agent(tx: Tx, org_id: str, record: str, query: Query) -> Aggregates:
    """A metric grouped by agent first: the sums over the agents' record counts (Count:
    how many agents have records, Sum: all their records); records of no agent are left
    out."""
    counts: dict[str, int] = {}
    for r in await _read(tx, org_id, record, query, _PER_AGENT):
        if r[0]:
            counts[r[0]] = counts.get(r[0], 0) + int(r[1] or 0)
    values = [float(v) for v in counts.values() if v]
    total = sum(values)
    return Aggregates(
        len(values),
        total,
        min(values, default=None),
        max(values, default=None),
        total / len(values) if values else None,
        sum(v * v for v in values),
        0,
    )


@dataclass(frozen=True)
class RecordRow:
    at: int
    key: str | int
    value: float
    csid: int
    direction: str
    channel: str
    contact_point: str | None
    queue_id: str | None
    agent_id: str | None
    closed_by: str | None


def _record(r: Row) -> RecordRow:
    key = r[1] if isinstance(r[1], str) else int(r[1])
    return RecordRow(int(r[0]), key, float(r[2]), int(r[3]), r[4], r[5], r[6], r[7], r[8], r[9])


async def records(
    tx: Tx, org_id: str, record: str, query: Query, *, after: list[Any] | None, limit: int
) -> list[RecordRow]:
    """Records in the order of their primary timestamp (ties by key)."""
    source = SOURCES[record]
    params: dict[str, Any] = {"org": org_id}
    sql = (
        f"SELECT {source.time}, {source.key}, CAST({source.value} AS DOUBLE PRECISION), c.id, "
        "c.direction, c.channel, c.contact_endpoint_id, COALESCE(c.queue_id, c.last_queue_id), "
        f"{source.agent}, {source.closed_by} FROM {source.from_}"
        + _where(source, query, params)
        + source.has_value
    )
    sql = keyset.page(sql, params, after=after, limit=limit, columns=(source.time, source.key))
    return [_record(r) for r in await tx.fetch_all(sql, params)]


@dataclass(frozen=True)
class Choice:
    value: str
    label: str | None
    created_at: int


_CHOICES = {
    "agent_id": "SELECT id, display_name, created_at FROM users "
    "WHERE org_id = :org AND kind = 'Agent'",
    "queue_id": "SELECT id, name, created_at FROM queues WHERE org_id = :org",
    "tag_id": "SELECT id, name, created_at FROM tags WHERE org_id = :org",
    "contact_point": "SELECT id, name, created_at FROM contact_endpoints WHERE org_id = :org",
}


async def choices(
    tx: Tx, org_id: str, attribute: str, *, after: list[Any] | None, limit: int
) -> list[Choice]:
    """The organisation's values of ``attribute`` (agents, queues, tags, endpoints),
    oldest first."""
    params: dict[str, Any] = {"org": org_id}
    sql = keyset.page(_CHOICES[attribute], params, after=after, limit=limit)
    return [Choice(r[0], r[1], int(r[2])) for r in await tx.fetch_all(sql, params)]


def dynamic(attribute: str) -> bool:
    return attribute in _CHOICES
