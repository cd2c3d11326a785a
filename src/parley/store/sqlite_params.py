"""Statement text and errors for the SQLite adapter: list parameters expanded to one
parameter per value (``IN :ids`` → ``IN (:ids__0, :ids__1)``), unique violations raised as
``parley.errors.Duplicate``."""

from __future__ import annotations

import sqlite3
from functools import lru_cache
from typing import Any

from parley.errors import Duplicate
from parley.store.database import Params, expand_in, list_params

_UNIQUE = {"SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY"}


def check_unique(exc: sqlite3.IntegrityError) -> None:
    """A broken unique index or primary key is ``Duplicate``; other integrity errors
    are raised as they are by the caller."""
    if getattr(exc, "sqlite_errorname", None) in _UNIQUE:
        raise Duplicate(detail=str(exc)) from exc


def _render_in(name: str, values: list[Any]) -> str:
    return "IN (" + ", ".join(f":{name}__{i}" for i in range(len(values))) + ")"


@lru_cache(maxsize=1024)
def _expanded(sql: str, sizes: tuple[tuple[str, int], ...]) -> str:
    """``sql`` with each ``IN :name`` of ``sizes`` expanded to that many parameters (the
    text depends on the lists' lengths only, so it is made once per statement and size)."""
    return expand_in(sql, {name: [None] * size for name, size in sizes}, _render_in)


def prepare(sql: str, params: Params | None) -> tuple[str, Params]:
    if not params:
        return sql, {}
    for value in params.values():
        if isinstance(value, list | tuple):
            break
    else:  # no list parameters (the usual case): sqlite3 takes a dict as it is
        return sql, params if type(params) is dict else dict(params)
    scalars, lists = list_params(sql, params)
    if lists:
        sql = _expanded(sql, tuple((name, len(values)) for name, values in lists.items()))
        for name, values in lists.items():
            for i, value in enumerate(values):
                scalars[f"{name}__{i}"] = value
    return sql, scalars
