"""A repository's row dataclass, read from the store: its columns and its decoder, both
derived from the dataclass's fields, so that one declaration says what a row is.

A field's type says how its column is read: ``int`` and ``bool`` are converted (an
aggregate or a SQLite 0/1 is not yet one), ``int | None`` and ``bool | None`` likewise
when not NULL; ``str``, ``bytes``, ``float``, ``Any``, a ``Literal`` and ``str | None`` or
``bytes | None`` are taken as the driver gives them. A field of any other type (one stored
encoded, say) names its decoder in ``convert``; without one, ``decoder`` refuses it
(``TypeError``, when the repository module is imported).

``Table`` adds the statements every organisation table answers (by id, a page, the rows
with a value, an insert, an update, a delete), written once for every repository; the
small reads (``fetch_rows``, ``fetch_row``, ``fetch_text``, ``exists``) serve the rest.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import fields
from typing import Any, Generic, TypeVar

from parley.store import keyset
from parley.store.database import (
    Params,
    Row,
    Tx,
    insert_sql,
    row_params,
    rows_among,
    update_sql,
)

T = TypeVar("T")
Convert = Callable[[Any], Any]

_PLAIN: tuple[object, ...] = (str, bytes, float, typing.Any, str | None, bytes | None)
_CONVERTED: dict[object, Convert] = {int: int, bool: bool}
_OLDEST_FIRST = " ORDER BY created_at, id"
_WORD = re.compile(r"[A-Za-z]+")


def names(cls: type[Any]) -> list[str]:
    """The dataclass's field names, in order: its columns."""
    return [f.name for f in fields(cls)]


def columns(cls: type[Any], alias: str = "") -> str:
    """The dataclass's columns as a select list (each prefixed with ``alias.``)."""
    prefix = f"{alias}." if alias else ""
    return ", ".join(prefix + n for n in names(cls))


def _converter(hint: object) -> tuple[Convert, bool] | None:
    """How a column of type ``hint`` is read (a conversion, and whether NULL is kept as
    None); None when as the driver gives it."""
    if hint in _CONVERTED:
        return _CONVERTED[hint], False
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) == 1 and args[0] in _CONVERTED:
            return _CONVERTED[args[0]], True
    if hint in _PLAIN or (typing.get_origin(hint) is typing.Literal):
        return None
    raise TypeError(f"no column decoder for {hint!r}: name one in convert")


def decoder(cls: Callable[..., T], offset: int = 0, /, **convert: Convert) -> Callable[[Row], T]:
    """The function making a ``cls`` of a row whose columns from ``offset`` on are
    ``columns(cls)``: each field read as its type says, or by its decoder in ``convert``.

    It runs for every row read, so it is written out for ``cls`` once (as ``dataclasses``
    writes a class's ``__init__``): ``cls(r[0], _1(r[1]), …)``, with no loop over the
    columns and no call for a NULL."""
    hints = typing.get_type_hints(cls)
    order = names(cls)  # type: ignore[arg-type]
    unknown = set(convert) - set(order)
    if unknown:
        raise TypeError(f"{cls!r} has no field {sorted(unknown)}")
    namespace: dict[str, Any] = {"_cls": cls}
    args: list[str] = []
    for i, name in enumerate(order):
        column = f"r[{offset + i}]"
        step = (convert[name], False) if name in convert else _converter(hints[name])
        if step is None:
            args.append(column)
            continue
        namespace[f"_{i}"] = step[0]
        call = f"_{i}({column})"
        args.append(f"(None if {column} is None else {call})" if step[1] else call)
    exec(f"def make(r):\n    return _cls({', '.join(args)})\n", namespace)
    make: Callable[[Row], T] = namespace["make"]
    return make


async def fetch_rows(
    tx: Tx, row: Callable[[Row], T], sql: str, params: Params | None = None
) -> list[T]:
    """Every row ``sql`` answers, each made by ``row``."""
    return [row(r) for r in await tx.fetch_all(sql, params)]


async def fetch_row(tx: Tx, row: Callable[[Row], T], sql: str, params: Params) -> T | None:
    """The first row ``sql`` answers, made by ``row``; None when it answers none."""
    found = await tx.fetch_one(sql, params)
    return None if found is None else row(found)


async def fetch_text(tx: Tx, sql: str, params: Params) -> str | None:
    """The first value ``sql`` answers, as text; None when it answers none (or NULL)."""
    value = await tx.fetch_val(sql, params)
    return None if value is None else str(value)


async def exists(tx: Tx, sql: str, params: Params) -> bool:
    """Whether ``sql`` answers a row."""
    return await tx.fetch_val(sql, params) is not None


