"""Wire shapes of conversation search (Dixa's ``ConversationSearchHit``)."""

from __future__ import annotations

import msgspec

from parley.search.filter_schemas import Filters


class InnerHitHighlight(msgspec.Struct):
    text: str


class InnerHit(msgspec.Struct):
    """One matching message of the conversation, with a highlighted fragment."""

    id: str
    highlight: InnerHitHighlight


class SearchHit(msgspec.Struct, tag="ConversationSearchHit", tag_field="_type"):
    id: int
    highlights: dict[str, list[str]]
    innerHits: list[InnerHit]


class TextQuery(msgspec.Struct, forbid_unknown_fields=False):
    value: str
    exactMatch: bool = False


class SearchBody(msgspec.Struct, forbid_unknown_fields=False):
    """``POST /v1/search/conversations``: text, filters, both or neither."""

    query: TextQuery | None = None
    filters: Filters | None = None
