"""The analytics tallies: what the metrics read instead of the conversations.

Facts (``analytics_facts``): each record a conversation contributes to a metric, one row
per kind (created, closed, rating, first_response, resolution, assignment) and key, at
the record's primary time, with its value, the values of the filter dimensions (channel,
direction, queue, agent, contact point) and its tags.
Hours (``analytics_hours``): the facts of one kind summed per UTC hour (count, sum, sum
of squares, ratings of 4 or more, min, max) at seven grains (``GRAINS``): over every
dimension (``all``: a window with no filter), per value of one dimension (a filter on
it), and per combination of all five (``full``: filters on several); each once for all
conversations (``tag_id`` ``''``) and once per tag the facts carry.

Both are kept in step by the transaction that changes a conversation: the journal marks
every conversation it records or emits something for, and ``refresh`` runs just before
the transaction commits (``parley.journal.derived``). It computes the conversations'
facts afresh from their rows and, when they differ from the stored ones, replaces them
and applies the difference to the hour rows: one upsert per row (sums by difference,
smallest and largest by comparison), in key order, so that concurrent transactions lock
rows in one order (no deadlock) and each adds to the other's committed sums; a row left
with no facts is deleted, and one that lost its smallest or largest value has both read
again from its facts.
``rebuild`` computes one organisation's tallies from scratch (the migration does the same
for every organisation).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import astuple, dataclass, replace
from typing import Any

from parley.store import Tx

HOUR = 3_600_000
DIMENSIONS = ("channel", "direction", "queue_id", "agent_id", "contact_point")
# The hour rows of each grain sum the facts over the dimensions it leaves out (``*``): all
# of them (a window with no filter), all but one (a filter on that one), or none (filters
# on several dimensions).
GRAINS: dict[str, tuple[str, ...]] = {
    "all": (),
    **{d: (d,) for d in DIMENSIONS},
    "full": DIMENSIONS,
}
ANY = "*"
_BATCH = 500
# What changes no fact: activity types and events (``parley.journal.derived``) whose
# changes leave every input of ``facts_sql`` and ``_REFRESH`` as it was (a conversation's
# row, its outbound messages, its rated Csat ratings, its tags, its ``ConversationAssigned``
# entries); the journal marks no conversation for them. A change left out costs a refresh,
# never a wrong fact; tests/analytics/test_tally.py shows each one here changes no fact. A
# note, or a message from the customer, touches only the conversation's times
# (``updated_at``, ``last_activity_at``, ``last_message_at``), which no fact reads (only
# outbound messages make one); an inbound message that reopens its conversation records
# the reopening, which marks it. The refresh was most of what a note cost (the facts'
# read, 143 µs of about 840 on the large store).
UNCHANGED = frozenset(
    {
        "ConversationRatingOffered",
        "ConversationCustomAttributesUpdated",
        "ConversationCustomAttributeUpdated",
        "ConversationLinkedToParent",
        "ConversationLinkedFromChild",
        "ConversationLinked",
        "NoteAdded",
        "MessageAddedByCustomer",
    }
)
_FIRST_OUT = (
    "(SELECT MIN(m.created_at) FROM messages m WHERE m.org_id = c.org_id "
    "AND m.conversation_id = c.id AND m.direction = 'Outbound')"
)


def _dims(agent: str) -> str:
    return (
        "c.channel, c.direction, COALESCE(c.queue_id, c.last_queue_id, ''), "
        f"COALESCE({agent}, ''), COALESCE(c.contact_endpoint_id, '')"
    )


def _v(expr: str) -> str:
    return f"CAST({expr} AS DOUBLE PRECISION)"


def facts_sql(scope: str) -> str:
    """Every fact of the organisation's conversations (``:org``) that satisfy ``scope``
    (conditions on ``c``): kind, key, conversation id, time, value, then the dimensions."""
    key = "CAST(c.id AS VARCHAR(36))"
    a = _dims("c.assigned_agent_id")
    conv = f" FROM conversations c WHERE c.org_id = :org{scope}"
    closed = " AND c.closed_at IS NOT NULL"
    rated = (
        " FROM ratings r JOIN conversations c ON c.org_id = r.org_id AND c.id = r.conversation_id"
        f" WHERE c.org_id = :org{scope} AND r.status = 'Rated' AND r.rating_type = 'Csat'"
        # unary + keeps SQLite from reading the organisation's ratings by submission time
        # (ix_ratings_submitted) to find a few conversations' (ix_ratings_conversation)
        " AND +r.submitted_at IS NOT NULL AND r.score IS NOT NULL"
    )
    first = _v(f"({_FIRST_OUT} - c.created_at) / 1000.0")
    parts = (
        f"SELECT 'created', {key}, c.id, c.created_at, {_v('1')}, {a}{conv}",
        f"SELECT 'closed', {key}, c.id, c.closed_at, {_v('1')}, {a}{conv}{closed}",
        f"SELECT 'rating', r.id, c.id, r.submitted_at, {_v('r.score')}, {_dims('r.agent_id')}"
        + rated,
        f"SELECT 'first_response', {key}, c.id, c.created_at, {first}, {a}{conv}"
        f" AND {_FIRST_OUT} IS NOT NULL",
        f"SELECT 'resolution', {key}, c.id, c.closed_at, "
        f"{_v('(c.closed_at - c.created_at) / 1000.0')}, {a}{conv}{closed}",
    )
    return " UNION ALL ".join(parts)


@dataclass(frozen=True, order=True)
class Fact:
    kind: str
    fact_key: str
    conversation_id: int
    at: int
    value: float
    channel: str
    direction: str
    queue_id: str
    agent_id: str
    contact_point: str
    tags: str

    def cells(self) -> list[tuple[Any, ...]]:
        """The hour rows this fact counts in: ``(grain, tag_id, kind, hour, *dimensions)``,
        the dimensions a grain leaves out as ``*``."""
        values = (self.channel, self.direction, self.queue_id, self.agent_id, self.contact_point)
        hour = self.at - self.at % HOUR
        tags = ("", *(tag for tag in self.tags.split(",") if tag))
        return [
            (grain, tag, self.kind, hour,
             *(v if d in kept else ANY for d, v in zip(DIMENSIONS, values, strict=True)))
            for grain, kept in GRAINS.items()
            for tag in tags
        ]  # fmt: skip


_FACT_COLUMNS = (
    "kind, fact_key, conversation_id, at, value, channel, direction, queue_id, agent_id, "
    "contact_point, tags"
)


def _fact(r: Any, tags: str | None = None) -> Fact:
    return Fact(
        r[0], str(r[1]), int(r[2]), int(r[3]), float(r[4]), r[5], r[6], r[7], r[8], r[9],
        r[10] if tags is None else tags,
    )  # fmt: skip


async def _tags(tx: Tx, org_id: str, scope: str, params: dict[str, Any]) -> dict[int, str]:
    rows = await tx.fetch_all(
        "SELECT conversation_id, tag_id FROM conversation_tags WHERE org_id = :org"
        f"{scope} ORDER BY conversation_id, tag_id",
        params,
    )
    found: dict[int, list[str]] = defaultdict(list)
    for r in rows:
        found[int(r[0])].append(r[1])
    return {cid: ",".join(tags) for cid, tags in found.items()}


# Assignments: one fact per ``ConversationAssigned`` entry of the activity log, for the
# agent its attributes name (read here: JSON is not read in SQL, whose functions for it
# differ between the stores).
_ASSIGNED = (
    "SELECT a.id, c.id, a.activity_at, a.attributes, c.channel, c.direction, "
    "COALESCE(c.queue_id, c.last_queue_id, ''), COALESCE(c.contact_endpoint_id, '') "
    "FROM activity a JOIN conversations c ON c.org_id = a.org_id AND c.id = a.conversation_id "
    "WHERE a.org_id = :org AND a.type = 'ConversationAssigned'"
)


def assigned_agent(attributes: str | None) -> str:
    """The ``agentId`` of a ``ConversationAssigned`` entry's attributes (``''``: none)."""
    try:
        value = json.loads(attributes or "{}").get("agentId")
    except (ValueError, AttributeError):
        return ""
    return value if isinstance(value, str) else ""


