"""The tail of a keyset-paged list query, written once for every list.

The "after" condition is a row-value comparison, ``(a, b) > (:ka, :kb)``: both stores use it
as a range bound on an index ending in ``(a, b)``, so page 10,000 costs what page 1 costs
(the equivalent ``a > x OR (a = x AND b > y)`` form is not used as a bound by either).
"""

from __future__ import annotations

from collections.abc import Sequence


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
