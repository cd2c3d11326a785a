"""search index

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 05:00:00

The full-text index of conversations, in each store's own engine (hand-written,
dialect-specific DDL; these objects are not in ``parley.store.schema.metadata``).

SQLite: one FTS5 table ``search_fts`` that keeps its own copy of the indexed text (so
``highlight()``/``snippet()`` work and a row can always be deleted exactly, even after
the message it came from was anonymized). One row per document: the conversation
header (subject, requester name and email) or one message's plain text. The rowid
encodes the document: ``conversation_id << 24 | slot`` (slot 0 is the header, slot n
the message with ``seq`` n), so the doclists of every term are ordered by conversation
and a conversation's documents form one rowid range. The FTS5 table has no ``org_id``
column (documented exception): the organisations of one SQLite file share the index,
and every query joins ``conversations`` on (org_id, id) to keep to the caller's
organisation (matching an organisation token inside FTS5 measured 5-30x slower).
Tokenizer: porter stemming over unicode61 with diacritics removed (case- and
accent-insensitive, English stems).

PostgreSQL: ``search_docs`` (org_id, conversation_id, doc_id: '' for the header, else
the message id) with a ``tsvector`` built with the ``parley_search`` text search
configuration (english stemming after ``unaccent``). The GIN index on ``tsv`` cannot
lead with ``org_id`` (documented exception: a GIN index over (org_id, tsv) would
intersect every query with the organisation's whole posting list); its B-tree indexes
do lead with it.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_UP = [
    """
    CREATE VIRTUAL TABLE search_fts USING fts5(
        subject, name, email, text, message_id UNINDEXED,
        tokenize = 'porter unicode61 remove_diacritics 2'
    )
    """,
    # Relevance: bm25 with column weights (subject 3, name 2, email 2, text 1).
    "INSERT INTO search_fts (search_fts, rank) VALUES ('rank', 'bm25(3.0, 2.0, 2.0, 1.0)')",
]

SQLITE_DOWN = [
    "DROP TABLE IF EXISTS search_fts",
]

PG_UP = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE TEXT SEARCH CONFIGURATION parley_search (COPY = pg_catalog.english)",
    """
    ALTER TEXT SEARCH CONFIGURATION parley_search
        ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem
    """,
    """
    CREATE TABLE search_docs (
        org_id VARCHAR(36) NOT NULL,
        conversation_id BIGINT NOT NULL,
        doc_id VARCHAR(36) NOT NULL,
        tsv TSVECTOR NOT NULL,
        PRIMARY KEY (org_id, conversation_id, doc_id)
    )
    """,
    "CREATE INDEX ix_search_docs_tsv ON search_docs USING gin (tsv)",
]

PG_DOWN = [
    "DROP TABLE IF EXISTS search_docs",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS parley_search",
]


def upgrade() -> None:
    statements = SQLITE_UP if op.get_bind().dialect.name == "sqlite" else PG_UP
    for sql in statements:
        op.execute(sql)


def downgrade() -> None:
    statements = SQLITE_DOWN if op.get_bind().dialect.name == "sqlite" else PG_DOWN
    for sql in statements:
        op.execute(sql)
