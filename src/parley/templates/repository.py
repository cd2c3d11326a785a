"""SQL for templates (and the names their placeholders are filled with)."""

from __future__ import annotations

from dataclasses import dataclass

from parley.store import Row, Tx, keyset
from parley.store.database import by_id, insert_sql, row_params, update_sql


@dataclass(frozen=True)
class TemplateRow:
    id: str
    type: str
    name: str
    subject: str | None
    content: str
    translations: str  # JSON list
    created_at: int
    created_by: str
    updated_at: int | None
    updated_by: str | None


@dataclass(frozen=True)
class NameRow:
    display_name: str | None
    first_name: str | None
    last_name: str | None


_COLS = (
    "id, type, name, subject, content, translations, created_at, created_by, updated_at, updated_by"
)
_EDITABLE = "type, name, subject, content, translations, updated_at, updated_by"


def _row(r: Row) -> TemplateRow:
    return TemplateRow(
        r[0],
        r[1],
        r[2],
        r[3],
        r[4],
        r[5],
        int(r[6]),
        r[7],
        None if r[8] is None else int(r[8]),
        r[9],
    )


async def get(tx: Tx, org_id: str, template_id: str) -> TemplateRow | None:
    return await by_id(tx, _row, "templates", _COLS, org_id, template_id)


async def list_page(
    tx: Tx, org_id: str, *, type_: str | None, after: list[object] | None, limit: int
) -> list[TemplateRow]:
    return await keyset.fetch_page(
        tx,
        f"SELECT {_COLS} FROM templates WHERE org_id = :org",
        {"org": org_id},
        _row,
        after=after,
        limit=limit,
        where={"type = :type": type_},
    )


async def insert(tx: Tx, org_id: str, t: TemplateRow) -> None:
    await tx.execute(insert_sql("templates", _COLS), row_params(org_id, t))


async def update(tx: Tx, org_id: str, t: TemplateRow) -> int:
    return await tx.execute(update_sql("templates", _EDITABLE), row_params(org_id, t))


async def delete(tx: Tx, org_id: str, template_id: str) -> int:
    return await tx.execute(
        "DELETE FROM templates WHERE org_id = :org AND id = :id", {"org": org_id, "id": template_id}
    )


async def names(tx: Tx, org_id: str, user_id: str) -> NameRow | None:
    cols = "display_name, first_name, last_name"
    return await by_id(tx, lambda r: NameRow(r[0], r[1], r[2]), "users", cols, org_id, user_id)
