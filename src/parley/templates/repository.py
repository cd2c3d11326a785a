"""SQL for templates (and the names their placeholders are filled with)."""

from __future__ import annotations

from dataclasses import dataclass

from parley.store import Tx
from parley.store.database import by_id
from parley.store.rows import Table, columns, decoder


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


_TEMPLATES = Table("templates", TemplateRow)
_EDITABLE = "type, name, subject, content, translations, updated_at, updated_by"


get = _TEMPLATES.get


# A page of the templates, filtered by type.
list_page = _TEMPLATES.lister(type_="type = :type")


insert = _TEMPLATES.insert


async def update(tx: Tx, org_id: str, t: TemplateRow) -> int:
    return await _TEMPLATES.update(tx, org_id, t, _EDITABLE)


delete = _TEMPLATES.delete


_name = decoder(NameRow)


async def names(tx: Tx, org_id: str, user_id: str) -> NameRow | None:
    return await by_id(tx, _name, "users", columns(NameRow), org_id, user_id)
