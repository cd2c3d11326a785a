"""Search SQL for PostgreSQL (``search_docs`` with a GIN index; see the 0002 migration).

Relevance is ``ts_rank`` (header weights: subject A, requester name and email B; message
text D); a conversation scores as its best document. ``ts_headline`` runs only for the
hits of the page.
"""

from __future__ import annotations

import json
from typing import Any

from parley.search import query_text as qt
from parley.search.highlight import END, LT_GT, START
from parley.search.repository import REQUESTER_NAME, insert_documents, message_position
from parley.search.types import NO_FILTER, Filter, Highlights, RankedRow
from parley.store import Database, Tx

CONFIG = qt.CONFIG
ESTIMATED_WORDS = 6
SAMPLE = 4000
MAX_CHUNK = 4096
ESTIMATE_FROM_ROWS = 50_000
FRAGMENT_OPTIONS = (
    f'StartSel="{START}", StopSel="{END}", MaxWords=30, MinWords=12, ShortWord=2, MaxFragments=0'
)
WHOLE_OPTIONS = f'StartSel="{START}", StopSel="{END}", HighlightAll=true'
_NAME = REQUESTER_NAME


def _safe(expr: str) -> str:
    """The text with ``<`` and ``>`` swapped for stand-ins (see ``highlight.LT_GT``)."""
    return f"translate({expr}, '<>', :ltgt)"


def _walked(alias: str, q: str) -> str:
    """``tsv @@ q`` for rows reached through a B-tree (a primary key walk or lookup): the
    function form keeps the planner from switching to the GIN index, whose estimates for
    phrases are far too low (it then fetches and sorts every match)."""
    return f"ts_match_vq({alias}.tsv, {q})"


_SUBJECT = _safe("COALESCE(c.subject, '')")
_EMAIL = _safe("COALESCE(u.email, '')")
_TEXT = _safe("x.text")


async def count_matches(tx: Tx, org_id: str, p: qt.Parsed, limit: int) -> int:
    """An estimate of how many documents match, good enough to compare with ``limit``:
    - the planner's estimate of each word (column statistics, a fraction of a millisecond)
      settles single words, and texts with a word rarer than ``limit`` (every match
      contains that word);
    - otherwise (several words, each common) the organisation's newest ``SAMPLE``
      documents are tested and the share that matches is scaled to the whole index;
    - without statistics yet, or on a small index, the matches are counted, no further
      than ``limit``."""
    words = [w for phrase in p.phrases for w in phrase if w not in qt.STOP_WORDS]
    words = list(dict.fromkeys(p.words + words))[:ESTIMATED_WORDS]
    q, params = qt.pg_query(p)
    if words and await _has_statistics(tx):
        estimates = [await _estimate(tx, w) for w in words]
        if min(estimates) < limit or (len(p.words) == 1 and not p.phrases):
            return min(estimates)
        row = await tx.fetch_one(
            "SELECT COUNT(*) FILTER (WHERE ts_match_vq(x.tsv, "
            f"{q})), COUNT(*), (SELECT reltuples FROM pg_class WHERE relname = 'search_docs') "
            "FROM (SELECT d.tsv FROM search_docs d WHERE d.org_id = :org_id "
            " ORDER BY d.conversation_id DESC, d.doc_id DESC LIMIT :sample) x",
            {**params, "org_id": org_id, "sample": SAMPLE},
        )
        if row is not None and int(row[1]) > 0:
            return int(int(row[0]) * max(float(row[2]), float(row[1])) / int(row[1]))
        return 0
    v = await tx.fetch_val(
        "SELECT COUNT(*) FROM (SELECT 1 FROM search_docs d "
        f"WHERE d.org_id = :org_id AND d.tsv @@ {q} LIMIT :n) x",
        {**params, "org_id": org_id, "n": limit},
    )
    return int(v or 0)


async def _has_statistics(tx: Tx) -> bool:
    """Whether the planner's statistics of ``search_docs`` can stand in for counting: the
    table has been analysed and is large (on a small one, counting is cheap and exact)."""
    v = await tx.fetch_val(
        "SELECT 1 FROM pg_stats s JOIN pg_class t ON t.relname = s.tablename "
        "WHERE s.tablename = 'search_docs' AND s.attname = 'tsv' "
        "AND s.most_common_elems IS NOT NULL AND t.reltuples >= :rows",
        {"rows": ESTIMATE_FROM_ROWS},
    )
    return v is not None


