"""What agents and end users share.

Both are rows of ``users`` (an agent deleted through the API becomes an end user again),
and both wire shapes carry the same person fields. ``fields`` is the one mapper from a
stored row to those fields (``to_wire`` adds id and creation time); each shape adds its
own (an agent's ``roles``, an end user's ``externalId`` and ``customAttributes``).
"""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

import msgspec

from parley.kit.clock import to_iso


class PersonWire(msgspec.Struct, omit_defaults=True, kw_only=True):
    """The fields Dixa's Agent and EndUser shapes have in common."""

    id: str
    createdAt: str
    middleNames: list[str]
    additionalEmails: list[str]
    additionalPhoneNumbers: list[str]
    displayName: str | None = None
    email: str | None = None
    phoneNumber: str | None = None
    firstName: str | None = None
    lastName: str | None = None
    avatarUrl: str | None = None


class PersonRow(Protocol):
    """The stored person fields (read-only, so frozen and plain rows both fit)."""

    @property
    def id(self) -> str: ...
    @property
    def created_at(self) -> int: ...
    @property
    def display_name(self) -> str | None: ...
    @property
    def email(self) -> str | None: ...
    @property
    def phone_number(self) -> str | None: ...
    @property
    def first_name(self) -> str | None: ...
    @property
    def last_name(self) -> str | None: ...
    @property
    def middle_names(self) -> list[str]: ...
    @property
    def avatar_url(self) -> str | None: ...
    @property
    def additional_emails(self) -> list[str]: ...
    @property
    def additional_phone_numbers(self) -> list[str]: ...


W = TypeVar("W", bound=PersonWire)


def fields(row: PersonRow) -> dict[str, Any]:
    """``row``'s person fields by their wire names, but for ``id`` and ``createdAt`` (the
    fields an agent's create/replace body shares with the wire shapes)."""
    return {
        "displayName": row.display_name,
        "email": row.email,
        "phoneNumber": row.phone_number,
        "firstName": row.first_name,
        "lastName": row.last_name,
        "middleNames": list(row.middle_names),
        "avatarUrl": row.avatar_url,
        "additionalEmails": list(row.additional_emails),
        "additionalPhoneNumbers": list(row.additional_phone_numbers),
    }


def to_wire(shape: type[W], row: PersonRow, **extra: Any) -> W:
    """``shape`` (Agent or EndUser) built from ``row``'s person fields plus ``extra``."""
    return shape(id=row.id, createdAt=to_iso(row.created_at) or "", **fields(row), **extra)
