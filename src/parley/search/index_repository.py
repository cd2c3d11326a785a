"""SQL that writes the search index, one branch per store.

SQLite (FTS5 ``search_fts``): a document's rowid is ``conversation_id << 24 | slot``
(slot 0: the header with subject and requester name/email; slot n: the message whose
``seq`` is n). Rows are deleted by rowid (FTS5 reads its own stored copy of the text to
remove the tokens), then inserted again from the current rows.

PostgreSQL (``search_docs``): one row per (org_id, conversation_id, doc_id) with its
``tsvector``; doc_id is '' for the header, else the message id. Upserted or deleted.
``<`` and ``>`` are read as spaces: the text is plain text, so what looks like an HTML
tag in it is words (PostgreSQL's parser would drop it as a tag).

Anonymized messages and conversations are never indexed.
"""

from __future__ import annotations

from parley.store import Tx

SLOT_BITS = 24
SLOT_MASK = (1 << SLOT_BITS) - 1
CONFIG = "parley_search"


def lo(conversation_id: int) -> int:
    return conversation_id << SLOT_BITS


def hi(conversation_id: int) -> int:
    return (conversation_id << SLOT_BITS) | SLOT_MASK


_NAME = (
    "COALESCE(u.display_name, TRIM(COALESCE(u.first_name, '') || ' ' || "
    "COALESCE(u.last_name, '')), '')"
)

# ---- SQLite ---------------------------------------------------------------------------

_SQLITE_HEADER = f"""
INSERT INTO search_fts (rowid, subject, name, email, text, message_id)
SELECT c.id << 24, COALESCE(c.subject, ''), {_NAME}, COALESCE(u.email, ''), '', NULL
FROM conversations c LEFT JOIN users u ON u.org_id = c.org_id AND u.id = c.requester_id
WHERE c.org_id = :org AND c.anonymized_at IS NULL AND {{where}}
"""

_SQLITE_MESSAGES = """
INSERT INTO search_fts (rowid, subject, name, email, text, message_id)
SELECT (m.conversation_id << 24) | m.seq, '', '', '', m.text, m.id
FROM messages m
WHERE m.org_id = :org AND m.text IS NOT NULL AND m.text <> '' AND m.anonymized_at IS NULL
  AND m.seq BETWEEN 1 AND 16777215 AND {where}
"""


async def _sqlite_delete_range(tx: Tx, start: int, end: int) -> None:
    await tx.execute(
        "DELETE FROM search_fts WHERE rowid BETWEEN :lo AND :hi", {"lo": start, "hi": end}
    )


# ---- PostgreSQL -----------------------------------------------------------------------

_PG_HEADER = f"""
INSERT INTO search_docs (org_id, conversation_id, doc_id, tsv)
SELECT c.org_id, c.id, '',
       setweight(to_tsvector('{CONFIG}', translate(COALESCE(c.subject, ''), '<>', '  ')), 'A')
       || setweight(to_tsvector('{CONFIG}', translate({_NAME} || ' ' || COALESCE(u.email, '')
            || ' ' || translate(COALESCE(u.email, ''), '@.-_+', '     '), '<>', '  ')), 'B')
FROM conversations c LEFT JOIN users u ON u.org_id = c.org_id AND u.id = c.requester_id
WHERE c.org_id = :org AND c.anonymized_at IS NULL AND {{where}}
ON CONFLICT (org_id, conversation_id, doc_id) DO UPDATE SET tsv = EXCLUDED.tsv
"""

_PG_MESSAGES = f"""
INSERT INTO search_docs (org_id, conversation_id, doc_id, tsv)
SELECT m.org_id, m.conversation_id, m.id, to_tsvector('{CONFIG}', translate(m.text, '<>', '  '))
FROM messages m
WHERE m.org_id = :org AND m.text IS NOT NULL AND m.text <> '' AND m.anonymized_at IS NULL
  AND {{where}}
ON CONFLICT (org_id, conversation_id, doc_id) DO UPDATE SET tsv = EXCLUDED.tsv
"""


# ---- one message ----------------------------------------------------------------------


async def message_position(tx: Tx, org_id: str, message_id: str) -> tuple[int, int] | None:
    row = await tx.fetch_one(
        "SELECT conversation_id, seq FROM messages WHERE org_id = :org AND id = :id",
        {"org": org_id, "id": message_id},
    )
    return None if row is None else (int(row[0]), int(row[1]))


