"""The inbox: a view (unassigned, mine, open, pending, closed) of the organisation's
conversations, newest activity first and keyset-paged, narrowed by queue, channel, tag
and assignee; or, with a search text, Parley's search service with its highlights."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

from parley.desk import inbox_repository as repo
from parley.errors import invalid_query
from parley.http.paging import page_request, split_page
from parley.search import service as search
from parley.search.filter_values import CHANNELS
from parley.uow import Ctx

PAGE = 25
VIEW_NAMES = {
    "unassigned": "Unassigned",
    "mine": "Mine",
    "open": "All open",
    "pending": "Pending",
    "closed": "Closed",
}


@dataclass
class InboxPage:
    view: str
    rows: list[repo.InboxRow]
    next_key: str | None
    counts: dict[str, int]
    by_queue: list[tuple[str | None, str, int]]
    query: str = ""
    highlights: dict[int, list[str]] = field(default_factory=dict)
    channels: tuple[str, ...] = CHANNELS


def _key_of(link: str | None) -> str | None:
    if link is None:
        return None
    return parse_qs(urlsplit(link).query).get("pageKey", [None])[0]


async def load(
    ctx: Ctx, view: str, f: repo.InboxFilter, query: str, page_key: str | None
) -> InboxPage:
    if view not in repo.VIEWS:
        raise invalid_query("view", "not a view of the inbox")
    counts = await repo.counts(ctx.tx, ctx.org_id, ctx.acting_user_id)
    by_queue = await repo.unassigned_by_queue(ctx.tx, ctx.org_id)
    if query:
        return await _search(ctx, view, query, page_key, counts, by_queue)
    page = page_request(page_key, None, default=PAGE, maximum=PAGE)
    rows = await repo.page(
        ctx.tx, ctx.org_id, ctx.acting_user_id, view, f, after=page.after, limit=page.limit + 1
    )
    items, next_key = split_page(rows, page, lambda r: [r.last_activity_at, r.id])
    return InboxPage(view, items, next_key, counts, by_queue)


async def _search(
    ctx: Ctx,
    view: str,
    query: str,
    page_key: str | None,
    counts: dict[str, int],
    by_queue: list[tuple[str | None, str, int]],
) -> InboxPage:
    hits, link = await search.search(
        ctx, text=query, exact=False, filters=None, page_key=page_key, page_limit=PAGE
    )
    found = await repo.by_ids(ctx.tx, ctx.org_id, [h.id for h in hits])
    marks: dict[int, list[str]] = {}
    for hit in hits:
        texts = [t for values in hit.highlights.values() for t in values]
        texts += [inner.highlight.text for inner in hit.innerHits]
        marks[hit.id] = texts[:3]
    rows = [found[h.id] for h in hits if h.id in found]
    return InboxPage(view, rows, _key_of(link), counts, by_queue, query, marks)


def filter_from(params: dict[str, Any]) -> repo.InboxFilter:
    def get(name: str) -> str | None:
        value = params.get(name)
        return value.strip() or None if isinstance(value, str) else None

    return repo.InboxFilter(get("queue"), get("channel"), get("tag"), get("assignee"))