class Table(Generic[T]):
    """A table of organisations' rows (keyed by ``org_id`` and ``id``), each read as a
    ``cls`` (its columns and decoder: ``columns``, ``decoder``): the statements every
    such table answers, written once.

    ``fixed``: columns whose value every row read and written through it has (the
    ``kind`` of a ``users`` row, say), in every statement's conditions and every insert."""

    def __init__(
        self, name: str, cls: type[T], fixed: Mapping[str, str] | None = None, **convert: Convert
    ) -> None:
        self.name = name
        self.columns = columns(cls)
        self.row = decoder(cls, **convert)
        self.fixed = dict(fixed or {})
        if not all(_WORD.fullmatch(v) for v in self.fixed.values()):
            raise ValueError(f"fixed values are plain words: {self.fixed}")
        # The conditions every statement adds: the fixed columns' values.
        self.scope = "".join(f" AND {c} = '{v}'" for c, v in self.fixed.items())
        # The organisation's rows (``:org``), to which a statement adds its conditions.
        self.select = f"SELECT {self.columns} FROM {name} WHERE org_id = :org{self.scope}"

    async def get(self, tx: Tx, org_id: str, row_id: object) -> T | None:
        """The row with this id in the organisation; None when there is none."""
        sql = f"{self.select} AND id = :id"
        return await fetch_row(tx, self.row, sql, {"org": org_id, "id": row_id})

    async def find(self, tx: Tx, org_id: str, column: str, value: object) -> T | None:
        """The organisation's row whose ``column`` (a unique one) is ``value``; None when
        there is none."""
        sql = f"{self.select} AND {column} = :value"
        return await fetch_row(tx, self.row, sql, {"org": org_id, "value": value})

    async def all(self, tx: Tx, org_id: str) -> list[T]:
        """Every row of the organisation, oldest first."""
        return await fetch_rows(tx, self.row, self.select + _OLDEST_FIRST, {"org": org_id})

    async def page(
        self,
        tx: Tx,
        org_id: str,
        *,
        after: Sequence[object] | None,
        limit: int,
        where: Mapping[str, object | None] | None = None,
    ) -> list[T]:
        """One page of the organisation's rows, oldest first, with the optional conditions
        of ``where`` (``keyset.fetch_page``)."""
        return await keyset.fetch_page(
            tx, self.select, {"org": org_id}, self.row, after=after, limit=limit, where=where
        )

    def lister(self, **conditions: str) -> Callable[..., Awaitable[list[T]]]:
        """``page`` taking a keyword for each of ``conditions`` (a list's filter and its
        condition, naming the value as its one ``:param``): the condition holds when the
        filter's value is not None."""

        async def page(
            tx: Tx, org_id: str, *, after: Sequence[object] | None, limit: int, **values: object
        ) -> list[T]:
            where = {conditions[name]: value for name, value in values.items()}
            return await self.page(tx, org_id, after=after, limit=limit, where=where)

        return page

    async def where(
        self, tx: Tx, org_id: str, column: str, value: object, order: str = "created_at, id"
    ) -> list[T]:
        """Every row of the organisation whose ``column`` is ``value``, in ``order`` (oldest
        first unless told)."""
        sql = f"{self.select} AND {column} = :value ORDER BY {order}"
        return await fetch_rows(tx, self.row, sql, {"org": org_id, "value": value})

    async def among(
        self,
        tx: Tx,
        org_id: str,
        column: str,
        values: Sequence[object],
        order: str = "created_at, id",
    ) -> list[T]:
        """Every row of the organisation whose ``column`` is one of ``values``, in ``order``
        (oldest first unless told); no statement when there are none (``rows_among``)."""
        sql = f"{self.select} AND {column} IN :ids ORDER BY {order}"
        return [self.row(r) for r in await rows_among(tx, sql, org_id, values)]

    async def insert(self, tx: Tx, org_id: str, row: T, tail: str = "", **values: object) -> int:
        """Insert ``row`` (``values``: columns stored encoded), then ``tail`` (an ``ON
        CONFLICT`` clause, say); the number of rows inserted."""
        sql = insert_sql(self.name, ", ".join([*self.fixed, self.columns]), tail)
        return await tx.execute(sql, row_params(org_id, row, **values) | self.fixed)

    async def update(self, tx: Tx, org_id: str, row: T, columns: str, **values: object) -> int:
        """Write these ``columns`` of ``row`` (``values``: those stored encoded) back to its
        row; the number of rows changed."""
        sql = update_sql(self.name, columns, self.scope.strip())
        return await tx.execute(sql, row_params(org_id, row, **values))

    async def delete(self, tx: Tx, org_id: str, row_id: object) -> int:
        """Delete the row with this id; the number of rows deleted."""
        return await tx.execute(
            f"DELETE FROM {self.name} WHERE org_id = :org AND id = :id{self.scope}",
            {"org": org_id, "id": row_id},
        )