async def _estimate(tx: Tx, word: str) -> int:
    plan = await tx.fetch_val(
        "EXPLAIN (FORMAT JSON) SELECT 1 FROM search_docs "
        f"WHERE tsv @@ plainto_tsquery('{qt.WORDS_CONFIG}', :w)",
        {"w": word},
    )
    rows = json.loads(plan)[0]["Plan"]["Plan Rows"] if isinstance(plan, str) else 0
    return int(rows)


async def ranked(
    tx: Tx, org_id: str, p: qt.Parsed, f: Filter, after: list[Any] | None, n: int
) -> list[RankedRow]:
    """Conversations by their best document's score, then by id (newest first). With
    filters, the scored conversations are checked from the top, in growing chunks, only
    until the page is full (rather than filtering every match before ordering)."""
    q, params = qt.pg_query(p)
    params.update(org_id=org_id)
    scored = (
        f"SELECT d.conversation_id AS cid, MAX(ts_rank(d.tsv, {q})) AS score "
        f"FROM search_docs d WHERE d.org_id = :org_id AND d.tsv @@ {q} "
        "GROUP BY d.conversation_id"
    )
    if not f.params and f.where == NO_FILTER.where:
        keyset = "TRUE"
        if after is not None:
            keyset = "(m.score < :a_s OR (m.score = :a_s AND m.cid < :a_i))"
            params.update(a_s=float(after[0]), a_i=int(after[1]))
        rows = await tx.fetch_all(
            f"SELECT m.cid, m.score FROM ({scored}) m WHERE {keyset} "
            "ORDER BY m.score DESC, m.cid DESC LIMIT :n",
            {**params, "n": n},
        )
        return [RankedRow(int(r[0]), float(r[1]), 0) for r in rows]
    order = sorted(
        ((int(r[0]), float(r[1])) for r in await tx.fetch_all(scored, params)),
        key=lambda item: (-item[1], -item[0]),
    )
    if after is not None:
        a_s, a_i = float(after[0]), int(after[1])
        order = [(c, s) for c, s in order if (-s, -c) > (-a_s, -a_i)]
    out: list[RankedRow] = []
    start, chunk = 0, 2 * n
    while len(out) < n and start < len(order):
        part = order[start : start + chunk]
        rows = await tx.fetch_all(
            "SELECT c.id FROM conversations c "
            f"WHERE c.org_id = :org_id AND c.id IN :ids AND ({f.where})",
            {"org_id": org_id, "ids": [c for c, _s in part], **f.params},
        )
        passed = {int(r[0]) for r in rows}
        out += [RankedRow(c, s, 0) for c, s in part if c in passed]
        start, chunk = start + chunk, min(chunk * 4, MAX_CHUNK)
    return out[:n]


async def newest(
    tx: Tx, org_id: str, p: qt.Parsed, f: Filter, after_id: int | None, n: int
) -> list[RankedRow]:
    """Matching conversations by id, newest first, without scoring: the primary key of
    ``search_docs`` (org_id, conversation_id, doc_id) is walked backwards, testing each
    document, until the page is full (with filters, merged with the conversations'
    primary key walked the same way)."""
    q, params = qt.pg_query(p)
    params.update(org_id=org_id, n=n, after=after_id if after_id is not None else 1 << 62)
    if not f.params and f.where == NO_FILTER.where:
        rows = await tx.fetch_all(
            "SELECT DISTINCT d.conversation_id FROM search_docs d "
            f"WHERE d.org_id = :org_id AND d.conversation_id < :after AND {_walked('d', q)} "
            "ORDER BY d.conversation_id DESC LIMIT :n",
            params,
        )
        return [RankedRow(int(r[0]), None, 0) for r in rows]
    params.update(f.params)
    rows = await tx.fetch_all(
        "SELECT c.id FROM conversations c "
        "WHERE c.org_id = :org_id AND c.id < :after "
        f"AND ({f.where}) "
        "AND EXISTS (SELECT 1 FROM search_docs d WHERE d.org_id = c.org_id "
        f" AND d.conversation_id = c.id AND {_walked('d', q)}) "
        "ORDER BY c.id DESC LIMIT :n",
        params,
    )
    return [RankedRow(int(r[0]), None, 0) for r in rows]


