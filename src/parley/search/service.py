"""Conversation search: text, filters, ordering, paging and highlights.

Order of the hits:
- with text, normally by relevance (best matching document of each conversation),
  the newest conversation (highest id) first among equals;
- with text that is unselective (at least ``COMMON_MATCHES`` matching documents, e.g.
  one very common word), newest conversation first (by id: the order conversations were
  created or imported in), so the engines never score that many matches;
- without text (filters only, or nothing), newest first by creation time.
The order chosen on the first page is kept (in the page key) for the following ones.
Paging is keyset-based everywhere: no offsets, no caps, page 500 costs what page 1 does.
"""

from __future__ import annotations

from typing import Any, TypedDict, Unpack

import msgspec

from parley.errors import invalid_query
from parley.http.paging import PageRequest, page_request, split_page
from parley.search import query_text as qt
from parley.search import repository as repo
from parley.search import schemas as wire
from parley.search.engine import engine as search_engine
from parley.search.filter_schemas import Filters
from parley.search.filters import prepare
from parley.search.highlight import to_html
from parley.search.types import NO_FILTER, Filter, Highlights
from parley.uow import Ctx

DEFAULT_LIMIT = 50
INNER_HITS = 3  # matching messages shown per hit
MAX_LIMIT = 50
# Above this many matching documents a text query is answered newest first: scoring
# every match of a term that common costs more than the latency target (bench/SEARCH.md).
# SQLite counts the documents of the whole file, PostgreSQL those of the organisation.
COMMON_MATCHES = 5_000

RANKED, NEWEST, LISTING = "r", "n", "c"


def _key(mode: str) -> Any:
    if mode == RANKED:
        return lambda r: [RANKED, r.score, r.id]
    if mode == NEWEST:
        return lambda r: [NEWEST, r.id]
    return lambda r: [LISTING, r.created_at, r.id]


def _after(page: PageRequest, mode: str) -> list[Any] | None:
    a = page.after
    if a is None:
        return None
    sizes = {RANKED: 3, NEWEST: 2, LISTING: 3}
    try:
        if len(a) != sizes[mode] or a[0] != mode:
            raise ValueError
        values = [float(a[1])] if mode == RANKED else []
        values += [int(v) for v in a[1 + len(values) :]]
    except (ValueError, TypeError, KeyError):
        raise invalid_query("pageKey", "not a key this server issued") from None
    return values


def _stored_filters(kept: Any) -> Filters | None:
    if kept is None:
        return None
    try:
        return msgspec.convert(kept, Filters)
    except msgspec.ValidationError:
        raise invalid_query("pageKey", "not a key this server issued") from None


def _hit(cid: int, h: Highlights | None) -> wire.SearchHit:
    fields: dict[str, list[str]] = {}
    inner: list[wire.InnerHit] = []
    if h is not None:
        for name, marked in (
            ("subject", h.subject),
            ("requesterName", h.name),
            ("requesterEmail", h.email),
        ):
            text = to_html(marked)
            if text is not None:
                fields[name] = [text]
        for mid, fragment in h.inner:
            text = to_html(fragment)
            if text is not None:
                inner.append(wire.InnerHit(id=mid, highlight=wire.InnerHitHighlight(text=text)))
    return wire.SearchHit(id=cid, highlights=fields, innerHits=inner)


class Query(TypedDict):
    """What a search asks for: the text (None: every conversation, newest first), exact
    match, the filters, and the page."""

    text: str | None
    exact: bool
    filters: Filters | None
    page_key: str | None
    page_limit: int | None


async def search(ctx: Ctx, **query: Unpack[Query]) -> tuple[list[wire.SearchHit], str | None]:
    """One page of hits and the next page's link. The whole search is a long read: it
    runs through ``Tx.offload`` (on SQLite, on a worker thread)."""
    return await ctx.tx.offload(lambda: _search(ctx, query))


async def _search(ctx: Ctx, query: Query) -> tuple[list[wire.SearchHit], str | None]:
    text, exact, filters = query["text"], query["exact"], query["filters"]
    page_key, page_limit = query["page_key"], query["page_limit"]
    sent = msgspec.to_builtins(filters) if filters is not None and filters.conditions else None
    stored: dict[str, Any] = {"q": text, "x": exact} if text is not None else {}
    if sent is not None:
        stored["f"] = sent
    page = page_request(
        page_key, page_limit, default=DEFAULT_LIMIT, maximum=MAX_LIMIT, filters=stored
    )
    if page_key:
        # The key holds the whole search: following meta.next with or without the body
        # (or with GET) continues the same result set.
        text = page.filters.get("q") if isinstance(page.filters.get("q"), str) else None
        exact = page.filters.get("x") is True
        kept = page.filters.get("f")
        if sent is not None and sent != kept:
            raise invalid_query("pageKey", "it belongs to a search with other filters")
        filters = _stored_filters(kept)
    f = NO_FILTER
    if filters is not None and filters.conditions:
        compiled = await prepare(ctx.tx, ctx.org_id, filters, org_param="org_id", now=ctx.now)
        f = Filter(compiled.where, compiled.params)
    tx, n = ctx.tx, page.limit + 1
    if text is None:
        mode = LISTING
        rows = await repo.listing(tx, ctx.org_id, f, _after(page, mode), n)
        return _finish(ctx, [_hit(r.id, None) for r in rows], rows, page, mode)
    parsed = qt.parse(text, exact)
    if parsed.empty:
        return [], None
    engine = search_engine(tx.dialect)
    if page.after is not None:
        mode = str(page.after[0]) if page.after else ""
        if mode not in (RANKED, NEWEST):
            raise invalid_query("pageKey", "not a key of this search")
    else:
        limit = COMMON_MATCHES
        common = await engine.count_matches(tx, ctx.org_id, parsed, limit)
        mode = NEWEST if common >= limit else RANKED
    after = _after(page, mode)
    if mode == RANKED:
        rows = await engine.ranked(tx, ctx.org_id, parsed, f, after, n)
    else:
        rows = await engine.newest(tx, ctx.org_id, parsed, f, after[0] if after else None, n)
    shown = rows[: page.limit]
    marks = await engine.highlights(tx, ctx.org_id, parsed, [r.id for r in shown], INNER_HITS)
    return _finish(ctx, [_hit(r.id, marks.get(r.id)) for r in rows], rows, page, mode)


def _finish(
    ctx: Ctx, hits: list[wire.SearchHit], rows: list[Any], page: PageRequest, mode: str
) -> tuple[list[wire.SearchHit], str | None]:
    _, next_key = split_page(rows, page, _key(mode))
    return hits[: page.limit], ctx.next_link(next_key)
