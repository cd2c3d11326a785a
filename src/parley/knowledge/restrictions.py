"""Restrictions: a collection, category or article can be restricted, that is internal.

- The API (agents, with a token) reads everything; the public help centre does not show a
  restricted article, nor any article under a restricted category or collection (a
  restricted category hides its sub-categories too): ``repository.SHOWN``, which the
  help centre's listing, article pages, images and search all apply.
- Dixa's shape: ``restrictions.isRestricted`` is true when the item is restricted itself
  or through a restricted container above it; ``inheritedRestrictions`` names each
  restricted container above it, the collection first (``fromCollection``), then the
  categories from the top down (``fromCategory``). A collection has nothing above it.
- Dixa's API only reads restrictions; Parley sets them through its extension routes
  (``PUT /v1/knowledge/{collections|categories|articles}/{id}/restrictions`` with
  ``{"isRestricted": bool}``), which answer the item as ``GET`` does. A change writes the
  item's ``…Updated`` event (with ``isRestricted``); setting the state it already has
  changes nothing and writes nothing. Restricting a category or a collection does not
  rewrite what is under it: what it hides is computed when the help centre reads.
"""

from __future__ import annotations

import dataclasses

from parley.errors import NotFound
from parley.journal.service import emit
from parley.knowledge import repository as repo
from parley.knowledge.schemas import InheritedRestriction, Restrictions
from parley.uow import Ctx

_EVENTS: dict[repo.Restrictable, tuple[str, str]] = {
    "kb_collections": ("KnowledgeCollectionUpdated", "collection"),
    "kb_categories": ("KnowledgeCategoryUpdated", "category"),
    "kb_articles": ("KnowledgeArticleUpdated", "article"),
}


def of_collection(row: repo.CollectionRow) -> Restrictions:
    return Restrictions(isRestricted=row.restricted)


async def above(ctx: Ctx, category_id: str | None) -> list[InheritedRestriction]:
    """The restricted containers of an item whose parent is ``category_id`` (or the
    restricted containers above and including that category)."""
    if category_id is None:
        return []
    chain = await repo.category_chain(ctx.tx, ctx.org_id, category_id)
    if not chain:
        return []
    found: list[InheritedRestriction] = []
    collection = await repo.get_collection(ctx.tx, ctx.org_id, chain[0].collection_id)
    if collection is not None and collection.restricted:
        found.append(InheritedRestriction(fromCollection=collection.id))
    found += [InheritedRestriction(fromCategory=c.id) for c in chain if c.restricted]
    return found


async def of_category(ctx: Ctx, row: repo.CategoryRow) -> Restrictions:
    inherited = await above(ctx, row.parent_id)
    if row.parent_id is None:
        collection = await repo.get_collection(ctx.tx, ctx.org_id, row.collection_id)
        if collection is not None and collection.restricted:
            inherited = [InheritedRestriction(fromCollection=collection.id)]
    return Restrictions(row.restricted or bool(inherited), inherited)


async def of_article(ctx: Ctx, row: repo.ArticleRow) -> Restrictions:
    inherited = await above(ctx, row.category_id)
    return Restrictions(row.restricted or bool(inherited), inherited)


async def restrict(ctx: Ctx, table: repo.Restrictable, item_id: str, restricted: bool) -> None:
    """Set the item's own restriction (404 when it is not the organisation's); an
    article's ``updatedAt``/``updatedBy`` change with it."""
    if table == "kb_articles":
        article = await repo.get_article(ctx.tx, ctx.org_id, item_id)
        if article is None:
            raise NotFound()
        changed = article.restricted != restricted
        if changed:
            await repo.update_article(
                ctx.tx,
                ctx.org_id,
                dataclasses.replace(
                    article,
                    restricted=restricted,
                    updated_at=ctx.now,
                    updated_by=ctx.acting_user_id,
                ),
            )
    else:
        getter = repo.get_collection if table == "kb_collections" else repo.get_category
        if await getter(ctx.tx, ctx.org_id, item_id) is None:
            raise NotFound()
        changed = bool(await repo.set_restricted(ctx.tx, ctx.org_id, table, item_id, restricted))
    if changed:
        event, name = _EVENTS[table]
        data = {name: {"id": item_id, "isRestricted": restricted}, "by": ctx.acting_user_id}
        await emit(ctx.tx, ctx.org_id, event, data, at=ctx.now)
