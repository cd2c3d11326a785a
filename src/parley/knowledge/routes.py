"""Knowledge base: thin handlers (decode, call the service, encode)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from litestar import Request
from litestar.openapi.spec import OpenAPIMediaType, RequestBody, Schema
from litestar.openapi.spec.enums import OpenAPIFormat, OpenAPIType
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from parley.http.context import READ, WRITE, Context
from parley.http.declare import Routes
from parley.http.envelope import Data, Page, PageMeta
from parley.http.listing import Paging
from parley.http.openapi import ParleyOperation, error_response
from parley.http.params import uuid_path
from parley.knowledge import articles, restrictions, structure, uploads, wire
from parley.knowledge.schemas import (
    Article,
    ArticleHit,
    ArticleTranslations,
    Category,
    CategoryTranslations,
    Collection,
    CollectionCatalog,
    CreateArticle,
    CreateCategory,
    CreateCollection,
    SetRestrictions,
    UpdateArticle,
    UpdatedTranslations,
    UpdateTranslations,
    UploadedAttachments,
)

KB = Routes("Knowledge")
AID = "articleId"
ARTICLE = Routes("Knowledge", prefix="/knowledge/articles/{articleId:str}")
COLLECTION = Routes("Knowledge", prefix="/knowledge/collections/{collectionId:str}")
CATEGORY = Routes("Knowledge", prefix="/knowledge/categories/{categoryId:str}")
# Text with something besides whitespace (the search refuses a blank query).
_WORDS = r"^[^\x00]*[^\s\x00\x1c-\x1f\x85][^\x00]*$"


@KB.get("/knowledge/collections", "List collections", READ)
async def list_collections(ctx: Context, paging: Paging) -> Page[Collection]:
    """The organisation's knowledge collections, oldest first, paged with `pageKey`."""
    return await structure.list_collections(ctx, **paging.window)


@COLLECTION.get("", "Get collection", READ)
async def get_collection(ctx: Context, collectionId: FromPath[str]) -> Data[Collection]:
    """One collection `{id, title, description?, internalKbEnabled, restrictions}`."""
    return Data(await structure.get_collection(ctx, uuid_path("collectionId", collectionId)))


@COLLECTION.get("/catalog", "Get collection catalog", READ)
async def get_catalog(
    ctx: Context, collectionId: FromPath[str], language: FromQuery[str | None] = None
) -> Data[CollectionCatalog]:
    """The collection's category tree, each category with its sub-categories and articles;
    titles in `language` (else English, else the first language)."""
    cid = uuid_path("collectionId", collectionId)
    return Data(await structure.catalog(ctx, cid, language))


@CATEGORY.get("", "Get category", READ)
async def get_category(
    ctx: Context, categoryId: FromPath[str], language: FromQuery[str | None] = None
) -> Data[Category]:
    """One category, its title in `language` (else English, else the first)."""
    return Data(await structure.get_category(ctx, uuid_path("categoryId", categoryId), language))


@CATEGORY.get("/translations", "Get category translations", READ)
async def get_category_translations(
    ctx: Context, categoryId: FromPath[str]
) -> Data[CategoryTranslations]:
    """The category's title in every language."""
    return Data(await structure.category_translations(ctx, uuid_path("categoryId", categoryId)))


@KB.post("/knowledge/collections", "Create a collection (Parley extension)", WRITE)
async def create_collection(ctx: Context, data: JSONBody[CreateCollection]) -> Data[Collection]:
    """**Parley extension**: `{title, description?, internalKbEnabled?}`."""
    return Data(await structure.create_collection(ctx, data))


@KB.post("/knowledge/categories", "Create a category (Parley extension)", WRITE)
async def create_category(ctx: Context, data: JSONBody[CreateCategory]) -> Data[Category]:
    """**Parley extension**: `{collectionId, titles: [{languageId, title}],
    parentCategoryId?}` (the parent in the same collection). `400` when the collection or
    parent is not the organisation's, or a title or language is missing or repeated."""
    return Data(await structure.create_category(ctx, data))


@KB.post("/knowledge/articles", "Create article", WRITE, status_code=200)
async def create_article(ctx: Context, data: JSONBody[CreateArticle]) -> Data[Article]:
    """Creates an article with draft `translations` (`[{languageId, title, content?}]`,
    HTML content; nothing is published), in the category `parentId` (else the default
    location), with `tags` (ids of the organisation's tags) and `preRelease`. `400` when a
    language is bad or repeated, a title empty, or an id names nothing."""
    return Data(await articles.create(ctx, data))


