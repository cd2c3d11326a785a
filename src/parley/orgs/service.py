"""Organisations and tokens: used by the CLI and by the demo set-up."""

from __future__ import annotations

import re
from dataclasses import dataclass

from parley.errors import Invalid, NotFound
from parley.kit.clock import now_ms
from parley.kit.ids import new_id
from parley.kit.tokens import hash_token, new_token
from parley.orgs import repository as repo
from parley.store import Tx
from parley.uow import Ctx


@dataclass(frozen=True)
class CreatedOrg:
    id: str
    name: str
    api_token: str
    token_id: str
    admin_user_id: str
    default_queue_id: str


@dataclass(frozen=True)
class CreatedToken:
    id: str
    org_id: str
    api_token: str


def slug(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug or "org"


async def create_org(tx: Tx, name: str) -> CreatedOrg:
    name = name.strip()
    if not name:
        raise Invalid("An organisation needs a name")
    now = now_ms()
    org_id, queue_id, admin_id = new_id(), new_id(), new_id()
    await repo.insert_org(tx, org_id, name, now)
    await insert_starting_rows(tx, repo.OrgRow(org_id, name, queue_id, admin_id, now), now)
    await repo.set_org_defaults(tx, org_id, queue_id, admin_id)
    token = await issue_token(tx, org_id, admin_id, "default", now)
    return CreatedOrg(org_id, name, token.api_token, token.id, admin_id, queue_id)


async def insert_starting_rows(tx: Tx, org: repo.OrgRow, now: int) -> None:
    """The rows an organisation starts with, under the ids the organisation names: its
    default queue and its admin agent (who acts for its API tokens)."""
    assert org.default_queue_id is not None and org.admin_user_id is not None
    await repo.insert_default_queue(tx, org.id, org.default_queue_id, now)
    email = f"api+{org.id[:8]}@{slug(org.name)}.parley.email"
    await repo.insert_admin_agent(tx, org.id, org.admin_user_id, f"{org.name} API", email, now)


async def issue_token(
    tx: Tx, org_id: str, user_id: str, name: str | None, now: int
) -> CreatedToken:
    token = new_token()
    token_id = new_id()
    await repo.insert_token(tx, org_id, token_id, hash_token(token), user_id, name, now)
    return CreatedToken(token_id, org_id, token)


async def create_token(ctx: Ctx, name: str | None = None) -> CreatedToken:
    """A new API token of the organisation's admin user."""
    org = await repo.get_org(ctx.tx, ctx.org_id)
    if org is None or org.admin_user_id is None:
        raise NotFound(f"No organisation with id {ctx.org_id}")
    return await issue_token(ctx.tx, ctx.org_id, org.admin_user_id, name, ctx.now)


async def revoke_token(tx: Tx, token_id: str) -> None:
    if await repo.revoke_token(tx, token_id, now_ms()) == 0:
        raise NotFound(f"No active token with id {token_id}")
