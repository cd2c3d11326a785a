"""The knowledge base's article index on PostgreSQL: ``search_kb`` (migration 0008), a
``tsvector`` of the title (weight A) and the text (weight B) with a GIN index, and the
primary key (org_id, article_id, language). A row's position is its primary key (text
``"{article_id} {language}"``). How the matches are read is chosen here, not left to the
planner (a prepared statement's generic plan cannot tell a common word from a rare one,
and took the GIN index for every word, reading all 10,000 rows of a common one): when
the statistics say every word of the query is in at least ``WALK_FROM`` of the rows, the
key is walked (the match tested per row in the function form, which no index serves)
and the walk stops at the ``LIMIT``; otherwise the matches come from the GIN index (the
order written as an expression, which the key cannot serve) and are sorted. Both ways are
branches of one statement, the statistics deciding which one runs (``_matches``). Relevance is
``ts_rank``, computed only for the rows a query returns. A page's hits get their snippets
here, from their text (``snippet``), not from ``ts_headline``, which parses and stems all of
a text to find its match: for a page of 20 hits of an ordinary article that cost as much as
the rest of the search."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from parley.search import query_text as qt
from parley.search.kb_types import Match
from parley.store import Tx

CONFIG = qt.CONFIG
_POSITION = "article_id || ' ' || language"
BEFORE, WORDS = 8, 24
_WORD = re.compile(r"\w+")


def _stems(p: qt.Parsed) -> re.Pattern[str]:
    """A word that starts like one of the query's words: each word less its last three
    letters, at least three kept (the stemmer's endings: "refunding" finds "refunds")."""
    words = [*p.words, *(w for phrase in p.phrases for w in phrase)]
    stems = sorted({_fold(w[: max(3, len(w) - 3)]) for w in words})
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in stems) + ")", re.IGNORECASE)


# Latin letters with accents, each to its letter without: one character for one, so that
# offsets in the folded text are offsets in the text
_UNACCENT = {
    c: unicodedata.normalize("NFKD", chr(c))[0]
    for c in range(0xC0, 0x250)
    if unicodedata.normalize("NFKD", chr(c))[0] != chr(c)
}


def _fold(text: str) -> str:
    """The text without accents on Latin letters, its offsets kept."""
    return text.translate(_UNACCENT)


def snippet(text: str, near: re.Pattern[str]) -> str:
    """At most ``WORDS`` words of the text: from ``BEFORE`` words before the first word
    that starts like one of the query's (``_stems``, accents ignored), or from the start
    when none does (the match in the title, or in a form of the word the stem misses)."""
    found = near.search(text) or (None if text.isascii() else near.search(_fold(text)))
    at = found.start() if found else 0
    before = [m.start() for m in _WORD.finditer(text, max(0, at - 40 * BEFORE), at)]
    start = before[-BEFORE] if len(before) >= BEFORE else before[0] if before else at
    after = [m.end() for m in _WORD.finditer(text, start, start + 40 * WORDS)][:WORDS]
    return " ".join(text[start : after[-1] if after else start].split())


WALK_FROM = 0.25
# Whether the smallest share of rows holding one of the query's words (from the column's
# most common elements; a word that is not among them is rarer than all of them: 0) is at
# least WALK_FROM. Uncorrelated: the plan evaluates it once and runs only one branch.
_WALK = (
    "(SELECT COALESCE(MIN(COALESCE(s.most_common_elem_freqs[array_position("
    "s.most_common_elems::text::text[], w)], 0)), 0) >= :walk_from FROM pg_stats s "
    f"CROSS JOIN unnest(tsvector_to_array(to_tsvector('{qt.WORDS_CONFIG}', :words))) w "
    "WHERE s.schemaname = current_schema() AND s.tablename = 'search_kb' "
    "AND s.attname = 'tsv')"
)


