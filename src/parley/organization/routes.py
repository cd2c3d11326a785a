"""The organisation: thin handlers (decode, call the service, encode)."""

from __future__ import annotations

from litestar.params import JSONBody

from parley.http.context import READ, WRITE, Context
from parley.http.declare import Routes
from parley.http.envelope import Data
from parley.organization import schemas as wire
from parley.organization import service

ORGANIZATION = Routes("Organization")


@ORGANIZATION.get("/organization", "Get organization details", READ)
async def get_organization(ctx: Context) -> Data[wire.Organization]:
    """The organisation of the API token: `{id, name, subdomain, status, avatarUrl?}`
    (`status` Active or Suspended)."""
    return Data(await service.get(ctx))


@ORGANIZATION.patch("/organization", "Edit the organization (Parley extension)", WRITE)
async def patch_organization(
    ctx: Context, data: JSONBody[wire.PatchOrganization]
) -> Data[wire.Organization]:
    """**Parley extension** (administrators): changes `name`, `subdomain` (1-63 lower-case
    letters, digits or inner hyphens) and `avatarUrl` (an http(s) URL; `null` removes it);
    fields left out keep their value. Answers the organisation as `GET` does. `400` with
    Dixa's `Invalid value for: body, …` text on a bad value or an unknown field."""
    return Data(await service.update(ctx, data))


ROUTES = [get_organization, patch_organization]
