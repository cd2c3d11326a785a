"""SQL for the knowledge base."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from parley.store import Row, Tx, keyset
from parley.store.database import by_id, insert_sql, row_params, rows_where


@dataclass(frozen=True)
class CollectionRow:
    id: str
    title: str
    description: str | None
    internal_kb_enabled: bool
    created_at: int
    restricted: bool = False


@dataclass(frozen=True)
class CategoryRow:
    id: str
    collection_id: str
    parent_id: str | None
    titles: str  # JSON
    created_at: int
    restricted: bool = False


@dataclass(frozen=True)
class ArticleRow:
    id: str
    category_id: str | None
    tags: str  # JSON
    pre_release: bool
    owned_by: str | None
    created_at: int
    created_by: str
    updated_at: int
    updated_by: str
    indexed_at: int | None
    indexed_by: str | None
    restricted: bool = False


@dataclass(frozen=True)
class TranslationRow:
    article_id: str
    language: str
    title: str
    html: str
    plaintext: str
    created_at: int
    created_by: str
    updated_at: int
    updated_by: str
    published_title: str | None = None
    published_html: str | None = None
    published_plaintext: str | None = None
    published_at: int | None = None
    published_by: str | None = None


Restrictable = Literal["kb_collections", "kb_categories", "kb_articles"]


def _opt(v: object) -> int | None:
    return None if v is None else int(v)  # type: ignore[call-overload]


# ---- collections and categories ---------------------------------------------------------

_COLLECTION = "id, title, description, internal_kb_enabled, created_at, restricted"
_CATEGORY = "id, collection_id, parent_id, titles, created_at, restricted"


def _collection(r: Row) -> CollectionRow:
    return CollectionRow(r[0], r[1], r[2], bool(r[3]), int(r[4]), bool(r[5]))


def _category(r: Row) -> CategoryRow:
    return CategoryRow(r[0], r[1], r[2], r[3], int(r[4]), bool(r[5]))


async def get_collection(tx: Tx, org_id: str, collection_id: str) -> CollectionRow | None:
    return await by_id(tx, _collection, "kb_collections", _COLLECTION, org_id, collection_id)


async def collections_page(
    tx: Tx, org_id: str, *, after: list[object] | None, limit: int
) -> list[CollectionRow]:
    return await keyset.fetch_page(
        tx,
        f"SELECT {_COLLECTION} FROM kb_collections WHERE org_id = :org",
        {"org": org_id},
        _collection,
        after=after,
        limit=limit,
    )


async def insert_collection(tx: Tx, org_id: str, c: CollectionRow) -> None:
    await tx.execute(insert_sql("kb_collections", _COLLECTION), row_params(org_id, c))


async def get_category(tx: Tx, org_id: str, category_id: str) -> CategoryRow | None:
    return await by_id(tx, _category, "kb_categories", _CATEGORY, org_id, category_id)


async def categories_of(tx: Tx, org_id: str, collection_id: str) -> list[CategoryRow]:
    return await rows_where(
        tx, _category, "kb_categories", _CATEGORY, org_id, "collection_id", collection_id
    )


async def insert_category(tx: Tx, org_id: str, c: CategoryRow) -> None:
    await tx.execute(insert_sql("kb_categories", _CATEGORY), row_params(org_id, c))


async def set_restricted(
    tx: Tx, org_id: str, table: Restrictable, row_id: str, restricted: bool
) -> int:
    """Restrict (or open) a collection, category or article; how many rows changed."""
    return await tx.execute(
        f"UPDATE {table} SET restricted = :r WHERE org_id = :org AND id = :id AND restricted <> :r",
        {"org": org_id, "id": row_id, "r": restricted},
    )


async def category_chain(tx: Tx, org_id: str, category_id: str) -> list[CategoryRow]:
    """The category and its ancestors, the top one first."""
    chain: list[CategoryRow] = []
    found = await get_category(tx, org_id, category_id)
    while found is not None and len(chain) < MAX_DEPTH:
        chain.insert(0, found)
        found = None if found.parent_id is None else await get_category(tx, org_id, found.parent_id)
    return chain


MAX_DEPTH = 64  # a guard: categories are created under an existing parent, never in a cycle


# ---- articles ---------------------------------------------------------------------------

_ARTICLE = (
    "id, category_id, tags, pre_release, owned_by, created_at, created_by, updated_at, "
    "updated_by, indexed_at, indexed_by, restricted"
)


def _article(r: Row) -> ArticleRow:
    return ArticleRow(
        r[0],
        r[1],
        r[2],
        bool(r[3]),
        r[4],
        int(r[5]),
        r[6],
        int(r[7]),
        r[8],
        _opt(r[9]),
        r[10],
        bool(r[11]),
    )


async def get_article(tx: Tx, org_id: str, article_id: str) -> ArticleRow | None:
    return await by_id(tx, _article, "kb_articles", _ARTICLE, org_id, article_id)


async def articles_in(tx: Tx, org_id: str, category_ids: list[str]) -> list[ArticleRow]:
    if not category_ids:
        return []
    rows = await tx.fetch_all(
        f"SELECT {_ARTICLE} FROM kb_articles WHERE org_id = :org AND category_id IN :ids "
        "ORDER BY created_at, id",
        {"org": org_id, "ids": category_ids},
    )
    return [_article(r) for r in rows]


def _article_params(org_id: str, a: ArticleRow) -> dict[str, object]:
    return {
        "org": org_id,
        "id": a.id,
        "category": a.category_id,
        "tags": a.tags,
        "pre": a.pre_release,
        "owner": a.owned_by,
        "created_at": a.created_at,
        "created_by": a.created_by,
        "updated_at": a.updated_at,
        "updated_by": a.updated_by,
        "indexed_at": a.indexed_at,
        "indexed_by": a.indexed_by,
        "restricted": a.restricted,
    }


async def insert_article(tx: Tx, org_id: str, a: ArticleRow) -> None:
    await tx.execute(
        f"INSERT INTO kb_articles (org_id, {_ARTICLE}) VALUES (:org, :id, :category, :tags, "
        ":pre, :owner, :created_at, :created_by, :updated_at, :updated_by, :indexed_at, "
        ":indexed_by, :restricted)",
        _article_params(org_id, a),
    )


async def update_article(tx: Tx, org_id: str, a: ArticleRow) -> int:
    return await tx.execute(
        "UPDATE kb_articles SET category_id = :category, tags = :tags, pre_release = :pre, "
        "owned_by = :owner, updated_at = :updated_at, updated_by = :updated_by, "
        "indexed_at = :indexed_at, indexed_by = :indexed_by, restricted = :restricted "
        "WHERE org_id = :org AND id = :id",
        _article_params(org_id, a),
    )


async def delete_article(tx: Tx, org_id: str, article_id: str) -> int:
    params = {"org": org_id, "id": article_id}
    await tx.execute("DELETE FROM kb_translations WHERE org_id = :org AND article_id = :id", params)
    return await tx.execute("DELETE FROM kb_articles WHERE org_id = :org AND id = :id", params)


# ---- translations -----------------------------------------------------------------------

_TRANSLATION = (
    "article_id, language, title, html, plaintext, created_at, created_by, updated_at, "
    "updated_by, published_title, published_html, published_plaintext, published_at, "
    "published_by"
)


def _translation(r: Row) -> TranslationRow:
    return TranslationRow(
        r[0],
        r[1],
        r[2],
        r[3],
        r[4],
        int(r[5]),
        r[6],
        int(r[7]),
        r[8],
        r[9],
        r[10],
        r[11],
        _opt(r[12]),
        r[13],
    )


async def translations(tx: Tx, org_id: str, article_ids: list[str]) -> list[TranslationRow]:
    """The translations of the articles, by article then language."""
    if not article_ids:
        return []
    rows = await tx.fetch_all(
        f"SELECT {_TRANSLATION} FROM kb_translations WHERE org_id = :org "
        "AND article_id IN :ids ORDER BY article_id, language",
        {"org": org_id, "ids": article_ids},
    )
    return [_translation(r) for r in rows]


async def upsert_draft(tx: Tx, org_id: str, t: TranslationRow) -> None:
    await tx.execute(
        "INSERT INTO kb_translations (org_id, article_id, language, title, html, plaintext, "
        "created_at, created_by, updated_at, updated_by) VALUES (:org, :article, :lang, :title, "
        ":html, :text, :at, :by, :at, :by) ON CONFLICT (org_id, article_id, language) DO UPDATE "
        "SET title = excluded.title, html = excluded.html, plaintext = excluded.plaintext, "
        "updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        {
            "org": org_id,
            "article": t.article_id,
            "lang": t.language,
            "title": t.title,
            "html": t.html,
            "text": t.plaintext,
            "at": t.updated_at,
            "by": t.updated_by,
        },
    )


async def publish(
    tx: Tx, org_id: str, article_id: str, language: str | None, now: int, by: str
) -> int:
    """Publish the draft of one language (every language when ``language`` is None)."""
    sql = (
        "UPDATE kb_translations SET published_title = title, published_html = html, "
        "published_plaintext = plaintext, published_at = :now, published_by = :by "
        "WHERE org_id = :org AND article_id = :id"
    )
    params: dict[str, object] = {"org": org_id, "id": article_id, "now": now, "by": by}
    if language is not None:
        sql += " AND language = :lang"
        params["lang"] = language
    return await tx.execute(sql, params)


async def unpublish(tx: Tx, org_id: str, article_id: str, language: str | None) -> int:
    """Withdraw the published version of one language (or all); how many were published."""
    sql = (
        "UPDATE kb_translations SET published_title = NULL, published_html = NULL, "
        "published_plaintext = NULL, published_at = NULL, published_by = NULL "
        "WHERE org_id = :org AND article_id = :id AND published_at IS NOT NULL"
    )
    params: dict[str, object] = {"org": org_id, "id": article_id}
    if language is not None:
        sql += " AND language = :lang"
        params["lang"] = language
    return await tx.execute(sql, params)


async def delete_translation(tx: Tx, org_id: str, article_id: str, language: str) -> int:
    return await tx.execute(
        "DELETE FROM kb_translations WHERE org_id = :org AND article_id = :id AND language = :lang",
        {"org": org_id, "id": article_id, "lang": language},
    )


async def tags_exist(tx: Tx, org_id: str, tag_ids: list[str]) -> set[str]:
    if not tag_ids:
        return set()
    rows = await tx.fetch_all(
        "SELECT id FROM tags WHERE org_id = :org AND id IN :ids", {"org": org_id, "ids": tag_ids}
    )
    return {r[0] for r in rows}


async def agent_exists(tx: Tx, org_id: str, user_id: str) -> bool:
    r = await tx.fetch_one(
        "SELECT 1 FROM users WHERE org_id = :org AND id = :id AND kind = 'Agent'",
        {"org": org_id, "id": user_id},
    )
    return r is not None
