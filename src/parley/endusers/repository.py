"""SQL for end users (rows of ``users`` with kind = 'EndUser')."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import msgspec

from parley.store import Tx
from parley.store.rows import Table, names


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


_END_USERS = Table(
    "users",
    EndUserRow,
    fixed={"kind": "EndUser"},
    custom_attributes=_dict,
    **dict.fromkeys(_LISTS, _list),
)


def _encoded(row: EndUserRow) -> dict[str, str]:
    return {name: _json(getattr(row, name)) for name in _ENCODED}


get = _END_USERS.get
# A page of the end users, filtered by primary email, phone number or external id.
list_page = _END_USERS.lister(
    email="email = :email", phone="phone_number = :phone", external_id="external_id = :ext"
)


async def get_many(tx: Tx, org_id: str, ids: list[str]) -> dict[str, EndUserRow]:
    return {r.id: r for r in await _END_USERS.among(tx, org_id, "id", ids)}


# Every editable field and ``updated_at`` (not the id, creation time or custom attributes).
_EDITABLE = ", ".join(
    c for c in names(EndUserRow) if c not in ("id", "created_at", "custom_attributes")
)


async def insert(tx: Tx, org_id: str, row: EndUserRow) -> None:
    await _END_USERS.insert(tx, org_id, row, **_encoded(row))


async def update(tx: Tx, org_id: str, row: EndUserRow) -> int:
    """Write every editable field (and ``updated_at``) of an existing end user."""
    return await _END_USERS.update(tx, org_id, row, _EDITABLE, **_encoded(row))


async def set_custom_attributes(
    tx: Tx, org_id: str, user_id: str, values: dict[str, Any], at: int
) -> int:
    return await tx.execute(
        "UPDATE users SET custom_attributes = :ca, updated_at = :at "
        "WHERE org_id = :org AND id = :id AND kind = 'EndUser'",
        {"org": org_id, "id": user_id, "ca": _json(values), "at": at},
    )
