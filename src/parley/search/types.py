"""Plain values passed between the search service and the two engines."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple


class Filter(NamedTuple):
    """A compiled filter: a boolean expression over ``conversations c`` and its params."""

    where: str
    params: dict[str, Any]


NO_FILTER = Filter("1 = 1", {})


class RankedRow(NamedTuple):
    id: int
    score: float | None  # None when ordered newest first
    created_at: int  # 0 where the order does not need it


@dataclass
class Highlights:
    """Engine output with marker characters around matches (see ``highlight``)."""

    subject: str | None = None
    name: str | None = None
    email: str | None = None
    inner: list[tuple[str, str]] = field(default_factory=list)  # (message id, fragment)
