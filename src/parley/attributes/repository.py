"""SQL for custom attribute definitions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import msgspec

from parley.store import Tx
from parley.store.rows import Table, exists, fetch_rows


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


_ATTRIBUTES = Table("custom_attributes", AttributeRow, input_definition=msgspec.json.decode)
# What an edit of a definition writes.
_EDITABLE = "label, description, is_required, is_deactivated, input_definition, updated_at"


def _encoded(row: AttributeRow) -> str:
    return msgspec.json.encode(row.input_definition).decode()


get = _ATTRIBUTES.get


async def get_many(
    tx: Tx, org_id: str, ids: list[str], entity_type: str | None
) -> list[AttributeRow]:
    if not ids:
        return []
    sql = f"{_ATTRIBUTES.select} AND id IN :ids"
    params: dict[str, object] = {"org": org_id, "ids": ids}
    if entity_type is not None:
        sql += " AND entity_type = :et"
        params["et"] = entity_type
    return await fetch_rows(tx, _ATTRIBUTES.row, sql + " ORDER BY created_at, id", params)


async def identifier_taken(tx: Tx, org_id: str, entity_type: str, identifier: str) -> bool:
    sql = (
        "SELECT 1 FROM custom_attributes "
        "WHERE org_id = :org AND entity_type = :et AND identifier = :ident"
    )
    return await exists(tx, sql, {"org": org_id, "et": entity_type, "ident": identifier})


list_page = _ATTRIBUTES.page


async def insert(tx: Tx, org_id: str, row: AttributeRow) -> bool:
    """Insert unless the identifier is taken for that entity type; True when inserted."""
    tail = "ON CONFLICT (org_id, entity_type, identifier) DO NOTHING"
    return await _ATTRIBUTES.insert(tx, org_id, row, tail, input_definition=_encoded(row)) > 0


async def update(tx: Tx, org_id: str, row: AttributeRow) -> None:
    await _ATTRIBUTES.update(tx, org_id, row, _EDITABLE, input_definition=_encoded(row))
