"""Search SQL for SQLite (FTS5 table ``search_fts``; see the 0002 migration).

A document's rowid is ``conversation_id << 24 | slot``, so ``rowid >> 24`` is its
conversation, a conversation's documents are the rowid range ``[cid << 24, cid << 24 |
0xFFFFFF]``, and FTS5 returns matches in conversation order for free. Relevance is
FTS5's ``rank`` (bm25 with column weights, configured in the migration; lower is
better); a conversation scores as its best document. The index is shared by the
organisations of the file: every query joins ``conversations`` on (org_id, id).
"""

from __future__ import annotations

import json
from typing import Any

from parley.search import query_text as qt
from parley.search.highlight import END, START
from parley.search.repository import REQUESTER_NAME, insert_documents, message_position
from parley.search.types import NO_FILTER, Filter, Highlights, RankedRow
from parley.store import Database, Tx

SLOT_BITS = 24
SLOT_MASK = (1 << SLOT_BITS) - 1
SNIPPET_TOKENS = 24
NO_KEY = 1 << 62
MAX_CHUNK = 4096
WINDOW = 1000  # conversations sampled to estimate how common a text is


def lo(conversation_id: int) -> int:
    return conversation_id << SLOT_BITS


def hi(conversation_id: int) -> int:
    return (conversation_id << SLOT_BITS) | SLOT_MASK


async def count_matches(tx: Tx, org_id: str, p: qt.Parsed, limit: int) -> int:
    """How many documents match (in the whole file), as far as comparing with ``limit``
    needs. A single word is counted, no further than ``limit`` (cheap: no positions to
    check). For several words or a phrase, the matches among the documents of the newest
    ``WINDOW`` conversations are counted first and scaled to all conversations; only when
    that does not already reach ``limit`` are the matches counted."""
    q = qt.fts_match(p)
    if len(p.words) + len(p.phrases) > 1 or p.phrases:
        top = await tx.fetch_val("SELECT rowid FROM search_fts ORDER BY rowid DESC LIMIT 1")
        newest_id = int(top or 0) >> 24
        if newest_id > WINDOW:
            seen = await tx.fetch_val(
                "SELECT COUNT(*) FROM search_fts WHERE search_fts MATCH :q AND rowid >= :lo",
                {"q": q, "lo": lo(newest_id - WINDOW)},
            )
            estimate = int(seen or 0) * newest_id // WINDOW
            if estimate >= limit:
                return estimate
    v = await tx.fetch_val(
        "SELECT COUNT(*) FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH :q LIMIT :n)",
        {"q": q, "n": limit},
    )
    return int(v or 0)


async def ranked(
    tx: Tx, org_id: str, p: qt.Parsed, f: Filter, after: list[Any] | None, n: int
) -> list[RankedRow]:
    """Every match is scored (the caller makes sure there are not too many), the
    conversations are ordered by their best score, then by id (newest first), and
    checked against the organisation and the filters in growing chunks, from the top,
    only until the page is full."""
    best: dict[int, float] = {}
    for r in await tx.fetch_all(
        "SELECT rowid >> 24, rank FROM search_fts WHERE search_fts MATCH :q", {"q": qt.fts_match(p)}
    ):
        cid, score = int(r[0]), float(r[1])
        if cid not in best or score < best[cid]:
            best[cid] = score
    order = sorted(best.items(), key=lambda item: (item[1], -item[0]))
    if after is not None:
        # bm25 weighs each term by its rarity in the whole index, so any write (to any
        # organisation of the file) moves every score a little: the page continues after
        # the last hit's *current* score, not the one it had when the page was served.
        a_i = int(after[1])
        a_s = float(after[0])
        if a_i in best and await _check(tx, org_id, NO_FILTER, [a_i]):
            a_s = best[a_i]  # (a key naming another organisation's conversation learns nothing)
        order = [(c, s) for c, s in order if (s, -c) > (a_s, -a_i)]
    out: list[RankedRow] = []
    start, chunk = 0, 2 * n
    while len(out) < n and start < len(order):
        part = order[start : start + chunk]
        found = await _check(tx, org_id, f, [c for c, _s in part])
        out += [RankedRow(c, s, found[c]) for c, s in part if c in found]
        start, chunk = start + chunk, min(chunk * 4, MAX_CHUNK)
    return out[:n]


