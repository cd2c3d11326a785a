"""Rows to Dixa's knowledge shapes, and the language rules shared by the services.

A language is an ISO code (``en``, ``da``, ``pt-BR``). Where one title or translation is
shown, it is the one in the requested language, else English, else the first by code.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TypeVar

import msgspec

from parley.kit.clock import to_iso
from parley.knowledge import repository as repo
from parley.knowledge.schemas import (
    Article,
    ArticleContent,
    ArticleTranslation,
    ArticleVersions,
    AvailableAt,
    Restrictions,
    TranslationTitle,
)

LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_TITLES = msgspec.json.Decoder(list[TranslationTitle])
_TAGS = msgspec.json.Decoder(list[str])
T = TypeVar("T")


def pick(items: Sequence[T], language: str | None, key: str) -> T | None:
    """The item in ``language``, else in English, else the first."""
    for wanted in (language, "en"):
        for item in items:
            if wanted is not None and getattr(item, key).lower() == wanted.lower():
                return item
    return items[0] if items else None


def titles(row: repo.CategoryRow) -> list[TranslationTitle]:
    return _TITLES.decode(row.titles)


def tags(row: repo.ArticleRow) -> list[str]:
    return _TAGS.decode(row.tags)


def _version(t: repo.TranslationRow, published: bool) -> ArticleTranslation:
    indexed = t.published_at is not None and (
        published
        or (t.title, t.html, t.plaintext)
        == (t.published_title, t.published_html, t.published_plaintext)
    )
    return ArticleTranslation(
        language=t.language,
        title=(t.published_title or "") if published else t.title,
        isIndexedVersion=indexed,
        contents=ArticleContent(
            (t.published_html or "") if published else t.html,
            (t.published_plaintext or "") if published else t.plaintext,
        ),
        availableAt=AvailableAt(helpCenterLinks=[]),
        createdAt=to_iso(t.created_at) or "",
        updatedAt=to_iso(t.published_at if published else t.updated_at) or "",
        createdBy=t.created_by,
        updatedBy=(t.published_by or t.updated_by) if published else t.updated_by,
    )


def draft(t: repo.TranslationRow) -> ArticleTranslation:
    return _version(t, False)


def published(t: repo.TranslationRow) -> ArticleTranslation | None:
    return _version(t, True) if t.published_at is not None else None


def article(
    row: repo.ArticleRow,
    translations: list[repo.TranslationRow],
    collection_id: str | None,
    language: str | None,
    restrictions: Restrictions,
) -> Article:
    chosen = pick(translations, language, "language")
    if language is not None and chosen is not None and chosen.language != language:
        chosen = None  # a language was asked for and the article has none in it
    versions = None
    if chosen is not None:
        versions = ArticleVersions(draft=draft(chosen), published=published(chosen))
    return Article(
        id=row.id,
        isDefaultLocation=row.category_id is None,
        tags=tags(row),
        createdAt=to_iso(row.created_at) or "",
        updatedAt=to_iso(row.updated_at) or "",
        createdBy=row.created_by,
        updatedBy=row.updated_by,
        restrictions=restrictions,
        parentCollections=[collection_id] if collection_id else [],
        translation=versions,
        indexedAt=to_iso(row.indexed_at),
        ownedBy=row.owned_by,
        indexedBy=row.indexed_by,
        parentCategory=row.category_id,
    )
