"""SQL for custom attribute definitions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import msgspec

from parley.store import Row, Tx, keyset
from parley.store.database import by_id, insert_sql, row_params


@dataclass(frozen=True)
class AttributeRow:
    id: str
    entity_type: str
    identifier: str
    label: str
    description: str | None
    is_required: bool
    is_archived: bool
    is_deactivated: bool
    # The wire-shaped inputDefinition: {"_type": "Text", "placeholder"?} or
    # {"_type": "Select", "options": [{id, value, label, isDeactivated, nestedOptions}]}.
    input_definition: dict[str, Any]
    created_at: int
    updated_at: int | None


_COLS = (
    "id, entity_type, identifier, label, description, is_required, is_archived, "
    "is_deactivated, input_definition, created_at, updated_at"
)


def _row(r: Row) -> AttributeRow:
    return AttributeRow(
        r[0],
        r[1],
        r[2],
        r[3],
        r[4],
        bool(r[5]),
        bool(r[6]),
        bool(r[7]),
        msgspec.json.decode(r[8]),
        int(r[9]),
        None if r[10] is None else int(r[10]),
    )


async def get(tx: Tx, org_id: str, attribute_id: str) -> AttributeRow | None:
    return await by_id(tx, _row, "custom_attributes", _COLS, org_id, attribute_id)


async def get_many(
    tx: Tx, org_id: str, ids: list[str], entity_type: str | None
) -> list[AttributeRow]:
    if not ids:
        return []
    sql = f"SELECT {_COLS} FROM custom_attributes WHERE org_id = :org AND id IN :ids"
    params: dict[str, object] = {"org": org_id, "ids": ids}
    if entity_type is not None:
        sql += " AND entity_type = :et"
        params["et"] = entity_type
    return [_row(r) for r in await tx.fetch_all(sql + " ORDER BY created_at, id", params)]


async def identifier_taken(tx: Tx, org_id: str, entity_type: str, identifier: str) -> bool:
    found = await tx.fetch_val(
        "SELECT 1 FROM custom_attributes "
        "WHERE org_id = :org AND entity_type = :et AND identifier = :ident",
        {"org": org_id, "et": entity_type, "ident": identifier},
    )
    return found is not None


async def list_page(
    tx: Tx, org_id: str, *, after: list[object] | None, limit: int
) -> list[AttributeRow]:
    return await keyset.org_page(
        tx, _row, "custom_attributes", _COLS, org_id, after=after, limit=limit
    )


async def insert(tx: Tx, org_id: str, row: AttributeRow) -> bool:
    """Insert unless the identifier is taken for that entity type; True when inserted."""
    sql = insert_sql(
        "custom_attributes", _COLS, "ON CONFLICT (org_id, entity_type, identifier) DO NOTHING"
    )
    definition = msgspec.json.encode(row.input_definition).decode()
    return await tx.execute(sql, row_params(org_id, row, input_definition=definition)) > 0


async def update(tx: Tx, org_id: str, row: AttributeRow) -> None:
    await tx.execute(
        "UPDATE custom_attributes SET label = :label, description = :description, "
        "is_required = :is_required, is_deactivated = :is_deactivated, "
        "input_definition = :input_definition, updated_at = :updated_at "
        "WHERE org_id = :org AND id = :id",
        {
            "org": org_id,
            "id": row.id,
            "label": row.label,
            "description": row.description,
            "is_required": row.is_required,
            "is_deactivated": row.is_deactivated,
            "input_definition": msgspec.json.encode(row.input_definition).decode(),
            "updated_at": row.updated_at,
        },
    )