def _matches(p: qt.Parsed, expr: str, columns: str, where: str, limit: str) -> tuple[str, Any]:
    """The matches in key order, at most ``limit`` (SQL), in one statement of two branches
    of which the statistics (``_WALK``) run one: the key walked, the match tested in the
    function form (which no index serves), or the GIN index read, the order written as an
    expression (which the key cannot serve) and sorted. With its parameters."""
    walked = (
        f"SELECT {columns} FROM search_kb WHERE org_id = :org AND ts_match_vq(tsv, {expr})"
        f"{where} AND {_WALK} ORDER BY article_id, language{limit}"
    )
    indexed = (
        f"SELECT {columns} FROM search_kb WHERE org_id = :org AND tsv @@ {expr}{where} "
        f"AND NOT {_WALK} ORDER BY article_id || '', language{limit}"
    )
    words = " ".join([*p.words, *(w for phrase in p.phrases for w in phrase)])
    return f"({walked}) UNION ALL ({indexed})", {"words": words, "walk_from": WALK_FROM}


def _split(position: Any) -> tuple[str, str]:
    article_id, _, language = str(position).partition(" ")
    return article_id, language


async def put_article(tx: Tx, params: dict[str, Any]) -> None:
    """Index one published article language (params: org, a, l, title, text)."""
    await tx.execute(
        "INSERT INTO search_kb (org_id, article_id, language, title, text, tsv) VALUES "
        "(:org, :a, :l, :title, :text, "
        f"setweight(to_tsvector('{CONFIG}', :title), 'A') || "
        f"setweight(to_tsvector('{CONFIG}', :text), 'B'))",
        params,
    )


async def candidates(
    tx: Tx, p: qt.Parsed, where: str, params: dict[str, Any], upto: Any, n: int, best: int = 0
) -> list[Match]:
    """The first ``n`` matches by key (with ``upto``: every match up to that key), with
    their relevance (ranked outside the sub-select, so only for the rows it keeps), and
    the snippets of the ``best`` most relevant (one round trip instead of two)."""
    expr, query_params = qt.pg_query(p)
    params = {**params, **query_params, "n": n, "best": best}
    bound, limit = "", " LIMIT :n"
    if upto is not None:
        bound, limit = " AND (article_id, language) <= (:upto_a, :upto_l)", ""
        params["upto_a"], params["upto_l"] = _split(upto)
    columns = "article_id, language, title, text, tsv"
    matches, more = _matches(p, expr, columns, where + bound, limit)
    rows = await tx.fetch_all(
        f"SELECT {_POSITION}, article_id, language, title, rank, CASE WHEN place <= :best "
        "THEN text END FROM (SELECT c.*, r.rank, row_number() OVER "
        f"(ORDER BY r.rank DESC, c.article_id, c.language) AS place FROM ({matches}) c, "
        f"LATERAL (SELECT ts_rank(c.tsv, {expr}) AS rank) r) x ORDER BY article_id, language",
        {**params, **more},
    )
    near = _stems(p)
    return [
        Match(r[0], r[1], r[2], r[3], float(r[4]), None if r[5] is None else snippet(r[5], near))
        for r in rows
    ]


async def following(
    tx: Tx, p: qt.Parsed, where: str, params: dict[str, Any], after: Any, n: int
) -> list[Match]:
    expr, query_params = qt.pg_query(p)
    after_a, after_l = _split(after)
    bound = " AND (article_id, language) > (:after_a, :after_l)"
    matches, more = _matches(p, expr, "article_id, language, title", where + bound, " LIMIT :n")
    rows = await tx.fetch_all(
        f"SELECT {_POSITION}, article_id, language, title FROM ({matches}) m "
        "ORDER BY article_id, language",
        {**params, **query_params, **more, "after_a": after_a, "after_l": after_l, "n": n},
    )
    return [Match(r[0], r[1], r[2], r[3], 0.0) for r in rows]


async def snippets(tx: Tx, org_id: str, p: qt.Parsed, positions: list[Any]) -> dict[Any, str]:
    if not positions:
        return {}
    rows = await tx.fetch_all(
        f"SELECT {_POSITION}, text FROM search_kb WHERE org_id = :org AND article_id IN :ids",
        {"org": org_id, "ids": sorted({_split(x)[0] for x in positions})},
    )
    wanted, near = set(positions), _stems(p)
    return {r[0]: snippet(r[1], near) for r in rows if r[0] in wanted}