@KB.get("/knowledge/articles/search", "Search published articles (Parley extension)", READ)
async def search_articles(
    ctx: Context,
    *,
    text: Annotated[
        str | None, QueryParameter(name="query", required=False, schema_extra={"pattern": _WORDS})
    ] = None,
    language: Annotated[
        str | None, QueryParameter(schema_extra={"pattern": wire.LANGUAGE.pattern})
    ] = None,
    paging: Paging,
) -> Page[ArticleHit]:
    """**Parley extension**: the published articles (one entry per matching language, or
    only `language`) whose title or text contains every word and quoted phrase of `query`
    (stemmed, case- and accent-insensitive, English stop words ignored), with a plain-text
    `snippet`; `pageLimit` per page (1-100, default 20), the next page at `meta.next` (its
    `pageKey` keeps `query` and `language`). Order: when at most 200 articles match, by
    relevance (title matches weigh more); otherwise the first 200 matches in the index's
    order by relevance, then the others in the index's order, unranked. Drafts are not
    searched. `400` without `query` (unless `pageKey` is given)."""
    hits, next_key = await articles.find(ctx, text, language, paging.key, paging.limit)
    return Page(hits, PageMeta(next=ctx.next_link(next_key)))


@ARTICLE.get("", "Get article", READ)
async def get_article(
    ctx: Context, articleId: FromPath[str], language: FromQuery[str | None] = None
) -> Data[Article]:
    """The article with its `translation` (`draft` and, when published, `published`) in
    `language`, else English, else the first; without `translation` when a `language` is
    asked for that the article does not have."""
    return Data(await articles.get(ctx, uuid_path(AID, articleId), language))


@ARTICLE.patch("", "Update article", WRITE)
async def update_article(
    ctx: Context, articleId: FromPath[str], data: JSONBody[UpdateArticle]
) -> Data[Article]:
    """Changes `ownedBy` (an agent), `tags` (`{add, remove}`) and `preRelease`."""
    return Data(await articles.update(ctx, uuid_path(AID, articleId), data))


@ARTICLE.delete("", "Delete article", WRITE)
async def delete_article(ctx: Context, articleId: FromPath[str]) -> None:
    """Deletes the article with every translation."""
    await articles.delete(ctx, uuid_path(AID, articleId))


@ARTICLE.get("/translations", "Get article translations", READ)
async def get_translations(ctx: Context, articleId: FromPath[str]) -> Data[ArticleTranslations]:
    """Every language's `draft`, and the `published` versions."""
    return Data(await articles.list_translations(ctx, uuid_path(AID, articleId)))


@ARTICLE.patch("/translations", "Update article translations", WRITE)
async def update_translations(
    ctx: Context, articleId: FromPath[str], data: JSONBody[UpdateTranslations]
) -> UpdatedTranslations:
    """Creates or replaces the drafts given (`[{languageId, title, content?}]`); answers the
    drafts written as `data` and the refused ones as `partialErrors` `{languageId,
    message}`. The published versions stay until published again."""
    return await articles.update_translations(ctx, uuid_path(AID, articleId), data)


@ARTICLE.post(
    "/translations/{languageId:str}/publish", "Publish translation", WRITE, status_code=204
)
async def publish_translation(
    ctx: Context, articleId: FromPath[str], languageId: FromPath[str]
) -> None:
    """Publishes the language's draft. `404` when the article has no such translation."""
    await articles.publish(ctx, uuid_path(AID, articleId), languageId)


@ARTICLE.post(
    "/translations/{languageId:str}/unpublish", "Unpublish translation", WRITE, status_code=204
)
async def unpublish_translation(
    ctx: Context, articleId: FromPath[str], languageId: FromPath[str]
) -> None:
    """Withdraws the language's published version (the draft stays). `404` when the
    article has no such translation."""
    await articles.unpublish(ctx, uuid_path(AID, articleId), languageId)


@ARTICLE.delete("/translations/{languageId:str}", "Delete article translation", WRITE)
async def delete_translation(
    ctx: Context, articleId: FromPath[str], languageId: FromPath[str]
) -> None:
    """Deletes the language's draft and published version."""
    await articles.delete_translation(ctx, uuid_path(AID, articleId), languageId)


@ARTICLE.post("/publish", "Publish article", WRITE, status_code=204)
async def publish_article(ctx: Context, articleId: FromPath[str]) -> None:
    """Publishes the draft of every language."""
    await articles.publish(ctx, uuid_path(AID, articleId), None)


@ARTICLE.post("/unpublish", "Unpublish article", WRITE, status_code=204)
async def unpublish_article(ctx: Context, articleId: FromPath[str]) -> None:
    """Withdraws every published version (the drafts stay)."""
    await articles.unpublish(ctx, uuid_path(AID, articleId), None)


