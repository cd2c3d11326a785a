"""Conversation search: thin handlers (decode, call the service, encode)."""

from __future__ import annotations

from typing import Annotated, Any

from litestar.params import FromQuery, JSONBody, QueryParameter

from parley.errors import invalid_body, invalid_query
from parley.http.context import LONG_READ, Context
from parley.http.declare import Routes
from parley.http.envelope import Page
from parley.http.listing import Paging, paged
from parley.http.openapi import OptionalBody
from parley.search import query_text, service
from parley.search import schemas as wire

SEARCH = Routes("Search")
# ``query`` is a reserved handler argument name, so the parameter is read under another.
QueryText = Annotated[
    str | None,
    QueryParameter(
        name="query",
        description="The text to search for (required, non-empty; a next page's `pageKey` "
        "carries it).",
        required=True,
        schema_extra={
            "pattern": r"^[^\x00]*[^\s\x00\x1c-\x1f\x85][^\x00]*$",
            "maxLength": query_text.MAX_LENGTH,
        },
    ),
]

_RULES = f"""

**What is searched**: the conversation subject, the plain text of every message (HTML and
Markdown reduced to text) and the requester's name and email; internal notes are not.
Matching is case- and accent-insensitive with English stemming (`orders` finds `order`).
Every word must occur in one document (the header or one message); English stop words are
ignored, so a text of stop words only finds nothing. A quoted part (`"cancel my order"`),
or the whole text with `exactMatch=true`, must occur as a phrase: its words adjacent and
in order, stop words included (`"cancel my order"` does not match "cancel the order"; each
word still matches by its stem). Any other syntax character (`*`, `-`, `:`, parentheses,
`NEAR`, `AND`, `OR`, `NOT`) is read as text, never as query syntax. Text longer than
{query_text.MAX_LENGTH} characters is a 400.

**Hits**: one per conversation: `highlights` holds the matching header fields
(`subject`, and `requesterName` / `requesterEmail` when those matched) with matches
wrapped in `<em class="highlight">…</em>` (the rest HTML-escaped); `innerHits` holds up to
{service.INNER_HITS} matching messages of the conversation (in conversation order), each
with a highlighted fragment of its text. Results are fresh: a write is searchable as soon as
the request that made it has returned.

**Order**: by relevance (bm25 on SQLite, `ts_rank` on PostgreSQL; subject weighs most,
then requester name and email, then message text), the newest conversation first among
equals (by conversation id). A text matching at least
{service.COMMON_MATCHES:,} documents (a document is a conversation's header or
one message), for example one very common word, is answered newest conversation first
instead (by conversation id), so that no query has to score that many matches. The
matches are counted (SQLite: over the whole store; PostgreSQL: the organisation's) or, for
several common words or a large PostgreSQL index, estimated from a sample of the newest
documents and the planner's statistics. The order chosen on the first page is kept by the
following pages.

**Paging**: `pageLimit` from 1 to {service.MAX_LIMIT} (default {service.DEFAULT_LIMIT}; 400
outside that range); `meta.next` carries a keyset `pageKey` (with the text and, for
`POST`, the filters: the next page may be fetched with or without the body, and a key sent
with other filters is a 400), so every result can be reached, with no cap, and a late page
costs what the first one does. A relevance page continues after the previous page's last
hit as it scores now, so writes between pages lose or repeat no hit."""


def _doc(text: str) -> str:
    return text + _RULES


@SEARCH.get(
    "/search/conversations",
    "Search conversations (text)",
    LONG_READ,
    description=_doc(
        "Conversations of the organisation containing `query` (required, non-empty unless "
        "`pageKey` is given: the key carries the text). `exactMatch=true` matches the whole "
        "text as one phrase. Errors: 400 for an empty or missing `query`, a bad "
        "`exactMatch`, `pageLimit` or `pageKey`."
    ),
)
async def search_get(
    ctx: Context,
    *,
    text: QueryText = None,
    exactMatch: FromQuery[bool] = False,
    paging: Paging,
) -> Page[wire.SearchHit]:
    if not paging.key and (text is None or not text.strip()):
        raise invalid_query("query", "must not be empty")
    if text is not None and len(text) > query_text.MAX_LENGTH:
        raise invalid_query("query", f"longer than {query_text.MAX_LENGTH} characters")
    return paged(
        await service.search(
            ctx,
            text=text if text and text.strip() else None,
            exact=exactMatch,
            filters=None,
            **paging.window,
        )
    )


@SEARCH.post(
    "/search/conversations",
    "Search conversations (text and filters)",
    LONG_READ,
    status_code=200,
    operation_class=OptionalBody,
    description=_doc(
        'Body `{"query"?: {"value": text, "exactMatch"?: bool}, "filters"?: {"strategy": '
        '"All"|"Any", "conditions": [...]}}` (an empty or absent body is allowed), with '
        "`pageKey` and `pageLimit` in the query string; send the same body with each page. "
        "Text and filters combine with AND. Filters alone list the matching conversations "
        "newest first (by creation time); neither lists every conversation newest first. "
        "Filter fields and operators are described in the `filters` schema; a field with an "
        "operator it does not take is a 400 naming both. Errors: 400 for an empty "
        "`query.value`, bad filters, a bad `pageLimit` or `pageKey`."
    ),
)
async def search_post(
    ctx: Context,
    *,
    data: JSONBody[wire.SearchBody | None] = None,
    paging: Paging,
) -> Page[wire.SearchHit]:
    body = data or wire.SearchBody()
    text: str | None = None
    exact = False
    if body.query is not None:
        if not body.query.value.strip():
            raise invalid_body("query.value must not be empty")
        if len(body.query.value) > query_text.MAX_LENGTH:
            raise invalid_body(f"query.value is longer than {query_text.MAX_LENGTH} characters")
        text, exact = body.query.value, body.query.exactMatch
    return paged(
        await service.search(
            ctx,
            text=text,
            exact=exact,
            filters=body.filters,
            **paging.window,
        )
    )


ROUTES: list[Any] = [search_get, search_post]
