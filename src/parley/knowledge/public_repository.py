"""SQL for what the public help centre shows: published versions of articles that are
neither pre-release nor restricted (nor under a restricted category or collection), and
the article images they refer to."""

from __future__ import annotations

from dataclasses import dataclass

from parley.store import Tx, keyset


@dataclass(frozen=True)
class PublishedRow:
    article_id: str
    language: str
    title: str
    text: str
    html: str = ""


# The categories the public help centre does not show (``:org`` bound): the restricted ones,
# those of a restricted collection, and every sub-category of one of these.
_HIDDEN_CATEGORIES = (
    "WITH RECURSIVE hidden(id) AS (SELECT g.id FROM kb_categories g JOIN kb_collections k "
    "ON k.org_id = g.org_id AND k.id = g.collection_id WHERE g.org_id = :org "
    "AND (g.restricted = TRUE OR k.restricted = TRUE) UNION SELECT g.id FROM kb_categories g "
    "JOIN hidden h ON g.parent_id = h.id WHERE g.org_id = :org) SELECT id FROM hidden"
)
# An article the public help centre shows (``a``: its kb_articles row; ``:org`` bound): not
# pre-release, not restricted, and not in a category that is hidden.
SHOWN = (
    "a.pre_release = FALSE AND a.restricted = FALSE AND (a.category_id IS NULL OR "
    f"a.category_id NOT IN ({_HIDDEN_CATEGORIES}))"
)
_SHOWN = (
    "FROM kb_translations t JOIN kb_articles a ON a.org_id = t.org_id AND a.id = t.article_id "
    f"WHERE t.org_id = :org AND t.published_at IS NOT NULL AND {SHOWN}"
)
_PUBLISHED = (
    "SELECT t.article_id, t.language, t.published_title, t.published_plaintext, "
    "t.published_html " + _SHOWN
)
_PUBLISHED_KEY = ("t.published_title", "t.article_id || ':' || t.language")


async def published_page(
    tx: Tx, org_id: str, *, after: list[object] | None, limit: int
) -> list[PublishedRow]:
    """Published versions of articles that are not pre-release, by title (then article and
    language)."""
    params: dict[str, object] = {"org": org_id}
    sql = keyset.page(_PUBLISHED, params, after=after, limit=limit, columns=_PUBLISHED_KEY)
    return [
        PublishedRow(r[0], r[1], r[2] or "", r[3] or "") for r in await tx.fetch_all(sql, params)
    ]


async def published_versions(tx: Tx, org_id: str, article_id: str) -> list[PublishedRow]:
    rows = await tx.fetch_all(
        _PUBLISHED + " AND t.article_id = :id ORDER BY t.language",
        {"org": org_id, "id": article_id},
    )
    return [PublishedRow(r[0], r[1], r[2] or "", r[3] or "", r[4] or "") for r in rows]


@dataclass(frozen=True)
class PublicImage:
    content_type: str
    blob_path: str


async def public_image(tx: Tx, org_id: str, attachment_id: str) -> PublicImage | None:
    """An article image of the organisation (an attachment uploaded for articles, not a
    message's) that the published version of an article shown in the help centre (not
    pre-release) refers to; None otherwise. The reference is looked for in the published
    HTML of the organisation's articles: a scan of its knowledge base, whose size is an
    organisation's article count."""
    r = await tx.fetch_one(
        "SELECT f.content_type, f.blob_path FROM attachments f WHERE f.org_id = :org "
        "AND f.id = :id AND f.message_id IS NULL AND f.deleted_at IS NULL "
        f"AND f.blob_path IS NOT NULL AND EXISTS (SELECT 1 {_SHOWN} "
        "AND t.published_html LIKE :pattern)",
        {"org": org_id, "id": attachment_id, "pattern": f"%/v1/attachments/{attachment_id}%"},
    )
    return None if r is None else PublicImage(r[0] or "", r[1])
