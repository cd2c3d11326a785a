"""Wire shapes for the knowledge base (Dixa: Knowledge)."""

from __future__ import annotations

import msgspec

from parley.http.params import NonBlank


class InheritedRestriction(msgspec.Struct, omit_defaults=True):
    fromCollection: str | None = None
    fromCategory: str | None = None


class Restrictions(msgspec.Struct):
    """Whether the item is restricted (internal: not in the public help centre), itself or
    through the containers above it (``parley.knowledge.restrictions``)."""

    isRestricted: bool = False
    inheritedRestrictions: list[InheritedRestriction] = msgspec.field(default_factory=list)


class Collection(msgspec.Struct, omit_defaults=True):
    id: str
    title: str
    internalKbEnabled: bool
    restrictions: Restrictions
    description: str | None = None


class TranslationTitle(msgspec.Struct):
    languageId: str
    title: str


class Category(msgspec.Struct, omit_defaults=True):
    id: str
    isLocked: bool
    restrictions: Restrictions
    isDefaultLocation: bool
    parentCollections: list[str]
    title: TranslationTitle | None = None
    parentCategory: str | None = None


class CategoryTranslations(msgspec.Struct):
    titles: list[TranslationTitle]


class ArticleCatalogItem(msgspec.Struct, omit_defaults=True):
    id: str
    title: TranslationTitle | None = None


class CategoryCatalogItem(msgspec.Struct, omit_defaults=True):
    id: str
    categories: list[CategoryCatalogItem]
    articles: list[ArticleCatalogItem]
    title: TranslationTitle | None = None


class CollectionCatalog(msgspec.Struct):
    categories: list[CategoryCatalogItem]
    articles: list[ArticleCatalogItem]


class ArticleContent(msgspec.Struct):
    html: str
    plaintext: str


class HelpCenterLink(msgspec.Struct):
    id: str
    name: str
    url: str


class AvailableAt(msgspec.Struct):
    helpCenterLinks: list[HelpCenterLink]


class ArticleTranslation(msgspec.Struct):
    language: str
    title: str
    isIndexedVersion: bool
    contents: ArticleContent
    availableAt: AvailableAt
    createdAt: str
    updatedAt: str
    createdBy: str
    updatedBy: str


class ArticleVersions(msgspec.Struct, omit_defaults=True):
    draft: ArticleTranslation
    published: ArticleTranslation | None = None


class Article(msgspec.Struct, omit_defaults=True):
    id: str
    isDefaultLocation: bool
    tags: list[str]
    createdAt: str
    updatedAt: str
    createdBy: str
    updatedBy: str
    restrictions: Restrictions
    parentCollections: list[str]
    translation: ArticleVersions | None = None
    indexedAt: str | None = None
    ownedBy: str | None = None
    indexedBy: str | None = None
    parentCategory: str | None = None


class TranslationList(msgspec.Struct):
    draft: list[ArticleTranslation]
    published: list[ArticleTranslation]


class ArticleTranslations(msgspec.Struct):
    translations: TranslationList


class TranslationInput(msgspec.Struct):
    languageId: str
    title: str
    content: str = ""


class CreateArticle(msgspec.Struct):
    translations: list[TranslationInput] = msgspec.field(default_factory=list)
    parentId: str | None = None
    tags: list[str] = msgspec.field(default_factory=list)
    preRelease: bool = False


class TagsUpdate(msgspec.Struct):
    add: list[str] = msgspec.field(default_factory=list)
    remove: list[str] = msgspec.field(default_factory=list)


class UpdateArticle(msgspec.Struct):
    ownedBy: str | None = None
    tags: TagsUpdate | None = None
    preRelease: bool | None = None


class UpdateTranslations(msgspec.Struct):
    translations: list[TranslationInput] = msgspec.field(default_factory=list)


class TranslationError(msgspec.Struct):
    languageId: str
    message: str


class UpdatedTranslations(msgspec.Struct, omit_defaults=True):
    data: list[ArticleTranslation]
    partialErrors: list[TranslationError] | None = None


class AttachmentResult(msgspec.Struct):
    originalFilename: str
    url: str


class AttachmentError(msgspec.Struct):
    originalFilename: str
    message: str
    code: int


class UploadedAttachments(msgspec.Struct, omit_defaults=True):
    data: list[AttachmentResult]
    partialErrors: list[AttachmentError] | None = None


# ---- Parley extensions: collections and categories are created through these ----------


class CreateCollection(msgspec.Struct, forbid_unknown_fields=True):
    title: NonBlank
    description: str | None = None
    internalKbEnabled: bool = True


class CreateCategory(msgspec.Struct, forbid_unknown_fields=True):
    collectionId: str
    titles: list[TranslationTitle]
    parentCategoryId: str | None = None


class SetRestrictions(msgspec.Struct, forbid_unknown_fields=True):
    """Parley extension: restrict (or open) a collection, category or article."""

    isRestricted: bool


class ArticleHit(msgspec.Struct):
    """Parley extension: a published article matching a search, in one language."""

    id: str
    language: str
    title: str
    snippet: str
