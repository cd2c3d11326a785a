"""The one interface of the two search engines (``engine_sqlite``: FTS5; ``engine_postgres``:
full-text ``tsvector``): the queries of a search and the writes that keep the index in
step. Each store's differences live in its engine module, nowhere else in ``search``."""

from __future__ import annotations

from typing import Any, Protocol

from parley.search import engine_postgres, engine_sqlite, kb_postgres, kb_sqlite
from parley.search import query_text as qt
from parley.search.kb_types import Match
from parley.search.types import Filter, Highlights, RankedRow
from parley.store import Database, Tx


class SearchEngine(Protocol):
    # ---- a search
    async def count_matches(self, tx: Tx, org_id: str, p: qt.Parsed, limit: int) -> int:
        """How many documents match, as far as comparing with ``limit`` needs."""

    async def ranked(
        self, tx: Tx, org_id: str, p: qt.Parsed, f: Filter, after: list[Any] | None, n: int
    ) -> list[RankedRow]:
        """Matching conversations by relevance, the newest first among equals."""

    async def newest(
        self, tx: Tx, org_id: str, p: qt.Parsed, f: Filter, after_id: int | None, n: int
    ) -> list[RankedRow]:
        """Matching conversations, newest (highest id) first."""

    async def highlights(
        self, tx: Tx, org_id: str, p: qt.Parsed, ids: list[int], inner_hits: int
    ) -> dict[int, Highlights]:
        """The highlighted header fields and matching messages of these conversations."""

    def attribute_match(
        self, org: str, p: str, count: int, *, everyone: bool
    ) -> tuple[str, dict[str, Any]]:
        """The filter condition on a custom attribute's JSON value, and its parameters."""

    # ---- the index, in the writer's transaction
    async def put_message(self, tx: Tx, org_id: str, conversation_id: int, message_id: str) -> None:
        """(Re)index one message from its current row."""

    async def delete_message(self, tx: Tx, org_id: str, message_id: str) -> None:
        """Drop one message's document."""

    async def put_headers(self, tx: Tx, org_id: str, conversation_ids: list[int]) -> None:
        """(Re)write the header documents of these conversations."""

    async def drop_conversations(self, tx: Tx, org_id: str, conversation_ids: list[int]) -> None:
        """Drop every document of these conversations."""

    async def put_conversations(self, tx: Tx, org_id: str, conversation_ids: list[int]) -> int:
        """Index the header and messages of conversations that have no documents yet;
        the number of documents written."""

    async def after_rebuild(self, db: Database) -> None:
        """Tidy the index after a full rebuild."""


def engine(dialect: str) -> SearchEngine:
    """The engine of a store (``Tx.dialect``/``Database.dialect``)."""
    if dialect == "sqlite":
        return engine_sqlite
    return engine_postgres


# ---- the knowledge base's published articles (``parley.knowledge.search`` holds the rules)
#
# Every matching row has a *position*: its place in the index's own order, which the
# engines walk without ranking (SQLite: the FTS5 rowid, the order rows were indexed in;
# PostgreSQL: the primary key, article id then language). Positions are compared only by
# the engine that gave them (an ``int`` on SQLite, a ``str`` on PostgreSQL).


class ArticleEngine(Protocol):
    async def put_article(self, tx: Tx, params: dict[str, Any]) -> None:
        """Index one article language (params: org, a, l, title, text)."""

    async def candidates(
        self,
        tx: Tx,
        p: qt.Parsed,
        where: str,
        params: dict[str, Any],
        upto: Any,
        n: int,
        best: int = 0,
    ) -> list[Match]:
        """The first ``n`` matches in position order, each with its relevance (higher is
        better); with ``upto``, every match at or before that position instead.
        ``where`` is an SQL condition on ``search_kb`` (its parameters in ``params``). The
        engine may also give the snippets of the ``best`` most relevant (ties by
        position), when that saves a statement."""

    async def following(
        self, tx: Tx, p: qt.Parsed, where: str, params: dict[str, Any], after: Any, n: int
    ) -> list[Match]:
        """The first ``n`` matches after position ``after``, in position order, unranked
        (relevance 0)."""

    async def snippets(
        self, tx: Tx, org_id: str, p: qt.Parsed, positions: list[Any]
    ) -> dict[Any, str]:
        """Plain-text snippets of the text around the matches, by position."""


def article_engine(dialect: str) -> ArticleEngine:
    """The knowledge base's article index of a store (``kb_sqlite``: FTS5 ``search_kb``;
    ``kb_postgres``: a ``tsvector`` with a GIN index; both built by migration 0008)."""
    if dialect == "sqlite":
        return kb_sqlite
    return kb_postgres
