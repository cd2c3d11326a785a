"""Wire shapes for end users (Dixa: End Users)."""

from __future__ import annotations

from typing import Annotated

import msgspec
from msgspec import UNSET, UnsetType

from parley.endusers.person import PersonWire
from parley.http.envelope import BulkActionFailure, BulkActionSuccess
from parley.http.params import documented
from parley.http.validate import EmailText, PhoneText


class EndUserAttribute(msgspec.Struct):
    """One custom attribute value of an end user."""

    id: str
    name: str
    identifier: str
    value: str | list[str]


class EndUser(PersonWire, kw_only=True):
    externalId: str | None = None
    # Only on GET /endusers/{userId}.
    customAttributes: list[EndUserAttribute] | None = None


# --- request bodies (unknown fields such as givenName/familyName are ignored) ---


class PersonInput(msgspec.Struct, kw_only=True):
    """The person fields a create or replace body of an end user or an agent may give."""

    displayName: str | None = None
    firstName: str | None = None
    lastName: str | None = None
    middleNames: list[str] | None = None
    phoneNumber: PhoneText | None = None
    additionalEmails: list[EmailText] | None = None
    additionalPhoneNumbers: list[PhoneText] | None = None


class PersonPatch(msgspec.Struct, kw_only=True):
    """The person fields a PATCH body of an end user or an agent may change (absent:
    unchanged; ``null``: cleared)."""

    displayName: str | UnsetType | None = UNSET
    firstName: str | UnsetType | None = UNSET
    lastName: str | UnsetType | None = UNSET
    middleNames: list[str] | UnsetType | None = UNSET
    phoneNumber: PhoneText | UnsetType | None = UNSET
    additionalEmails: list[EmailText] | UnsetType | None = UNSET
    additionalPhoneNumbers: list[PhoneText] | UnsetType | None = UNSET


class EndUserInput(PersonInput, kw_only=True):
    """Create (POST) or replace (PUT) body: every editable field, all optional."""

    email: EmailText | None = None
    externalId: str | None = None
    avatarUrl: str | None = None


class EndUserPatch(PersonPatch, kw_only=True):
    """PATCH body: only the fields present change; `null` clears a field."""

    email: EmailText | UnsetType | None = UNSET
    externalId: str | UnsetType | None = UNSET
    avatarUrl: str | UnsetType | None = UNSET


class EndUserPutItem(EndUserInput, kw_only=True):
    id: str


class EndUserPatchItem(EndUserPatch, kw_only=True):
    id: str


class BulkCreate(msgspec.Struct):
    data: Annotated[list[EndUserInput], documented(minItems=1, maxItems=1000)]


class BulkPut(msgspec.Struct):
    data: Annotated[list[EndUserPutItem], documented(minItems=1, maxItems=1000)]


class BulkPatch(msgspec.Struct):
    data: Annotated[list[EndUserPatchItem], documented(minItems=1, maxItems=1000)]


EndUserOutcome = BulkActionSuccess[EndUser] | BulkActionFailure
