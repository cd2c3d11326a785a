"""What the knowledge base's article engines return (``parley.search.engine.ArticleEngine``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Match:
    position: Any  # the row's place in the index's order (see ``parley.search.engine``)
    article_id: str
    language: str
    title: str
    relevance: float  # higher is better; 0 when not ranked
    snippet: str | None = None  # when the query that found it made one
