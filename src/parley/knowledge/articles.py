"""Article rules.

An article is created with draft translations (one per language: a title and HTML
content, whose plain text is derived), in a category or in the default location (no
category), with tags of the organisation. Publishing copies a language's draft (or every
language's) to its published version; unpublishing withdraws the published version, the
draft stays. Editing a draft does not change what is published until it is published
again. Every change writes an event (KnowledgeArticleCreated, …Updated, …Deleted,
…Published, …Unpublished) and sets the article's ``updatedAt``/``updatedBy``; publishing
sets ``indexedAt``/``indexedBy``. Ids given in a body that name nothing (a category, a tag,
an owner) are a 400; ids in the path are a 404.
"""

from __future__ import annotations

import dataclasses

import msgspec

from parley.errors import NotFound, found, invalid_body, invalid_path, invalid_query
from parley.http.paging import NOT_ISSUED, page_request, split_page
from parley.journal.service import emit
from parley.kit.ids import is_uuid, new_id
from parley.knowledge import repository as repo
from parley.knowledge import restrictions, search, wire
from parley.knowledge.schemas import (
    Article,
    ArticleHit,
    ArticleTranslations,
    CreateArticle,
    TranslationError,
    TranslationInput,
    TranslationList,
    UpdateArticle,
    UpdatedTranslations,
    UpdateTranslations,
)
from parley.messages.text import html_to_text
from parley.uow import Ctx

NO_TRANSLATION = "The article has no translation in that language"


async def require(ctx: Ctx, article_id: str) -> repo.ArticleRow:
    return found(await repo.get_article(ctx.tx, ctx.org_id, article_id))


async def _wire(ctx: Ctx, row: repo.ArticleRow, language: str | None) -> Article:
    translations = await repo.translations(ctx.tx, ctx.org_id, [row.id])
    collection = None
    if row.category_id is not None:
        category = await repo.get_category(ctx.tx, ctx.org_id, row.category_id)
        collection = None if category is None else category.collection_id
    restricted = await restrictions.of_article(ctx, row)
    return wire.article(row, translations, collection, language, restricted)


async def get(ctx: Ctx, article_id: str, language: str | None) -> Article:
    return await _wire(ctx, await require(ctx, article_id), language)


def _problem(item: TranslationInput) -> str | None:
    if not wire.LANGUAGE.match(item.languageId):
        return "languageId is not a language code"
    if not item.title.strip():
        return "title must not be empty"
    return None


def _draft(ctx: Ctx, article_id: str, item: TranslationInput) -> repo.TranslationRow:
    return repo.TranslationRow(
        article_id,
        item.languageId,
        item.title.strip(),
        item.content,
        html_to_text(item.content),
        ctx.now,
        ctx.acting_user_id,
        ctx.now,
        ctx.acting_user_id,
    )


async def _category_or_400(ctx: Ctx, category_id: str | None) -> str | None:
    if category_id is None:
        return None
    found = None
    if is_uuid(category_id):
        found = await repo.get_category(ctx.tx, ctx.org_id, category_id.lower())
    if found is None:
        raise invalid_body("parentId is not a category")
    return found.id


async def _tags_or_400(ctx: Ctx, tag_ids: list[str]) -> list[str]:
    ids = list(dict.fromkeys(t.lower() for t in tag_ids if is_uuid(t)))
    known = await repo.tags_exist(ctx.tx, ctx.org_id, ids)
    if len(ids) != len(tag_ids) or len(known) != len(ids):
        raise invalid_body("tags must be ids of the organisation's tags")
    return ids


async def _event(ctx: Ctx, name: str, article_id: str, **extra: object) -> None:
    data = {"article": {"id": article_id, **extra}, "by": ctx.acting_user_id}
    await emit(ctx.tx, ctx.org_id, name, data, at=ctx.now)


