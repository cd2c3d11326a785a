"""Collections and categories: read through Dixa's routes, created through Parley's
extensions (Dixa has none). A category belongs to one collection and may sit in a parent
category of the same collection; its titles are given per language. The catalogue of a
collection is its category tree with the articles of each category."""

from __future__ import annotations

import msgspec

from parley.errors import found, invalid_body
from parley.http.envelope import Page
from parley.http.listing import list_page
from parley.journal.service import emit
from parley.kit.ids import is_uuid, new_id
from parley.kit.wire import from_row
from parley.knowledge import repository as repo
from parley.knowledge import restrictions, wire
from parley.knowledge.schemas import (
    ArticleCatalogItem,
    Category,
    CategoryCatalogItem,
    CategoryTranslations,
    Collection,
    CollectionCatalog,
    CreateCategory,
    CreateCollection,
    TranslationTitle,
)
from parley.uow import Ctx


def to_collection(row: repo.CollectionRow) -> Collection:
    return from_row(Collection, row, restrictions=restrictions.of_collection(row))


async def require_collection(ctx: Ctx, collection_id: str) -> repo.CollectionRow:
    return found(await repo.get_collection(ctx.tx, ctx.org_id, collection_id))


async def require_category(ctx: Ctx, category_id: str) -> repo.CategoryRow:
    return found(await repo.get_category(ctx.tx, ctx.org_id, category_id))


async def list_collections(
    ctx: Ctx, *, page_key: str | None, page_limit: int | None
) -> Page[Collection]:
    default = ctx.settings.page_limit_default
    return await list_page(
        ctx, page_key, page_limit, repo.collections_page, to_collection, default_limit=default
    )


async def get_collection(ctx: Ctx, collection_id: str) -> Collection:
    return to_collection(await require_collection(ctx, collection_id))


async def to_category(ctx: Ctx, row: repo.CategoryRow, language: str | None) -> Category:
    return Category(
        id=row.id,
        isLocked=False,
        restrictions=await restrictions.of_category(ctx, row),
        isDefaultLocation=False,
        parentCollections=[row.collection_id],
        title=wire.pick(wire.titles(row), language, "languageId"),
        parentCategory=row.parent_id,
    )


async def get_category(ctx: Ctx, category_id: str, language: str | None) -> Category:
    return await to_category(ctx, await require_category(ctx, category_id), language)


async def category_translations(ctx: Ctx, category_id: str) -> CategoryTranslations:
    return CategoryTranslations(titles=wire.titles(await require_category(ctx, category_id)))


async def catalog(ctx: Ctx, collection_id: str, language: str | None) -> CollectionCatalog:
    await require_collection(ctx, collection_id)
    categories = await repo.categories_of(ctx.tx, ctx.org_id, collection_id)
    articles = await repo.articles_in(ctx.tx, ctx.org_id, [c.id for c in categories])
    translations = await repo.translations(ctx.tx, ctx.org_id, [a.id for a in articles])
    by_article: dict[str, list[repo.TranslationRow]] = {}
    for t in translations:
        by_article.setdefault(t.article_id, []).append(t)
    items = {
        c.id: CategoryCatalogItem(
            id=c.id,
            categories=[],
            articles=[],
            title=wire.pick(wire.titles(c), language, "languageId"),
        )
        for c in categories
    }
    for a in articles:
        chosen = wire.pick(by_article.get(a.id, []), language, "language")
        title = None if chosen is None else TranslationTitle(chosen.language, chosen.title)
        items[a.category_id or ""].articles.append(ArticleCatalogItem(a.id, title))
    roots: list[CategoryCatalogItem] = []
    for c in categories:
        parent = items.get(c.parent_id or "")
        (parent.categories if parent is not None else roots).append(items[c.id])
    return CollectionCatalog(categories=roots, articles=[])


async def create_collection(ctx: Ctx, body: CreateCollection) -> Collection:
    title = body.title.strip()
    if not title:
        raise invalid_body("title must not be empty")
    row = repo.CollectionRow(new_id(), title, body.description, body.internalKbEnabled, ctx.now)
    await repo.insert_collection(ctx.tx, ctx.org_id, row)
    data = {"collection": {"id": row.id, "title": title}, "by": ctx.user_id}
    await emit(ctx.tx, ctx.org_id, "KnowledgeCollectionCreated", data, at=ctx.now)
    return to_collection(row)


async def create_category(ctx: Ctx, body: CreateCategory) -> Category:
    if not is_uuid(body.collectionId):
        raise invalid_body("collectionId is not a collection")
    collection = await repo.get_collection(ctx.tx, ctx.org_id, body.collectionId.lower())
    if collection is None:
        raise invalid_body("collectionId is not a collection")
    parent = None
    if body.parentCategoryId is not None:
        found = None
        if is_uuid(body.parentCategoryId):
            found = await repo.get_category(ctx.tx, ctx.org_id, body.parentCategoryId.lower())
        if found is None or found.collection_id != collection.id:
            raise invalid_body("parentCategoryId is not a category of the collection")
        parent = found.id
    check_titles(body.titles)
    row = repo.CategoryRow(
        new_id(), collection.id, parent, msgspec.json.encode(body.titles).decode(), ctx.now
    )
    await repo.insert_category(ctx.tx, ctx.org_id, row)
    data = {"category": {"id": row.id, "collectionId": collection.id}, "by": ctx.user_id}
    await emit(ctx.tx, ctx.org_id, "KnowledgeCategoryCreated", data, at=ctx.now)
    return await to_category(ctx, row, None)


def check_titles(titles: list[TranslationTitle]) -> None:
    if not titles:
        raise invalid_body("titles must name the category in at least one language")
    languages = [t.languageId for t in titles]
    if len(set(languages)) != len(languages):
        raise invalid_body("titles: a language is given twice")
    for t in titles:
        if not wire.LANGUAGE.match(t.languageId) or not t.title.strip():
            raise invalid_body(f"titles: {t.languageId!r} needs a language code and a title")
