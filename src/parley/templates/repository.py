"""SQL for templates (and the names their placeholders are filled with)."""

from __future__ import annotations

from dataclasses import dataclass

from parley.store import Row, Tx, keyset


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


def _params(org_id: str, t: TemplateRow) -> dict[str, object]:
    return {
        "org": org_id,
        "id": t.id,
        "type": t.type,
        "name": t.name,
        "subject": t.subject,
        "content": t.content,
        "tr": t.translations,
        "created_at": t.created_at,
        "created_by": t.created_by,
        "updated_at": t.updated_at,
        "updated_by": t.updated_by,
    }


async def get(tx: Tx, org_id: str, template_id: str) -> TemplateRow | None:
    r = await tx.fetch_one(
        f"SELECT {_COLS} FROM templates WHERE org_id = :org AND id = :id",
        {"org": org_id, "id": template_id},
    )
    return None if r is None else _row(r)


async def list_page(
    tx: Tx, org_id: str, *, type_: str | None, after: list[object] | None, limit: int
) -> list[TemplateRow]:
    sql = f"SELECT {_COLS} FROM templates WHERE org_id = :org"
    params: dict[str, object] = {"org": org_id}
    if type_ is not None:
        sql += " AND type = :type"
        params["type"] = type_
    sql = keyset.page(sql, params, after=after, limit=limit)
    return [_row(r) for r in await tx.fetch_all(sql, params)]


async def insert(tx: Tx, org_id: str, t: TemplateRow) -> None:
    await tx.execute(
        "INSERT INTO templates (org_id, id, type, name, subject, content, translations, "
        "created_at, created_by, updated_at, updated_by) VALUES (:org, :id, :type, :name, "
        ":subject, :content, :tr, :created_at, :created_by, :updated_at, :updated_by)",
        _params(org_id, t),
    )


async def update(tx: Tx, org_id: str, t: TemplateRow) -> int:
    return await tx.execute(
        "UPDATE templates SET type = :type, name = :name, subject = :subject, "
        "content = :content, translations = :tr, updated_at = :updated_at, "
        "updated_by = :updated_by WHERE org_id = :org AND id = :id",
        _params(org_id, t),
    )


async def delete(tx: Tx, org_id: str, template_id: str) -> int:
    return await tx.execute(
        "DELETE FROM templates WHERE org_id = :org AND id = :id", {"org": org_id, "id": template_id}
    )


async def names(tx: Tx, org_id: str, user_id: str) -> NameRow | None:
    r = await tx.fetch_one(
        "SELECT display_name, first_name, last_name FROM users WHERE org_id = :org AND id = :id",
        {"org": org_id, "id": user_id},
    )
    return None if r is None else NameRow(r[0], r[1], r[2])