async def _check(tx: Tx, org_id: str, f: Filter, cids: list[int]) -> dict[int, int]:
    """Which of these conversations belong to the organisation and pass the filters:
    id -> created_at."""
    rows = await tx.fetch_all(
        # CROSS JOIN keeps the id list as the outer loop: one primary key lookup per id
        # (without statistics the planner may scan the organisation's created index).
        "SELECT c.id, c.created_at FROM json_each(:ids) j CROSS JOIN conversations c "
        f"ON c.org_id = :org_id AND c.id = j.value WHERE ({f.where})",
        {"org_id": org_id, "ids": json.dumps(cids), **f.params},
    )
    return {int(r[0]): int(r[1]) for r in rows}


async def newest(
    tx: Tx, org_id: str, p: qt.Parsed, f: Filter, after_id: int | None, n: int
) -> list[RankedRow]:
    """Matching conversations by id, newest first, without scoring: FTS5 streams the
    matches in descending rowid (= conversation) order and stops after a chunk; each
    chunk's conversations are checked against the organisation and the filters, and
    further, growing chunks are read only until the page is full."""
    q = qt.fts_match(p)
    below = lo(after_id) if after_id is not None else NO_KEY
    chunk = 4 * n
    out: list[RankedRow] = []
    while len(out) < n:
        rowids = [
            int(r[0])
            for r in await tx.fetch_all(
                "SELECT rowid FROM search_fts WHERE search_fts MATCH :q AND rowid < :below "
                "ORDER BY rowid DESC LIMIT :n",
                {"q": q, "below": below, "n": chunk},
            )
        ]
        if not rowids:
            break
        cids = list(dict.fromkeys(r >> 24 for r in rowids))
        found = await _check(tx, org_id, f, cids)
        out += [RankedRow(cid, None, found[cid]) for cid in cids if cid in found]
        if len(rowids) < chunk:
            break
        below = lo(cids[-1])  # the rest of the last conversation's documents is skipped
        chunk = min(chunk * 4, MAX_CHUNK)
    return out[:n]


async def highlights(
    tx: Tx, org_id: str, p: qt.Parsed, ids: list[int], inner_hits: int
) -> dict[int, Highlights]:
    """Highlighted header fields and the first few matching messages of each hit: two
    statements for the whole page, not two per hit (each statement on a worker thread takes
    the GIL back from the event loop once more). The ids are the outer loop (``CROSS
    JOIN``), each a rowid lookup or a rowid range in the match."""
    out = {cid: Highlights() for cid in ids}
    if not ids:
        return out
    heads = await tx.fetch_all(
        "SELECT search_fts.rowid >> 24, highlight(search_fts, 0, :s, :e), "
        "highlight(search_fts, 1, :s, :e), highlight(search_fts, 2, :s, :e) "
        "FROM json_each(:rowids) AS j CROSS JOIN search_fts "
        "WHERE search_fts MATCH :q AND search_fts.rowid = j.value",
        {
            "q": qt.fts_match_any(p, "subject name email"),
            "rowids": json.dumps([lo(cid) for cid in ids]),
            "s": START,
            "e": END,
        },
    )
    for r in heads:
        h = out[int(r[0])]
        h.subject, h.name, h.email = r[1], r[2], r[3]
    # In conversation order (rowid order). Not by relevance: bm25 first counts every
    # document of the index containing each term, which costs milliseconds for a common
    # word, per hit. ``b`` (materialized: once per hit) cuts each conversation's range at
    # its ``inner_hits``-th match (a LIMIT per conversation), so a long conversation is
    # neither read nor snippeted to its end.
    texts = await tx.fetch_all(
        "WITH b AS MATERIALIZED (SELECT (SELECT max(rowid) FROM (SELECT rowid FROM search_fts "
        "WHERE search_fts MATCH :q AND rowid BETWEEN (j.value << 24) + 1 "
        "AND (j.value << 24) + :mask LIMIT :n)) AS last FROM json_each(:ids) AS j) "
        "SELECT search_fts.rowid >> 24, message_id, snippet(search_fts, 3, :s, :e, '…', :k) "
        "FROM b CROSS JOIN search_fts WHERE b.last IS NOT NULL AND search_fts MATCH :q "
        "AND search_fts.rowid BETWEEN ((b.last >> 24) << 24) + 1 AND b.last",
        {
            "q": qt.fts_match(p, "text"),
            "ids": json.dumps(ids),
            "mask": SLOT_MASK,
            "n": inner_hits,
            "s": START,
            "e": END,
            "k": SNIPPET_TOKENS,
        },
    )
    for r in texts:
        if r[1] is not None:
            out[int(r[0])].inner.append((str(r[1]), str(r[2])))
    return out


