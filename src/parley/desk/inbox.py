"""The inbox: a view (unassigned, mine, open, pending, closed) of the organisation's
conversations, newest activity first and keyset-paged, narrowed by queue, channel, tag
and assignee; or, with a search text, Parley's search service with its highlights, within
the same view and filters."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from parley.agents.schemas import Agent
from parley.agents.service import list_agents
from parley.desk import inbox_repository as repo
from parley.desk.paging import key_of
from parley.errors import invalid_query
from parley.http.paging import page_request, split_page
from parley.queues.schemas import Queue
from parley.queues.service import list_queues
from parley.search import filter_schemas as fs
from parley.search import service as search
from parley.search.filter_values import CHANNELS
from parley.tags.schemas import Tag
from parley.tags.service import list_tags
from parley.uow import Ctx

PAGE = 25
OPTIONS = 100  # entries of a filter drop-down
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


async def load(
    ctx: Ctx, view: str, f: repo.InboxFilter, query: str, page_key: str | None
) -> InboxPage:
    if view not in repo.VIEWS:
        raise invalid_query("view", "not a view of the inbox")
    tallied = await repo.tallies(ctx.tx, ctx.org_id, ctx.acting_user_id)
    counts, by_queue = tallied.views, tallied.by_queue
    if query:
        return await _search(ctx, view, f, query, page_key, counts, by_queue)
    page = page_request(page_key, None, default=PAGE, maximum=PAGE)
    rows = await repo.page(
        ctx.tx, ctx.org_id, ctx.acting_user_id, view, f, after=page.after, limit=page.limit + 1
    )
    items, next_key = split_page(rows, page, lambda r: [r.last_activity_at, r.id])
    return InboxPage(view, items, next_key, counts, by_queue)


def _values(field: fs.FieldName, op: type[fs.ValuesOperator], *values: fs.Value) -> fs.Condition:
    return fs.Condition(fs.Field(type_=field, operator=op(values=list(values))))


def search_filters(view: str, f: repo.InboxFilter, me: str) -> fs.Filters:
    """The view and the filters as the search service's filters (``VIEWS`` and
    ``inbox_repository.page``'s conditions, in the terms of ``POST
    /v1/search/conversations``)."""
    status = {"unassigned": "Open", "open": "Open", "pending": "Pending", "closed": "Closed"}
    conditions = []
    if view == "mine":
        conditions += [_values("Status", fs.IsNotOneOf, "Closed"),
                       _values("AgentId", fs.IsOneOf, me)]  # fmt: skip
    else:
        conditions.append(_values("Status", fs.IsOneOf, status[view]))
    if view == "unassigned":
        conditions.append(fs.Condition(fs.Field(type_="AgentId", operator=fs.IsEmpty())))
    for name, value, op in (
        ("QueueId", f.queue_id, fs.IsOneOf),
        ("Channel", f.channel, fs.IsOneOf),
        ("TagId", f.tag_id, fs.IncludesOne),
        ("AgentId", f.assignee_id, fs.IsOneOf),
    ):
        if value is not None:
            conditions.append(_values(name, op, value))  # type: ignore[arg-type]
    return fs.Filters(strategy="All", conditions=conditions)


async def _search(
    ctx: Ctx,
    view: str,
    f: repo.InboxFilter,
    query: str,
    page_key: str | None,
    counts: dict[str, int],
    by_queue: list[tuple[str | None, str, int]],
) -> InboxPage:
    hits, link = await search.search(
        ctx,
        text=query,
        exact=False,
        filters=search_filters(view, f, ctx.acting_user_id),
        page_key=page_key,
        page_limit=PAGE,
    )
    found = await repo.by_ids(ctx.tx, ctx.org_id, [h.id for h in hits])
    marks: dict[int, list[str]] = {}
    for hit in hits:
        texts = [t for values in hit.highlights.values() for t in values]
        texts += [inner.highlight.text for inner in hit.innerHits]
        marks[hit.id] = texts[:3]
    rows = [found[h.id] for h in hits if h.id in found]
    return InboxPage(view, rows, key_of(link), counts, by_queue, query, marks)


def _param(params: dict[str, Any], name: str) -> str | None:
    value = params.get(name)
    return value.strip() or None if isinstance(value, str) else None


async def filter_from(ctx: Ctx, params: dict[str, Any]) -> repo.InboxFilter:
    """The filter of the query string: each of queue, tag and assignee by id (``queue``
    …, from a drop-down) or, when the organisation has more of them than a drop-down
    shows, by name (``queue_name``, ``tag_name``, ``assignee_name``: an agent's email)."""
    ids: dict[str, str | None] = {}
    for kind in ("queue", "tag", "assignee"):
        ids[kind] = _param(params, kind)
        name = _param(params, f"{kind}_name")
        if name is not None:
            ids[kind] = await repo.id_named(ctx.tx, ctx.org_id, kind, name)
            if ids[kind] is None:
                raise invalid_query(f"{kind}_name", f"no {kind} is named {name}")
    return repo.InboxFilter(ids["queue"], _param(params, "channel"), ids["tag"], ids["assignee"])


@dataclass
class Choices:
    """What the filter drop-downs offer: one page of each list; a list with more (``more``)
    is filtered by name instead, with its first page as suggestions."""

    queues: list[Queue]
    tags: list[Tag]
    agents: list[Agent]
    more: set[str]


async def choices(ctx: Ctx) -> Choices:
    q = await list_queues(ctx, page_key=None, page_limit=OPTIONS)
    t = await list_tags(ctx, include_inactive=False, page_key=None, page_limit=OPTIONS)
    a = await list_agents(ctx, email=None, phone=None, page_key=None, page_limit=OPTIONS)
    more = {k for k, p in (("queue", q), ("tag", t), ("assignee", a)) if p.meta.next}
    return Choices(q.data, t.data, a.data, more)