async def highlights(
    tx: Tx, org_id: str, p: qt.Parsed, ids: list[int], inner_hits: int
) -> dict[int, Highlights]:
    q, params = qt.pg_query(p)
    qa, params_any = qt.pg_query_any(p)
    out = {cid: Highlights() for cid in ids}
    # Only headers that contain a word of the text are highlighted (ts_headline parses
    # the text again, so it runs only where it can mark something).
    headers = await tx.fetch_all(
        "SELECT c.id, "
        f"ts_headline('{CONFIG}', {_SUBJECT}, {qa}, :whole), "
        f"ts_headline('{CONFIG}', {_safe(_NAME)}, {qa}, :whole), "
        f"ts_headline('{CONFIG}', {_EMAIL}, {qa}, :whole) "
        "FROM search_docs h "
        "JOIN conversations c ON c.org_id = h.org_id AND c.id = h.conversation_id "
        "LEFT JOIN users u ON u.org_id = c.org_id AND u.id = c.requester_id "
        "WHERE h.org_id = :org_id AND h.conversation_id IN :ids AND h.doc_id = '' "
        f"AND {_walked('h', qa)}",
        {**params_any, "org_id": org_id, "ids": ids, "whole": WHOLE_OPTIONS, "ltgt": LT_GT},
    )
    for r in headers:
        h = out[int(r[0])]
        h.subject, h.name, h.email = r[1], r[2], r[3]
    inner = await tx.fetch_all(
        f"SELECT x.cid, x.mid, ts_headline('{CONFIG}', {_TEXT}, {q}, :frag) FROM ("
        " SELECT d.conversation_id AS cid, d.doc_id AS mid, m.text, ROW_NUMBER() OVER ("
        "  PARTITION BY d.conversation_id ORDER BY m.seq) AS rn"
        " FROM search_docs d JOIN messages m ON m.org_id = d.org_id AND m.id = d.doc_id"
        " WHERE d.org_id = :org_id AND d.conversation_id IN :ids"
        f"  AND d.doc_id <> '' AND {_walked('d', q)}) x "
        "WHERE x.rn <= :k ORDER BY x.cid, x.rn",
        {
            **params,
            "org_id": org_id,
            "ids": ids,
            "frag": FRAGMENT_OPTIONS,
            "k": inner_hits,
            "ltgt": LT_GT,
        },
    )
    for r in inner:
        out[int(r[0])].inner.append((str(r[1]), str(r[2])))
    return out


# ---- filters --------------------------------------------------------------------------


def attribute_match(org: str, p: str, count: int, *, everyone: bool) -> tuple[str, dict[str, Any]]:
    """A conversation custom attribute (``:{p}_attr``) whose value, a JSON string or array,
    holds one (or, ``everyone``, each) of the texts ``:{p}``: the condition over
    ``conversations c`` and its extra parameters (none). jsonb ``?|`` / ``?&`` test the
    elements of an array, or a string scalar itself."""
    test = "?&" if everyone else "?|"
    return (
        f"EXISTS (SELECT 1 FROM conversation_attributes a WHERE a.org_id = {org} "
        f"AND a.conversation_id = c.id AND a.attribute_id = :{p}_attr "
        f"AND a.value::jsonb {test} :{p})"
    ), {}


# ---- the index: writes, in the writer's transaction -----------------------------------
# One row per (org_id, conversation_id, doc_id) with its ``tsvector``; doc_id is '' for
# the header, else the message id. ``<`` and ``>`` are read as spaces: the text is plain
# text, so what looks like an HTML tag in it is words (PostgreSQL's parser would drop it
# as a tag). Anonymized messages and conversations are never indexed.

_HEADER_DOCS = f"""
SELECT c.org_id, c.id AS conversation_id, '' AS doc_id,
       setweight(to_tsvector('{CONFIG}', translate(COALESCE(c.subject, ''), '<>', '  ')), 'A')
       || setweight(to_tsvector('{CONFIG}', translate({_NAME} || ' ' || COALESCE(u.email, '')
            || ' ' || translate(COALESCE(u.email, ''), '@.-_+', '     '), '<>', '  ')), 'B')
       AS tsv
FROM conversations c LEFT JOIN users u ON u.org_id = c.org_id AND u.id = c.requester_id
WHERE c.org_id = :org AND c.anonymized_at IS NULL AND {{where}}
"""