async def assignment_facts(tx: Tx, scope: str, params: dict[str, Any]) -> list[Fact]:
    return [
        Fact("assignment", r[0], int(r[1]), int(r[2]), 1.0, r[4], r[5], r[6],
             assigned_agent(r[3]), r[7], "")
        for r in await tx.fetch_all(_ASSIGNED + scope, params)
    ]  # fmt: skip


# One statement reads what a refresh compares (``_REFRESH``): the facts of the
# conversations as their rows stand (``now``; assignments with their entry's attributes
# last), their tags (``tag``), and the facts stored for them (``old``, tags last).
_NO_TEXT = "CAST(NULL AS TEXT)"
_REFRESH = " UNION ALL ".join(
    (
        f"SELECT 'now', x.*, {_NO_TEXT} FROM ({facts_sql(' AND c.id IN :cids')}) x",
        "SELECT 'now', 'assignment', a.id, c.id, a.activity_at, "
        f"{_v('1')}, c.channel, c.direction, COALESCE(c.queue_id, c.last_queue_id, ''), '', "
        "COALESCE(c.contact_endpoint_id, ''), a.attributes "
        "FROM activity a JOIN conversations c ON c.org_id = a.org_id AND c.id = a.conversation_id "
        "WHERE a.org_id = :org AND a.type = 'ConversationAssigned' AND a.conversation_id IN :cids",
        f"SELECT 'tag', '', t.tag_id, t.conversation_id, 0, {_v('0')}, '', '', '', '', '', "
        f"{_NO_TEXT} FROM conversation_tags t WHERE t.org_id = :org AND t.conversation_id IN :cids",
        f"SELECT 'old', {_FACT_COLUMNS} FROM analytics_facts "
        "WHERE org_id = :org AND conversation_id IN :cids",
    )
)


