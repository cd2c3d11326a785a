"""The published articles' full-text search, in each store's own engine (the index built
by migration 0008: FTS5 on SQLite, a ``tsvector`` with a GIN index on PostgreSQL; the SQL
of each is in ``parley.search.kb_sqlite`` and ``kb_postgres``).

Only published versions are indexed: publishing a language writes its row, unpublishing
or deleting it (or the article) removes it, in the request's transaction, so an article
is findable as soon as the request that published it has returned. The query is read as
text, never as engine syntax (``parley.search.query_text``): every word (stemmed, case-
and accent-insensitive; English stop words ignored) and every quoted phrase must occur in
the title or the text.

Order, and why it is bounded. Ranking costs a score per matching article, and a common
word matches nearly every article of a knowledge base; so at most ``CANDIDATES`` matches
are ranked. The matches are taken in the index's own order (its *positions*: the order
rows were indexed in on SQLite, article id then language on PostgreSQL; each engine walks
that order without scoring and stops at a limit):
1. the first ``CANDIDATES`` matches (all of them when there are fewer) come first, by
   relevance (title matches weigh more), ties in position order;
2. every further match follows, in position order, unranked.
When a query matches at most ``CANDIDATES`` articles, which is every query but an
unselective one, the whole result is ordered by relevance.

Paging is keyset-based and reaches every match. The first page fixes the boundary
between the two parts (the position of the last candidate; none when there were fewer
than ``CANDIDATES`` matches, which are then the whole result) and the page key carries
it: a later page ranks again the matches up to the boundary (their scores move a little
with every write, the engine's term weights being corpus-wide) and continues after the
last hit served, found by its position; after the ranked part it continues by position
beyond the boundary. Between two pages, an article published may or may not be served
(it is when its position falls in a part still to come), and a hit that was unpublished
is continued after by its score.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from parley.knowledge.public_repository import SHOWN
from parley.search import query_text as qt
from parley.search.engine import article_engine
from parley.search.kb_types import Match
from parley.store import Tx

CANDIDATES = 200
RANKED, FOLLOWING = "r", "p"


@dataclass(frozen=True)
class Hit:
    article_id: str
    language: str
    title: str
    snippet: str
    key: list[Any]  # where the next page starts when this is a page's last hit


async def index(tx: Tx, org_id: str, article_id: str, language: str, title: str, text: str) -> None:
    await remove(tx, org_id, article_id, language)
    params = {"org": org_id, "a": article_id, "l": language, "title": title, "text": text}
    await article_engine(tx.dialect).put_article(tx, params)


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


def valid_key(after: list[Any]) -> bool:
    """Whether a page key's position has the shape ``search`` issues."""
    if after and after[0] == RANKED:
        return len(after) == 4 and isinstance(after[2], int | float)
    return len(after) == 2 and after[0] == FOLLOWING


def _where(org_id: str, language: str | None, public: bool) -> tuple[str, dict[str, Any]]:
    where, params = "", {"org": org_id}
    if language is not None:
        where, params["lang"] = " AND language = :lang", language
    if public:
        where += (
            " AND EXISTS (SELECT 1 FROM kb_articles a WHERE a.org_id = search_kb.org_id "
            f"AND a.id = search_kb.article_id AND {SHOWN})"
        )
    return where, params


def _continue(ranked: list[Match], after: list[Any]) -> list[Match]:
    """The ranked matches after the last hit served (``after``: RANKED, boundary, score,
    position): after its current place when it is still a match, else after its score."""
    for i, m in enumerate(ranked):
        if m.position == after[3]:
            return ranked[i + 1 :]
    return [m for m in ranked if m.relevance < float(after[2])]


async def search(
    tx: Tx,
    org_id: str,
    text: str,
    language: str | None,
    limit: int,
    after: list[Any] | None = None,
    *,
    public: bool = False,
) -> list[Hit]:
    """Up to ``limit + 1`` hits after the page key ``after`` (see the module docstring;
    the extra hit, without a snippet, says that a next page exists). ``public`` leaves out
    what the help centre does not show (``repository.SHOWN``)."""
    parsed = qt.parse(text, False)
    if parsed.empty:
        return []
    engine = article_engine(tx.dialect)
    where, params = _where(org_id, language, public)
    found: list[tuple[list[Any], Match]] = []
    beyond = None if after is None or after[0] == RANKED else after[1]
    if after is None or after[0] == RANKED:
        upto = None if after is None else after[1]
        best = limit if after is None else 0  # a later page's hits are not the best ones
        matches = await engine.candidates(tx, parsed, where, params, upto, CANDIDATES, best)
        if after is None and len(matches) == CANDIDATES:
            upto = matches[-1].position
        ranked = sorted(matches, key=lambda m: -m.relevance)  # stable: ties by position
        if after is not None:
            ranked = _continue(ranked, after)
        found = [([RANKED, upto, m.relevance, m.position], m) for m in ranked[: limit + 1]]
        beyond = upto
    if len(found) <= limit and beyond is not None:
        more = await engine.following(tx, parsed, where, params, beyond, limit + 1 - len(found))
        found += [([FOLLOWING, m.position], m) for m in more]
    missing = [m.position for _k, m in found[:limit] if m.snippet is None]
    snippets = await engine.snippets(tx, org_id, parsed, missing)
    return [
        Hit(m.article_id, m.language, m.title, m.snippet or snippets.get(m.position, ""), key)
        for key, m in found
    ]