# ---- filters --------------------------------------------------------------------------


def attribute_match(org: str, p: str, count: int, *, everyone: bool) -> tuple[str, dict[str, Any]]:
    """A conversation custom attribute (``:{p}_attr``) whose value, a JSON string or array,
    holds one (or, ``everyone``, each) of the ``count`` texts ``:{p}``: the condition over
    ``conversations c`` and its extra parameters. ``json_each`` walks the value."""
    if everyone:
        return (
            "(SELECT COUNT(DISTINCT j.value) FROM conversation_attributes a, "
            f"json_each(a.value) j WHERE a.org_id = {org} AND a.conversation_id = c.id "
            f"AND a.attribute_id = :{p}_attr AND j.value IN :{p}) = :{p}_n"
        ), {f"{p}_n": count}
    return (
        "EXISTS (SELECT 1 FROM conversation_attributes a, json_each(a.value) j "
        f"WHERE a.org_id = {org} AND a.conversation_id = c.id "
        f"AND a.attribute_id = :{p}_attr AND j.value IN :{p})"
    ), {}


# ---- the index: writes, in the writer's transaction -----------------------------------
# Rows are deleted by rowid (FTS5 reads its own stored copy of the text to remove the
# tokens), then inserted again from the current rows. Anonymized messages and
# conversations are never indexed.

_HEADER = f"""
INSERT INTO search_fts (rowid, subject, name, email, text, message_id)
SELECT c.id << 24, COALESCE(c.subject, ''), {REQUESTER_NAME}, COALESCE(u.email, ''), '', NULL
FROM conversations c LEFT JOIN users u ON u.org_id = c.org_id AND u.id = c.requester_id
WHERE c.org_id = :org AND c.anonymized_at IS NULL AND {{where}}
"""

_MESSAGES = """
INSERT INTO search_fts (rowid, subject, name, email, text, message_id)
SELECT (m.conversation_id << 24) | m.seq, '', '', '', m.text, m.id
FROM messages m
WHERE m.org_id = :org AND m.text IS NOT NULL AND m.text <> '' AND m.anonymized_at IS NULL
  AND m.seq BETWEEN 1 AND 16777215 AND {where}
"""


async def _delete_range(tx: Tx, start: int, end: int) -> None:
    await tx.execute(
        "DELETE FROM search_fts WHERE rowid BETWEEN :lo AND :hi", {"lo": start, "hi": end}
    )


async def put_message(tx: Tx, org_id: str, conversation_id: int, message_id: str) -> None:
    pos = await message_position(tx, org_id, message_id)
    if pos is None:
        return
    rowid = lo(pos[0]) | pos[1]
    await _delete_range(tx, rowid, rowid)
    params = {"org": org_id, "cid": conversation_id, "mid": message_id}
    await tx.execute(_MESSAGES.format(where="m.conversation_id = :cid AND m.id = :mid"), params)


async def delete_message(tx: Tx, org_id: str, message_id: str) -> None:
    pos = await message_position(tx, org_id, message_id)
    if pos is not None:
        rowid = lo(pos[0]) | pos[1]
        await _delete_range(tx, rowid, rowid)
    else:  # the message row is gone: find its document by id (a scan, rare)
        await tx.execute(
            "DELETE FROM search_fts WHERE rowid IN "
            "(SELECT rowid FROM search_fts WHERE message_id = :mid)",
            {"mid": message_id},
        )


async def put_headers(tx: Tx, org_id: str, conversation_ids: list[int]) -> None:
    if not conversation_ids:
        return
    for cid in conversation_ids:
        await _delete_range(tx, lo(cid), lo(cid))
    await tx.execute(_HEADER.format(where="c.id IN :ids"), {"org": org_id, "ids": conversation_ids})


async def drop_conversations(tx: Tx, org_id: str, conversation_ids: list[int]) -> None:
    for cid in conversation_ids:
        await _delete_range(tx, lo(cid), hi(cid))


async def put_conversations(tx: Tx, org_id: str, conversation_ids: list[int]) -> int:
    return await insert_documents(tx, org_id, conversation_ids, _HEADER, _MESSAGES)


async def optimize(tx: Tx) -> None:
    """Merge the index into as few segments as possible."""
    await tx.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")


async def after_rebuild(db: Database) -> None:
    """The index merged into one segment (FTS5 ``optimize``, a few seconds per million
    documents)."""
    async with db.transaction() as tx:
        await optimize(tx)