async def facts_now_and_stored(
    tx: Tx, org_id: str, conversation_ids: Sequence[int]
) -> tuple[set[Fact], set[Fact]]:
    """The facts of these conversations as their rows stand, and those stored for them."""
    rows = await tx.fetch_all(_REFRESH, {"org": org_id, "cids": list(conversation_ids)})
    found: dict[int, list[str]] = defaultdict(list)
    for r in rows:
        if r[0] == "tag":
            found[int(r[3])].append(r[2])
    tags = {cid: ",".join(sorted(t)) for cid, t in found.items()}
    new: set[Fact] = set()
    old: set[Fact] = set()
    for r in rows:
        if r[0] == "old":
            old.add(_fact(r[1:]))
        elif r[0] == "now":
            fact = _fact(r[1:], tags.get(int(r[3]), ""))
            if fact.kind == "assignment":
                fact = replace(fact, agent_id=assigned_agent(r[11]))
            new.add(fact)
    return new, old


async def refresh(tx: Tx, org_id: str, conversation_ids: Sequence[int]) -> None:
    """Bring the facts of these conversations, and the hours they fall in, in line with
    the conversations' rows (see the module docstring)."""
    ids = sorted(set(conversation_ids))
    for i in range(0, len(ids), _BATCH):
        chunk = ids[i : i + _BATCH]
        new, old = await facts_now_and_stored(tx, org_id, chunk)
        if new == old:
            continue
        gone, added = old - new, new - old
        await _replace(tx, org_id, gone, added)
        await _apply(tx, org_id, gone, added)


