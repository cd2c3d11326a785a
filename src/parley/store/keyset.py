"""The tail of a keyset-paged list query, written once for every list.

The "after" condition is a row-value comparison, ``(a, b) > (:ka, :kb)``: both stores use it
as a range bound on an index ending in ``(a, b)``, so page 10,000 costs what page 1 costs
(the equivalent ``a > x OR (a = x AND b > y)`` form is not used as a bound by either).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

from parley.store.database import Row, Tx

T = TypeVar("T")
_PARAM = re.compile(r":([A-Za-z_][A-Za-z0-9_]*)")


def page(
    sql: str,
    params: dict[str, object],
    *,
    after: Sequence[object] | None,
    limit: int,
    columns: tuple[str, str] = ("created_at", "id"),
    descending: bool = False,
) -> str:
    """``sql`` (ending in its WHERE conditions) with the page's keyset condition, order and
    limit appended; the values go into ``params``."""
    a, b = columns
    if after:
        sql += f" AND ({a}, {b}) {'<' if descending else '>'} (:ka, :kb)"
        params.update(ka=after[0], kb=after[1])
    params["limit"] = limit
    order = " DESC" if descending else ""
    return f"{sql} ORDER BY {a}{order}, {b}{order} LIMIT :limit"


async def fetch_page(
    tx: Tx,
    sql: str,
    params: dict[str, object],
    row: Callable[[Row], T],
    *,
    after: Sequence[object] | None,
    limit: int,
    where: Mapping[str, object | None] | None = None,
    columns: tuple[str, str] = ("created_at", "id"),
    descending: bool = False,
) -> list[T]:
    """One page of rows, each made by ``row``: ``sql`` (ending in its WHERE conditions)
    with the optional conditions of ``where`` whose value is not None (each names its
    value as its one ``:param``; a condition with no parameter is added when its value is
    True), then ``page``."""
    for condition, value in (where or {}).items():
        if value is None or value is False:
            continue
        sql += f" AND {condition}"
        if (name := _PARAM.search(condition)) is not None:
            params[name.group(1)] = value
    sql = page(sql, params, after=after, limit=limit, columns=columns, descending=descending)
    return [row(r) for r in await tx.fetch_all(sql, params)]
