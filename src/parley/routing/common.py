"""Shared checks of the routing use cases: the conversation, the acting agent."""

from __future__ import annotations

import uuid
from typing import Any

from parley.errors import Invalid, NotFound, ParleyError
from parley.routing import repository as repo
from parley.uow import Ctx

USER_NOT_FOUND = "User not found"
NOT_AGENT = "User is not agent/admin"


async def require_agent(ctx: Ctx, user_id: str, *, unknown_is_404: bool = False) -> repo.UserRow:
    """An agent (or admin) of the organisation: ``400 User not found`` for an unknown id
    (another organisation's included), ``400 User is not agent/admin`` for an end user.
    With ``unknown_is_404`` (claim, whose reference lists no ``User not found`` but a
    ``404``), an unknown id is ``404``."""
    missing: ParleyError = NotFound() if unknown_is_404 else Invalid(USER_NOT_FOUND)
    try:
        normalized = str(uuid.UUID(user_id))
    except ValueError:
        raise missing from None
    user = await repo.get_user(ctx.tx, ctx.org_id, normalized)
    if user is None:
        raise missing
    if user.kind != "Agent":
        raise Invalid(NOT_AGENT)
    return user


async def acting_user(ctx: Ctx, user_id: str | None) -> str:
    """The author of a change: the given agent, else the token's user."""
    if user_id is None:
        return ctx.acting_user_id
    return (await require_agent(ctx, user_id)).id


def user_ref(user: repo.UserRow) -> dict[str, Any]:
    """An ActivityLogUser attribute value."""
    out: dict[str, Any] = {"id": user.id}
    if user.name:
        out["name"] = user.name
    if user.email:
        out["email"] = user.email
    if user.phone_number:
        out["phoneNumber"] = user.phone_number
    return out


async def record_unassigned(ctx: Ctx, conversation_id: int, agent_id: str, author: str) -> str:
    """ConversationUnassigned for ``agent_id`` (a deleted agent is named by id alone); the
    entry's id."""
    prev = await repo.get_user(ctx.tx, ctx.org_id, agent_id)
    return await ctx.record(
        conversation_id,
        "ConversationUnassigned",
        author_id=author,
        attributes={"agent": user_ref(prev) if prev else {"id": agent_id}},
    )
