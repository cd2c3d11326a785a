"""End user rules: creation, reads, listing with filters, replace (PUT) and update (PATCH).

Input rules shared by every write (single and bulk):
- strings are trimmed; an empty string is stored as absent;
- `email` and each of `additionalEmails` must be an email address (stored lower-cased),
  `phoneNumber` and each of `additionalPhoneNumbers` a phone number; otherwise 400;
- list fields drop blanks and repeats, keeping the order given.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import msgspec
from msgspec import UNSET

from parley.attributes.service import get_definitions
from parley.endusers import person
from parley.endusers import repository as repo
from parley.endusers import schemas as wire
from parley.errors import found
from parley.http.envelope import Page
from parley.http.listing import list_page
from parley.http.validate import email_or_400, phone_or_400
from parley.kit.ids import new_id
from parley.search import index as search_index
from parley.store import Tx
from parley.uow import Ctx

CONTACT = "Contact"


# --- wire ---


def to_wire(
    row: repo.EndUserRow, attributes: list[wire.EndUserAttribute] | None = None
) -> wire.EndUser:
    return person.to_wire(
        wire.EndUser, row, externalId=row.external_id, customAttributes=attributes
    )


async def attribute_values(
    tx: Tx, org_id: str, row: repo.EndUserRow
) -> list[wire.EndUserAttribute]:
    """The user's custom attribute values, in definition order; values whose definition
    no longer exists are left out."""
    values = {k: v for k, v in row.custom_attributes.items() if v is not None}
    defs = await get_definitions(tx, org_id, list(values), CONTACT)
    ordered = sorted(defs.values(), key=lambda d: (d.created_at, d.id))
    return [
        wire.EndUserAttribute(id=d.id, name=d.label, identifier=d.identifier, value=values[d.id])
        for d in ordered
    ]


# --- input normalisation ---


def _text(value: str | None) -> str | None:
    if value is None:
        return None
    cleaned = value.strip()
    return cleaned or None


def _texts(values: list[str] | None) -> list[str]:
    out: list[str] = []
    for v in values or []:
        cleaned = v.strip()
        if cleaned and cleaned not in out:
            out.append(cleaned)
    return out


def _checked(
    values: list[str] | None, check: Callable[[str | None, str], str | None], field: str
) -> list[str]:
    """Each value of the list ``field`` normalised by ``check`` (a 400 naming the value's
    place), once each."""
    out: list[str] = []
    for i, v in enumerate(_texts(values)):
        value = check(v, f"{field}[{i}]")
        if value is not None and value not in out:
            out.append(value)
    return out


def _emails(values: list[str] | None) -> list[str]:
    return _checked(values, email_or_400, "additionalEmails")


def _phones(values: list[str] | None) -> list[str]:
    return _checked(values, phone_or_400, "additionalPhoneNumbers")


def _email(value: str | None) -> str | None:
    return email_or_400(_text(value))


def _phone(value: str | None) -> str | None:
    return phone_or_400(_text(value))


def apply_input(row: repo.EndUserRow, body: wire.EndUserInput) -> repo.EndUserRow:
    """Set every editable field of ``row`` from ``body`` (absent fields become empty).
    Raises 400 on a bad email or phone number before anything is changed."""
    email, phone = _email(body.email), _phone(body.phoneNumber)
    emails, phones = _emails(body.additionalEmails), _phones(body.additionalPhoneNumbers)
    row.display_name = _text(body.displayName)
    row.first_name = _text(body.firstName)
    row.last_name = _text(body.lastName)
    row.middle_names = _texts(body.middleNames)
    row.email, row.phone_number = email, phone
    row.additional_emails, row.additional_phone_numbers = emails, phones
    row.external_id = _text(body.externalId)
    row.avatar_url = _text(body.avatarUrl)
    return row


def apply_patch(row: repo.EndUserRow, body: wire.EndUserPatch) -> repo.EndUserRow:
    """Set the fields present in ``body``; ``null`` clears a field. Validates first."""
    changes: dict[str, Any] = {}
    if body.email is not UNSET:
        changes["email"] = _email(body.email)
    if body.phoneNumber is not UNSET:
        changes["phone_number"] = _phone(body.phoneNumber)
    if body.additionalEmails is not UNSET:
        changes["additional_emails"] = _emails(body.additionalEmails)
    if body.additionalPhoneNumbers is not UNSET:
        changes["additional_phone_numbers"] = _phones(body.additionalPhoneNumbers)
    if body.middleNames is not UNSET:
        changes["middle_names"] = _texts(body.middleNames)
    for attr, value in (
        ("display_name", body.displayName),
        ("first_name", body.firstName),
        ("last_name", body.lastName),
        ("external_id", body.externalId),
        ("avatar_url", body.avatarUrl),
    ):
        if value is not UNSET:
            changes[attr] = _text(value)
    for attr, value in changes.items():
        setattr(row, attr, value)
    return row


# --- use cases ---


async def _emit(ctx: Ctx, name: str, row: repo.EndUserRow) -> None:
    await ctx.emit(name, {"end_user": msgspec.to_builtins(to_wire(row))})


async def require(ctx: Ctx, user_id: str) -> repo.EndUserRow:
    return found(await repo.get(ctx.tx, ctx.org_id, user_id))


async def create_row(ctx: Ctx, body: wire.EndUserInput) -> repo.EndUserRow:
    """Validate and insert one end user, with its event (used by single and bulk create)."""
    row = apply_input(repo.EndUserRow(id=new_id(), created_at=ctx.now), body)
    await repo.insert(ctx.tx, ctx.org_id, row)
    await _emit(ctx, "EndUserCreated", row)
    return row


async def save(ctx: Ctx, row: repo.EndUserRow) -> repo.EndUserRow:
    row.updated_at = ctx.now
    await repo.update(ctx.tx, ctx.org_id, row)
    await search_index.refresh_requester(ctx.tx, ctx.org_id, row.id)
    await _emit(ctx, "EndUserUpdated", row)
    return row


async def create(ctx: Ctx, body: wire.EndUserInput) -> wire.EndUser:
    return to_wire(await create_row(ctx, body))


async def get(ctx: Ctx, user_id: str) -> wire.EndUser:
    row = await require(ctx, user_id)
    return to_wire(row, await attribute_values(ctx.tx, ctx.org_id, row))


async def replace(ctx: Ctx, user_id: str, body: wire.EndUserInput) -> wire.EndUser:
    row = await require(ctx, user_id)
    return to_wire(await save(ctx, apply_input(row, body)))


async def update(ctx: Ctx, user_id: str, body: wire.EndUserPatch) -> wire.EndUser:
    row = await require(ctx, user_id)
    return to_wire(await save(ctx, apply_patch(row, body)))


def _phone_filter(raw: str | None) -> str | None:
    """A `+` sent unencoded in a query string arrives as a space; read it back as `+`."""
    if raw is None:
        return None
    if raw.startswith(" ") and raw.strip()[:1].isdigit():
        return "+" + raw.strip()
    return raw.strip()


class EndUserFilters(msgspec.Struct, frozen=True):
    """The filters of ``GET /v1/endusers`` (the repository's ``list_page`` keywords)."""

    email: str | None = None
    phone: str | None = None
    external_id: str | None = None


async def list_users(
    ctx: Ctx,
    *,
    email: str | None,
    phone: str | None,
    external_id: str | None,
    page_key: str | None,
    page_limit: int | None,
) -> Page[wire.EndUser]:
    filters = EndUserFilters(
        email=None if email is None else email.strip().lower(),
        phone=None if phone is None else _phone_filter(phone) or "",
        external_id=None if external_id is None else external_id.strip(),
    )
    default = ctx.settings.page_limit_default
    return await list_page(
        ctx, page_key, page_limit, repo.list_page, to_wire, filters=filters, default_limit=default
    )