async def create(ctx: Ctx, body: CreateArticle) -> Article:
    languages = [t.languageId for t in body.translations]
    if len(set(languages)) != len(languages):
        raise invalid_body("translations: a language is given twice")
    for item in body.translations:
        problem = _problem(item)
        if problem:
            raise invalid_body(f"translations: {problem}")
    row = repo.ArticleRow(
        id=new_id(),
        category_id=await _category_or_400(ctx, body.parentId),
        tags=msgspec.json.encode(await _tags_or_400(ctx, body.tags)).decode(),
        pre_release=body.preRelease,
        owned_by=ctx.acting_user_id,
        created_at=ctx.now,
        created_by=ctx.acting_user_id,
        updated_at=ctx.now,
        updated_by=ctx.acting_user_id,
        indexed_at=None,
        indexed_by=None,
    )
    await repo.insert_article(ctx.tx, ctx.org_id, row)
    for item in body.translations:
        await repo.upsert_draft(ctx.tx, ctx.org_id, _draft(ctx, row.id, item))
    await _event(ctx, "KnowledgeArticleCreated", row.id)
    return await _wire(ctx, row, None)


async def _touch(ctx: Ctx, row: repo.ArticleRow, **changes: object) -> repo.ArticleRow:
    new = dataclasses.replace(row, updated_at=ctx.now, updated_by=ctx.acting_user_id, **changes)  # type: ignore[arg-type]
    await repo.update_article(ctx.tx, ctx.org_id, new)
    return new


async def update(ctx: Ctx, article_id: str, body: UpdateArticle) -> Article:
    row = await require(ctx, article_id)
    changes: dict[str, object] = {}
    if body.ownedBy is not None:
        if not is_uuid(body.ownedBy) or not await repo.agent_exists(
            ctx.tx, ctx.org_id, body.ownedBy.lower()
        ):
            raise invalid_body("ownedBy is not an agent of the organisation")
        changes["owned_by"] = body.ownedBy.lower()
    if body.tags is not None:
        add = await _tags_or_400(ctx, body.tags.add)
        remove = {t.lower() for t in body.tags.remove}
        current = [t for t in wire.tags(row) if t not in remove]
        changes["tags"] = msgspec.json.encode(list(dict.fromkeys(current + add))).decode()
    if body.preRelease is not None:
        changes["pre_release"] = body.preRelease
    if any(getattr(row, k) != v for k, v in changes.items()):
        row = await _touch(ctx, row, **changes)
        await _event(ctx, "KnowledgeArticleUpdated", row.id)
    return await _wire(ctx, row, None)


async def delete(ctx: Ctx, article_id: str) -> None:
    await require(ctx, article_id)
    await search.remove(ctx.tx, ctx.org_id, article_id, None)
    await repo.delete_article(ctx.tx, ctx.org_id, article_id)
    await _event(ctx, "KnowledgeArticleDeleted", article_id)


async def list_translations(ctx: Ctx, article_id: str) -> ArticleTranslations:
    await require(ctx, article_id)
    rows = await repo.translations(ctx.tx, ctx.org_id, [article_id])
    published = [p for p in (wire.published(t) for t in rows) if p is not None]
    drafts = [wire.draft(t) for t in rows]
    return ArticleTranslations(TranslationList(draft=drafts, published=published))


async def update_translations(
    ctx: Ctx, article_id: str, body: UpdateTranslations
) -> UpdatedTranslations:
    """Upserts each draft; a bad one is reported in ``partialErrors``, the others kept."""
    row = await require(ctx, article_id)
    errors: list[TranslationError] = []
    done: list[str] = []
    for item in body.translations:
        problem = _problem(item) or ("given twice" if item.languageId in done else None)
        if problem:
            errors.append(TranslationError(item.languageId, problem))
            continue
        await repo.upsert_draft(ctx.tx, ctx.org_id, _draft(ctx, article_id, item))
        done.append(item.languageId)
    if done:
        await _touch(ctx, row)
        await _event(ctx, "KnowledgeArticleUpdated", article_id, languages=done)
    rows = await repo.translations(ctx.tx, ctx.org_id, [article_id])
    data = [wire.draft(t) for t in rows if t.language in done]
    return UpdatedTranslations(data=data, partialErrors=errors or None)