@ARTICLE.patch("/parent/{parentId:str}", "Move article", WRITE, status_code=204)
async def move_article(ctx: Context, articleId: FromPath[str], parentId: FromPath[str]) -> None:
    """Moves the article into the category `parentId` (`404` when it is not one)."""
    article_id = uuid_path(AID, articleId)
    await articles.move(ctx, article_id, uuid_path("parentId", parentId))


@ARTICLE.delete("/parent", "Remove article parent", WRITE)
async def remove_parent(ctx: Context, articleId: FromPath[str]) -> None:
    """Moves the article out of its category, to the default location."""
    await articles.move(ctx, uuid_path(AID, articleId), None)


@dataclass
class MultipartFiles(ParleyOperation):
    """The upload's body in the document: multipart ``files`` (read by the handler after
    authentication, so an unauthenticated upload is a 401 before its body is parsed)."""

    def __post_init__(self) -> None:
        super().__post_init__()
        files = Schema(
            type=OpenAPIType.ARRAY,
            items=Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.BINARY),
            min_items=1,
            max_items=uploads.MAX_FILES,
        )
        schema = Schema(type=OpenAPIType.OBJECT, required=["files"], properties={"files": files})
        self.request_body = RequestBody(
            content={"multipart/form-data": OpenAPIMediaType(schema=schema)}, required=True
        )


@KB.post(
    "/knowledge/articles/attachments",
    "Upload article attachments",
    WRITE,
    status_code=200,
    operation_class=MultipartFiles,
    responses={
        400: error_response("No files, more than 5, or not a multipart body"),
        413: error_response("Request body too large"),
    },
)
async def upload_attachments(ctx: Context, request: Request[Any, Any, Any]) -> UploadedAttachments:
    """Multipart `files` (1 to 5 images: PNG, JPEG, GIF or WebP, 4 MB each); each stored
    file answers `{originalFilename, url}` (served from `/v1/attachments/{id}` with the
    API token), each refused one a `partialErrors` entry with code 400."""
    return await uploads.upload(ctx, await uploads.files_of(request))


@COLLECTION.put("/restrictions", "Set collection restriction (Parley extension)", WRITE)
async def restrict_collection(
    ctx: Context, collectionId: FromPath[str], data: JSONBody[SetRestrictions]
) -> Data[Collection]:
    """**Parley extension** (Dixa only reads restrictions): `{isRestricted}` restricts the
    collection (internal: the public help centre shows nothing in it) or opens it again;
    answers the collection as `GET` does. `404` when it is not the organisation's."""
    cid = uuid_path("collectionId", collectionId)
    await restrictions.restrict(ctx, "kb_collections", cid, data.isRestricted)
    return Data(await structure.get_collection(ctx, cid))


@CATEGORY.put("/restrictions", "Set category restriction (Parley extension)", WRITE)
async def restrict_category(
    ctx: Context, categoryId: FromPath[str], data: JSONBody[SetRestrictions]
) -> Data[Category]:
    """**Parley extension**: `{isRestricted}` restricts the category (internal: the public
    help centre shows none of its articles, nor those of its sub-categories) or opens it
    again; answers the category as `GET` does, `restrictions` naming what it inherits.
    `404` when it is not the organisation's."""
    cid = uuid_path("categoryId", categoryId)
    await restrictions.restrict(ctx, "kb_categories", cid, data.isRestricted)
    return Data(await structure.get_category(ctx, cid, None))


@ARTICLE.put("/restrictions", "Set article restriction (Parley extension)", WRITE)
async def restrict_article(
    ctx: Context, articleId: FromPath[str], data: JSONBody[SetRestrictions]
) -> Data[Article]:
    """**Parley extension**: `{isRestricted}` restricts the article (internal: the public
    help centre does not show it) or opens it again; answers the article as `GET` does,
    `restrictions` naming what it inherits. `404` when it is not the organisation's."""
    aid = uuid_path(AID, articleId)
    await restrictions.restrict(ctx, "kb_articles", aid, data.isRestricted)
    return Data(await articles.get(ctx, aid, None))


ROUTES = [
    list_collections,
    get_collection,
    get_catalog,
    get_category,
    get_category_translations,
    create_collection,
    create_category,
    create_article,
    search_articles,
    get_article,
    update_article,
    delete_article,
    get_translations,
    update_translations,
    publish_translation,
    unpublish_translation,
    delete_translation,
    publish_article,
    unpublish_article,
    move_article,
    remove_parent,
    upload_attachments,
    restrict_collection,
    restrict_category,
    restrict_article,
]
