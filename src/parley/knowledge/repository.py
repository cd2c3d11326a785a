"""SQL for the knowledge base."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from parley.store import Tx
from parley.store.rows import Table


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


# ---- collections and categories ---------------------------------------------------------

_COLLECTIONS = Table("kb_collections", CollectionRow)
_CATEGORIES = Table("kb_categories", CategoryRow)


get_collection = _COLLECTIONS.get
collections_page = _COLLECTIONS.page
insert_collection = _COLLECTIONS.insert
get_category = _CATEGORIES.get
insert_category = _CATEGORIES.insert


async def categories_of(tx: Tx, org_id: str, collection_id: str) -> list[CategoryRow]:
    return await _CATEGORIES.where(tx, org_id, "collection_id", collection_id)


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

_ARTICLES = Table("kb_articles", ArticleRow)
# What an edit of an article writes (not its id or creation).
_ARTICLE_EDITABLE = (
    "category_id, tags, pre_release, owned_by, updated_at, updated_by, indexed_at, indexed_by, "
    "restricted"
)


get_article = _ARTICLES.get


async def articles_in(tx: Tx, org_id: str, category_ids: list[str]) -> list[ArticleRow]:
    return await _ARTICLES.among(tx, org_id, "category_id", category_ids)


insert_article = _ARTICLES.insert


async def update_article(tx: Tx, org_id: str, a: ArticleRow) -> int:
    return await _ARTICLES.update(tx, org_id, a, _ARTICLE_EDITABLE)


async def delete_article(tx: Tx, org_id: str, article_id: str) -> int:
    params = {"org": org_id, "id": article_id}
    await tx.execute("DELETE FROM kb_translations WHERE org_id = :org AND article_id = :id", params)
    return await tx.execute("DELETE FROM kb_articles WHERE org_id = :org AND id = :id", params)


# ---- translations -----------------------------------------------------------------------

_TRANSLATIONS = Table("kb_translations", TranslationRow)


async def translations(tx: Tx, org_id: str, article_ids: list[str]) -> list[TranslationRow]:
    """The translations of the articles, by article then language."""
    return await _TRANSLATIONS.among(tx, org_id, "article_id", article_ids, "article_id, language")


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
