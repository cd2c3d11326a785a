"""Agent rules: a primary email unique among the organisation's agents, a display name
(given or made from the names), roles defaulting to ["Agent"]; deleting an agent makes
it an end user again, so its id keeps working as an author.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import msgspec
from msgspec import UNSET

from parley.agents import repository as repo
from parley.agents import schemas as wire
from parley.endusers import person
from parley.errors import (
    Duplicate,
    Invalid,
    NotFound,
    ParleyError,
    Taken,
    found,
    invalid_body,
    invalid_query,
)
from parley.http.envelope import BulkActionFailure, BulkActionSuccess, BulkError, Page
from parley.http.listing import list_page
from parley.http.validate import email_or_400, phone_or_400
from parley.kit.ids import is_uuid, new_id
from parley.routing.release import release_agent
from parley.uow import Ctx

DEFAULT_ROLES = ["Agent"]
CANNOT_DELETE_SELF = "The agent of the API token cannot be deleted"
_FIELDS = [f for f in wire.CreateAgent.__struct_fields__]


def to_wire(row: repo.AgentRow) -> wire.Agent:
    return person.to_wire(wire.Agent, row, roles=list(row.roles))


def _event_data(row: repo.AgentRow) -> dict[str, Any]:
    return {
        "agent": {
            "id": row.id,
            "display_name": row.display_name,
            "email": row.email,
            "phone_number": row.phone_number,
            "roles": list(row.roles),
        }
    }


async def require(ctx: Ctx, agent_id: str) -> repo.AgentRow:
    return found(await repo.get(ctx.tx, ctx.org_id, agent_id))


# --- validation ---------------------------------------------------------------------------


def _text(value: str | None) -> str | None:
    if value is None:
        return None
    cleaned = value.strip()
    return cleaned or None


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _validate(
    body: wire.CreateAgent, *, agent_id: str, created_at: int, now: int, roles_if_absent: list[str]
) -> repo.AgentRow:
    """The stored row for a full agent body, or a 400 naming the field."""
    email = email_or_400(body.email) if body.email is not None else None
    if not email:
        raise invalid_body("email is required")
    first, last = _text(body.firstName), _text(body.lastName)
    middle = [m.strip() for m in body.middleNames or [] if m.strip()]
    display = _text(body.displayName)
    if display is None:
        display = " ".join(p for p in [first, *middle, last] if p) or None
    if display is None:
        raise invalid_body("displayName is required unless firstName or lastName is given")
    phone = phone_or_400(_text(body.phoneNumber))
    emails = _unique(
        [e for e in (email_or_400(x, "additionalEmails") for x in body.additionalEmails or []) if e]
    )
    phones = _unique(
        [
            p
            for p in (
                phone_or_400(x, "additionalPhoneNumbers") for x in body.additionalPhoneNumbers or []
            )
            if p
        ]
    )
    avatar = _text(body.avatarUrl)
    if avatar is not None and not avatar.lower().startswith(("http://", "https://")):
        raise invalid_body("avatarUrl must be an http(s) URL")
    if body.roles is None:
        roles = list(roles_if_absent)
    else:
        roles = _unique([r.strip() for r in body.roles if r.strip()])
        if not roles:
            raise invalid_body("roles must name at least one role")
    return repo.AgentRow(
        id=agent_id,
        display_name=display,
        email=email,
        created_at=created_at,
        updated_at=now,
        first_name=first,
        last_name=last,
        middle_names=middle,
        phone_number=phone,
        avatar_url=avatar,
        additional_emails=emails,
        additional_phone_numbers=phones,
        roles=roles,
    )


def _email_taken(email: str) -> str:
    return f"Invalid value for: body, an agent with the email {email} already exists"


async def _check_email(ctx: Ctx, row: repo.AgentRow) -> None:
    owner = await repo.email_owner(ctx.tx, ctx.org_id, row.email)
    if owner is not None and owner != row.id:
        raise Taken(_email_taken(row.email))


def _as_body(row: repo.AgentRow) -> wire.CreateAgent:
    return wire.CreateAgent(**person.fields(row), roles=list(row.roles))


def _merge(row: repo.AgentRow, patch: wire.PatchAgent) -> wire.CreateAgent:
    body = _as_body(row)
    for name in _FIELDS:
        value = getattr(patch, name, UNSET)
        if value is not UNSET:
            setattr(body, name, value)
    return body


# --- writes -------------------------------------------------------------------------------


async def _create(ctx: Ctx, body: wire.CreateAgent) -> repo.AgentRow:
    row = _validate(
        body, agent_id=new_id(), created_at=ctx.now, now=ctx.now, roles_if_absent=DEFAULT_ROLES
    )
    await _check_email(ctx, row)
    try:
        await repo.insert(ctx.tx, ctx.org_id, row)
    except Duplicate as exc:  # another request took the email after the check
        raise Duplicate(_email_taken(row.email), detail=exc.detail) from exc
    await ctx.emit("AgentCreated", _event_data(row))
    return row


async def _save(ctx: Ctx, current: repo.AgentRow, body: wire.CreateAgent) -> repo.AgentRow:
    row = _validate(
        body,
        agent_id=current.id,
        created_at=current.created_at,
        now=ctx.now,
        roles_if_absent=list(current.roles),
    )
    await _check_email(ctx, row)
    try:
        await repo.update(ctx.tx, ctx.org_id, row)
    except Duplicate as exc:
        raise Duplicate(_email_taken(row.email), detail=exc.detail) from exc
    await ctx.emit("AgentUpdated", _event_data(row))
    return row


async def create(ctx: Ctx, body: wire.CreateAgent) -> wire.Agent:
    return to_wire(await _create(ctx, body))


def _keeping_email(current: repo.AgentRow, body: wire.CreateAgent) -> wire.CreateAgent:
    """A replacement (PUT) without ``email`` keeps the agent's address: Dixa's
    ``UpdateAgentInput`` has no email field."""
    if body.email is not None:
        return body
    return msgspec.structs.replace(body, email=current.email)


async def replace(ctx: Ctx, agent_id: str, body: wire.CreateAgent) -> wire.Agent:
    current = await require(ctx, agent_id)
    return to_wire(await _save(ctx, current, _keeping_email(current, body)))


async def update(ctx: Ctx, agent_id: str, patch: wire.PatchAgent) -> wire.Agent:
    current = await require(ctx, agent_id)
    return to_wire(await _save(ctx, current, _merge(current, patch)))


async def delete(ctx: Ctx, agent_id: str) -> None:
    """The agent becomes an end user; its open conversations are unassigned first. The
    token's own user (the organisation's administrator) cannot be deleted."""
    if (await require(ctx, agent_id)).id == ctx.user_id:
        raise Invalid(CANNOT_DELETE_SELF)
    await release_agent(ctx, agent_id)
    await repo.downgrade(ctx.tx, ctx.org_id, agent_id, ctx.now)
    await ctx.emit("AgentDeleted", {"agent": {"id": agent_id}})


# --- bulk ---------------------------------------------------------------------------------


def _failure(
    message: str, item_id: str | None = None, exc: Exception | None = None
) -> BulkActionFailure:
    kind = "Validation"
    if isinstance(exc, NotFound):
        kind = "NotFound"
    elif isinstance(exc, Taken):
        kind = "Integrity"
    return BulkActionFailure(error=BulkError(message=message, id=item_id, kind=kind))


async def create_bulk(ctx: Ctx, items: list[dict[str, Any]]) -> list[wire.BulkItem]:
    """One result per item, in order; valid items are written, the others reported."""
    return await _bulk(ctx, items, _create_item, item_ids=False)


async def replace_bulk(ctx: Ctx, items: list[dict[str, Any]]) -> list[wire.BulkItem]:
    return await _bulk(ctx, items, _replace_item, item_ids=True)


async def update_bulk(ctx: Ctx, items: list[dict[str, Any]]) -> list[wire.BulkItem]:
    return await _bulk(ctx, items, _patch_item, item_ids=True)


async def _bulk(
    ctx: Ctx,
    items: list[dict[str, Any]],
    write: Callable[[Ctx, dict[str, Any]], Awaitable[repo.AgentRow]],
    *,
    item_ids: bool,
) -> list[wire.BulkItem]:
    """One result per item, in order: each item ``write`` accepts is written, the others
    reported (with the item's ``id`` when ``item_ids``). A duplicate spoils the
    transaction, so it fails the whole request."""
    results: list[wire.BulkItem] = []
    for item in items:
        raw_id = item.get("id") if item_ids and isinstance(item, dict) else None
        item_id = raw_id if isinstance(raw_id, str) else None
        try:
            row = await write(ctx, item)
        except msgspec.ValidationError as exc:
            results.append(_failure(f"Invalid value for: body, {exc}", item_id))
            continue
        except Duplicate:
            raise
        except ParleyError as exc:
            results.append(_failure(exc.message, item_id, exc))
            continue
        results.append(BulkActionSuccess(data=to_wire(row)))
    return results


async def _create_item(ctx: Ctx, item: dict[str, Any]) -> repo.AgentRow:
    return await _create(ctx, msgspec.convert(item, wire.CreateAgent))


async def _bulk_target(ctx: Ctx, raw_id: object) -> repo.AgentRow:
    if raw_id is None:
        raise invalid_body("id is required")
    if not isinstance(raw_id, str) or not is_uuid(raw_id):
        raise invalid_body("id is not a valid UUID")
    return await require(ctx, raw_id.lower())


async def _replace_item(ctx: Ctx, item: dict[str, Any]) -> repo.AgentRow:
    body = msgspec.convert(item, wire.ReplaceAgentItem)
    current = await _bulk_target(ctx, body.id)
    return await _save(ctx, current, _keeping_email(current, body))


async def _patch_item(ctx: Ctx, item: dict[str, Any]) -> repo.AgentRow:
    patch = msgspec.convert(item, wire.PatchAgentItem)
    current = await _bulk_target(ctx, patch.id)
    return await _save(ctx, current, _merge(current, patch))


# --- reads --------------------------------------------------------------------------------


async def get(ctx: Ctx, agent_id: str) -> wire.Agent:
    return to_wire(await require(ctx, agent_id))


class AgentFilters(msgspec.Struct, frozen=True):
    """The filters of ``GET /v1/agents`` (the repository's ``list_page`` keywords)."""

    email: str | None = None
    phone: str | None = None


async def list_agents(
    ctx: Ctx,
    *,
    email: str | None,
    phone: str | None,
    page_key: str | None,
    page_limit: int | None,
) -> Page[wire.Agent]:
    if email is not None and phone is not None:
        raise invalid_query("email", "email and phone cannot be combined")
    filters = AgentFilters(
        email=None if email is None else email.strip().lower(),
        phone=None if phone is None else phone.strip(),
    )
    default = ctx.settings.page_limit_default
    return await list_page(
        ctx, page_key, page_limit, repo.list_page, to_wire, filters=filters, default_limit=default
    )


async def teams(ctx: Ctx, agent_id: str) -> list[wire.AgentTeam]:
    await require(ctx, agent_id)
    return [
        wire.AgentTeam(id=t.id, name=t.name)
        for t in await repo.teams_of(ctx.tx, ctx.org_id, agent_id)
    ]