async def _replace(tx: Tx, org_id: str, gone: Iterable[Fact], added: Iterable[Fact]) -> None:
    removed = [{"org": org_id, "kind": f.kind, "key": f.fact_key} for f in gone]
    if removed:
        await tx.execute_many(
            "DELETE FROM analytics_facts WHERE org_id = :org AND kind = :kind AND fact_key = :key",
            removed,
        )
    columns = [c.strip() for c in _FACT_COLUMNS.split(",")]
    rows = [{"org": org_id, **dict(zip(columns, astuple(f), strict=True))} for f in added]
    if rows:
        values = ", ".join(f":{c}" for c in columns)
        await tx.execute_many(
            f"INSERT INTO analytics_facts (org_id, {_FACT_COLUMNS}) VALUES (:org, {values})",
            rows,
        )


_CELL = ("grain", "tag_id", "kind", "hour", *DIMENSIONS)
_CELL_COLUMNS = ", ".join(_CELL)
_CELL_MATCH = " AND ".join(f"{c} = :{c}" for c in _CELL)
_SUMS = (
    "COUNT(*), SUM(value), SUM(value * value), SUM(CASE WHEN value >= 4 THEN 1 ELSE 0 END), "
    "MIN(value), MAX(value)"
)


def _extreme(column: str, op: str) -> str:
    return (
        f"{column} = CASE WHEN excluded.{column} IS NOT NULL AND (analytics_hours.{column} "
        f"IS NULL OR excluded.{column} {op} analytics_hours.{column}) THEN excluded.{column} "
        f"ELSE analytics_hours.{column} END"
    )


_ADD = (
    f"INSERT INTO analytics_hours (org_id, {_CELL_COLUMNS}, n, total, squares, satisfied, "
    f"smallest, largest) VALUES (:org, {', '.join(f':{c}' for c in _CELL)}, :n, :total, "
    f":squares, :satisfied, :smallest, :largest) ON CONFLICT (org_id, {_CELL_COLUMNS}) "
    "DO UPDATE SET n = analytics_hours.n + excluded.n, "
    "total = analytics_hours.total + excluded.total, "
    "squares = analytics_hours.squares + excluded.squares, "
    f"satisfied = analytics_hours.satisfied + excluded.satisfied, {_extreme('smallest', '<')}, "
    f"{_extreme('largest', '>')}"
)


def _deltas(gone: Iterable[Fact], added: Iterable[Fact]) -> dict[tuple[Any, ...], Any]:
    """Per hour row, the values it gains and loses (those it both gains and loses cancel)."""
    plus: dict[tuple[Any, ...], Counter[float]] = defaultdict(Counter)
    minus: dict[tuple[Any, ...], Counter[float]] = defaultdict(Counter)
    for facts, into in ((added, plus), (gone, minus)):
        for f in facts:
            for cell in f.cells():
                into[cell][f.value] += 1
    out = {}
    for cell in sorted(set(plus) | set(minus)):
        both = plus[cell] & minus[cell]
        gained, lost = plus[cell] - both, minus[cell] - both
        if gained or lost:
            out[cell] = (gained, lost)
    return out


def _sum(values: Counter[float], power: int = 1) -> float:
    return sum(v**power * k for v, k in values.items())


async def _apply(tx: Tx, org_id: str, gone: Iterable[Fact], added: Iterable[Fact]) -> None:
    """Add the new facts to their hour rows and take the old ones out: one upsert per row
    (count and sums by difference, smallest and largest by comparison), in key order, so
    that concurrent transactions lock rows in one order and each waits for the other's
    sums. A row left with no facts is deleted; one that lost its smallest or largest
    value has both read again from its facts."""
    deltas = _deltas(gone, added)
    rows = [
        {"org": org_id, **dict(zip(_CELL, cell, strict=True)),
         "n": gained.total() - lost.total(), "total": _sum(gained) - _sum(lost),
         "squares": _sum(gained, 2) - _sum(lost, 2),
         "satisfied": sum(k for v, k in gained.items() if v >= 4)
         - sum(k for v, k in lost.items() if v >= 4),
         "smallest": min(gained, default=None), "largest": max(gained, default=None)}
        for cell, (gained, lost) in deltas.items()
    ]  # fmt: skip
    if rows:
        await tx.execute_many(_ADD, rows)
    for row, (_gained, lost) in zip(rows, deltas.values(), strict=True):
        if lost:
            await _settle(tx, row, lost)