async def put_message(tx: Tx, org_id: str, conversation_id: int, message_id: str) -> None:
    params = {"org": org_id, "cid": conversation_id, "mid": message_id}
    if tx.dialect == "sqlite":
        pos = await message_position(tx, org_id, message_id)
        if pos is None:
            return
        rowid = lo(pos[0]) | pos[1]
        await _sqlite_delete_range(tx, rowid, rowid)
        where = "m.conversation_id = :cid AND m.id = :mid"
        await tx.execute(_SQLITE_MESSAGES.format(where=where), params)
        return
    await tx.execute(
        "DELETE FROM search_docs WHERE org_id = :org AND conversation_id = :cid AND doc_id = :mid",
        params,
    )
    await tx.execute(_PG_MESSAGES.format(where="m.conversation_id = :cid AND m.id = :mid"), params)


async def delete_message(tx: Tx, org_id: str, message_id: str) -> None:
    if tx.dialect == "sqlite":
        pos = await message_position(tx, org_id, message_id)
        if pos is not None:
            rowid = lo(pos[0]) | pos[1]
            await _sqlite_delete_range(tx, rowid, rowid)
        else:  # the message row is gone: find its document by id (a scan, rare)
            await tx.execute(
                "DELETE FROM search_fts WHERE rowid IN "
                "(SELECT rowid FROM search_fts WHERE message_id = :mid)",
                {"mid": message_id},
            )
        return
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


# ---- headers and whole conversations --------------------------------------------------


async def put_headers(tx: Tx, org_id: str, conversation_ids: list[int]) -> None:
    """(Re)write the header documents of these conversations."""
    if not conversation_ids:
        return
    if tx.dialect == "sqlite":
        for cid in conversation_ids:
            await _sqlite_delete_range(tx, lo(cid), lo(cid))
        await tx.execute(
            _SQLITE_HEADER.format(where="c.id IN :ids"),
            {"org": org_id, "ids": conversation_ids},
        )
        return
    await tx.execute(
        "DELETE FROM search_docs WHERE org_id = :org AND conversation_id IN :ids AND doc_id = ''",
        {"org": org_id, "ids": conversation_ids},
    )
    await tx.execute(
        _PG_HEADER.format(where="c.id IN :ids"), {"org": org_id, "ids": conversation_ids}
    )


async def drop_conversations(tx: Tx, org_id: str, conversation_ids: list[int]) -> None:
    if not conversation_ids:
        return
    if tx.dialect == "sqlite":
        for cid in conversation_ids:
            await _sqlite_delete_range(tx, lo(cid), hi(cid))
        return
    await tx.execute(
        "DELETE FROM search_docs WHERE org_id = :org AND conversation_id IN :ids",
        {"org": org_id, "ids": conversation_ids},
    )


async def put_conversations(tx: Tx, org_id: str, conversation_ids: list[int]) -> int:
    """Index the header and messages of conversations that have no documents yet;
    returns the number of documents written."""
    if not conversation_ids:
        return 0
    params = {"org": org_id, "ids": conversation_ids}
    if tx.dialect == "sqlite":
        n = await tx.execute(_SQLITE_HEADER.format(where="c.id IN :ids"), params)
        return n + await tx.execute(
            _SQLITE_MESSAGES.format(where="m.conversation_id IN :ids"), params
        )
    n = await tx.execute(_PG_HEADER.format(where="c.id IN :ids"), params)
    return n + await tx.execute(_PG_MESSAGES.format(where="m.conversation_id IN :ids"), params)


async def requester_conversations(tx: Tx, org_id: str, user_id: str) -> list[int]:
    rows = await tx.fetch_all(
        "SELECT id FROM conversations WHERE org_id = :org AND requester_id = :uid",
        {"org": org_id, "uid": user_id},
    )
    return [int(r[0]) for r in rows]


# ---- batches for a rebuild ------------------------------------------------------------


async def org_ids(tx: Tx) -> list[str]:
    rows = await tx.fetch_all("SELECT id FROM orgs ORDER BY id")
    return [str(r[0]) for r in rows]


async def count_conversations(tx: Tx, org_id: str | None) -> int:
    if org_id is None:
        return int(await tx.fetch_val("SELECT COUNT(*) FROM conversations") or 0)
    return int(
        await tx.fetch_val(
            "SELECT COUNT(*) FROM conversations WHERE org_id = :org", {"org": org_id}
        )
        or 0
    )


async def conversation_batch(tx: Tx, org_id: str, after: int, limit: int) -> list[int]:
    rows = await tx.fetch_all(
        "SELECT id FROM conversations WHERE org_id = :org AND id > :after ORDER BY id LIMIT :n",
        {"org": org_id, "after": after, "n": limit},
    )
    return [int(r[0]) for r in rows]


async def optimize(tx: Tx) -> None:
    """Merge the index into as few segments as possible (after a full rebuild)."""
    if tx.dialect == "sqlite":
        await tx.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")


async def vacuum_analyze(tx: Tx) -> None:
    """PostgreSQL, outside a transaction block: reclaim the replaced rows and refresh the
    statistics the search reads to tell common words."""
    await tx.execute("VACUUM (ANALYZE) search_docs")
