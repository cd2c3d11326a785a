"""The organisation as Dixa describes it: id, name, subdomain, status and avatar.

An organisation without a stored profile answers the defaults: the subdomain derived from
its name, ``Active``, no avatar. Administrators (every API token acts as one) edit the
name, subdomain and avatar through the Parley extension; a change that changes nothing
writes nothing, any other writes the profile and an ``OrganizationUpdated`` event.
"""

from __future__ import annotations

import re

import msgspec

from parley.errors import NotFound, invalid_body
from parley.journal.service import emit
from parley.organization import repository as repo
from parley.organization import schemas as wire
from parley.orgs import repository as orgs
from parley.orgs.service import slug
from parley.uow import Ctx

_SUBDOMAIN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
_URL = re.compile(r"^https?://\S+$")


async def _current(ctx: Ctx) -> tuple[str, repo.ProfileRow]:
    org = await orgs.get_org(ctx.tx, ctx.org_id)
    if org is None:
        raise NotFound()
    profile = await repo.get(ctx.tx, ctx.org_id)
    return org.name, profile or repo.ProfileRow(slug(org.name)[:63].strip("-"), "Active", None)


def _wire(org_id: str, name: str, profile: repo.ProfileRow) -> wire.Organization:
    return wire.Organization(
        id=org_id,
        name=name,
        subdomain=profile.subdomain,
        status=profile.status,  # type: ignore[arg-type]
        avatarUrl=profile.avatar_url,
    )


async def get(ctx: Ctx) -> wire.Organization:
    name, profile = await _current(ctx)
    return _wire(ctx.org_id, name, profile)


def _checked(body: wire.PatchOrganization) -> tuple[str | None, str | None]:
    name = subdomain = None
    if body.name is not msgspec.UNSET:
        name = body.name.strip()
        if not name:
            raise invalid_body("name must not be empty")
    if body.subdomain is not msgspec.UNSET:
        subdomain = body.subdomain.strip().lower()
        if not _SUBDOMAIN.match(subdomain):
            raise invalid_body("subdomain must be 1-63 letters, digits or inner hyphens")
    if isinstance(body.avatarUrl, str) and not _URL.match(body.avatarUrl):
        raise invalid_body("avatarUrl must be an http(s) URL")
    return name, subdomain


async def update(ctx: Ctx, body: wire.PatchOrganization) -> wire.Organization:
    name, subdomain = _checked(body)
    old_name, old = await _current(ctx)
    new = repo.ProfileRow(
        subdomain if subdomain is not None else old.subdomain,
        old.status,
        old.avatar_url if body.avatarUrl is msgspec.UNSET else body.avatarUrl,
    )
    new_name = name if name is not None else old_name
    changed: dict[str, object] = {}
    if new_name != old_name:
        await orgs.rename_org(ctx.tx, ctx.org_id, new_name)
        changed["name"] = new_name
    if new != old:
        await repo.upsert(ctx.tx, ctx.org_id, new, now=ctx.now, by=ctx.acting_user_id)
        changed.update(subdomain=new.subdomain, avatarUrl=new.avatar_url)
    if changed:
        data = {"organization": {"id": ctx.org_id, **changed}, "updatedBy": ctx.acting_user_id}
        await emit(ctx.tx, ctx.org_id, "OrganizationUpdated", data, at=ctx.now)
    return _wire(ctx.org_id, new_name, new)