async def _settle(tx: Tx, row: dict[str, Any], lost: Counter[float]) -> None:
    where = f" WHERE org_id = :org AND {_CELL_MATCH}"
    params = {k: row[k] for k in ("org", *_CELL)}
    found = await tx.fetch_one("SELECT n, smallest, largest FROM analytics_hours" + where, params)
    if found is None or int(found[0]) <= 0:
        await tx.execute("DELETE FROM analytics_hours" + where, params)
        return
    low, high = found[1], found[2]
    if low == high or not any(v <= low or v >= high for v in lost):
        return
    kept = GRAINS[row["grain"]]
    dims = "".join(f" AND {d} = :{d}" for d in kept)
    tagged = " AND (',' || tags || ',') LIKE :pattern" if row["tag_id"] else ""
    r = await tx.fetch_one(
        "SELECT MIN(value), MAX(value) FROM analytics_facts WHERE org_id = :org "
        f"AND kind = :kind AND at >= :hour AND at < :hour + {HOUR}{dims}{tagged}",
        {**params, "pattern": f"%,{row['tag_id']},%"},
    )
    assert r is not None
    await tx.execute(
        "UPDATE analytics_hours SET smallest = :low, largest = :high" + where,
        {**params, "low": r[0], "high": r[1]},
    )


_HOUR_OF = f"at - at % {HOUR}"


def _grain_sql(grain: str, tagged: bool) -> str:
    """``INSERT … SELECT`` of one grain's hour rows (per tag when ``tagged``)."""
    kept = GRAINS[grain]
    columns = ", ".join(d if d in kept else f"'{ANY}'" for d in DIMENSIONS)
    group = ", ".join(["f.org_id", "kind", _HOUR_OF, *kept] + (["t.tag_id"] if tagged else []))
    join = (
        " JOIN conversation_tags t ON t.org_id = f.org_id AND t.conversation_id = f.conversation_id"
        if tagged
        else ""
    )
    tag = "t.tag_id" if tagged else "''"
    return (
        f"INSERT INTO analytics_hours (grain, tag_id, org_id, kind, hour, {', '.join(DIMENSIONS)}, "
        "n, total, squares, satisfied, smallest, largest) "
        f"SELECT '{grain}', {tag}, f.org_id, kind, {_HOUR_OF}, "
        f"{columns}, {_SUMS} FROM analytics_facts f{join} WHERE f.org_id = :org GROUP BY {group}"
    )


async def rebuild(tx: Tx, org_id: str) -> None:
    """The organisation's tallies computed from scratch (after a bulk load)."""
    params: dict[str, Any] = {"org": org_id}
    for table in ("analytics_hours", "analytics_facts"):
        await tx.execute(f"DELETE FROM {table} WHERE org_id = :org", params)
    await tx.execute(
        f"INSERT INTO analytics_facts (kind, fact_key, conversation_id, at, value, "
        f"{', '.join(DIMENSIONS)}, org_id, tags) "
        f"SELECT x.*, CAST(:org AS VARCHAR(36)), '' FROM ({facts_sql('')}) x",
        params,
    )
    await _replace(tx, org_id, (), await assignment_facts(tx, "", params))
    tags = await _tags(tx, org_id, "", params)
    if tags:
        await tx.execute_many(
            "UPDATE analytics_facts SET tags = :tags "
            "WHERE org_id = :org AND conversation_id = :cid",
            [{"org": org_id, "cid": cid, "tags": t} for cid, t in tags.items()],
        )
    for grain in GRAINS:
        for tagged in (False, True):
            await tx.execute(_grain_sql(grain, tagged), params)
