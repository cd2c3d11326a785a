"""The knowledge base's article index on SQLite: the FTS5 table ``search_kb`` (migration
0008; title and text indexed, ``org_id``, ``article_id`` and ``language`` stored
unindexed). A row's position is its rowid: FTS5 walks the matches of a query in rowid
order and stops at a ``LIMIT``, without scoring them; relevance is ``bm25`` with the
migration's column weights (title 3, text 1), negated so that higher is better, computed
only for the rows a query returns."""

from __future__ import annotations

from typing import Any

from parley.search import query_text as qt
from parley.search.kb_types import Match
from parley.store import Tx

_MATCHES = "FROM search_kb WHERE search_kb MATCH :m AND org_id = :org"


async def put_article(tx: Tx, params: dict[str, Any]) -> None:
    """Index one published article language (params: org, a, l, title, text)."""
    await tx.execute(
        "INSERT INTO search_kb (title, text, org_id, article_id, language) "
        "VALUES (:title, :text, :org, :a, :l)",
        params,
    )


async def candidates(
    tx: Tx, p: qt.Parsed, where: str, params: dict[str, Any], upto: Any, n: int, best: int = 0
) -> list[Match]:
    """The first ``n`` matches by rowid (with ``upto``: every match up to that rowid),
    with their relevance; no snippets (``snippet()`` cannot follow a ranking made in the
    same statement, and a second statement costs a call, not a round trip)."""
    params = {**params, "m": qt.fts_match(p), "n": n}
    bound, limit = "", " LIMIT :n"
    if upto is not None:
        bound, limit, params["upto"] = " AND rowid <= :upto", "", int(upto)
    rows = await tx.fetch_all(
        "SELECT rowid, article_id, language, title, -bm25(search_kb, 3.0, 1.0) "
        f"{_MATCHES}{where}{bound} ORDER BY rowid{limit}",
        params,
    )
    return [Match(int(r[0]), r[1], r[2], r[3], float(r[4])) for r in rows]


async def following(
    tx: Tx, p: qt.Parsed, where: str, params: dict[str, Any], after: Any, n: int
) -> list[Match]:
    rows = await tx.fetch_all(
        f"SELECT rowid, article_id, language, title {_MATCHES}{where} AND rowid > :after "
        "ORDER BY rowid LIMIT :n",
        {**params, "m": qt.fts_match(p), "after": int(after), "n": n},
    )
    return [Match(int(r[0]), r[1], r[2], r[3], 0.0) for r in rows]


async def snippets(tx: Tx, org_id: str, p: qt.Parsed, positions: list[Any]) -> dict[Any, str]:
    if not positions:
        return {}
    rows = await tx.fetch_all(
        "SELECT rowid, snippet(search_kb, 1, '', '', '…', 24) FROM search_kb "
        "WHERE search_kb MATCH :m AND rowid IN :ids",
        {"m": qt.fts_match(p), "ids": [int(x) for x in positions]},
    )
    return {int(r[0]): r[1] or "" for r in rows}
