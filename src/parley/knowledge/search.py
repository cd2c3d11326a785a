"""The published articles' full-text search, in each store's own engine (the index built
by migration 0008: FTS5 on SQLite, a ``tsvector`` with a GIN index on PostgreSQL).

Only published versions are indexed: publishing a language writes its row, unpublishing
or deleting it (or the article) removes it, in the request's transaction, so an article
is findable as soon as the request that published it has returned. The query is read as
text, never as engine syntax (``parley.search.query_text``): every word (stemmed, case-
and accent-insensitive; English stop words ignored) and every quoted phrase must occur in
the title or the text. Results are ordered by relevance (title matches weigh more), ties
by article id, at most ``limit`` of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from parley.search import query_text as qt
from parley.search.engine import engine
from parley.store import Tx


@dataclass(frozen=True)
class Hit:
    article_id: str
    language: str
    title: str
    snippet: str


async def index(tx: Tx, org_id: str, article_id: str, language: str, title: str, text: str) -> None:
    await remove(tx, org_id, article_id, language)
    params = {"org": org_id, "a": article_id, "l": language, "title": title, "text": text}
    await engine(tx.dialect).put_article(tx, params)


async def remove(tx: Tx, org_id: str, article_id: str, language: str | None) -> None:
    """Drop the article's rows (one language's, or every language's). On SQLite the
    UNINDEXED columns are compared row by row: a scan of the index's own rows, fine for a
    write of the size of a knowledge base."""
    sql = "DELETE FROM search_kb WHERE org_id = :org AND article_id = :a"
    params: dict[str, object] = {"org": org_id, "a": article_id}
    if language is not None:
        sql += " AND language = :l"
        params["l"] = language
    await tx.execute(sql, params)


async def search(
    tx: Tx, org_id: str, text: str, language: str | None, limit: int, *, public: bool = False
) -> list[Hit]:
    """The best ``limit`` hits; ``public`` leaves out pre-release articles (the help
    centre shows only what is released)."""
    parsed = qt.parse(text, False)
    if parsed.empty:
        return []
    params: dict[str, object] = {"org": org_id, "limit": limit}
    language_filter = ""
    if language is not None:
        language_filter = " AND language = :lang"
        params["lang"] = language
    if public:
        language_filter += (
            " AND EXISTS (SELECT 1 FROM kb_articles a WHERE a.org_id = search_kb.org_id "
            "AND a.id = search_kb.article_id AND a.pre_release = FALSE)"
        )
    rows = await engine(tx.dialect).search_articles(tx, parsed, language_filter, params)
    return [Hit(r[0], r[1], r[2], r[3] or "") for r in rows]
