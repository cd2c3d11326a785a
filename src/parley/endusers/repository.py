"""SQL for end users (rows of ``users`` with kind = 'EndUser')."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import msgspec

from parley.store import Tx, keyset
from parley.store.database import insert_sql, row_params, rows_among, update_sql
from parley.store.rows import columns, decoder, fetch_row


@dataclass
class EndUserRow:
    id: str
    created_at: int
    display_name: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    middle_names: list[str] = field(default_factory=list)
    email: str | None = None
    phone_number: str | None = None
    external_id: str | None = None
    avatar_url: str | None = None
    additional_emails: list[str] = field(default_factory=list)
    additional_phone_numbers: list[str] = field(default_factory=list)
    # custom attribute definition id -> value (str for Text, list[str] for Select)
    custom_attributes: dict[str, Any] = field(default_factory=dict)
    updated_at: int | None = None


_COLS = columns(EndUserRow)
# The columns stored as JSON.
_LISTS = ("middle_names", "additional_emails", "additional_phone_numbers")
_ENCODED = (*_LISTS, "custom_attributes")


def _json(value: object) -> str:
    return msgspec.json.encode(value).decode()


def _load(raw: Any, default: Any) -> Any:
    if raw is None or raw == "":
        return default
    return msgspec.json.decode(raw)


def _list(raw: Any) -> Any:
    return _load(raw, [])


def _dict(raw: Any) -> Any:
    return _load(raw, {})


_row = decoder(EndUserRow, custom_attributes=_dict, **dict.fromkeys(_LISTS, _list))


def _params(org_id: str, row: EndUserRow) -> dict[str, object]:
    return row_params(org_id, row, **{name: _json(getattr(row, name)) for name in _ENCODED})


async def get(tx: Tx, org_id: str, user_id: str) -> EndUserRow | None:
    sql = f"SELECT {_COLS} FROM users WHERE org_id = :org AND id = :id AND kind = 'EndUser'"
    return await fetch_row(tx, _row, sql, {"org": org_id, "id": user_id})


async def get_many(tx: Tx, org_id: str, ids: list[str]) -> dict[str, EndUserRow]:
    sql = f"SELECT {_COLS} FROM users WHERE org_id = :org AND id IN :ids AND kind = 'EndUser'"
    return {r.id: r for r in map(_row, await rows_among(tx, sql, org_id, ids))}


async def list_page(
    tx: Tx,
    org_id: str,
    *,
    after: list[Any] | None,
    limit: int,
    email: str | None = None,
    phone: str | None = None,
    external_id: str | None = None,
) -> list[EndUserRow]:
    sql = f"SELECT {_COLS} FROM users WHERE org_id = :org AND kind = 'EndUser'"
    where = {
        "email = :email": email,
        "phone_number = :phone": phone,
        "external_id = :ext": external_id,
    }
    return await keyset.fetch_page(
        tx, sql, {"org": org_id}, _row, after=after, limit=limit, where=where
    )


_INSERT = insert_sql("users", "kind, " + _COLS)
# Every editable field and ``updated_at`` (not the id, creation time or custom attributes).
_EDITABLE = [c for c in _COLS.split(", ") if c not in ("id", "created_at", "custom_attributes")]
_UPDATE = update_sql("users", ", ".join(_EDITABLE), "AND kind = 'EndUser'")


async def insert(tx: Tx, org_id: str, row: EndUserRow) -> None:
    await tx.execute(_INSERT, _params(org_id, row) | {"kind": "EndUser"})


async def update(tx: Tx, org_id: str, row: EndUserRow) -> int:
    """Write every editable field (and ``updated_at``) of an existing end user."""
    return await tx.execute(_UPDATE, _params(org_id, row))


async def set_custom_attributes(
    tx: Tx, org_id: str, user_id: str, values: dict[str, Any], at: int
) -> int:
    return await tx.execute(
        "UPDATE users SET custom_attributes = :ca, updated_at = :at "
        "WHERE org_id = :org AND id = :id AND kind = 'EndUser'",
        {"org": org_id, "id": user_id, "ca": _json(values), "at": at},
    )