def _language(raw: str) -> str:
    if not wire.LANGUAGE.match(raw):
        raise invalid_path("languageId")
    return raw


async def publish(ctx: Ctx, article_id: str, language: str | None) -> None:
    row = await require(ctx, article_id)
    lang = None if language is None else _language(language)
    if not await repo.publish(ctx.tx, ctx.org_id, article_id, lang, ctx.now, ctx.acting_user_id):
        if lang is not None:
            raise NotFound(NO_TRANSLATION)
        return  # no translation at all: nothing to publish
    for t in await repo.translations(ctx.tx, ctx.org_id, [article_id]):
        if lang in (None, t.language):
            title, text = t.published_title or "", t.published_plaintext or ""
            await search.index(ctx.tx, ctx.org_id, article_id, t.language, title, text)
    await _touch(ctx, row, indexed_at=ctx.now, indexed_by=ctx.acting_user_id)
    await _event(ctx, "KnowledgeArticlePublished", article_id, language=lang)


async def unpublish(ctx: Ctx, article_id: str, language: str | None) -> None:
    row = await require(ctx, article_id)
    lang = None if language is None else _language(language)
    if lang is not None and not any(
        t.language == lang for t in await repo.translations(ctx.tx, ctx.org_id, [article_id])
    ):
        raise NotFound(NO_TRANSLATION)
    if await repo.unpublish(ctx.tx, ctx.org_id, article_id, lang):
        await search.remove(ctx.tx, ctx.org_id, article_id, lang)
        await _touch(ctx, row)
        await _event(ctx, "KnowledgeArticleUnpublished", article_id, language=lang)


async def delete_translation(ctx: Ctx, article_id: str, language: str) -> None:
    row = await require(ctx, article_id)
    if not await repo.delete_translation(ctx.tx, ctx.org_id, article_id, _language(language)):
        raise NotFound(NO_TRANSLATION)
    await search.remove(ctx.tx, ctx.org_id, article_id, language)
    await _touch(ctx, row)
    await _event(ctx, "KnowledgeArticleUpdated", article_id, deletedLanguage=language)


MAX_HITS = 100
QUERY_REQUIRED = "required without a pageKey"
DEFAULT_HITS = 20


async def find(
    ctx: Ctx, query: str | None, language: str | None, page_key: str | None, limit: int | None
) -> tuple[list[ArticleHit], str | None]:
    """A page of the published articles matching ``query`` (see ``parley.knowledge.search``)
    and the next page key. A page key keeps the first request's ``query`` and
    ``language``: a client following ``meta.next`` need not repeat them."""
    first = None
    if not page_key:
        if query is None or not query.strip():
            raise invalid_query("query", QUERY_REQUIRED)
        if language is not None and not wire.LANGUAGE.match(language):
            raise invalid_query("language")
        first = {"query": query, "language": language}
    page = page_request(page_key, limit, default=DEFAULT_HITS, maximum=MAX_HITS, filters=first)
    text, lang = page.filters.get("query"), page.filters.get("language")
    if not isinstance(text, str) or not (lang is None or isinstance(lang, str)):
        raise invalid_query("pageKey", NOT_ISSUED)
    if page.after is not None and not search.valid_key(page.after):
        raise invalid_query("pageKey", NOT_ISSUED)
    hits = await search.search(ctx.tx, ctx.org_id, text, lang, page.limit, page.after)
    items, next_key = split_page(hits, page, lambda h: h.key)
    return [ArticleHit(h.article_id, h.language, h.title, h.snippet) for h in items], next_key


async def move(ctx: Ctx, article_id: str, category_id: str | None) -> None:
    """Into a category (404 when it is not one of the organisation's) or, with None, to
    the default location."""
    row = await require(ctx, article_id)
    if category_id is not None and await repo.get_category(ctx.tx, ctx.org_id, category_id) is None:
        raise NotFound()
    if row.category_id != category_id:
        await _touch(ctx, row, category_id=category_id)
        await _event(ctx, "KnowledgeArticleUpdated", article_id, parentCategory=category_id)
