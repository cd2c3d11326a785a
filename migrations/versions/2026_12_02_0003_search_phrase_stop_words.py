"""search: stop words kept in the PostgreSQL index, so phrases match as written

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 05:00:00

PostgreSQL's english configuration drops stop words when it indexes, so the phrase
"cancel my order" became ``cancel <2> order`` and also matched "cancel the order", while
SQLite's FTS5 (which indexes every word) did not. The ``parley_search`` configuration now
stems without a stop word list (every word is indexed, with its position), and a second
configuration, ``parley_search_words``, keeps the old behaviour for bare search words,
where stop words are ignored as before. Every indexed document is rebuilt.

SQLite: nothing changes.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_NAME = (
    "COALESCE(u.display_name, TRIM(COALESCE(u.first_name, '') || ' ' || "
    "COALESCE(u.last_name, '')), '')"
)

_REBUILD = [
    f"""
    UPDATE search_docs d SET tsv =
        setweight(to_tsvector('parley_search', translate(COALESCE(c.subject, ''), '<>', '  ')), 'A')
        || setweight(to_tsvector('parley_search', translate({_NAME} || ' ' || COALESCE(u.email, '')
             || ' ' || translate(COALESCE(u.email, ''), '@.-_+', '     '), '<>', '  ')), 'B')
    FROM conversations c LEFT JOIN users u ON u.org_id = c.org_id AND u.id = c.requester_id
    WHERE d.doc_id = '' AND c.org_id = d.org_id AND c.id = d.conversation_id
    """,
    """
    UPDATE search_docs d SET tsv = to_tsvector('parley_search', translate(m.text, '<>', '  '))
    FROM messages m
    WHERE d.doc_id <> '' AND m.org_id = d.org_id AND m.id = d.doc_id
    """,
]

PG_UP = [
    "CREATE TEXT SEARCH CONFIGURATION parley_search_words (COPY = parley_search)",
    "CREATE TEXT SEARCH DICTIONARY parley_english_stem (TEMPLATE = snowball, Language = english)",
    """
    ALTER TEXT SEARCH CONFIGURATION parley_search
        ALTER MAPPING FOR asciiword, asciihword, hword_asciipart WITH parley_english_stem
    """,
    """
    ALTER TEXT SEARCH CONFIGURATION parley_search
        ALTER MAPPING FOR word, hword, hword_part WITH unaccent, parley_english_stem
    """,
    *_REBUILD,
]

PG_DOWN = [
    """
    ALTER TEXT SEARCH CONFIGURATION parley_search
        ALTER MAPPING FOR asciiword, asciihword, hword_asciipart WITH english_stem
    """,
    """
    ALTER TEXT SEARCH CONFIGURATION parley_search
        ALTER MAPPING FOR word, hword, hword_part WITH unaccent, english_stem
    """,
    "DROP TEXT SEARCH DICTIONARY IF EXISTS parley_english_stem",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS parley_search_words",
    *_REBUILD,
]


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for sql in PG_UP:
            op.execute(sql)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for sql in PG_DOWN:
            op.execute(sql)