_MESSAGE_DOCS = f"""
SELECT m.org_id, m.conversation_id, m.id AS doc_id,
       to_tsvector('{CONFIG}', translate(m.text, '<>', '  ')) AS tsv
FROM messages m
WHERE m.org_id = :org AND m.text IS NOT NULL AND m.text <> '' AND m.anonymized_at IS NULL
  AND {{where}}
"""

_UPSERT = """
INSERT INTO search_docs (org_id, conversation_id, doc_id, tsv)
{docs}
ON CONFLICT (org_id, conversation_id, doc_id) DO UPDATE SET tsv = EXCLUDED.tsv
"""

_HEADER = _UPSERT.format(docs=_HEADER_DOCS)
_MESSAGES = _UPSERT.format(docs=_MESSAGE_DOCS)

# Putting documents in one statement (one round trip): the documents that are due are
# written over the old ones, and an old document no longer due (its text emptied, its
# message or conversation anonymized) is deleted. Both parts see the same snapshot and
# touch disjoint rows, so their order does not matter.
_PUT = """
WITH docs AS ({docs}),
gone AS (
    DELETE FROM search_docs d
    WHERE d.org_id = :org AND {{gone}}
      AND NOT EXISTS (SELECT 1 FROM docs WHERE docs.conversation_id = d.conversation_id
                                           AND docs.doc_id = d.doc_id)
)
INSERT INTO search_docs (org_id, conversation_id, doc_id, tsv)
SELECT org_id, conversation_id, doc_id, tsv FROM docs
ON CONFLICT (org_id, conversation_id, doc_id) DO UPDATE SET tsv = EXCLUDED.tsv
"""

_PUT_MESSAGE = _PUT.format(
    docs=_MESSAGE_DOCS.format(where="m.conversation_id = :cid AND m.id = :mid")
).format(gone="d.conversation_id = :cid AND d.doc_id = :mid")

_PUT_HEADERS = _PUT.format(docs=_HEADER_DOCS.format(where="c.id IN :ids")).format(
    gone="d.conversation_id IN :ids AND d.doc_id = ''"
)


async def put_message(tx: Tx, org_id: str, conversation_id: int, message_id: str) -> None:
    params = {"org": org_id, "cid": conversation_id, "mid": message_id}
    await tx.execute(_PUT_MESSAGE, params)


async def delete_message(tx: Tx, org_id: str, message_id: str) -> None:
    pos = await message_position(tx, org_id, message_id)
    if pos is not None:
        await tx.execute(
            "DELETE FROM search_docs WHERE org_id = :org AND conversation_id = :cid "
            "AND doc_id = :mid",
            {"org": org_id, "cid": pos[0], "mid": message_id},
        )
    else:  # the message row is gone: find its document by id (a scan, rare)
        await tx.execute(
            "DELETE FROM search_docs WHERE org_id = :org AND doc_id = :mid",
            {"org": org_id, "mid": message_id},
        )


async def put_headers(tx: Tx, org_id: str, conversation_ids: list[int]) -> None:
    if not conversation_ids:
        return
    await tx.execute(_PUT_HEADERS, {"org": org_id, "ids": conversation_ids})


async def drop_conversations(tx: Tx, org_id: str, conversation_ids: list[int]) -> None:
    if not conversation_ids:
        return
    await tx.execute(
        "DELETE FROM search_docs WHERE org_id = :org AND conversation_id IN :ids",
        {"org": org_id, "ids": conversation_ids},
    )


async def put_conversations(tx: Tx, org_id: str, conversation_ids: list[int]) -> int:
    return await insert_documents(tx, org_id, conversation_ids, _HEADER, _MESSAGES)


async def after_rebuild(db: Database) -> None:
    """``search_docs`` vacuumed and analysed: the replaced rows reclaimed, and fresh
    statistics, which the search reads to tell common words. VACUUM runs outside a
    transaction block: a read-only scope on PostgreSQL is a bare connection."""
    async with db.transaction(readonly=True) as tx:
        await tx.execute("VACUUM (ANALYZE) search_docs")
